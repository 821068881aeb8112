//! `receipt`: a 40-line sale from the shared warung catalog (some lines discounted, paid in
//! cash and QRIS), rung up on a real device database, then laid out and encoded as ESC/POS
//! on 58 and 80 mm paper, and rendered as a PNG, each timed over many rounds. This is the
//! work done under the store's lock before a receipt goes to the printer thread, and what a
//! WhatsApp receipt image costs.

use std::sync::Arc;
use std::time::Instant;

use laris_core::{Cart, DeviceStore, ManualClock, SeededIds, ShopSetup, ShopTimeZone, Tender};
use laris_receipt::{EscPosOptions, Paper, ReceiptInput};

use crate::report::Report;
use crate::stats::{Samples, round2};
use crate::{BenchResult, Env, machine};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Lines on the receipt.
    #[arg(long, default_value_t = 40)]
    lines: usize,
    /// Timed rounds of each measurement.
    #[arg(long, default_value_t = 2_000)]
    rounds: usize,
    /// Timed rounds of the PNG (slower).
    #[arg(long, default_value_t = 200)]
    png_rounds: usize,
}

pub fn run(env: &Env, args: &Args) -> BenchResult<Report> {
    let dir = tempfile::Builder::new()
        .prefix("laris-bench-receipt-")
        .tempdir_in(&env.tmp_dir)
        .map_err(|e| format!("scratch dir in {}: {e}", env.tmp_dir.display()))?;
    // 2026-11-27 14:05 WIB.
    let clock = Arc::new(ManualClock::new(1_795_763_100_000));
    let mut store = DeviceStore::open(
        dir.path().join("device.db"),
        clock,
        Arc::new(SeededIds::new(7)),
    )?;
    store.init_shop(&ShopSetup {
        name: "Warung Sembako Bu Sri Rahayu".into(),
        device_code: "A".into(),
        timezone: ShopTimeZone::Wib,
    })?;
    let csv = std::fs::File::open(env.data_dir.join("catalog-warung.csv"))
        .map_err(|e| format!("the shared catalog: {e}"))?;
    store.import_catalog_csv(csv)?;
    let products = store.query().products()?;
    let mut cart = Cart::new();
    for (i, p) in products.iter().cycle().take(args.lines).enumerate() {
        let before = cart.lines.len();
        cart.add(
            p,
            if p.sold_by_weight {
                750
            } else {
                1_000 + (i as i64 % 3) * 1_000
            },
        )?;
        if cart.lines.len() > before && i % 4 == 0 {
            cart.set_line_discount(before, 100)?;
        }
    }
    let total = cart.totals(store.settings()?.pricing())?.total;
    let sale = store.checkout(
        &cart,
        &[Tender::qris(total / 2), Tender::cash(total)],
        Some("Sri"),
    )?;
    let shop = store.settings()?;
    let input = ReceiptInput {
        sale: &sale,
        shop: &shop,
        kasbon: None,
        reprint: false,
    };

    let mut r = Report::new("receipt");
    r.set("lines", sale.lines.len());
    for paper in [Paper::Mm58, Paper::Mm80] {
        let mm = paper.mm();
        let mut encode = Samples::with_capacity(args.rounds);
        let mut bytes = 0;
        for _ in 0..args.rounds {
            let job = encode
                .time(|| laris_receipt::layout(&input, paper).escpos(EscPosOptions::default()));
            bytes = job.chunks.iter().map(Vec::len).sum::<usize>();
        }
        let receipt = laris_receipt::layout(&input, paper);
        let mut png = Samples::with_capacity(args.png_rounds);
        let mut png_bytes = 0;
        for _ in 0..args.png_rounds {
            png_bytes = png.time(|| receipt.png())?.len();
        }
        let started = Instant::now();
        let text = receipt.text();
        let text_us = started.elapsed().as_secs_f64() * 1e6;
        r.set(&format!("escpos_{mm}_p50_us"), encode.pct_us(50.0));
        r.set(&format!("escpos_{mm}_p99_us"), encode.pct_us(99.0));
        r.set(&format!("escpos_{mm}_bytes"), bytes);
        r.set(
            &format!("png_{mm}_p50_ms"),
            round2(png.pct_us(50.0) / 1000.0),
        );
        r.set(
            &format!("png_{mm}_p99_ms"),
            round2(png.pct_us(99.0) / 1000.0),
        );
        r.set(&format!("png_{mm}_bytes"), png_bytes);
        r.set(&format!("text_{mm}_lines"), text.lines().count());
        r.set(&format!("text_{mm}_us"), round2(text_us));
    }
    r.set("rounds", args.rounds);
    r.set("png_rounds", args.png_rounds);
    r.extend(machine::fields(dir.path()));
    Ok(r)
}
