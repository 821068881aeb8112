//! The owner's sessions: logout (revokes the presenting session), the store's sessions, and
//! revoking any of them. Sessions are looked up on every request, so a revocation applies to
//! the next request on every server process.

use axum::Json;
use axum::extract::{Path, State};
use laris_protocol::v1::ErrorCode;
use uuid::Uuid;

use super::auth::OwnerAuth;
use crate::error::{Result, ServerError};
use crate::state::AppState;
use crate::storage::SessionInfo;
use laris_protocol::v1::api::OwnerSessionInfo;

fn info(s: SessionInfo, auth: &OwnerAuth) -> OwnerSessionInfo {
    OwnerSessionInfo {
        current: s.session_id == auth.session_id,
        session_id: s.session_id,
        created_at_ms: s.created_at_ms,
        expires_at_ms: s.expires_at_ms,
        revoked_at_ms: s.revoked_at_ms,
    }
}

async fn revoke_one(state: &AppState, auth: &OwnerAuth, session: Uuid) -> Result<OwnerSessionInfo> {
    let revoked = state
        .storage
        .revoke_owner_session(auth.store_id, session, state.now_ms())
        .await?
        .ok_or_else(|| ServerError::NotFound("no such session in this store".into()))?;
    tracing::info!(store = %auth.store_id, session = %session, "owner session revoked");
    Ok(info(revoked, auth))
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    auth: OwnerAuth,
) -> Result<Json<OwnerSessionInfo>> {
    Ok(Json(revoke_one(&state, &auth, auth.session_id).await?))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    auth: OwnerAuth,
) -> Result<Json<Vec<OwnerSessionInfo>>> {
    let sessions = state.storage.owner_sessions(auth.store_id).await?;
    Ok(Json(sessions.into_iter().map(|s| info(s, &auth)).collect()))
}

pub(crate) async fn revoke(
    State(state): State<AppState>,
    auth: OwnerAuth,
    Path(raw): Path<String>,
) -> Result<Json<OwnerSessionInfo>> {
    let session = Uuid::try_parse(&raw)
        .map_err(|_| ServerError::bad_request(ErrorCode::InvalidField, "session_id: not a UUID"))?;
    Ok(Json(revoke_one(&state, &auth, session).await?))
}
