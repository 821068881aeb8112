//! Pairing: a device trades a single-use code for its own credential.

use axum::Json;
use axum::extract::State;
use laris_protocol::v1::api::{PairReply, PairRequest};

use super::body::JsonBody;
use crate::error::{Result, ServerError};
use crate::secret::{DEVICE_TOKEN, format_token, new_secret, pairing_code_hash};
use crate::state::AppState;
use crate::storage::{NewDevice, PairOutcome};

const MAX_DEVICE_NAME_CHARS: usize = 100;
const MAX_DEVICE_CODE_CHARS: usize = 16;

fn check_text(field: &'static str, value: &str, max: usize) -> Result<()> {
    let n = value.trim().chars().count();
    if n == 0 || n > max || value.chars().any(char::is_control) {
        return Err(ServerError::bad_request(
            "invalid_field",
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
            "invalid_field",
            "device_id: must not be the nil id",
        ));
    }
    let (secret, credential_hash) = new_secret();
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
        PairOutcome::InvalidCode => Err(ServerError::unauthorized(
            "invalid_pairing_code",
            "the pairing code is unknown, already used or expired: ask the owner for a new one",
        )),
        PairOutcome::DeviceRevoked => Err(ServerError::forbidden(
            "device_revoked",
            "this device was revoked in that store",
        )),
    }
}
