//! `laris kasbon`, `laris sell --kasbon`, `laris shift` and `laris opname` on the headless
//! till: a kasbon sale with a down payment repaid in part, a shift from float to closing with
//! expected vs counted, and a count recorded as its difference.

mod common;

use common::{catalog, json, laris, ok};

#[test]
fn kasbon_shift_and_opname_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    let catalog = catalog();
    ok(&laris(
        &db,
        &[
            "init",
            "--name",
            "Warung Uji",
            "--catalog",
            catalog.to_str().unwrap(),
        ],
    ));
    ok(&laris(&db, &["restock", "W0001", "20"]));
    ok(&laris(&db, &["shift", "open", "100000"]));
    ok(&laris(
        &db,
        &[
            "kasbon",
            "add",
            "--name",
            "Bu Ani",
            "--phone",
            "0812 3456 7890",
        ],
    ));
    // W0001 is 3.500: 4 of them, 4.000 down in cash, 10.000 on kasbon.
    let sale = json(&laris(
        &db,
        &[
            "--json",
            "sell",
            "--item",
            "W0001x4",
            "--pay",
            "cash:4000",
            "--kasbon",
            "bu ani",
            "--due",
            "2026-12-31",
        ],
    ));
    assert_eq!(sale["total"], 14_000);
    assert_eq!(sale["change"], 0);
    let book = ok(&laris(&db, &["kasbon"]));
    assert!(
        book.contains("Bu Ani") && book.contains("Rp 10.000"),
        "{book}"
    );
    let paid = json(&laris(
        &db,
        &[
            "--json", "kasbon", "repay", "Bu Ani", "6000", "--method", "cash",
        ],
    ));
    assert_eq!(paid["amount"], 6_000);
    let statement = ok(&laris(&db, &["kasbon", "show", "Bu Ani"]));
    assert!(statement.contains("Sisa kasbon: Rp 4.000"), "{statement}");
    assert!(
        statement.contains("https://wa.me/6281234567890?text="),
        "{statement}"
    );
    // More than is owed is refused.
    let out = laris(&db, &["kasbon", "repay", "Bu Ani", "5000"]);
    assert!(!out.status.success());

    ok(&laris(
        &db,
        &["shift", "out", "20000", "--reason", "bayar galon"],
    ));
    let closed = json(&laris(
        &db,
        &["--json", "shift", "close", "--cash", "89000"],
    ));
    let cash = &closed["figures"]["methods"][0];
    // 100.000 + 4.000 down + 6.000 repaid − 20.000 = 90.000; 89.000 counted.
    assert_eq!(cash["expected"], 90_000);
    assert_eq!(cash["counted"], 89_000);
    assert_eq!(closed["figures"]["kasbon_charged"], 10_000);
    let status = ok(&laris(&db, &["shift"]));
    assert!(status.contains("Shift belum dibuka"), "{status}");

    // 16 expected; 15 counted: a difference of −1 at cost.
    let count = json(&laris(
        &db,
        &["--json", "opname", "W0001=15", "--note", "akhir bulan"],
    ));
    assert_eq!(count["lines"][0]["expected_milli"], 16_000);
    assert_eq!(count["lines"][0]["counted_milli"], 15_000);
    let stock = json(&laris(&db, &["--json", "stock"]));
    let level = stock
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sku"] == "W0001")
        .map(|s| s["level_milli"].as_i64().unwrap());
    assert_eq!(level, Some(15_000));
    let bad = laris(&db, &["opname", "W0001"]);
    assert!(!bad.status.success());
}

#[test]
fn an_approval_code_from_the_owners_device_refunds_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    let catalog = catalog();
    ok(&laris(
        &db,
        &[
            "init",
            "--name",
            "Warung Uji",
            "--catalog",
            catalog.to_str().unwrap(),
        ],
    ));
    let with = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_laris"));
        c.arg("--db").arg(&db).args(args).env_remove("LARIS_DB");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    ok(&with(
        &["people", "add", "--name", "Bu Sri", "--role", "owner"],
        &[("LARIS_NEW_PIN", "4821")],
    ));
    let enrolled = json(&with(
        &["--json", "approval", "enrol"],
        &[("LARIS_OWNER_PIN", "4821")],
    ));
    let key = enrolled["key"].as_str().unwrap().to_string();
    let sale = json(&laris(
        &db,
        &["--json", "sell", "--item", "W0001x2", "--pay", "cash:10000"],
    ));
    let receipt = sale["receipt_no"].as_str().unwrap().to_string();
    // The owner's device: the key, the receipt and the amount told over the phone.
    let code = json(&with(
        &[
            "--json",
            "approval",
            "code",
            "--action",
            "refund",
            "--subject",
            &receipt,
            "--amount",
            "3500",
        ],
        &[("LARIS_APPROVAL_KEY", &key)],
    ));
    let code = code["code"].as_str().unwrap().to_string();
    let refund = |qty: &str| {
        laris(
            &db,
            &[
                "--json",
                "refund",
                &receipt,
                "--line",
                qty,
                "--reason",
                "penyok",
                "--approval-code",
                &code,
            ],
        )
    };
    let wrong = refund("1x2");
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("bad_approval_code"));
    assert_eq!(json(&refund("1x1"))["amount"], 3_500);
    let again = refund("1x1");
    assert!(String::from_utf8_lossy(&again.stderr).contains("approval_code_used"));
}

#[test]
fn qris_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    ok(&laris(&db, &["init", "--name", "Warung Uji"]));
    // A static QRIS built from the EMVCo structure (tag, length, value), then its CRC.
    let tlv = |t: &str, v: &str| format!("{t}{:02}{v}", v.len());
    let body = [
        tlv("00", "01"),
        tlv("01", "11"),
        tlv(
            "51",
            &[tlv("00", "ID.CO.QRIS.WWW"), tlv("02", "ID1020021181745")].concat(),
        ),
        tlv("52", "5411"),
        tlv("53", "360"),
        tlv("58", "ID"),
        tlv("59", "WARUNG UJI"),
        tlv("60", "BANDUNG"),
        "6304".into(),
    ]
    .concat();
    let payload = format!(
        "{body}{:04X}",
        laris_qris::crc16_ccitt_false(body.as_bytes())
    );
    let checked = ok(&laris(&db, &["qris", "check", &payload]));
    assert!(
        checked.contains("WARUNG UJI") && checked.contains("ID1020021181745"),
        "{checked}"
    );
    // A changed character is refused, and not saved.
    let tampered = payload.replace("UJI", "UJO");
    let out = laris(&db, &["qris", "check", &tampered]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("qris_bad_crc"));
    assert!(
        !laris(&db, &["settings", "--qris", &tampered])
            .status
            .success()
    );
    let out = laris(&db, &["qris", "dynamic", "12500"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no QRIS yet"));
    ok(&laris(&db, &["settings", "--qris", &payload]));
    let d = json(&laris(&db, &["--json", "qris", "dynamic", "12.500"]));
    assert_eq!(d["amount"], 12_500);
    let dynamic = d["payload"].as_str().unwrap();
    assert!(dynamic.starts_with("000201010212"));
    assert!(dynamic.contains("540512500"));
    let back = json(&laris(&db, &["--json", "qris", "check", dynamic]));
    assert_eq!(
        (back["dynamic"].as_bool(), back["amount"].as_i64()),
        (Some(true), Some(12_500))
    );
}

#[test]
fn a_settlement_list_confirms_the_qris_sales_it_matches() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    let catalog = catalog();
    ok(&laris(
        &db,
        &[
            "init",
            "--name",
            "Warung Uji",
            "--catalog",
            catalog.to_str().unwrap(),
        ],
    ));
    let sale = json(&laris(
        &db,
        &["--json", "sell", "--item", "W0001x2", "--pay", "qris"],
    ));
    let receipt = sale["receipt_no"].as_str().unwrap();
    let unverified = json(&laris(&db, &["--json", "qris", "unverified"]));
    assert_eq!(unverified.as_array().unwrap().len(), 1, "{unverified}");
    // The bank's list: this sale's money (its time in WIB, as the portal writes it) and a
    // credit no sale accounts for.
    let at = sale["created_at"].as_i64().unwrap();
    let wib = laris_core::ShopTimeZone::Wib.format(at);
    let when = wib.trim_end_matches(" WIB");
    let list = dir.path().join("settlement.csv");
    std::fs::write(
        &list,
        format!("Waktu,Nominal,RRN\n{when},7.000,RRN1\n{when},50.000,RRN2\n"),
    )
    .unwrap();
    let r = json(&laris(
        &db,
        &[
            "--json",
            "qris",
            "reconcile",
            list.to_str().unwrap(),
            "--confirm",
        ],
    ));
    assert_eq!(r["matched"][0]["sale"]["receipt_no"], receipt, "{r}");
    assert_eq!(r["unmatched_rows"][0]["amount"], 50_000);
    assert_eq!(r["confirmed"], 1);
    let unverified = json(&laris(&db, &["--json", "qris", "unverified"]));
    assert!(unverified.as_array().unwrap().is_empty());
    let again = laris(&db, &["qris", "confirm", receipt]);
    assert!(!again.status.success(), "confirmed once");
}
