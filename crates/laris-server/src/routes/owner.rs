//! The owner's endpoints: login, pairing codes, devices (list, revoke, proof), sales summary
//! (sessions and logout are in `sessions`). Every one is scoped to the session's store:
//! another store's device is simply not found.
//!
//! A login is checked by `login`, shared with the back office.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use laris_protocol::v1::ErrorCode;
use laris_protocol::v1::api::{
    DeviceSummary, OwnerLogin, OwnerSession, PairingCode, ProofV1, SignupReply, SignupRequest,
};
use uuid::Uuid;

use super::auth::OwnerAuth;
use super::body::JsonBody;
use crate::admin;
use crate::error::{Result, ServerError};
use crate::secret::{OWNER_TOKEN, issue_token, random_uuid};
use crate::source::Source;
use crate::state::AppState;
use crate::storage::{NewSession, OwnerRow};
use crate::summary::{self, OwnerSummary, SummaryParams};

pub(crate) async fn login(
    State(state): State<AppState>,
    source: Source,
    JsonBody(req): JsonBody<OwnerLogin>,
) -> Result<Json<OwnerSession>> {
    let account = crate::login::check(&state, source, &req.email, req.password).await?;
    let owner = state
        .storage
        .owner_by_email(account.email.clone())
        .await?
        .ok_or_else(|| {
            ServerError::unauthorized(ErrorCode::InvalidLogin, "this account has no shop")
        })?;
    start_session(&state, &owner).await
}

async fn start_session(state: &AppState, owner: &OwnerRow) -> Result<Json<OwnerSession>> {
    let now = state.now_ms();
    let session_id = random_uuid();
    let token = issue_token(OWNER_TOKEN, owner.store_id, session_id);
    let expires_at_ms = now.saturating_add(state.config.owner_session_ttl_ms);
    state
        .storage
        .add_owner_session(NewSession {
            store_id: owner.store_id,
            session_id,
            token_hash: token.hash,
            now_ms: now,
            expires_at_ms,
        })
        .await?;
    tracing::info!(store = %owner.store_id, "owner logged in");
    Ok(Json(OwnerSession {
        store_id: owner.store_id,
        token: token.token,
        expires_at_ms,
    }))
}

pub(crate) async fn pairing_code(
    State(state): State<AppState>,
    auth: OwnerAuth,
) -> Result<Json<PairingCode>> {
    let code = admin::new_pairing_code(
        state.storage.as_ref(),
        auth.store_id,
        state.now_ms(),
        state.config.pairing_code_ttl_ms,
    )
    .await?;
    Ok(Json(code))
}

pub(crate) async fn devices(
    State(state): State<AppState>,
    auth: OwnerAuth,
) -> Result<Json<Vec<DeviceSummary>>> {
    Ok(Json(state.storage.devices(auth.store_id).await?))
}

fn device_id(raw: &str) -> Result<Uuid> {
    Uuid::try_parse(raw)
        .map_err(|_| ServerError::bad_request(ErrorCode::InvalidField, "device_id: not a UUID"))
}

pub(crate) async fn revoke(
    State(state): State<AppState>,
    auth: OwnerAuth,
    Path(raw): Path<String>,
) -> Result<Json<DeviceSummary>> {
    let device = device_id(&raw)?;
    let revoked = state
        .storage
        .revoke_device(auth.store_id, device, state.now_ms())
        .await?
        .ok_or_else(|| ServerError::NotFound("no such device in this store".into()))?;
    tracing::info!(store = %auth.store_id, device = %device, "device revoked");
    Ok(Json(revoked))
}

pub(crate) async fn reenrol_code(
    State(state): State<AppState>,
    auth: OwnerAuth,
    Path(raw): Path<String>,
) -> Result<Json<PairingCode>> {
    let device = device_id(&raw)?;
    let code = admin::reenrol_code(
        state.storage.as_ref(),
        auth.store_id,
        device,
        state.now_ms(),
        state.config.pairing_code_ttl_ms,
    )
    .await?;
    tracing::info!(store = %auth.store_id, device = %device, "re-enrolment code made");
    Ok(Json(code))
}

pub(crate) async fn device_proof(
    State(state): State<AppState>,
    auth: OwnerAuth,
    Path(raw): Path<String>,
) -> Result<Json<ProofV1>> {
    let device = device_id(&raw)?;
    state
        .storage
        .proof(auth.store_id, device)
        .await?
        .map(Json)
        .ok_or_else(|| ServerError::NotFound("no such device in this store".into()))
}

pub(crate) async fn summary(
    State(state): State<AppState>,
    auth: OwnerAuth,
    uri: Uri,
) -> Result<Json<OwnerSummary>> {
    let Query(params) = Query::<SummaryParams>::try_from_uri(&uri)
        .map_err(|e| ServerError::bad_request(ErrorCode::InvalidQuery, e.body_text()))?;
    let days = summary::Days::from_params(&params, state.now_ms())?;
    let rows = state.storage.summary(auth.store_id, days.range()).await?;
    let over_refunds = state
        .storage
        .over_refunds(auth.store_id, days.range())
        .await?;
    let books = crate::books::books(&state.storage.books(auth.store_id).await?);
    Ok(Json(days.summary(rows, over_refunds, books)))
}

/// A till's "Daftar toko": the account and its shop, and a pairing code for the till.
pub(crate) async fn signup(
    State(state): State<AppState>,
    source: Source,
    JsonBody(req): JsonBody<SignupRequest>,
) -> Result<Json<SignupReply>> {
    let email = admin::check_email(&req.email)?;
    let invite = crate::web::signup_invite(&state, req.invite.as_deref())?;
    let attempt = state.guards.login(source, &email, state.now_ms())?;
    let owner = admin::NewOwner::Account {
        password: &req.password,
        invite,
    };
    let store_id = admin::create_store_for(
        state.storage.as_ref(),
        &req.store_name,
        &email,
        owner,
        state.now_ms(),
    )
    .await?;
    attempt.refund(state.now_ms());
    let pairing = admin::new_pairing_code(
        state.storage.as_ref(),
        store_id,
        state.now_ms(),
        state.config.pairing_code_ttl_ms,
    )
    .await?;
    let store_name = state
        .storage
        .store(store_id)
        .await?
        .map(|s| s.name)
        .unwrap_or_default();
    tracing::info!(store = %store_id, "shop signed up from a till");
    Ok(Json(SignupReply {
        store_id,
        store_name,
        pairing,
    }))
}
