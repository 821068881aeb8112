//! The `laris` binary, driven as a user would, on a real database file.

mod common;

use common::{laris, ok};
use std::path::{Path, PathBuf};
use std::process::Output;

fn catalog() -> PathBuf {
    std::env::var_os("LARIS_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
        .join("catalog-warung.csv")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

fn shop() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    let catalog = catalog();
    ok(&laris(
        &db,
        &[
            "init",
            "--name",
            "Warung Uji",
            "--device",
            "B",
            "--catalog",
            catalog.to_str().unwrap(),
        ],
    ));
    (dir, db)
}

#[test]
fn sell_then_report_agree() {
    let (_dir, db) = shop();
    let sale = json(&laris(
        &db,
        &[
            "--json",
            "sell",
            "--item",
            "2000000000015x3",
            "--item",
            "W0010x0,5",
            "--line-discount",
            "1:500",
            "--pay",
            "qris:5000",
            "--pay",
            "cash:20000",
        ],
    ));
    // 3 × 3.500 − 500 + 0,5 × 14.000 = 17.000; QRIS 5.000, cash 12.000 of 20.000.
    assert_eq!(sale["total"], 17_000);
    assert_eq!(sale["change"], 8_000);
    assert!(sale["receipt_no"].as_str().unwrap().starts_with("B-"));
    let receipt = ok(&laris(
        &db,
        &["receipt", sale["receipt_no"].as_str().unwrap()],
    ));
    assert!(receipt.contains("Kembali"), "{receipt}");
    assert!(receipt.contains("Rp 8.000"), "{receipt}");

    let report = json(&laris(&db, &["--json", "report"]));
    assert_eq!(report["totals"]["sales"], 1);
    assert_eq!(report["totals"]["total"], 17_000);
    let methods = report["by_method"].as_array().unwrap();
    let amount = |m: &str| methods.iter().find(|x| x["method"] == m).unwrap()["amount"].clone();
    assert_eq!(amount("cash"), 12_000);
    assert_eq!(amount("qris"), 5_000);
}

#[test]
fn errors_exit_non_zero_with_a_code_and_write_nothing() {
    let (_dir, db) = shop();
    let cases: [(&[&str], &str); 5] = [
        (&["sell", "--item", "0000000000000"], "unknown_product"),
        (
            &["sell", "--item", "W0001", "--pay", "cash:1000"],
            "insufficient_payment",
        ),
        (&["sell", "--item", "W0001x-2"], "invalid_input"),
        (&["sell", "--item", "W0001x999999999"], "invalid_input"),
        (
            &["sell", "--item", "W0001", "--pay", "kartu:5000"],
            "invalid_input",
        ),
    ];
    for (args, code) in cases {
        let out = laris(&db, args);
        assert!(!out.status.success(), "{args:?} should fail");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("[{code}]")), "{args:?}: {stderr}");
    }
    let report = json(&laris(&db, &["--json", "report"]));
    assert_eq!(report["totals"]["sales"], 0);
}

#[test]
fn import_rejects_a_bad_file_whole_and_export_round_trips() {
    let (dir, db) = shop();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight\n\
         N1,2999999999991,Barang Baru,Lain,pcs,1000,900,false\n\
         N2,2999999999992,Barang Rusak,Lain,pcs,seribu,900,false\n",
    )
    .unwrap();
    let out = laris(&db, &["import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3") && stderr.contains("price_idr"),
        "{stderr}"
    );
    let found = ok(&laris(&db, &["search", "Barang"]));
    assert!(
        found.contains("No products found"),
        "nothing of the bad import applied: {found}"
    );

    let exported = dir.path().join("out.csv");
    ok(&laris(&db, &["export", exported.to_str().unwrap()]));
    let summary = json(&laris(
        &db,
        &["--json", "import", exported.to_str().unwrap()],
    ));
    assert_eq!(summary["created"], 0);
    assert_eq!(summary["updated"], 0);
    assert_eq!(summary["unchanged"], 125);
}

#[test]
fn stock_goes_negative_and_is_flagged() {
    let (_dir, db) = shop();
    ok(&laris(&db, &["restock", "W0001", "2"]));
    ok(&laris(&db, &["sell", "--item", "W0001x3"]));
    let low = json(&laris(&db, &["--json", "stock", "--low"]));
    assert_eq!(low[0]["sku"], "W0001");
    assert_eq!(low[0]["level_milli"], -1000);
    let out = laris(&db, &["adjust", "W0001", "5"]);
    assert!(!out.status.success(), "an adjustment needs a reason");
    ok(&laris(
        &db,
        &["adjust", "W0001", "1", "--reason", "hitung ulang"],
    ));
}

#[test]
fn backup_is_a_consistent_copy_readable_on_its_own() {
    let (dir, db) = shop();
    ok(&laris(&db, &["sell", "--item", "W0001"]));
    let copy = dir.path().join("copy.db");
    ok(&laris(&db, &["backup", copy.to_str().unwrap()]));
    let report = json(&laris(&copy, &["--json", "report"]));
    assert_eq!(report["totals"]["sales"], 1);
    let again = laris(&db, &["backup", copy.to_str().unwrap()]);
    assert!(!again.status.success(), "never overwrites an existing file");
}
