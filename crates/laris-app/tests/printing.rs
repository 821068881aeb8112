//! Receipts printed in the background and QRIS at the counter, through laris-app on real
//! SQLite files: a slow network printer on a real socket (laris-printer's model of one) still
//! receiving the first receipt while the next sale is rung up and paid; the printer's
//! settings checked; a job without a printer failing plainly; the dynamic QRIS for a payment
//! and the QRIS money confirmed later.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use laris_app::dto::{
    CartInput, CartLineInput, CheckoutInput, PrintFailureView, PrintJobView, PrinterSettingsView,
    SettingsInput, ShopSetupInput, TenderInput, TenderMethod,
};
use laris_app::{App, AppConfig};
use laris_core::{ManualClock, SeededIds};
use laris_printer::decode::{self, Printed};

/// 2026-11-27 03:00 UTC = 10:00 WIB.
const T0: i64 = 1_795_748_400_000;

fn shop(dir: &std::path::Path) -> App {
    let app = App::open(
        dir.join("till.db"),
        Arc::new(ManualClock::new(T0)),
        Arc::new(SeededIds::new(3)),
        AppConfig {
            export_dir: Some(dir.join("unduhan")),
            ..AppConfig::default()
        },
    )
    .unwrap();
    app.setup_shop(&ShopSetupInput {
        name: "Warung Bu Sri".into(),
        device_code: "A".into(),
        timezone: "WIB".into(),
    })
    .unwrap();
    let shared = std::env::var_os("LARIS_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    app.import_csv(&std::fs::read_to_string(shared.join("catalog-warung.csv")).unwrap())
        .unwrap();
    app
}

fn sale(app: &App, tenders: Vec<TenderInput>) -> laris_app::dto::SaleView {
    let indomie = app.lookup("2000000000015").unwrap().exact.unwrap();
    app.checkout(&CheckoutInput {
        cart: CartInput {
            lines: vec![CartLineInput {
                product_id: indomie.id,
                qty_milli: 3_000,
                discount: 0,
                unit_price: None,
            }],
            discount: 0,
        },
        tenders,
        cashier: None,
        kasbon: None,
        owner_pin: None,
    })
    .unwrap()
}

fn tender(method: TenderMethod, amount: i64, confirmed: Option<bool>) -> TenderInput {
    TenderInput {
        method,
        amount,
        reference: None,
        confirmed,
    }
}

fn printer(app: &App, target: &str, auto_print: bool) -> PrinterSettingsView {
    app.save_printer_settings(&PrinterSettingsView {
        target: target.into(),
        paper_mm: 58,
        auto_print,
        open_drawer: true,
    })
    .unwrap()
}

/// The job `id` once it has ended (printed or failed).
fn ended(app: &App, id: u64) -> PrintJobView {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let job = app
            .print_status()
            .unwrap()
            .jobs
            .into_iter()
            .find(|j| j.id == id)
            .expect("the job is listed");
        if job.state == "printed" || job.state == "failed" {
            return job;
        }
        assert!(Instant::now() < deadline, "job {id} never ended: {job:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A network printer that takes 16 bytes at a time with a pause between, like a Bluetooth
/// link, until `release` is set; then it reads at full speed. Returns what it printed.
fn slow_printer(
    listener: TcpListener,
    receipts: usize,
    release: Arc<AtomicBool>,
) -> std::thread::JoinHandle<Vec<Printed>> {
    std::thread::spawn(move || {
        let mut model = decode::Printer::new();
        let mut conns = listener.incoming();
        while model
            .printed()
            .iter()
            .filter(|p| **p == Printed::Cut)
            .count()
            < receipts
        {
            let mut conn = conns.next().unwrap().unwrap();
            let mut buf = [0u8; 16];
            while let Ok(n @ 1..) = conn.read(&mut buf) {
                let reply = model.feed(&buf[..n]);
                if !reply.is_empty() && conn.write_all(&reply).is_err() {
                    break;
                }
                if !release.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(15));
                }
            }
        }
        model.into_printed()
    })
}

#[test]
fn the_next_sale_goes_on_while_a_slow_printer_prints() {
    let dir = tempfile::tempdir().unwrap();
    let app = shop(dir.path());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let release = Arc::new(AtomicBool::new(false));
    let printed = slow_printer(listener, 2, release.clone());
    printer(&app, &format!("tcp://127.0.0.1:{port}"), true);

    let first = sale(&app, vec![tender(TenderMethod::Cash, 20_000, None)]);
    // The first receipt is still on its way to the printer (at 16 bytes a pause, it takes
    // seconds), and the next scan and sale are taken at once.
    let job = app.print_status().unwrap().jobs[0].clone();
    assert_eq!(job.label, first.receipt_no);
    let second = sale(&app, vec![tender(TenderMethod::Cash, 10_500, None)]);
    let status = app.print_status().unwrap();
    let first_job = status.jobs.iter().find(|j| j.id == job.id).unwrap();
    assert!(
        first_job.state == "printing" || first_job.state == "queued",
        "the first receipt is not printed yet when the second sale is paid: {first_job:?}"
    );
    assert_eq!(status.jobs[0].label, second.receipt_no, "queued behind it");
    release.store(true, Ordering::Relaxed);

    for j in &status.jobs {
        let done = ended(&app, j.id);
        assert_eq!(done.state, "printed", "{done:?}");
        assert!(!done.unconfirmed, "the model answers status queries");
    }
    let printed = printed.join().unwrap();
    let lines: Vec<&str> = printed
        .iter()
        .filter_map(|p| match p {
            Printed::Line { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    for receipt in [&first, &second] {
        assert_eq!(
            lines.iter().filter(|l| **l == receipt.receipt_no).count(),
            1,
            "{} printed once",
            receipt.receipt_no
        );
    }
    assert_eq!(printed.iter().filter(|p| **p == Printed::Cut).count(), 2);
    assert_eq!(
        printed
            .iter()
            .filter(|p| **p == Printed::DrawerPulse)
            .count(),
        2,
        "both sales took cash: the drawer opened for each"
    );
    let mut expected: Vec<&str> = first.receipt_text.lines().map(str::trim_start).collect();
    expected.extend(second.receipt_text.lines().map(str::trim_start));
    let got: Vec<&str> = lines.iter().map(|l| l.trim_start()).collect();
    assert_eq!(got, expected, "two whole receipts, in order");

    let image = app.receipt_image(first.id).unwrap();
    assert!(
        image
            .data_url
            .starts_with("data:image/png;base64,iVBORw0KGgo")
    );
    assert_eq!(image.file_name, format!("struk-{}.png", first.receipt_no));
    let saved = app.save_receipt_image(first.id).unwrap();
    assert_eq!(
        PathBuf::from(&saved.path),
        dir.path().join("unduhan").join(&image.file_name)
    );
    assert_eq!(&std::fs::read(&saved.path).unwrap()[..4], b"\x89PNG");

    // A reprint says so.
    let again = app.print_receipt(first.id, true).unwrap();
    assert_eq!(again.state, "queued");
}

#[test]
fn printer_settings_are_checked_and_a_missing_printer_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let app = shop(dir.path());
    assert_eq!(app.printer_settings().unwrap().target, "");
    let s = sale(&app, vec![tender(TenderMethod::Cash, 20_000, None)]);
    let job = app.print_receipt(s.id, false).unwrap();
    assert_eq!(job.state, "failed");
    assert_eq!(job.failure, Some(PrintFailureView::NoPrinter));
    assert_eq!(
        app.test_printer().unwrap().failure,
        Some(PrintFailureView::NoPrinter)
    );

    for bad in [
        "printer",
        "tcp://",
        "tcp://host:notaport",
        "http://192.168.1.5",
    ] {
        let e = app
            .save_printer_settings(&PrinterSettingsView {
                target: bad.into(),
                paper_mm: 58,
                auto_print: false,
                open_drawer: false,
            })
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("target"), "{bad}: {e:?}");
    }
    let wide = app
        .save_printer_settings(&PrinterSettingsView {
            target: " /dev/rfcomm0 ".into(),
            paper_mm: 80,
            auto_print: true,
            open_drawer: false,
        })
        .unwrap();
    assert_eq!((wide.target.as_str(), wide.paper_mm), ("/dev/rfcomm0", 80));
    assert!(
        app.save_printer_settings(&PrinterSettingsView {
            paper_mm: 57,
            ..wide.clone()
        })
        .is_err()
    );

    // Nothing listens: the test page fails as unreachable, and the till is not held up.
    let nobody = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = nobody.local_addr().unwrap().port();
    drop(nobody);
    printer(&app, &format!("tcp://127.0.0.1:{port}"), false);
    let job = app.test_printer().unwrap();
    assert_eq!(job.state, "queued");
    let done = ended(&app, job.id);
    assert_eq!(
        done.failure,
        Some(PrintFailureView::Unreachable),
        "{done:?}"
    );
}

fn qris_static() -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/qris_static.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["static"].as_str().unwrap().to_string()
}

#[test]
fn qris_at_the_counter_and_confirmed_later() {
    let dir = tempfile::tempdir().unwrap();
    let app = shop(dir.path());
    let e = app.qris_payment(10_500).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("qris"), "no QRIS set up yet");

    let payload = qris_static();
    let checked = app.check_qris(&payload).unwrap();
    assert_eq!(checked.merchant_name, "WARUNG BU SRI");
    let tampered = payload.replace("BU SRI", "BU SRY");
    assert_eq!(
        app.check_qris(&tampered).unwrap_err().field.as_deref(),
        Some("qris_payload")
    );
    let current = app.shop().unwrap();
    let settings = |qris: &str| SettingsInput {
        name: current.name.clone(),
        address: current.address.clone(),
        receipt_footer: current.receipt_footer.clone(),
        timezone: current.timezone.clone(),
        tax_mode: current.tax_mode.clone(),
        tax_rate_bp: current.tax_rate_bp,
        rounding: current.rounding.clone(),
        max_discount_bp: None,
        cost_method: None,
        qris_payload: Some(qris.to_string()),
        owner_pin: None,
    };
    assert!(app.save_settings(&settings(&tampered)).is_err());
    let saved = app.save_settings(&settings(&payload)).unwrap();
    assert_eq!(
        saved.qris_merchant.as_deref(),
        Some("WARUNG BU SRI, BANDUNG")
    );

    let pay = app.qris_payment(10_500).unwrap();
    let q = laris_qris::Qris::parse(&pay.payload).unwrap();
    assert!(q.is_dynamic());
    assert_eq!(q.amount(), Some(10_500));
    assert!(
        pay.payload.contains("540510500"),
        "tag 54, five characters: 10500"
    );

    // Seen arriving before the sale was finished: settled at once.
    sale(&app, vec![tender(TenderMethod::Qris, 10_500, Some(true))]);
    assert!(app.unverified_qris().unwrap().is_empty());
    // "Cek nanti": unverified until someone confirms it.
    let later = sale(&app, vec![tender(TenderMethod::Qris, 10_500, None)]);
    let waiting = app.unverified_qris().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].sale_id, waiting[0].amount), (later.id, 10_500));
    assert!(waiting[0].this_device);
    app.confirm_qris(later.id).unwrap();
    assert!(app.unverified_qris().unwrap().is_empty());
    assert_eq!(
        app.confirm_qris(later.id).unwrap_err().field.as_deref(),
        Some("sale"),
        "confirmed once"
    );
    let log = app.audit_log(10).unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == laris_app::dto::AuditActionView::QrisConfirmed)
    );
}
