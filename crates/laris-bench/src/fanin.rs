//! `fanin`: many devices (default 1,000) in one process, each with its own device database
//! (a file in the scratch directory), paired with one server. Setup (not timed): every device
//! gets the store's catalog and opening stock, pairs, syncs it (so every till of a store holds
//! the same catalog and stock, as after a shop's first day), then rings up its 50 sales. Timed:
//! every device runs one sync round (push its 50 sales, pull the store's changes: the other
//! tills' sales), as tokio tasks, all at once or with starts spread over `--ramp-ms`. Devices
//! are grouped into stores (`--devices-per-store`). Latency is per HTTP request (handshake,
//! push, pull), timed around each call of the device's transport.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use laris_core::ManualClock;
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
    let opened = tokio::task::block_in_place(|| open_all(&db, args, &all))?;
    let codes = {
        let storage = db.open().await?;
        let ids: Vec<Uuid> = in_chunks((0..stores_n).map(|s| {
            let storage = storage.clone();
            async move { server::create_store(storage.as_ref(), s).await }
        }))
        .await?;
        let mut codes = Vec::with_capacity(args.devices);
        for d in 0..args.devices {
            codes.push(server::pairing_code(storage.as_ref(), ids[d / per_store]).await?);
        }
        codes
    };
    let server = Server::start(&db).await?;
    let url = server.url();
    let timeouts = Timeouts::default();
    let jobs = opened.into_iter().zip(codes).map(|((store, clock), code)| {
        let url = url.clone();
        async move {
            let http = device::pair(&store, &url, &code, timeouts).await?;
            Ok((store, clock, http))
        }
    });
    let paired: Vec<(SharedStore, Arc<ManualClock>, HttpTransport)> = in_chunks(jobs).await?;
    // Every till's first sync (its catalog and opening stock up, the others' down) happens
    // before the timed part, twice so that each device also has what the later ones pushed:
    // the timed round then moves the 50 new sales up and the other tills' sales down, as a
    // shop's tills do on an ordinary sync.
    for pass in 1..=2 {
        let jobs = paired.iter().map(|(store, _, http)| {
            let (store, http) = (store.clone(), http.clone());
            async move {
                let rounds =
                    device::until_acked(&store, &http, &RoundConfig::default(), 5).await?;
                if rounds.failed > 0 || rounds.quarantined > 0 {
                    return Err(format!(
                        "setup sync (pass {pass}): {} failed rounds, {} quarantined, last error {:?}",
                        rounds.failed, rounds.quarantined, rounds.last_error
                    )
                    .into());
                }
                Ok(())
            }
        });
        in_chunks(jobs).await?;
    }
    tokio::task::block_in_place(|| ring_up_all(args, &all, &paired))?;
    let setup_s = setup.elapsed().as_secs_f64();
    eprintln!(
        "fanin: setup {setup_s:.1} s; {} devices sync at once against {url}",
        paired.len()
    );

    let log = Arc::new(Mutex::new(Vec::<Request>::new()));
    let config = RoundConfig::default();
    let (server_cpu0, client_cpu0) = (server.cpu_s(), server::own_cpu_s());
    let db_cpu0 = server::postgres_cpu_by_pid();
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(paired.len());
    let count = paired.len().max(1) as u64;
    for (i, (store, _, http)) in paired.into_iter().enumerate() {
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
    let db_cpu_s = server::cpu_since(&db_cpu0, &server::postgres_cpu_by_pid());
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
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let db_cpu_s = (db.backend() == "postgres").then_some(db_cpu_s);
    if let Some(cpu) = db_cpu_s {
        r.set("postgres_cpu_s", round2(cpu));
    }
    if let Some(server_cpu) = server_cpu_s {
        let floor = (server_cpu + db_cpu_s.unwrap_or(0.0)) / cores as f64;
        r.set("server_side_floor_s", round2(floor));
    }
    r.set("cores", cores);
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
         runs one round (push its 50 sales, pull the store's changes), all at the same moment \
         (ramp_ms 0) or starting evenly over ramp_ms. server_side_floor_s = CPU of the server \
         and its database over the machine's cores: the least time the server side needs for \
         the whole burst, whatever the client does.",
    );
    db.drop_database().await?;
    Ok(r)
}

/// Runs the jobs as tokio tasks, 32 at a time (setup: pairing or syncing 1,000 devices at
/// once would only queue), and returns their results in order; the first failure stops it.
async fn in_chunks<R, F>(jobs: impl IntoIterator<Item = F>) -> BenchResult<Vec<R>>
where
    R: Send + 'static,
    F: Future<Output = BenchResult<R>> + Send + 'static,
{
    let mut out = Vec::new();
    let mut jobs = jobs.into_iter().peekable();
    while jobs.peek().is_some() {
        let tasks: Vec<_> = jobs.by_ref().take(32).map(tokio::spawn).collect();
        for t in tasks {
            out.push(t.await.map_err(|e| e.to_string())??);
        }
    }
    Ok(out)
}

/// Opens every device's database (files in the scratch dir) with its catalog, on a few
/// threads; each device's clock is left at the present, for pairing.
fn open_all(
    db: &Db,
    args: &Args,
    all: &[data::SaleRecord],
) -> BenchResult<Vec<(SharedStore, Arc<ManualClock>)>> {
    let dir = db.dir().join("devices");
    std::fs::create_dir_all(&dir)?;
    let per_store = args.devices_per_store.max(1);
    let catalog = &all[..all.len().min(1_000)];
    on_threads(args.devices, args.setup_threads, |d| {
        let ids = Arc::new(BenchIds::new(1_000 + d as u64, (d / per_store) as u64));
        let path = dir.join(format!("device-{d}.db"));
        let (store, clock) = device::open_device(&path, &format!("D{d}"), ids, catalog)?;
        clock.set(laris_server::Clock::system().now_ms());
        Ok((laris_sync::shared(store), clock))
    })
}

/// Rings up each device's 50 sales (device d takes sales 50·d to 50·d+49 of the file,
/// wrapping), leaving its clock at the present again.
fn ring_up_all(
    args: &Args,
    all: &[data::SaleRecord],
    devices: &[(SharedStore, Arc<ManualClock>, HttpTransport)],
) -> BenchResult<()> {
    on_threads(devices.len(), args.setup_threads, |d| {
        let (store, clock, _) = &devices[d];
        let from = (d * args.sales_per_device) % all.len().max(1);
        let to = (from + args.sales_per_device).min(all.len());
        device::ring_up(&mut device::lock(store), clock, &all[from..to])?;
        clock.set(laris_server::Clock::system().now_ms());
        if d % 100 == 0 {
            eprintln!("fanin: device {d} rung up");
        }
        Ok(())
    })?;
    Ok(())
}

/// `job(0..n)` on `threads` threads, results in order; the first failure stops the others.
fn on_threads<T: Send>(
    n: usize,
    threads: usize,
    job: impl Fn(usize) -> BenchResult<T> + Sync,
) -> BenchResult<Vec<T>> {
    let threads = threads.max(1);
    let slots: Vec<Mutex<Option<T>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let failure: Mutex<Option<String>> = Mutex::new(None);
    let failed = || {
        failure
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_some()
    };
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (slots, failure, job, failed) = (&slots, &failure, &job, &failed);
            scope.spawn(move || {
                for d in (t..n).step_by(threads) {
                    if failed() {
                        return;
                    }
                    match job(d) {
                        Ok(v) => {
                            *slots[d]
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(v);
                        }
                        Err(e) => {
                            *failure
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner) =
                                Some(format!("device {d}: {e}"));
                            return;
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failure
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        return Err(e.into());
    }
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .ok_or_else(|| "a device was not set up".into())
        })
        .collect()
}
