//! "Daftar toko" in the real window: a fresh install's first-run screen signs the shop up on
//! a real laris-server (the owner's account and the shop made, this till paired with it);
//! the owner signs in to the back office with what was typed and adds a product there; the
//! till pulls it, the cashier sells it, and the sale reaches the server's dashboard.

use std::path::Path;

use laris_tests::server::{Backend, ServerProcess};
use laris_tests::web::Owner;
use laris_tests::window::{
    app_env, css, gone, screenshots_dir, wait_text_containing, window_tools,
};
use laris_webdriver::{ENTER, TauriDriver};
use serde_json::json;

const SERVER: &str = env!("CARGO_BIN_EXE_e2e_server");
const EMAIL: &str = "bu.sri@warung.example";
const PASSWORD: &str = "rahasia-warung-1";
const BARCODE: &str = "8991002101234";

#[test]
fn a_shop_signs_itself_up_from_the_first_run_screen() {
    let Some(tools) = window_tools() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let shots = screenshots_dir(tmp.path());
    let db = tmp.path().join("till.db");
    let backend = Backend::sqlite();
    let server = ServerProcess::start(Path::new(SERVER), &backend);

    let mut env = app_env(&db, tmp.path());
    env.extend([
        ("LARIS_SYNC_DEBOUNCE_MS", "300".into()),
        ("LARIS_SYNC_BACKOFF_BASE_MS", "500".into()),
        ("LARIS_SYNC_BACKOFF_MAX_MS", "2000".into()),
        ("LARIS_SYNC_PERIOD_MS", "2000".into()),
    ]);
    let driver = TauriDriver::start(&tools.tauri_driver, &env);
    let mut s = driver.session(&tools.app);
    s.failure_shots = Some(shots.clone());

    // The first-run screen: the shop, its first owner, and "Daftar toko".
    let name = s.wait_for(&css("setup-name"), 30);
    s.type_into(&name, "Warung Bu Sri");
    s.type_into(&s.wait_for(&css("setup-owner-name"), 5), "Bu Sri");
    s.type_into(&s.wait_for(&css("setup-pin"), 5), "4821");
    s.type_into(&s.wait_for(&css("setup-pin-again"), 5), "4821");
    // The radio is styled by its label, which takes the click.
    s.click_on(&format!("label:has({})", css("setup-mode-signup")));
    s.type_into(&s.wait_for(&css("signup-server"), 5), &server.url());
    s.type_into(&s.wait_for(&css("signup-email"), 5), EMAIL);
    s.type_into(&s.wait_for(&css("signup-password"), 5), PASSWORD);
    s.type_into(&s.wait_for(&css("signup-password-again"), 5), PASSWORD);
    s.screenshot(&shots.join("daftar-toko.png"));
    // Enter in the last field submits the form, as a cashier at a keyboard does.
    s.type_into(&s.wait_for(&css("signup-password-again"), 5), ENTER);

    // The till opens, paired with the new shop.
    s.wait_for(&css("scan-input"), 40);
    s.wait_until("the badge of the signed-up shop", 40, || {
        let badge = s.find(&css("sync-badge"))?;
        (s.attribute(&badge, "data-state").as_deref() == Some("online")).then_some(())
    });

    // The owner signs in to the back office with what the till's screen took.
    let owner = Owner::login(server.addr(), EMAIL, PASSWORD);
    assert_eq!(owner.me["stores"][0]["name"], "Warung Bu Sri");
    let (status, devices) = owner.get(&owner.path(laris_server::web::paths::DEVICES));
    assert_eq!(status, 200);
    assert_eq!(devices.as_array().map(Vec::len), Some(1), "{devices}");
    assert_eq!(devices[0]["code"], "A");
    assert_eq!(
        devices[0]["appVersion"].as_str(),
        Some(env!("CARGO_PKG_VERSION")),
        "the till's sync library names its version"
    );

    // A product added in the back office reaches the till, which sells it.
    let (status, product) = owner.post(
        &owner.path(laris_server::web::paths::PRODUCTS),
        &json!({
            "sku": "K0001", "name": "Kopi Kapal Api 25g", "category": "Minuman", "unit": "pcs",
            "price": 1_500, "cost": 1_200, "barcodes": [BARCODE], "active": true,
            "soldByWeight": false, "trackStock": false, "minStockMilli": 0
        }),
    );
    assert_eq!(status, 200, "{product}");
    // Scanned before it arrives, an unknown code would open "Tambah barang": wait for the
    // till's database to hold it (read beside the app, as WAL allows).
    s.wait_until(
        "the back office's product in the till's database",
        40,
        || {
            let conn = rusqlite::Connection::open_with_flags(
                &db,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .ok()?;
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM products WHERE sku = 'K0001'",
                    [],
                    |r| r.get(0),
                )
                .ok()?;
            (n == 1).then_some(())
        },
    );
    // The till was empty: its welcome card goes once the owner's product has arrived.
    gone(&s, "onboarding");
    let input = s.wait_for(&css("scan-input"), 10);
    s.type_into(&input, &format!("{BARCODE}{ENTER}"));
    s.wait_for(&format!("{}[data-sku=\"K0001\"]", css("cart-line")), 10);
    wait_text_containing(&s, &css("cart-total"), "1.500");
    s.click_on(&css("pay-button"));
    s.click_on(&css("quick-cash-exact"));
    s.wait_for(&css("receipt-view"), 10);
    s.click_on(&css("new-sale"));

    // The sale is on the dashboard once the till has synced.
    let dashboard = owner.path(laris_server::web::paths::DASHBOARD);
    s.wait_until("the sale on the back office's dashboard", 40, || {
        let (_, d) = owner.get(&dashboard);
        (d["sales"].as_u64() == Some(1) && d["total"].as_i64() == Some(1_500)).then_some(())
    });
    s.screenshot(&shots.join("daftar-toko-kasir.png"));

    // A WhatsApp order of this shop: its code, pasted into the scan box, is that cart.
    let store: uuid::Uuid = owner.store_id().parse().expect("the shop's id");
    let code = laris_protocol::order_code::encode(
        store,
        &[laris_protocol::order_code::OrderItem {
            sku: "K0001".into(),
            qty_milli: 3_000,
        }],
    )
    .unwrap();
    let input = s.wait_for(&css("scan-input"), 10);
    s.type_into(&input, &format!("{code}{ENTER}"));
    s.wait_for(&format!("{}[data-sku=\"K0001\"]", css("cart-line")), 10);
    wait_text_containing(&s, &css("cart-total"), "4.500");
    drop(s);
}
