//! Voids and refunds on a real database file: the money of each line as its share of what was
//! paid, stock back, never more than was sold from this till, the owner's PIN once anyone is
//! set up, and two tills' returns of one line meeting as an over-refund, never dropped.

mod common;

use common::{HOUR, shop, till};
use laris_core::{
    AuditAction, Cart, CoreError, OutboxEvent, PaymentMethod, RemoteChange, ReturnKind,
    ReturnRequest, Tender,
};

fn line(line_no: i64, qty_milli: i64) -> ReturnRequest {
    ReturnRequest { line_no, qty_milli }
}

#[test]
fn refunds_in_pieces_pay_back_exactly_what_was_paid() {
    let mut s = shop();
    let indomie = s.store.product_by_code("2000000000015").unwrap();
    let beras = s.store.product_by_code("W0010").unwrap();
    s.store.restock(&indomie, 10_000, None).unwrap();
    s.store.restock(&beras, 10_000, None).unwrap();
    let mut cart = Cart::new();
    cart.add(&indomie, 3_000).unwrap();
    cart.add(&beras, 1_500).unwrap();
    // A cart discount: each line's money back is its share of what was paid.
    cart.set_discount(1_000).unwrap();
    let sale = s
        .store
        .checkout(&cart, &[Tender::cash(50_000)], None)
        .unwrap();
    let paid = sale.total;
    let stock_after_sale = s.store.stock_level(indomie.id).unwrap();

    let a = s.store.owner_authority(None).unwrap();
    let first = s
        .store
        .refund_sale(a, sale.id, &[line(1, 1_000)], PaymentMethod::Cash, "penyok")
        .unwrap();
    assert_eq!(first.kind, ReturnKind::Refund);
    assert_eq!(
        s.store.stock_level(indomie.id).unwrap(),
        stock_after_sale + 1_000
    );
    // More than is left of a line is refused, and writes nothing.
    let a = s.store.owner_authority(None).unwrap();
    let e = s
        .store
        .refund_sale(a, sale.id, &[line(1, 2_001)], PaymentMethod::Cash, "x")
        .unwrap_err();
    assert!(
        matches!(e, CoreError::Invalid { field: "qty", .. }),
        "{e:?}"
    );
    let a = s.store.owner_authority(None).unwrap();
    assert!(matches!(
        s.store
            .refund_sale(a, sale.id, &[line(3, 1_000)], PaymentMethod::Cash, "x"),
        Err(CoreError::Invalid { field: "line", .. })
    ));
    let a = s.store.owner_authority(None).unwrap();
    assert!(matches!(
        s.store
            .refund_sale(a, sale.id, &[line(2, 500)], PaymentMethod::Cash, " "),
        Err(CoreError::Invalid {
            field: "reason",
            ..
        })
    ));
    // The rest in two more pieces: together exactly the total, cost exactly the sale's.
    let a = s.store.owner_authority(None).unwrap();
    let second = s
        .store
        .refund_sale(
            a,
            sale.id,
            &[line(1, 2_000), line(2, 500)],
            PaymentMethod::Qris,
            "salah ambil",
        )
        .unwrap();
    let a = s.store.owner_authority(None).unwrap();
    let third = s
        .store
        .refund_sale(
            a,
            sale.id,
            &[line(2, 1_000)],
            PaymentMethod::Cash,
            "salah ambil",
        )
        .unwrap();
    let returns = s.store.query().returns_of(sale.id).unwrap();
    assert_eq!(returns, [first.clone(), second, third]);
    assert_eq!(returns.iter().map(|r| r.amount).sum::<i64>(), paid);
    assert_eq!(returns.iter().map(|r| r.cost).sum::<i64>(), sale.cost);
    assert_eq!(
        s.store.stock_level(indomie.id).unwrap(),
        stock_after_sale + 3_000
    );
    // Nothing left to take back; no over-refund on this till.
    let a = s.store.owner_authority(None).unwrap();
    assert!(
        s.store
            .refund_sale(a, sale.id, &[line(2, 1)], PaymentMethod::Cash, "x")
            .is_err()
    );
    assert!(s.store.query().over_refunds().unwrap().is_empty());
    // Each return is an outbox event of its own, and in the audit log with its reason.
    let events = s.store.outbox_events_after(0, 100).unwrap();
    let returned: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.event {
            OutboxEvent::SaleReturn(r) => Some(r.id),
            _ => None,
        })
        .collect();
    assert_eq!(returned, returns.iter().map(|r| r.id).collect::<Vec<_>>());
    let log = s.store.query().audit_log(20).unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action == AuditAction::SaleRefunded)
            .count(),
        3
    );
    assert_eq!(
        log.last().map(|e| e.reason.as_deref()),
        Some(Some("penyok"))
    );
}

#[test]
fn a_void_takes_back_all_of_todays_sale_only() {
    let mut s = shop();
    let indomie = s.store.product_by_code("2000000000015").unwrap();
    let mut cart = Cart::new();
    cart.add(&indomie, 2_000).unwrap();
    let today = s
        .store
        .checkout(&cart, &[Tender::qris(7_000)], None)
        .unwrap();
    let before = s.store.stock_level(indomie.id).unwrap();
    let a = s.store.owner_authority(None).unwrap();
    let void = s.store.void_sale(a, today.id, "salah input").unwrap();
    assert_eq!(
        (void.kind, void.amount, void.method),
        (ReturnKind::Void, 7_000, PaymentMethod::Qris)
    );
    assert_eq!(s.store.stock_level(indomie.id).unwrap(), before + 2_000);
    // Once: then nothing is left.
    let a = s.store.owner_authority(None).unwrap();
    assert!(s.store.void_sale(a, today.id, "lagi").is_err());
    // Yesterday's sale cannot be voided (refund it).
    let old = s
        .store
        .checkout(&cart, &[Tender::cash(7_000)], None)
        .unwrap();
    s.clock.advance(24 * HOUR);
    let a = s.store.owner_authority(None).unwrap();
    assert!(matches!(
        s.store.void_sale(a, old.id, "kemarin"),
        Err(CoreError::Invalid { field: "sale", .. })
    ));
    // With an owner set up, no PIN, no void.
    s.store.add_first_owner("Bu Sri", "4821").unwrap();
    assert!(matches!(
        s.store.owner_authority(None),
        Err(CoreError::OwnerApprovalRequired)
    ));
}

#[test]
fn two_tills_refunding_one_line_offline_both_count_and_show_as_an_over_refund() {
    // Till A sells; B has the sale (pulled); both refund the same line while offline.
    let mut a = till("A", 1);
    let mut b = till("B", 2);
    a.store
        .import_catalog_csv(common::catalog_text().as_bytes())
        .unwrap();
    // Pairing puts the catalog in A's outbox, as the server would pass it on to B.
    a.store.save_pairing(&common::pairing()).unwrap();
    let product = a.store.product_by_code("2000000000015").unwrap();
    let mut cart = Cart::new();
    cart.add(&product, 2_000).unwrap();
    let sale = a
        .store
        .checkout(&cart, &[Tender::cash(10_000)], None)
        .unwrap();
    b.store.apply_remote(&changes(&a.store), 0).unwrap();
    let auth = a.store.owner_authority(None).unwrap();
    let ra = a
        .store
        .refund_sale(
            auth,
            sale.id,
            &[line(1, 2_000)],
            PaymentMethod::Cash,
            "rusak",
        )
        .unwrap();
    let auth = b.store.owner_authority(None).unwrap();
    let rb = b
        .store
        .refund_sale(
            auth,
            sale.id,
            &[line(1, 1_000)],
            PaymentMethod::Cash,
            "rusak",
        )
        .unwrap();
    // They meet (through the server, here directly): both are kept, on both tills.
    a.store.apply_remote(&changes(&b.store), 0).unwrap();
    b.store.apply_remote(&changes(&a.store), 0).unwrap();
    for t in [&a, &b] {
        let q = t.store.query();
        assert_eq!(q.returns_of(sale.id).unwrap().len(), 2);
        let over = q.over_refunds().unwrap();
        assert_eq!(over.len(), 1, "{over:?}");
        assert_eq!(
            (
                over[0].sale_id,
                over[0].sold_qty_milli,
                over[0].returned_qty_milli,
                over[0].returns
            ),
            (sale.id, 2_000, 3_000, 2)
        );
        assert_eq!(
            over[0].receipt_no.as_deref(),
            Some(sale.receipt_no.as_str())
        );
        // Stock counts both: sold 2, and the goods of both returns (2 + 1) came back.
        let level = t.store.stock_level(product.id).unwrap();
        let (sold, returned) = (2_000, 3_000);
        assert_eq!(level, returned - sold);
    }
    // Applying the same changes again changes nothing.
    let again = a.store.apply_remote(&changes(&b.store), 0).unwrap();
    assert_eq!(again.returns, 0);
    assert_ne!(ra.id, rb.id);
}

/// Everything in a till's outbox as another till would pull it.
fn changes(store: &laris_core::DeviceStore) -> Vec<RemoteChange> {
    store
        .outbox_events_after(0, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| e.event.into_remote())
        .collect()
}
