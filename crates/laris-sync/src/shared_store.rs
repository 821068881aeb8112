//! The device store shared between the till and sync: `Arc<Mutex<DeviceStore>>` (std mutex).
//! Sync takes the lock only for short local reads and writes and never across a network
//! await (a `MutexGuard` is not `Send`, so a spawned sync task that tried would not compile),
//! so selling never waits for the network.

use std::sync::{Arc, Mutex, PoisonError};

use laris_core::DeviceStore;

use crate::error::Result;

pub type SharedStore = Arc<Mutex<DeviceStore>>;

pub fn shared(store: DeviceStore) -> SharedStore {
    Arc::new(Mutex::new(store))
}

/// Runs `f` on the store under the lock. A panic elsewhere while holding it leaves no
/// half-written state (SQLite rolled the transaction back), so a poisoned lock is taken over.
pub(crate) fn with_store<R>(
    store: &SharedStore,
    f: impl FnOnce(&mut DeviceStore) -> laris_core::Result<R>,
) -> Result<R> {
    let mut guard = store.lock().unwrap_or_else(PoisonError::into_inner);
    Ok(f(&mut guard)?)
}
