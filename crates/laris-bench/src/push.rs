//! `push`: device A rings up the first 20,000 sales of A (setup, not timed), pairs with a
//! fresh `laris-server` through a counting `laris-proxy`, then one sync (rounds repeated until
//! the outbox is acknowledged) pushes them. Timed: the sync only. Bytes: TCP payload both ways
//! at the proxy (HTTP headers included), counted from after pairing.

use std::sync::Arc;
use std::time::Instant;

use laris_proxy::{Fault, FixedFault, Proxy};
use laris_sync::{RoundConfig, Timeouts};

use crate::device::{self, BenchIds, Rounds};
use crate::report::Report;
use crate::server::{self, Db, Server};
use crate::stats::round2;
use crate::{BenchResult, Env, data, machine};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Run the server on PostgreSQL: a fresh database is created beside the one this URL names
    /// (its user must be allowed to create databases) and dropped afterwards.
    #[arg(long)]
    pub postgres: Option<String>,
    /// How many sales of A (from the start of the file).
    #[arg(long, default_value_t = 20_000)]
    pub sales: usize,
    /// The sales file of device A, relative to the data directory.
    #[arg(long, default_value = "bench-sales-A-25k.ndjson.gz")]
    pub file: String,
}

/// A server with device A's sales pushed, for `push` and `pull`.
#[derive(Debug)]
pub struct Pushed {
    pub db: Db,
    pub server: Server,
    pub store_id: uuid::Uuid,
    pub rounds: Rounds,
    pub sales: usize,
    pub wall_s: f64,
    pub bytes_up: u64,
    pub bytes_down: u64,
    pub client_peak_rss_mb: f64,
    pub rss_before_mb: f64,
    pub client_cpu_s: f64,
    pub server_cpu_s: Option<f64>,
    /// Time inside HTTP requests, by call (seconds), and their count.
    pub request_s: Vec<(&'static str, f64, usize)>,
    pub peak_reset: bool,
    pub config: RoundConfig,
}

pub async fn push_phase(env: &Env, args: &Args) -> BenchResult<Pushed> {
    let db = Db::fresh(env, args.postgres.as_deref(), "push").await?;
    let sales = data::read_sales(&env.data_dir.join(&args.file), args.sales)?;
    eprintln!(
        "push: ringing up {} sales of A into {} (setup)",
        sales.len(),
        db.dir().display()
    );
    let path = db.dir().join("device-a.db");
    let (store, clock) = tokio::task::block_in_place(|| {
        device::ring_up_device(&path, "A", Arc::new(BenchIds::new(42, 42)), &sales, &sales)
    })?;
    let n = sales.len();
    drop(sales);
    let (store_id, code) = {
        let storage = db.open().await?;
        let id = server::create_store(storage.as_ref(), 0).await?;
        (id, server::pairing_code(storage.as_ref(), id).await?)
    };
    let server = Server::start(&db).await?;
    let proxy = Proxy::start(server.addr, Arc::new(FixedFault(Fault::None))).await?;
    clock.set(laris_server::Clock::system().now_ms());
    let device = laris_sync::shared(store);
    let transport = device::pair(&device, &proxy.url(), &code, Timeouts::default()).await?;
    let config = RoundConfig::default();
    let (up0, down0) = (proxy.stats().up(), proxy.stats().down());
    let rss_before_mb = server::rss_mb();
    let peak_reset = server::reset_peak_rss();
    eprintln!(
        "push: {n} sales through {} to {}",
        proxy.url(),
        server.url()
    );
    let log = Arc::new(std::sync::Mutex::new(Vec::new()));
    let timed = device::Timed::new(transport, log.clone());
    let (server_cpu0, client_cpu0) = (server.cpu_s(), server::own_cpu_s());
    let start = Instant::now();
    let rounds = device::until_acked(&device, &timed, &config, 10).await?;
    let wall_s = start.elapsed().as_secs_f64();
    let client_cpu_s = server::own_cpu_s() - client_cpu0;
    let server_cpu_s = server.cpu_s().zip(server_cpu0).map(|(b, a)| b - a);
    let client_peak_rss_mb = server::peak_rss_mb();
    if device::pending(&device)? > 0 {
        return Err(format!("push did not finish: {rounds:?}").into());
    }
    let mut request_s: Vec<(&'static str, f64, usize)> = Vec::new();
    for q in log.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        match request_s.iter_mut().find(|(c, _, _)| *c == q.call) {
            Some(slot) => {
                slot.1 += q.took.as_secs_f64();
                slot.2 += 1;
            }
            None => request_s.push((q.call, q.took.as_secs_f64(), 1)),
        }
    }
    Ok(Pushed {
        client_cpu_s,
        server_cpu_s,
        request_s,
        store_id,
        rounds,
        sales: n,
        wall_s,
        bytes_up: proxy.stats().up() - up0,
        bytes_down: proxy.stats().down() - down0,
        client_peak_rss_mb,
        rss_before_mb,
        peak_reset,
        config,
        db,
        server,
    })
}

pub fn run(env: &Env, args: &Args) -> BenchResult<Report> {
    runtime(4)?.block_on(async {
        let p = push_phase(env, args).await?;
        let mut r = Report::new("push");
        let bytes = p.bytes_up + p.bytes_down;
        let per_sale = round2(bytes as f64 / p.sales as f64);
        let rate = round2(p.sales as f64 / p.wall_s);
        r.set("sales", p.sales);
        r.set("wall_s", round2(p.wall_s));
        r.set("sales_per_s", rate);
        r.set("bytes_up", p.bytes_up);
        r.set("bytes_down", p.bytes_down);
        r.set("bytes_per_sale", per_sale);
        r.set("client_peak_rss_mb", p.client_peak_rss_mb);
        r.set("client_rss_before_sync_mb", p.rss_before_mb);
        r.set("client_peak_rss_reset", p.peak_reset);
        r.set("server_peak_rss_mb", p.server.peak_rss_mb());
        r.set("server_mode", p.server.mode());
        r.set("backend", p.db.backend());
        r.set("events_pushed", p.rounds.pushed);
        r.set("push_requests", p.rounds.push_requests);
        r.set("rounds", p.rounds.rounds);
        r.set("failed_rounds", p.rounds.failed);
        r.set("quarantined", p.rounds.quarantined);
        r.set("batch_max_events", p.config.push_bounds.max_events);
        r.set("batch_max_bytes", p.config.push_bounds.max_bytes);
        let mut in_requests = 0.0;
        for (call, secs, count) in &p.request_s {
            r.set(&format!("{call}_requests"), *count);
            r.set(&format!("{call}_request_s"), round2(*secs));
            in_requests += secs;
        }
        r.set("client_local_s", round2(p.wall_s - in_requests));
        r.set("client_cpu_s", round2(p.client_cpu_s));
        r.set("server_cpu_s", p.server_cpu_s.map(round2));
        r.set("target_sales_per_s", 23_000);
        r.set("target_bytes_per_sale", 85);
        r.set("target_met", rate >= 23_000.0 && per_sale <= 85.0);
        r.set("loadavg", device::loadavg());
        r.extend(machine::fields(&env.tmp_dir));
        r.note(
            "wall_s = the sync only (rounds until the outbox is acknowledged); bytes = TCP payload \
             at the proxy, both ways, HTTP headers included, pairing excluded; client_peak_rss_mb = \
             this process's VmHWM, reset (clear_refs 5) just before the sync.",
        );
        let (server, db) = (p.server, p.db);
        server.stop().await?;
        db.drop_database().await?;
        Ok(r)
    })
}

/// A multi-thread tokio runtime for one workload.
pub fn runtime(workers: usize) -> BenchResult<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()?)
}
