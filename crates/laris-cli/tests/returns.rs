//! `laris void` and `laris refund` on the headless till: money and stock back, never more
//! than was sold, the owner's PIN once anyone is set up.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{catalog, json, laris, ok};

fn refused(out: &Output, code: &str) {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(code), "expected {code}: {err}");
}

fn level(db: &Path) -> i64 {
    let stock = json(&laris(db, &["--json", "stock"]));
    stock
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sku"] == "W0001")
        .map(|s| s["level_milli"].as_i64().unwrap())
        .unwrap()
}

#[test]
fn refund_and_void_from_the_command_line() {
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
            "A",
            "--catalog",
            catalog.to_str().unwrap(),
        ],
    ));
    let sale = json(&laris(
        &db,
        &["--json", "sell", "--item", "W0001x3", "--pay", "cash:20000"],
    ));
    let receipt = sale["receipt_no"].as_str().unwrap().to_string();
    let before = level(&db);
    let refund = json(&laris(
        &db,
        &[
            "--json", "refund", &receipt, "--line", "1x1", "--reason", "penyok",
        ],
    ));
    assert_eq!(refund["kind"], "refund");
    assert_eq!(refund["amount"], 3_500);
    assert_eq!(level(&db), before + 1_000);
    // More than is left, a line that is not there, no reason: refused, nothing written.
    refused(
        &laris(&db, &["refund", &receipt, "--line", "1x3", "--reason", "x"]),
        "invalid_input",
    );
    refused(
        &laris(&db, &["refund", &receipt, "--line", "2x1", "--reason", "x"]),
        "invalid_input",
    );
    refused(
        &laris(&db, &["refund", &receipt, "--line", "1x1", "--reason", " "]),
        "invalid_input",
    );
    // Part already refunded: no void.
    refused(
        &laris(&db, &["void", &receipt, "--reason", "salah"]),
        "invalid_input",
    );
    let other = json(&laris(
        &db,
        &["--json", "sell", "--item", "W0001", "--pay", "qris:3500"],
    ));
    let other = other["receipt_no"].as_str().unwrap().to_string();
    // An owner set up: no PIN, no void.
    let mut add = Command::new(env!("CARGO_BIN_EXE_laris"));
    add.arg("--db")
        .arg(&db)
        .args(["people", "add", "--name", "Bu Sri", "--role", "owner"])
        .env_remove("LARIS_DB")
        .env("LARIS_NEW_PIN", "4821");
    ok(&add.output().unwrap());
    refused(
        &laris(&db, &["void", &other, "--reason", "salah"]),
        "owner_approval_required",
    );
    let mut void = Command::new(env!("CARGO_BIN_EXE_laris"));
    void.arg("--db")
        .arg(&db)
        .args(["--json", "void", &other, "--reason", "salah input"])
        .env_remove("LARIS_DB")
        .env("LARIS_OWNER_PIN", "4821");
    let v = json(&void.output().unwrap());
    assert_eq!(
        (
            v["kind"].as_str(),
            v["method"].as_str(),
            v["amount"].as_i64()
        ),
        (Some("void"), Some("qris"), Some(3_500))
    );
    let over = ok(&laris(&db, &["over-refunds"]));
    assert!(over.contains("No sale"), "{over}");
}
