//! Operations of the store's owner or the server's operator, shared by the admin subcommands
//! of the binary and the owner endpoints: creating a store with its owner, making a pairing
//! code, rotating the epoch after a restore.

use laris_protocol::v1::ErrorCode;
use laris_protocol::v1::api::PairingCode;
use uuid::Uuid;

use crate::error::{Result, ServerError};
use crate::secret::{self, new_pairing_code as random_code, pairing_code_hash, random_uuid};
use crate::storage::{NewPairingCode, NewStore, Storage};

pub const MIN_PASSWORD_CHARS: usize = 8;

/// Emails compare trimmed and lowercased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Creates a store and its owner account: the new store's id.
pub async fn create_store(
    storage: &dyn Storage,
    name: &str,
    owner_email: &str,
    owner_password: &str,
    now_ms: i64,
) -> Result<Uuid> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            "store name: 1 to 200 characters",
        ));
    }
    let email = normalize_email(owner_email);
    if email.len() > 254 || !email.contains('@') || email.chars().any(char::is_whitespace) {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            "owner email: not an email address",
        ));
    }
    if owner_password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            format!("owner password: at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    let password = owner_password.to_string();
    let owner_password_hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(|e| ServerError::Internal(format!("password hashing: {e}")))?
        .map_err(ServerError::Internal)?;
    let store_id = random_uuid();
    storage
        .create_store(NewStore {
            store_id,
            name: name.to_string(),
            epoch: random_uuid(),
            owner_email: email,
            owner_password_hash,
            now_ms,
        })
        .await?;
    tracing::info!(store = %store_id, "store created");
    Ok(store_id)
}

/// A new single-use pairing code for `store_id`, valid for `ttl_ms`: it pairs a new device.
pub async fn new_pairing_code(
    storage: &dyn Storage,
    store_id: Uuid,
    now_ms: i64,
    ttl_ms: i64,
) -> Result<PairingCode> {
    add_code(storage, store_id, None, now_ms, ttl_ms).await
}

/// A single-use code that re-enrols `device_id` of `store_id` (a till that lost its key, or a
/// revoked one the owner takes back): only that device can use it, and it gets a new
/// credential. The owner's action, since pairing never replaces a device's credential.
pub async fn reenrol_code(
    storage: &dyn Storage,
    store_id: Uuid,
    device_id: Uuid,
    now_ms: i64,
    ttl_ms: i64,
) -> Result<PairingCode> {
    let known = storage
        .devices(store_id)
        .await?
        .iter()
        .any(|d| d.device_id == device_id);
    if !known {
        return Err(ServerError::NotFound("no such device in this store".into()));
    }
    add_code(storage, store_id, Some(device_id), now_ms, ttl_ms).await
}

async fn add_code(
    storage: &dyn Storage,
    store_id: Uuid,
    for_device: Option<Uuid>,
    now_ms: i64,
    ttl_ms: i64,
) -> Result<PairingCode> {
    let code = random_code();
    let expires_at_ms = now_ms.saturating_add(ttl_ms);
    storage
        .add_pairing_code(NewPairingCode {
            store_id,
            code_hash: pairing_code_hash(&code),
            now_ms,
            expires_at_ms,
            for_device,
        })
        .await?;
    Ok(PairingCode {
        code,
        expires_at_ms,
    })
}
