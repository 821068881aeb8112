//! The story's sync steps: push rules (duplicates, gap, quarantine, replay), pull paging
//! without one's own changes, and the field-by-field product merge.

use super::common::T0;
use super::common::fixtures::*;
use super::{DAY, MINUTE, Story};
use laris_protocol::codec::Encoding;
use laris_protocol::hlc::Hlc;
use laris_protocol::v1::api;
use laris_protocol::v1::{EventBody, PaymentMethodV1::*, PushReply, Stamped};
use laris_server::secret::random_uuid;

/// The catalog the story sells from.
#[derive(Debug)]
pub struct Goods {
    pub p1: uuid::Uuid,
    pub p2: uuid::Uuid,
    pub teh: laris_protocol::v1::ProductV1,
    pub s1: laris_protocol::v1::SaleV1,
}

pub async fn push_rules(st: &Story) -> Goods {
    let Story {
        clock,
        server,
        c,
        owner,
        a,
        ..
    } = st;
    // Push: a product, a restock and three sales.
    let (p1, p2) = (random_uuid(), random_uuid());
    let teh = product(p1, "Teh Botol", 3_500, Hlc::new(T0 as u64, 0, a.id));
    let s1 = sale(T0, Cash, &[(p1, 2, 3_500), (p2, 1, 10_000)]);
    let s2 = sale(T0 + MINUTE, Qris, &[(p1, 1, 3_500)]);
    let s3 = sale(T0 + DAY, Transfer, &[(p2, 3, 10_000)]);
    let first = numbered(
        1,
        vec![
            EventBody::ProductUpsert(Box::new(teh.clone())),
            EventBody::StockMovement(restock(p1, 50, T0)),
            EventBody::Sale(s1.clone()),
            EventBody::Sale(s2.clone()),
            EventBody::Sale(s3.clone()),
        ],
    );
    let r = push(c, a, first.clone()).await.unwrap();
    assert_eq!(
        r,
        PushReply {
            acked_seq: 5,
            quarantined: vec![]
        }
    );

    // Seqs already held are acknowledged, not applied again; the new one is.
    let s4 = sale(T0 + 2 * MINUTE, Cash, &[(p1, 2, 3_500)]);
    let mut again = first[3..].to_vec();
    again.extend(numbered(6, vec![EventBody::Sale(s4)]));
    assert_eq!(push(c, a, again).await.unwrap().acked_seq, 6);

    // A gap stops the batch: seq 9 after 7 is not applied.
    let s5 = sale(T0 + 3 * MINUTE, Qris, &[(p1, 1, 3_500)]);
    let s6 = sale(T0 + 4 * MINUTE, Cash, &[(p2, 1, 10_000)]);
    let mut gapped = numbered(7, vec![EventBody::Sale(s5)]);
    gapped.extend(numbered(9, vec![EventBody::Sale(s6.clone())]));
    assert_eq!(push(c, a, gapped).await.unwrap().acked_seq, 7);

    // Invalid events are quarantined and acknowledged; the next event still applies.
    let mut bad_sale = sale(T0 + 5 * MINUTE, Cash, &[(p1, 1, 3_500)]);
    bad_sale.total += 1;
    let ahead = Hlc::new((clock.now_ms() + 3 * DAY) as u64, 0, a.id);
    let third = numbered(
        8,
        vec![
            EventBody::Sale(bad_sale),
            EventBody::Sale(s6),
            EventBody::ProductUpsert(Box::new(product(p2, "Kopi", 10_000, ahead))),
        ],
    );
    let r = push(c, a, third.clone()).await.unwrap();
    assert_eq!(r.acked_seq, 10);
    let codes: Vec<_> = r
        .quarantined
        .iter()
        .map(|q| (q.seq, q.code.as_str()))
        .collect();
    assert_eq!(codes, [(8, "inconsistent_amounts"), (10, "clock_drift")]);

    // One malformed event of a JSON push is quarantined; the event after it applies.
    let s7 = sale(T0 + 6 * MINUTE, Cash, &[(p1, 1, 3_500)]);
    let body = serde_json::json!({
        "device_id": a.id,
        "events": [
            { "seq": 11, "body": { "sale": { "id": "not a sale" } } },
            serde_json::to_value(&numbered(12, vec![EventBody::Sale(s7)])[0]).unwrap(),
        ],
    });
    let r: PushReply = c
        .sync_in(api::PUSH, &a.token, &body, Encoding::JSON)
        .await
        .unwrap();
    assert_eq!(r.acked_seq, 12);
    assert_eq!(
        (r.quarantined[0].seq, r.quarantined[0].code.as_str()),
        (11, "malformed_body")
    );

    // Replaying requests changes nothing, and a replay gets the same quarantine list.
    let head_before = handshake(c, a, 12, clock.now_ms())
        .await
        .unwrap()
        .head_change_seq;
    assert_eq!(head_before, 9);
    let stock_before = server.storage.stock_levels(owner.store_id).await.unwrap();
    let replay = push(c, a, third).await.unwrap();
    assert_eq!(replay.acked_seq, 12);
    assert_eq!(
        replay.quarantined,
        r_quarantine_of(&[(8, "inconsistent_amounts"), (10, "clock_drift")], &replay)
    );
    assert_eq!(
        push(c, a, first).await.unwrap(),
        PushReply {
            acked_seq: 12,
            quarantined: vec![]
        }
    );
    let h = handshake(c, a, 12, clock.now_ms()).await.unwrap();
    assert_eq!((h.acked_seq, h.head_change_seq), (12, head_before));
    assert_eq!(
        server.storage.stock_levels(owner.store_id).await.unwrap(),
        stock_before
    );

    Goods { p1, p2, teh, s1 }
}

pub async fn pull_and_merge(st: &Story, g: &Goods) {
    let Story {
        clock,
        server,
        c,
        owner,
        a,
        b,
        ..
    } = st;
    let (p1, p2, teh) = (g.p1, g.p2, &g.teh);
    // Pull: B gets A's nine changes in pages of three, in order.
    let (changes, cursor_b, pages) = pull_all(c, b, 0, 3).await;
    assert_eq!(
        changes.iter().map(|c| c.change_seq).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<_>>()
    );
    assert!(changes.iter().all(|c| c.origin_device == a.id));
    assert_eq!((cursor_b, pages), (9, 3));
    assert_eq!(
        changes[0].body,
        EventBody::ProductUpsert(Box::new(teh.clone()))
    );
    assert_eq!(changes[2].body, EventBody::Sale(g.s1.clone()));

    // B sells, and edits the product: its price edit is later than A's stamps, its name older.
    let sb1 = sale(T0 + 10 * MINUTE, Cash, &[(p2, 2, 10_000)]);
    let mut edit = product(p1, "Teh Lama", 4_000, Hlc::new(T0 as u64 - 1_000, 0, b.id));
    edit.price = Stamped::new(4_000, Hlc::new(T0 as u64 + 1_000, 0, b.id));
    let r = push(
        c,
        b,
        numbered(
            1,
            vec![
                EventBody::Sale(sb1),
                EventBody::ProductUpsert(Box::new(edit)),
            ],
        ),
    )
    .await
    .unwrap();
    assert_eq!(r.acked_seq, 2);
    let merged = server
        .storage
        .product(owner.store_id, p1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            merged.name.value.as_str(),
            merged.price.value,
            merged.cost.value
        ),
        ("Teh Botol", 4_000, 2_800)
    );

    // A is not sent its own changes, but its cursor passes them.
    let (changes, cursor_a, pages) = pull_all(c, a, 0, 2).await;
    assert_eq!(
        changes
            .iter()
            .map(|c| (c.change_seq, c.origin_device))
            .collect::<Vec<_>>(),
        [(10, b.id), (11, b.id)]
    );
    assert_eq!((cursor_a, pages), (11, 1));
    assert_eq!(
        changes[1].body,
        EventBody::ProductUpsert(Box::new(merged.clone()))
    );
    let (one_by_one, _, pages) = pull_all(c, a, 0, 1).await;
    assert_eq!((one_by_one.len(), pages), (2, 2));
    let gz: laris_protocol::v1::PullReply = c
        .sync_in(
            api::PULL,
            &a.token,
            &laris_protocol::v1::PullRequest {
                cursor: 0,
                limit: 10,
            },
            Encoding::BINARY_GZIP,
        )
        .await
        .unwrap();
    assert_eq!(gz.changes, changes);
    let own = pull(c, b, cursor_b, 100).await.unwrap();
    assert!(own.changes.is_empty() && !own.has_more);
    assert_eq!(own.next_cursor, 11);

    // An older edit of A loses field by field: nothing changes, no change is logged.
    let mut older = merged.clone();
    older.price = Stamped::new(3_800, Hlc::new(T0 as u64 + 500, 0, a.id));
    assert_eq!(
        push(
            c,
            a,
            numbered(13, vec![EventBody::ProductUpsert(Box::new(older))])
        )
        .await
        .unwrap()
        .acked_seq,
        13
    );
    assert_eq!(
        server
            .storage
            .product(owner.store_id, p1)
            .await
            .unwrap()
            .unwrap(),
        merged
    );
    assert_eq!(
        handshake(c, a, 13, clock.now_ms())
            .await
            .unwrap()
            .head_change_seq,
        11
    );
}

/// The expected quarantine list, with the messages the reply carries.
fn r_quarantine_of(
    want: &[(u64, &str)],
    reply: &PushReply,
) -> Vec<laris_protocol::v1::QuarantinedEvent> {
    let got: Vec<_> = reply
        .quarantined
        .iter()
        .map(|q| (q.seq, q.code.as_str()))
        .collect();
    assert_eq!(got, want);
    reply.quarantined.clone()
}
