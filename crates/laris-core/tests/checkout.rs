//! Checkout against a real on-disk device database.

use std::sync::Arc;

use laris_core::{
    Cart, DeviceReader, DeviceStore, ManualClock, SeededIds, ShopSetup, ShopTimeZone, Tender,
};

const CATALOG: &str = "../../../shared/data/catalog-warung.csv";

fn shop(dir: &tempfile::TempDir) -> (DeviceStore, Arc<ManualClock>) {
    // 2026-11-27 10:00 WIB
    let clock = Arc::new(ManualClock::new(1_795_748_400_000));
    let mut store = DeviceStore::open(
        dir.path().join("device.db"),
        clock.clone(),
        Arc::new(SeededIds::new(7)),
    )
    .unwrap();
    store
        .init_shop(&ShopSetup {
            name: "Warung Bu Sri".into(),
            device_code: "A".into(),
            timezone: ShopTimeZone::Wib,
        })
        .unwrap();
    let csv = std::fs::read(CATALOG).unwrap();
    store.import_catalog_csv(csv.as_slice()).unwrap();
    (store, clock)
}

#[test]
fn a_paid_sale_is_on_disk_with_lines_payments_movements_and_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _clock) = shop(&dir);
    let indomie = store.product_by_code("2000000000015").unwrap();
    let beras = store.product_by_code("W0010").unwrap();
    assert!(beras.sold_by_weight);
    store.restock(&indomie, 40_000, Some("kulakan")).unwrap();

    let mut cart = Cart::new();
    cart.add(&indomie, 2000).unwrap();
    cart.add(&indomie, 1000).unwrap();
    cart.add(&beras, 500).unwrap();
    assert_eq!(cart.lines.len(), 2, "a second scan adds to the line");
    let sale = store.checkout(&cart, &[Tender::cash(20_000)], Some("Rina")).unwrap();
    assert_eq!(sale.total, 3 * 3_500 + 7_000);
    assert_eq!(sale.change, 20_000 - 17_500);
    assert_eq!(sale.receipt_no, "A-20261127-0001");
    drop(store);

    let reader = DeviceReader::open(dir.path().join("device.db")).unwrap();
    let back = laris_core::load_sale(reader.conn(), sale.id).unwrap().unwrap();
    assert_eq!(back, sale);
    let level = laris_core::stock::level(reader.conn(), indomie.id).unwrap();
    assert_eq!(level, 40_000 - 3_000);
    let outbox = laris_core::outbox::entries_after(reader.conn(), 0, 10).unwrap();
    assert_eq!(outbox.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(outbox[1].entity_id, sale.id);
}
