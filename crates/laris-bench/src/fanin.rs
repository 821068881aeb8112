//! `fanin`: many devices (default 1,000) in one process, each with its own device database
//! (a file in the scratch directory) holding 50 rung-up sales (setup), paired with one server
//! (setup); then all of them at once run one sync round each (push, then pull the store's
//! changes), as tokio tasks. Devices are grouped into stores (`--devices-per-store`), so a
//! pull brings the other tills' sales. Latency is per HTTP request (handshake, push, pull),
//! timed around each call of the device's transport.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use laris_sync::{HttpTransport, RoundConfig, SharedStore, Timeouts};
use uuid::Uuid;

use crate::device::{self, BenchIds, Request, Timed};
use crate::push::runtime;
use crate::report::Report;
use crate::server::{self, Db, Server};
use crate::stats::{Samples, round2};
use crate::{BenchResult, Env, data, machine};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Run the server on PostgreSQL (a fresh database beside the one this URL names).
    #[arg(long)]
    pub postgres: Option<String>,
    #[arg(long, default_value_t = 1_000)]
    pub devices: usize,
    #[arg(long, default_value_t = 50)]
    pub sales_per_device: usize,
    /// Devices per store (each store gets its own owner and pairing codes).
    #[arg(long, default_value_t = 5)]
    pub devices_per_store: usize,
    /// Threads ringing up the device databases (setup).
    #[arg(long, default_value_t = 4)]
    pub setup_threads: usize,
    /// Tokio worker threads of the client side.
    #[arg(long, default_value_t = 8)]
    pub workers: usize,
    /// Rounds a device may try (a failed one counts as an error and is retried).
    #[arg(long, default_value_t = 3)]
    pub max_attempts: u32,
    /// Spread the devices' starts evenly over this many milliseconds (0: all at once).
    #[arg(long, default_value_t = 0)]
    pub ramp_ms: u64,
    #[arg(long, default_value = "bench-sales-A-25k.ndjson.gz")]
    pub file: String,
}

pub fn run(env: &Env, args: &Args) -> BenchResult<Report> {
    runtime(args.workers)?.block_on(run_async(env, args))
}

async fn run_async(env: &Env, args: &Args) -> BenchResult<Report> {
    let db = Db::fresh(env, args.postgres.as_deref(), "fanin").await?;
    let all = data::read_sales(&env.data_dir.join(&args.file), usize::MAX)?;
    let per_store = args.devices_per_store.max(1);
    let stores_n = args.devices.div_ceil(per_store);
    let setup = Instant::now();
    eprintln!(
        "fanin: {} devices × {} sales in {stores_n} stores (setup)",
        args.devices, args.sales_per_device
    );
    let devices = tokio::task::block_in_place(|| ring_up_all(&db, args, &all))?;
    let codes = {
        let storage = db.open().await?;
        let mut tasks = Vec::new();
        for s in 0..stores_n {
            let storage = storage.clone();
            tasks.push(tokio::spawn(async move {
                server::create_store(storage.as_ref(), s).await
            }));
        }
        let mut ids: Vec<Uuid> = Vec::new();
        for t in tasks {
            ids.push(t.await.map_err(|e| e.to_string())??);
        }
        let mut codes = Vec::with_capacity(args.devices);
        for d in 0..args.devices {
            codes.push(server::pairing_code(storage.as_ref(), ids[d / per_store]).await?);
        }
        codes
    };
    let server = Server::start(&db).await?;
    let url = server.url();
    let timeouts = Timeouts::default();
    let mut paired: Vec<(SharedStore, HttpTransport)> = Vec::with_capacity(args.devices);
    for (chunk, codes) in devices.chunks(32).zip(codes.chunks(32)) {
        let mut tasks = Vec::new();
        for (store, code) in chunk.iter().zip(codes) {
            let (store, code, url) = (store.clone(), code.clone(), url.clone());
            tasks.push(tokio::spawn(async move {
                let t = device::pair(&store, &url, &code, timeouts).await;
                t.map(|t| (store, t))
            }));
        }
        for t in tasks {
            paired.push(t.await.map_err(|e| e.to_string())??);
        }
    }
    let setup_s = setup.elapsed().as_secs_f64();
    eprintln!(
        "fanin: setup {setup_s:.1} s; {} devices sync at once against {url}",
        paired.len()
    );

    let log = Arc::new(Mutex::new(Vec::<Request>::new()));
    let config = RoundConfig::default();
    let (server_cpu0, client_cpu0) = (server.cpu_s(), server::own_cpu_s());
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(paired.len());
    let count = paired.len().max(1) as u64;
    for (i, (store, http)) in paired.into_iter().enumerate() {
        let transport = Timed::new(http, log.clone());
        let max = args.max_attempts;
        let delay = std::time::Duration::from_millis(args.ramp_ms * i as u64 / count);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let began = Instant::now();
            let mut errors = Vec::new();
            for _ in 0..max {
                match laris_sync::sync_round(&store, &transport, &config).await {
                    Ok(r) => return (began.elapsed(), r.pushed, r.applied.sales, errors, true),
                    Err(e) => errors.push(format!("{}: {e}", e.code())),
                }
            }
            (began.elapsed(), 0, 0, errors, false)
        }));
    }
    let mut rounds = Samples::with_capacity(tasks.len());
    let (mut pushed, mut pulled_sales, mut failed_devices) = (0u64, 0u64, 0usize);
    let mut errors: Vec<String> = Vec::new();
    for t in tasks {
        let (took, p, s, errs, ok) = t.await.map_err(|e| e.to_string())?;
        rounds.push(took);
        pushed += p;
        pulled_sales += s;
        errors.extend(errs);
        failed_devices += usize::from(!ok);
    }
    let wall_s = start.elapsed().as_secs_f64();
    let client_cpu_s = server::own_cpu_s() - client_cpu0;
    let server_cpu_s = server.cpu_s().zip(server_cpu0).map(|(b, a)| round2(b - a));
    let requests = std::mem::take(&mut *log.lock().unwrap_or_else(|e| e.into_inner()));
    let server_peak = server.peak_rss_mb();
    let mode = server.mode();
    server.stop().await?;
    let (server_sales, distinct) = db.count_sales().await?;

    let sales = args.devices * args.sales_per_device;
    let mut all_req = Samples::with_capacity(requests.len());
    let mut by_call: std::collections::BTreeMap<&str, Samples> = Default::default();
    let mut failed_requests = 0usize;
    for q in &requests {
        all_req.push(q.took);
        by_call.entry(q.call).or_default().push(q.took);
        failed_requests += usize::from(!q.ok);
    }
    let ms = |us: f64| round2(us / 1000.0);
    let mut r = Report::new("fanin");
    r.set("devices", args.devices);
    r.set("sales", sales);
    r.set("wall_s", round2(wall_s));
    r.set("sales_per_s", round2(sales as f64 / wall_s));
    r.set("req_p50_ms", ms(all_req.pct_us(50.0)));
    r.set("req_p99_ms", ms(all_req.pct_us(99.0)));
    r.set("errors", errors.len());
    r.set("requests", all_req.len());
    r.set("failed_requests", failed_requests);
    r.set("failed_devices", failed_devices);
    r.set("req_max_ms", ms(all_req.max_us()));
    for (call, s) in &mut by_call {
        r.set(&format!("{call}_p50_ms"), ms(s.pct_us(50.0)));
        r.set(&format!("{call}_p99_ms"), ms(s.pct_us(99.0)));
        r.set(&format!("{call}_requests"), s.len());
    }
    r.set("round_p50_ms", ms(rounds.pct_us(50.0)));
    r.set("round_p99_ms", ms(rounds.pct_us(99.0)));
    r.set("events_pushed", pushed);
    r.set("sales_pulled", pulled_sales);
    r.set("server_sales", server_sales);
    r.set("server_duplicates", server_sales - distinct);
    r.set("devices_per_store", per_store);
    r.set("stores", stores_n);
    r.set("client_workers", args.workers);
    r.set("ramp_ms", args.ramp_ms);
    r.set("setup_s", round2(setup_s));
    r.set("first_error", errors.first().cloned().unwrap_or_default());
    r.set("client_cpu_s", round2(client_cpu_s));
    r.set("server_cpu_s", server_cpu_s);
    r.set("server_peak_rss_mb", server_peak);
    r.set("server_mode", mode);
    r.set("backend", db.backend());
    r.set(
        "target_met",
        errors.is_empty() && all_req.pct_us(99.0) < 250_000.0,
    );
    r.set("loadavg", device::loadavg());
    r.extend(machine::fields(&env.tmp_dir));
    r.note(
        "req = one HTTP request (handshake, push or pull) as the device sees it; every device \
         runs one round (push its outbox, pull the store's changes) at the same moment.",
    );
    db.drop_database().await?;
    Ok(r)
}

/// Rings up every device's database (files in the scratch dir) on a few threads.
fn ring_up_all(db: &Db, args: &Args, all: &[data::SaleRecord]) -> BenchResult<Vec<SharedStore>> {
    let dir = db.dir().join("devices");
    std::fs::create_dir_all(&dir)?;
    let per_store = args.devices_per_store.max(1);
    let catalog = &all[..all.len().min(1_000)];
    let threads = args.setup_threads.max(1);
    let slots: Vec<Mutex<Option<SharedStore>>> =
        (0..args.devices).map(|_| Mutex::new(None)).collect();
    let failure: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (slots, failure, dir) = (&slots, &failure, &dir);
            scope.spawn(move || {
                for d in (t..args.devices).step_by(threads) {
                    let from = (d * args.sales_per_device) % all.len().max(1);
                    let to = (from + args.sales_per_device).min(all.len());
                    let ids = Arc::new(BenchIds::new(1_000 + d as u64, (d / per_store) as u64));
                    let path = dir.join(format!("device-{d}.db"));
                    match device::ring_up_device(
                        &path,
                        &format!("D{d}"),
                        ids,
                        catalog,
                        &all[from..to],
                    ) {
                        Ok((store, clock)) => {
                            clock.set(laris_server::Clock::system().now_ms());
                            *slots[d].lock().unwrap_or_else(|e| e.into_inner()) =
                                Some(laris_sync::shared(store));
                        }
                        Err(e) => {
                            *failure.lock().unwrap_or_else(|e| e.into_inner()) =
                                Some(format!("device {d}: {e}"));
                            return;
                        }
                    }
                    if d % 100 == 0 {
                        eprintln!("fanin: device {d} rung up");
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e.into());
    }
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .ok_or_else(|| "a device was not rung up".into())
        })
        .collect()
}
