//! Devices for the sync workloads: a device database rung up through laris-core's real
//! checkout path (setup, never timed), paired with a server, a [`Timed`] transport that
//! records each HTTP request's latency, and rounds repeated until the outbox is acknowledged.

use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use laris_core::{
    Cart, DeviceStore, IdSource, ManualClock, SeededIds, ShopSetup, ShopTimeZone, Tender,
};
use laris_protocol::v1::api::{PairReply, PairRequest, ProofV1};
use laris_protocol::v1::{
    Handshake, HandshakeReply, PullReply, PullRequest, PushReply, PushRequest, RecoverReply,
    RecoverRequest,
};
use laris_sync::{HttpTransport, RoundConfig, RoundReport, SharedStore, Transport, sync_round};
use uuid::Uuid;

use crate::BenchResult;
use crate::data::SaleRecord;

/// Ids for a device: its own seeded stream, except while `catalog` is on, when products take
/// ids from a stream shared by every device of a store (the same catalog on every till, as a
/// store's devices would have after their first sync).
#[derive(Debug)]
pub struct BenchIds {
    own: SeededIds,
    shared: SeededIds,
    catalog: AtomicBool,
}

impl BenchIds {
    pub fn new(device_seed: u64, store_seed: u64) -> Self {
        BenchIds {
            own: SeededIds::new(device_seed),
            shared: SeededIds::new(store_seed),
            catalog: AtomicBool::new(false),
        }
    }
}

impl IdSource for BenchIds {
    fn new_id(&self, now_ms: i64) -> Uuid {
        if self.catalog.load(Ordering::Relaxed) {
            self.shared.new_id(now_ms)
        } else {
            self.own.new_id(now_ms)
        }
    }
}

/// A device database at `path` with code `code`, a catalog of every SKU of `catalog_sales`,
/// and `sales` rung up one at a time (cart, tenders, durable checkout). The clock is left at
/// the last sale's time.
pub fn ring_up_device(
    path: &Path,
    code: &str,
    ids: Arc<BenchIds>,
    catalog_sales: &[SaleRecord],
    sales: &[SaleRecord],
) -> BenchResult<(DeviceStore, Arc<ManualClock>)> {
    let (mut store, clock) = open_device(path, code, ids, catalog_sales)?;
    ring_up(&mut store, &clock, sales)?;
    Ok((store, clock))
}

/// A new device database at `path` with code `code` and a catalog of every SKU of
/// `catalog_sales`, each product restocked with the opening stock; no sales yet.
pub fn open_device(
    path: &Path,
    code: &str,
    ids: Arc<BenchIds>,
    catalog_sales: &[SaleRecord],
) -> BenchResult<(DeviceStore, Arc<ManualClock>)> {
    let start_ms = catalog_sales
        .first()
        .map_or(Ok(1_700_000_000_000), SaleRecord::created_at_ms)?
        - 86_400_000;
    let clock = Arc::new(ManualClock::new(start_ms));
    let mut store = DeviceStore::open(path, clock.clone(), ids.clone())?;
    store.init_shop(&ShopSetup {
        name: "Warung Bench".into(),
        device_code: code.into(),
        timezone: ShopTimeZone::Wib,
    })?;
    for draft in crate::ringup::catalog_drafts(catalog_sales) {
        ids.catalog.store(true, Ordering::Relaxed);
        let upserted = store.upsert_product(&draft);
        ids.catalog.store(false, Ordering::Relaxed);
        let (product, _) = upserted?;
        store.restock(
            &product,
            crate::ringup::OPENING_STOCK_MILLI,
            Some("stok awal"),
        )?;
    }
    Ok((store, clock))
}

/// Rings up `sales` one at a time, the clock set to each sale's time.
pub fn ring_up(
    store: &mut DeviceStore,
    clock: &ManualClock,
    sales: &[SaleRecord],
) -> BenchResult<()> {
    for (i, sale) in sales.iter().enumerate() {
        clock.set(sale.created_at_ms()?);
        checkout(store, sale, i)?;
    }
    Ok(())
}

/// Rings up one sale of the file: scan each item, discount, tender, checkout.
fn checkout(store: &mut DeviceStore, sale: &SaleRecord, i: usize) -> BenchResult<()> {
    let mut cart = Cart::new();
    for item in &sale.items {
        let product = store.product_by_code(&item.product_id)?;
        let line = cart.add(&product, item.qty * 1000)?;
        if item.discount > 0 {
            cart.set_line_discount(line, item.discount)?;
        }
    }
    let tenders = match sale.payment_method.to_ascii_lowercase().as_str() {
        _ if sale.total == 0 && sale.cash_tendered == 0 => vec![],
        "cash" => vec![Tender::cash(sale.cash_tendered)],
        "qris" => vec![Tender::qris(sale.total)],
        other => return Err(format!("sale {}: payment method {other:?}", i + 1).into()),
    };
    let done = store.checkout(&cart, &tenders, Some(&sale.cashier))?;
    if done.total != sale.total {
        return Err(format!("sale {}: total {} ≠ {}", i + 1, done.total, sale.total).into());
    }
    Ok(())
}

/// Pairs `store` with the server at `url` using `code`; returns a transport holding the
/// device's new credential.
pub async fn pair(
    store: &SharedStore,
    url: &str,
    code: &str,
    timeouts: laris_sync::Timeouts,
) -> BenchResult<HttpTransport> {
    let anonymous = HttpTransport::with_timeouts(url, None, timeouts)?;
    laris_sync::pair(store, &anonymous, url, code, None).await?;
    let credential = lock(store).sync_state()?.credential;
    Ok(HttpTransport::with_timeouts(url, credential, timeouts)?)
}

pub fn lock(store: &SharedStore) -> std::sync::MutexGuard<'_, DeviceStore> {
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Outbox entries not yet acknowledged.
pub fn pending(store: &SharedStore) -> BenchResult<u64> {
    Ok(lock(store).sync_state()?.pending())
}

/// What [`until_acked`] did.
#[derive(Debug, Default)]
pub struct Rounds {
    pub rounds: u32,
    pub failed: u32,
    pub pushed: u64,
    pub push_requests: u32,
    pub pulled: u64,
    pub pages: u32,
    pub sales_applied: u64,
    pub quarantined: usize,
    pub last_error: Option<String>,
}

impl Rounds {
    fn add(&mut self, r: &RoundReport) {
        self.pushed += r.pushed;
        self.push_requests += r.push_requests;
        self.pulled += r.pulled;
        self.pages += r.pages;
        self.sales_applied += r.applied.sales;
        self.quarantined += r.quarantined.len();
    }
}

/// Sync rounds until one succeeds with the outbox fully acknowledged, at most `max_rounds`
/// (a failed round is retried at once: the next round resumes from what was acknowledged).
pub async fn until_acked<T: Transport>(
    store: &SharedStore,
    transport: &T,
    config: &RoundConfig,
    max_rounds: u32,
) -> BenchResult<Rounds> {
    let mut out = Rounds::default();
    while out.rounds < max_rounds {
        out.rounds += 1;
        match sync_round(store, transport, config).await {
            Ok(r) => {
                out.add(&r);
                if pending(store)? == 0 {
                    return Ok(out);
                }
            }
            Err(e) => {
                out.failed += 1;
                out.last_error = Some(format!("{}: {e}", e.code()));
            }
        }
    }
    Ok(out)
}

/// One timed request: which call, how long, whether it succeeded.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub call: &'static str,
    pub took: Duration,
    pub ok: bool,
}

/// A transport that records every request's latency (the whole HTTP exchange as the client
/// sees it: encoding, send, server, reply, decoding).
#[derive(Debug)]
pub struct Timed<T> {
    inner: T,
    pub log: Arc<Mutex<Vec<Request>>>,
}

impl<T> Timed<T> {
    pub fn new(inner: T, log: Arc<Mutex<Vec<Request>>>) -> Self {
        Timed { inner, log }
    }

    async fn time<R>(
        &self,
        call: &'static str,
        f: impl Future<Output = laris_sync::Result<R>>,
    ) -> laris_sync::Result<R> {
        let start = Instant::now();
        let out = f.await;
        let req = Request {
            call,
            took: start.elapsed(),
            ok: out.is_ok(),
        };
        self.log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(req);
        out
    }
}

impl<T: Transport> Transport for Timed<T> {
    async fn pair(&self, req: &PairRequest) -> laris_sync::Result<PairReply> {
        self.time("pair", self.inner.pair(req)).await
    }
    async fn handshake(&self, req: &Handshake) -> laris_sync::Result<HandshakeReply> {
        self.time("handshake", self.inner.handshake(req)).await
    }
    async fn push(&self, req: &PushRequest) -> laris_sync::Result<PushReply> {
        self.time("push", self.inner.push(req)).await
    }
    async fn pull(&self, req: &PullRequest) -> laris_sync::Result<PullReply> {
        self.time("pull", self.inner.pull(req)).await
    }
    async fn recover(&self, req: &RecoverRequest) -> laris_sync::Result<RecoverReply> {
        self.time("recover", self.inner.recover(req)).await
    }
    async fn proof(&self) -> laris_sync::Result<ProofV1> {
        self.time("proof", self.inner.proof()).await
    }
}

/// The load average (1, 5, 15 minutes) as /proc/loadavg has it.
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
