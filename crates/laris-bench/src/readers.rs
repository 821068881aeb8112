//! `readers`: checkout while a one-year report runs in a loop on the same database. The till
//! (laris-app's `App`, as the window drives it) is seeded with device A's sales, then rings
//! up more, timing each `checkout`, in alternating blocks: alone, and with another thread
//! asking `App::report` for the whole year over and over. Reports read on the app's
//! `DeviceReader` (WAL snapshot), never under the writer's lock, so the two p99s should stay
//! close; both are measured in the same run, interleaved, so machine noise hits both alike.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use laris_app::dto::{
    CartInput, CartLineInput, CheckoutInput, ReportQuery, ReportScope, TenderInput, TenderMethod,
};
use laris_app::{App, AppConfig};
use laris_core::{Cart, DeviceStore, ManualClock, SeededIds, ShopSetup, ShopTimeZone};

use crate::data::{self, SaleRecord};
use crate::report::Report;
use crate::ringup::{OPENING_STOCK_MILLI, catalog_drafts, tenders};
use crate::stats::{Samples, round2};
use crate::{BenchResult, Env, machine};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Sales rung up before measuring (the year the report reads).
    #[arg(long, default_value_t = 20_000)]
    seed_sales: usize,
    /// Checkouts timed, half alone and half beside the reports.
    #[arg(long, default_value_t = 2_000)]
    checkouts: usize,
    /// Checkouts per block; blocks alternate between alone and beside the reports.
    #[arg(long, default_value_t = 100)]
    block: usize,
    #[arg(long, default_value = "bench-sales-A-25k.ndjson.gz")]
    file: String,
}

pub fn run(env: &Env, args: &Args) -> BenchResult<Report> {
    let sales = data::read_sales(
        &env.data_dir.join(&args.file),
        args.seed_sales + args.checkouts,
    )?;
    if sales.len() < args.seed_sales + args.checkouts {
        return Err(format!(
            "{} has {} sales; {} seed + {} timed asked for",
            args.file,
            sales.len(),
            args.seed_sales,
            args.checkouts
        )
        .into());
    }
    let (seed, timed) = sales.split_at(args.seed_sales);
    let dir = tempfile::Builder::new()
        .prefix("laris-bench-readers-")
        .tempdir_in(&env.tmp_dir)
        .map_err(|e| format!("scratch dir in {}: {e}", env.tmp_dir.display()))?;
    let db = dir.path().join("device.db");
    let clock = Arc::new(ManualClock::new(seed[0].created_at_ms()? - 86_400_000));
    eprintln!(
        "readers: seeding {} sales into {}",
        seed.len(),
        db.display()
    );
    seed_till(&db, &clock, &sales, seed)?;

    let app = Arc::new(App::open(
        &db,
        clock.clone(),
        Arc::new(SeededIds::new(7)),
        AppConfig::default(),
    )?);
    let ids = product_ids(&app, &sales)?;
    let last_day = ShopTimeZone::Wib.local_date(timed[timed.len() - 1].created_at_ms()?);
    let year = ReportQuery {
        from: (last_day - time::Duration::days(364)).to_string(),
        to: last_day.to_string(),
        scope: ReportScope::Shop,
    };

    let reporting = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let reports_run = Arc::new(AtomicU64::new(0));
    let reporter = {
        let (app, year) = (app.clone(), year.clone());
        let (reporting, stop, runs) = (reporting.clone(), stop.clone(), reports_run.clone());
        std::thread::spawn(move || -> BenchResult<Samples> {
            let mut took = Samples::default();
            while !stop.load(Ordering::Relaxed) {
                if !reporting.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_micros(200));
                    continue;
                }
                took.time(|| app.report(&year))?;
                runs.fetch_add(1, Ordering::Relaxed);
            }
            Ok(took)
        })
    };

    let mut alone = Samples::with_capacity(args.checkouts / 2 + 1);
    let mut beside = Samples::with_capacity(args.checkouts / 2 + 1);
    for (n, block) in timed.chunks(args.block.max(1)).enumerate() {
        let with_reports = n % 2 == 1;
        reporting.store(with_reports, Ordering::Relaxed);
        if with_reports {
            // Let the first report get going before timing.
            let before = reports_run.load(Ordering::Relaxed);
            let started = Instant::now();
            while reports_run.load(Ordering::Relaxed) == before
                && started.elapsed() < Duration::from_millis(50)
            {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        let samples = if with_reports {
            &mut beside
        } else {
            &mut alone
        };
        for sale in block {
            clock.set(sale.created_at_ms()?);
            let input = checkout_input(sale, &ids)?;
            samples.time(|| app.checkout(&input))?;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let mut report_took = reporter
        .join()
        .map_err(|_| "the report thread panicked")??;

    let mut out = Report::new("readers");
    let (alone_p99, beside_p99) = (alone.pct_us(99.0), beside.pct_us(99.0));
    out.set("checkout_p99_us_alone", alone_p99);
    out.set("checkout_p99_us_with_reports", beside_p99);
    out.set("checkout_p50_us_alone", alone.pct_us(50.0));
    out.set("checkout_p50_us_with_reports", beside.pct_us(50.0));
    out.set(
        "with_reports_over_alone_p99",
        round2(beside_p99 / alone_p99.max(0.1)),
    );
    out.set("checkouts_alone", alone.len());
    out.set("checkouts_with_reports", beside.len());
    out.set("reports_run", reports_run.load(Ordering::Relaxed));
    out.set("report_p50_ms", round2(report_took.pct_us(50.0) / 1000.0));
    out.set("report_p99_ms", round2(report_took.pct_us(99.0) / 1000.0));
    out.set("seed_sales", seed.len());
    out.set("report_days", 365);
    out.extend(machine::fields(&env.tmp_dir));
    out.note(
        "checkout = App::checkout (durable); report = App::report over 365 days, shop scope, \
         on the app's reader connection, in a loop on another thread during every other block.",
    );
    Ok(out)
}

/// The catalog with opening stock and `seed` rung up, on a store that is then closed. Seeding
/// commits without fsync (nothing here measures it); the app reopens with the real pragmas.
fn seed_till(
    db: &std::path::Path,
    clock: &Arc<ManualClock>,
    all: &[SaleRecord],
    seed: &[SaleRecord],
) -> BenchResult<()> {
    let mut store = DeviceStore::open(db, clock.clone(), Arc::new(SeededIds::new(42)))?;
    store.conn().execute_batch("PRAGMA synchronous = OFF")?;
    store.init_shop(&ShopSetup {
        name: "Warung Bench".into(),
        device_code: "A".into(),
        timezone: ShopTimeZone::Wib,
    })?;
    for draft in catalog_drafts(all) {
        let (product, _) = store.upsert_product(&draft)?;
        store.restock(&product, OPENING_STOCK_MILLI, Some("stok awal"))?;
    }
    for sale in seed {
        clock.set(sale.created_at_ms()?);
        let mut cart = Cart::new();
        for item in &sale.items {
            let product = store.product_by_code(&item.product_id)?;
            let line = cart.add(&product, item.qty * 1000)?;
            if item.discount > 0 {
                cart.set_line_discount(line, item.discount)?;
            }
        }
        store.checkout(&cart, &tenders(sale)?, Some(&sale.cashier))?;
    }
    Ok(())
}

type ProductIds = std::collections::HashMap<String, uuid::Uuid>;

fn product_ids(app: &App, sales: &[SaleRecord]) -> BenchResult<ProductIds> {
    let mut ids = ProductIds::new();
    for item in sales.iter().flat_map(|s| &s.items) {
        if !ids.contains_key(&item.product_id) {
            let found = app.lookup(&item.product_id)?;
            let p = found
                .exact
                .ok_or_else(|| format!("{} is not in the catalog", item.product_id))?;
            ids.insert(item.product_id.clone(), p.id);
        }
    }
    Ok(ids)
}

fn checkout_input(sale: &SaleRecord, ids: &ProductIds) -> BenchResult<CheckoutInput> {
    // The window keeps one line per product (a second scan adds to it), so the file's repeated
    // items are summed.
    let mut lines: Vec<CartLineInput> = Vec::with_capacity(sale.items.len());
    for item in &sale.items {
        let id = ids[&item.product_id];
        match lines.iter_mut().find(|l| l.product_id == id) {
            Some(line) => {
                line.qty_milli += item.qty * 1000;
                line.discount += item.discount;
            }
            None => lines.push(CartLineInput {
                unit_price: None,
                product_id: id,
                qty_milli: item.qty * 1000,
                discount: item.discount,
            }),
        }
    }
    let tenders = tenders(sale)?
        .into_iter()
        .map(|t| TenderInput {
            method: match t.method {
                laris_core::PaymentMethod::Cash => TenderMethod::Cash,
                laris_core::PaymentMethod::Qris => TenderMethod::Qris,
                laris_core::PaymentMethod::Transfer => TenderMethod::Transfer,
                laris_core::PaymentMethod::Kasbon => TenderMethod::Kasbon,
            },
            amount: t.amount,
            reference: None,
            confirmed: None,
        })
        .collect();
    Ok(CheckoutInput {
        kasbon: None,
        owner_pin: None,
        cart: CartInput { lines, discount: 0 },
        tenders,
        cashier: Some(sale.cashier.clone()),
    })
}
