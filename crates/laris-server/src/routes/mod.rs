//! The router: every path of `laris_protocol::v1::api`, a JSON 404 and 405 for the rest, the body size limit, the rate limit of
//! pairing, and one log line per request (method, route, status, time; never headers, bodies
//! or query strings, where credentials and codes travel).

mod auth;
pub(crate) mod body;
mod owner;
mod pairing;
mod sessions;
mod sync;

use std::time::Instant;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use laris_protocol::v1::api;

use crate::error::ServerError;
use crate::guard;
use crate::state::AppState;

/// The whole HTTP API over `state`.
pub fn app(state: AppState) -> Router {
    let body_limit = state.config.max_body_bytes();
    Router::new()
        .route(api::HEALTHZ, get(healthz))
        .route(api::OPENAPI, get(openapi))
        .route(
            api::PAIR,
            post(pairing::pair).layer(middleware::from_fn_with_state(
                state.clone(),
                guard::pairing,
            )),
        )
        .route(api::HANDSHAKE, post(sync::handshake))
        .route(api::PUSH, post(sync::push))
        .route(api::PULL, post(sync::pull))
        .route(api::PROOF, get(sync::proof))
        .route(api::RECOVER, post(sync::recover))
        .route(api::OWNER_LOGIN, post(owner::login))
        .route(api::SIGNUP, post(owner::signup))
        .route(api::OWNER_PAIRING_CODES, post(owner::pairing_code))
        .route(api::OWNER_DEVICES, get(owner::devices))
        .route(api::OWNER_DEVICE_REVOKE, post(owner::revoke))
        .route(api::OWNER_DEVICE_PAIRING_CODE, post(owner::reenrol_code))
        .route(api::OWNER_SUMMARY, get(owner::summary))
        .route(api::OWNER_DEVICE_PROOF, get(owner::device_proof))
        .route(api::OWNER_LOGOUT, post(sessions::logout))
        .route(api::OWNER_SESSIONS, get(sessions::list))
        .route(api::OWNER_SESSION_REVOKE, post(sessions::revoke))
        .merge(crate::web::router())
        .fallback(crate::web::fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

async fn openapi() -> Json<serde_json::Value> {
    Json(crate::openapi::document())
}

async fn method_not_allowed() -> ServerError {
    ServerError::MethodNotAllowed
}

async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(unmatched)".to_string(), |p| p.as_str().to_string());
    let response = next.run(req).await.into_response();
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(%method, route, status, ms = format_args!("{ms:.1}"), "request");
    response
}
