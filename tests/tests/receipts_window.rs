//! Receipts and QRIS in the real window (step 8): the built `laris-desktop` under Xvfb
//! through tauri-driver, on a till with the shop's static QRIS and a network printer that
//! prints every sale. The printer is laris-printer's model of one on a real socket, slow (a
//! few bytes at a time, like Bluetooth) until the test lets it go.
//!
//! Three Indomie paid by QRIS: the pay screen shows the QR for exactly the total; the cashier
//! taps "Cek nanti", so the sale is recorded unverified. While the slow printer is still
//! receiving that receipt, the next scan is taken and the next sale paid in cash. Both
//! receipts then print once, whole. On Laporan the unverified QRIS sale is listed and
//! confirmed with one tap; its receipt's number, scanned as from its QR code, opens it, and it
//! is printed again (CETAK ULANG) and its picture saved.
//! The database is checked once the app has exited.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use laris_core::{PaymentMethod, PrinterSettings, RandomIds, ShopTimeZone, SystemClock};
use laris_printer::decode::{self, Printed};
use laris_tests::open_new_shop;
use laris_tests::window::{
    app_env, css, gone, rp, screenshots_dir, wait_text, wait_text_containing, wait_until_closed,
    window_tools,
};
use laris_webdriver::{ENTER, TauriDriver};

/// Indomie Goreng 85g, Rp 3.500.
const INDOMIE: (&str, &str) = ("W0001", "2000000000015");
const PRICE: i64 = 3_500;

/// What the printer has taken in so far.
#[derive(Debug, Default)]
struct Paper {
    printed: Vec<Printed>,
}

/// A network printer on `listener` that answers status queries and reads 8 bytes at a time
/// with a pause until `fast` is set.
fn slow_printer(
    listener: TcpListener,
    fast: Arc<AtomicBool>,
    paper: Arc<Mutex<Paper>>,
    received: Arc<AtomicUsize>,
) {
    std::thread::spawn(move || {
        let mut model = decode::Printer::new();
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { return };
            let mut buf = [0u8; 8];
            while let Ok(n @ 1..) = conn.read(&mut buf) {
                received.fetch_add(n, Ordering::Relaxed);
                let reply = model.feed(&buf[..n]);
                paper.lock().unwrap().printed = model.printed().to_vec();
                if !reply.is_empty() && conn.write_all(&reply).is_err() {
                    break;
                }
                if !fast.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        }
    });
}

fn cuts(paper: &Mutex<Paper>) -> usize {
    paper
        .lock()
        .unwrap()
        .printed
        .iter()
        .filter(|p| **p == Printed::Cut)
        .count()
}

fn printed_lines(paper: &Mutex<Paper>) -> Vec<String> {
    paper
        .lock()
        .unwrap()
        .printed
        .iter()
        .filter_map(|p| match p {
            Printed::Line { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn qris_static() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden/qris_static.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["static"].as_str().unwrap().to_string()
}

#[test]
fn qris_payment_and_receipts_printing_behind_the_counter_in_the_real_window() {
    let Some(tools) = window_tools() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let shots = screenshots_dir(tmp.path());
    let db = tmp.path().join("till.db");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let fast = Arc::new(AtomicBool::new(false));
    let paper = Arc::new(Mutex::new(Paper::default()));
    let received = Arc::new(AtomicUsize::new(0));
    slow_printer(listener, fast.clone(), paper.clone(), received.clone());
    {
        let mut shop = open_new_shop(
            &db,
            Arc::new(SystemClock),
            Arc::new(RandomIds),
            ShopTimeZone::Wib,
        );
        let mut settings = shop.settings().unwrap();
        settings.qris_payload = qris_static();
        let authority = shop.owner_authority(None).unwrap();
        shop.save_settings(authority, &settings).unwrap();
        shop.save_printer_settings(&PrinterSettings {
            target: format!("tcp://127.0.0.1:{port}"),
            paper_mm: 58,
            auto_print: true,
            open_drawer: true,
        })
        .unwrap();
        let indomie = shop.product_by_code(INDOMIE.0).unwrap();
        shop.restock(&indomie, 40_000, Some("stok awal")).unwrap();
    }

    let exports = tmp.path().join("unduhan");
    let mut env = app_env(&db, tmp.path());
    env.push(("LARIS_EXPORT_DIR", exports.display().to_string()));
    let driver = TauriDriver::start(&tools.tauri_driver, &env);
    let mut s = driver.session(&tools.app);
    s.failure_shots = Some(shots.clone());

    // 1. Three Indomie, paid by QRIS: the QR is the shop's, for exactly the total.
    for n in 1..=3 {
        let input = s.wait_for(&css("scan-input"), 30);
        s.type_into(&input, &format!("{}{ENTER}", INDOMIE.1));
        wait_text(&s, &css("cart-total"), &rp(n * PRICE));
    }
    s.click_on(&css("pay-button"));
    s.wait_for(&css("pay-dialog"), 10);
    s.click_on(&css("method-qris"));
    let code = s.wait_for(&css("qris-code"), 10);
    let payload = s
        .wait_until("the QR's payload", 10, || {
            s.attribute(&code, "data-payload")
        })
        .to_string();
    let q = laris_qris::Qris::parse(&payload).expect("the QR shown is a valid QRIS");
    assert!(q.is_dynamic(), "point of initiation 12");
    assert_eq!(q.amount(), Some(3 * PRICE));
    assert_eq!(q.merchant_name(), "WARUNG BU SRI");
    s.screenshot(&shots.join("bayar-qris-window.png"));
    s.click_on(&css("qris-later"));
    s.wait_for(&css("receipt-view"), 10);
    let first = s.wait_until("a receipt number", 10, || {
        Some(s.text_of(&css("receipt-no"))).filter(|r| r.starts_with("A-"))
    });

    // 2. The printer is still taking the first receipt in; the next sale goes on anyway.
    s.click_on(&css("new-sale"));
    gone(&s, "receipt-view");
    let input = s.wait_for(&css("scan-input"), 10);
    s.type_into(&input, &format!("{}{ENTER}", INDOMIE.1));
    wait_text(&s, &css("cart-total"), &rp(PRICE));
    assert_eq!(
        cuts(&paper),
        0,
        "the next scan was taken while the first receipt was still printing ({} bytes in)",
        received.load(Ordering::Relaxed)
    );
    s.click_on(&css("pay-button"));
    s.click_on(&css("quick-cash-exact"));
    s.wait_for(&css("receipt-view"), 10);
    let second = s.wait_until("the second receipt number", 10, || {
        Some(s.text_of(&css("receipt-no"))).filter(|r| r.starts_with("A-") && *r != first)
    });
    s.screenshot(&shots.join("struk-mencetak-window.png"));
    fast.store(true, Ordering::Relaxed);
    s.wait_until("both receipts printed", 60, || {
        (cuts(&paper) == 2).then_some(())
    });
    let lines = printed_lines(&paper);
    for receipt in [&first, &second] {
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.as_str() == receipt.as_str())
                .count(),
            1,
            "{receipt} printed once: {lines:#?}"
        );
    }
    s.click_on(&css("new-sale"));
    gone(&s, "receipt-view");

    // 3. Laporan lists the QRIS sale not yet confirmed; one tap confirms it.
    s.click_on(&css("nav-laporan"));
    wait_text_containing(&s, &css("unverified-qris"), &first);
    s.screenshot(&shots.join("qris-belum-dicek-window.png"));
    s.click_on(&css(&format!("qris-confirm-{first}")));
    s.wait_until("the confirmed sale off the list", 10, || {
        s.find(&css(&format!("qris-confirm-{first}")))
            .is_none()
            .then_some(())
    });

    // 4. The first receipt's QR code (its number) scanned at Kasir opens that sale; printed
    // again from its view, it is marked CETAK ULANG.
    s.click_on(&css("nav-kasir"));
    let input = s.wait_for(&css("scan-input"), 10);
    s.type_into(&input, &format!("{first}{ENTER}"));
    s.wait_for(&css("receipt-view"), 10);
    wait_text(&s, &css("receipt-no"), &first);
    s.click_on(&css("print-receipt"));
    s.wait_until("the reprint", 30, || (cuts(&paper) == 3).then_some(()));
    assert!(printed_lines(&paper).iter().any(|l| l == "CETAK ULANG"));
    // Its picture, saved for WhatsApp: Rust writes the file (the webview does not download).
    s.click_on(&css("receipt-image"));
    let picture = exports.join(format!("struk-{first}.png"));
    wait_text_containing(&s, &css("notice"), "Gambar struk disimpan");
    let png = std::fs::read(&picture).expect("the picture is saved");
    assert_eq!(&png[..4], b"\x89PNG");
    s.quit();
    drop(driver);

    // 5. The database: the first sale's QRIS was recorded unverified, then confirmed.
    let store = wait_until_closed(&db);
    let sale = store.sale_by_receipt(&first).unwrap().unwrap();
    let qris = sale
        .payments
        .iter()
        .find(|p| p.method == PaymentMethod::Qris)
        .expect("paid by QRIS");
    assert_eq!(qris.status, "unverified", "recorded as the cashier said");
    assert!(
        store
            .query()
            .unverified_qris(0, i64::MAX)
            .unwrap()
            .is_empty(),
        "and confirmed since"
    );
    assert!(
        store
            .query()
            .audit_log(50)
            .unwrap()
            .iter()
            .any(|e| e.action == laris_core::AuditAction::QrisConfirmed)
    );
}
