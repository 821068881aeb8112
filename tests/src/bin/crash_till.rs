//! A till that rings up sales until it is killed: the child process of `tests/crash.rs`.
//!
//! Usage: `crash_till <database> <seed>`. The database must already hold a shop with a catalog.
//! It prints `ready` once the store is open, then one line per sale *after* `checkout` returned
//! `Ok` (`sale <id> <receipt_no> <total> <lines>`), flushed at once: a printed sale is one the
//! till told the cashier was paid, so it must survive the kill that follows.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use laris_core::{
    Cart, CoreError, DeviceStore, PricingRules, Product, SeededIds, SystemClock, Tender,
    line_amount,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(db), Some(Ok(seed))) = (args.get(1), args.get(2).map(|s| s.parse::<u64>())) else {
        eprintln!("usage: crash_till <database> <seed>");
        return ExitCode::from(2);
    };
    match run(db, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The parent treats any exit other than its own SIGKILL as a failure.
            eprintln!("crash_till: {e} ({})", e.code());
            ExitCode::FAILURE
        }
    }
}

fn run(db: &str, seed: u64) -> Result<(), CoreError> {
    // Seeded ids: a replay with the same seed makes the same choices; the parent gives every
    // spawn its own seed, so ids never repeat across spawns.
    let mut store = DeviceStore::open(db, Arc::new(SystemClock), Arc::new(SeededIds::new(seed)))?;
    let products: Vec<Product> = store.products()?.into_iter().filter(|p| p.active).collect();
    assert!(!products.is_empty(), "the parent imports the catalog first");
    let rules = store.settings()?.pricing();
    let mut rng = StdRng::seed_from_u64(seed);
    if !say("ready\n") {
        return Ok(());
    }
    loop {
        match rng.random_range(0..40) {
            0..=2 => {
                let p = &products[rng.random_range(0..products.len())];
                store.restock(p, rng.random_range(1..=50) * 1000, Some("kulakan"))?;
            }
            3 => {
                let p = &products[rng.random_range(0..products.len())];
                let delta = rng.random_range(1..=3_000) * if rng.random_bool(0.7) { -1 } else { 1 };
                let authority = store.owner_authority(None)?;
                store.adjust_stock(authority, p, delta, "opname")?;
            }
            // Now and then a checkpoint, so some kills land while the WAL is copied back.
            4 => store.checkpoint()?,
            _ => {
                let cart = random_cart(&mut rng, &products)?;
                let total = cart.totals(rules)?.total;
                let tenders = random_tenders(&mut rng, total);
                let cashier = rng.random_bool(0.5).then_some("Rina");
                let sale = store.checkout(&cart, &tenders, cashier)?;
                let line = format!(
                    "sale {} {} {} {}\n",
                    sale.id,
                    sale.receipt_no,
                    sale.total,
                    sale.lines.len()
                );
                if !say(&line) {
                    return Ok(());
                }
            }
        }
    }
}

/// Writes one whole line and flushes it; false when the parent is gone.
fn say(line: &str) -> bool {
    let mut out = std::io::stdout().lock();
    out.write_all(line.as_bytes()).is_ok() && out.flush().is_ok()
}

fn random_cart(rng: &mut StdRng, products: &[Product]) -> Result<Cart, CoreError> {
    let mut cart = Cart::new();
    for _ in 0..rng.random_range(1..=5) {
        let p = &products[rng.random_range(0..products.len())];
        let qty = if p.sold_by_weight {
            rng.random_range(50..=3_000)
        } else {
            rng.random_range(1..=5) * 1000
        };
        let i = cart.add(p, qty)?;
        if rng.random_ratio(1, 6) {
            let line = &cart.lines[i];
            let gross = line_amount(line.qty_milli, line.product.price);
            cart.set_line_discount(i, rng.random_range(0..=gross / 5))?;
        }
    }
    if rng.random_ratio(1, 8) {
        let t = cart.totals(PricingRules::default())?;
        cart.set_discount(rng.random_range(0..=(t.gross - t.line_discount) / 10))?;
    }
    Ok(cart)
}

fn random_tenders(rng: &mut StdRng, total: i64) -> Vec<Tender> {
    if total == 0 {
        return Vec::new();
    }
    match rng.random_range(0..10) {
        0..=4 => {
            // Exact cash, or the next banknote up.
            let note = [1, 1_000, 5_000, 10_000, 50_000, 100_000][rng.random_range(0..6)];
            Vec::from([Tender::cash((total + note - 1) / note * note)])
        }
        5 | 6 => Vec::from([Tender::qris(total)]),
        7 if total >= 2 => {
            let qris = rng.random_range(1..total);
            Vec::from([
                Tender::qris(qris),
                Tender::cash(total - qris + rng.random_range(0..=2_000)),
            ])
        }
        _ => Vec::from([Tender::transfer(total, Some("BCA 1234".into()))]),
    }
}
