//! Unit tests of the push outcome: every event's outcome and the counts, from facts.

use super::*;
use crate::prepare::{MovementRecord, ReturnRecord, SaleRecord, plan_batch};
use crate::stored::{MovementKind, PaymentMethod, RawFormat, ReturnKind};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn sale(seq: u64, sale: u128) -> PreparedEvent {
    PreparedEvent {
        seq,
        kind: EventKind::Sale,
        entity_id: Some(id(sale)),
        action: Action::Sale(Box::new(SaleRecord {
            sale_id: id(sale),
            receipt_no: format!("A-{seq}"),
            created_at_ms: 0,
            gross: 100,
            discount: 0,
            tax: 0,
            total: 100 + i64::try_from(seq).unwrap(),
            cost: 50,
            paid_cash: 100,
            paid_qris: 0,
            paid_transfer: 0,
            paid_kasbon: 0,
            line_count: 1,
            cashier: None,
            lines: Vec::new(),
            line_qty: vec![1_000],
            movements: Vec::new(),
            body: vec![1, seq as u8],
        })),
    }
}

fn movement(seq: u64, movement: u128) -> PreparedEvent {
    PreparedEvent {
        seq,
        kind: EventKind::StockMovement,
        entity_id: Some(id(movement)),
        action: Action::Movement {
            record: MovementRecord {
                movement_id: id(movement),
                product_id: id(99),
                kind: MovementKind::Restock,
                qty_milli: 1_000,
                sale_id: None,
                reason: None,
                created_at_ms: 0,
            },
            body: vec![2, seq as u8],
        },
    }
}

fn product(seq: u64, product: u128) -> PreparedEvent {
    let mut p = crate::prepare::tests::product(1);
    p.id = id(product);
    PreparedEvent {
        seq,
        kind: EventKind::ProductUpsert,
        entity_id: Some(id(product)),
        action: Action::Product(Box::new(p)),
    }
}

fn sale_return(seq: u64, ret: u128) -> PreparedEvent {
    PreparedEvent {
        seq,
        kind: EventKind::SaleReturn,
        entity_id: Some(id(ret)),
        action: Action::SaleReturn(Box::new(ReturnRecord {
            return_id: id(ret),
            sale_id: id(10),
            kind: ReturnKind::Refund,
            created_at_ms: 0,
            method: PaymentMethod::Cash,
            amount: 100,
            cost: 50,
            reason: "rusak".into(),
            cashier: None,
            approved_by: None,
            lines: Vec::new(),
            movements: Vec::new(),
            body: vec![3, seq as u8],
        })),
    }
}

fn bad(seq: u64) -> PreparedEvent {
    PreparedEvent {
        seq,
        kind: EventKind::Sale,
        entity_id: Some(id(500 + u128::from(seq))),
        action: Action::Quarantine(Box::new(QuarantineRecord {
            kind: Some(EventKind::Sale),
            code: "inconsistent_amounts".into(),
            message: "no".into(),
            raw: Vec::new(),
            raw_format: RawFormat::Postcard,
        })),
    }
}

fn quarantined(seq: u64) -> QuarantinedEvent {
    QuarantinedEvent {
        seq,
        code: "inconsistent_amounts".into(),
        message: "no".into(),
    }
}

#[test]
fn each_event_gets_one_outcome_and_the_counts_follow() {
    // Held up to 2; 3..=9 fresh; 11 after a gap.
    let events = vec![
        product(1, 20),
        bad(2),
        sale(3, 10),
        sale(4, 10),
        movement(5, 30),
        movement(6, 31),
        bad(7),
        product(8, 20),
        product(9, 21),
        sale(11, 12),
    ];
    let plan = plan_batch(2, &events);
    let facts = InsertFacts {
        new_sales: [id(10), id(12)].into(),
        new_movements: [id(30)].into(),
        // Seq 1's edit (held) changed the row again; seq 8's did not; seq 9 is new.
        product_changes: [(1, vec![7]), (9, vec![9])].into(),
        new_returns: HashSet::new(),
        new_books: HashSet::new(),
    };
    let held_quarantine = vec![quarantined(2), quarantined(1_000)];
    let w = derive(&plan, 2, held_quarantine, facts);

    let outcomes: Vec<_> = w.held.iter().map(|h| (h.seq, h.outcome)).collect();
    use EventOutcome::*;
    assert_eq!(
        outcomes,
        [
            (3, Applied),
            (4, Duplicate),
            (5, Applied),
            (6, Duplicate),
            (7, Quarantined),
            (8, Applied),
            (9, Applied),
        ]
    );
    let origins: Vec<_> = w.changes.iter().map(|c| c.origin_seq).collect();
    assert_eq!(
        origins,
        [1, 3, 5, 9],
        "the held seq's change first, then in seq order"
    );
    let change_of: Vec<_> = w.held.iter().map(|h| h.change).collect();
    assert_eq!(
        change_of,
        [Some(1), None, Some(2), None, None, None, Some(3)]
    );
    assert_eq!(w.changes[1].body.as_ref(), [1, 3]);
    assert_eq!(w.held[0].sale_total, Some(103));
    assert_eq!(w.held[1].sale_total, None);
    assert_eq!(w.quarantine.iter().map(|q| q.0).collect::<Vec<_>>(), [7]);
    assert_eq!(
        w.outcome,
        PushOutcome {
            acked_seq: 9,
            // The held one (2) and the new one (7); not 1,000, which the batch did not send.
            quarantined: vec![quarantined(2), quarantined(7)],
            applied: 4,
            // Seqs 1 and 2 held, 4 and 6 with records the store had.
            duplicates: 4,
            stopped_at_gap: true,
            seq_conflict: None,
        }
    );
}

#[test]
fn a_replay_applies_nothing() {
    let events = vec![sale(1, 10), movement(2, 30)];
    let plan = plan_batch(2, &events);
    let w = derive(&plan, 2, Vec::new(), InsertFacts::default());
    assert!(w.held.is_empty() && w.changes.is_empty() && w.quarantine.is_empty());
    assert_eq!(
        (w.outcome.acked_seq, w.outcome.applied, w.outcome.duplicates),
        (2, 0, 2)
    );
}

#[test]
fn a_reused_seq_refuses_the_push() {
    let events = vec![sale(1, 10)];
    let held = |entity| {
        vec![HeldEvent {
            seq: 1,
            kind: EventKind::Sale,
            entity_id: Some(id(entity)),
        }]
    };
    assert_eq!(PushOutcome::reused_seq(1, &held(10), &events), None);
    assert_eq!(
        PushOutcome::reused_seq(1, &held(11), &events),
        Some(PushOutcome {
            acked_seq: 1,
            seq_conflict: Some(1),
            ..PushOutcome::default()
        })
    );
    assert_eq!(seq_span(&events), Some((1, 1)));
    assert_eq!(seq_span(&[]), None);
}

#[test]
fn a_new_return_applies_and_one_the_store_has_is_a_duplicate() {
    // 1: a new return; 2: the same id again in the batch; 3: one the store already had.
    let events = vec![sale_return(1, 40), sale_return(2, 40), sale_return(3, 41)];
    let plan = plan_batch(0, &events);
    let facts = InsertFacts {
        new_returns: [id(40)].into(),
        new_books: HashSet::new(),
        ..InsertFacts::default()
    };
    let w = derive(&plan, 0, Vec::new(), facts);
    let outcomes: Vec<_> = w.held.iter().map(|h| (h.seq, h.outcome)).collect();
    use EventOutcome::*;
    assert_eq!(outcomes, [(1, Applied), (2, Duplicate), (3, Duplicate)]);
    assert_eq!(w.changes.len(), 1);
    assert_eq!(w.changes[0].kind, EventKind::SaleReturn);
    assert_eq!(w.changes[0].entity_id, id(40));
    assert_eq!(w.changes[0].body.as_ref(), [3, 1]);
    assert_eq!(
        w.held[0].sale_total, None,
        "a return is no sale in the proof"
    );
    assert_eq!((w.outcome.applied, w.outcome.duplicates), (1, 2));
}
