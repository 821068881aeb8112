//! `flaky`: the last 5,000 sales of A (sales 20,001–25,000), rung up on a fresh device (setup),
//! pushed to a fresh server through a proxy that cuts every connection after 200,000 bytes
//! (both directions together), sync rounds repeated until the outbox is acknowledged (at most
//! `--max-rounds`). Then what the server holds: its sales and distinct (device, receipt)
//! pairs, read from its database, and the device's proof of sync from the server.

use std::sync::Arc;
use std::time::Instant;

use laris_proxy::{Fault, FixedFault, Proxy};
use laris_sync::{HttpTransport, RoundConfig, Timeouts, Transport};

use crate::device::{self, BenchIds};
use crate::push::runtime;
use crate::report::Report;
use crate::server::{self, Db, Server};
use crate::stats::round2;
use crate::{BenchResult, Env, data, machine};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Run the server on PostgreSQL (a fresh database beside the one this URL names).
    #[arg(long)]
    pub postgres: Option<String>,
    /// Sales of A skipped before the flaky-link ones.
    #[arg(long, default_value_t = 20_000)]
    pub skip: usize,
    #[arg(long, default_value_t = 5_000)]
    pub sales: usize,
    /// Bytes each connection carries (both ways) before the proxy cuts it.
    #[arg(long, default_value_t = 200_000)]
    pub cut_after: u64,
    #[arg(long, default_value_t = 200)]
    pub max_rounds: u32,
    #[arg(long, default_value = "bench-sales-A-25k.ndjson.gz")]
    pub file: String,
}

pub fn run(env: &Env, args: &Args) -> BenchResult<Report> {
    runtime(4)?.block_on(async {
        let db = Db::fresh(env, args.postgres.as_deref(), "flaky").await?;
        let all = data::read_sales(&env.data_dir.join(&args.file), args.skip + args.sales)?;
        let sales = &all[args.skip.min(all.len())..];
        eprintln!("flaky: ringing up {} sales (setup)", sales.len());
        let path = db.dir().join("device-a.db");
        let (store, clock) = tokio::task::block_in_place(|| {
            device::ring_up_device(&path, "A", Arc::new(BenchIds::new(43, 43)), sales, sales)
        })?;
        let n = sales.len();
        let (store_id, code) = {
            let storage = db.open().await?;
            let id = server::create_store(storage.as_ref(), 0).await?;
            (id, server::pairing_code(storage.as_ref(), id).await?)
        };
        let server = Server::start(&db).await?;
        let fault = Fault::CutAfter(args.cut_after);
        let proxy = Proxy::start(server.addr, Arc::new(FixedFault(fault))).await?;
        clock.set(laris_server::Clock::system().now_ms());
        let device = laris_sync::shared(store);
        // Pairing goes through the same flaky link; it is small and retried if cut.
        let mut transport = None;
        for _ in 0..10 {
            match device::pair(&device, &proxy.url(), &code, Timeouts::default()).await {
                Ok(t) => {
                    transport = Some(t);
                    break;
                }
                Err(e) => eprintln!("flaky: pairing failed ({e}); again"),
            }
        }
        let transport = transport.ok_or("pairing never got through the flaky link")?;
        let config = RoundConfig::default();
        let (up0, down0) = (proxy.stats().up(), proxy.stats().down());
        let conns0 = proxy.stats().connections.load(std::sync::atomic::Ordering::Relaxed);
        eprintln!("flaky: {n} sales through {} ({fault:?})", proxy.url());
        let start = Instant::now();
        let rounds = device::until_acked(&device, &transport, &config, args.max_rounds).await?;
        let wall_s = start.elapsed().as_secs_f64();
        let (up, down) = (proxy.stats().up() - up0, proxy.stats().down() - down0);
        let conns = proxy.stats().connections.load(std::sync::atomic::Ordering::Relaxed) - conns0;
        let pending = device::pending(&device)?;
        let state = device::lock(&device).sync_state()?;
        let (credential, acked_seq) = (state.credential, state.acked_seq);
        let proof = HttpTransport::new(&server.url(), credential)?.proof().await?;
        let mode = server.mode();
        server.stop().await?;
        let (server_sales, distinct) = db.count_sales().await?;
        let completed = pending == 0 && distinct == n as u64 && proof.gaps.is_empty();
        let mut r = Report::new("flaky");
        r.set("sales", n);
        r.set("wall_s", round2(wall_s));
        r.set("completed", completed);
        r.set("server_sales", server_sales);
        r.set("duplicates", server_sales - distinct);
        r.set("lost", (n as u64).saturating_sub(distinct));
        r.set("bytes_up", up);
        r.set("bytes_down", down);
        r.set("cut_after", args.cut_after);
        r.set("connections", conns);
        r.set("rounds", rounds.rounds);
        r.set("failed_rounds", rounds.failed);
        r.set("device_acked_seq", acked_seq);
        r.set("outbox_pending", pending);
        r.set("last_error", rounds.last_error.unwrap_or_default());
        r.set("proof_sales", proof.sales);
        r.set("proof_events", proof.events);
        r.set("proof_last_seq", proof.last_seq);
        r.set("proof_gaps", proof.gaps.len());
        r.set("proof_duplicates_rejected", proof.duplicates_rejected);
        r.set("batch_max_events", config.push_bounds.max_events);
        r.set("batch_max_bytes", config.push_bounds.max_bytes);
        r.set("store_id", store_id.to_string());
        r.set("backend", db.backend());
        r.set("server_mode", mode);
        r.set("loadavg", device::loadavg());
        r.extend(machine::fields(&env.tmp_dir));
        r.note(
            "duplicates = server sales − distinct (device, receipt) on the server; lost = sales \
             rung up − distinct on the server; completed = outbox acknowledged, all there, no gaps.",
        );
        db.drop_database().await?;
        Ok(r)
    })
}
