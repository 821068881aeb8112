//! The real Laris window, end to end: the built `laris-desktop` under Xvfb, driven through
//! tauri-driver and WebKitWebDriver, with a real laris-server on a socket.
//!
//! One scenario, in the order a warung lives it: scan a barcode, pay cash, see the receipt;
//! close the app, reopen it and find the sale; pair with the server and watch the badge go
//! from "menunggu" to "Tersinkron" and the sale reach the server; lose the server, ring up
//! two sales and see "Offline" with "2 menunggu"; bring the server back and see them sync
//! with nobody touching anything; the owner revokes the till and the badge says "Ditolak
//! server" and stays so, the sale waiting on the till. Screenshots of each screen go to `LARIS_SCREENSHOTS`
//! (the README's pictures come from this run).

use std::path::Path;
use std::sync::Arc;

use laris_core::{RandomIds, ShopTimeZone, SystemClock};
use laris_tests::open_new_shop;
use laris_tests::server::{Backend, ServerProcess};
use laris_tests::window::{self, app_env, css, screenshots_dir, window_tools};
use laris_webdriver::{ENTER, Session, TauriDriver};

const SERVER: &str = env!("CARGO_BIN_EXE_e2e_server");
/// Indomie Goreng 85g, Rp 3.500.
const BARCODE: &str = "2000000000015";
const SKU: &str = "W0001";

/// Sales with this receipt number in the server's database.
fn server_sales(server_db: &Path, receipt_no: Option<&str>) -> i64 {
    let conn = rusqlite::Connection::open_with_flags(
        server_db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open the server's database");
    match receipt_no {
        Some(r) => conn.query_row(
            "SELECT count(*) FROM sales WHERE receipt_no = ?1",
            [r],
            |r| r.get(0),
        ),
        None => conn.query_row("SELECT count(*) FROM sales", [], |r| r.get(0)),
    }
    .expect("count the server's sales")
}

/// The badge's state and pending count, as the window shows them.
fn badge(s: &Session) -> (String, String, u64) {
    let Some(el) = s.find(&css("sync-badge")) else {
        return (String::new(), String::new(), u64::MAX);
    };
    let state = s.attribute(&el, "data-state").unwrap_or_default();
    let pending = s
        .attribute(&el, "data-pending")
        .and_then(|p| p.parse().ok())
        .unwrap_or(u64::MAX);
    (state, s.text(&el), pending)
}

fn wait_for_badge(
    s: &Session,
    what: &str,
    secs: u64,
    ok: impl Fn(&str, &str, u64) -> bool,
) -> String {
    s.wait_until(what, secs, || {
        let (state, text, pending) = badge(s);
        ok(&state, &text, pending).then_some(text)
    })
}

/// Scans the product, pays with the exact amount, returns the receipt number.
fn ring_up_exact(s: &Session) -> String {
    let input = s.wait_for(&css("scan-input"), 20);
    s.type_into(&input, &format!("{BARCODE}{ENTER}"));
    s.wait_for(&format!("{}[data-sku=\"{SKU}\"]", css("cart-line")), 10);
    s.click_on(&css("pay-button"));
    s.click_on(&css("quick-cash-exact"));
    s.wait_for(&css("receipt-view"), 10);
    let receipt = s.wait_until("a receipt number", 10, || {
        Some(s.text_of(&css("receipt-no"))).filter(|r| r.starts_with("A-"))
    });
    s.click_on(&css("new-sale"));
    receipt
}

#[test]
fn a_day_at_the_counter_in_the_real_window() {
    let Some(tools) = window_tools() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let shots = screenshots_dir(tmp.path());
    let db = tmp.path().join("till.db");
    {
        let mut shop = open_new_shop(
            &db,
            Arc::new(SystemClock),
            Arc::new(RandomIds),
            ShopTimeZone::Wib,
        );
        let mut settings = shop.settings().expect("settings");
        settings.name = "Warung Laris Manis".into();
        settings.address = "Jl. Melati No. 7, Bandung".into();
        settings.receipt_footer = "Terima kasih, sampai jumpa lagi!".into();
        let authority = shop.owner_authority(None).unwrap();
        shop.save_settings(authority, &settings)
            .expect("save settings");
        let indomie = shop.product_by_code(SKU).expect("the demo product");
        shop.restock(&indomie, 48_000, Some("stok awal"))
            .expect("restock");
    }
    let backend = Backend::sqlite();
    let server_db = backend.sqlite_file().expect("an SQLite backend");
    let mut server = ServerProcess::start(Path::new(SERVER), &backend);
    let store = server.create_store("Warung Laris Manis");
    let code = server.pairing_code(store);

    let mut env = app_env(&db, tmp.path());
    env.extend([
        ("LARIS_SYNC_DEBOUNCE_MS", "300".into()),
        ("LARIS_SYNC_BACKOFF_BASE_MS", "500".into()),
        ("LARIS_SYNC_BACKOFF_MAX_MS", "2000".into()),
        ("LARIS_SYNC_PERIOD_MS", "5000".into()),
    ]);
    let driver = TauriDriver::start(&tools.tauri_driver, &env);

    // 1. Scan, pay cash with change, see the receipt.
    let mut s = driver.session(&tools.app);
    s.failure_shots = Some(shots.clone());
    let input = s.wait_for(&css("scan-input"), 30);
    wait_for_badge(&s, "the unpaired badge", 10, |state, _, _| {
        state == "unpaired"
    });
    s.type_into(&input, &format!("{BARCODE}{ENTER}"));
    let line = s.wait_for(&format!("{}[data-sku=\"{SKU}\"]", css("cart-line")), 10);
    assert!(
        s.text(&line).contains("Indomie Goreng"),
        "{}",
        s.text(&line)
    );
    s.wait_until("the cart total", 10, || {
        Some(s.text_of(&css("cart-total"))).filter(|t| t.contains("3.500"))
    });
    s.screenshot(&shots.join("kasir.png"));
    s.click_on(&css("pay-button"));
    s.wait_for(&css("pay-dialog"), 10);
    s.screenshot(&shots.join("bayar.png"));
    // One tap on a quick-cash amount pays with it.
    s.click_on(&css("quick-cash-10000"));
    s.wait_for(&css("receipt-view"), 10);
    let receipt = s.wait_until("a receipt number", 10, || {
        Some(s.text_of(&css("receipt-no"))).filter(|r| r.starts_with("A-"))
    });
    let text = s.text_of(&css("receipt-text"));
    assert!(text.contains("Indomie Goreng"), "receipt: {text}");
    assert!(
        text.contains("6.500"),
        "the receipt shows the change: {text}"
    );
    s.screenshot(&shots.join("struk.png"));
    s.quit();
    window::wait_until_closed(&db);

    // 2. Close and reopen: the sale is still there.
    let mut s = driver.session(&tools.app);
    s.failure_shots = Some(shots.clone());
    s.wait_for(&css("scan-input"), 30);
    s.click_on(&css("nav-laporan"));
    s.wait_for(
        &format!("{}[data-receipt=\"{receipt}\"]", css("sale-row")),
        15,
    );
    s.wait_until("the report counting the sale", 10, || {
        Some(s.text_of(&css("report-sales-count"))).filter(|t| t.contains('1'))
    });
    s.screenshot(&shots.join("laporan.png"));

    // 3. Pair: the badge goes from "menunggu" to "Tersinkron", the sale reaches the server.
    s.click_on(&css("nav-pengaturan"));
    let url_box = s.wait_for(&css("pair-server-url"), 10);
    s.clear(&url_box);
    s.type_into(&url_box, &server.url());
    let code_box = s.wait_for(&css("pair-code"), 10);
    s.type_into(&code_box, &code);
    // Every text the badge shows from here on, to see "menunggu" even if it is brief.
    s.execute(
        "const b = document.querySelector('[data-testid=\"sync-badge\"]');
         window.__badgeTexts = [b.textContent];
         new MutationObserver(() => window.__badgeTexts.push(b.textContent))
           .observe(b, {subtree: true, childList: true, characterData: true, attributes: true});",
    );
    s.click_on(&css("pair-submit"));
    let synced = wait_for_badge(
        &s,
        "Tersinkron after pairing",
        60,
        |state, text, pending| state == "online" && pending == 0 && text.contains("Tersinkron"),
    );
    let seen = s.execute("return window.__badgeTexts.join(' | ')");
    assert!(
        seen.as_str().unwrap_or_default().contains("menunggu"),
        "the badge never said what was waiting: {seen}"
    );
    assert!(synced.contains("Tersinkron"));
    s.wait_for(&css("paired-store"), 10);
    s.screenshot(&shots.join("pengaturan.png"));
    assert_eq!(
        server_sales(&server_db, Some(&receipt)),
        1,
        "the sale is on the server"
    );
    s.click_on(&css("sync-badge"));
    s.wait_for(&css("sync-details"), 10);
    let proof = s.wait_until("the proof of sync", 20, || {
        Some(s.text_of(&css("proof-summary"))).filter(|t| t.contains('1'))
    });
    assert!(!proof.is_empty());
    s.screenshot(&shots.join("sinkron.png"));
    s.click_on(&format!("{} {}", css("sync-details"), css("dialog-close")));

    // 4. The server goes away: two sales wait, the badge says so.
    server.kill();
    s.click_on(&css("nav-kasir"));
    let r2 = ring_up_exact(&s);
    let r3 = ring_up_exact(&s);
    let offline = wait_for_badge(&s, "Offline with 2 waiting", 30, |state, text, pending| {
        state == "offline"
            && pending == 2
            && text.contains("Offline")
            && text.contains("2 menunggu")
    });
    assert!(offline.contains("2 menunggu"), "{offline}");
    s.screenshot(&shots.join("offline.png"));

    // 5. The server comes back: they sync with nobody touching anything.
    server.restart_same_port();
    wait_for_badge(
        &s,
        "Tersinkron after the server came back",
        60,
        |state, text, pending| state == "online" && pending == 0 && text.contains("Tersinkron"),
    );
    for r in [&receipt, &r2, &r3] {
        assert_eq!(
            server_sales(&server_db, Some(r)),
            1,
            "sale {r} on the server once"
        );
    }
    assert_eq!(server_sales(&server_db, None), 3);

    // 6. The owner revokes this till: the badge says so in plain words, and it stays so (the
    // engine stopped retrying) while the new sale waits on the till.
    let device = laris_core::DeviceReader::open(&db)
        .and_then(|r| r.device())
        .expect("the till's device")
        .device_id;
    server.admin(&[
        "devices",
        "revoke",
        "--store",
        &store.to_string(),
        "--device",
        &device.to_string(),
    ]);
    let r4 = ring_up_exact(&s);
    let refused = wait_for_badge(
        &s,
        "Ditolak server after the revoke",
        60,
        |state, text, _| state == "refused" && text.contains("Ditolak"),
    );
    s.screenshot(&shots.join("dicabut.png"));
    // Longer than a period and the longest backoff: nothing turns it back to pending.
    std::thread::sleep(std::time::Duration::from_secs(7));
    let (state, _, pending) = badge(&s);
    assert_eq!((state.as_str(), pending), ("refused", 1), "{refused}");
    s.click_on(&css("sync-badge"));
    s.wait_until("the revoked hint", 10, || {
        Some(s.text_of(&css("sync-details"))).filter(|t| t.contains("dicabut"))
    });
    assert_eq!(server_sales(&server_db, Some(&r4)), 0);
    s.quit();
}
