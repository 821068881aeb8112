//! Applying pulled pages on real database files: another till's sales, movements and products
//! arrive whole, once, outside this till's outbox, and applying a page again changes nothing.

mod common;

use laris_core::{Cart, DeviceStore, OutboxEvent, RemoteChange, Tender};
use uuid::Uuid;

use common::{Till, count, pairing, till};

/// Till B's outbox as the server would hand it to till A.
fn changes_of(store: &DeviceStore) -> Vec<RemoteChange> {
    store
        .outbox_events_after(0, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| e.event.into_remote())
        .collect()
}

/// Row counts of everything a page can write, the outbox and cursor included.
fn footprint(store: &DeviceStore) -> Vec<i64> {
    let conn = store.conn();
    let mut v: Vec<i64> = [
        "sales",
        "sale_lines",
        "sale_payments",
        "stock_movements",
        "outbox",
        "products",
        "barcodes",
        "categories",
        "product_fields",
        "audit_log",
    ]
    .iter()
    .map(|t| count(conn, t))
    .collect();
    v.push(store.sync_state().unwrap().pull_cursor as i64);
    v
}

/// Till B with the shared catalog, paired, after a restock, an adjustment and two sales.
fn busy_till_b() -> Till {
    let mut b = till("B", 2);
    b.store
        .import_catalog_csv(common::catalog_text().as_bytes())
        .unwrap();
    b.store.save_pairing(&pairing()).unwrap();
    let indomie = b.store.product_by_code("2000000000015").unwrap();
    let beras = b.store.product_by_code("W0010").unwrap();
    b.store.restock(&indomie, 40_000, Some("kulakan")).unwrap();
    let authority = b.store.owner_authority(None).unwrap();
    b.store
        .adjust_stock(authority, &beras, -500, "tumpah")
        .unwrap();
    for qty in [2000, 3000] {
        let mut cart = Cart::new();
        cart.add(&indomie, qty).unwrap();
        cart.add(&beras, 750).unwrap();
        let total = cart
            .totals(b.store.settings().unwrap().pricing())
            .unwrap()
            .total;
        b.store
            .checkout(&cart, &[Tender::cash(total + 500)], Some("Rina"))
            .unwrap();
        b.clock.advance(60_000);
    }
    b
}

#[test]
fn a_page_applies_whole_once_and_again_changes_nothing() {
    let b = busy_till_b();
    let page = changes_of(&b.store);
    // The catalog, the restock, the adjustment and its audit entry, two sales.
    assert_eq!(page.len(), 125 + 5);
    let mut a = till("A", 1);

    let applied = a.store.apply_remote(&page, 130).unwrap();
    assert_eq!(
        (
            applied.products,
            applied.movements,
            applied.sales,
            applied.books,
            applied.unchanged
        ),
        (125, 2, 2, 1, 0)
    );
    let after_once = footprint(&a.store);
    let export_once = {
        let mut out = Vec::new();
        a.store.export_catalog_csv(&mut out).unwrap();
        out
    };
    assert_eq!(
        a.store.last_seq().unwrap(),
        0,
        "pulled events never enter the outbox"
    );
    assert_eq!(a.store.sync_state().unwrap().pull_cursor, 130);

    let again = a.store.apply_remote(&page, 130).unwrap();
    assert_eq!(again.unchanged, 130);
    assert_eq!(footprint(&a.store), after_once);
    let mut export_twice = Vec::new();
    a.store.export_catalog_csv(&mut export_twice).unwrap();
    assert_eq!(export_twice, export_once);

    // The sales are B's, whole: lines, payments and movements with B's derived ids.
    for e in b.store.outbox_events_after(0, 10_000).unwrap() {
        if let OutboxEvent::Sale(s) = e.event {
            let here = a.store.sale(s.sale.id).unwrap().unwrap();
            assert_eq!(here, s.sale);
            assert_eq!(here.device_id, b.store.device().unwrap().device_id);
        }
    }
    // Stock is store-wide: A's ledger holds B's movements.
    for code in ["2000000000015", "W0010"] {
        let pa = a.store.product_by_code(code).unwrap();
        let pb = b.store.product_by_code(code).unwrap();
        assert_eq!(pa.id, pb.id);
        assert_eq!(
            a.store.stock_level(pa.id).unwrap(),
            b.store.stock_level(pb.id).unwrap()
        );
    }
    assert_eq!(
        a.store
            .stock_level(a.store.product_by_code("W0010").unwrap().id)
            .unwrap(),
        -500 - 1500
    );
    // B's catalog is A's, stamps and all.
    assert_eq!(
        a.store.product_records().unwrap(),
        b.store.product_records().unwrap()
    );
    assert_eq!(a.store.products().unwrap(), b.store.products().unwrap());
}

#[test]
fn other_tills_sales_count_in_reports_but_not_in_this_tills_numbering() {
    let b = busy_till_b();
    let mut a = till("A", 1);
    a.store.apply_remote(&changes_of(&b.store), 10).unwrap();
    let report = a.store.today_report().unwrap();
    assert_eq!(report.totals.sales, 2);
    let p = a.store.product_by_code("2000000000015").unwrap();
    let mut cart = Cart::new();
    cart.add(&p, 1000).unwrap();
    let sale = a
        .store
        .checkout(&cart, &[Tender::cash(3_500)], None)
        .unwrap();
    assert_eq!(sale.receipt_no, "A-20261127-0001");
    assert_eq!(a.store.last_seq().unwrap(), 1);
    assert_eq!(a.store.today_report().unwrap().totals.sales, 3);
    // Popular at B means popular here too: B sold Indomie twice.
    assert_eq!(a.store.search("indomie", 1).unwrap()[0].id, p.id);
    let today = report.to;
    let best = a.store.best_sellers(today, today, None, 1).unwrap();
    assert_eq!(best.len(), 1, "the limit holds");
    let full = a.store.today_report().unwrap().best_sellers;
    assert_eq!(best[0], full[0], "the report's first seller");
    assert_eq!(best[0].sku, p.sku);
}

#[test]
fn a_sale_whose_receipt_number_clashes_is_still_kept() {
    let b = busy_till_b();
    let page = changes_of(&b.store);
    let mut a = till("A", 1);
    a.store.apply_remote(&page, 10).unwrap();
    // Till B restored from an old backup reuses its receipt number for a new sale.
    let mut clash = page
        .iter()
        .find_map(|c| match c {
            RemoteChange::Sale(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap();
    clash.sale.id = Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_0999);
    let applied = a
        .store
        .apply_remote(&[RemoteChange::Sale(clash.clone())], 11)
        .unwrap();
    assert_eq!(applied.sales, 1);
    assert_eq!(a.store.sale(clash.sale.id).unwrap().unwrap(), clash.sale);
}
