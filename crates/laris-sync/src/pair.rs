//! Pairing: the device trades a single-use code from the owner, and a key of its own (made
//! once and kept, so a retry after a lost reply gets the same credential), for its
//! credential, and keeps the server's URL and the credential in its sync state. The first pairing enqueues
//! the device's catalog, so its products reach the store.

use laris_core::Pairing;
use laris_protocol::v1::api::{PairReply, PairRequest};
use serde::Serialize;
use uuid::Uuid;

use crate::error::Result;
use crate::shared_store::{SharedStore, with_store};
use crate::transport::Transport;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairOutcome {
    pub store_id: Uuid,
    pub store_name: String,
    pub device_id: Uuid,
    /// Products of this device enqueued for the store.
    pub products_enqueued: usize,
}

/// Attempts of one pairing when the link fails (a lost reply included: the same code and key
/// get the same credential, so asking again is safe), with a pause growing between them.
pub const PAIR_ATTEMPTS: u32 = 4;

async fn pair_with_retries<T: Transport>(
    transport: &T,
    request: &PairRequest,
) -> Result<PairReply> {
    let mut attempt = 1;
    loop {
        match transport.pair(request).await {
            Err(e) if e.is_offline() && attempt < PAIR_ATTEMPTS => {
                tokio::time::sleep(std::time::Duration::from_millis(500 << attempt)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// 32 random bytes from the OS's generator, as 64 hex digits.
fn fresh_key() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Pairs the device with the server at `server_url` (reached through `transport`) using the
/// owner's `code`. `device_name` defaults to "Till <code>".
pub async fn pair<T: Transport>(
    store: &SharedStore,
    transport: &T,
    server_url: &str,
    code: &str,
    device_name: Option<&str>,
) -> Result<PairOutcome> {
    let (device, device_key) = with_store(store, |s| {
        let device = s.device()?.clone();
        Ok((device, s.device_key(fresh_key)?))
    })?;
    let request = PairRequest {
        device_key,
        code: code.trim().to_string(),
        device_id: device.device_id,
        device_name: device_name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map_or_else(|| format!("Till {}", device.code), String::from),
        device_code: device.code.clone(),
    };
    let reply = pair_with_retries(transport, &request).await?;
    if reply.device_id != device.device_id {
        return Err(crate::round::bad_reply(format!(
            "paired device {} instead of this device {}",
            reply.device_id, device.device_id
        )));
    }
    let pairing = Pairing {
        server_url: server_url.trim().trim_end_matches('/').to_string(),
        store_id: reply.store_id,
        store_name: reply.store_name.clone(),
        credential: reply.credential,
    };
    let products_enqueued = with_store(store, |s| s.save_pairing(&pairing))?;
    Ok(PairOutcome {
        store_id: reply.store_id,
        store_name: reply.store_name,
        device_id: device.device_id,
        products_enqueued,
    })
}
