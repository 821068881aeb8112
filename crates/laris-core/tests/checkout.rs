//! Checkout against a real on-disk device database.

mod common;

use laris_core::{
    Cart, DeviceReader, PaymentMethod, Rounding, Tax, TaxMode, Tender, sale_movement_id,
};

use common::shop;

#[test]
fn a_paid_sale_is_on_disk_with_lines_payments_movements_and_outbox() {
    let common::Shop { dir, mut store, .. } = shop();
    let indomie = store.product_by_code("2000000000015").unwrap();
    let beras = store.product_by_code("W0010").unwrap();
    assert!(beras.sold_by_weight);
    store.restock(&indomie, 40_000, Some("kulakan")).unwrap();

    let mut cart = Cart::new();
    cart.add(&indomie, 2000).unwrap();
    cart.add(&indomie, 1000).unwrap();
    cart.add(&beras, 500).unwrap();
    assert_eq!(cart.lines.len(), 2, "a second scan adds to the line");
    let sale = store
        .checkout(&cart, &[Tender::cash(20_000)], Some("Rina"))
        .unwrap();
    assert_eq!(sale.total, 3 * 3_500 + 7_000);
    assert_eq!(sale.change, 20_000 - 17_500);
    assert_eq!(sale.receipt_no, "A-20261127-0001");
    drop(store);

    let reader = DeviceReader::open(dir.path().join("device.db")).unwrap();
    let back = reader.query().sale(sale.id).unwrap().unwrap();
    assert_eq!(back, sale);
    let level = reader.query().stock_level(indomie.id).unwrap();
    assert_eq!(level, 40_000 - 3_000);
    let outbox = reader.query().outbox_after(0, 10).unwrap();
    assert_eq!(outbox.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(outbox[1].entity_id, sale.id);
}

#[test]
fn weighed_goods_ppn_rounding_and_a_split_payment() {
    let mut shop = shop();
    let mut settings = shop.store.settings().unwrap();
    settings.tax = Tax {
        mode: TaxMode::Exclusive,
        rate_bp: 1100,
    };
    settings.rounding = Rounding::Nearest500;
    let authority = shop.store.owner_authority(None).unwrap();
    shop.store.save_settings(authority, &settings).unwrap();

    let gula = shop.store.product_by_code("W0011").unwrap(); // Rp 18.000/kg
    let bawang = shop.store.product_by_code("W0029").unwrap(); // Rp 40.000/kg
    let mut cart = Cart::new();
    cart.add(&gula, 333).unwrap(); // 5.994
    cart.add(&gula, 250).unwrap(); // weighed again: its own line, 4.500
    cart.add(&bawang, 125).unwrap(); // 5.000
    assert_eq!(cart.lines.len(), 3);
    cart.set_line_discount(2, 494).unwrap();
    // 15.494 − 494 = 15.000; PPN 11% = 1.650; 16.650 rounds to 16.500.
    let sale = shop
        .store
        .checkout(
            &cart,
            &[Tender::qris(10_000), Tender::cash(10_000)],
            Some("  "),
        )
        .unwrap();
    assert_eq!(
        (
            sale.gross,
            sale.line_discount,
            sale.tax,
            sale.rounding,
            sale.total
        ),
        (15_494, 494, 1_650, -150, 16_500)
    );
    assert_eq!(sale.cashier, None, "a blank cashier is no cashier");
    let paid: Vec<(PaymentMethod, i64, i64, &str)> = sale
        .payments
        .iter()
        .map(|p| (p.method, p.amount, p.tendered, p.status.as_str()))
        .collect();
    assert_eq!(
        paid,
        [
            (PaymentMethod::Qris, 10_000, 10_000, "unverified"),
            (PaymentMethod::Cash, 6_500, 10_000, "settled")
        ]
    );
    assert_eq!(sale.change, 3_500);
    assert_eq!(shop.store.stock_level(gula.id).unwrap(), -583);

    // Each tracked line has its movement, with the id the sale and line number determine.
    let mut stmt = shop
        .store
        .conn()
        .prepare("SELECT id, qty_milli FROM stock_movements WHERE sale_id = ?1")
        .unwrap();
    let mut got: Vec<(uuid::Uuid, i64)> = stmt
        .query_map([sale.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    got.sort_by_key(|m| m.1);
    assert_eq!(
        got,
        [
            (sale_movement_id(sale.id, 1), -333),
            (sale_movement_id(sale.id, 2), -250),
            (sale_movement_id(sale.id, 3), -125),
        ]
    );
}
