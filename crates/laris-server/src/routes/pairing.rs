//! Pairing: a device trades a single-use code, and a key of its own, for its credential (see
//! `pairing_rules` for what may pair and what is refused).

use axum::Json;
use axum::extract::State;
use laris_protocol::v1::ErrorCode;
use laris_protocol::v1::api::{PairReply, PairRequest};

use super::body::JsonBody;
use crate::error::{Result, ServerError};
use crate::pairing_rules::PairRefusal;
use crate::secret::{DEVICE_TOKEN, format_token, pairing_code_hash, sha256, unhex32};
use crate::state::AppState;
use crate::storage::{NewDevice, PairOutcome};

const MAX_DEVICE_NAME_CHARS: usize = 100;
const MAX_DEVICE_CODE_CHARS: usize = 16;

fn check_text(field: &'static str, value: &str, max: usize) -> Result<()> {
    let n = value.trim().chars().count();
    if n == 0 || n > max || value.chars().any(char::is_control) {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            format!("{field}: 1 to {max} printable characters"),
        ));
    }
    Ok(())
}

pub(crate) async fn pair(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<PairRequest>,
) -> Result<Json<PairReply>> {
    check_text("device_name", &req.device_name, MAX_DEVICE_NAME_CHARS)?;
    check_text("device_code", &req.device_code, MAX_DEVICE_CODE_CHARS)?;
    if req.device_id.is_nil() {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            "device_id: must not be the nil id",
        ));
    }
    let secret = unhex32(req.device_key.trim()).ok_or_else(|| {
        ServerError::bad_request(
            ErrorCode::InvalidField,
            "device_key: 64 hex digits (32 random bytes)",
        )
    })?;
    let credential_hash = sha256(&secret);
    let outcome = state
        .storage
        .pair_device(NewDevice {
            code_hash: pairing_code_hash(&req.code),
            device_id: req.device_id,
            name: req.device_name.trim().to_string(),
            code: req.device_code.trim().to_string(),
            credential_hash,
            now_ms: state.now_ms(),
        })
        .await?;
    match outcome {
        PairOutcome::Paired {
            store_id,
            store_name,
        } => {
            tracing::info!(store = %store_id, device = %req.device_id, "device paired");
            Ok(Json(PairReply {
                store_id,
                store_name,
                device_id: req.device_id,
                credential: format_token(DEVICE_TOKEN, store_id, req.device_id, &secret),
            }))
        }
        PairOutcome::Refused(PairRefusal::InvalidCode) => Err(ServerError::unauthorized(
            ErrorCode::InvalidPairingCode,
            "the pairing code is unknown, already used or expired: ask the owner for a new one",
        )),
        PairOutcome::Refused(PairRefusal::DeviceRevoked) => Err(ServerError::forbidden(
            ErrorCode::DeviceRevoked,
            "this device was revoked in that store; the owner can re-enrol it with a code made \
             for it",
        )),
        PairOutcome::Refused(PairRefusal::DeviceExists) => Err(ServerError::Conflict {
            code: ErrorCode::DeviceExists,
            message: "this device is already paired with the store under another key; the \
                      owner can re-enrol it with a code made for it"
                .into(),
        }),
        PairOutcome::DeviceCodeTaken { code, suggestion } => Err(ServerError::Conflict {
            code: ErrorCode::DeviceCodeTaken,
            message: format!(
                "receipt prefix {code:?} is already used by another till of this store: \
                 choose another one, e.g. {suggestion:?}"
            ),
        }),
    }
}
