//! One randomized fault schedule: a fresh store with tills A, B, C (one clock three days off)
//! on servers behind fault-injecting proxies; sales, stock moves and price edits; sync rounds
//! under faults and server SIGKILLs; then heal and check every invariant.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use laris_core::Product;
use laris_proxy::Proxy;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng, rngs::StdRng};
use uuid::Uuid;

use crate::faults::SeededFaults;
use crate::fleet::{Device, Payment, THREE_DAYS_MS, starter_catalog};
use crate::invariants::{self, Model};
use crate::server::{Backend, ServerProcess};

/// Server processes on one backend, each behind its own proxy; the proxies share one fault
/// schedule.
#[derive(Debug)]
pub struct Cluster {
    pub proxies: Vec<Proxy>,
    pub servers: Vec<ServerProcess>,
    pub faults: Arc<SeededFaults>,
    pub backend: Backend,
    /// Servers SIGKILLed mid-round, and rounds that failed under faults.
    pub kills: u64,
    pub failed_rounds: u64,
    /// Events moved after the server's seqs, and events given back, by restored tills.
    pub renumbered: std::sync::atomic::AtomicU64,
    pub recovered: std::sync::atomic::AtomicU64,
}

impl Cluster {
    /// Counts what a successful round did for a restored till.
    pub fn note(&self, r: &laris_sync::RoundReport) {
        use std::sync::atomic::Ordering::Relaxed;
        self.renumbered.fetch_add(r.renumbered, Relaxed);
        self.recovered.fetch_add(r.recovered, Relaxed);
    }
}

impl Cluster {
    pub async fn start(binary: &Path, backend: Backend, n: usize) -> Cluster {
        let faults = Arc::new(SeededFaults::default());
        let mut servers = Vec::new();
        let mut proxies = Vec::new();
        for _ in 0..n {
            let server = ServerProcess::start(binary, &backend);
            proxies.push(Proxy::start(server.addr(), faults.clone()).await.unwrap());
            servers.push(server);
        }
        Cluster {
            proxies,
            servers,
            faults,
            backend,
            kills: 0,
            failed_rounds: 0,
            renumbered: Default::default(),
            recovered: Default::default(),
        }
    }

    /// SIGKILL server `i`, start it again on the same data, point its proxy at it.
    pub fn kill_and_restart(&mut self, i: usize) {
        tokio::task::block_in_place(|| self.servers[i].restart());
        self.proxies[i].set_upstream(self.servers[i].addr());
    }
}

/// One store's tills and the model of what they did.
#[derive(Debug)]
pub struct Shop {
    pub store: Uuid,
    pub devices: Vec<Device>,
    pub model: Model,
    tracked: BTreeSet<Uuid>,
    /// The customer every till gives kasbon to.
    pub customer: Uuid,
}

impl Shop {
    /// A fresh store; till `skewed` runs three days ahead (or behind); till A brings the
    /// catalog and its opening stock; everyone syncs once without faults.
    pub async fn open(cluster: &Cluster, seed: u64, skewed: usize, ahead: bool) -> Shop {
        cluster.faults.set_on(false);
        let server = &cluster.servers[0];
        let store = tokio::task::block_in_place(|| server.create_store("Warung Bu Sri"));
        let mut devices = Vec::new();
        for (i, code) in ["A", "B", "C"].into_iter().enumerate() {
            let skew = match (i == skewed, ahead) {
                (false, _) => 0,
                (true, true) => THREE_DAYS_MS,
                (true, false) => -THREE_DAYS_MS,
            };
            let url = cluster.proxies[i % cluster.proxies.len()].url();
            let device = Device::paired(server, store, &url, code, skew, seed ^ i as u64).await;
            devices.push(device);
        }
        let mut model = Model::default();
        for draft in starter_catalog() {
            let (p, _) = devices[0].with(|s| s.upsert_product(&draft).unwrap());
            if p.track_stock {
                let qty = 50_000;
                devices[0].with(|s| s.restock(&p, qty, Some("stok awal")).unwrap());
                model.movement(&p, qty);
            }
        }
        let customer = devices[0].with(|s| {
            s.save_customer(
                &laris_core::CustomerDraft {
                    name: "Bu Ani".into(),
                    phone: Some("0812 3456 7890".into()),
                    ..Default::default()
                },
                None,
            )
            .unwrap()
            .id
        });
        let tracked = devices[0]
            .products()
            .into_iter()
            .filter(|p| p.track_stock)
            .map(|p| p.id)
            .collect();
        for d in &devices {
            d.sync().await.expect("a faultless first sync");
        }
        Shop {
            store,
            devices,
            model,
            tracked,
            customer,
        }
    }

    /// A random sale on till `i`, in the model too.
    pub fn ring_up(&mut self, i: usize, rng: &mut StdRng) {
        let mut products: Vec<Product> = self.devices[i].products();
        if products.is_empty() {
            return;
        }
        products.shuffle(rng);
        let n = rng.random_range(1..=3.min(products.len()));
        let lines: Vec<(Product, i64)> = products
            .into_iter()
            .take(n)
            .map(|p| {
                let qty = if p.sold_by_weight {
                    rng.random_range(50..3_000)
                } else {
                    rng.random_range(1..=3) * 1000
                };
                (p, qty)
            })
            .collect();
        let pay = match rng.random_range(0..3) {
            0 => Payment::Cash {
                extra: rng.random_range(0..3) * 1000,
            },
            1 => Payment::Qris,
            _ => Payment::Split {
                qris: rng.random_range(1..20) * 500,
            },
        };
        let sale = self.devices[i].sell(&lines, pay);
        let tracked = &self.tracked;
        self.model.sale(&sale, &|id| tracked.contains(&id));
    }

    /// A restock or an adjustment on till `i`, in the model too.
    pub fn move_stock(&mut self, i: usize, rng: &mut StdRng) {
        let products: Vec<Product> = self.devices[i]
            .products()
            .into_iter()
            .filter(|p| p.track_stock)
            .collect();
        let Some(p) = products.get(rng.random_range(0..products.len().max(1))) else {
            return;
        };
        let d = &self.devices[i];
        let delta = if rng.random_bool(0.6) {
            let qty = rng.random_range(1..=20) * 1000;
            d.with(|s| s.restock(p, qty, Some("kulakan")).unwrap());
            qty
        } else {
            let delta = rng.random_range(1..=4) * 1000 * if rng.random_bool(0.5) { 1 } else { -1 };
            d.with(|s| {
                let authority = s.owner_authority(None).unwrap();
                s.adjust_stock(authority, p, delta, "hitung ulang").unwrap()
            });
            delta
        };
        self.model.movement(p, delta);
    }

    /// One of the books' actions on till `i`, in the model too: a kasbon sale with a down
    /// payment, a repayment, a cash refund of one of the till's sales, or a stock count.
    pub fn books_op(&mut self, i: usize, rng: &mut StdRng) {
        let d = &self.devices[i];
        let customer = self.customer;
        match rng.random_range(0..5) {
            0 => {
                let products = d.products();
                let Some(p) = products.get(rng.random_range(0..products.len().max(1))) else {
                    return;
                };
                let qty = if p.sold_by_weight { 500 } else { 1000 };
                let down = rng.random_range(0..3) * 500;
                let sale = d.with(|s| {
                    let mut cart = laris_core::Cart::new();
                    cart.add(p, qty).unwrap();
                    let total = cart.totals(s.settings().unwrap().pricing()).unwrap().total;
                    let tenders = if down > 0 && down < total {
                        vec![laris_core::Tender::cash(down)]
                    } else {
                        vec![]
                    };
                    let options = laris_core::CheckoutOptions {
                        kasbon: Some(laris_core::KasbonCharge {
                            customer_id: customer,
                            due_day: None,
                        }),
                        authority: None,
                    };
                    s.checkout_with(&cart, &tenders, Some("Sri"), options)
                        .expect("kasbon sale")
                });
                self.model.kasbon += sale
                    .payments
                    .iter()
                    .filter(|p| p.method == laris_core::PaymentMethod::Kasbon)
                    .map(|p| p.amount)
                    .sum::<i64>();
                let tracked = &self.tracked;
                self.model.sale(&sale, &|id| tracked.contains(&id));
            }
            1 => {
                let owed = d.with(|s| s.customer_account(customer).unwrap().0.balance);
                if owed <= 0 {
                    return;
                }
                let amount = rng.random_range(1..=owed);
                d.with(|s| {
                    s.repay_kasbon(
                        customer,
                        amount,
                        laris_core::PaymentMethod::Cash,
                        None,
                        None,
                    )
                    .expect("repayment")
                });
                self.model.kasbon -= amount;
            }
            2 => {
                let mine: Vec<Uuid> = self
                    .model
                    .sales
                    .iter()
                    .filter(|(_, s)| s.device == d.device_id)
                    .map(|(id, _)| *id)
                    .collect();
                let Some(sale_id) = mine.get(rng.random_range(0..mine.len().max(1))) else {
                    return;
                };
                let refunded = d.with(|s| {
                    let sale = s.sale(*sale_id).unwrap()?;
                    let line = &sale.lines[0];
                    let authority = s.owner_authority(None).unwrap();
                    let r = s.refund_sale(
                        authority,
                        sale.id,
                        &[laris_core::ReturnRequest {
                            line_no: 1,
                            qty_milli: line.qty_milli,
                        }],
                        laris_core::PaymentMethod::Cash,
                        "salah ambil",
                    );
                    // A line already refunded on this till is refused: nothing happens.
                    r.ok().map(|r| (r, line.product_id, line.qty_milli))
                });
                if let Some((r, product, qty)) = refunded {
                    self.model.returns.insert(r.id, r.amount);
                    if self.tracked.contains(&product) {
                        *self.model.stock.entry(product).or_default() += qty;
                    }
                }
            }
            _ => {
                let tracked: Vec<Product> =
                    d.products().into_iter().filter(|p| p.track_stock).collect();
                let Some(p) = tracked.get(rng.random_range(0..tracked.len().max(1))) else {
                    return;
                };
                let off = rng.random_range(-2..=2) * 1000;
                let count = d.with(|s| {
                    let counted = (s.stock_level(p.id).unwrap() + off).max(0);
                    let authority = s.owner_authority(None).unwrap();
                    s.record_count(authority, &[(p.id, counted)], Some("opname"))
                        .expect("count")
                });
                self.model.movement(p, count.lines[0].difference_milli());
                self.model.counts.insert(count.id, ());
            }
        }
    }

    /// A price edit on till `i` (LWW across tills).
    pub fn edit_price(&mut self, i: usize, rng: &mut StdRng) {
        let products = self.devices[i].products();
        if let Some(p) = products.get(rng.random_range(0..products.len().max(1))) {
            self.devices[i].set_price(p, rng.random_range(1..=60) * 500);
        }
    }

    /// Faults off; every till syncs until a whole pass moves nothing (bounded).
    pub async fn heal(&self, cluster: &Cluster) -> Result<(), String> {
        cluster.faults.set_on(false);
        let mut last = String::new();
        for _ in 0..15 {
            let mut quiet = true;
            for d in &self.devices {
                match d.sync().await {
                    Ok(r) => {
                        cluster.note(&r);
                        quiet &= r.pushed == 0 && r.pulled == 0;
                    }
                    Err(e) => {
                        quiet = false;
                        last = format!("till {}: {e}", d.code);
                    }
                }
            }
            if quiet {
                return Ok(());
            }
        }
        Err(format!(
            "not quiescent after 15 passes (last error: {last})"
        ))
    }
}

/// The schedule of `seed` on `cluster`. The seed's low bit says whether the skewed till runs
/// ahead or behind (schedule seeds alternate it).
pub async fn run(cluster: &mut Cluster, seed: u64) -> Result<(), String> {
    let mut rng = StdRng::seed_from_u64(seed);
    let skewed = rng.random_range(0..3);
    let mut shop = Shop::open(cluster, seed, skewed, seed & 1 == 0).await;
    cluster.faults.start(seed);
    for _ in 0..rng.random_range(2..=4) {
        for i in 0..3 {
            for _ in 0..rng.random_range(0..=2) {
                shop.ring_up(i, &mut rng);
            }
        }
        if rng.random_bool(0.5) {
            shop.move_stock(rng.random_range(0..3), &mut rng);
        }
        if rng.random_bool(0.5) {
            shop.edit_price(rng.random_range(0..3), &mut rng);
        }
        for _ in 0..rng.random_range(0..=3) {
            shop.books_op(rng.random_range(0..3), &mut rng);
        }
        faulty_rounds(cluster, &shop, &mut rng, &[0, 1, 2]).await;
    }
    shop.heal(cluster).await?;
    invariants::check_all(&shop.devices, &shop.model).await?;
    let books = tokio::task::block_in_place(|| {
        cluster.servers[0].admin(&["store", "books", "--store", &shop.store.to_string()])
    });
    let books: laris_server::books::Books =
        serde_json::from_str(&books).map_err(|e| format!("the server's books: {e}"))?;
    invariants::books_converged(&shop.devices, &shop.model, shop.customer, &books)?;
    replay_changes_nothing(&shop, &mut rng).await
}

/// One sync round of each till in `tills`, in a random order, with faults on; one in ten
/// with its server SIGKILLed mid-round. Then every clock moves on.
pub async fn faulty_rounds(cluster: &mut Cluster, shop: &Shop, rng: &mut StdRng, tills: &[usize]) {
    cluster.faults.set_on(true);
    let mut order = tills.to_vec();
    order.shuffle(rng);
    for i in order {
        let device = &shop.devices[i];
        if rng.random_bool(0.1) {
            let round = device.spawn_sync();
            tokio::time::sleep(Duration::from_millis(rng.random_range(0..40))).await;
            cluster.kill_and_restart(rng.random_range(0..cluster.servers.len()));
            cluster.kills += 1;
            match round.await {
                Ok(Ok(r)) => cluster.note(&r),
                _ => cluster.failed_rounds += 1,
            }
        } else {
            match device.sync().await {
                Ok(r) => cluster.note(&r),
                Err(_) => cluster.failed_rounds += 1,
            }
        }
    }
    for d in &shop.devices {
        d.clock.advance(rng.random_range(1_000..900_000));
    }
}

/// Sends one recorded push request again, verbatim: the proofs stay as they were and no
/// till has anything to push or pull after it.
pub async fn replay_changes_nothing(shop: &Shop, rng: &mut StdRng) -> Result<(), String> {
    let start = rng.random_range(0..3);
    let Some((d, req)) = (0..3)
        .map(|k| &shop.devices[(start + k) % 3])
        .find_map(|d| {
            let req = d.transport.last_push.lock().unwrap().clone();
            req.map(|r| (d, r))
        })
    else {
        return Ok(());
    };
    let before = invariants::proofs(&shop.devices).await?;
    let reply = laris_sync::Transport::push(&d.transport.fresh(), &req)
        .await
        .map_err(|e| format!("replayed push of till {}: {e}", d.code))?;
    let last = req.events.last().map_or(0, |e| e.seq);
    if reply.acked_seq < last {
        return Err(format!("replay acked {} < {last}", reply.acked_seq));
    }
    let after = invariants::proofs(&shop.devices).await?;
    if before != after {
        return Err(format!(
            "a replayed push changed the proofs: {before:?} → {after:?}"
        ));
    }
    for d in &shop.devices {
        let r = d.sync().await.map_err(|e| e.to_string())?;
        if r.pushed != 0 || r.pulled != 0 {
            return Err(format!(
                "after a replay till {} moved: {}",
                d.code,
                r.summary()
            ));
        }
    }
    invariants::tills_hold_every_sale_whole(&shop.devices, &shop.model)
}
