//! Voids and refunds at the boundary, on each backend alike: returns of one sale from two tills
//! that were offline together take back more than was sold, and both are kept (their goods
//! back in stock, the change pulled by the other till) while the owner's summary flags the
//! sale; a return sent again is a duplicate, one that does not add up is quarantined; a
//! return in the same push as its sale knows its sold quantities. Handshakes of protocol
//! versions 1 and 2 are accepted, 3 refused.

mod common;

use common::fixtures::*;
use common::{Backend, T0, TestDb, TestServer, with_backend};
use laris_protocol::v1::api::{self, SalesSummary};
use laris_protocol::v1::{
    EventBody, HandshakeReply, PaymentMethodV1::*, PushReply, ReturnKindV1, SaleReturnLineV1,
    SaleReturnV1, SaleV1,
};
use laris_server::ManualClock;
use laris_server::returns::{OverRefund, OverRefundLine};
use laris_server::secret::random_uuid;
use laris_server::storage::StockLevel;
use laris_server::summary::OwnerSummary;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn returns_sqlite() {
    with_backend(Backend::Sqlite, "returns", returns).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn returns_postgres() {
    with_backend(Backend::Postgres, "returns", returns).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_versions_sqlite() {
    with_backend(Backend::Sqlite, "versions", protocol_versions).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_versions_postgres() {
    with_backend(Backend::Postgres, "versions", protocol_versions).await;
}

/// A refund of `(line_no, whole units)` of `sale`, each line's money its share at the sale's
/// prices, the goods back in stock.
fn refund(sale: &SaleV1, created_at: i64, lines: &[(u32, i64)]) -> SaleReturnV1 {
    let lines: Vec<SaleReturnLineV1> = lines
        .iter()
        .map(|&(line_no, units)| {
            let l = &sale.lines[line_no as usize - 1];
            SaleReturnLineV1 {
                line_no,
                product_id: l.product_id,
                qty_milli: units * 1000,
                amount: units * l.unit_price,
                cost: units * l.unit_cost,
                moves_stock: true,
            }
        })
        .collect();
    SaleReturnV1 {
        id: Uuid::now_v7(),
        sale_id: sale.id,
        kind: ReturnKindV1::Refund,
        created_at,
        cashier: Some("Dewi".into()),
        reason: "kemasan rusak".into(),
        method: Cash,
        amount: lines.iter().map(|l| l.amount).sum(),
        cost: lines.iter().map(|l| l.cost).sum(),
        lines,
        approved_by: Some(random_uuid()),
    }
}

fn accepted(acked_seq: u64) -> PushReply {
    PushReply {
        acked_seq,
        quarantined: Vec::new(),
    }
}

async fn returns(db: TestDb) {
    let clock = ManualClock::new(T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let c = server.client();
    let owner = new_store(&server, "Warung Bu Sri", "sri@example.id").await;
    let a = pair(&c, &owner, "A").await;
    let b = pair(&c, &owner, "B").await;
    let (teh, kopi) = (random_uuid(), random_uuid());

    // Till A: 10 Teh in stock, then 3 Teh and 1 Kopi sold.
    let sold = sale(T0, Cash, &[(teh, 3, 3_500), (kopi, 1, 2_000)]);
    assert_eq!(sold.total, 12_500);
    let first = numbered(
        1,
        vec![
            EventBody::StockMovement(restock(teh, 10, T0)),
            EventBody::Sale(sold.clone()),
        ],
    );
    assert_eq!(push(&c, &a, first).await.unwrap(), accepted(2));

    // Both tills offline, each refunds 2 of the 3 Teh: both are kept.
    let from_a = refund(&sold, T0 + 60_000, &[(1, 2)]);
    let from_b = refund(&sold, T0 + 61_000, &[(1, 2)]);
    let at_a = numbered(3, vec![EventBody::SaleReturn(from_a.clone())]);
    assert_eq!(push(&c, &a, at_a.clone()).await.unwrap(), accepted(3));
    // Till B also sells and refunds in one push (the sale's quantities come from the batch),
    // and refunds a sale the server never got.
    let own = sale(T0 + 62_000, Qris, &[(kopi, 2, 2_000)]);
    let own_refund = refund(&own, T0 + 63_000, &[(1, 2)]);
    let mut stranger = refund(&own, T0 + 64_000, &[(1, 1)]);
    stranger.sale_id = Uuid::now_v7();
    let at_b = numbered(
        1,
        vec![
            EventBody::SaleReturn(from_b.clone()),
            EventBody::Sale(own.clone()),
            EventBody::SaleReturn(own_refund.clone()),
            EventBody::SaleReturn(stranger.clone()),
        ],
    );
    assert_eq!(push(&c, &b, at_b).await.unwrap(), accepted(4));

    // Stock: 10 − 3 + 2 + 2 Teh; Kopi −1 − 2 + 2 + 1.
    let levels = |storage: &std::sync::Arc<dyn laris_server::storage::Storage>| {
        let storage = std::sync::Arc::clone(storage);
        async move {
            let mut l = storage.stock_levels(owner.store_id).await.unwrap();
            l.sort_by_key(|s| s.product_id);
            l
        }
    };
    let mut want = vec![
        StockLevel {
            product_id: teh,
            qty_milli: 11_000,
        },
        StockLevel {
            product_id: kopi,
            qty_milli: 0,
        },
    ];
    want.sort_by_key(|s| s.product_id);
    assert_eq!(levels(&server.storage).await, want);
    let head = handshake(&c, &a, 3, T0).await.unwrap().head_change_seq;
    assert_eq!(head, 2 + 1 + 4, "every return made a change");

    // The same return again (held seq 3, and under a new seq 4): a duplicate, nothing doubled.
    assert_eq!(push(&c, &a, at_a.clone()).await.unwrap(), accepted(3));
    let again = numbered(4, vec![EventBody::SaleReturn(from_a.clone())]);
    assert_eq!(push(&c, &a, again).await.unwrap(), accepted(4));
    assert_eq!(levels(&server.storage).await, want);
    assert_eq!(
        handshake(&c, &a, 4, T0).await.unwrap().head_change_seq,
        head
    );
    let proof: api::ProofV1 = c.get_json(api::PROOF, Some(&a.token)).await.unwrap();
    assert_eq!((proof.events, proof.duplicates_rejected), (4, 2));

    // A return whose money does not add up is quarantined, and changes nothing.
    let mut bad = refund(&sold, T0 + 65_000, &[(2, 1)]);
    bad.amount += 1;
    let reply = push(&c, &a, numbered(5, vec![EventBody::SaleReturn(bad)]))
        .await
        .unwrap();
    assert_eq!(reply.acked_seq, 5);
    assert_eq!(
        reply
            .quarantined
            .iter()
            .map(|q| (q.seq, q.code.as_str()))
            .collect::<Vec<_>>(),
        [(5, "inconsistent_amounts")]
    );
    assert_eq!(levels(&server.storage).await, want);

    // Each till pulls the other's returns, bodies whole (after a handshake that says it can
    // read them).
    handshake(&c, &a, 5, T0).await.unwrap();
    handshake(&c, &b, 4, T0).await.unwrap();
    let (changes, _, _) = pull_all(&c, &a, 0, 100).await;
    let pulled: Vec<_> = changes
        .iter()
        .filter_map(|ch| match &ch.body {
            EventBody::SaleReturn(r) => Some((ch.origin_device, r.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        pulled,
        [
            (b.id, from_b.clone()),
            (b.id, own_refund),
            (b.id, stranger.clone())
        ]
    );
    let (changes, _, _) = pull_all(&c, &b, 0, 100).await;
    assert!(
        changes
            .iter()
            .any(|ch| ch.body == EventBody::SaleReturn(from_a.clone())),
        "till B pulls till A's refund"
    );

    // The owner's summary: the returns of the day and the sales they exceed.
    let path = format!("{}?from=2026-01-01", api::OWNER_SUMMARY);
    let sum: OwnerSummary = c.get_json(&path, Some(&owner.token)).await.unwrap();
    let returned = from_a.amount + from_b.amount + 4_000 + 2_000;
    assert_eq!((sum.sales.sales, sum.sales.total), (2, 12_500 + 4_000));
    assert_eq!((sum.returns, sum.returns_total), (4, returned));
    assert_eq!(sum.net_total, 16_500 - returned);
    let mut flagged = vec![
        OverRefund {
            sale_id: sold.id,
            receipt_no: Some(sold.receipt_no.clone()),
            sale_total: Some(12_500),
            returned_amount: 14_000,
            lines: vec![OverRefundLine {
                line_no: 1,
                sold_qty_milli: Some(3_000),
                returned_qty_milli: 4_000,
                over: true,
            }],
        },
        OverRefund {
            sale_id: stranger.sale_id,
            receipt_no: None,
            sale_total: None,
            returned_amount: 2_000,
            lines: vec![OverRefundLine {
                line_no: 1,
                sold_qty_milli: None,
                returned_qty_milli: 1_000,
                over: true,
            }],
        },
    ];
    flagged.sort_by_key(|f| f.sale_id);
    assert_eq!(
        sum.over_refunds, flagged,
        "B's own exact refund is not flagged"
    );
    let range = laris_server::summary::Days::from_params(
        &laris_server::summary::SummaryParams {
            from: Some("2026-01-01".into()),
            ..Default::default()
        },
        T0,
    )
    .unwrap()
    .range();
    assert_eq!(
        server
            .storage
            .over_refunds(owner.store_id, range)
            .await
            .unwrap(),
        flagged
    );
    // A reader of the protocol's type reads the same reply; another day has no returns.
    let old: SalesSummary = c.get_json(&path, Some(&owner.token)).await.unwrap();
    assert_eq!(old, sum.sales);
    let next_day = format!("{}?from=2026-01-02", api::OWNER_SUMMARY);
    let sum: OwnerSummary = c.get_json(&next_day, Some(&owner.token)).await.unwrap();
    assert_eq!((sum.returns, sum.returns_total), (0, 0));
    assert!(sum.over_refunds.is_empty());
    server.stop().await;
}

async fn protocol_versions(db: TestDb) {
    let clock = ManualClock::new(T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let c = server.client();
    let owner = new_store(&server, "Warung Bu Sri", "sri@example.id").await;
    let a = pair(&c, &owner, "A").await;
    let b = pair(&c, &owner, "B").await;
    let handshake_as = |device: &Device, version: u16| {
        let mut hs = hello(device, 0, T0);
        hs.protocol_version = version;
        let (c, token) = (c.clone(), device.token.clone());
        async move {
            c.sync::<_, HandshakeReply>(api::HANDSHAKE, &token, &hs)
                .await
        }
    };
    for version in 1..=laris_protocol::v1::PROTOCOL_VERSION {
        let reply = handshake_as(&a, version).await.unwrap();
        // The version both speak: a till not yet updated checks for its own.
        assert_eq!(reply.protocol_version, version);
    }
    let err = handshake_as(&a, laris_protocol::v1::PROTOCOL_VERSION + 1)
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (400, "unsupported_version"));

    // Till A sells, refunds, sells again. Till B, not yet updated, pulls the first sale and
    // stops before the refund it could not decode; updated, it gets the refund and the rest.
    let first = sale(T0, Cash, &[(random_uuid(), 1, 3_500)]);
    let second = sale(T0 + 2_000, Cash, &[(random_uuid(), 1, 2_000)]);
    let events = numbered(
        1,
        vec![
            EventBody::Sale(first.clone()),
            EventBody::SaleReturn(refund(&first, T0 + 1_000, &[(1, 1)])),
            EventBody::Sale(second.clone()),
        ],
    );
    assert_eq!(push(&c, &a, events).await.unwrap(), accepted(3));
    handshake_as(&b, 1).await.unwrap();
    let (old, cursor, _) = pull_all(&c, &b, 0, 100).await;
    assert_eq!(old.len(), 1);
    assert!(matches!(&old[0].body, EventBody::Sale(s) if s.id == first.id));
    let again = pull(&c, &b, cursor, 100).await.unwrap();
    assert!(again.changes.is_empty() && !again.has_more && again.next_cursor == cursor);
    handshake_as(&b, 2).await.unwrap();
    let (rest, _, _) = pull_all(&c, &b, cursor, 100).await;
    let kinds: Vec<_> = rest.iter().map(|ch| ch.body.kind()).collect();
    assert_eq!(kinds, ["sale_return", "sale"]);
    server.stop().await;
}
