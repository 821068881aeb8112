//! The owner's back office on the web: a single-page app (built from `ui/`, embedded at build
//! time, see [`assets`]) at `/`, and the JSON API it calls under `/v1/web`, signed in by a
//! session cookie (HttpOnly, SameSite=Strict) with a CSRF token on every state change
//! ([`session`]).
//!
//! - [`paths`] and [`wire`]: the contract, generated into TypeScript by [`bindings`].
//! - An owner *account* (email + argon2 password) holds one or more shops; every store-scoped
//!   path names its store and is refused unless the session's account owns it
//!   ([`shop::Shop`]).
//! - [`dashboard`] and [`product_edit`] are pure: the figures of a period, and the stamping
//!   of an edit made here so that it merges with the tills' by last-writer-wins.

mod account;
pub mod assets;
pub mod bindings;
mod books;
mod catalog;
pub mod catalog_csv;
pub mod dashboard;
pub mod export;
pub mod paths;
pub mod product_edit;
mod session;
mod shop;
mod storefront;
pub mod storefront_page;
pub mod wire;

use axum::Router;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::ServerError;
use crate::state::AppState;

/// Sales one page of the back office's sales list holds.
pub const SALES_PAGE_SIZE: usize = 50;

/// The back office's API routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::CONFIG, get(account::config))
        .route(paths::SIGNUP, post(account::signup))
        .route(paths::LOGIN, post(account::login))
        .route(paths::LOGOUT, post(account::logout))
        .route(paths::ME, get(account::me))
        .route(paths::SESSIONS, get(account::sessions))
        .route(paths::SESSION_REVOKE, post(account::revoke_session))
        .route(paths::STORES, post(account::add_store))
        .route(paths::DASHBOARD, get(shop::dashboard))
        .route(paths::DEVICES, get(shop::devices))
        .route(paths::DEVICE_RENAME, post(shop::rename_device))
        .route(paths::DEVICE_REVOKE, post(shop::revoke_device))
        .route(paths::PAIRING_CODES, post(shop::pairing_code))
        .route(paths::PRODUCTS, get(catalog::list).post(catalog::create))
        .route(paths::PRODUCTS_IMPORT, post(catalog::import))
        .route(paths::PRODUCT, post(catalog::edit))
        .route(paths::SALES, get(shop::sales))
        .route(paths::SALE, get(shop::sale))
        .route(paths::STOCK, get(shop::stock))
        .route(paths::BOOKS, get(books::books))
        .route(paths::RETURNS, get(books::returns))
        .route(paths::AUDIT, get(books::audit))
        .route(paths::MOVEMENTS, get(books::movements))
        .route(paths::EXPORT, get(export::export))
        .route(
            paths::STOREFRONT,
            get(storefront::settings).post(storefront::save),
        )
        .route(paths::SHOP_PAGE, get(storefront::page))
        .route(paths::SHOP_ORDER, post(storefront::order))
}

/// The invite a sign-up uses under the server's policy: none when sign-up is open; the
/// token given when it needs one, else refused.
pub(crate) fn signup_invite<'a>(
    state: &AppState,
    token: Option<&'a str>,
) -> Result<Option<&'a str>, ServerError> {
    match (state.config.web.signup, token) {
        (wire::SignupMode::Open, _) => Ok(None),
        (wire::SignupMode::Invite, Some(t)) if !t.trim().is_empty() => Ok(Some(t)),
        (wire::SignupMode::Invite, _) => Err(ServerError::forbidden(
            laris_protocol::v1::ErrorCode::SignupClosed,
            "sign-up on this server needs a sign-up link from its operator",
        )),
    }
}

/// What no route matched: the app's page or file for a browser's GET outside the APIs, a
/// JSON 404 otherwise.
pub async fn fallback(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    let api = path.starts_with("/v1/") || path == "/v1" || path == "/healthz";
    if method == Method::GET && !api {
        if let Some(file) = assets::file(path, &headers) {
            return file;
        }
        let last = path.rsplit('/').next().unwrap_or("");
        if !last.contains('.') {
            return assets::page(&headers);
        }
    }
    ServerError::NotFound("no such endpoint".into()).into_response()
}
