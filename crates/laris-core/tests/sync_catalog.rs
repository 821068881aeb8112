//! The catalog as it syncs, on real database files: field-level last-writer-wins by HLC with
//! the device id breaking ties, tombstones, product outbox entries once paired, and who shows
//! a SKU or barcode that two products claim.

mod common;

use std::sync::Arc;

use laris_core::{
    DeviceStore, Hlc, Lookup, OutboxEvent, PRODUCT_EVENT, ProductDraft, ProductRecord,
    RemoteChange, SeededIds, Stamped, Upserted,
};
use uuid::Uuid;

use common::{NOV27_10H_WIB, count, pairing, till};

const MINUTE: i64 = 60_000;
const DAY: i64 = 24 * 60 * MINUTE;

fn draft(sku: &str, name: &str, price: i64, barcodes: &[&str]) -> ProductDraft {
    ProductDraft {
        sku: sku.into(),
        name: name.into(),
        category: Some("Minuman".into()),
        unit: "pcs".into(),
        price,
        cost: 1_000,
        sold_by_weight: false,
        track_stock: true,
        min_stock_milli: 0,
        active: true,
        barcodes: barcodes.iter().map(|b| b.to_string()).collect(),
    }
}

fn record(store: &DeviceStore, sku: &str) -> ProductRecord {
    store
        .product_records()
        .unwrap()
        .into_iter()
        .find(|r| r.sku.value == sku)
        .unwrap()
}

fn product_entries(store: &DeviceStore) -> usize {
    store
        .query()
        .outbox_after(0, 100_000)
        .unwrap()
        .iter()
        .filter(|e| e.kind == PRODUCT_EVENT)
        .count()
}

#[test]
fn edits_are_stamped_but_enqueued_only_once_paired() {
    let mut a = till("A", 1);
    let summary = a
        .store
        .import_catalog_csv(common::catalog_text().as_bytes())
        .unwrap();
    assert_eq!(summary.created, 125);
    assert_eq!(
        count(a.store.conn(), "outbox"),
        0,
        "an unpaired till keeps no catalog history"
    );
    let node = a.store.device().unwrap().device_id;
    let r = record(&a.store, "W0001");
    assert!(
        r.stamps()
            .iter()
            .all(|h| h.node == node && h.wall_ms == NOV27_10H_WIB as u64)
    );

    // Pairing enqueues the catalog once; pairing again with the same store does not.
    assert_eq!(a.store.save_pairing(&pairing()).unwrap(), 125);
    assert_eq!(a.store.save_pairing(&pairing()).unwrap(), 0);
    assert_eq!(product_entries(&a.store), 125);
    let mut other = pairing();
    other.store_id = Uuid::from_u128(43);
    assert_eq!(
        a.store.save_pairing(&other).unwrap_err().code(),
        "already_paired"
    );

    // A change stamps only the changed field, and enqueues the product.
    a.clock.advance(MINUTE);
    let p = a.store.product_by_code("W0001").unwrap();
    let mut d = draft(&p.sku, &p.name, p.price + 500, &[]);
    d.category = p.category.clone();
    d.unit = p.unit.clone();
    d.cost = p.cost;
    d.barcodes = p.barcodes.clone();
    d.min_stock_milli = p.min_stock_milli;
    let (_, outcome) = a.store.upsert_product(&d).unwrap();
    assert_eq!(outcome, Upserted::Updated);
    let after = record(&a.store, "W0001");
    assert_eq!(after.price.hlc.wall_ms, (NOV27_10H_WIB + MINUTE) as u64);
    assert_eq!(
        after.name.hlc, r.name.hlc,
        "an unchanged field keeps its stamp"
    );
    assert_eq!(product_entries(&a.store), 126);
    // The same again changes nothing and enqueues nothing.
    assert_eq!(a.store.upsert_product(&d).unwrap().1, Upserted::Unchanged);
    assert_eq!(product_entries(&a.store), 126);
    let events = a.store.outbox_events_after(125, 10).unwrap();
    assert!(matches!(&events[0].event, OutboxEvent::Product(p) if p.price.value == d.price));
    // Stamps keep increasing across a restart, even with the clock set back.
    let path = a.store.path().to_path_buf();
    let last = a.store.hlc_last();
    drop(a.store);
    a.clock.advance(-DAY);
    let mut reopened =
        DeviceStore::open(&path, a.clock.clone(), Arc::new(SeededIds::new(9))).unwrap();
    assert_eq!(reopened.hlc_last(), last);
    d.price += 1;
    reopened.upsert_product(&d).unwrap();
    assert!(record(&reopened, "W0001").price.hlc > last);
}

#[test]
fn the_later_stamp_wins_each_field_and_the_device_id_breaks_ties() {
    let mut a = till("A", 1);
    let mut b = till("B", 2);
    a.store
        .upsert_product(&draft("T1", "Teh Botol", 5_000, &["8991"]))
        .unwrap();
    let original = record(&a.store, "T1");
    b.store
        .apply_remote(&[RemoteChange::Product(Box::new(original.clone()))], 1)
        .unwrap();
    // A changes the price at 10:01, B the name at 10:02 and the price at 10:00:30 (earlier).
    a.clock.advance(MINUTE);
    a.store
        .upsert_product(&draft("T1", "Teh Botol", 5_500, &["8991"]))
        .unwrap();
    b.clock.advance(MINUTE / 2);
    b.store
        .upsert_product(&draft("T1", "Teh Botol", 4_800, &["8991"]))
        .unwrap();
    b.clock.advance(MINUTE + MINUTE / 2);
    b.store
        .upsert_product(&draft("T1", "Teh Botol Sosro", 4_800, &["8991"]))
        .unwrap();
    let from_a = record(&a.store, "T1");
    let from_b = record(&b.store, "T1");
    a.store
        .apply_remote(&[RemoteChange::Product(Box::new(from_b.clone()))], 2)
        .unwrap();
    b.store
        .apply_remote(&[RemoteChange::Product(Box::new(from_a.clone()))], 2)
        .unwrap();
    for s in [&a.store, &b.store] {
        let p = s.product_by_code("T1").unwrap();
        assert_eq!((p.name.as_str(), p.price), ("Teh Botol Sosro", 5_500));
        assert_eq!(
            s.search("sosro", 5).unwrap().len(),
            1,
            "the name search follows"
        );
    }
    assert_eq!(record(&a.store, "T1"), record(&b.store, "T1"));
    // B's clock now orders after everything it has seen.
    assert!(b.store.hlc_last() > from_a.max_hlc());

    // Equal wall time and counter: the larger device id wins, on both sides.
    let mut x = record(&a.store, "T1");
    let mut y = x.clone();
    let t = 2 * NOV27_10H_WIB as u64;
    x.price = Stamped::new(6_000, Hlc::new(t, 0, Uuid::from_u128(1)));
    y.price = Stamped::new(7_000, Hlc::new(t, 0, Uuid::from_u128(2)));
    a.store
        .apply_remote(
            &[
                RemoteChange::Product(Box::new(x.clone())),
                RemoteChange::Product(Box::new(y.clone())),
            ],
            3,
        )
        .unwrap();
    b.store
        .apply_remote(
            &[
                RemoteChange::Product(Box::new(y)),
                RemoteChange::Product(Box::new(x)),
            ],
            3,
        )
        .unwrap();
    assert_eq!(a.store.product_by_code("T1").unwrap().price, 7_000);
    assert_eq!(record(&a.store, "T1"), record(&b.store, "T1"));
}

#[test]
fn a_deleted_product_is_offered_nowhere_and_comes_back_when_saved_again() {
    let mut a = till("A", 1);
    a.store
        .import_catalog_csv(common::catalog_text().as_bytes())
        .unwrap();
    a.store.save_pairing(&pairing()).unwrap();
    let p = a.store.product_by_code("2000000000015").unwrap();
    let restocked = a.store.restock(&p, 5_000, None).unwrap();
    let in_search = |s: &DeviceStore| s.search(&p.name, 50).unwrap().iter().any(|x| x.id == p.id);
    assert!(in_search(&a.store));
    let authority = a.store.owner_authority(None).unwrap();
    assert!(a.store.delete_product(authority, p.id).unwrap());
    let authority = a.store.owner_authority(None).unwrap();
    assert!(
        !a.store.delete_product(authority, p.id).unwrap(),
        "already deleted"
    );
    assert!(a.store.find_by_code("2000000000015").unwrap().is_none());
    assert!(a.store.find_by_code(&p.sku).unwrap().is_none());
    assert!(!in_search(&a.store));
    assert!(matches!(a.store.lookup(&p.sku, 5).unwrap(), Lookup::Matches(m) if m.is_empty()));
    assert!(a.store.products().unwrap().iter().all(|x| x.id != p.id));
    assert!(
        a.store
            .query()
            .stock_levels()
            .unwrap()
            .iter()
            .all(|l| l.product_id != p.id)
    );
    let tomb = record(&a.store, &p.sku);
    assert!(tomb.deleted.value);
    assert_eq!(product_entries(&a.store), 126);
    // Its barcode is free for another product.
    a.store
        .upsert_product(&draft("NEW1", "Mi Baru", 3_000, &["2000000000015"]))
        .unwrap();
    assert_eq!(
        a.store.product_by_code("2000000000015").unwrap().sku,
        "NEW1"
    );
    // Saving its SKU again brings it back, with its ledger.
    let mut d = draft(&p.sku, &p.name, p.price, &[]);
    d.category = p.category.clone();
    d.cost = p.cost;
    let (back, outcome) = a.store.upsert_product(&d).unwrap();
    assert_eq!((back.id, outcome), (p.id, Upserted::Updated));
    assert!(!record(&a.store, &p.sku).deleted.value);
    assert_eq!(a.store.stock_level(p.id).unwrap(), restocked);
}

#[test]
fn two_products_claiming_one_sku_or_barcode_show_the_later_writer() {
    let mut a = till("A", 1);
    a.store
        .upsert_product(&draft("X1", "Kopi Lokal", 2_000, &["111", "222"]))
        .unwrap();
    let mine = a.store.product_by_code("X1").unwrap();
    // Another till made its own X1, later, also with barcode 222.
    a.clock.advance(MINUTE);
    let t = (NOV27_10H_WIB + MINUTE) as u64;
    let node = Uuid::from_u128(0xb);
    let other_id = Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_0777);
    let theirs = |sku: &str, barcodes: &[&str], at: u64| ProductRecord {
        id: other_id,
        sku: Stamped::new(sku.into(), Hlc::new(at, 0, node)),
        name: Stamped::new("Kopi Kapal Api".into(), Hlc::new(t, 0, node)),
        category: Stamped::new(None, Hlc::new(t, 0, node)),
        unit: Stamped::new("pcs".into(), Hlc::new(t, 0, node)),
        price: Stamped::new(2_500, Hlc::new(t, 0, node)),
        cost: Stamped::new(2_000, Hlc::new(t, 0, node)),
        sold_by_weight: Stamped::new(false, Hlc::new(t, 0, node)),
        track_stock: Stamped::new(true, Hlc::new(t, 0, node)),
        min_stock_milli: Stamped::new(0, Hlc::new(t, 0, node)),
        active: Stamped::new(true, Hlc::new(t, 0, node)),
        barcodes: Stamped::new(
            barcodes.iter().map(|b| b.to_string()).collect(),
            Hlc::new(at, 0, node),
        ),
        deleted: Stamped::new(false, Hlc::new(t, 0, node)),
    };
    a.store
        .apply_remote(
            &[RemoteChange::Product(Box::new(theirs("X1", &["222"], t)))],
            1,
        )
        .unwrap();
    assert_eq!(a.store.product_by_code("X1").unwrap().id, other_id);
    assert_eq!(a.store.product_by_code("222").unwrap().id, other_id);
    assert_eq!(a.store.product_by_code("111").unwrap().id, mine.id);
    let stand_in = format!("X1 #{}", mine.id.simple());
    let shown: Vec<String> = a
        .store
        .products()
        .unwrap()
        .iter()
        .map(|p| p.sku.clone())
        .collect();
    assert!(shown.contains(&stand_in), "{shown:?}");
    // The claim stays in the synced record.
    assert_eq!(
        a.store.product_record(mine.id).unwrap().unwrap().sku.value,
        "X1"
    );
    // They rename theirs and drop the barcode: X1 and 222 come back to ours.
    let later = t + 1000;
    a.store
        .apply_remote(
            &[RemoteChange::Product(Box::new(theirs("X2", &[], later)))],
            2,
        )
        .unwrap();
    let back = a.store.product_by_code("X1").unwrap();
    assert_eq!(back.id, mine.id);
    assert_eq!(back.barcodes, ["111", "222"]);
    assert_eq!(a.store.product_by_code("X2").unwrap().id, other_id);
}

#[test]
fn a_clock_days_ahead_is_pulled_back_at_the_first_handshake() {
    let mut a = till("A", 1);
    a.clock.advance(3 * DAY);
    a.store
        .upsert_product(&draft("T1", "Teh", 5_000, &[]))
        .unwrap();
    a.store.save_pairing(&pairing()).unwrap();
    assert_eq!(product_entries(&a.store), 1);
    let ahead = record(&a.store, "T1").max_hlc();
    assert_eq!(ahead.wall_ms, (NOV27_10H_WIB + 3 * DAY) as u64);
    // The server's clock says it is 3 days earlier; it accepts stamps up to 1 hour ahead.
    let restamped = a.store.set_clock_offset(-3 * DAY, 3_600_000).unwrap();
    assert_eq!(restamped, 1);
    let fixed = record(&a.store, "T1");
    assert!(
        fixed
            .stamps()
            .iter()
            .all(|h| h.wall_ms == NOV27_10H_WIB as u64)
    );
    assert_eq!(
        product_entries(&a.store),
        2,
        "sent again with the fixed stamps"
    );
    // New edits are stamped at server time.
    a.clock.advance(MINUTE);
    a.store
        .upsert_product(&draft("T1", "Teh", 5_500, &[]))
        .unwrap();
    assert_eq!(
        record(&a.store, "T1").price.hlc.wall_ms,
        (NOV27_10H_WIB + MINUTE) as u64
    );
    // An honest offset restamps nothing.
    assert_eq!(
        a.store.set_clock_offset(-3 * DAY + 20, 3_600_000).unwrap(),
        0
    );
}
