//! Kasbon, shifts and stock counts on real database files: a kasbon sale's down payment and
//! charge, repayments paying off the oldest charges first, the credit limit needing the
//! owner, refunds to kasbon; two tills' repayments and a count on one till while another
//! sells, exchanged both ways, converging; a shift's expected vs counted per method.

mod common;

use common::{HOUR, shop, till};
use laris_core::{
    AuditAction, Cart, CheckoutOptions, CoreError, CostMethod, CustomerDraft, DeviceStore,
    KasbonCharge, KasbonKind, PaymentMethod, ReturnRequest, Role, ShiftCounts, Supply, Tender,
};
use uuid::Uuid;

fn customer(store: &mut DeviceStore, name: &str, limit: Option<i64>) -> Uuid {
    store
        .save_customer(
            &CustomerDraft {
                name: name.into(),
                phone: Some("0812-3456-7890".into()),
                credit_limit: limit,
                ..CustomerDraft::default()
            },
            None,
        )
        .unwrap()
        .id
}

fn cart_of(store: &DeviceStore, code: &str, qty_milli: i64) -> Cart {
    let p = store.product_by_code(code).unwrap();
    let mut cart = Cart::new();
    cart.add(&p, qty_milli).unwrap();
    cart
}

fn on_kasbon(customer_id: Uuid) -> CheckoutOptions {
    CheckoutOptions {
        kasbon: Some(KasbonCharge {
            customer_id,
            due_day: Some(20_261_231),
        }),
        authority: None,
    }
}

#[test]
fn a_kasbon_sale_charges_what_the_down_payment_leaves_and_repayments_settle_the_oldest_first() {
    let mut s = shop();
    let ani = customer(&mut s.store, "Bu Ani", None);
    // Indomie at 3.500: 10 of them, 15.000 down in cash, 20.000 on kasbon.
    let cart = cart_of(&s.store, "2000000000015", 10_000);
    let first = s
        .store
        .checkout_with(&cart, &[Tender::cash(15_000)], None, on_kasbon(ani))
        .unwrap();
    assert_eq!((first.total, first.change), (35_000, 0));
    let kasbon: Vec<_> = first
        .payments
        .iter()
        .filter(|p| p.method == PaymentMethod::Kasbon)
        .collect();
    assert_eq!(kasbon.len(), 1);
    assert_eq!(kasbon[0].amount, 20_000);
    assert_eq!(kasbon[0].reference.as_deref(), Some("Bu Ani"));
    s.clock.advance(24 * HOUR);
    let second = s
        .store
        .checkout_with(
            &cart_of(&s.store, "2000000000015", 2_000),
            &[],
            None,
            on_kasbon(ani),
        )
        .unwrap();
    assert_eq!(second.total, 7_000);

    let (standing, entries) = s.store.customer_account(ani).unwrap();
    assert_eq!(standing.balance, 27_000);
    assert_eq!(standing.owing_since, Some(first.created_at));
    assert_eq!(standing.due_day, Some(20_261_231));
    assert_eq!(entries.len(), 2);
    // Paying 20.000 settles the first charge: the debt now runs from the second sale.
    s.store
        .repay_kasbon(ani, 20_000, PaymentMethod::Cash, None, Some("titip anak"))
        .unwrap();
    let (standing, _) = s.store.customer_account(ani).unwrap();
    assert_eq!(standing.balance, 7_000);
    assert_eq!(standing.owing_since, Some(second.created_at));
    // No more than is owed, and never "by kasbon".
    assert!(matches!(
        s.store
            .repay_kasbon(ani, 7_001, PaymentMethod::Qris, None, None),
        Err(CoreError::Invalid {
            field: "amount",
            ..
        })
    ));
    assert!(
        s.store
            .repay_kasbon(ani, 1_000, PaymentMethod::Kasbon, None, None)
            .is_err()
    );
    // A down payment that covers the total leaves nothing for kasbon; a kasbon tender is
    // not how a sale goes on the account.
    assert!(matches!(
        s.store
            .checkout_with(&cart, &[Tender::cash(35_000)], None, on_kasbon(ani)),
        Err(CoreError::Invalid {
            field: "kasbon",
            ..
        })
    ));
    let tender = Tender {
        method: PaymentMethod::Kasbon,
        amount: 35_000,
        reference: None,
        confirmed: false,
    };
    assert!(s.store.checkout(&cart, &[tender], None).is_err());

    // The statement and the reminder say what is owed, in Bahasa Indonesia.
    let book = s.store.kasbon_book().unwrap();
    assert_eq!(book.len(), 1);
    let text = laris_core::statement_text(
        "Warung Bu Sri",
        laris_core::ShopTimeZone::Wib,
        &book[0],
        &s.store.customer_account(ani).unwrap().1,
        |_| None,
    );
    assert!(text.contains("Sisa kasbon: Rp 7.000"), "{text}");
    let url =
        laris_core::reminder_url("Warung Bu Sri", laris_core::ShopTimeZone::Wib, &book[0]).unwrap();
    assert!(
        url.starts_with("https://wa.me/6281234567890?text=Halo%20Bu%20Ani"),
        "{url}"
    );
    assert!(url.contains("Rp%207.000"), "{url}");
}

#[test]
fn over_the_credit_limit_needs_the_owner_and_a_refund_credits_the_account() {
    let mut s = shop();
    s.store.add_first_owner("Bu Sri", "4821").unwrap();
    let approval = s.store.owner_approval("4821").unwrap();
    let dewi = s
        .store
        .add_person(approval, "Dewi", Role::Cashier, "1357")
        .unwrap();
    s.store.start_duty(dewi.id, "1357").unwrap();
    // Setting a limit is the owner's.
    let e = s
        .store
        .save_customer(
            &CustomerDraft {
                name: "Pak Budi".into(),
                credit_limit: Some(30_000),
                ..CustomerDraft::default()
            },
            None,
        )
        .unwrap_err();
    assert!(matches!(e, CoreError::OwnerApprovalRequired), "{e:?}");
    let owner = s.store.owner_authority(Some("4821")).unwrap();
    let budi = s
        .store
        .save_customer(
            &CustomerDraft {
                name: "Pak Budi".into(),
                credit_limit: Some(30_000),
                ..CustomerDraft::default()
            },
            Some(owner),
        )
        .unwrap()
        .id;
    let cart = cart_of(&s.store, "2000000000015", 10_000);
    let e = s
        .store
        .checkout_with(&cart, &[], None, on_kasbon(budi))
        .unwrap_err();
    assert!(
        matches!(
            e,
            CoreError::OverCreditLimit {
                limit: 30_000,
                balance_after: 35_000
            }
        ),
        "{e:?}"
    );
    assert_eq!(s.store.customer_account(budi).unwrap().0.balance, 0);
    let mut options = on_kasbon(budi);
    options.authority = Some(s.store.owner_authority(Some("4821")).unwrap());
    let sale = s.store.checkout_with(&cart, &[], None, options).unwrap();
    assert_eq!(sale.cashier.as_deref(), Some("Dewi"));
    let log = s.store.query().audit_log(10).unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == AuditAction::CreditLimitExceeded)
    );
    assert!(log.iter().any(|e| e.action == AuditAction::CreditLimitSet));

    // Two of the ten back to kasbon: the account goes down by their share.
    let owner = s.store.owner_authority(Some("4821")).unwrap();
    let r = s
        .store
        .refund_sale(
            owner,
            sale.id,
            &[ReturnRequest {
                line_no: 1,
                qty_milli: 2_000,
            }],
            PaymentMethod::Kasbon,
            "kedaluwarsa",
        )
        .unwrap();
    assert_eq!(r.amount, 7_000);
    let (standing, entries) = s.store.customer_account(budi).unwrap();
    assert_eq!(standing.balance, 28_000);
    assert_eq!(entries.last().unwrap().kind, KasbonKind::Refund);
    // A cash sale cannot be refunded to kasbon.
    let cash = s
        .store
        .checkout(&cart, &[Tender::cash(35_000)], None)
        .unwrap();
    let owner = s.store.owner_authority(Some("4821")).unwrap();
    assert!(matches!(
        s.store.refund_sale(
            owner,
            cash.id,
            &[ReturnRequest {
                line_no: 1,
                qty_milli: 1_000
            }],
            PaymentMethod::Kasbon,
            "x"
        ),
        Err(CoreError::Invalid {
            field: "method",
            ..
        })
    ));
}

/// Everything in `from`'s outbox applied on `to`, as a pull would.
fn exchange(from: &DeviceStore, to: &mut DeviceStore) {
    let page: Vec<_> = from
        .outbox_events_after(0, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| e.event.into_remote())
        .collect();
    to.apply_remote(&page, 1).unwrap();
}

#[test]
fn two_tills_taking_repayments_offline_both_count_once_they_meet() {
    let mut a = till("A", 1);
    let mut b = till("B", 2);
    a.store
        .import_catalog_csv(common::catalog_text().as_bytes())
        .unwrap();
    a.store.save_pairing(&common::pairing()).unwrap();
    let ani = customer(&mut a.store, "Bu Ani", None);
    let cart = cart_of(&a.store, "2000000000015", 10_000);
    a.store
        .checkout_with(&cart, &[], None, on_kasbon(ani))
        .unwrap();
    exchange(&a.store, &mut b.store);
    assert_eq!(b.store.customer_account(ani).unwrap().0.balance, 35_000);
    // Offline, each till takes 10.000 for the same account.
    a.clock.advance(HOUR);
    b.clock.advance(HOUR);
    a.store
        .repay_kasbon(ani, 10_000, PaymentMethod::Cash, None, None)
        .unwrap();
    b.store
        .repay_kasbon(ani, 10_000, PaymentMethod::Transfer, Some("BCA 123"), None)
        .unwrap();
    exchange(&a.store, &mut b.store);
    exchange(&b.store, &mut a.store);
    // Again: nothing changes twice.
    exchange(&b.store, &mut a.store);
    for t in [&a, &b] {
        let (standing, entries) = t.store.customer_account(ani).unwrap();
        assert_eq!(standing.balance, 15_000);
        assert_eq!(entries.len(), 3);
        assert_eq!(
            standing.balance,
            entries.iter().map(|e| e.signed()).sum::<i64>()
        );
    }
}

#[test]
fn a_count_during_trading_records_the_difference_so_other_tills_sales_still_add_up() {
    let mut a = till("A", 1);
    let mut b = till("B", 2);
    // One catalog: A's, which B gets by sync.
    a.store
        .import_catalog_csv(common::catalog_text().as_bytes())
        .unwrap();
    a.store.save_pairing(&common::pairing()).unwrap();
    let indomie = a.store.product_by_code("2000000000015").unwrap();
    a.store.restock(&indomie, 50_000, None).unwrap();
    exchange(&a.store, &mut b.store);
    // B sells 5 it has not synced; A counts 44 on the shelf (expected 50: 1 missing, the
    // 5 B sold already gone).
    b.store
        .checkout(
            &cart_of(&b.store, "2000000000015", 5_000),
            &[Tender::cash(20_000)],
            None,
        )
        .unwrap();
    let authority = a.store.owner_authority(None).unwrap();
    let count = a
        .store
        .record_count(authority, &[(indomie.id, 44_000)], Some("opname bulanan"))
        .unwrap();
    assert_eq!(count.lines[0].expected_milli, 50_000);
    assert_eq!(count.lines[0].difference_milli(), -6_000);
    assert_eq!(count.value(), -6 * indomie.cost);
    assert_eq!(a.store.stock_level(indomie.id).unwrap(), 44_000);
    // After sync the count's -6 and B's -5 both apply: 39, not 44 and not 45.
    exchange(&a.store, &mut b.store);
    exchange(&b.store, &mut a.store);
    for t in [&a, &b] {
        assert_eq!(t.store.stock_level(indomie.id).unwrap(), 39_000);
        assert_eq!(t.store.stock_counts(10).unwrap().len(), 1);
    }
    // A product counted twice, or one whose stock is not tracked, is refused.
    let authority = a.store.owner_authority(None).unwrap();
    assert!(
        a.store
            .record_count(authority, &[(indomie.id, 1_000), (indomie.id, 2_000)], None)
            .is_err()
    );
}

#[test]
fn a_shift_expects_the_float_and_takings_without_the_change_and_compares_the_count() {
    let mut s = shop();
    let ani = customer(&mut s.store, "Bu Ani", None);
    // A sale before any shift is allowed, and shown.
    let cart = cart_of(&s.store, "2000000000015", 2_000);
    s.store
        .checkout(&cart, &[Tender::cash(10_000)], None)
        .unwrap();
    assert_eq!(s.store.sales_outside_shift().unwrap(), 1);
    assert!(matches!(
        s.store.close_shift(ShiftCounts::default(), None),
        Err(CoreError::NoOpenShift)
    ));
    s.clock.advance(HOUR);
    s.store.open_shift(100_000).unwrap();
    assert!(matches!(
        s.store.open_shift(0),
        Err(CoreError::ShiftAlreadyOpen)
    ));
    // 7.000 in cash from a 50.000 note: 43.000 change is not takings.
    s.store
        .checkout(&cart, &[Tender::cash(50_000)], None)
        .unwrap();
    s.store
        .checkout(&cart, &[Tender::qris(7_000)], None)
        .unwrap();
    s.store
        .checkout_with(&cart, &[Tender::cash(2_000)], None, on_kasbon(ani))
        .unwrap();
    s.store
        .repay_kasbon(ani, 5_000, PaymentMethod::Cash, None, None)
        .unwrap();
    s.store.cash_move(-20_000, "bayar galon").unwrap();
    s.store.cash_move(5_000, "tukar uang kecil").unwrap();
    let shift = s
        .store
        .close_shift(
            ShiftCounts {
                cash: 98_000,
                qris: Some(7_000),
                transfer: None,
            },
            Some("kurang 1.000"),
        )
        .unwrap();
    let f = &shift.figures;
    assert_eq!(
        (f.sale_count, f.sales_total, f.kasbon_charged),
        (3, 21_000, 5_000)
    );
    let cash = &f.methods[0];
    // 100.000 + 7.000 + 2.000 down + 5.000 repaid − 20.000 + 5.000.
    assert_eq!((cash.takings, cash.expected), (14_000, 99_000));
    assert_eq!(cash.difference(), Some(-1_000));
    assert_eq!(f.methods[1].difference(), Some(0));
    assert_eq!(f.methods[2].counted, None);
    assert_eq!((shift.cash_in(), shift.cash_out()), (5_000, 20_000));
    assert_eq!(s.store.last_counted_cash().unwrap(), Some(98_000));
    assert!(s.store.current_shift().unwrap().is_none());
    assert_eq!(s.store.shifts(10).unwrap().len(), 1);
}

#[test]
fn a_restock_with_a_cost_moves_the_products_cost_as_the_settings_say() {
    let mut s = shop();
    let indomie = s.store.product_by_code("2000000000015").unwrap();
    s.store.restock(&indomie, 10_000, None).unwrap();
    let cost = indomie.cost;
    let supply = Supply {
        supplier: Some("  Toko Grosir Jaya ".into()),
        unit_cost: Some(cost + 300),
    };
    s.store
        .restock_from(&indomie, 20_000, None, &supply)
        .unwrap();
    let now = s.store.product_by_code("2000000000015").unwrap();
    assert_eq!(now.cost, cost + 200, "10 at cost and 20 at cost + 300");
    let mut settings = s.store.settings().unwrap();
    settings.cost_method = CostMethod::Last;
    let authority = s.store.owner_authority(None).unwrap();
    s.store.save_settings(authority, &settings).unwrap();
    let supply = Supply {
        supplier: Some("toko grosir jaya".into()),
        unit_cost: Some(cost + 500),
    };
    s.store.restock_from(&now, 1_000, None, &supply).unwrap();
    assert_eq!(
        s.store.product_by_code("2000000000015").unwrap().cost,
        cost + 500
    );
    assert_eq!(s.store.suppliers().unwrap(), ["Toko Grosir Jaya"]);
}

#[test]
fn voiding_a_kasbon_sale_takes_the_charge_off_the_account_and_the_down_payment_from_the_drawer() {
    let mut s = shop();
    let ani = customer(&mut s.store, "Bu Ani", None);
    s.store.open_shift(50_000).unwrap();
    let cart = cart_of(&s.store, "2000000000015", 10_000);
    let sale = s
        .store
        .checkout_with(&cart, &[Tender::cash(5_000)], None, on_kasbon(ani))
        .unwrap();
    assert_eq!(s.store.customer_account(ani).unwrap().0.balance, 30_000);
    let authority = s.store.owner_authority(None).unwrap();
    let void = s
        .store
        .void_sale(authority, sale.id, "salah pelanggan")
        .unwrap();
    assert_eq!(void.method, PaymentMethod::Cash);
    assert_eq!(void.amount, 35_000);
    let (standing, entries) = s.store.customer_account(ani).unwrap();
    assert_eq!(standing.balance, 0);
    assert_eq!(entries.len(), 2);
    // Only the 5.000 down payment left the drawer.
    let shift = s.store.current_shift().unwrap().unwrap();
    assert_eq!(shift.figures.methods[0].expected, 50_000);
    assert_eq!(shift.figures.refunds, 35_000);
}
