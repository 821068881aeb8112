//! Helpers shared by laris-core's boundary tests: a shop on a real on-disk database with the
//! shared warung catalog, and row counts to prove that a refused call wrote nothing.

// Each test file uses its own subset of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use laris_core::{DeviceStore, ManualClock, Pairing, SeededIds, ShopSetup, ShopTimeZone};
use rusqlite::Connection;
use uuid::Uuid;

/// 2026-11-27 10:00 WIB (03:00 UTC).
pub const NOV27_10H_WIB: i64 = 1_795_748_400_000;
pub const HOUR: i64 = 3_600_000;

/// `shared/data` beside the repository, or `LARIS_SHARED_DATA`.
pub fn shared_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LARIS_SHARED_DATA") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// The 125-product catalog exactly as shipped (CRLF line ends, one quoted name).
pub fn catalog_text() -> String {
    let path = shared_data_dir().join("catalog-warung.csv");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A shop on its own temporary database file.
#[derive(Debug)]
pub struct Shop {
    pub dir: tempfile::TempDir,
    pub store: DeviceStore,
    pub clock: Arc<ManualClock>,
}

impl Shop {
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("device.db")
    }
}

/// A set-up shop (device `A`) without products.
pub fn empty_shop(timezone: ShopTimeZone) -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(NOV27_10H_WIB));
    let mut store = DeviceStore::open(
        dir.path().join("device.db"),
        clock.clone(),
        Arc::new(SeededIds::new(7)),
    )
    .unwrap();
    store
        .init_shop(&ShopSetup {
            name: "Warung Bu Sri".into(),
            device_code: "A".into(),
            timezone,
        })
        .unwrap();
    Shop { dir, store, clock }
}

/// A set-up WIB shop with the shared catalog imported.
pub fn shop() -> Shop {
    shop_in(ShopTimeZone::Wib)
}

pub fn shop_in(timezone: ShopTimeZone) -> Shop {
    let mut shop = empty_shop(timezone);
    let summary = shop
        .store
        .import_catalog_csv(catalog_text().as_bytes())
        .unwrap();
    assert_eq!(summary.created, 125);
    shop
}

pub fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Row counts of every table a sale or a stock movement writes to.
pub fn written(conn: &Connection) -> [i64; 5] {
    [
        "sales",
        "sale_lines",
        "sale_payments",
        "stock_movements",
        "outbox",
    ]
    .map(|t| count(conn, t))
}

pub fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A till on its own temp-file database with a manual clock, shop set up, no catalog.
pub struct Till {
    pub _dir: tempfile::TempDir,
    pub store: DeviceStore,
    pub clock: Arc<ManualClock>,
}

pub fn till(code: &str, seed: u64) -> Till {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(NOV27_10H_WIB));
    let mut store = DeviceStore::open(
        dir.path().join("till.db"),
        clock.clone(),
        Arc::new(SeededIds::new(seed)),
    )
    .unwrap();
    store
        .init_shop(&ShopSetup {
            name: "Warung".into(),
            device_code: code.into(),
            timezone: ShopTimeZone::Wib,
        })
        .unwrap();
    Till {
        _dir: dir,
        store,
        clock,
    }
}

/// A pairing to a server that is never contacted.
pub fn pairing() -> Pairing {
    Pairing {
        server_url: "http://127.0.0.1:1".into(),
        store_id: Uuid::from_u128(42),
        store_name: "Warung".into(),
        credential: "secret".into(),
    }
}
