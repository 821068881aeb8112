//! Who is calling: a device by its credential, an owner by a session token. Both are
//! `Authorization: Bearer` tokens that name their row by its store-first key; the secret's
//! SHA-256 is compared in constant time. Nothing is cached: a revocation applies to the very
//! next request, on every server process.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use laris_protocol::v1::ErrorCode;
use uuid::Uuid;

use crate::error::{Result, ServerError};
use crate::secret::{DEVICE_TOKEN, OWNER_TOKEN, parse_token, same_hash};
use crate::state::AppState;

fn bearer(parts: &Parts) -> Result<&str> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .ok_or_else(|| {
            ServerError::unauthorized(
                ErrorCode::MissingCredential,
                "send Authorization: Bearer <token>",
            )
        })
}

/// A paired, unrevoked device.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DeviceAuth {
    pub store_id: Uuid,
    pub device_id: Uuid,
}

impl FromRequestParts<AppState> for DeviceAuth {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let invalid =
            || ServerError::unauthorized(ErrorCode::InvalidCredential, "unknown device credential");
        let token = parse_token(DEVICE_TOKEN, bearer(parts)?).ok_or_else(invalid)?;
        let row = state
            .storage
            .device_credential(token.store_id, token.id)
            .await?
            .ok_or_else(invalid)?;
        if !same_hash(&row.credential_hash, &token.secret_hash) {
            return Err(invalid());
        }
        if row.revoked {
            return Err(ServerError::forbidden(
                ErrorCode::DeviceRevoked,
                "this device was revoked by the owner; pair it again with a new code",
            ));
        }
        Ok(DeviceAuth {
            store_id: token.store_id,
            device_id: token.id,
        })
    }
}

/// A store's owner with an unexpired, unrevoked session.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OwnerAuth {
    pub store_id: Uuid,
    pub session_id: Uuid,
}

impl FromRequestParts<AppState> for OwnerAuth {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let invalid =
            || ServerError::unauthorized(ErrorCode::InvalidSession, "unknown or expired session");
        let token = parse_token(OWNER_TOKEN, bearer(parts)?).ok_or_else(invalid)?;
        let row = state
            .storage
            .owner_session(token.store_id, token.id)
            .await?
            .ok_or_else(invalid)?;
        if !same_hash(&row.token_hash, &token.secret_hash) || row.expires_at_ms <= state.now_ms() {
            return Err(invalid());
        }
        if row.revoked {
            return Err(ServerError::unauthorized(
                ErrorCode::InvalidSession,
                "this session was revoked (logged out): log in again",
            ));
        }
        Ok(OwnerAuth {
            store_id: token.store_id,
            session_id: token.id,
        })
    }
}
