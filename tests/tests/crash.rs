//! A till killed with SIGKILL at random moments loses no paid sale and leaves no partial one.
//!
//! The parent sets up one shop on disk, then again and again spawns `crash_till` (which rings up
//! sales and prints each one once `checkout` returned), kills it after a random delay and
//! checks the database: every printed sale is there and whole, nothing is half-written, the
//! outbox is gapless, and the file passes `PRAGMA integrity_check`. The same file is reused so
//! the damage, if any, accumulates.
//!
//! `LARIS_CRASH_SEED` replays a run (the seed is printed); `LARIS_CRASH_KILLS` sets the number
//! of kills (default 120).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use laris_core::{
    DeviceStore, RandomIds, Rounding, SeededIds, ShopSettings, ShopTimeZone, SystemClock, Tax,
    TaxMode, sale_movement_id,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use uuid::Uuid;

const CHILD: &str = env!("CARGO_BIN_EXE_crash_till");

/// What the child printed for one sale: the cashier was told it is paid.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Printed {
    id: Uuid,
    receipt_no: String,
    total: i64,
    lines: usize,
}

fn parse_printed(line: &str) -> Printed {
    let f: Vec<&str> = line.split(' ').collect();
    assert!(
        f.len() == 5 && f[0] == "sale",
        "unexpected child line {line:?}"
    );
    Printed {
        id: f[1].parse().expect("sale id"),
        receipt_no: f[2].to_string(),
        total: f[3].parse().expect("total"),
        lines: f[4].parse().expect("line count"),
    }
}

#[test]
fn sigkilled_till_loses_no_paid_sale_and_leaves_no_partial_one() {
    let seed = laris_tests::seed_from_env("LARIS_CRASH_SEED");
    let kills = laris_tests::usize_from_env("LARIS_CRASH_KILLS", 120);
    println!("crash test: LARIS_CRASH_SEED={seed} LARIS_CRASH_KILLS={kills}");
    let mut rng = StdRng::seed_from_u64(seed);

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("device.db");
    drop(laris_tests::open_new_shop(
        &db,
        Arc::new(SystemClock),
        Arc::new(SeededIds::new(seed)),
        ShopTimeZone::Wib,
    ));

    let started = Instant::now();
    let mut confirmed: HashMap<Uuid, Printed> = HashMap::new();
    let mut sales_before = 0usize;
    let mut unconfirmed = 0usize;
    for round in 0..kills {
        let child_seed: u64 = rng.random();
        // One kill in eight lands early, possibly while the child is still opening the
        // database (WAL recovery, lock); the others while it is selling.
        let early = rng.random_ratio(1, 8);
        let delay = Duration::from_millis(if early {
            rng.random_range(0..=5)
        } else {
            rng.random_range(2..=100)
        });
        let ctx = format!("seed {seed}, round {round}, child seed {child_seed}");
        let printed = run_and_kill(&db, child_seed, early, delay, &ctx);

        let mut store = DeviceStore::open(&db, Arc::new(SystemClock), Arc::new(RandomIds))
            .unwrap_or_else(|e| {
                panic!(
                    "{ctx}: reopening for writing after the kill failed: {e} ({})",
                    e.code()
                )
            });
        let sales_now = verify(&store, &printed, &mut confirmed, &ctx);
        // The child prints right after commit, so a kill can hide at most one committed sale.
        let new = sales_now - sales_before;
        assert!(
            printed.len() <= new && new <= printed.len() + 1,
            "{ctx}: {new} new sales on disk, {} confirmed",
            printed.len()
        );
        unconfirmed += new - printed.len();
        sales_before = sales_now;

        // Vary the tax and rounding between runs, so sales of every kind accumulate.
        if rng.random_ratio(1, 4) {
            let mut s: ShopSettings = store.settings().unwrap();
            s.tax = [
                Tax::default(),
                Tax {
                    mode: TaxMode::Inclusive,
                    rate_bp: 1100,
                },
                Tax {
                    mode: TaxMode::Exclusive,
                    rate_bp: 1100,
                },
            ][rng.random_range(0..3)];
            s.rounding = [Rounding::None, Rounding::Nearest100, Rounding::Nearest500]
                [rng.random_range(0..3)];
            let authority = store.owner_authority(None).unwrap();
            store.save_settings(authority, &s).unwrap();
        }
    }
    println!(
        "crash test: {kills} kills, {} confirmed sales, {unconfirmed} committed but unconfirmed, {:?}",
        confirmed.len(),
        started.elapsed()
    );
    assert!(
        confirmed.len() > kills,
        "seed {seed}: only {} sales were confirmed in {kills} runs; the test did not exercise selling",
        confirmed.len()
    );
}

/// Spawns the till, lets it sell for `delay` (after it reported `ready`, unless `early`), kills
/// it with SIGKILL and returns the sales it confirmed.
fn run_and_kill(
    db: &Path,
    child_seed: u64,
    early: bool,
    delay: Duration,
    ctx: &str,
) -> Vec<Printed> {
    let mut child = Command::new(CHILD)
        .arg(db)
        .arg(child_seed.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn crash_till");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    // Read continuously so the child never blocks on a full pipe.
    let reader = thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        let mut buf = String::new();
        loop {
            buf.clear();
            match r.read_line(&mut buf) {
                // A line without its newline was cut by the kill: not a confirmation.
                Ok(n) if n > 0 && buf.ends_with('\n') => {
                    if tx.send(buf.trim_end().to_string()).is_err() {
                        break;
                    }
                }
                _ => break,
            }
        }
    });
    let mut lines = Vec::new();
    if !early {
        // Only a guard against a hung child, not a timing assertion.
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line == "ready" => {}
            other => {
                let _ = child.kill();
                let status = child.wait();
                panic!("{ctx}: the child did not start selling: {other:?}, {status:?}");
            }
        }
    }
    thread::sleep(delay);
    if let Some(status) = child.try_wait().unwrap() {
        panic!("{ctx}: the child stopped by itself before the kill: {status}");
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "{ctx}: the child was not killed but ended with {status}"
    );
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    lines
        .into_iter()
        .filter(|l| l != "ready")
        .map(|l| parse_printed(&l))
        .collect()
}

/// Checks every promise of the device database after a crash; returns the number of sales.
fn verify(
    store: &DeviceStore,
    printed: &[Printed],
    confirmed: &mut HashMap<Uuid, Printed>,
    ctx: &str,
) -> usize {
    let conn = store.conn();
    let integrity: Vec<String> = query(conn, "PRAGMA integrity_check", |r| r.get(0));
    assert_eq!(integrity, ["ok"], "{ctx}: integrity_check");
    let fk: Vec<String> = query(conn, "PRAGMA foreign_key_check", |r| r.get(0));
    assert!(fk.is_empty(), "{ctx}: foreign_key_check found {fk:?}");

    // Every sale the till confirmed in this run is on disk exactly as confirmed.
    for p in printed {
        let sale = store
            .query()
            .sale(p.id)
            .unwrap()
            .unwrap_or_else(|| panic!("{ctx}: confirmed sale {p:?} is lost"));
        assert_eq!(
            (&sale.receipt_no, sale.total, sale.lines.len()),
            (&p.receipt_no, p.total, p.lines),
            "{ctx}: confirmed sale {} differs on disk",
            p.id
        );
        assert_eq!(
            sale.payments.iter().map(|x| x.amount).sum::<i64>(),
            sale.total,
            "{ctx}: payments of {}",
            p.id
        );
        assert!(
            confirmed.insert(p.id, p.clone()).is_none(),
            "{ctx}: sale {} confirmed twice",
            p.id
        );
    }

    struct SaleRow {
        receipt_no: String,
        total: i64,
        line_count: i64,
        gross: i64,
        line_discount: i64,
        cost: i64,
        tendered: i64,
        change: i64,
        day: i64,
        seq: i64,
        device: Uuid,
    }
    let sales: HashMap<Uuid, SaleRow> = query(
        conn,
        "SELECT id, receipt_no, total, line_count, gross, line_discount, cost, tendered, change,
             receipt_day, receipt_seq, device_id FROM sales",
        |r| {
            Ok((
                r.get(0)?,
                SaleRow {
                    receipt_no: r.get(1)?,
                    total: r.get(2)?,
                    line_count: r.get(3)?,
                    gross: r.get(4)?,
                    line_discount: r.get(5)?,
                    cost: r.get(6)?,
                    tendered: r.get(7)?,
                    change: r.get(8)?,
                    day: r.get(9)?,
                    seq: r.get(10)?,
                    device: r.get(11)?,
                },
            ))
        },
    )
    .into_iter()
    .collect();

    // Earlier confirmations did not vanish or change in later runs.
    for p in confirmed.values() {
        let row = sales
            .get(&p.id)
            .unwrap_or_else(|| panic!("{ctx}: confirmed sale {p:?} is lost"));
        assert_eq!(
            (&row.receipt_no, row.total),
            (&p.receipt_no, p.total),
            "{ctx}: sale {}",
            p.id
        );
    }

    // Lines: exactly line_count of them, numbered 1..=line_count, adding up to the header.
    let lines: HashMap<Uuid, (i64, i64, i64, i64, i64, i64)> = query(
        conn,
        "SELECT sale_id, COUNT(*), MIN(line_no), MAX(line_no), SUM(gross), SUM(discount), SUM(cost)
         FROM sale_lines GROUP BY sale_id",
        |r| {
            Ok((
                r.get(0)?,
                (
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ),
            ))
        },
    )
    .into_iter()
    .collect();
    let payments: HashMap<Uuid, (i64, i64, i64)> = query(
        conn,
        "SELECT sale_id, COUNT(*), SUM(amount), SUM(tendered) FROM sale_payments GROUP BY sale_id",
        |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))),
    )
    .into_iter()
    .collect();
    for (id, s) in &sales {
        let l = lines.get(id).copied().unwrap_or_default();
        assert_eq!(
            l,
            (
                s.line_count,
                1,
                s.line_count,
                s.gross,
                s.line_discount,
                s.cost
            ),
            "{ctx}: lines of sale {id} ({})",
            s.receipt_no
        );
        match payments.get(id) {
            None => assert_eq!(
                s.total, 0,
                "{ctx}: sale {id} ({}) has no payment",
                s.receipt_no
            ),
            Some(&(_, amount, tendered)) => {
                assert_eq!(
                    amount, s.total,
                    "{ctx}: payments of {id} do not add up to the total"
                );
                assert_eq!(tendered, s.tendered, "{ctx}: tendered of {id}");
                assert_eq!(s.change, s.tendered - s.total, "{ctx}: change of {id}");
            }
        }
    }
    for id in lines.keys().chain(payments.keys()) {
        assert!(
            sales.contains_key(id),
            "{ctx}: lines or payments of a missing sale {id}"
        );
    }
    let bad_totals: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sales WHERE total != gross - line_discount - cart_discount
                 + CASE tax_mode WHEN 'exclusive' THEN tax ELSE 0 END + rounding",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        bad_totals, 0,
        "{ctx}: sales whose total does not follow from their parts"
    );

    // Stock: one 'sale' movement per stock-tracked line, with the id derived from the sale and
    // line number, for minus the line's quantity; none of a sale that is not there.
    let expected: BTreeMap<Uuid, (Uuid, Uuid, i64)> = query(
        conn,
        "SELECT l.sale_id, l.line_no, l.product_id, -l.qty_milli FROM sale_lines l
         JOIN products p ON p.id = l.product_id WHERE p.track_stock",
        |r| {
            let (sale, line_no): (Uuid, i64) = (r.get(0)?, r.get(1)?);
            Ok((
                sale_movement_id(sale, line_no),
                (sale, r.get(2)?, r.get(3)?),
            ))
        },
    )
    .into_iter()
    .collect();
    let moved: BTreeMap<Uuid, (Uuid, Uuid, i64)> = query(
        conn,
        "SELECT id, sale_id, product_id, qty_milli FROM stock_movements WHERE kind = 'sale'",
        |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))),
    )
    .into_iter()
    .collect();
    if expected != moved {
        let missing: Vec<_> = expected
            .iter()
            .filter(|(k, v)| moved.get(k) != Some(v))
            .collect();
        let extra: Vec<_> = moved
            .iter()
            .filter(|(k, v)| expected.get(k) != Some(v))
            .collect();
        panic!("{ctx}: sale movements differ from the lines: missing {missing:?}, extra {extra:?}");
    }
    let misfiled: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM stock_movements WHERE (kind = 'sale') != (sale_id IS NOT NULL)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        misfiled, 0,
        "{ctx}: movements whose kind and sale_id disagree"
    );

    // Outbox: seqs 1..=N without gaps; each sale and each restock/adjustment exactly once; no
    // entry for something that is not there.
    let outbox: Vec<(i64, String, Uuid)> = query(
        conn,
        "SELECT seq, kind, entity_id FROM outbox ORDER BY seq",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    );
    for (i, (seq, _, _)) in outbox.iter().enumerate() {
        assert_eq!(*seq, i as i64 + 1, "{ctx}: outbox seqs have a gap");
    }
    let movements: HashSet<Uuid> = query(
        conn,
        "SELECT id FROM stock_movements WHERE kind != 'sale'",
        |r| r.get(0),
    )
    .into_iter()
    .collect();
    let audited: HashSet<Uuid> = query(conn, "SELECT id FROM audit_log", |r| r.get(0))
        .into_iter()
        .collect();
    let mut sale_entries: HashMap<Uuid, usize> = HashMap::new();
    let mut movement_entries: HashMap<Uuid, usize> = HashMap::new();
    let mut audit_entries: HashMap<Uuid, usize> = HashMap::new();
    for (seq, kind, entity) in &outbox {
        match kind.as_str() {
            "sale" => {
                assert!(
                    sales.contains_key(entity),
                    "{ctx}: outbox {seq} names a missing sale"
                );
                *sale_entries.entry(*entity).or_default() += 1;
            }
            "stock_movement" => {
                assert!(
                    movements.contains(entity),
                    "{ctx}: outbox {seq} names a missing movement"
                );
                *movement_entries.entry(*entity).or_default() += 1;
            }
            // An adjustment's audit entry, written in its transaction.
            "audit" => {
                assert!(
                    audited.contains(entity),
                    "{ctx}: outbox {seq} names a missing audit entry"
                );
                *audit_entries.entry(*entity).or_default() += 1;
            }
            other => panic!("{ctx}: outbox {seq} has unknown kind {other}"),
        }
    }
    for id in &audited {
        assert_eq!(
            audit_entries.get(id),
            Some(&1),
            "{ctx}: outbox entries of audit entry {id}"
        );
    }
    for id in sales.keys() {
        assert_eq!(
            sale_entries.get(id),
            Some(&1),
            "{ctx}: outbox entries of sale {id}"
        );
    }
    for id in &movements {
        assert_eq!(
            movement_entries.get(id),
            Some(&1),
            "{ctx}: outbox entries of movement {id}"
        );
    }

    // Receipt numbers: per device and shop-local day, 1, 2, 3, ... and spelled as stored.
    let code: String = conn
        .query_row("SELECT code FROM device", [], |r| r.get(0))
        .unwrap();
    let mut by_day: BTreeMap<(Uuid, i64), Vec<i64>> = BTreeMap::new();
    for s in sales.values() {
        assert_eq!(
            s.receipt_no,
            format!("{code}-{}-{:04}", s.day, s.seq),
            "{ctx}: receipt number"
        );
        by_day.entry((s.device, s.day)).or_default().push(s.seq);
    }
    for (day, mut seqs) in by_day {
        seqs.sort_unstable();
        let want: Vec<i64> = (1..=seqs.len() as i64).collect();
        assert_eq!(seqs, want, "{ctx}: receipt seqs of {day:?}");
    }
    sales.len()
}

fn query<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], f)
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}
