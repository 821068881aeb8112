//! Shared helpers for Laris's end-to-end tests: where the shared data lives, shops on real
//! on-disk databases, and seeds that a failing run prints so it can be replayed.
#![forbid(unsafe_code)]

pub mod device_restore;
pub mod faults;
pub mod fleet;
pub mod invariants;
pub mod postgres;
pub mod schedule;
pub mod server;
pub mod web;
pub mod window;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use laris_core::{Clock, DeviceStore, IdSource, ShopSetup, ShopTimeZone};

/// `../shared/data` beside the repository (read-only in CI), or `LARIS_SHARED_DATA`.
pub fn shared_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LARIS_SHARED_DATA") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")
}

/// The 125-product warung catalog every test shop starts from.
pub fn catalog_csv() -> Vec<u8> {
    let path = shared_data_dir().join("catalog-warung.csv");
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Opens a fresh device database at `path`, sets up the shop (device code `A`) and imports the
/// shared catalog: the state a till is in after `laris init` and `laris import`.
pub fn open_new_shop(
    path: &Path,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    timezone: ShopTimeZone,
) -> DeviceStore {
    let mut store = DeviceStore::open(path, clock, ids).expect("open a new device database");
    store
        .init_shop(&ShopSetup {
            name: "Warung Bu Sri".into(),
            device_code: "A".into(),
            timezone,
        })
        .expect("init the shop");
    let summary = store
        .import_catalog_csv(catalog_csv().as_slice())
        .expect("import the shared catalog");
    assert_eq!(summary.created, 125, "the shared catalog has 125 products");
    store
}

/// A seed from `var` if set (so a failing run can be replayed), otherwise a fresh one. Either
/// way the caller prints it.
pub fn seed_from_env(var: &str) -> u64 {
    match std::env::var(var) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{var}={v:?} is not a u64 seed")),
        Err(_) => rand::random(),
    }
}

/// A number from `var`, or `default`.
pub fn usize_from_env(var: &str, default: usize) -> usize {
    match std::env::var(var) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{var}={v:?} is not a number")),
        Err(_) => default,
    }
}
