//! `pull`: after `push` (setup, not timed: device A's 20,000 sales on a fresh server), a fresh
//! device B (no catalog, no sales) paired to the same store pulls everything through a
//! counting proxy. Timed: B's sync round (handshake, an empty push, every pull page applied).

use std::sync::Arc;
use std::time::Instant;

use laris_proxy::{Fault, FixedFault, Proxy};
use laris_sync::Timeouts;

use crate::device::{self, BenchIds};
use crate::push::{self, runtime};
use crate::report::Report;
use crate::server;
use crate::stats::round2;
use crate::{BenchResult, Env, machine};

pub fn run(env: &Env, args: &push::Args) -> BenchResult<Report> {
    runtime(4)?.block_on(async {
        let p = push::push_phase(env, args).await?;
        let code = {
            let storage = p.db.open().await?;
            server::pairing_code(storage.as_ref(), p.store_id).await?
        };
        let path = p.db.dir().join("device-b.db");
        let (store, clock) = tokio::task::block_in_place(|| {
            device::ring_up_device(&path, "B", Arc::new(BenchIds::new(7, 7)), &[], &[])
        })?;
        clock.set(laris_server::Clock::system().now_ms());
        let b = laris_sync::shared(store);
        let proxy = Proxy::start(p.server.addr, Arc::new(FixedFault(Fault::None))).await?;
        let transport = device::pair(&b, &proxy.url(), &code, Timeouts::default()).await?;
        let (up0, down0) = (proxy.stats().up(), proxy.stats().down());
        eprintln!("pull: device B pulls through {}", proxy.url());
        let (server_cpu0, client_cpu0) = (p.server.cpu_s(), server::own_cpu_s());
        let start = Instant::now();
        let rounds = device::until_acked(&b, &transport, &p.config, 10).await?;
        let wall_s = start.elapsed().as_secs_f64();
        let client_cpu_s = server::own_cpu_s() - client_cpu0;
        let server_cpu_s = p
            .server
            .cpu_s()
            .zip(server_cpu0)
            .map(|(b, a)| round2(b - a));
        let (up, down) = (proxy.stats().up() - up0, proxy.stats().down() - down0);
        let held: i64 =
            device::lock(&b)
                .conn()
                .query_row("SELECT count(*) FROM sales", [], |r| r.get(0))?;
        let mut r = Report::new("pull");
        r.set("sales", held);
        r.set("wall_s", round2(wall_s));
        r.set("bytes_down", down);
        r.set("bytes_up", up);
        r.set("sales_per_s", round2(held as f64 / wall_s));
        r.set(
            "bytes_per_sale",
            round2((up + down) as f64 / held.max(1) as f64),
        );
        r.set("changes_pulled", rounds.pulled);
        r.set("pages", rounds.pages);
        r.set("pull_page", p.config.pull_page);
        r.set("rounds", rounds.rounds);
        r.set("failed_rounds", rounds.failed);
        r.set("expected_sales", p.sales);
        r.set("complete", held as usize == p.sales);
        r.set("client_cpu_s", round2(client_cpu_s));
        r.set("server_cpu_s", server_cpu_s);
        r.set("backend", p.db.backend());
        r.set("server_mode", p.server.mode());
        r.set("push_wall_s", round2(p.wall_s));
        r.set("loadavg", device::loadavg());
        r.extend(machine::fields(&env.tmp_dir));
        r.note(
            "wall_s = device B's sync rounds (pull pages applied locally, one transaction each).",
        );
        let (server, db) = (p.server, p.db);
        server.stop().await?;
        db.drop_database().await?;
        Ok(r)
    })
}
