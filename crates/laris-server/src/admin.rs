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
/// Longer is refused before hashing: argon2 of a megabyte is work an attacker chooses.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Emails compare trimmed and lowercased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A shop's name as stored: trimmed, 1 to 200 characters.
pub fn check_store_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > laris_protocol::v1::check::MAX_NAME_CHARS {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            "store name: 1 to 200 characters",
        ));
    }
    Ok(name.to_string())
}

/// An owner's email as stored (see [`normalize_email`]), if it looks like one.
pub fn check_email(email: &str) -> Result<String> {
    let email = normalize_email(email);
    if email.len() > 254
        || !email.contains('@')
        || email.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            "owner email: not an email address",
        ));
    }
    Ok(email)
}

/// The argon2id hash of a new password, checked for length first, off the async threads.
pub async fn new_password_hash(password: &str) -> Result<String> {
    let chars = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars) {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            format!("owner password: {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    let password = password.to_string();
    tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(|e| ServerError::Internal(format!("password hashing: {e}")))?
        .map_err(ServerError::Internal)
}

/// Who a new store belongs to.
#[derive(Debug, Clone)]
pub enum NewOwner<'a> {
    /// A new account with this password; `invite` is a sign-up link's token, used once.
    Account {
        password: &'a str,
        invite: Option<&'a str>,
    },
    /// The account the email has already (another outlet).
    Existing,
}

/// Creates a store and its owner account: the new store's id.
pub async fn create_store(
    storage: &dyn Storage,
    name: &str,
    owner_email: &str,
    owner_password: &str,
    now_ms: i64,
) -> Result<Uuid> {
    let owner = NewOwner::Account {
        password: owner_password,
        invite: None,
    };
    create_store_for(storage, name, owner_email, owner, now_ms).await
}

/// Creates a store for a new or an existing account: the new store's id.
pub async fn create_store_for(
    storage: &dyn Storage,
    name: &str,
    owner_email: &str,
    owner: NewOwner<'_>,
    now_ms: i64,
) -> Result<Uuid> {
    let name = check_store_name(name)?;
    let email = check_email(owner_email)?;
    let (owner_password_hash, existing_account, invite_hash) = match owner {
        NewOwner::Account { password, invite } => (
            new_password_hash(password).await?,
            false,
            invite.map(secret::invite_hash),
        ),
        NewOwner::Existing => (String::new(), true, None),
    };
    let store_id = random_uuid();
    storage
        .create_store(NewStore {
            store_id,
            name,
            epoch: random_uuid(),
            owner_email: email,
            owner_password_hash,
            existing_account,
            invite_hash,
            now_ms,
        })
        .await?;
    tracing::info!(store = %store_id, "store created");
    Ok(store_id)
}

/// Sets a new password for the account `email` (the operator's `owner reset-password`):
/// lifts its lock and signs every one of its sessions out.
pub async fn reset_password(
    storage: &dyn Storage,
    email: &str,
    password: &str,
    now_ms: i64,
) -> Result<()> {
    let email = normalize_email(email);
    let hash = new_password_hash(password).await?;
    if !storage.set_password(email.clone(), hash, now_ms).await? {
        return Err(ServerError::NotFound(format!("no owner account {email}")));
    }
    tracing::info!("owner password reset");
    Ok(())
}

/// A new one-time sign-up link's token, valid for `ttl_ms` (policy `invite`).
pub async fn new_invite(storage: &dyn Storage, now_ms: i64, ttl_ms: i64) -> Result<String> {
    let token = secret::new_invite_token();
    storage
        .add_invite(crate::storage::web::NewInvite {
            invite_hash: secret::invite_hash(&token),
            now_ms,
            expires_at_ms: now_ms.saturating_add(ttl_ms),
        })
        .await?;
    Ok(token)
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
