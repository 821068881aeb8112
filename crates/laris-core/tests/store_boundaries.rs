//! The device database as a file other code shares: one writer at a time, readers alongside,
//! online backups while the till sells, and the low-stock list the owner reads.

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use laris_core::{
    Cart, DeviceReader, DeviceStore, ManualClock, Product, ProductDraft, RandomIds, SystemClock,
    Tender, backup_to,
};
use rusqlite::Connection;
use uuid::Uuid;

use common::{integrity, shop};

fn with_min_stock(p: &Product, min_stock_milli: i64, active: bool) -> ProductDraft {
    ProductDraft {
        sku: p.sku.clone(),
        name: p.name.clone(),
        category: p.category.clone(),
        unit: p.unit.clone(),
        price: p.price,
        cost: p.cost,
        sold_by_weight: p.sold_by_weight,
        track_stock: p.track_stock,
        min_stock_milli,
        active,
        barcodes: p.barcodes.clone(),
    }
}

fn sell(store: &mut DeviceStore, lines: &[(&Product, i64)]) -> laris_core::Sale {
    let mut cart = Cart::new();
    for (p, qty) in lines {
        cart.add(p, *qty).unwrap();
    }
    store
        .checkout(&cart, &[Tender::cash(10_000_000)], None)
        .unwrap()
}

#[test]
fn a_second_writer_is_refused_while_the_first_is_open() {
    let shop = shop();
    let path = shop.path();
    let err = DeviceStore::open(&path, Arc::new(SystemClock), Arc::new(RandomIds)).unwrap_err();
    assert_eq!(err.code(), "database_locked", "{err}");
    // The same from another thread, as a second window of the app would.
    let p = path.clone();
    let err = thread::spawn(move || {
        DeviceStore::open(&p, Arc::new(SystemClock), Arc::new(RandomIds))
            .unwrap_err()
            .code()
    })
    .join()
    .unwrap();
    assert_eq!(err, "database_locked");
    // Readers are welcome meanwhile.
    let reader = DeviceReader::open(&path).unwrap();
    assert_eq!(reader.device().unwrap().code, "A");

    drop(shop.store);
    let reopened = DeviceStore::open(&path, Arc::new(SystemClock), Arc::new(RandomIds)).unwrap();
    assert_eq!(reopened.device().unwrap().code, "A");
}

/// The lock must follow the file, not the spelling of its path: a symlink (a shortcut the
/// user made, a data directory moved and linked back) names the same database.
#[test]
fn a_second_writer_through_a_symlink_is_refused_too() {
    let shop = shop();
    let alias = shop.dir.path().join("alias.db");
    std::os::unix::fs::symlink(shop.path(), &alias).unwrap();
    let second = DeviceStore::open(&alias, Arc::new(SystemClock), Arc::new(RandomIds));
    assert_eq!(
        second.as_ref().map(|_| ()).map_err(|e| e.code()),
        Err("database_locked"),
        "two writers are open on {}",
        shop.path().display()
    );
}

#[test]
fn a_reader_sees_each_sale_once_committed() {
    let mut shop = shop();
    let reader = DeviceReader::open(shop.path()).unwrap();
    let indomie = shop.store.product_by_code("W0001").unwrap();
    let sale = sell(&mut shop.store, &[(&indomie, 2_000)]);
    let seen = reader.query().sale(sale.id).unwrap();
    assert_eq!(seen, Some(sale));
    assert_eq!(reader.query().stock_level(indomie.id).unwrap(), -2_000);
}

/// A backup taken while another thread keeps ringing up sales is a consistent snapshot that
/// opens as a device database.
#[test]
fn backup_while_the_till_keeps_selling_is_a_consistent_copy() {
    let mut shop = shop();
    let products = shop.store.products().unwrap();
    // Enough sales that the file spans several backup steps (256 pages each).
    const BEFORE: usize = 3_000;
    for i in 0..BEFORE {
        let a = &products[i % products.len()];
        let b = &products[(i * 7 + 3) % products.len()];
        let c = &products[(i * 13 + 5) % products.len()];
        shop.clock.advance(20_000);
        sell(&mut shop.store, &[(a, 1_000), (b, 2_000), (c, 3_000)]);
    }
    let pages: i64 = shop
        .store
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    assert!(pages > 2 * 256, "only {pages} pages");

    let path = shop.path();
    let dest = shop.dir.path().join("backup.db");
    let stop = Arc::new(AtomicBool::new(false));
    let sold = Arc::new(AtomicUsize::new(0));
    // If the backup could only finish once the till is idle, the till gives up after this many
    // sales and the test fails below instead of hanging.
    const PATIENCE: usize = 10_000;
    let till = {
        let (stop, sold) = (stop.clone(), sold.clone());
        let mut store = shop.store;
        let clock: Arc<ManualClock> = shop.clock.clone();
        thread::spawn(move || {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) && i < PATIENCE {
                clock.advance(1_000);
                let p = &products[i % products.len()];
                sell(&mut store, &[(p, 1_000)]);
                i += 1;
                sold.store(i, Ordering::SeqCst);
            }
            (store, i)
        })
    };
    while sold.load(Ordering::SeqCst) < 10 {
        thread::sleep(Duration::from_millis(1));
    }
    let backed_up = backup_to(&path, &dest);
    stop.store(true, Ordering::SeqCst);
    let (store, sold_meanwhile) = till.join().unwrap();
    backed_up.unwrap();

    // The copy: intact, a device database, and a whole-sales snapshot.
    let copy = Connection::open(&dest).unwrap();
    assert_eq!(integrity(&copy), "ok");
    drop(copy);
    let reader = DeviceReader::open(&dest).unwrap();
    assert_eq!(reader.device().unwrap(), store.device().unwrap().clone());
    assert_eq!(reader.settings().unwrap(), store.settings().unwrap());
    let conn = reader.conn();
    let sales: i64 = conn
        .query_row("SELECT COUNT(*) FROM sales", [], |r| r.get(0))
        .unwrap();
    assert!(
        (BEFORE as i64..=(BEFORE + sold_meanwhile) as i64).contains(&sales),
        "{sales} sales in the copy"
    );
    check_whole_sales(conn);
    assert_eq!(integrity(store.conn()), "ok");

    // An existing file is never overwritten.
    let err = backup_to(&path, &dest).unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");

    // Last, because the copy is worth checking either way: the backup must not need the
    // till to stop selling.
    assert!(
        sold_meanwhile < PATIENCE,
        "the backup finished only after the till gave up selling ({sold_meanwhile} sales)"
    );
}

/// Every sale in `conn` has its lines, payments, stock movements and one outbox entry, and the
/// outbox is numbered 1..=N.
fn check_whole_sales(conn: &Connection) {
    let broken: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sales s WHERE
                 line_count != (SELECT COUNT(*) FROM sale_lines l WHERE l.sale_id = s.id)
              OR total != (SELECT COALESCE(SUM(amount), 0) FROM sale_payments p WHERE p.sale_id = s.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(broken, 0, "sales without all their lines or payments");
    let mut moves: HashMap<Uuid, i64> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT sale_id, COUNT(*) FROM stock_movements WHERE sale_id IS NOT NULL GROUP BY sale_id")
        .unwrap();
    for row in stmt
        .query_map([], |r| Ok((r.get::<_, Uuid>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
    {
        let (id, n) = row.unwrap();
        moves.insert(id, n);
    }
    let mut stmt = conn.prepare("SELECT id, line_count FROM sales").unwrap();
    let sales: Vec<(Uuid, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (id, lines) in &sales {
        assert_eq!(moves.get(id), Some(lines), "movements of sale {id}");
    }
    assert_eq!(
        moves.len(),
        sales.len(),
        "movements of sales not in the copy"
    );
    let (n, max, sale_entries): (i64, Option<i64>, i64) = conn
        .query_row(
            "SELECT COUNT(*), MAX(seq), SUM(kind = 'sale') FROM outbox",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(max, Some(n), "outbox seqs have a gap");
    assert_eq!(sale_entries, sales.len() as i64);
}

#[test]
fn low_stock_lists_negative_levels_first_then_those_at_their_minimum() {
    let mut shop = shop();
    let code = |shop: &common::Shop, c: &str| shop.store.product_by_code(c).unwrap();
    let (indomie, gula, telur, beras, minyak, teh) = (
        code(&shop, "W0001"),
        code(&shop, "W0011"),
        code(&shop, "W0017"),
        code(&shop, "W0010"),
        code(&shop, "W0016"),
        code(&shop, "W0051"),
    );
    let store = &mut shop.store;
    store
        .upsert_product(&with_min_stock(&telur, 2_000, true))
        .unwrap();
    store
        .upsert_product(&with_min_stock(&beras, 10_000, true))
        .unwrap();
    store
        .upsert_product(&with_min_stock(&minyak, 5_000, true))
        .unwrap();
    store.restock(&telur, 1_500, None).unwrap(); // low: 1,5 of 2 kg
    store.restock(&beras, 25_000, None).unwrap(); // fine: 25 of 10 kg
    store.restock(&minyak, 5_000, None).unwrap(); // low: exactly at its minimum
    sell(store, &[(&indomie, 3_000), (&gula, 250), (&teh, 1_000)]);
    // An inactive product is off the list, however negative.
    store
        .upsert_product(&with_min_stock(&teh, 0, false))
        .unwrap();

    let low = store.low_stock().unwrap();
    let got: Vec<(&str, i64)> = low
        .iter()
        .map(|l| (l.sku.as_str(), l.level_milli))
        .collect();
    assert_eq!(
        got,
        [
            ("W0001", -3_000),
            ("W0011", -250),
            ("W0017", 1_500),
            ("W0016", 5_000)
        ]
    );
    assert!(low[0].is_negative() && low[0].is_low());
    assert!(!low[2].is_negative() && low[2].is_low());
}

/// The till's files hold its sales and its credential: no other user of the machine reads them.
#[cfg(unix)]
#[test]
fn the_database_its_lock_and_backups_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let mut shop = shop();
    let p = shop.store.product_by_code("2000000000015").unwrap();
    let mut cart = Cart::new();
    cart.add(&p, 1000).unwrap();
    shop.store
        .checkout(&cart, &[Tender::cash(3_500)], None)
        .unwrap();
    let db = shop.store.path().to_path_buf();
    let suffixed = |s: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(s);
        std::path::PathBuf::from(name)
    };
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&suffixed("-wal")), 0o600);
    assert_eq!(mode(&suffixed("-writer")), 0o600);
    let copy = db.with_file_name("copy.db");
    backup_to(&db, &copy).unwrap();
    assert_eq!(mode(&copy), 0o600);
    // A database left readable by others is tightened when the till opens it.
    drop(shop.store);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _again = DeviceStore::open(&db, Arc::new(SystemClock), Arc::new(RandomIds)).unwrap();
    assert_eq!(mode(&db), 0o600);
}
