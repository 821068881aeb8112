//! `ringup`: ring up the first sales of device A one at a time through laris-core's real
//! checkout path into a fresh on-disk device database, timing each `checkout` call (which
//! returns only once the sale is durable), and in the same run measure the disk's floor
//! (append 128 bytes + sync). Floor samples are interleaved with the sales (one of each sync
//! call after each sale), so that noise from other work on a shared machine hits both sides
//! of the ratio alike.
//!
//! Every checkout's total and change are checked against the sales file; the run also watches
//! the WAL header to tell which commits ran an automatic checkpoint.

use std::collections::BTreeMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use laris_core::{
    Cart, DeviceStore, ManualClock, ProductDraft, SeededIds, ShopSetup, ShopTimeZone, Tender,
};

use crate::catalog_gen::ean13;
use crate::data::{self, SaleRecord};
use crate::disk::{Floor, SyncCall};
use crate::report::Report;
use crate::stats::{Samples, round2};
use crate::{BenchResult, Env, machine};

/// The sync call SQLite's WAL commit makes in this build (bundled libsqlite3-sys has no
/// `HAVE_FDATASYNC`, so it is `fsync`; see `disk`). The target ratio is taken against it.
const SQLITE_SYNC_CALL: SyncCall = SyncCall::Fsync;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many sales to ring up (from the start of the file).
    #[arg(long, default_value_t = 5000)]
    sales: usize,
    /// How many append+sync samples of the disk floor, per sync call.
    #[arg(long, default_value_t = 5000)]
    floor: usize,
    /// The sales file, relative to the data directory.
    #[arg(long, default_value = "bench-sales-A-25k.ndjson.gz")]
    file: String,
    /// Keep the scratch directory (its path is printed to stderr), with a copy of the database
    /// and its WAL as they were before the store closed (`open-copy.db`, `open-copy.db-wal`).
    #[arg(long)]
    keep: bool,
}

pub fn run(env: &Env, args: &Args) -> BenchResult<Report> {
    let sales = data::read_sales(&env.data_dir.join(&args.file), args.sales)?;
    if sales.is_empty() {
        return Err("no sales to ring up".into());
    }
    let dir = tempfile::Builder::new()
        .prefix("laris-bench-ringup-")
        .tempdir_in(&env.tmp_dir)
        .map_err(|e| format!("scratch dir in {}: {e}", env.tmp_dir.display()))?;
    eprintln!(
        "ringup: {} sales into {}",
        sales.len(),
        dir.path().display()
    );

    let clock = Arc::new(ManualClock::new(sales[0].created_at_ms()? - 86_400_000));
    let db_path = dir.path().join("device.db");
    let mut store = DeviceStore::open(&db_path, clock.clone(), Arc::new(SeededIds::new(42)))?;
    store.init_shop(&ShopSetup {
        name: "Warung Bench".into(),
        device_code: "A".into(),
        timezone: ShopTimeZone::Wib,
    })?;
    let products = build_catalog(&mut store, &sales)?;

    let mut floors = [
        Floor::new(dir.path(), SyncCall::Fsync, 128)?,
        Floor::new(dir.path(), SyncCall::Fdatasync, 128)?,
    ];
    let run = ring_up(
        &mut store,
        &clock,
        &sales,
        &db_path,
        &mut floors,
        args.floor,
    )?;
    for f in &mut floors {
        f.measure(args.floor.saturating_sub(sales.len()))?;
    }
    // The same sync after appending as many bytes as an average commit appends to the WAL.
    let page_size: u64 = store
        .conn()
        .query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let frames_mean = run.frames.iter().sum::<u64>() as f64 / run.frames.len() as f64;
    let commit_bytes = (frames_mean * (page_size + WAL_FRAME_HEADER) as f64).round() as usize;
    let mut sized = Floor::new(dir.path(), SQLITE_SYNC_CALL, commit_bytes)?;
    sized.measure(args.floor / 2)?;
    let check = verify(&store, sales.len())?;
    let wal_bytes = file_len(&db_path.with_extension("db-wal"));
    if args.keep {
        // Closing the store checkpoints and deletes the WAL; keep a copy to inspect.
        for ext in ["db", "db-wal"] {
            let from = db_path.with_extension(ext);
            std::fs::copy(&from, dir.path().join(format!("open-copy.{ext}")))
                .map_err(|e| format!("{}: {e}", from.display()))?;
        }
    }
    let db_bytes = file_len(&db_path);
    drop(store);

    let mut report = Report::new("ringup");
    let mut commit = run.commit;
    let [fsync, fdatasync] = &mut floors;
    let floor = if SQLITE_SYNC_CALL == fsync.call() {
        &mut *fsync
    } else {
        &mut *fdatasync
    };
    let floor_p99 = floor.samples.pct_us(99.0);
    let ratio = round2(commit.pct_us(99.0) / floor_p99.max(0.1));
    report.set("sales", sales.len());
    report.set("products", products);
    report.set("mismatches", run.mismatches);
    report.set("commit_p50_us", commit.pct_us(50.0));
    report.set("commit_p90_us", commit.pct_us(90.0));
    report.set("commit_p99_us", commit.pct_us(99.0));
    report.set("commit_max_us", commit.max_us());
    report.set("commit_mean_us", commit.mean_us());
    report.set("sales_per_s", round2(sales.len() as f64 / run.selling_s));
    report.set("fsync_call", SQLITE_SYNC_CALL.name());
    report.set("fsync_p50_us", floor.samples.pct_us(50.0));
    report.set("fsync_p99_us", floor_p99);
    report.set("fsync_max_us", floor.samples.max_us());
    report.set("commit_p99_over_fsync_p99", ratio);
    report.set("target", "commit_p99 <= 2 x fsync_p99");
    report.set("target_met", ratio <= 2.0);
    for f in [fsync, fdatasync] {
        let name = f.call().name();
        report.set(&format!("floor_{name}_p50_us"), f.samples.pct_us(50.0));
        report.set(&format!("floor_{name}_p99_us"), f.samples.pct_us(99.0));
        report.set(&format!("floor_{name}_samples"), f.samples.len());
    }
    let mut scan = run.scan;
    report.set("scan_p50_us", scan.pct_us(50.0));
    report.set("scan_p99_us", scan.pct_us(99.0));
    report.set("items_scanned", scan.len());
    let mut frames = run.frames.clone();
    frames.sort_unstable();
    report.set("wal_frames_per_commit_mean", round2(frames_mean));
    report.set("wal_frames_per_commit_p50", frames[frames.len() / 2]);
    report.set(
        "wal_frames_per_commit_max",
        frames.last().copied().unwrap_or(0),
    );
    report.set("page_size", page_size);
    let sized_p99 = sized.samples.pct_us(99.0);
    report.set("floor_sized_block_bytes", sized.block());
    report.set("floor_sized_p50_us", sized.samples.pct_us(50.0));
    report.set("floor_sized_p99_us", sized_p99);
    report.set(
        "commit_p99_over_floor_sized_p99",
        round2(commit.pct_us(99.0) / sized_p99.max(0.1)),
    );
    report.set("wal_checkpoints", run.checkpoints.len());
    let mut ckpt = Samples::default();
    let mut restart = Samples::default();
    for &i in &run.checkpoints {
        ckpt.push(std::time::Duration::from_nanos(commit.raw()[i]));
        if let Some(&ns) = commit.raw().get(i + 1) {
            restart.push(std::time::Duration::from_nanos(ns));
        }
    }
    report.set("checkpoint_commit_max_us", ckpt.max_us());
    report.set("wal_restart_commit_max_us", restart.max_us());
    report.set("wal_bytes", wal_bytes);
    report.set("db_bytes", db_bytes);
    report.set("outbox_seq", check.outbox_seq);
    report.set("stock_movements", check.movements);
    report.set("selling_s", round2(run.selling_s));
    report.extend(machine::fields(&env.tmp_dir));
    report.note(
        "commit = one DeviceStore::checkout call (sale, lines, payments, stock movements, outbox, \
         durable WAL commit); fsync = write(128 B) + sync of a growing file in the same directory.",
    );
    if run.mismatches > 0 {
        report.note(format!(
            "WARNING: {} checkouts disagreed with the file's total/change",
            run.mismatches
        ));
    }
    if args.keep {
        eprintln!("ringup: kept {}", dir.keep().display());
    }
    Ok(report)
}

/// One product per SKU of the sales, named and priced as in the file (cost 90% of the price),
/// each with its own in-store barcode; in SKU order.
pub fn catalog_drafts(sales: &[SaleRecord]) -> Vec<ProductDraft> {
    let mut skus: BTreeMap<&str, (&str, i64)> = BTreeMap::new();
    for item in sales.iter().flat_map(|s| &s.items) {
        skus.entry(&item.product_id)
            .or_insert((&item.name, item.unit_price));
    }
    skus.iter()
        .enumerate()
        .map(|(n, (sku, (name, price)))| ProductDraft {
            sku: (*sku).to_string(),
            name: (*name).to_string(),
            category: None,
            unit: "pcs".into(),
            price: *price,
            cost: price * 9 / 10,
            sold_by_weight: false,
            track_stock: true,
            min_stock_milli: 0,
            active: true,
            barcodes: vec![ean13(201, n as u64 + 1)],
        })
        .collect()
}

/// Opening stock of every bench product, so levels stay positive.
pub const OPENING_STOCK_MILLI: i64 = 10_000_000;

/// The catalog of [`catalog_drafts`] with opening stock; returns how many products.
fn build_catalog(store: &mut DeviceStore, sales: &[SaleRecord]) -> BenchResult<usize> {
    let drafts = catalog_drafts(sales);
    for draft in &drafts {
        let (product, _) = store.upsert_product(draft)?;
        store.restock(&product, OPENING_STOCK_MILLI, Some("stok awal"))?;
    }
    Ok(drafts.len())
}

/// How the file's sale was paid, as tenders.
pub fn tenders(sale: &SaleRecord) -> BenchResult<Vec<Tender>> {
    Ok(match sale.payment_method.to_ascii_lowercase().as_str() {
        // A few lines are discounted to Rp 0 and nothing is handed over.
        _ if sale.total == 0 && sale.cash_tendered == 0 => vec![],
        "cash" => vec![Tender::cash(sale.cash_tendered)],
        "qris" => vec![Tender::qris(sale.total)],
        other => return Err(format!("payment method {other:?}").into()),
    })
}

struct RingUp {
    commit: Samples,
    /// WAL frames (pages) each commit appended.
    frames: Vec<u64>,
    scan: Samples,
    mismatches: usize,
    /// Indexes of the commits that ran an automatic checkpoint.
    checkpoints: Vec<usize>,
    /// Time spent selling: scanning items into carts and checking out (not the floor).
    selling_s: f64,
}

fn ring_up(
    store: &mut DeviceStore,
    clock: &ManualClock,
    sales: &[SaleRecord],
    db_path: &Path,
    floors: &mut [Floor],
    floor_samples: usize,
) -> BenchResult<RingUp> {
    let wal = WalWatch::open(db_path)?;
    let mut last_ckpt_seq = wal.checkpoint_seq()?;
    let mut last_frame = wal.max_frame()?;
    let mut out = RingUp {
        commit: Samples::with_capacity(sales.len()),
        frames: Vec::with_capacity(sales.len()),
        scan: Samples::default(),
        mismatches: 0,
        checkpoints: Vec::new(),
        selling_s: 0.0,
    };
    for (i, sale) in sales.iter().enumerate() {
        clock.set(sale.created_at_ms()?);
        let start = Instant::now();
        let mut cart = Cart::new();
        for item in &sale.items {
            let product = out.scan.time(|| store.product_by_code(&item.product_id))?;
            let line = cart.add(&product, item.qty * 1000)?;
            if item.discount > 0 {
                cart.set_line_discount(line, item.discount)?;
            }
        }
        let tenders = tenders(sale).map_err(|e| format!("sale {}: {e}", i + 1))?;
        let done = out
            .commit
            .time(|| store.checkout(&cart, &tenders, Some(&sale.cashier)))?;
        out.selling_s += start.elapsed().as_secs_f64();
        if done.total != sale.total || done.change != sale.change {
            out.mismatches += 1;
            if out.mismatches <= 5 {
                eprintln!(
                    "ringup: sale {} total {} change {} but the file says {} and {}",
                    i + 1,
                    done.total,
                    done.change,
                    sale.total,
                    sale.change
                );
            }
        }
        // The WAL restarts (new checkpoint sequence) at the first write after a checkpoint
        // that emptied it; that checkpoint ran at the end of the previous commit.
        let seq = wal.checkpoint_seq()?;
        let frame = wal.max_frame()?;
        if seq != last_ckpt_seq {
            last_ckpt_seq = seq;
            if i > 0 {
                out.checkpoints.push(i - 1);
            }
            out.frames.push(u64::from(frame));
        } else {
            out.frames.push(u64::from(frame.saturating_sub(last_frame)));
        }
        last_frame = frame;
        if i < floor_samples {
            for f in floors.iter_mut() {
                f.measure(1)?;
            }
        }
    }
    Ok(out)
}

/// Bytes a WAL frame adds to its page.
const WAL_FRAME_HEADER: u64 = 24;

/// Reads, read-only and outside the timed calls, the WAL file header's checkpoint sequence
/// number (bytes 12..16, big-endian; it changes when the WAL restarts after a checkpoint) and
/// the wal-index header's last valid frame (`mxFrame`, bytes 16..20 of the `-shm` file, native
/// byte order).
struct WalWatch {
    wal: File,
    shm: File,
}

impl WalWatch {
    fn open(db_path: &Path) -> BenchResult<Self> {
        let open = |ext: &str| {
            let path = db_path.with_extension(ext);
            File::open(&path).map_err(|e| format!("{}: {e}", path.display()))
        };
        Ok(WalWatch {
            wal: open("db-wal")?,
            shm: open("db-shm")?,
        })
    }

    fn checkpoint_seq(&self) -> BenchResult<u32> {
        let mut b = [0u8; 4];
        self.wal.read_exact_at(&mut b, 12)?;
        Ok(u32::from_be_bytes(b))
    }

    fn max_frame(&self) -> BenchResult<u32> {
        let mut b = [0u8; 4];
        self.shm.read_exact_at(&mut b, 16)?;
        Ok(u32::from_ne_bytes(b))
    }
}

struct Check {
    outbox_seq: i64,
    movements: i64,
}

/// What the database holds afterwards: one sale and one gapless outbox entry per checkout.
fn verify(store: &DeviceStore, sales: usize) -> BenchResult<Check> {
    let conn = store.conn();
    let count: i64 = conn.query_row("SELECT count(*) FROM sales", [], |r| r.get(0))?;
    let (outbox_seq, outbox_all): (i64, i64) = conn.query_row(
        "SELECT COALESCE(MAX(seq), 0), count(*) FROM outbox",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let outbox_rows: i64 =
        conn.query_row("SELECT count(*) FROM outbox WHERE kind = 'sale'", [], |r| {
            r.get(0)
        })?;
    if outbox_seq != outbox_all {
        return Err(
            format!("outbox has {outbox_all} entries but its last seq is {outbox_seq}").into(),
        );
    }
    let movements: i64 = conn.query_row(
        "SELECT count(*) FROM stock_movements WHERE kind = 'sale'",
        [],
        |r| r.get(0),
    )?;
    if count != sales as i64 || outbox_rows != sales as i64 {
        return Err(format!(
            "{sales} checkouts but {count} sales and {outbox_rows} outbox entries"
        )
        .into());
    }
    Ok(Check {
        outbox_seq,
        movements,
    })
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}
