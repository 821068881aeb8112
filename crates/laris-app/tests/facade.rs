//! laris-app at its boundary: what the window's commands do, on real SQLite files and, for
//! sync, against a real laris-server listening on a socket.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use laris_app::dto::{
    CartInput, CartLineInput, CheckoutInput, PairInput, ProductInput, ReportQuery, ReportScope,
    ShopSetupInput, SyncConnectivity, TenderInput, TenderMethod,
};
use laris_app::{App, AppConfig, AppErrorCode, ErrorCode};
use laris_core::{ManualClock, SeededIds};
use laris_server::storage::{self, StorageLocation};
use laris_server::{AppState, Clock, ServerConfig};

/// 2026-11-27 03:00 UTC = 10:00 WIB.
const T0: i64 = 1_795_748_400_000;

fn catalog() -> String {
    let dir = std::env::var_os("LARIS_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    std::fs::read_to_string(dir.join("catalog-warung.csv")).expect("the shared catalog")
}

fn open(path: &Path) -> App {
    App::open(
        path,
        Arc::new(ManualClock::new(T0)),
        Arc::new(SeededIds::new(7)),
        AppConfig::default(),
    )
    .expect("open the till")
}

/// A set-up shop with the shared catalog.
fn shop(dir: &Path) -> App {
    let app = open(&dir.join("till.db"));
    assert!(!app.shop().unwrap().initialised);
    let shop = app
        .setup_shop(&ShopSetupInput {
            name: "Warung Bu Sri".into(),
            device_code: "a".into(),
            timezone: "WIB".into(),
        })
        .unwrap();
    assert!(shop.initialised);
    assert_eq!(shop.device_code.as_deref(), Some("A"));
    assert_eq!(shop.today, "2026-11-27");
    let imported = app.import_csv(&catalog()).unwrap();
    assert_eq!(imported.created, 125);
    app
}

fn cart(lines: &[(uuid::Uuid, i64)]) -> CartInput {
    CartInput {
        lines: lines
            .iter()
            .map(|(id, qty)| CartLineInput {
                unit_price: None,
                product_id: *id,
                qty_milli: *qty,
                discount: 0,
            })
            .collect(),
        discount: 0,
    }
}

fn cash(amount: i64) -> Vec<TenderInput> {
    vec![TenderInput {
        method: TenderMethod::Cash,
        amount,
        reference: None,
        confirmed: None,
    }]
}

#[test]
fn scan_quote_pay_and_find_the_sale_again() {
    let dir = tempfile::tempdir().unwrap();
    let app = shop(dir.path());
    let indomie = app.lookup("2000000000015").unwrap().exact.expect("barcode");
    assert_eq!(indomie.name, "Indomie Goreng 85g");
    let by_name = app.lookup("indomie gor").unwrap();
    assert!(by_name.exact.is_none());
    assert!(by_name.matches.iter().any(|p| p.id == indomie.id));

    let basket = cart(&[(indomie.id, 3000)]);
    let quote = app.quote(&basket).unwrap();
    assert_eq!(quote.total, 10_500);
    let sale = app
        .checkout(&CheckoutInput {
            kasbon: None,
            owner_pin: None,
            cart: basket,
            tenders: cash(20_000),
            cashier: Some("Sri".into()),
        })
        .unwrap();
    assert_eq!((sale.total, sale.change), (10_500, 9_500));
    assert!(sale.receipt_no.starts_with("A-20261127-"));
    assert!(sale.receipt_text.contains("Indomie Goreng"));
    assert_eq!(sale.local_time, "2026-11-27 10:00 WIB");

    let recent = app.recent_sales(10, false).unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].receipt_no, sale.receipt_no);
    assert_eq!(recent[0].methods, vec![TenderMethod::Cash]);
    assert!(recent[0].this_till);
    assert_eq!(app.sale_by_receipt(&sale.receipt_no).unwrap().id, sale.id);
    assert_eq!(app.sale(sale.id).unwrap().total, 10_500);

    let report = app
        .report(&ReportQuery {
            from: "2026-11-27".into(),
            to: "2026-11-27".into(),
            scope: ReportScope::Till,
        })
        .unwrap();
    assert_eq!(report.totals.sales, 1);
    assert_eq!(report.totals.total, 10_500);
    assert_eq!(report.by_hour.len(), 24);
    assert_eq!(report.by_hour[10].sales, 1, "10:00 WIB");
    assert_eq!(
        app.favourites().unwrap()[0].id,
        indomie.id,
        "best seller first"
    );

    // Reopening the file finds the sale (the first App let go of the database).
    drop(app);
    let again = open(&dir.path().join("till.db"));
    assert_eq!(again.recent_sales(10, true).unwrap()[0].id, sale.id);
}

#[test]
fn bad_input_is_refused_with_a_code_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = shop(dir.path());
    let indomie = app.lookup("W0001").unwrap().exact.unwrap();

    let short = app
        .checkout(&CheckoutInput {
            kasbon: None,
            owner_pin: None,
            cart: cart(&[(indomie.id, 1000)]),
            tenders: cash(1_000),
            cashier: None,
        })
        .unwrap_err();
    assert_eq!(short.code.as_str(), "insufficient_payment");
    let half = app.quote(&cart(&[(indomie.id, 500)])).unwrap_err();
    assert_eq!(
        (half.code.as_str(), half.field.as_deref()),
        ("invalid_input", Some("qty"))
    );
    let none = app
        .checkout(&CheckoutInput {
            kasbon: None,
            owner_pin: None,
            cart: cart(&[(indomie.id, 1000)]),
            tenders: vec![],
            cashier: None,
        })
        .unwrap_err();
    assert_eq!(none.field.as_deref(), Some("payment"));
    assert!(
        app.recent_sales(10, true).unwrap().is_empty(),
        "nothing was sold"
    );

    let mut input = ProductInput {
        id: None,
        sku: "W0001".into(),
        name: "Another".into(),
        category: None,
        unit: "pcs".into(),
        price: 1000,
        cost: 500,
        sold_by_weight: false,
        track_stock: true,
        min_stock_milli: 0,
        barcodes: vec![],
        opening_stock_milli: None,
    };
    let taken = app.save_product(&input).unwrap_err();
    assert_eq!(taken.field.as_deref(), Some("sku"));
    assert_eq!(
        app.lookup("W0001").unwrap().exact.unwrap().name,
        "Indomie Goreng 85g"
    );
    input.id = Some(indomie.id);
    input.sku = "X-1".into();
    assert_eq!(
        app.save_product(&input).unwrap_err().field.as_deref(),
        Some("sku")
    );

    let broken = app
        .import_csv("sku,name,price_idr\nZ1,Kopi,abc\n")
        .unwrap_err();
    assert_eq!(broken.code.as_str(), "import_rejected");
    assert!(app.lookup("Z1").unwrap().exact.is_none());

    let locked = App::open(
        dir.path().join("till.db"),
        Arc::new(ManualClock::new(T0)),
        Arc::new(SeededIds::new(8)),
        AppConfig::default(),
    )
    .unwrap_err();
    assert_eq!(locked.code.as_str(), "database_locked");
}

#[test]
fn opening_stock_pinned_favourites_and_the_stock_a_sale_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let app = shop(dir.path());
    let new = ProductInput {
        id: None,
        sku: "BARU1".into(),
        name: "Kerupuk Udang".into(),
        category: Some("Makanan Ringan".into()),
        unit: "pcs".into(),
        price: 2_000,
        cost: 1_500,
        sold_by_weight: false,
        track_stock: true,
        min_stock_milli: 0,
        barcodes: vec!["8990000009999".into()],
        opening_stock_milli: Some(3_000),
    };
    let kerupuk = app.save_product(&new).unwrap();
    assert_eq!(
        kerupuk.stock_milli,
        Some(3_000),
        "the opening stock is counted"
    );
    let again = app
        .save_product(&ProductInput {
            id: Some(kerupuk.id),
            opening_stock_milli: Some(5_000),
            ..new.clone()
        })
        .unwrap_err();
    assert_eq!(again.field.as_deref(), Some("opening_stock"));
    assert_eq!(app.product(kerupuk.id).unwrap().stock_milli, Some(3_000));

    // Five taken from a shelf of three: quoted as -2, and the sale still goes through.
    let quote = app.quote(&cart(&[(kerupuk.id, 5_000)])).unwrap();
    assert_eq!(quote.lines[0].stock_after_milli, Some(-2_000));
    let before = app.favourites().unwrap();
    assert_eq!(before.len(), laris_core::MAX_FAVOURITES);
    app.checkout(&CheckoutInput {
        kasbon: None,
        owner_pin: None,
        cart: cart(&[(kerupuk.id, 5_000)]),
        tenders: cash(10_000),
        cashier: None,
    })
    .unwrap();
    assert_eq!(app.product(kerupuk.id).unwrap().stock_milli, Some(-2_000));
    let ids = |v: &[laris_app::dto::ProductView]| v.iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(
        ids(&app.favourites().unwrap()),
        ids(&before),
        "today's sales do not move the tiles"
    );

    // Pins lead, first pinned first; unpinning gives the place back.
    let last = before.last().unwrap().id;
    let pinned = app.pin_favourite(kerupuk.id, true).unwrap();
    assert_eq!(pinned[0].id, kerupuk.id);
    assert!(pinned[0].pinned);
    let pinned = app.pin_favourite(last, true).unwrap();
    assert_eq!(ids(&pinned)[..2], [kerupuk.id, last]);
    assert_eq!(pinned.len(), laris_core::MAX_FAVOURITES);
    assert_eq!(
        ids(&app.pin_favourite(kerupuk.id, true).unwrap()),
        ids(&pinned),
        "pinning twice changes nothing"
    );
    let unpinned = app.pin_favourite(kerupuk.id, false).unwrap();
    assert_eq!(unpinned[0].id, last);
    assert!(!unpinned.iter().any(|p| p.id == kerupuk.id && p.pinned));
    let unknown = app
        .pin_favourite(uuid::Uuid::from_u128(9), true)
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::App(AppErrorCode::UnknownProduct));
}

async fn wait_for(app: &App, what: &str, ok: impl Fn(&laris_app::SyncView) -> bool) {
    let mut rx = app.subscribe();
    let waited = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            if ok(&rx.borrow_and_update()) {
                return;
            }
            rx.changed().await.expect("status channel open");
        }
    })
    .await;
    assert!(
        waited.is_ok(),
        "timed out waiting for {what}: {:?}",
        app.sync_status()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairs_syncs_proves_and_unpairs_against_a_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let storage = storage::open(&StorageLocation::Sqlite(dir.path().join("server.db")))
        .await
        .unwrap();
    let store = laris_server::admin::create_store(
        storage.as_ref(),
        "Warung Bu Sri",
        "sri@example.test",
        "rahasia-sekali",
        T0,
    )
    .await
    .unwrap();
    // The server runs on the machine's clock; the till's is its own (T0).
    let server_now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let code =
        laris_server::admin::new_pairing_code(storage.as_ref(), store, server_now, 3_600_000)
            .await
            .unwrap()
            .code;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(storage, Clock::system(), ServerConfig::default());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(laris_server::run(listener, state, async {
        let _ = stopped.await;
    }));

    let app = shop(dir.path());
    let indomie = app.lookup("W0001").unwrap().exact.unwrap();
    app.checkout(&CheckoutInput {
        kasbon: None,
        owner_pin: None,
        cart: cart(&[(indomie.id, 1000)]),
        tenders: cash(5_000),
        cashier: None,
    })
    .unwrap();
    assert_eq!(app.sync_status().connectivity, SyncConnectivity::Unpaired);
    assert!(app.sync_now().is_err(), "nothing to sync with yet");

    let wrong = app
        .pair(&PairInput {
            server_url: url.clone(),
            code: "2222-2222".into(),
            device_name: None,
            device_code: None,
        })
        .await
        .unwrap_err();
    assert_eq!(
        wrong.code,
        ErrorCode::Server(laris_protocol::v1::ErrorCode::InvalidPairingCode),
        "{wrong:?}"
    );
    let malformed = app
        .pair(&PairInput {
            server_url: url.clone(),
            code: "000000".into(),
            device_name: None,
            device_code: None,
        })
        .await
        .unwrap_err();
    assert_eq!(
        (malformed.code, malformed.field.as_deref()),
        (ErrorCode::App(AppErrorCode::InvalidInput), Some("code")),
        "a code the server never makes is refused before asking it"
    );
    let bad_url = app
        .pair(&PairInput {
            server_url: "warung.local".into(),
            code: code.clone(),
            device_name: None,
            device_code: None,
        })
        .await
        .unwrap_err();
    assert_eq!(bad_url.field.as_deref(), Some("server_url"));

    app.pair(&PairInput {
        server_url: format!("{url}/"),
        code,
        device_name: Some("Kasir depan".into()),
        device_code: Some("a".into()),
    })
    .await
    .unwrap();
    wait_for(&app, "synced", |v| {
        v.connectivity == SyncConnectivity::Online && v.pending == 0
    })
    .await;
    let view = app.sync_status();
    assert_eq!(view.store_name.as_deref(), Some("Warung Bu Sri"));
    assert_eq!(view.server_url.as_deref(), Some(url.as_str()));
    let proof = app.proof().await.unwrap();
    assert!(proof.matches, "{}", proof.summary);
    assert_eq!((proof.server_sales, proof.server_total), (1, 3_500));

    // Server gone: a sale waits and the badge says offline; back: it syncs by itself.
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    app.checkout(&CheckoutInput {
        kasbon: None,
        owner_pin: None,
        cart: cart(&[(indomie.id, 2000)]),
        tenders: cash(7_000),
        cashier: None,
    })
    .unwrap();
    app.sync_now().unwrap();
    wait_for(&app, "offline with 1 waiting", |v| {
        v.connectivity == SyncConnectivity::Offline && v.pending == 1
    })
    .await;

    let view = app.unpair().await.unwrap();
    assert_eq!(view.connectivity, SyncConnectivity::Unpaired);
    assert_eq!(view.pending, 1, "unpairing loses nothing");
    assert!(app.proof().await.is_err());
}

/// "Daftar toko" through the facade against a real server: the account and the shop made and
/// this till paired in one call, its catalog sent up; then a WhatsApp order code of that shop
/// reads as its cart with no network, and a code of another shop or a changed one is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signs_the_shop_up_and_reads_an_order_code() {
    let dir = tempfile::tempdir().unwrap();
    let storage = storage::open(&StorageLocation::Sqlite(dir.path().join("server.db")))
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(storage.clone(), Clock::system(), ServerConfig::default());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(laris_server::run(listener, state, async {
        let _ = stopped.await;
    }));

    let app = shop(dir.path());
    let unpaired = app.order_cart("LRS1-0000").unwrap_err();
    assert_eq!(unpaired.field.as_deref(), Some("order_code"));
    let view = app
        .sign_up_shop(&laris_app::dto::SignUpInput {
            server_url: url.clone(),
            email: "Sri@Example.test".into(),
            password: "rahasia-sekali".into(),
            shop_name: None,
            invite: None,
            device_name: None,
        })
        .await
        .unwrap();
    assert_eq!(view.store_name.as_deref(), Some("Warung Bu Sri"));
    wait_for(&app, "the catalog on the server", |v| {
        v.connectivity == SyncConnectivity::Online && v.pending == 0
    })
    .await;
    let owner = storage
        .owner_by_email("sri@example.test".into())
        .await
        .unwrap()
        .unwrap();
    let indomie = storage
        .products(owner.store_id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.sku.value == "W0001")
        .expect("the till's catalog went up");
    assert_eq!(indomie.price.value, 3_500);

    use laris_protocol::order_code::{OrderItem, encode};
    let items = [
        OrderItem {
            sku: "W0001".into(),
            qty_milli: 2_000,
        },
        OrderItem {
            sku: "NOPE".into(),
            qty_milli: 1_000,
        },
    ];
    let code = encode(owner.store_id, &items).unwrap();
    let cart = app.order_cart(&code.to_lowercase()).unwrap();
    assert_eq!(cart.lines.len(), 1);
    assert_eq!(
        (cart.lines[0].product.sku.as_str(), cart.lines[0].qty_milli),
        ("W0001", 2_000)
    );
    assert_eq!(cart.missing, vec!["NOPE".to_string()]);
    let other = encode(uuid::Uuid::from_u128(9), &items).unwrap();
    assert!(
        app.order_cart(&other)
            .unwrap_err()
            .message
            .contains("another shop")
    );
    let last = code.chars().last().unwrap();
    let changed = format!(
        "{}{}",
        &code[..code.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    assert!(app.order_cart(&changed).is_err());

    let _ = stop.send(());
    let _ = server.await;
}
