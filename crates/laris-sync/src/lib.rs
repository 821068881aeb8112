//! laris-sync: the device side of sync, over laris-core and laris-protocol.
//!
//! - [`sync_round`]: one round — handshake (adopting the server's epoch and acknowledged
//!   seq), push the outbox in seq order in bounded batches, pull the store's changes page by
//!   page (each page and its cursor in one local transaction), record the outcome.
//! - [`SyncEngine`]: the background task the app and the CLI run: after a sale (debounced),
//!   periodically, and at once when asked; backoff with jitter while the server is
//!   unreachable; [`SyncStatus`] on a watch channel.
//! - [`pair`] and [`prove`]: pairing with a code, and the proof of sync.
//! - [`Transport`] with [`HttpTransport`], the HTTP contract of `laris_protocol::v1::api`.
//! - [`to_wire`] and [`from_wire`]: the explicit mapping between laris-core's domain types
//!   and the v1 wire types.
//!
//! The store is shared as `Arc<Mutex<DeviceStore>>`; sync holds the lock only for short local
//! reads and writes, never across a network call, so selling never waits for sync. No tauri.
#![forbid(unsafe_code)]

mod backoff;
mod books_wire;
mod engine;
mod error;
pub mod from_wire;
mod http;
mod pair;
mod proof;
mod pull;
mod push;
mod recover;
mod round;
mod shared_store;
mod status;
pub mod to_wire;
mod transport;

pub use backoff::Backoff;
pub use engine::{EngineConfig, SyncEngine};
pub use error::{Result, SyncError};
pub use http::{HttpTransport, MAX_REPLY_BYTES, Timeouts};
pub use pair::{PairOutcome, pair};
pub use proof::{ProofComparison, prove, thousands};
pub use round::{RoundConfig, RoundReport, describe_quarantined, sync_round};
pub use shared_store::{SharedStore, shared};
pub use status::{Connectivity, StatusError, SyncStatus};
pub use transport::Transport;

use laris_protocol::v1::ProductV1;

/// The catalog as this device holds it, in wire form (tombstones too), by id: for comparing
/// devices with each other and with the server.
pub fn catalog_snapshot(store: &SharedStore) -> Result<Vec<ProductV1>> {
    let records = shared_store::with_store(store, |s| s.product_records())?;
    Ok(records.iter().map(to_wire::product).collect())
}
