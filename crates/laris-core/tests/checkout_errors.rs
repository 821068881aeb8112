//! A refused checkout says why with a typed error and writes nothing: no sale, line, payment,
//! stock movement or outbox entry, and no receipt or outbox number used up. Receipt numbers
//! count per shop-local day.

mod common;

use laris_core::{
    Cart, CartLine, CoreError, MAX_PRICE, MAX_QTY_MILLI, Product, ShopTimeZone, Tender,
};

use common::{HOUR, NOV27_10H_WIB, Shop, shop, shop_in, written};

/// A cart built field by field, skipping `Cart::add`'s checks, as a buggy or hostile caller
/// (the UI over IPC) could hand it over.
fn raw_cart(lines: &[(&Product, i64, i64)], discount: i64) -> Cart {
    Cart {
        lines: lines
            .iter()
            .map(|&(product, qty_milli, discount)| CartLine {
                product: product.clone(),
                qty_milli,
                discount,
            })
            .collect(),
        discount,
    }
}

fn refused(shop: &mut Shop, cart: &Cart, tenders: &[Tender]) -> CoreError {
    let before = written(shop.store.conn());
    let err = shop
        .store
        .checkout(cart, tenders, Some("Rina"))
        .expect_err("the checkout should be refused");
    assert_eq!(
        written(shop.store.conn()),
        before,
        "a refused checkout ({err}) wrote something"
    );
    err
}

fn invalid_field(err: &CoreError) -> &'static str {
    match err {
        CoreError::Invalid { field, .. } => field,
        other => panic!("expected invalid_input, got {other:?}"),
    }
}

#[test]
fn refused_checkouts_are_typed_and_write_nothing() {
    let mut shop = shop();
    let indomie = shop.store.product_by_code("2000000000015").unwrap();
    let beras = shop.store.product_by_code("W0010").unwrap();
    assert_eq!(written(shop.store.conn()), [0; 5]);

    let empty = refused(&mut shop, &Cart::new(), &[Tender::cash(10_000)]);
    assert_eq!(empty.code(), "empty_cart");

    let mut cart = Cart::new();
    cart.add(&indomie, 2_000).unwrap();
    cart.add(&beras, 1_500).unwrap(); // 7.000 + 21.000
    match refused(&mut shop, &cart, &[Tender::cash(20_000)]) {
        CoreError::InsufficientPayment { total, paid } => {
            assert_eq!((total, paid), (28_000, 20_000))
        }
        other => panic!("{other:?}"),
    }
    match refused(
        &mut shop,
        &cart,
        &[Tender::qris(10_000), Tender::cash(17_999)],
    ) {
        CoreError::InsufficientPayment { total, paid } => {
            assert_eq!((total, paid), (28_000, 27_999))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        refused(&mut shop, &cart, &[]).code(),
        "insufficient_payment"
    );
    // QRIS and transfers are exact: they never give change.
    match refused(&mut shop, &cart, &[Tender::qris(30_000)]) {
        CoreError::Overpaid { total, non_cash } => assert_eq!((total, non_cash), (28_000, 30_000)),
        other => panic!("{other:?}"),
    }
    for bad in [0, -5_000, MAX_PRICE + 1] {
        let err = refused(&mut shop, &cart, &[Tender::cash(bad), Tender::cash(30_000)]);
        assert_eq!(invalid_field(&err), "payment", "tender {bad}");
    }

    // Quantities: zero, negative, absurd; a weighed line one milligram over the limit.
    for qty in [0, -1_000, MAX_QTY_MILLI + 1, i64::MAX] {
        let err = Cart::new().add(&indomie, qty).unwrap_err();
        assert_eq!(invalid_field(&err), "qty", "Cart::add of {qty}");
        let err = refused(
            &mut shop,
            &raw_cart(&[(&indomie, qty, 0)], 0),
            &[Tender::cash(1)],
        );
        assert_eq!(invalid_field(&err), "qty", "checkout of {qty}");
    }
    let mut c = Cart::new();
    c.add(&indomie, 1_000).unwrap();
    assert_eq!(invalid_field(&c.set_qty(0, 0).unwrap_err()), "qty");
    assert_eq!(c.set_qty(5, 1_000).unwrap_err().code(), "no_such_line");

    // Prices and costs beyond belief, or below zero, in a product snapshot.
    for (price, cost, field) in [
        (MAX_PRICE + 1, 0, "price"),
        (-1, 0, "price"),
        (i64::MAX, 0, "price"),
        (1_000, MAX_PRICE + 1, "cost"),
        (1_000, -1, "cost"),
    ] {
        let mut odd = indomie.clone();
        odd.price = price;
        odd.cost = cost;
        let err = refused(
            &mut shop,
            &raw_cart(&[(&odd, 1_000, 0)], 0),
            &[Tender::cash(MAX_PRICE)],
        );
        assert_eq!(invalid_field(&err), field, "price {price}, cost {cost}");
    }

    // Discounts beyond what they discount, or negative.
    let mut c = Cart::new();
    c.add(&indomie, 2_000).unwrap();
    assert_eq!(
        invalid_field(&c.set_line_discount(0, 7_001).unwrap_err()),
        "discount"
    );
    assert_eq!(
        invalid_field(&c.set_line_discount(0, -1).unwrap_err()),
        "discount"
    );
    assert_eq!(invalid_field(&c.set_discount(-1).unwrap_err()), "discount");
    for (line_discount, cart_discount) in [(7_001, 0), (-1, 0), (0, 7_001), (3_000, 4_001), (0, -1)]
    {
        let err = refused(
            &mut shop,
            &raw_cart(&[(&indomie, 2_000, line_discount)], cart_discount),
            &[Tender::cash(100_000)],
        );
        assert_eq!(
            invalid_field(&err),
            "discount",
            "{line_discount}/{cart_discount}"
        );
    }

    // A code nobody knows never reaches the cart.
    let err = shop.store.product_by_code("8991234567890").unwrap_err();
    assert!(matches!(&err, CoreError::UnknownProduct(code) if code == "8991234567890"));
    assert_eq!(err.code(), "unknown_product");

    // None of that used up a number: the first sale is receipt 0001 and outbox seq 1.
    assert_eq!(written(shop.store.conn()), [0; 5]);
    let sale = shop
        .store
        .checkout(&cart, &[Tender::cash(50_000)], None)
        .unwrap();
    assert_eq!(
        (sale.receipt_no.as_str(), sale.change),
        ("A-20261127-0001", 22_000)
    );
    let outbox = shop.store.query().outbox_after(0, 10).unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!((outbox[0].seq, outbox[0].entity_id), (1, sale.id));
}

#[test]
fn a_discount_may_take_a_line_or_the_cart_to_zero() {
    let mut shop = shop();
    let indomie = shop.store.product_by_code("W0001").unwrap();
    let mut cart = Cart::new();
    cart.add(&indomie, 2_000).unwrap();
    cart.set_line_discount(0, 7_000).unwrap();
    // Nothing to pay, so nothing is tendered; the sale still records the goods leaving.
    let sale = shop.store.checkout(&cart, &[], None).unwrap();
    assert_eq!((sale.total, sale.payments.len()), (0, 0));
    assert_eq!(shop.store.stock_level(indomie.id).unwrap(), -2_000);
    // Any tender on a zero total is change only, which QRIS cannot give.
    assert_eq!(
        refused(&mut shop, &cart, &[Tender::qris(1_000)]).code(),
        "overpaid"
    );
}

#[test]
fn receipt_numbers_restart_each_shop_local_day() {
    let mut shop = shop();
    let indomie = shop.store.product_by_code("W0001").unwrap();
    let mut cart = Cart::new();
    cart.add(&indomie, 1_000).unwrap();
    let sell = |shop: &mut Shop| {
        shop.store
            .checkout(&cart, &[Tender::cash(5_000)], None)
            .unwrap()
            .receipt_no
    };
    assert_eq!(sell(&mut shop), "A-20261127-0001");
    assert_eq!(sell(&mut shop), "A-20261127-0002");
    // 23:59:59.999 WIB is still the 27th; midnight WIB (17:00 UTC) is the 28th.
    let midnight_wib = NOV27_10H_WIB + 14 * HOUR;
    shop.clock.set(midnight_wib - 1);
    assert_eq!(sell(&mut shop), "A-20261127-0003");
    shop.clock.set(midnight_wib);
    assert_eq!(sell(&mut shop), "A-20261128-0001");
    assert_eq!(sell(&mut shop), "A-20261128-0002");

    // The count survives closing and reopening the till.
    let path = shop.path();
    let Shop { dir, store, clock } = shop;
    drop(store);
    let store = laris_core::DeviceStore::open(
        &path,
        clock.clone(),
        std::sync::Arc::new(laris_core::SeededIds::new(99)),
    )
    .unwrap();
    let mut shop = Shop { dir, store, clock };
    assert_eq!(sell(&mut shop), "A-20261128-0003");

    // A clock set back a day numbers on after that day's last receipt.
    shop.clock.set(NOV27_10H_WIB + HOUR);
    assert_eq!(sell(&mut shop), "A-20261127-0004");
}

#[test]
fn the_receipt_day_is_the_shops_not_utcs() {
    // 2026-11-27 16:30 UTC: still the 27th in WIB (23:30), already the 28th in WITA and WIT.
    let at = NOV27_10H_WIB + 13 * HOUR + HOUR / 2;
    for (tz, want) in [
        (ShopTimeZone::Wib, "A-20261127-0001"),
        (ShopTimeZone::Wita, "A-20261128-0001"),
        (ShopTimeZone::Wit, "A-20261128-0001"),
    ] {
        let mut shop = shop_in(tz);
        shop.clock.set(at);
        let indomie = shop.store.product_by_code("W0001").unwrap();
        let mut cart = Cart::new();
        cart.add(&indomie, 1_000).unwrap();
        let sale = shop
            .store
            .checkout(&cart, &[Tender::cash(5_000)], None)
            .unwrap();
        assert_eq!(sale.receipt_no, want, "{tz}");
        let today = shop.store.today_report().unwrap();
        assert_eq!(today.totals.sales, 1, "{tz}: today's report holds the sale");
    }
}
