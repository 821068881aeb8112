//! The `laris` binary, driven as a user would, on a real database file.

mod common;

use common::{catalog, json, laris, ok};
use std::path::{Path, PathBuf};
use std::process::Output;

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

fn failed_with(out: &Output, code: &str) -> String {
    assert!(!out.status.success(), "should have failed");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains(&format!("[{code}]")), "{stderr}");
    stderr
}

#[test]
fn every_command_but_init_refuses_a_missing_database_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = catalog();
    let csv = csv.to_str().unwrap();
    let copy = dir.path().join("copy.db");
    let copy = copy.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["sell", "--item", "W0001"],
        &["import", csv],
        &["export", "-"],
        &["search", "indomie"],
        &["product", "set", "W0001", "--price", "4000"],
        &["receipt", "A-20261127-0001"],
        &["restock", "W0001", "5"],
        &["adjust", "W0001", "-1", "--reason", "rusak"],
        &["stock"],
        &["report"],
        &["settings", "--name", "X"],
        &["backup", copy],
        &["pair", "http://127.0.0.1:9", "K7PM2QXA"],
        &["sync"],
        &["sync", "--watch"],
        &["status"],
    ];
    for db in [
        dir.path().join("typo").join("x.db"),
        dir.path().join("x.db"),
    ] {
        for args in commands {
            let stderr = failed_with(&laris(&db, args), "no_database");
            assert!(
                stderr.contains(db.to_str().unwrap()) && stderr.contains("laris init"),
                "{args:?}: {stderr}"
            );
        }
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing created: {left:?}");

    // `init` still creates the folder and the shop.
    let db = dir.path().join("new").join("till.db");
    ok(&laris(&db, &["init", "--name", "Warung Baru"]));
    ok(&laris(&db, &["report"]));
}

#[test]
fn init_with_a_missing_catalog_creates_no_shop() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    let out = laris(
        &db,
        &[
            "init",
            "--name",
            "Warung",
            "--catalog",
            "/no/such/catalog.csv",
        ],
    );
    failed_with(&out, "io");
    assert!(!db.exists());
}

#[test]
fn product_set_changes_price_name_cost_and_barcodes_and_refuses_bad_input_whole() {
    let (_dir, db) = shop();
    let before = json(&laris(&db, &["--json", "search", "W0001"]))[0]["product"].clone();
    let bad: [(&[&str], &str, &str); 7] = [
        (&["--name", "Berubah", "--price", "-5"], "usage", "negative"),
        (
            &["--name", "Berubah", "--price", "12,5"],
            "usage",
            "whole Rupiah",
        ),
        (
            &["--name", "Berubah", "--cost", "abc"],
            "usage",
            "whole Rupiah",
        ),
        (&["--price", "1", "--name", "  "], "invalid_input", "name"),
        (&["--price", "999999999999"], "invalid_input", "price"),
        (
            &["--price", "1", "--remove-barcode", "123"],
            "usage",
            "no such barcode",
        ),
        (&[], "usage", "--price"),
    ];
    for (changes, code, says) in bad {
        let args = [&["product", "set", "W0001"][..], changes].concat();
        let stderr = failed_with(&laris(&db, &args), code);
        assert!(stderr.contains(says), "{changes:?}: {stderr}");
    }
    failed_with(
        &laris(&db, &["product", "set", "NOPE", "--price", "1"]),
        "unknown_product",
    );
    let after = json(&laris(&db, &["--json", "search", "W0001"]))[0]["product"].clone();
    assert_eq!(before, after, "no bad input changed anything");

    let set = json(&laris(
        &db,
        &[
            "--json",
            "product",
            "set",
            "W0001",
            "--price",
            "4.000",
            "--cost",
            "3100",
            "--name",
            " Indomie Goreng Jumbo ",
            "--add-barcode",
            "8990000000017",
        ],
    ));
    assert_eq!(set["changed"], true);
    assert_eq!(set["product"]["price"], 4000);
    assert_eq!(set["product"]["cost"], 3100);
    assert_eq!(set["product"]["name"], "Indomie Goreng Jumbo");
    let by_new_code = json(&laris(&db, &["--json", "search", "8990000000017"]));
    assert_eq!(by_new_code[0]["product"]["sku"], "W0001");
    let sale = json(&laris(&db, &["--json", "sell", "--item", "8990000000017"]));
    assert_eq!(sale["total"], 4000);
    let again = json(&laris(
        &db,
        &["--json", "product", "set", "W0001", "--price", "4000"],
    ));
    assert_eq!(again["changed"], false);
    let text = ok(&laris(
        &db,
        &[
            "product",
            "set",
            "W0001",
            "--remove-barcode",
            "8990000000017",
        ],
    ));
    assert!(text.contains("W0001 Indomie Goreng Jumbo"), "{text}");
    failed_with(
        &laris(&db, &["sell", "--item", "8990000000017"]),
        "unknown_product",
    );
}

#[test]
fn report_speaks_one_language_and_narrows_to_a_till() {
    let (_dir, db) = shop();
    ok(&laris(&db, &["sell", "--item", "W0001", "--pay", "qris"]));
    let id = ok(&laris(&db, &["report"]));
    for word in [
        "Laporan penjualan",
        "seluruh toko",
        "Uang diterima",
        "Laba kotor",
        "QRIS",
    ] {
        assert!(id.contains(word), "{word}: {id}");
    }
    for word in ["Sales report", "Gross profit", "Collected", "payments"] {
        assert!(!id.contains(word), "{word} in the Indonesian report: {id}");
    }
    let en = ok(&laris(&db, &["report", "--lang", "en"]));
    for word in ["Sales report", "whole shop", "Collected", "Gross profit"] {
        assert!(en.contains(word), "{word}: {en}");
    }
    assert!(!en.contains("Laba kotor"), "{en}");

    let this = json(&laris(&db, &["--json", "report", "--device", "this"]));
    assert_eq!(this["totals"]["sales"], 1);
    assert!(this["device_id"].is_string());
    let by_code = ok(&laris(&db, &["report", "--device", "b"]));
    assert!(by_code.contains("kasir B"), "{by_code}");
    let stderr = failed_with(&laris(&db, &["report", "--device", "Z"]), "usage");
    assert!(stderr.contains("known: B"), "{stderr}");
}

/// Runs laris with its stdout a pipe whose reading end is closed before it writes.
fn with_stdout_closed(db: &Path, args: &[&str]) -> Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_laris"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LARIS_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

fn ends_quietly(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let (_dir, db) = shop();
    ok(&laris(&db, &["sell", "--item", "W0001"]));
    for args in [
        &["export", "-"][..],
        &["report"],
        &["--json", "report"],
        &["search", "a"],
        &["stock"],
        &["status"],
    ] {
        ends_quietly(&with_stdout_closed(&db, args));
    }
    // The sale is paid and durable before it is printed: a closed pipe loses nothing.
    ends_quietly(&with_stdout_closed(&db, &["sell", "--item", "W0001"]));
    assert_eq!(
        json(&laris(&db, &["--json", "report"]))["totals"]["sales"],
        2
    );

    // And through a real `head -1`.
    for command in ["export -", "report"] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("\"$0\" --db \"$1\" {command} | head -1"))
            .arg(env!("CARGO_BIN_EXE_laris"))
            .arg(&db)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.is_empty(), "{stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    }
}

#[test]
fn a_write_waits_for_the_writer_lock_a_little_then_says_why() {
    let (_dir, db) = shop();
    let hold = |secs: u64| {
        let db = db.clone();
        let (held_tx, held) = std::sync::mpsc::channel();
        let t = std::thread::spawn(move || {
            let store = laris_core::DeviceStore::open(
                &db,
                std::sync::Arc::new(laris_core::SystemClock),
                std::sync::Arc::new(laris_core::RandomIds),
            )
            .unwrap();
            held_tx.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_secs(secs));
            drop(store);
        });
        held.recv().unwrap();
        t
    };
    let t = hold(1);
    ok(&laris(&db, &["sell", "--item", "W0001"]));
    t.join().unwrap();

    let t = hold(12);
    let stderr = failed_with(&laris(&db, &["sell", "--item", "W0001"]), "database_locked");
    assert!(
        stderr.contains("in use by another laris process (sync --watch?); try again"),
        "{stderr}"
    );
    // Reading never waits.
    assert_eq!(
        json(&laris(&db, &["--json", "report"]))["totals"]["sales"],
        1
    );
    t.join().unwrap();
}
