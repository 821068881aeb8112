//! Properties of the stock ledger, the sale arithmetic and the day report, on real on-disk
//! databases driven by random sequences of sales, restocks, adjustments, setting changes and
//! clock moves.
//!
//! The test keeps its own model of what the operations must have done (levels, prices, PPN,
//! rounding, shop-local days) and compares the store with it. `LARIS_PROP_SEED` replays a run
//! (the seed is printed); `LARIS_PROP_CASES` sets the number of cases (default 128).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use laris_core::report::{BestSeller, HourTotal, MethodTotal, Report, SalesTotals};
use laris_core::{
    Cart, DeviceStore, ManualClock, Product, ProductDraft, Rounding, Sale, SeededIds, ShopTimeZone,
    Tax, TaxMode, Tender,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use time::Date;
use uuid::Uuid;

/// Products the operations pick from: pieces, boxes, goods sold by weight (kg, ons), a cheap
/// one that rounding can bring to Rp 0, plus two made by the test: a service whose stock is
/// not tracked and a free giveaway (price 0).
const POOL: &[&str] = &[
    "W0001", // Indomie Goreng 85g, Rp 3.500
    "W0008", // Indomie Goreng (dus 40), Rp 125.000
    "W0010", // Beras Curah, kg
    "W0017", // Telur Ayam, kg
    "W0046", // Kopi ABC Susu Sachet
    "W0081", // Gas Bright 5,5kg
    "W0107", // Ikan Asin Teri, ons
    "W0116", // Kantong Plastik Kresek, Rp 200
    "JASA01", "GRATIS",
];

const MS_PER_HOUR: i64 = 3_600_000;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

#[derive(Debug, Clone)]
enum Pay {
    /// Cash rounded up to a banknote (index into NOTES).
    Cash(usize),
    Qris,
    /// QRIS for part of it (per mille of the total), cash for the rest plus `extra` change.
    Split(i64, i64),
    Transfer,
}

const NOTES: [i64; 7] = [1, 1_000, 2_000, 5_000, 10_000, 50_000, 100_000];

#[derive(Debug, Clone)]
struct LineOp {
    product: usize,
    /// Milli-units for weighed goods; pieces use `qty % 10 + 1` whole units.
    qty: i64,
    discount_pct: i64,
}

#[derive(Debug, Clone)]
enum Action {
    Sale {
        lines: Vec<LineOp>,
        cart_discount_pct: i64,
        pay: Pay,
    },
    Restock {
        product: usize,
        qty_milli: i64,
    },
    Adjust {
        product: usize,
        delta_milli: i64,
    },
    Settings(Tax, Rounding),
}

#[derive(Debug, Clone)]
struct Step {
    advance_ms: i64,
    action: Action,
}

#[derive(Debug, Clone)]
struct Case {
    timezone: ShopTimeZone,
    tax: Tax,
    rounding: Rounding,
    id_seed: u64,
    /// Opening stock of each POOL product (milli-units), counted in before the steps.
    initial: Vec<i64>,
    steps: Vec<Step>,
}

fn tax_strategy() -> impl Strategy<Value = Tax> {
    let mode = prop_oneof![
        Just(TaxMode::None),
        Just(TaxMode::Inclusive),
        Just(TaxMode::Exclusive)
    ];
    let rate = prop_oneof![
        3 => Just(1100i64),
        1 => Just(1200i64),
        1 => Just(0i64),
        1 => 0i64..=10_000,
    ];
    (mode, rate).prop_map(|(mode, rate_bp)| Tax { mode, rate_bp })
}

fn rounding_strategy() -> impl Strategy<Value = Rounding> {
    prop_oneof![
        Just(Rounding::None),
        Just(Rounding::Nearest100),
        Just(Rounding::Nearest500)
    ]
}

fn action_strategy() -> impl Strategy<Value = Action> {
    let product = 0..POOL.len();
    let line = (
        product.clone(),
        1i64..=5_000,
        prop_oneof![6 => Just(0i64), 1 => 0i64..=100, 1 => Just(100i64)],
    )
        .prop_map(|(product, qty, discount_pct)| LineOp {
            product,
            qty,
            discount_pct,
        });
    let pay = prop_oneof![
        3 => (0..NOTES.len()).prop_map(Pay::Cash),
        2 => Just(Pay::Qris),
        2 => (0i64..=1000, 0i64..=5_000).prop_map(|(p, e)| Pay::Split(p, e)),
        1 => Just(Pay::Transfer),
    ];
    let sale = (
        prop::collection::vec(line, 1..=5),
        prop_oneof![5 => Just(0i64), 1 => 0i64..=100],
        pay,
    )
        .prop_map(|(lines, cart_discount_pct, pay)| Action::Sale {
            lines,
            cart_discount_pct,
            pay,
        });
    prop_oneof![
        8 => sale,
        2 => (product.clone(), 1i64..=50_000)
            .prop_map(|(product, qty_milli)| Action::Restock { product, qty_milli }),
        2 => (product, -20_000i64..=20_000)
            .prop_map(|(product, d)| Action::Adjust { product, delta_milli: if d == 0 { 1 } else { d } }),
        1 => (tax_strategy(), rounding_strategy()).prop_map(|(t, r)| Action::Settings(t, r)),
    ]
}

fn case_strategy() -> impl Strategy<Value = Case> {
    let advance = prop_oneof![
        3 => 0i64..5_000,
        3 => 60_000i64..MS_PER_HOUR,
        1 => MS_PER_HOUR..4 * MS_PER_HOUR,
    ];
    let step =
        (advance, action_strategy()).prop_map(|(advance_ms, action)| Step { advance_ms, action });
    let timezone = prop_oneof![
        Just(ShopTimeZone::Wib),
        Just(ShopTimeZone::Wita),
        Just(ShopTimeZone::Wit)
    ];
    (
        timezone,
        tax_strategy(),
        rounding_strategy(),
        any::<u64>(),
        prop::collection::vec(prop_oneof![Just(0i64), 1i64..=20_000], POOL.len()),
        prop::collection::vec(step, 6..40),
    )
        .prop_map(|(timezone, tax, rounding, id_seed, initial, steps)| Case {
            timezone,
            tax,
            rounding,
            id_seed,
            initial,
            steps,
        })
}

#[test]
fn stock_levels_sales_and_day_reports_follow_the_operations() {
    let seed = laris_tests::seed_from_env("LARIS_PROP_SEED");
    let cases = laris_tests::usize_from_env("LARIS_PROP_CASES", 128) as u32;
    println!("ledger properties: LARIS_PROP_SEED={seed} LARIS_PROP_CASES={cases}");
    let mut runner = TestRunner::new(Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        // The printed seed replays a failure; no regression files in the source tree.
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    });
    match runner.run(&case_strategy(), |case| run_case(&case)) {
        Ok(()) => {}
        Err(TestError::Fail(why, case)) => {
            panic!("LARIS_PROP_SEED={seed}: {why}\nminimal case: {case:#?}")
        }
        Err(e) => panic!("LARIS_PROP_SEED={seed}: {e}"),
    }
}

/// What the test knows independently of the store.
#[derive(Default)]
struct Model {
    levels: HashMap<Uuid, i64>,
    sales: Vec<Sale>,
    movements: usize,
    /// Audit entries (adjustments, settings that changed): each is an outbox entry too.
    audited: usize,
    per_day: HashMap<Date, i64>,
}

macro_rules! ok {
    ($e:expr, $what:expr) => {
        $e.map_err(|e| TestCaseError::fail(format!("{}: {e} ({})", $what, e.code())))?
    };
}

fn run_case(case: &Case) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let tz = case.timezone;
    // 22:00 shop-local on 2026-11-27, so the sequence runs into the next day.
    let start_day = Date::from_calendar_date(2026, time::Month::November, 27).unwrap();
    let clock = Arc::new(ManualClock::new(
        day_start_ms(start_day, tz) + 22 * MS_PER_HOUR,
    ));
    let mut store = laris_tests::open_new_shop(
        &dir.path().join("device.db"),
        clock.clone(),
        Arc::new(SeededIds::new(case.id_seed)),
        tz,
    );
    let pricing_audited = usize::from(set_pricing(&mut store, case.tax, case.rounding)?);
    for (sku, name, price, cost, track_stock) in [
        ("JASA01", "Jasa Isi Ulang Galon", 5_000, 0, false),
        ("GRATIS", "Stiker Gratis", 0, 50, true),
    ] {
        ok!(
            store.upsert_product(&ProductDraft {
                sku: sku.into(),
                name: name.into(),
                category: Some("Lain-lain".into()),
                unit: "pcs".into(),
                price,
                cost,
                sold_by_weight: false,
                track_stock,
                min_stock_milli: 0,
                active: true,
                barcodes: Vec::new(),
            }),
            "upsert"
        );
    }
    // Two products get a minimum, so "low" is more than "negative".
    for (sku, min_stock_milli) in [("W0001", 5_000), ("W0010", 10_000)] {
        let p = store.product_by_code(sku).unwrap();
        ok!(
            store.upsert_product(&ProductDraft {
                sku: p.sku,
                name: p.name,
                category: p.category,
                unit: p.unit,
                price: p.price,
                cost: p.cost,
                sold_by_weight: p.sold_by_weight,
                track_stock: p.track_stock,
                min_stock_milli,
                active: p.active,
                barcodes: p.barcodes,
            }),
            "set a minimum"
        );
    }
    let pool: Vec<Product> = POOL
        .iter()
        .map(|code| store.product_by_code(code).unwrap())
        .collect();

    let mut model = Model {
        audited: pricing_audited,
        ..Model::default()
    };
    for (p, &qty) in pool.iter().zip(&case.initial) {
        if qty > 0 {
            let got = store.restock(p, qty, Some("stok awal"));
            movement(&mut model, p, qty, got, "opening stock")?;
        }
    }
    let half = case.steps.len() / 2;
    for (i, step) in case.steps.iter().enumerate() {
        clock.advance(step.advance_ms);
        // Make sure the sequence crosses midnight, with a sale on either edge when the steps
        // there are sales: 23:59:59.999 belongs to the first day, 00:00:00.000 to the next.
        let midnight = day_start_ms(start_day, tz) + MS_PER_DAY;
        if i + 1 == half && clock_now(&clock) < midnight - 1 {
            clock.set(midnight - 1);
        } else if i == half && clock_now(&clock) < midnight {
            clock.set(midnight);
        }
        match &step.action {
            Action::Sale {
                lines,
                cart_discount_pct,
                pay,
            } => sale(
                &mut store,
                &clock,
                &pool,
                &mut model,
                lines,
                *cart_discount_pct,
                pay,
            )?,
            Action::Restock { product, qty_milli } => {
                let p = &pool[*product];
                let got = store.restock(p, *qty_milli, Some("kulakan"));
                movement(&mut model, p, *qty_milli, got, "restock")?;
            }
            Action::Adjust {
                product,
                delta_milli,
            } => {
                let p = &pool[*product];
                let authority = store.owner_authority(None).unwrap();
                let got = store.adjust_stock(authority, p, *delta_milli, "stock opname");
                model.audited += usize::from(got.is_ok());
                movement(&mut model, p, *delta_milli, got, "adjustment")?;
            }
            Action::Settings(tax, rounding) => {
                model.audited += usize::from(set_pricing(&mut store, *tax, *rounding)?);
            }
        }
    }

    check_levels(&store, &model)?;
    check_outbox(&store, &model)?;
    check_reports(&store, &model, tz)?;
    Ok(())
}

fn clock_now(clock: &ManualClock) -> i64 {
    laris_core::Clock::now_ms(clock)
}

/// Whether the settings changed (then the change is audited).
fn set_pricing(
    store: &mut DeviceStore,
    tax: Tax,
    rounding: Rounding,
) -> Result<bool, TestCaseError> {
    let mut s = ok!(store.settings(), "settings");
    let changed = s.tax != tax || s.rounding != rounding;
    s.tax = tax;
    s.rounding = rounding;
    let authority = store.owner_authority(None).unwrap();
    ok!(store.save_settings(authority, &s), "save_settings");
    Ok(changed)
}

/// A restock or adjustment: tracked products move by `delta`; untracked ones refuse and
/// nothing is written.
fn movement(
    model: &mut Model,
    p: &Product,
    delta: i64,
    got: laris_core::Result<i64>,
    what: &str,
) -> Result<(), TestCaseError> {
    if p.track_stock {
        let after = ok!(got, what);
        let level = model.levels.entry(p.id).or_default();
        *level += delta;
        model.movements += 1;
        prop_assert_eq!(after, *level, "level after the {} of {}", what, p.sku);
    } else {
        let err = got.expect_err("an untracked product has no stock to move");
        prop_assert_eq!(err.code(), "invalid_input");
    }
    Ok(())
}

fn round_half_up(n: i128, d: i128) -> i64 {
    // Amounts here are never negative, so integer division rounds toward the floor.
    i64::try_from((2 * n + d) / (2 * d)).unwrap()
}

#[allow(clippy::too_many_arguments)]
fn sale(
    store: &mut DeviceStore,
    clock: &ManualClock,
    pool: &[Product],
    model: &mut Model,
    ops: &[LineOp],
    cart_discount_pct: i64,
    pay: &Pay,
) -> Result<(), TestCaseError> {
    let mut cart = Cart::new();
    for op in ops {
        let p = &pool[op.product];
        let qty = if p.sold_by_weight {
            op.qty
        } else {
            (op.qty % 10 + 1) * 1000
        };
        ok!(cart.add(p, qty), "cart.add");
    }
    // Discounts go on the lines as the cart ended up (a rescan merges into a line); the i-th
    // op only lends its percentage to the i-th line.
    for (i, op) in ops.iter().enumerate().take(cart.lines.len()) {
        let l = &cart.lines[i];
        let gross = round_half_up(i128::from(l.qty_milli) * i128::from(l.product.price), 1000);
        ok!(
            cart.set_line_discount(i, gross * op.discount_pct / 100),
            "line discount"
        );
    }

    // The expected arithmetic, from the cart and the settings, computed here.
    let settings = ok!(store.settings(), "settings");
    let (tax_mode, rate) = (settings.tax.mode, i128::from(settings.tax.rate_bp));
    let mut gross = 0;
    let mut line_discount = 0;
    let mut cost = 0;
    let mut line_amounts = Vec::new();
    for l in &cart.lines {
        let g = round_half_up(i128::from(l.qty_milli) * i128::from(l.product.price), 1000);
        let c = round_half_up(i128::from(l.qty_milli) * i128::from(l.product.cost), 1000);
        gross += g;
        line_discount += l.discount;
        cost += c;
        line_amounts.push((g, l.discount, c));
    }
    let cart_discount = (gross - line_discount) * cart_discount_pct / 100;
    ok!(cart.set_discount(cart_discount), "cart discount");
    let net = gross - line_discount - cart_discount;
    let (tax, before_rounding) = match tax_mode {
        TaxMode::None => (0, net),
        TaxMode::Exclusive => {
            let t = round_half_up(i128::from(net) * rate, 10_000);
            (t, net + t)
        }
        TaxMode::Inclusive => (round_half_up(i128::from(net) * rate, 10_000 + rate), net),
    };
    let step = settings.rounding.step();
    let total = round_half_up(i128::from(before_rounding), i128::from(step)) * step;

    let (tenders, change) = tenders(total, pay);
    let levels_before: Vec<i64> = cart
        .lines
        .iter()
        .map(|l| model.levels.get(&l.product.id).copied().unwrap_or(0))
        .collect();
    // Stock at or below zero never refuses a sale.
    let sale = ok!(
        store.checkout(&cart, &tenders, Some("Rina")),
        format!("checkout at levels {levels_before:?}")
    );

    let now = clock_now(clock);
    prop_assert_eq!(sale.created_at, now);
    prop_assert_eq!(
        (
            sale.gross,
            sale.line_discount,
            sale.cart_discount,
            sale.cost
        ),
        (gross, line_discount, cart_discount, cost)
    );
    prop_assert_eq!(
        (sale.tax_mode, sale.tax_rate_bp),
        (tax_mode, settings.tax.rate_bp)
    );
    prop_assert_eq!(
        (sale.tax, sale.rounding, sale.total),
        (tax, total - before_rounding, total),
        "PPN {:?} at {} bp, rounding to {}",
        tax_mode,
        rate,
        step
    );
    prop_assert!(
        (total - before_rounding).abs() * 2 <= step,
        "rounding beyond half a step"
    );
    prop_assert_eq!(sale.change, change);
    prop_assert_eq!(sale.tendered, tenders.iter().map(|t| t.amount).sum::<i64>());
    prop_assert_eq!(sale.payments.iter().map(|p| p.amount).sum::<i64>(), total);
    let lines: Vec<(i64, i64, i64)> = sale
        .lines
        .iter()
        .map(|l| (l.gross, l.discount, l.cost))
        .collect();
    prop_assert_eq!(lines, line_amounts);
    for (l, c) in sale.lines.iter().zip(&cart.lines) {
        prop_assert_eq!(
            (l.product_id, l.qty_milli, l.unit_price, l.unit_cost),
            (c.product.id, c.qty_milli, c.product.price, c.product.cost)
        );
    }

    // Receipt numbers count up within the shop-local day.
    let day = local_date(now, settings.timezone);
    let n = model.per_day.entry(day).or_default();
    *n += 1;
    let want = format!(
        "A-{:04}{:02}{:02}-{:04}",
        day.year(),
        u8::from(day.month()),
        day.day(),
        *n
    );
    prop_assert_eq!(&sale.receipt_no, &want);

    let back = ok!(store.query().sale(sale.id), "load_sale");
    prop_assert_eq!(
        back.as_ref(),
        Some(&sale),
        "the sale reads back as returned"
    );

    for l in &cart.lines {
        if l.product.track_stock {
            *model.levels.entry(l.product.id).or_default() -= l.qty_milli;
        }
    }
    model.sales.push(sale);
    Ok(())
}

/// The tenders for `pay` and the change they must give.
fn tenders(total: i64, pay: &Pay) -> (Vec<Tender>, i64) {
    if total == 0 {
        return (Vec::new(), 0);
    }
    match *pay {
        Pay::Cash(i) => {
            let note = NOTES[i];
            let given = (total + note - 1) / note * note;
            (vec![Tender::cash(given)], given - total)
        }
        Pay::Qris => (vec![Tender::qris(total)], 0),
        Pay::Split(permille, extra) if total >= 2 => {
            let qris = (total * permille / 1000).clamp(1, total - 1);
            (
                vec![Tender::qris(qris), Tender::cash(total - qris + extra)],
                extra,
            )
        }
        Pay::Split(..) => (vec![Tender::cash(total)], 0),
        Pay::Transfer => (vec![Tender::transfer(total, Some("BRI 0001".into()))], 0),
    }
}

fn check_levels(store: &DeviceStore, model: &Model) -> Result<(), TestCaseError> {
    let products = ok!(store.products(), "products");
    for p in &products {
        let want = model.levels.get(&p.id).copied().unwrap_or(0);
        let got = ok!(store.stock_level(p.id), "stock_level");
        prop_assert_eq!(got, want, "stock level of {} {}", p.sku, p.name);
    }
    // Listed: every tracked product below zero, or at or below a minimum the owner set (the
    // imported catalog sets none); negative ones first.
    let low = ok!(store.low_stock(), "low_stock");
    let mut listed: Vec<Uuid> = low.iter().map(|l| l.product_id).collect();
    let mut want: Vec<Uuid> = products
        .iter()
        .filter(|p| p.track_stock && p.active)
        .filter(|p| {
            let level = model.levels.get(&p.id).copied().unwrap_or(0);
            level < 0 || (p.min_stock_milli > 0 && level <= p.min_stock_milli)
        })
        .map(|p| p.id)
        .collect();
    listed.sort();
    want.sort();
    prop_assert_eq!(listed, want, "low-stock list");
    let first_non_negative = low
        .iter()
        .position(|l| l.level_milli >= 0)
        .unwrap_or(low.len());
    prop_assert!(
        low[first_non_negative..].iter().all(|l| l.level_milli >= 0),
        "negative levels come first"
    );
    Ok(())
}

fn check_outbox(store: &DeviceStore, model: &Model) -> Result<(), TestCaseError> {
    let entries = ok!(store.query().outbox_after(0, 100_000), "outbox");
    let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
    let want: Vec<i64> =
        (1..=(model.sales.len() + model.movements + model.audited) as i64).collect();
    prop_assert_eq!(seqs, want, "outbox seqs");
    let sale_entries: Vec<Uuid> = entries
        .iter()
        .filter(|e| e.kind == "sale")
        .map(|e| e.entity_id)
        .collect();
    let sale_ids: Vec<Uuid> = model.sales.iter().map(|s| s.id).collect();
    prop_assert_eq!(
        sale_entries,
        sale_ids,
        "one outbox entry per sale, in order"
    );
    Ok(())
}

fn check_reports(
    store: &DeviceStore,
    model: &Model,
    tz: ShopTimeZone,
) -> Result<(), TestCaseError> {
    let days: Vec<Date> = model
        .sales
        .iter()
        .map(|s| local_date(s.created_at, tz))
        .collect();
    let start = Date::from_calendar_date(2026, time::Month::November, 27).unwrap();
    let last = days.iter().copied().max().unwrap_or(start);
    // Each day alone, including the empty day before, and the whole range.
    let mut day = start.previous_day().unwrap();
    while day <= last.next_day().unwrap() {
        let sales: Vec<&Sale> = model
            .sales
            .iter()
            .zip(&days)
            .filter(|(_, d)| **d == day)
            .map(|(s, _)| s)
            .collect();
        let report = ok!(store.report(day, day, None), "report");
        check_report(&report, &sales, tz, &format!("day {day}"))?;
        day = day.next_day().unwrap();
    }
    let all: Vec<&Sale> = model.sales.iter().collect();
    let device = ok!(store.device(), "device").device_id;
    let report = ok!(store.report(start, last, Some(device)), "report");
    check_report(&report, &all, tz, "whole range, this device")?;
    let other = ok!(store.report(start, last, Some(Uuid::nil())), "report");
    prop_assert_eq!(
        other.totals,
        SalesTotals::default(),
        "another device sold nothing"
    );
    Ok(())
}

fn check_report(
    report: &Report,
    sales: &[&Sale],
    tz: ShopTimeZone,
    what: &str,
) -> Result<(), TestCaseError> {
    let count = sales.len() as i64;
    let sum = |f: &dyn Fn(&Sale) -> i64| sales.iter().map(|s| f(s)).sum::<i64>();
    let gross = sum(&|s| s.gross);
    let discounts = sum(&|s| s.line_discount + s.cart_discount);
    let total = sum(&|s| s.total);
    let cost = sum(&|s| s.cost);
    // Revenue: what the goods sold for net of discounts, less the PPN inside inclusive prices.
    let revenue = sum(&|s| {
        let net = s.gross - s.line_discount - s.cart_discount;
        if s.tax_mode == TaxMode::Inclusive {
            net - s.tax
        } else {
            net
        }
    });
    let want = SalesTotals {
        sales: count,
        gross,
        discounts,
        net: gross - discounts,
        tax: sum(&|s| s.tax),
        rounding: sum(&|s| s.rounding),
        total,
        revenue,
        cost,
        gross_profit: revenue - cost,
        average_basket: if count > 0 { total / count } else { 0 },
        // These properties make no returns (tests/returns cover them).
        returns: 0,
        returned: 0,
        returned_cost: 0,
        net_total: total,
        profit_after_returns: revenue - cost,
    };
    prop_assert_eq!(report.totals, want, "{} totals", what);

    let mut by_method: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for p in sales.iter().flat_map(|s| &s.payments) {
        let e = by_method.entry(p.method.as_str().to_string()).or_default();
        e.0 += 1;
        e.1 += p.amount;
    }
    let got: BTreeMap<String, (i64, i64)> = report
        .by_method
        .iter()
        .map(|m: &MethodTotal| (m.method.clone(), (m.payments, m.amount)))
        .collect();
    prop_assert_eq!(got, by_method, "{} by payment method", what);
    prop_assert!(
        report
            .by_method
            .windows(2)
            .all(|w| w[0].amount >= w[1].amount),
        "{} methods by amount",
        what
    );

    let mut by_hour: BTreeMap<u8, (i64, i64)> = BTreeMap::new();
    for s in sales {
        let hour = ((s.created_at + tz_offset_ms(tz)).rem_euclid(MS_PER_DAY) / MS_PER_HOUR) as u8;
        let e = by_hour.entry(hour).or_default();
        e.0 += 1;
        e.1 += s.total;
    }
    let want_hours: Vec<HourTotal> = by_hour
        .into_iter()
        .map(|(hour, (sales, total))| HourTotal { hour, sales, total })
        .collect();
    prop_assert_eq!(&report.by_hour, &want_hours, "{} by hour", what);

    let mut by_sku: BTreeMap<String, BestSeller> = BTreeMap::new();
    for l in sales.iter().flat_map(|s| &s.lines) {
        let e = by_sku.entry(l.sku.clone()).or_insert_with(|| BestSeller {
            sku: l.sku.clone(),
            name: l.name.clone(),
            qty_milli: 0,
            amount: 0,
            profit: 0,
        });
        e.qty_milli += l.qty_milli;
        e.amount += l.gross - l.discount;
        e.profit += l.gross - l.discount - l.cost;
    }
    let mut best: Vec<BestSeller> = by_sku.into_values().collect();
    best.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.sku.cmp(&b.sku)));
    best.truncate(10);
    prop_assert_eq!(&report.best_sellers, &best, "{} best sellers", what);
    Ok(())
}

fn tz_offset_ms(tz: ShopTimeZone) -> i64 {
    // Written out here rather than taken from laris-core, so the test checks its zones.
    MS_PER_HOUR
        * match tz {
            ShopTimeZone::Wib => 7,
            ShopTimeZone::Wita => 8,
            ShopTimeZone::Wit => 9,
        }
}

fn local_date(ms: i64, tz: ShopTimeZone) -> Date {
    let days = (ms + tz_offset_ms(tz)).div_euclid(MS_PER_DAY);
    Date::from_julian_day(UNIX_EPOCH_JULIAN_DAY + days as i32).unwrap()
}

/// Unix ms of 00:00 shop-local on `date`.
fn day_start_ms(date: Date, tz: ShopTimeZone) -> i64 {
    i64::from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY) * MS_PER_DAY - tz_offset_ms(tz)
}

/// Stock may go negative: the goods already left the shop. Selling is never refused, and the
/// product is flagged first on the low-stock list.
#[test]
fn a_product_below_zero_still_sells_and_is_flagged_first() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(1_795_748_400_000));
    let mut store = laris_tests::open_new_shop(
        &dir.path().join("device.db"),
        clock.clone(),
        Arc::new(SeededIds::new(1)),
        ShopTimeZone::Wita,
    );
    let indomie = store.product_by_code("2000000000015").unwrap();
    let gula = store.product_by_code("W0011").unwrap();
    assert_eq!(store.restock(&indomie, 2_000, None).unwrap(), 2_000);
    for expected in [-1_000, -4_000] {
        let mut cart = Cart::new();
        cart.add(&indomie, 3_000).unwrap();
        cart.add(&gula, 250).unwrap();
        clock.advance(60_000);
        store
            .checkout(&cart, &[Tender::cash(20_000)], None)
            .unwrap();
        assert_eq!(store.stock_level(indomie.id).unwrap(), expected);
    }
    assert_eq!(store.stock_level(gula.id).unwrap(), -500);
    let low = store.low_stock().unwrap();
    let negatives: Vec<&str> = low
        .iter()
        .take_while(|l| l.is_negative())
        .map(|l| l.sku.as_str())
        .collect();
    assert_eq!(
        negatives,
        ["W0001", "W0011"],
        "most negative first: {low:?}"
    );
    assert_eq!(
        low.len(),
        2,
        "without a minimum, only negative levels are low: {low:?}"
    );
}
