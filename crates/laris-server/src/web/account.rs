//! The back office's account endpoints: the sign-up policy, sign-up (a new account with its
//! first shop), login and logout, the signed-in owner, sessions, and another shop (outlet).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::USER_AGENT;
use axum::http::{HeaderName, HeaderValue};
use laris_protocol::v1::ErrorCode;
use uuid::Uuid;

use super::session::{WebAuth, check_same_site, secure, set_cookie};
use super::wire::{
    LoginInput, MeView, NewStoreInput, SignupInput, StoreView, WebConfigView, WebSessionView,
};
use crate::admin::{self, NewOwner};
use crate::error::{Result, ServerError};
use crate::routes::body::JsonBody;
use crate::secret::{issue_web_token, random_uuid};
use crate::source::Source;
use crate::state::AppState;
use crate::storage::web::{NewWebSession, WebSessionInfo};

/// The longest user agent kept with a session.
const MAX_USER_AGENT_CHARS: usize = 200;

type WithCookie<T> = ([(HeaderName, HeaderValue); 1], Json<T>);

/// A request's facts the session cookie depends on, taken before the body.
pub(crate) struct CookieContext {
    user_agent: Option<String>,
    secure: bool,
}

impl axum::extract::FromRequestParts<AppState> for CookieContext {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self> {
        // Sign-up and login have no session yet: the site check is their CSRF defence.
        check_same_site(parts)?;
        let peer_trusted = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .is_some_and(|c| state.config.http.trusted_proxies.contains(&c.0.ip()));
        Ok(CookieContext {
            user_agent: parts
                .headers
                .get(USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|ua| ua.chars().take(MAX_USER_AGENT_CHARS).collect()),
            secure: secure(&parts.headers, peer_trusted, state),
        })
    }
}

pub(crate) async fn config(State(state): State<AppState>) -> Json<WebConfigView> {
    Json(WebConfigView {
        signup: state.config.web.signup,
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

fn store_views(stores: Vec<crate::storage::web::OwnedStore>) -> Vec<StoreView> {
    stores
        .into_iter()
        .map(|s| StoreView {
            store_id: s.store_id,
            name: s.name,
            created_at_ms: s.created_at_ms,
        })
        .collect()
}

async fn me_view(
    state: &AppState,
    email: String,
    csrf: String,
    expires_at_ms: i64,
) -> Result<MeView> {
    let stores = store_views(state.storage.owned_stores(email.clone()).await?);
    Ok(MeView {
        email,
        csrf_token: csrf,
        stores,
        expires_at_ms,
    })
}

async fn start(state: &AppState, email: String, ctx: CookieContext) -> Result<WithCookie<MeView>> {
    let now = state.now_ms();
    let session_id = random_uuid();
    let (value, token_hash, csrf) = issue_web_token(session_id);
    let ttl = state.config.owner_session_ttl_ms;
    let expires_at_ms = now.saturating_add(ttl);
    state
        .storage
        .add_web_session(NewWebSession {
            session_id,
            email: email.clone(),
            token_hash,
            user_agent: ctx.user_agent,
            now_ms: now,
            expires_at_ms,
        })
        .await?;
    let me = me_view(state, email, csrf, expires_at_ms).await?;
    tracing::info!("owner signed in to the back office");
    Ok(([set_cookie(&value, ttl / 1_000, ctx.secure)], Json(me)))
}

pub(crate) async fn signup(
    State(state): State<AppState>,
    source: Source,
    ctx: CookieContext,
    JsonBody(req): JsonBody<SignupInput>,
) -> Result<WithCookie<MeView>> {
    let email = admin::check_email(&req.email)?;
    let invite = super::signup_invite(&state, req.invite.as_deref())?;
    // Sign-ups spend a password hash each: they share the login limits of the address.
    let attempt = state.guards.login(source, &email, state.now_ms())?;
    let owner = NewOwner::Account {
        password: &req.password,
        invite,
    };
    let made = admin::create_store_for(
        state.storage.as_ref(),
        &req.shop_name,
        &email,
        owner,
        state.now_ms(),
    )
    .await;
    if made.is_ok() {
        attempt.refund(state.now_ms());
    }
    made?;
    start(&state, email, ctx).await
}

pub(crate) async fn login(
    State(state): State<AppState>,
    source: Source,
    ctx: CookieContext,
    JsonBody(req): JsonBody<LoginInput>,
) -> Result<WithCookie<MeView>> {
    let account = crate::login::check(&state, source, &req.email, req.password).await?;
    start(&state, account.email, ctx).await
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    auth: WebAuth,
    ctx: CookieContext,
) -> Result<WithCookie<WebSessionView>> {
    let ended = revoke_one(&state, &auth, auth.session_id).await?;
    Ok(([set_cookie("", 0, ctx.secure)], Json(ended)))
}

pub(crate) async fn me(State(state): State<AppState>, auth: WebAuth) -> Result<Json<MeView>> {
    let expires = state
        .storage
        .web_session(auth.session_id)
        .await?
        .map_or(0, |s| s.expires_at_ms);
    Ok(Json(me_view(&state, auth.email, auth.csrf, expires).await?))
}

fn session_view(s: WebSessionInfo, auth: &WebAuth) -> WebSessionView {
    WebSessionView {
        current: s.session_id == auth.session_id,
        session_id: s.session_id,
        created_at_ms: s.created_at_ms,
        expires_at_ms: s.expires_at_ms,
        revoked_at_ms: s.revoked_at_ms,
        user_agent: s.user_agent,
    }
}

async fn revoke_one(state: &AppState, auth: &WebAuth, session: Uuid) -> Result<WebSessionView> {
    let revoked = state
        .storage
        .revoke_web_session(auth.email.clone(), session, state.now_ms())
        .await?
        .ok_or_else(|| ServerError::NotFound("no such session of this account".into()))?;
    Ok(session_view(revoked, auth))
}

pub(crate) async fn sessions(
    State(state): State<AppState>,
    auth: WebAuth,
) -> Result<Json<Vec<WebSessionView>>> {
    let rows = state.storage.web_sessions(auth.email.clone()).await?;
    Ok(Json(
        rows.into_iter().map(|s| session_view(s, &auth)).collect(),
    ))
}

pub(crate) async fn revoke_session(
    State(state): State<AppState>,
    auth: WebAuth,
    Path(raw): Path<String>,
) -> Result<Json<WebSessionView>> {
    let session = Uuid::try_parse(&raw)
        .map_err(|_| ServerError::bad_request(ErrorCode::InvalidField, "session_id: not a UUID"))?;
    Ok(Json(revoke_one(&state, &auth, session).await?))
}

pub(crate) async fn add_store(
    State(state): State<AppState>,
    auth: WebAuth,
    JsonBody(req): JsonBody<NewStoreInput>,
) -> Result<Json<StoreView>> {
    let store_id = admin::create_store_for(
        state.storage.as_ref(),
        &req.name,
        &auth.email,
        NewOwner::Existing,
        state.now_ms(),
    )
    .await?;
    let stores = state.storage.owned_stores(auth.email).await?;
    store_views(stores)
        .into_iter()
        .find(|s| s.store_id == store_id)
        .map(Json)
        .ok_or_else(|| ServerError::Internal("a new store is not listed".into()))
}
