//! Approval codes on a real till: the owner enrols a key with their PIN; a code made on their
//! device from it approves exactly one refund, void or kasbon over the limit — refused for
//! another amount, another sale, after its window, a second time, or for any other
//! owner-only action; wrong codes lock codes out; the key is not in the database.

mod common;

use common::shop;
use laris_core::{
    Approval, AuditAction, Cart, Clock, CodeAction, CoreError, PaymentMethod, ReturnRequest,
    Tender, approval_code, parse_key,
};

#[test]
fn a_code_approves_one_action_on_one_sale_for_one_amount_once() {
    let mut s = shop();
    s.store.add_first_owner("Bu Sri", "4821").unwrap();
    assert!(matches!(
        s.store.authority_from_code("12345678"),
        Err(CoreError::NoApprovalKey)
    ));
    let approval = s.store.owner_approval("4821").unwrap();
    let key_text = s.store.enrol_approval_key(approval).unwrap();
    let key = parse_key(&key_text).unwrap();
    // Not in the database, nor in a backup of it.
    let db = std::fs::read(s.path()).unwrap();
    assert!(!db.windows(key_text.len()).any(|w| w == key_text.as_bytes()));
    assert!(!db.windows(32).any(|w| w == key));

    let indomie = s.store.product_by_code("2000000000015").unwrap();
    let mut cart = Cart::new();
    cart.add(&indomie, 4_000).unwrap();
    let sale = s
        .store
        .checkout(&cart, &[Tender::cash(14_000)], None)
        .unwrap();
    let other = s
        .store
        .checkout(&cart, &[Tender::cash(14_000)], None)
        .unwrap();
    let now = s.clock.now_ms();
    // The owner, elsewhere, makes the code for a refund of Rp 3.500 of this receipt.
    let code = approval_code(&key, CodeAction::Refund, &sale.receipt_no, 3_500, now);
    let refund = |s: &mut common::Shop, code: &str, sale_id, qty| {
        let authority = s.store.authority_from_code(code)?;
        s.store.refund_sale(
            authority,
            sale_id,
            &[ReturnRequest {
                line_no: 1,
                qty_milli: qty,
            }],
            PaymentMethod::Cash,
            "kemasan rusak",
        )
    };
    // Another amount (two pieces: Rp 7.000), another sale: refused, nothing written.
    assert!(matches!(
        refund(&mut s, &code, sale.id, 2_000),
        Err(CoreError::BadApprovalCode)
    ));
    assert!(matches!(
        refund(&mut s, &code, other.id, 1_000),
        Err(CoreError::BadApprovalCode)
    ));
    assert!(s.store.query().returns_of(sale.id).unwrap().is_empty());
    // Another owner-only action with it: refused.
    let authority = s.store.authority_from_code(&code).unwrap();
    assert!(
        s.store
            .adjust_stock(authority, &indomie, -1_000, "x")
            .is_err()
    );
    // Within the window the code works, once.
    s.clock.advance(4 * 60_000);
    let r = refund(&mut s, &code, sale.id, 1_000).unwrap();
    assert_eq!(r.amount, 3_500);
    assert!(matches!(
        refund(&mut s, &code, sale.id, 1_000),
        Err(CoreError::ApprovalCodeUsed)
    ));
    let log = s.store.query().audit_log(5).unwrap();
    let entry = log
        .iter()
        .find(|e| e.action == AuditAction::SaleRefunded)
        .unwrap();
    assert_eq!(entry.approval, Some(Approval::OwnerCode));

    // A void code made now, used 11 minutes later: expired.
    let void_code = approval_code(
        &key,
        CodeAction::Void,
        &other.receipt_no,
        other.total,
        s.clock.now_ms(),
    );
    s.clock.advance(11 * 60_000);
    let authority = s.store.authority_from_code(&void_code).unwrap();
    assert!(matches!(
        s.store.void_sale(authority, other.id, "salah"),
        Err(CoreError::BadApprovalCode)
    ));
    // Two guesses more make three wrong codes in a row: codes are locked out for a while,
    // across a restart.
    for guess in ["00000000", "11111111"] {
        let authority = s.store.authority_from_code(guess).unwrap();
        assert!(s.store.void_sale(authority, other.id, "salah").is_err());
    }
    let e = s.store.authority_from_code(&void_code).unwrap_err();
    assert!(matches!(e, CoreError::PinLocked { .. }), "{e:?}");
    let path = s.path();
    drop(s.store);
    let store = laris_core::DeviceStore::open(
        &path,
        s.clock.clone(),
        std::sync::Arc::new(laris_core::SeededIds::new(9)),
    );
    let mut store = store.unwrap();
    assert!(matches!(
        store.authority_from_code(&void_code),
        Err(CoreError::PinLocked { .. })
    ));
    s.clock.advance(31_000);
    let fresh = approval_code(
        &key,
        CodeAction::Void,
        &other.receipt_no,
        other.total,
        s.clock.now_ms(),
    );
    let authority = store.authority_from_code(&fresh).unwrap();
    let v = store.void_sale(authority, other.id, "salah input").unwrap();
    assert_eq!(v.amount, other.total);
}

#[test]
fn a_kasbon_code_approves_that_customer_for_that_charge() {
    let mut s = shop();
    s.store.add_first_owner("Bu Sri", "4821").unwrap();
    let approval = s.store.owner_approval("4821").unwrap();
    let key = parse_key(&s.store.enrol_approval_key(approval).unwrap()).unwrap();
    let owner = s.store.owner_authority(Some("4821")).unwrap();
    let budi = s
        .store
        .save_customer(
            &laris_core::CustomerDraft {
                name: "Pak Budi".into(),
                credit_limit: Some(5_000),
                ..Default::default()
            },
            Some(owner),
        )
        .unwrap();
    let indomie = s.store.product_by_code("2000000000015").unwrap();
    let mut cart = Cart::new();
    cart.add(&indomie, 2_000).unwrap();
    let now = s.clock.now_ms();
    let sell = |s: &mut common::Shop, code: &str| {
        let authority = s.store.authority_from_code(code).unwrap();
        s.store.checkout_with(
            &cart,
            &[],
            None,
            laris_core::CheckoutOptions {
                kasbon: Some(laris_core::KasbonCharge {
                    customer_id: budi.id,
                    due_day: None,
                }),
                authority: Some(authority),
            },
        )
    };
    let wrong_amount = approval_code(&key, CodeAction::Kasbon, "pak budi", 6_000, now);
    assert!(matches!(
        sell(&mut s, &wrong_amount),
        Err(CoreError::BadApprovalCode)
    ));
    let right = approval_code(&key, CodeAction::Kasbon, "Pak  Budi", 7_000, now);
    let sale = sell(&mut s, &right).unwrap();
    assert_eq!(sale.total, 7_000);
    assert_eq!(s.store.customer_account(budi.id).unwrap().0.balance, 7_000);
}
