//! `laris receipt` on the headless till: a kasbon sale's receipt as text on both papers, as
//! ESC/POS bytes and a PNG on stdout, and printed through a real TCP listener acting as a
//! printer (laris-printer's model of one), which drops the link mid-receipt once.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;

use common::{catalog, json, laris, ok};
use laris_printer::decode::{self, Printed};

fn kasbon_sale(db: &std::path::Path) -> String {
    let catalog = catalog();
    ok(&laris(
        db,
        &[
            "init",
            "--name",
            "Warung Uji",
            "--catalog",
            catalog.to_str().unwrap(),
        ],
    ));
    ok(&laris(db, &["kasbon", "add", "--name", "Bu Ani"]));
    let sale = json(&laris(
        db,
        &[
            "--json",
            "sell",
            "--item",
            "W0001x4",
            "--pay",
            "cash:4000",
            "--kasbon",
            "bu ani",
        ],
    ));
    sale["receipt_no"].as_str().unwrap().to_string()
}

/// Lines of text a printer prints from `bytes`.
fn printed_text(bytes: &[u8]) -> Vec<String> {
    decode::decode(bytes)
        .into_iter()
        .filter_map(|p| match p {
            Printed::Line { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

#[test]
fn a_receipt_as_text_bytes_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    let no = kasbon_sale(&db);
    let narrow = ok(&laris(&db, &["receipt", &no]));
    let wide = ok(&laris(&db, &["receipt", &no, "--width", "80"]));
    assert!(narrow.lines().all(|l| l.chars().count() <= 32), "{narrow}");
    assert!(wide.lines().any(|l| l.chars().count() == 48), "{wide}");
    for text in [&narrow, &wide] {
        assert!(text.contains("Kasbon a.n. Bu Ani"), "{text}");
        assert!(
            text.contains("Sisa kasbon") && text.contains("Rp 10.000"),
            "{text}"
        );
    }
    let copy = ok(&laris(&db, &["receipt", &no, "--reprint"]));
    assert!(copy.contains("CETAK ULANG"));

    let escpos = laris(&db, &["receipt", &no, "--format", "escpos"]);
    assert!(escpos.status.success());
    assert_eq!(
        &escpos.stdout[..2],
        b"\x1b@",
        "a job starts by resetting the printer"
    );
    let lines = printed_text(&escpos.stdout);
    assert_eq!(
        lines.iter().map(|l| l.trim()).collect::<Vec<_>>(),
        narrow.lines().map(str::trim).collect::<Vec<_>>()
    );
    assert_eq!(decode::decode(&escpos.stdout).last(), Some(&Printed::Cut));

    let png = laris(&db, &["receipt", &no, "--format", "png"]);
    assert!(png.status.success());
    assert_eq!(&png.stdout[..8], b"\x89PNG\r\n\x1a\n");

    let bad = laris(&db, &["--json", "receipt", &no, "--width", "57"]);
    assert!(!bad.status.success());
    let unknown = laris(&db, &["receipt", "Z-20260101-0001"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no sale with receipt"));
}

#[test]
fn a_receipt_printed_on_a_network_printer_that_drops_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    let no = kasbon_sale(&db);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let printer = std::thread::spawn(move || {
        let mut model = decode::Printer::new();
        let mut received = 0usize;
        for (n, conn) in listener.incoming().enumerate() {
            let mut conn = conn.unwrap();
            let mut buf = [0u8; 64];
            while let Ok(got @ 1..) = conn.read(&mut buf) {
                received += got;
                let reply = model.feed(&buf[..got]);
                if !reply.is_empty() && conn.write_all(&reply).is_err() {
                    break;
                }
                // The first connection drops a third of the way in, mid-line or not.
                if n == 0 && received > 300 {
                    break;
                }
            }
            if model.printed().contains(&Printed::Cut) {
                return model.into_printed();
            }
        }
        unreachable!("the listener ends only with the job")
    });
    let out = json(&laris(
        &db,
        &[
            "--json",
            "receipt",
            &no,
            "--print",
            &format!("tcp://127.0.0.1:{port}"),
        ],
    ));
    assert_eq!(out["confirmed"], true);
    assert!(out["reconnects"].as_u64().unwrap() >= 1, "{out}");
    let printed = printer.join().unwrap();
    let text = ok(&laris(&db, &["receipt", &no]));
    let lines: Vec<&str> = printed
        .iter()
        .filter_map(|p| match p {
            Printed::Line { text, .. } => Some(text.trim_start()),
            _ => None,
        })
        .collect();
    assert_eq!(
        lines,
        text.lines().map(str::trim_start).collect::<Vec<_>>(),
        "one complete receipt"
    );
    assert_eq!(printed.iter().filter(|p| **p == Printed::Cut).count(), 1);

    let nobody = TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = nobody.local_addr().unwrap().port();
    drop(nobody);
    let refused = laris(
        &db,
        &[
            "--json",
            "receipt",
            &no,
            "--print",
            &format!("tcp://127.0.0.1:{closed}"),
        ],
    );
    assert!(!refused.status.success());
    let err: serde_json::Value = serde_json::from_slice(&refused.stdout)
        .or_else(|_| serde_json::from_slice(&refused.stderr))
        .unwrap();
    assert_eq!(err["code"], "unreachable", "{err}");
}
