//! Unit tests of the pure push preparation.

use laris_protocol::codec::{Compression, Encoding, Format};
use laris_protocol::hlc::Hlc;
use laris_protocol::v1::{
    Event, EventBody, PaymentMethodV1, PaymentStatusV1, ProductV1, PushRequest, ReturnKindV1,
    SaleLineV1, SalePaymentV1, SaleReturnLineV1, SaleReturnV1, SaleV1, Stamped, TaxModeV1,
    return_movement_id,
};
use uuid::Uuid;

use super::*;

const NOW: i64 = 1_767_225_600_000;

fn sale(n: u128) -> SaleV1 {
    SaleV1 {
        id: Uuid::from_u128(0x1000 + n),
        receipt_no: format!("A-{n}"),
        created_at: NOW,
        cashier: None,
        gross: 7_000,
        line_discount: 0,
        cart_discount: 0,
        tax_mode: TaxModeV1::None,
        tax_rate_bp: 0,
        tax: 0,
        rounding: 0,
        total: 7_000,
        tendered: 7_000,
        change: 0,
        cost: 6_000,
        lines: vec![SaleLineV1 {
            product_id: Uuid::from_u128(7),
            sku: "W1".into(),
            name: "Teh".into(),
            unit: "pcs".into(),
            qty_milli: 2_000,
            unit_price: 3_500,
            unit_cost: 3_000,
            gross: 7_000,
            discount: 0,
            cost: 6_000,
            moves_stock: true,
        }],
        payments: vec![SalePaymentV1 {
            method: PaymentMethodV1::Qris,
            amount: 7_000,
            tendered: 7_000,
            reference: None,
            status: PaymentStatusV1::Unverified,
        }],
    }
}

/// A refund of sale `n`'s line 1 (2 pieces, back in stock) and of a line 2 that moved no stock.
fn refund(n: u128) -> SaleReturnV1 {
    SaleReturnV1 {
        id: Uuid::from_u128(0x2000 + n),
        sale_id: Uuid::from_u128(0x1000 + n),
        kind: ReturnKindV1::Refund,
        created_at: NOW + 60_000,
        cashier: Some("Dewi".into()),
        reason: "kemasan rusak".into(),
        method: PaymentMethodV1::Transfer,
        amount: 8_000,
        cost: 6_500,
        lines: vec![
            SaleReturnLineV1 {
                line_no: 1,
                product_id: Uuid::from_u128(7),
                qty_milli: 2_000,
                amount: 7_000,
                cost: 6_000,
                moves_stock: true,
            },
            SaleReturnLineV1 {
                line_no: 2,
                product_id: Uuid::from_u128(8),
                qty_milli: 1_000,
                amount: 1_000,
                cost: 500,
                moves_stock: false,
            },
        ],
        approved_by: Some(Uuid::from_u128(3)),
    }
}

pub(crate) fn product(wall_ms: u64) -> ProductV1 {
    let h = Hlc::new(wall_ms, 0, Uuid::from_u128(9));
    ProductV1 {
        id: Uuid::from_u128(7),
        sku: Stamped::new("W1".into(), h),
        name: Stamped::new("Teh".into(), h),
        category: Stamped::new(None, h),
        unit: Stamped::new("pcs".into(), h),
        price: Stamped::new(3_500, h),
        cost: Stamped::new(3_000, h),
        sold_by_weight: Stamped::new(false, h),
        track_stock: Stamped::new(true, h),
        min_stock_milli: Stamped::new(0, h),
        active: Stamped::new(true, h),
        barcodes: Stamped::new(vec![], h),
        deleted: Stamped::new(false, h),
    }
}

fn push(events: Vec<Event>) -> DecodedPush {
    DecodedPush {
        device_id: Uuid::from_u128(1),
        events: events.into_iter().map(Incoming::Parsed).collect(),
    }
}

#[test]
fn a_sale_derives_payments_and_movements() {
    let p = prepare(
        push(vec![Event {
            seq: 1,
            body: EventBody::Sale(sale(1)),
        }]),
        Format::Postcard,
        NOW,
        1000,
    );
    let Action::Sale(s) = &p[0].action else {
        panic!("{:?}", p[0])
    };
    assert_eq!((s.paid_qris, s.paid_cash, s.total), (7_000, 0, 7_000));
    assert_eq!(s.movements.len(), 1);
    assert_eq!(s.movements[0].qty_milli, -2_000);
    assert_eq!(decode_body(&s.body).unwrap(), EventBody::Sale(sale(1)));
}

#[test]
fn a_return_derives_its_lines_and_the_goods_back() {
    let r = refund(1);
    let p = prepare(
        push(vec![Event {
            seq: 4,
            body: EventBody::SaleReturn(r.clone()),
        }]),
        Format::Postcard,
        NOW,
        1000,
    );
    assert_eq!(p[0].kind, EventKind::SaleReturn);
    assert_eq!(p[0].entity_id, Some(r.id));
    let Action::SaleReturn(rec) = &p[0].action else {
        panic!("{:?}", p[0])
    };
    assert_eq!(p[0].action.entity_id(), Some(r.id));
    assert_eq!((rec.return_id, rec.sale_id), (r.id, r.sale_id));
    assert_eq!(
        (rec.kind, rec.method),
        (ReturnKind::Refund, PaymentMethod::Transfer)
    );
    assert_eq!(
        (rec.amount, rec.cost, rec.created_at_ms),
        (8_000, 6_500, NOW + 60_000)
    );
    assert_eq!(rec.cashier.as_deref(), Some("Dewi"));
    assert_eq!(rec.approved_by, Some(Uuid::from_u128(3)));
    assert_eq!(
        rec.lines
            .iter()
            .map(|l| (l.line_no, l.qty_milli, l.amount, l.cost))
            .collect::<Vec<_>>(),
        [(1, 2_000, 7_000, 6_000), (2, 1_000, 1_000, 500)]
    );
    // Only the line that moved stock comes back, positive, filed under the sale.
    assert_eq!(
        rec.movements,
        [MovementRecord {
            movement_id: return_movement_id(r.id, 1),
            product_id: Uuid::from_u128(7),
            kind: MovementKind::Return,
            qty_milli: 2_000,
            sale_id: Some(r.sale_id),
            reason: None,
            created_at_ms: NOW + 60_000,
        }]
    );
    assert_eq!(decode_body(&rec.body).unwrap(), EventBody::SaleReturn(r));
}

#[test]
fn a_sale_keeps_its_line_quantities_for_returns_in_its_push() {
    let p = prepare(
        push(vec![Event {
            seq: 1,
            body: EventBody::Sale(sale(2)),
        }]),
        Format::Postcard,
        NOW,
        1000,
    );
    let Action::Sale(rec) = &p[0].action else {
        panic!("{:?}", p[0])
    };
    assert_eq!(rec.line_qty, [2_000]);
    assert_eq!(
        crate::returns::stored_line_quantities(&rec.body),
        Some(vec![2_000])
    );
}

#[test]
fn kinds_are_stored_as_the_protocol_spells_them() {
    let bodies = [
        EventBody::Sale(sale(1)),
        EventBody::SaleReturn(refund(1)),
        EventBody::ProductUpsert(Box::new(product(NOW as u64))),
    ];
    for body in bodies {
        let p = prepare(
            push(vec![Event {
                seq: 1,
                body: body.clone(),
            }]),
            Format::Postcard,
            NOW,
            1000,
        );
        assert_eq!(p[0].kind.as_str(), body.kind());
    }
}

#[test]
fn invalid_and_drifting_events_are_quarantined() {
    let mut bad = sale(2);
    bad.total += 1;
    let hour = 3_600_000;
    let p = prepare(
        push(vec![
            Event {
                seq: 1,
                body: EventBody::Sale(bad),
            },
            Event {
                seq: 2,
                body: EventBody::ProductUpsert(Box::new(product((NOW + 3 * 24 * hour) as u64))),
            },
            Event {
                seq: 3,
                body: EventBody::ProductUpsert(Box::new(product((NOW + hour / 2) as u64))),
            },
        ]),
        Format::Postcard,
        NOW,
        hour as u64,
    );
    let codes: Vec<_> = p
        .iter()
        .map(|e| match &e.action {
            Action::Quarantine(q) => q.code.as_str(),
            _ => "ok",
        })
        .collect();
    assert_eq!(codes, ["inconsistent_amounts", "clock_drift", "ok"]);
}

#[test]
fn a_return_that_does_not_add_up_is_quarantined_with_its_code() {
    let mut bad = refund(1);
    bad.amount += 1;
    let mut twice = refund(2);
    twice.lines[1].line_no = 1;
    let p = prepare(
        push(vec![
            Event {
                seq: 1,
                body: EventBody::SaleReturn(bad),
            },
            Event {
                seq: 2,
                body: EventBody::SaleReturn(twice),
            },
        ]),
        Format::Postcard,
        NOW,
        1000,
    );
    for ev in &p {
        let Action::Quarantine(q) = &ev.action else {
            panic!("{ev:?}")
        };
        assert_eq!(q.kind, Some(EventKind::SaleReturn));
        assert_eq!(
            ev.entity_id,
            Some(Uuid::from_u128(0x2000 + u128::from(ev.seq)))
        );
        assert!(!q.raw.is_empty());
    }
    let codes: Vec<_> = p
        .iter()
        .map(|e| match &e.action {
            Action::Quarantine(q) => q.code.as_str(),
            _ => "ok",
        })
        .collect();
    assert_eq!(codes, ["inconsistent_amounts", "invalid_field"]);
}

#[test]
fn json_pushes_quarantine_one_malformed_event() {
    let good = serde_json::to_value(Event {
        seq: 2,
        body: EventBody::Sale(sale(3)),
    })
    .unwrap();
    let body = serde_json::json!({
        "device_id": Uuid::from_u128(1),
        "events": [ { "seq": 1, "body": { "sale": { "id": "nope" } } }, good ],
    });
    let bytes = serde_json::to_vec(&body).unwrap();
    let enc = Encoding::new(Format::Json, Compression::Identity);
    let d = decode_push(&bytes, enc, 1 << 20, 10).unwrap();
    assert!(matches!(d.events[0], Incoming::Malformed { seq: 1, .. }));
    let p = prepare(d, Format::Json, NOW, 1000);
    assert!(matches!(&p[0].action, Action::Quarantine(q) if q.code == "malformed_body"));
    assert!(matches!(p[1].action, Action::Sale(_)));
    // Without a seq the whole request is refused; out of order too.
    let no_seq = serde_json::json!({ "device_id": Uuid::from_u128(1), "events": [ {} ] });
    assert!(decode_push(&serde_json::to_vec(&no_seq).unwrap(), enc, 1 << 20, 10).is_err());
    let req = PushRequest {
        device_id: Uuid::from_u128(1),
        events: vec![
            Event {
                seq: 2,
                body: EventBody::Sale(sale(1)),
            },
            Event {
                seq: 1,
                body: EventBody::Sale(sale(2)),
            },
        ],
    };
    let json = serde_json::to_vec(&req).unwrap();
    assert_eq!(
        decode_push(&json, enc, 1 << 20, 10).unwrap_err().code(),
        "invalid_field"
    );
    assert_eq!(
        decode_push(&json, enc, 1 << 20, 1).unwrap_err().code(),
        "too_many_items"
    );
}

#[test]
fn batches_split_into_duplicates_fresh_and_gap() {
    let ev = |seq| PreparedEvent {
        seq,
        kind: EventKind::Sale,
        entity_id: None,
        action: Action::Quarantine(Box::new(QuarantineRecord {
            kind: None,
            code: String::new(),
            message: String::new(),
            raw: Vec::new(),
            raw_format: RawFormat::Json,
        })),
    };
    let events: Vec<_> = [3, 4, 5, 6, 8, 9].into_iter().map(ev).collect();
    let plan = plan_batch(4, &events);
    let seqs = |s: &[PreparedEvent]| s.iter().map(|e| e.seq).collect::<Vec<_>>();
    assert_eq!(seqs(plan.duplicates), [3, 4]);
    assert_eq!(seqs(plan.fresh), [5, 6]);
    assert!(plan.stopped_at_gap);
    let plan = plan_batch(0, &events);
    assert!(plan.fresh.is_empty() && plan.stopped_at_gap);
    let plan = plan_batch(9, &events);
    assert_eq!(
        (plan.duplicates.len(), plan.fresh.len(), plan.stopped_at_gap),
        (6, 0, false)
    );
}
