//! A store's tills against a real server: each device is a `DeviceStore` on its own temp file,
//! with its own `ManualClock` (so one can run days off), paired through a proxy, and synced with
//! the real `HttpTransport` wrapped so the last push request can be sent again verbatim.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use laris_core::Clock as _;
use laris_core::{
    Cart, DeviceStore, ManualClock, Product, ProductDraft, Sale, SeededIds, ShopSetup,
    ShopTimeZone, SystemClock, Tender,
};
use laris_protocol::v1::api::{PairReply, PairRequest, ProofV1};
use laris_protocol::v1::{
    Handshake, HandshakeReply, PullReply, PullRequest, PushReply, PushRequest, RecoverReply,
    RecoverRequest,
};
use laris_sync::{
    HttpTransport, ProofComparison, RoundConfig, RoundReport, SharedStore, Timeouts, Transport,
    pair, prove, shared, sync_round,
};
use uuid::Uuid;

use crate::server::ServerProcess;

/// Three days, the clock skew of one till per schedule.
pub const THREE_DAYS_MS: i64 = 3 * 24 * 3600 * 1000;

/// The real `HttpTransport`, a fresh one (so a fresh connection, which the proxy may fault)
/// per request, keeping the last non-empty push request so it can be sent again verbatim.
#[derive(Debug)]
pub struct Recording {
    url: String,
    credential: Option<String>,
    pub last_push: Mutex<Option<PushRequest>>,
}

impl Recording {
    pub fn new(url: &str, credential: Option<String>) -> Recording {
        Recording {
            url: url.into(),
            credential,
            last_push: Mutex::new(None),
        }
    }

    /// A transport of its own (its own connection pool) with this device's credential.
    pub fn fresh(&self) -> HttpTransport {
        http(&self.url, self.credential.clone())
    }
}

impl Transport for Recording {
    async fn pair(&self, req: &PairRequest) -> laris_sync::Result<PairReply> {
        self.fresh().pair(req).await
    }
    async fn handshake(&self, req: &Handshake) -> laris_sync::Result<HandshakeReply> {
        self.fresh().handshake(req).await
    }
    async fn push(&self, req: &PushRequest) -> laris_sync::Result<PushReply> {
        if !req.events.is_empty() {
            *self.last_push.lock().unwrap() = Some(req.clone());
        }
        self.fresh().push(req).await
    }
    async fn pull(&self, req: &PullRequest) -> laris_sync::Result<PullReply> {
        self.fresh().pull(req).await
    }
    async fn recover(&self, req: &RecoverRequest) -> laris_sync::Result<RecoverReply> {
        self.fresh().recover(req).await
    }
    async fn proof(&self) -> laris_sync::Result<ProofV1> {
        self.fresh().proof().await
    }
}

/// Short timeouts: on loopback anything slower is a fault, never a slow server.
pub fn http(url: &str, credential: Option<String>) -> HttpTransport {
    let timeouts = Timeouts {
        connect: Duration::from_secs(3),
        request: Duration::from_secs(15),
    };
    HttpTransport::with_timeouts(url, credential, timeouts).expect("a transport")
}

#[derive(Debug)]
pub struct Device {
    pub code: String,
    _dir: tempfile::TempDir,
    pub store: SharedStore,
    pub clock: Arc<ManualClock>,
    pub transport: Arc<Recording>,
    pub device_id: Uuid,
}

impl Device {
    /// A set-up till with receipt prefix `code`, its clock `skew_ms` off the real time, paired
    /// with `store` on `server` through `url` (a proxy's, normally faultless while pairing).
    pub async fn paired(
        server: &ServerProcess,
        store: Uuid,
        url: &str,
        code: &str,
        skew_ms: i64,
        seed: u64,
    ) -> Device {
        let dir = tempfile::tempdir().expect("temp dir for a till");
        let clock = Arc::new(ManualClock::new(SystemClock.now_ms() + skew_ms));
        let mut db = DeviceStore::open(
            dir.path().join("till.db"),
            clock.clone(),
            Arc::new(SeededIds::new(seed)),
        )
        .expect("open a till");
        let info = db
            .init_shop(&ShopSetup {
                name: "Warung Bu Sri".into(),
                device_code: code.into(),
                timezone: ShopTimeZone::Wib,
            })
            .expect("init the till");
        let store_handle = shared(db);
        let pairing_code = server.pairing_code(store);
        pair(&store_handle, &http(url, None), url, &pairing_code, None)
            .await
            .expect("pairing");
        let credential = store_handle
            .lock()
            .unwrap()
            .sync_state()
            .unwrap()
            .credential;
        Device {
            code: code.into(),
            _dir: dir,
            store: store_handle,
            clock,
            transport: Arc::new(Recording::new(url, credential)),
            device_id: info.device_id,
        }
    }

    /// The same credential, through another URL (another proxy or server).
    pub fn credential(&self) -> Option<String> {
        self.with(|s| s.sync_state().unwrap().credential)
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut DeviceStore) -> R) -> R {
        f(&mut self.store.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub async fn sync(&self) -> laris_sync::Result<RoundReport> {
        let config = RoundConfig {
            pull_page: 7,
            ..RoundConfig::default()
        };
        sync_round(&self.store, &*self.transport, &config).await
    }

    /// A round on a task of its own, so the server can be killed while it runs.
    pub fn spawn_sync(&self) -> tokio::task::JoinHandle<laris_sync::Result<RoundReport>> {
        let (store, transport) = (self.store.clone(), self.transport.clone());
        tokio::spawn(async move {
            let config = RoundConfig {
                pull_page: 7,
                ..RoundConfig::default()
            };
            sync_round(&store, &*transport, &config).await
        })
    }

    pub async fn prove(&self) -> laris_sync::Result<ProofComparison> {
        prove(&self.store, &*self.transport).await
    }

    pub fn products(&self) -> Vec<Product> {
        self.with(|s| s.products().unwrap())
    }

    /// Rings up `lines` (product, qty in milli-units) paid as `pay` says.
    pub fn sell(&self, lines: &[(Product, i64)], pay: Payment) -> Sale {
        self.with(|s| {
            let mut cart = Cart::new();
            for (p, qty) in lines {
                cart.add(p, *qty).expect("add to cart");
            }
            let total = cart.totals(s.settings().unwrap().pricing()).unwrap().total;
            let tenders = match pay {
                Payment::Cash { extra } => vec![Tender::cash(total + extra)],
                Payment::Qris => vec![Tender::qris(total)],
                Payment::Split { qris } if qris > 0 && qris < total => {
                    vec![Tender::qris(qris), Tender::cash(total - qris)]
                }
                Payment::Split { .. } => vec![Tender::cash(total)],
            };
            s.checkout(&cart, &tenders, Some("Sri")).expect("checkout")
        })
    }

    /// A consistent copy of this till's database at `to`, as `laris backup` makes one.
    pub fn backup(&self, to: &std::path::Path) {
        let path = self.with(|s| s.path().to_path_buf());
        laris_core::backup_to(&path, to).expect("back up the till");
    }

    /// The till's disk died and its database is put back from `backup` (opened where the
    /// repaired till keeps it, with ids of its own from `seed`): everything after the backup
    /// that the server does not hold is gone, as on a real till.
    pub fn restore_from(&self, backup: &std::path::Path, seed: u64) {
        let to = self._dir.path().join(format!("restored-{seed:x}.db"));
        std::fs::copy(backup, &to).expect("copy the backup");
        let restored = DeviceStore::open(&to, self.clock.clone(), Arc::new(SeededIds::new(seed)))
            .expect("open the restored till");
        *self.store.lock().unwrap_or_else(|e| e.into_inner()) = restored;
    }

    /// Edits one field-set of a product the till holds: its price.
    pub fn set_price(&self, product: &Product, price: i64) {
        self.with(|s| {
            s.upsert_product(&draft_of(product, price))
                .expect("edit price")
        });
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Payment {
    Cash { extra: i64 },
    Qris,
    Split { qris: i64 },
}

pub fn draft_of(p: &Product, price: i64) -> ProductDraft {
    ProductDraft {
        sku: p.sku.clone(),
        name: p.name.clone(),
        category: p.category.clone(),
        unit: p.unit.clone(),
        price,
        cost: p.cost.min(price),
        sold_by_weight: p.sold_by_weight,
        track_stock: p.track_stock,
        min_stock_milli: p.min_stock_milli,
        active: p.active,
        barcodes: p.barcodes.clone(),
    }
}

/// The small catalog till A brings: pieces, one good sold by weight, one untracked service.
pub fn starter_catalog() -> Vec<ProductDraft> {
    let item =
        |sku: &str, name: &str, unit: &str, price: i64, weight: bool, track: bool| ProductDraft {
            sku: sku.into(),
            name: name.into(),
            category: Some("Sembako".into()),
            unit: unit.into(),
            price,
            cost: price * 8 / 10,
            sold_by_weight: weight,
            track_stock: track,
            min_stock_milli: 0,
            active: true,
            barcodes: vec![],
        };
    vec![
        item("W001", "Indomie Goreng", "pcs", 3_500, false, true),
        item("W002", "Teh Botol Sosro", "pcs", 5_000, false, true),
        item("W003", "Aqua 600ml", "pcs", 4_000, false, true),
        item("W004", "Kopi Kapal Api", "pcs", 2_000, false, true),
        item("W005", "Beras curah", "kg", 14_000, true, true),
        item("W006", "Gula pasir curah", "kg", 17_500, true, true),
        item("W007", "Isi ulang galon", "pcs", 6_000, false, false),
    ]
}
