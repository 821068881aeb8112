//! Kasbon, shifts and counts through the window's commands, on a real database file, called
//! directly as a tampered window would: a count and a credit limit without the owner's PIN are
//! refused, over the limit a kasbon sale needs it, and a shift closes with what was expected.

use std::path::Path;
use std::sync::Arc;

use laris_app::dto::{
    CartInput, CartLineInput, CashMoveInput, CashMoveKind, CheckoutInput, CloseShiftInput,
    CountInput, CountLineInput, CustomerInput, KasbonInput, OpenShiftInput, OwnerSetupInput,
    ProductInput, RepaymentInput, ShopSetupInput, TenderInput, TenderMethod,
};
use laris_app::{App, AppConfig, AppErrorCode};
use laris_core::{ManualClock, SeededIds};

/// 2026-11-27 03:00 UTC = 10:00 WIB.
const T0: i64 = 1_795_748_400_000;

fn shop(path: &Path) -> App {
    let app = App::open(
        path,
        Arc::new(ManualClock::new(T0)),
        Arc::new(SeededIds::new(7)),
        AppConfig::default(),
    )
    .unwrap();
    app.setup_shop(&ShopSetupInput {
        name: "Warung Bu Sri".into(),
        device_code: "A".into(),
        timezone: "WIB".into(),
    })
    .unwrap();
    app
}

fn kopi(app: &App) -> uuid::Uuid {
    app.save_product(&ProductInput {
        id: None,
        sku: "KOPI".into(),
        name: "Kopi Kapal Api".into(),
        category: None,
        unit: "pcs".into(),
        price: 1_500,
        cost: 1_000,
        sold_by_weight: false,
        track_stock: true,
        min_stock_milli: 0,
        barcodes: vec![],
        opening_stock_milli: Some(20_000),
    })
    .unwrap()
    .id
}

fn on_kasbon(
    product: uuid::Uuid,
    qty: i64,
    customer: uuid::Uuid,
    pin: Option<&str>,
) -> CheckoutInput {
    CheckoutInput {
        cart: CartInput {
            lines: vec![CartLineInput {
                product_id: product,
                qty_milli: qty,
                discount: 0,
                unit_price: None,
            }],
            discount: 0,
        },
        tenders: vec![TenderInput {
            method: TenderMethod::Cash,
            amount: 1_000,
            reference: None,
            confirmed: None,
        }],
        cashier: None,
        kasbon: Some(KasbonInput {
            customer_id: customer,
            due_date: Some("2026-12-31".into()),
            owner_pin: pin.map(String::from),
            approval_code: None,
        }),
        owner_pin: None,
    }
}

#[test]
fn the_books_commands_keep_the_owner_pin_and_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let app = shop(&dir.path().join("till.db"));
    let kopi = kopi(&app);
    app.set_up_owner(&OwnerSetupInput {
        name: "Bu Sri".into(),
        pin: "4821".into(),
    })
    .unwrap();
    let new = |limit, pin: Option<&str>| CustomerInput {
        id: None,
        name: "Bu Ani".into(),
        phone: Some("0812 3456 7890".into()),
        note: None,
        credit_limit: limit,
        owner_pin: pin.map(String::from),
    };
    let e = app.save_customer(&new(Some(10_000), None)).unwrap_err();
    assert!(e.is(AppErrorCode::OwnerApprovalRequired), "{e:?}");
    let e = app
        .save_customer(&new(Some(10_000), Some("0000")))
        .unwrap_err();
    assert!(e.is(AppErrorCode::WrongPin), "{e:?}");
    let ani = app.save_customer(&new(Some(10_000), Some("4821"))).unwrap();
    assert_eq!(ani.credit_limit, Some(10_000));

    app.open_shift(&OpenShiftInput { float: 50_000 }).unwrap();
    // 10 × 1.500 = 15.000, 1.000 down: 14.000 is over the 10.000 limit.
    let e = app
        .checkout(&on_kasbon(kopi, 10_000, ani.id, None))
        .unwrap_err();
    assert!(e.is(AppErrorCode::OverCreditLimit), "{e:?}");
    let sale = app
        .checkout(&on_kasbon(kopi, 10_000, ani.id, Some("4821")))
        .unwrap();
    assert!(
        sale.payments
            .iter()
            .any(|p| p.method == TenderMethod::Kasbon && p.amount == 14_000)
    );
    let account = app
        .repay_kasbon(&RepaymentInput {
            customer_id: ani.id,
            amount: 4_000,
            method: TenderMethod::Cash,
            reference: None,
            note: None,
        })
        .unwrap();
    assert_eq!(account.customer.balance, 10_000);
    assert_eq!(account.customer.due_date.as_deref(), Some("2026-12-31"));
    assert!(
        account
            .reminder_url
            .unwrap()
            .starts_with("https://wa.me/6281234567890")
    );
    assert_eq!(app.kasbon_book().unwrap().len(), 1);

    app.cash_move(&CashMoveInput {
        kind: CashMoveKind::Out,
        amount: 5_000,
        reason: "beli es".into(),
    })
    .unwrap();
    let closed = app
        .close_shift(&CloseShiftInput {
            counted_cash: 50_000,
            counted_qris: None,
            counted_transfer: None,
            note: None,
        })
        .unwrap();
    // 50.000 + 1.000 down + 4.000 repaid − 5.000.
    assert_eq!(closed.methods[0].expected, 50_000);
    assert_eq!(closed.methods[0].difference, Some(0));
    assert_eq!(closed.kasbon_charged, 14_000);
    assert_eq!(app.shift_status().unwrap().last_counted_cash, Some(50_000));

    let count = |pin: Option<&str>| CountInput {
        lines: vec![CountLineInput {
            product_id: kopi,
            counted_milli: 9_000,
        }],
        note: None,
        owner_pin: pin.map(String::from),
    };
    let e = app.record_count(&count(None)).unwrap_err();
    assert!(e.is(AppErrorCode::OwnerApprovalRequired), "{e:?}");
    let c = app.record_count(&count(Some("4821"))).unwrap();
    assert_eq!(c.lines[0].expected_milli, 10_000);
    assert_eq!(c.lines[0].value, -1_000);
    assert_eq!(app.counts(10).unwrap().len(), 1);
}
