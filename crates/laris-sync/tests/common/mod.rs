//! Tills on real temporary database files, paired with a [`fake_server::FakeServer`].

#![allow(dead_code)]

pub mod fake_server;

use std::sync::Arc;

use fake_server::{FakeServer, FakeTransport};
use laris_core::{
    Cart, DeviceStore, ManualClock, ProductDraft, Sale, SeededIds, ShopSetup, ShopTimeZone, Tender,
};
use laris_sync::{RoundConfig, RoundReport, SharedStore, pair, shared, sync_round};
use uuid::Uuid;

/// 2026-11-27 10:00 WIB.
pub const NOW: i64 = 1_795_748_400_000;

#[derive(Debug)]
pub struct Till {
    pub dir: tempfile::TempDir,
    pub store: SharedStore,
    pub clock: Arc<ManualClock>,
    pub transport: Arc<FakeTransport>,
    pub device_id: Uuid,
}

impl Till {
    /// A set-up till (receipt prefix `code`) on its own file, not paired yet.
    pub fn new(server: &Arc<FakeServer>, code: &str, seed: u64) -> Till {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(NOW));
        let mut store = DeviceStore::open(
            dir.path().join("till.db"),
            clock.clone(),
            Arc::new(SeededIds::new(seed)),
        )
        .unwrap();
        let info = store
            .init_shop(&ShopSetup {
                name: "Warung Bu Sri".into(),
                device_code: code.into(),
                timezone: ShopTimeZone::Wib,
            })
            .unwrap();
        Till {
            dir,
            store: shared(store),
            clock,
            transport: FakeTransport::new(server.clone(), info.device_id),
            device_id: info.device_id,
        }
    }

    /// Pairs with the fake server (which must know `code`).
    pub async fn pair(&self, code: &str) {
        self.transport.server.add_code(code);
        pair(&self.store, &self.transport, "http://fake", code, None)
            .await
            .unwrap();
    }

    pub async fn sync(&self) -> laris_sync::Result<RoundReport> {
        sync_round(&self.store, &self.transport, &RoundConfig::default()).await
    }

    pub async fn sync_with(&self, config: RoundConfig) -> laris_sync::Result<RoundReport> {
        sync_round(&self.store, &self.transport, &config).await
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut DeviceStore) -> R) -> R {
        f(&mut self.store.lock().unwrap())
    }

    pub fn add_product(&self, sku: &str, name: &str, price: i64, barcode: &str) {
        self.with(|s| s.upsert_product(&draft(sku, name, price, barcode)).unwrap());
    }

    /// Sells one of each code, paid in cash.
    pub fn sell(&self, codes: &[&str]) -> Sale {
        self.with(|s| {
            let mut cart = Cart::new();
            for code in codes {
                cart.add(&s.product_by_code(code).unwrap(), 1000).unwrap();
            }
            let total = cart.totals(s.settings().unwrap().pricing()).unwrap().total;
            s.checkout(&cart, &[Tender::cash(total)], None).unwrap()
        })
    }

    pub fn level(&self, code: &str) -> i64 {
        self.with(|s| {
            let p = s.product_by_code(code).unwrap();
            s.stock_level(p.id).unwrap()
        })
    }

    pub fn sales(&self) -> i64 {
        self.with(|s| {
            s.conn()
                .query_row("SELECT COUNT(*) FROM sales", [], |r| r.get(0))
                .unwrap()
        })
    }

    pub fn pending(&self) -> u64 {
        self.with(|s| s.sync_state().unwrap().pending())
    }
}

pub fn draft(sku: &str, name: &str, price: i64, barcode: &str) -> ProductDraft {
    ProductDraft {
        sku: sku.into(),
        name: name.into(),
        category: Some("Sembako".into()),
        unit: "pcs".into(),
        price,
        cost: price * 9 / 10,
        sold_by_weight: false,
        track_stock: true,
        min_stock_milli: 0,
        active: true,
        barcodes: vec![barcode.into()],
    }
}

/// A fake server and two tills of one store; till A owns the catalog.
pub async fn store_with_two_tills() -> (Arc<FakeServer>, Till, Till) {
    let server = FakeServer::new(NOW);
    let a = Till::new(&server, "A", 1);
    let b = Till::new(&server, "B", 2);
    a.add_product("W0001", "Indomie Goreng", 3_500, "2000000000015");
    a.add_product("W0002", "Teh Botol", 5_000, "2000000000022");
    a.add_product("W0003", "Beras 5kg", 75_000, "2000000000039");
    a.pair("AAAA1111").await;
    b.pair("BBBB2222").await;
    (server, a, b)
}
