//! The shop's books at the boundary, on each backend alike: a kasbon sale with a down
//! payment and its charge from one till, repayments of the same customer taken on two tills
//! offline (one sent twice), a customer renamed on the other till, a shift from float to
//! closing and a stock count; after both tills pushed, the owner's summary has the balance as
//! the sum of the ledger, the later name, the shift's expected vs counted and kasbon among
//! the methods, stock moved by the count's difference, and the other till pulls it all.

mod common;

use common::fixtures::*;
use common::{Backend, T0, TestDb, TestServer, with_backend};
use laris_protocol::hlc::Hlc;
use laris_protocol::v1::api;
use laris_protocol::v1::{
    CashMoveV1, CustomerV1, EventBody, KasbonEntryV1, KasbonKindV1, PaymentMethodV1,
    PaymentStatusV1, SalePaymentV1, ShiftCloseV1, ShiftMethodV1, ShiftOpenV1, StockCountLineV1,
    StockCountV1,
};
use laris_server::ManualClock;
use laris_server::secret::random_uuid;
use laris_server::summary::OwnerSummary;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn books_sqlite() {
    with_backend(Backend::Sqlite, "books", books).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn books_postgres() {
    with_backend(Backend::Postgres, "books", books).await;
}

fn customer(id: Uuid, name: &str, wall_ms: i64, node: Uuid) -> CustomerV1 {
    CustomerV1 {
        id,
        name: name.into(),
        phone: Some("0812 3456 7890".into()),
        note: None,
        credit_limit: Some(100_000),
        created_at: T0,
        stamp: Hlc {
            wall_ms: wall_ms as u64,
            counter: 0,
            node,
        },
    }
}

fn entry(customer_id: Uuid, kind: KasbonKindV1, amount: i64, at: i64) -> KasbonEntryV1 {
    KasbonEntryV1 {
        id: Uuid::now_v7(),
        customer_id,
        kind,
        amount,
        created_at: at,
        sale_id: None,
        return_id: None,
        method: (kind == KasbonKindV1::Repayment).then_some(PaymentMethodV1::Cash),
        reference: None,
        due_day: None,
        cashier: Some("Dewi".into()),
        note: None,
        approved_by: None,
    }
}

async fn books(db: TestDb) {
    let clock = ManualClock::new(T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let c = server.client();
    let owner = new_store(&server, "Warung Bu Sri", "sri@example.id").await;
    let a = pair(&c, &owner, "A").await;
    let b = pair(&c, &owner, "B").await;
    let (teh, ani) = (random_uuid(), random_uuid());

    // Till A: the customer, a shift, 10 Teh in stock, 4 Teh (14.000) sold with 5.000 down in
    // cash and 9.000 on kasbon, a repayment of 2.000, 10.000 out of the drawer, the closing.
    let mut sold = sale(T0 + 1_000, PaymentMethodV1::Cash, &[(teh, 4, 3_500)]);
    sold.payments = vec![
        SalePaymentV1 {
            method: PaymentMethodV1::Cash,
            amount: 5_000,
            tendered: 5_000,
            reference: None,
            status: PaymentStatusV1::Settled,
        },
        SalePaymentV1 {
            method: PaymentMethodV1::Kasbon,
            amount: 9_000,
            tendered: 9_000,
            reference: Some("Bu Ani".into()),
            status: PaymentStatusV1::Settled,
        },
    ];
    let mut charge = entry(ani, KasbonKindV1::Charge, 9_000, T0 + 1_000);
    charge.sale_id = Some(sold.id);
    let shift = random_uuid();
    let repaid_at_a = entry(ani, KasbonKindV1::Repayment, 2_000, T0 + 2_000);
    let at_a = numbered(
        1,
        vec![
            EventBody::Customer(customer(ani, "Bu Ani", T0, a.id)),
            EventBody::ShiftOpen(ShiftOpenV1 {
                id: shift,
                opened_at: T0,
                opened_by: Some("Dewi".into()),
                float: 100_000,
            }),
            EventBody::StockMovement(restock(teh, 10, T0)),
            EventBody::Sale(sold.clone()),
            EventBody::KasbonEntry(charge.clone()),
            EventBody::KasbonEntry(repaid_at_a.clone()),
            EventBody::CashMove(CashMoveV1 {
                id: random_uuid(),
                shift_id: shift,
                amount: -10_000,
                reason: "galon".into(),
                created_at: T0 + 3_000,
                by: Some("Dewi".into()),
            }),
            EventBody::ShiftClose(ShiftCloseV1 {
                shift_id: shift,
                closed_at: T0 + 4_000,
                closed_by: Some("Dewi".into()),
                sale_count: 1,
                sales_total: 14_000,
                kasbon_charged: 9_000,
                refunds: 0,
                methods: vec![
                    ShiftMethodV1 {
                        method: PaymentMethodV1::Cash,
                        takings: 7_000,
                        expected: 97_000,
                        counted: Some(96_500),
                    },
                    ShiftMethodV1 {
                        method: PaymentMethodV1::Qris,
                        takings: 0,
                        expected: 0,
                        counted: None,
                    },
                ],
                note: None,
            }),
        ],
    );
    let reply = push(&c, &a, at_a.clone()).await.unwrap();
    assert_eq!((reply.acked_seq, reply.quarantined.len()), (8, 0));
    // Sent again (a lost reply): nothing counts twice.
    assert_eq!(push(&c, &a, at_a).await.unwrap().acked_seq, 8);

    // Till B, offline meanwhile: a repayment of 3.000 for the same customer, the customer
    // renamed later, and a count: 5 Teh expected there (its own view), 4 on the shelf.
    let at_b = numbered(
        1,
        vec![
            EventBody::KasbonEntry(entry(ani, KasbonKindV1::Repayment, 3_000, T0 + 2_500)),
            EventBody::Customer(customer(ani, "Bu Ani Warung Sebelah", T0 + 5_000, b.id)),
            EventBody::StockCount(StockCountV1 {
                id: random_uuid(),
                created_at: T0 + 6_000,
                by: Some("Bu Sri".into()),
                note: Some("opname".into()),
                lines: vec![StockCountLineV1 {
                    product_id: teh,
                    expected_milli: 5_000,
                    counted_milli: 4_000,
                    unit_cost: 2_800,
                }],
                approved_by: None,
            }),
        ],
    );
    let reply = push(&c, &b, at_b).await.unwrap();
    assert_eq!((reply.acked_seq, reply.quarantined.len()), (3, 0));

    let path = format!("{}?from=2026-01-01", api::OWNER_SUMMARY);
    let sum: OwnerSummary = c.get_json(&path, Some(&owner.token)).await.unwrap();
    let k = &sum.books.kasbon;
    assert_eq!(k.len(), 1);
    // 9.000 charged − 2.000 − 3.000 repaid on two tills.
    assert_eq!(
        (k[0].customer_id, k[0].balance, k[0].entries),
        (ani, 4_000, 3)
    );
    assert_eq!(k[0].name.as_deref(), Some("Bu Ani Warung Sebelah"));
    assert_eq!(sum.books.kasbon_total, 4_000);
    let s = &sum.books.shifts;
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].float, s[0].cash_out, s[0].sale_count),
        (100_000, 10_000, Some(1))
    );
    let cash = &s[0].methods[0];
    assert_eq!(
        (
            cash.method.as_str(),
            cash.expected,
            cash.counted,
            cash.difference
        ),
        ("cash", 97_000, Some(96_500), Some(-500))
    );
    let kasbon = sum
        .sales
        .by_method
        .iter()
        .find(|m| m.key == "kasbon")
        .expect("kasbon among the methods");
    assert_eq!((kasbon.sales, kasbon.total), (1, 9_000));

    // Stock: 10 − 4 sold − 1 counted missing.
    let levels = server.storage.stock_levels(owner.store_id).await.unwrap();
    assert_eq!(
        levels
            .iter()
            .find(|l| l.product_id == teh)
            .unwrap()
            .qty_milli,
        5_000
    );

    // Till B pulls A's books, A pulls B's.
    let kinds_pulled_by = |d| {
        let c = c.clone();
        async move {
            handshake(&c, d, 8, T0).await.unwrap();
            let (changes, _, _) = pull_all(&c, d, 0, 100).await;
            changes.iter().map(|ch| ch.body.kind()).collect::<Vec<_>>()
        }
    };
    let by_b = kinds_pulled_by(&b).await;
    for kind in [
        "customer",
        "kasbon_entry",
        "shift_open",
        "cash_move",
        "shift_close",
    ] {
        assert!(by_b.contains(&kind), "B did not pull a {kind}: {by_b:?}");
    }
    assert_eq!(by_b.iter().filter(|k| **k == "kasbon_entry").count(), 2);
    let by_a = kinds_pulled_by(&a).await;
    assert_eq!(by_a, ["kasbon_entry", "customer", "stock_count"]);
    server.stop().await;
}
