//! The owner's endpoints: login, pairing codes, devices (list, revoke, proof), sales summary
//! (sessions and logout are in `sessions`). Every one is scoped to the session's store:
//! another store's device is simply not found.
//!
//! A login is rate limited (`guard`) before anything else; a locked account is refused
//! without checking the password; the password is checked on the bounded pool (`hashing`);
//! a failure is counted in the database, where the lock-out lives for every process.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use laris_protocol::v1::ErrorCode;
use laris_protocol::v1::api::{DeviceSummary, OwnerLogin, OwnerSession, PairingCode, ProofV1};
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

/// Checked against when the email is unknown, so both failures take as long: the argon2id
/// hash (default parameters, as every owner's) of a password nobody has.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$ZLiaZpGrWVLeH53wPqKq7A$E2V/FQHoowCbXAHx6U8HTGty/n+gWV4iLtBQXQSG4NM";

fn account_locked(until_ms: i64, now_ms: i64) -> ServerError {
    let wait_ms = until_ms - now_ms;
    ServerError::too_many(
        ErrorCode::AccountLocked,
        format!(
            "too many failed logins: this account is locked for {} s more",
            (wait_ms.max(1) + 999) / 1_000
        ),
        wait_ms,
    )
}

pub(crate) async fn login(
    State(state): State<AppState>,
    source: Source,
    JsonBody(req): JsonBody<OwnerLogin>,
) -> Result<Json<OwnerSession>> {
    let email = admin::normalize_email(&req.email);
    let now = state.now_ms();
    let attempt = state.guards.login(source, &email, now)?;
    let owner = state.storage.owner_by_email(email.clone()).await?;
    if let Some(o) = owner.as_ref().filter(|o| o.locked_until_ms > now) {
        return Err(account_locked(o.locked_until_ms, now));
    }
    let stored = owner
        .as_ref()
        .map_or(DUMMY_HASH, |o| o.password_hash.as_str())
        .to_string();
    let matches = match state.passwords.verify(req.password, stored).await {
        Ok(m) => m,
        Err(e) => {
            // Not tried: the attempt is not held against anyone.
            attempt.refund(state.now_ms());
            return Err(e);
        }
    };
    let Some(owner) = owner else {
        return Err(invalid_login());
    };
    if !matches {
        let failure = state
            .storage
            .record_login_failure(
                owner.store_id,
                email,
                state.now_ms(),
                state.config.guard.lockout,
            )
            .await?;
        if failure.locked_until_ms > 0 {
            tracing::warn!(store = %owner.store_id, failures = failure.failures, "owner account locked");
        }
        return Err(invalid_login());
    }
    attempt.refund(state.now_ms());
    start_session(&state, &owner, email).await
}

fn invalid_login() -> ServerError {
    ServerError::unauthorized(ErrorCode::InvalidLogin, "wrong email or password")
}

async fn start_session(
    state: &AppState,
    owner: &OwnerRow,
    email: String,
) -> Result<Json<OwnerSession>> {
    if owner.failed_logins > 0 {
        state
            .storage
            .reset_login_failures(owner.store_id, email)
            .await?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The dummy costs what a real check costs: argon2id with today's default parameters.
    #[test]
    fn the_dummy_hash_has_the_default_parameters() {
        let parsed = argon2::PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(parsed.algorithm, argon2::Algorithm::Argon2id.ident());
        let params = argon2::Params::try_from(&parsed).unwrap();
        let default = argon2::Params::default();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (default.m_cost(), default.t_cost(), default.p_cost())
        );
        assert!(crate::secret::verify_password(
            "laris-no-such-owner",
            DUMMY_HASH
        ));
    }
}
