//! The shared golden cases of tests/golden/*.json (but receipts.json, laris-receipt's),
//! through laris-core's public API on real database files. The window's Vitest suite (ui/tests/unit/golden.test.ts) runs the mock
//! through the same files: the mock agrees with the till because both pass the same cases.

use std::path::PathBuf;
use std::sync::Arc;

use laris_core::{
    Cart, CartLine, CoreError, DeviceStore, ManualClock, PricingRules, Product, ProductDraft,
    Rounding, SeededIds, ShopSetup, ShopTimeZone, Tax, TaxMode, Tender, Totals,
};
use serde_json::{Value, json};
use uuid::Uuid;

fn golden(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/golden")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cases(doc: &Value) -> &Vec<Value> {
    doc["cases"].as_array().expect("a golden file has cases")
}

fn int(v: &Value) -> i64 {
    v.as_i64()
        .unwrap_or_else(|| panic!("{v} is not an integer"))
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("{v} is not a string"))
}

/// Fails with every case that came out otherwise, not just the first.
fn report(file: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} case(s) of tests/golden/{file} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `expected` (the case's keys among `keys`) against `got`.
fn compare(case: &Value, keys: &[&str], got: Value, failures: &mut Vec<String>) {
    let expected: serde_json::Map<String, Value> = keys
        .iter()
        .filter_map(|k| case.get(*k).map(|v| ((*k).to_string(), v.clone())))
        .collect();
    let expected = Value::Object(expected);
    if got != expected {
        failures.push(format!(
            "- {}:\n    expected {expected}\n    got      {got}",
            case["why"]
        ));
    }
}

/// A new shop on its own database file (kept alive by the returned directory).
fn new_shop(
    device_code: &str,
    timezone: ShopTimeZone,
    now_ms: i64,
) -> (tempfile::TempDir, DeviceStore, Arc<ManualClock>) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(now_ms));
    let mut store = DeviceStore::open(
        dir.path().join("device.db"),
        clock.clone(),
        Arc::new(SeededIds::new(7)),
    )
    .unwrap();
    store
        .init_shop(&ShopSetup {
            name: "Warung Golden".into(),
            device_code: device_code.into(),
            timezone,
        })
        .unwrap();
    (dir, store, clock)
}

fn error_json(e: &CoreError) -> Value {
    let field = match e {
        CoreError::Invalid { field, .. } => json!(field),
        _ => Value::Null,
    };
    json!({ "code": e.code(), "field": field })
}

// ---- pricing.json ----

fn rules(v: &Value) -> PricingRules {
    PricingRules {
        tax: Tax {
            mode: TaxMode::parse(text(&v["tax_mode"])).unwrap(),
            rate_bp: int(&v["tax_rate_bp"]),
        },
        rounding: Rounding::parse(text(&v["rounding"])).unwrap(),
    }
}

fn product(n: u128, unit_price: i64, unit_cost: i64) -> Product {
    Product {
        id: Uuid::from_u128(n + 1),
        sku: format!("G{n}"),
        name: format!("Barang {n}"),
        category: None,
        unit: "kg".into(),
        price: unit_price,
        cost: unit_cost,
        // Any quantity: the whole-units rule of pcs goods is the cart's, not pricing's.
        sold_by_weight: true,
        track_stock: true,
        min_stock_milli: 0,
        active: true,
        barcodes: Vec::new(),
    }
}

fn totals_json(t: &Totals) -> Value {
    json!({
        "lines": t.lines.iter().map(|l| json!({
            "gross": l.gross, "discount": l.discount, "cost": l.cost
        })).collect::<Vec<_>>(),
        "gross": t.gross,
        "line_discount": t.line_discount,
        "cart_discount": t.cart_discount,
        "tax": t.tax,
        "rounding": t.rounding,
        "total": t.total,
        "cost": t.cost,
    })
}

#[test]
fn pricing_matches_the_golden_cases() {
    let doc = golden("pricing.json");
    let mut failures = Vec::new();
    for case in cases(&doc) {
        let cart = Cart {
            lines: case["lines"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(i, l)| CartLine {
                    product: product(i as u128, int(&l["unit_price"]), int(&l["unit_cost"])),
                    qty_milli: int(&l["qty_milli"]),
                    discount: int(&l["discount"]),
                })
                .collect(),
            discount: int(&case["cart_discount"]),
        };
        let got = match cart.totals(rules(&case["rules"])) {
            Ok(t) => {
                // The identity every priced sale keeps.
                assert_eq!(
                    t.total,
                    t.gross - t.line_discount - t.cart_discount
                        + if rules(&case["rules"]).tax.mode == TaxMode::Exclusive {
                            t.tax
                        } else {
                            0
                        }
                        + t.rounding,
                    "{}",
                    case["why"]
                );
                json!({ "expect": totals_json(&t) })
            }
            Err(e) => json!({ "error": error_json(&e) }),
        };
        compare(case, &["expect", "error"], got, &mut failures);
    }
    assert!(cases(&doc).len() >= 40);
    report("pricing.json", failures);
}

// ---- receipt_numbers.json ----

fn zone(v: &Value) -> ShopTimeZone {
    text(v).parse().unwrap()
}

#[test]
fn receipt_numbers_match_the_golden_cases() {
    let doc = golden("receipt_numbers.json");
    let mut failures = Vec::new();
    for case in cases(&doc) {
        let sales = case["sales"].as_array().unwrap();
        let (_dir, mut store, clock) = new_shop(
            text(&case["device_code"]),
            zone(&case["timezone"]),
            int(&sales[0]["at_ms"]),
        );
        let (item, _) = store
            .upsert_product(&ProductDraft {
                sku: "G1".into(),
                name: "Kopi".into(),
                category: None,
                unit: "pcs".into(),
                price: 1_500,
                cost: 1_200,
                sold_by_weight: false,
                track_stock: true,
                min_stock_milli: 0,
                active: true,
                barcodes: Vec::new(),
            })
            .unwrap();
        let mut got = Vec::new();
        for sale in sales {
            clock.set(int(&sale["at_ms"]));
            if let Some(tz) = sale.get("timezone") {
                let mut settings = store.settings().unwrap();
                settings.timezone = zone(tz);
                let authority = store.owner_authority(None).unwrap();
                store.save_settings(authority, &settings).unwrap();
            }
            let mut cart = Cart::new();
            cart.add(&item, 1_000).unwrap();
            let paid = store.checkout(&cart, &[Tender::cash(1_500)], None).unwrap();
            got.push(paid.receipt_no);
        }
        let expected: Vec<&str> = sales.iter().map(|s| text(&s["receipt_no"])).collect();
        if got != expected {
            failures.push(format!(
                "- {}:\n    expected {expected:?}\n    got      {got:?}",
                case["why"]
            ));
        }
    }
    report("receipt_numbers.json", failures);
}

// ---- csv_errors.json ----

#[test]
fn catalog_csv_imports_match_the_golden_cases() {
    let doc = golden("csv_errors.json");
    let mut failures = Vec::new();
    for case in cases(&doc) {
        let (_dir, mut store, _) = new_shop("A", ShopTimeZone::Wib, 1_795_748_400_000);
        let csv = text(&case["csv"]);
        let got = match store.import_catalog_csv(csv.as_bytes()) {
            Ok(s) => {
                let mut got = json!({
                    "imported": {
                        "created": s.created, "updated": s.updated, "unchanged": s.unchanged,
                        "opening_stock": s.opening_stock
                    }
                });
                if let Some(finds) = case.get("finds").and_then(Value::as_object) {
                    let found: serde_json::Map<String, Value> = finds
                        .keys()
                        .map(|code| {
                            let sku = store.find_by_code(code).unwrap().map(|p| p.sku);
                            (code.clone(), json!(sku))
                        })
                        .collect();
                    got["finds"] = Value::Object(found);
                }
                if let Some(stock) = case.get("stock").and_then(Value::as_object) {
                    let levels: serde_json::Map<String, Value> = stock
                        .keys()
                        .map(|sku| {
                            let p = store.product_by_code(sku).unwrap();
                            (sku.clone(), json!(store.stock_level(p.id).unwrap()))
                        })
                        .collect();
                    got["stock"] = Value::Object(levels);
                }
                got
            }
            Err(CoreError::Import(e)) => {
                // What the window shows: the line and column, then why.
                let shown = e.to_string();
                let head = match &e.column {
                    Some(c) => format!("catalog CSV line {}, column {c}: ", e.line),
                    None => format!("catalog CSV line {}: ", e.line),
                };
                assert!(shown.starts_with(&head), "{shown}");
                assert!(
                    store.products().unwrap().is_empty(),
                    "{}: a rejected import wrote nothing",
                    case["why"]
                );
                json!({ "error": { "line": e.line, "column": e.column } })
            }
            Err(other) => json!({ "error": { "unexpected": other.to_string() } }),
        };
        compare(
            case,
            &["imported", "finds", "stock", "error"],
            got,
            &mut failures,
        );
    }
    report("csv_errors.json", failures);
}

// ---- device_codes.json ----

#[test]
fn device_codes_match_the_golden_cases() {
    let doc = golden("device_codes.json");
    assert_eq!(doc["max_len"], 8);
    let (_dir, mut store, _) = new_shop("A", ShopTimeZone::Wib, 1_795_748_400_000);
    let mut failures = Vec::new();
    for case in cases(&doc) {
        let input = text(&case["input"]);
        let got = match store.set_device_code(input) {
            Ok(()) => json!({ "code": store.device().unwrap().code }),
            Err(CoreError::Invalid {
                field: "device_code",
                ..
            }) => json!({ "error": "invalid_input" }),
            Err(other) => json!({ "error": other.to_string() }),
        };
        compare(case, &["code", "error"], got, &mut failures);
        // A new shop's code follows the same rule.
        let dir = tempfile::tempdir().unwrap();
        let mut fresh = DeviceStore::open(
            dir.path().join("device.db"),
            Arc::new(ManualClock::new(0)),
            Arc::new(SeededIds::new(1)),
        )
        .unwrap();
        let set_up = fresh.init_shop(&ShopSetup {
            name: "W".into(),
            device_code: input.into(),
            timezone: ShopTimeZone::Wib,
        });
        assert_eq!(
            set_up.map(|d| d.code).ok(),
            case["code"].as_str().map(String::from),
            "{}",
            case["why"]
        );
    }
    report("device_codes.json", failures);
}

// ---- money_input.json, qty_input.json ----

fn input_json(got: Result<i64, laris_core::input::InputError>, key: &str) -> Value {
    match got {
        Ok(v) => json!({ key: v }),
        Err(e) => json!({ "error": e.kind() }),
    }
}

#[test]
fn typed_money_matches_the_golden_cases() {
    let doc = golden("money_input.json");
    assert_eq!(int(&doc["max"]), laris_core::MAX_PRICE);
    let mut failures = Vec::new();
    for case in cases(&doc) {
        let got = input_json(
            laris_core::input::parse_rupiah(text(&case["text"])),
            "value",
        );
        compare(case, &["value", "error"], got, &mut failures);
    }
    report("money_input.json", failures);
}

#[test]
fn typed_quantities_match_the_golden_cases() {
    let doc = golden("qty_input.json");
    assert_eq!(int(&doc["max_milli"]), laris_core::MAX_QTY_MILLI);
    let mut failures = Vec::new();
    for case in cases(&doc) {
        let got = input_json(
            laris_core::input::parse_quantity(text(&case["text"])),
            "milli",
        );
        compare(case, &["milli", "error"], got, &mut failures);
    }
    report("qty_input.json", failures);
}

// receipts.json is laris-receipt's (crates/laris-receipt/tests/receipts.rs).

// ---- approval_codes.json ----

#[test]
fn approval_codes_match_the_golden_cases() {
    let doc = golden("approval_codes.json");
    let mut failures = Vec::new();
    for case in cases(&doc) {
        let key = laris_core::parse_key(text(&case["key"])).unwrap();
        let action = laris_core::CodeAction::parse(text(&case["action"])).unwrap();
        let code = laris_core::approval_code(
            &key,
            action,
            text(&case["subject"]),
            int(&case["amount"]),
            int(&case["now_ms"]),
        );
        compare(case, &["code"], json!({ "code": code }), &mut failures);
    }
    report("approval_codes.json", failures);
}
