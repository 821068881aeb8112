//! What the engine tells the app (published on a tokio watch channel): connectivity, how
//! many outbox entries wait for the server, the last success and the last error.

use laris_core::SyncState;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Connectivity {
    /// The last round reached the server.
    Online,
    /// The last round could not reach it; retrying with backoff.
    Offline,
    /// A round is running.
    Syncing,
    /// The server refuses this device (revoked, unknown credential, another store): the
    /// engine stopped retrying; only syncing by hand or pairing again starts it.
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusError {
    pub code: String,
    pub message: String,
    /// Unix ms.
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    pub connectivity: Connectivity,
    /// Outbox entries the server has not acknowledged.
    pub pending: u64,
    /// Unix ms of the last round that completed.
    pub last_success_at: Option<i64>,
    /// The error of the last round, if it failed.
    pub last_error: Option<StatusError>,
}

impl SyncStatus {
    pub fn from_state(state: &SyncState, connectivity: Connectivity) -> Self {
        SyncStatus {
            connectivity,
            pending: state.pending(),
            last_success_at: state.last_success_at,
            last_error: state.last_error.as_ref().map(|e| StatusError {
                code: e.code.clone(),
                message: e.message.clone(),
                at: e.at,
            }),
        }
    }
}
