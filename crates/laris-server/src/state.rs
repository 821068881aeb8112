//! What every request handler shares: the storage, the clock and the configuration. Nothing
//! here changes between requests, so any number of server processes can serve one database.

use std::sync::Arc;

use laris_protocol::v1::LimitsV1;

use crate::clock::Clock;
use crate::storage::Storage;

/// Bounds and lifetimes the server enforces.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Announced at the handshake and enforced: events per push, body sizes, page size and
    /// the HLC drift bound.
    pub limits: LimitsV1,
    /// Largest JSON body of the pairing and owner endpoints.
    pub max_json_body_bytes: usize,
    /// How long a pairing code stays usable.
    pub pairing_code_ttl_ms: i64,
    /// How long an owner session lasts.
    pub owner_session_ttl_ms: i64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            limits: LimitsV1::default(),
            max_json_body_bytes: 64 * 1024,
            pairing_code_ttl_ms: 10 * 60 * 1000,
            owner_session_ttl_ms: 7 * 24 * 60 * 60 * 1000,
        }
    }
}

impl ServerConfig {
    pub(crate) fn max_body_bytes(&self) -> usize {
        usize::try_from(self.limits.max_body_bytes).unwrap_or(usize::MAX)
    }

    pub(crate) fn max_decoded_bytes(&self) -> usize {
        usize::try_from(self.limits.max_decoded_bytes).unwrap_or(usize::MAX)
    }
}

/// The state of [`crate::app`].
#[derive(Debug, Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub clock: Clock,
    pub config: Arc<ServerConfig>,
}

impl AppState {
    pub fn new(storage: Arc<dyn Storage>, clock: Clock, config: ServerConfig) -> Self {
        AppState {
            storage,
            clock,
            config: Arc::new(config),
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}
