//! Sync under faults, end to end: real server processes (SQLite and PostgreSQL) behind a
//! fault-injecting proxy, three tills per store on real files, randomized seeded schedules of
//! sales, stock moves, price edits, dropped/cut/replayed connections and SIGKILLed servers;
//! after healing, the sync invariants of DESIGN.md must hold.
//!
//! Replay: `LARIS_FAULT_SEED=<run seed>` repeats a whole run, `LARIS_FAULT_SCHEDULE_SEED=<seed>`
//! one failing schedule; `LARIS_FAULT_SCHEDULES=<n>` sets the count (200 under CI=true).

use std::path::Path;

use laris_core::{Cart, Tender};
use laris_protocol::v1::api::ProofV1;
use laris_protocol::v1::{Handshake, PROTOCOL_VERSION, PullRequest};
use laris_sync::{SyncError, Transport};
use laris_tests::fleet::{Device, http};
use laris_tests::postgres::{TestDatabase, admin_url};
use laris_tests::schedule::{self, Cluster, Shop};
use laris_tests::server::Backend;
use laris_tests::{device_restore, invariants, seed_from_env, usize_from_env};
use rand::{Rng, SeedableRng, rngs::StdRng};

const SERVER: &str = env!("CARGO_BIN_EXE_e2e_server");

fn binary() -> &'static Path {
    Path::new(SERVER)
}

fn postgres() -> Option<Backend> {
    admin_url().map(|url| Backend::Postgres(TestDatabase::create(&url)))
}

/// The seeds of this run's schedules, printed so a failure can be replayed.
fn schedule_seeds(label: &str, ci_default: usize, local_default: usize) -> Vec<u64> {
    if let Ok(one) = std::env::var("LARIS_FAULT_SCHEDULE_SEED") {
        let seed = one
            .trim()
            .parse()
            .expect("LARIS_FAULT_SCHEDULE_SEED is a u64");
        println!("{label}: replaying schedule seed {seed}");
        return vec![seed];
    }
    let ci = std::env::var("CI").as_deref() == Ok("true");
    let count = usize_from_env(
        "LARIS_FAULT_SCHEDULES",
        if ci { ci_default } else { local_default },
    );
    let run_seed = seed_from_env("LARIS_FAULT_SEED");
    println!("{label}: {count} schedules, LARIS_FAULT_SEED={run_seed}");
    let mut rng = StdRng::seed_from_u64(run_seed);
    // The low bit alternates: the skewed till runs ahead, then behind.
    (0..count as u64)
        .map(|i| (rng.random::<u64>() & !1) | (i & 1))
        .collect()
}

async fn run_schedules(label: &str, cluster: Cluster, seeds: Vec<u64>) {
    run_schedules_of(label, cluster, seeds, Kind::Faults).await;
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Faults,
    DeviceRestore,
}

async fn run_schedules_of(label: &str, mut cluster: Cluster, seeds: Vec<u64>, kind: Kind) {
    let started = std::time::Instant::now();
    let mut failed = Vec::new();
    for (i, seed) in seeds.iter().enumerate() {
        let outcome = match kind {
            Kind::Faults => schedule::run(&mut cluster, *seed).await,
            Kind::DeviceRestore => device_restore::run(&mut cluster, *seed).await,
        };
        if let Err(e) = outcome {
            println!("{label}: schedule {i} FAILED, LARIS_FAULT_SCHEDULE_SEED={seed}: {e}");
            failed.push(*seed);
        }
    }
    let faults = cluster
        .faults
        .injected
        .load(std::sync::atomic::Ordering::Relaxed);
    let (renumbered, recovered) = (
        cluster
            .renumbered
            .load(std::sync::atomic::Ordering::Relaxed),
        cluster.recovered.load(std::sync::atomic::Ordering::Relaxed),
    );
    println!(
        "{label}: {} schedules, {faults} faulty connections, {} failed rounds, {} server kills, \
         {renumbered} events renumbered and {recovered} recovered by restored tills, {:.1?}",
        seeds.len(),
        cluster.failed_rounds,
        cluster.kills,
        started.elapsed()
    );
    assert!(
        failed.is_empty(),
        "{label}: failing schedule seeds {failed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_sqlite() {
    let seeds = schedule_seeds("sqlite", 200, 40);
    let cluster = Cluster::start(binary(), Backend::sqlite(), 1).await;
    run_schedules("sqlite", cluster, seeds).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_postgres() {
    let Some(backend) = postgres() else { return };
    let seeds = schedule_seeds("postgres", 200, 40);
    let cluster = Cluster::start(binary(), backend, 1).await;
    run_schedules("postgres", cluster, seeds).await;
}

/// Two server processes on one PostgreSQL database serve one store's tills at once (A and C
/// through the first, B through the second); kills hit either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_two_servers_one_postgres() {
    let Some(backend) = postgres() else { return };
    let seeds = schedule_seeds("postgres x2", 40, 10);
    let cluster = Cluster::start(binary(), backend, 2).await;
    run_schedules("postgres x2", cluster, seeds).await;
}

/// Tills restored from older backups (taken synced and unsynced, restored before and after
/// further syncs), their new sales reusing the lost file's seqs, under faults and kills.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restored_tills_sqlite() {
    let seeds = schedule_seeds("restored tills, sqlite", 40, 12);
    let cluster = Cluster::start(binary(), Backend::sqlite(), 1).await;
    run_schedules_of(
        "restored tills, sqlite",
        cluster,
        seeds,
        Kind::DeviceRestore,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restored_tills_postgres() {
    let Some(backend) = postgres() else { return };
    let seeds = schedule_seeds("restored tills, postgres", 40, 12);
    let cluster = Cluster::start(binary(), backend, 1).await;
    run_schedules_of(
        "restored tills, postgres",
        cluster,
        seeds,
        Kind::DeviceRestore,
    )
    .await;
}

/// The restore the outside tester ran, against the real server with no faults: a till backed
/// up fully synced sells and syncs on, its backup is put back, and it sells before syncing.
/// Its proof then says the server holds other events under its seqs; one sync (nothing by
/// hand) moves its new sales after the server's seqs, gets the lost ones back, and the proof
/// matches.
async fn till_restore_story(backend: Backend) {
    let cluster = Cluster::start(binary(), backend, 1).await;
    let seed = seed_from_env("LARIS_FAULT_SEED");
    let mut rng = StdRng::seed_from_u64(seed);
    let mut shop = Shop::open(&cluster, seed, 3, true).await;
    shop.heal(&cluster).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("a.db");
    shop.devices[0].backup(&backup);
    for _ in 0..3 {
        shop.ring_up(0, &mut rng);
    }
    shop.heal(&cluster).await.unwrap();
    shop.devices[0].restore_from(&backup, seed ^ 0xbac0);
    for _ in 0..4 {
        shop.ring_up(0, &mut rng);
    }
    let before = shop.devices[0].prove().await.unwrap();
    assert!(
        !before.matches() && before.summary().contains("other events than this till's"),
        "{}",
        before.summary()
    );
    let report = shop.devices[0].sync().await.unwrap();
    assert_eq!(
        (report.renumbered, report.recovered),
        (4, 3),
        "{}",
        report.summary()
    );
    shop.heal(&cluster).await.unwrap();
    invariants::check_all(&shop.devices, &shop.model)
        .await
        .unwrap();
    let after = shop.devices[0].prove().await.unwrap();
    assert!(after.matches(), "{}", after.summary());
    println!("restored till: {}", report.summary());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_till_catches_up_by_itself_sqlite() {
    till_restore_story(Backend::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_till_catches_up_by_itself_postgres() {
    if let Some(backend) = postgres() {
        till_restore_story(backend).await;
    }
}

/// A server restored from an older backup, with its epoch rotated, gets the missing sales
/// re-uploaded.
async fn restore(backend: Backend) {
    let mut cluster = Cluster::start(binary(), backend, 1).await;
    let seed = seed_from_env("LARIS_FAULT_SEED");
    println!(
        "restore ({}): LARIS_FAULT_SEED={seed}",
        cluster.backend.name()
    );
    let mut rng = StdRng::seed_from_u64(seed);
    let mut shop = Shop::open(&cluster, seed, 2, true).await;
    let busy = |shop: &mut Shop, rng: &mut StdRng| {
        for i in 0..3 {
            for _ in 0..3 {
                shop.ring_up(i, rng);
            }
        }
        shop.move_stock(1, rng);
        shop.edit_price(2, rng);
    };
    busy(&mut shop, &mut rng);
    shop.heal(&cluster).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup");
    take_backup(&cluster.backend, &backup);
    busy(&mut shop, &mut rng);
    shop.heal(&cluster).await.unwrap();
    invariants::check_all(&shop.devices, &shop.model)
        .await
        .unwrap();

    tokio::task::block_in_place(|| {
        cluster.servers[0].kill();
        restore_backup(&cluster.backend, &backup);
        cluster.servers[0].admin(&["epoch", "rotate"]);
    });
    cluster.kill_and_restart(0);
    let behind = shop.devices[0].prove().await.unwrap();
    assert!(
        behind.up_to < behind.device_last_seq,
        "the restored server should lack events: {}",
        behind.summary()
    );
    shop.heal(&cluster).await.unwrap();
    invariants::check_all(&shop.devices, &shop.model)
        .await
        .unwrap();
}

fn take_backup(backend: &Backend, to: &Path) {
    match backend {
        Backend::Sqlite(_) => {
            let db = rusqlite::Connection::open(backend.sqlite_file().unwrap()).unwrap();
            db.execute("VACUUM INTO ?1", [to.to_str().unwrap()])
                .unwrap();
        }
        Backend::Postgres(db) => {
            let to = to.to_str().unwrap();
            run("pg_dump", &["-Fc", "-f", to, db.url()]);
        }
    }
}

fn restore_backup(backend: &Backend, from: &Path) {
    match backend {
        Backend::Sqlite(_) => {
            let file = backend.sqlite_file().unwrap();
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
            std::fs::copy(from, &file).unwrap();
        }
        Backend::Postgres(db) => {
            let (base, name) = db.url().rsplit_once('/').unwrap();
            let admin = admin_url().unwrap();
            run(
                "psql",
                &[&admin, "-qc", &format!("DROP DATABASE {name} WITH (FORCE)")],
            );
            run("psql", &[&admin, "-qc", &format!("CREATE DATABASE {name}")]);
            let url = format!("{base}/{name}");
            run(
                "pg_restore",
                &["--no-owner", "-d", &url, from.to_str().unwrap()],
            );
        }
    }
}

fn run(program: &str, args: &[&str]) {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restored_server_gets_missing_sales_again_sqlite() {
    restore(Backend::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restored_server_gets_missing_sales_again_postgres() {
    if let Some(backend) = postgres() {
        restore(backend).await;
    }
}

/// A till of store A, with its own credential, names store B's ids on every device endpoint:
/// refused, or answered with A's data only; B's data unchanged.
async fn isolation(backend: Backend) {
    let cluster = Cluster::start(binary(), backend, 1).await;
    let server = &cluster.servers[0];
    let url = cluster.proxies[0].url();
    let (store_a, store_b) =
        tokio::task::block_in_place(|| (server.create_store("A"), server.create_store("B")));
    let a = Device::paired(server, store_a, &url, "A", 0, 1).await;
    let a2 = Device::paired(server, store_a, &url, "C", 0, 3).await;
    let b = Device::paired(server, store_b, &url, "B", 0, 2).await;
    for (d, sku) in [(&a, "A1"), (&a2, "A2"), (&b, "B1")] {
        let mut draft = laris_tests::fleet::starter_catalog().remove(0);
        draft.sku = sku.into();
        let (p, _) = d.with(|s| s.upsert_product(&draft).unwrap());
        d.with(|s| {
            let mut cart = Cart::new();
            cart.add(&p, 2000).unwrap();
            s.checkout(&cart, &[Tender::cash(100_000)], None).unwrap()
        });
        d.sync().await.unwrap();
    }
    let b_before: ProofV1 = b.prove().await.unwrap().server;
    let evil = http(&url, a.credential());
    let hello = |device_id, store_id| Handshake {
        protocol_version: PROTOCOL_VERSION,
        device_id,
        store_id,
        acked_seq: 0,
        last_seq: 0,
        known_epoch: None,
        device_time_ms: 0,
    };
    for (dev, store) in [
        (b.device_id, store_b),
        (a.device_id, store_b),
        (b.device_id, store_a),
    ] {
        let r = evil.handshake(&hello(dev, store)).await;
        assert_forbidden(
            &r,
            &format!("handshake as {dev} of {store} with A's credential"),
        );
    }
    let b_push = b.transport.last_push.lock().unwrap().clone().unwrap();
    let r = evil.push(&b_push).await;
    assert_forbidden(&r, "push of B's events as B with A's credential");
    // B's events under A's name, as A's next seqs: ids are scoped by store, so they become
    // store A's own copies (as if A had made them), the reply is that of any fresh events (it
    // tells A nothing of store B), and B does not change.
    let mut as_a = b_push.clone();
    as_a.device_id = a.device_id;
    let next = a.with(|s| s.last_seq().unwrap()) + 1;
    for (k, e) in as_a.events.iter_mut().enumerate() {
        e.seq = next + k as u64;
    }
    let reply = evil.push(&as_a).await.unwrap();
    assert!(
        reply.quarantined.is_empty() && reply.acked_seq == next + as_a.events.len() as u64 - 1,
        "B's records under A's name: {reply:?}"
    );
    let pulled = evil
        .pull(&PullRequest {
            cursor: 0,
            limit: 500,
        })
        .await
        .unwrap();
    assert!(
        !pulled.changes.is_empty()
            && pulled
                .changes
                .iter()
                .all(|c| c.origin_device == a2.device_id),
        "A's credential pulls its own store's changes only: {:?}",
        pulled.changes
    );
    let proof = evil.proof().await.unwrap();
    assert_eq!(
        proof.device_id, a.device_id,
        "A's credential proved another device"
    );
    assert_eq!(
        b.prove().await.unwrap().server,
        b_before,
        "B's data changed"
    );
    let r = b.sync().await.unwrap();
    assert_eq!(
        (r.pushed, r.pulled),
        (0, 0),
        "B's store changed: {}",
        r.summary()
    );
}

/// Refused with 403 and a machine-readable code (not merely failed on the way).
fn assert_forbidden<T: std::fmt::Debug>(r: &laris_sync::Result<T>, what: &str) {
    match r {
        Err(SyncError::Server {
            status: 403, code, ..
        }) if code == "wrong_store" || code == "wrong_device" => {}
        other => panic!("{what}: expected 403 wrong_store/wrong_device, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_till_cannot_touch_another_store_sqlite() {
    isolation(Backend::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_till_cannot_touch_another_store_postgres() {
    if let Some(backend) = postgres() {
        isolation(backend).await;
    }
}
