//! A seq is never taken for another event, on each backend: an event pushed under a held seq
//! is compared with the one held there (the same one is acknowledged, another is refused with
//! `409 seq_reused` and nothing of the push is written, a product is merged again); a device
//! gets its own held events back (`recover`); and the proof's identity digests are those of
//! what the server holds.

mod common;

use common::fixtures::*;
use common::{Backend, T0, TestDb, TestServer, with_backend};
use laris_protocol::codec::{self, Encoding};
use laris_protocol::hlc::Hlc;
use laris_protocol::v1::api::{self, ProofV1};
use laris_protocol::v1::{
    DigestBuilder, Event, EventBody, EventIdentity, PaymentMethodV1::*, PushRequest, RecoverReply,
    RecoverRequest, SEQ_REUSED, SeqConflict, Stamped,
};
use laris_server::ManualClock;
use laris_server::secret::random_uuid;
use reqwest::Method;
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reused_seqs_sqlite() {
    with_backend(Backend::Sqlite, "reused", reused_seqs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reused_seqs_postgres() {
    with_backend(Backend::Postgres, "reused", reused_seqs).await;
}

fn digests(events: &[Event]) -> Vec<laris_protocol::v1::SeqDigest> {
    let mut b = DigestBuilder::new();
    for e in events {
        b.push(EventIdentity {
            seq: e.seq,
            kind: e.body.kind(),
            entity_id: e.body.entity_id(),
        });
    }
    b.finish()
}

async fn reused_seqs(db: TestDb) {
    let clock = ManualClock::new(T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let c = server.client();
    let owner = new_store(&server, "Warung Bu Sri", "sri@example.id").await;
    let a = pair(&c, &owner, "A").await;
    let p = random_uuid();
    let teh = product(p, "Teh Botol", 3_500, Hlc::new(T0 as u64, 0, a.id));
    let held = numbered(
        1,
        vec![
            EventBody::ProductUpsert(Box::new(teh.clone())),
            EventBody::Sale(sale(T0, Cash, &[(p, 1, 3_500)])),
            EventBody::Sale(sale(T0 + 1, Qris, &[(p, 2, 3_500)])),
        ],
    );
    assert_eq!(push(&c, &a, held.clone()).await.unwrap().acked_seq, 3);

    // The same events again (a lost reply): acknowledged, not applied again.
    let again = push(&c, &a, held.clone()).await.unwrap();
    assert_eq!((again.acked_seq, again.quarantined.len()), (3, 0));

    // A restored till's new sale under #2, with #1 as held and a new #4: refused at #2, and
    // nothing of the push is written (not even #4).
    let restored_sale = sale(T0 + 2, Cash, &[(p, 5, 3_500)]);
    let mut reused = held[..1].to_vec();
    reused.extend(numbered(
        2,
        vec![
            EventBody::Sale(restored_sale.clone()),
            EventBody::Sale(sale(T0 + 3, Cash, &[(p, 1, 3_500)])),
            EventBody::Sale(sale(T0 + 4, Cash, &[(p, 1, 3_500)])),
        ],
    ));
    let body = codec::encode(
        &PushRequest {
            device_id: a.id,
            events: reused,
        },
        Encoding::BINARY_ZSTD,
    )
    .unwrap();
    let raw = c
        .send(
            c.request(Method::POST, api::PUSH, Some(&a.token))
                .header(CONTENT_TYPE, Encoding::BINARY_ZSTD.format.content_type())
                .header(
                    CONTENT_ENCODING,
                    Encoding::BINARY_ZSTD.compression.header_value(),
                )
                .body(body),
        )
        .await;
    assert_eq!(raw.status.as_u16(), 409);
    assert_eq!(raw.error().code(), SEQ_REUSED);
    let conflict: SeqConflict = serde_json::from_slice(&raw.bytes).unwrap();
    assert_eq!((conflict.seq, conflict.server_acked_seq), (2, 3));
    assert!(conflict.message.contains("#2"), "{}", conflict.message);
    let proof: ProofV1 = c.get_json(api::PROOF, Some(&a.token)).await.unwrap();
    assert_eq!(
        (proof.last_seq, proof.sales),
        (Some(3), 2),
        "nothing written"
    );

    // Moved after the server's seqs, as the till does, it is taken.
    let moved = numbered(4, vec![EventBody::Sale(restored_sale)]);
    assert_eq!(push(&c, &a, moved.clone()).await.unwrap().acked_seq, 4);

    // A product edit under a held seq, newer than the held one: merged, not lost.
    let mut newer = teh.clone();
    newer.price = Stamped::new(4_000, Hlc::new(T0 as u64 + 10, 0, a.id));
    let edit = numbered(1, vec![EventBody::ProductUpsert(Box::new(newer))]);
    assert_eq!(push(&c, &a, edit).await.unwrap().acked_seq, 4);
    let now = server
        .storage
        .product(owner.store_id, p)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.price.value, 4_000);

    // The proof digests exactly the identities held, seq by seq.
    let mut all = held.clone();
    all.extend(moved.clone());
    let proof: ProofV1 = c.get_json(api::PROOF, Some(&a.token)).await.unwrap();
    assert_eq!(proof.digests, digests(&all));
    let mut other = all.clone();
    other[2] = moved[0].clone();
    other[2].seq = 3;
    assert_ne!(proof.digests, digests(&other));

    // Recovery gives the device its own events back, in pages, the product as it is now.
    let mut got = Vec::new();
    let mut after = 0;
    loop {
        let page: RecoverReply = c
            .sync(
                api::RECOVER,
                &a.token,
                &RecoverRequest {
                    after_seq: after,
                    up_to_seq: 4,
                    limit: 3,
                },
            )
            .await
            .unwrap();
        got.extend(page.events);
        after = page.next_after;
        if !page.has_more {
            break;
        }
    }
    assert_eq!(after, 4);
    let seqs: Vec<u64> = got.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4]);
    assert_eq!(got[1..], all[1..]);
    match &got[0].body {
        EventBody::ProductUpsert(p) => assert_eq!(p.price.value, 4_000),
        other => panic!("{other:?}"),
    }
    // Another device of the store gets none of A's events by recovery.
    let b = pair(&c, &owner, "B").await;
    let page: RecoverReply = c
        .sync(
            api::RECOVER,
            &b.token,
            &RecoverRequest {
                after_seq: 0,
                up_to_seq: 100,
                limit: 100,
            },
        )
        .await
        .unwrap();
    assert!(page.events.is_empty() && !page.has_more);
    server.stop().await;
}
