//! What a push reports, on each backend alike: which events applied, which were duplicates
//! (a held seq, or a record the store had), which were quarantined, and where a gap stopped
//! the batch; and that the proof's duplicate count adds up the same. Pushes go straight to
//! the storage, so the counts that only the log shows are checked too.

mod common;

use common::fixtures::*;
use common::{Backend, T0, TestDb, TestServer, with_backend};
use laris_protocol::codec::Format;
use laris_protocol::hlc::Hlc;
use laris_protocol::v1::{Event, EventBody, PaymentMethodV1::*, QuarantinedEvent};
use laris_server::ManualClock;
use laris_server::prepare::{self, DecodedPush, Incoming};
use laris_server::secret::random_uuid;
use laris_server::storage::PushOutcome;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_counts_sqlite() {
    with_backend(Backend::Sqlite, "counts", push_counts).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_counts_postgres() {
    with_backend(Backend::Postgres, "counts", push_counts).await;
}

const DRIFT_MS: u64 = 60 * 60 * 1000;

async fn push_counts(db: TestDb) {
    let clock = ManualClock::new(T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let c = server.client();
    let owner = new_store(&server, "Warung Bu Sri", "sri@example.id").await;
    let a = pair(&c, &owner, "A").await;
    let storage = &server.storage;
    let push = |events: Vec<Event>| {
        let prepared = prepare::prepare(
            DecodedPush {
                device_id: a.id,
                events: events.into_iter().map(Incoming::Parsed).collect(),
            },
            Format::Postcard,
            T0,
            DRIFT_MS,
        );
        storage.push(a.store_id, a.id, prepared, T0)
    };

    let (p, r1) = (random_uuid(), restock(random_uuid(), 5, T0));
    let teh = |wall: i64, price| product(p, "Teh", price, Hlc::new(wall as u64, 0, a.id));
    let s1 = sale(T0, Cash, &[(p, 2, 3_500)]);
    let s2 = sale(T0 + 1, Qris, &[(p, 1, 3_500)]);
    let mut bad = sale(T0 + 2, Cash, &[(p, 1, 3_500)]);
    bad.total += 1;
    let mut first = numbered(
        1,
        vec![
            EventBody::ProductUpsert(Box::new(teh(T0, 3_500))),
            EventBody::StockMovement(r1.clone()),
            EventBody::Sale(s1.clone()),
            // The same sale and the same restock again, under new seqs: the store has them.
            EventBody::Sale(s1.clone()),
            EventBody::StockMovement(r1),
            EventBody::Sale(bad),
            // The same edit again changes nothing; a later one does.
            EventBody::ProductUpsert(Box::new(teh(T0, 3_500))),
            EventBody::ProductUpsert(Box::new(teh(T0 + 10, 4_000))),
        ],
    );
    first.extend(numbered(10, vec![EventBody::Sale(s2.clone())]));
    let out = push(first.clone()).await.unwrap();
    let quarantined_6 = QuarantinedEvent {
        seq: 6,
        code: "inconsistent_amounts".into(),
        message: out.quarantined[0].message.clone(),
    };
    assert_eq!(
        out,
        PushOutcome {
            acked_seq: 8,
            quarantined: vec![quarantined_6.clone()],
            // Seqs 1, 2, 3 and 8 made a change.
            applied: 4,
            // Seqs 4 and 5.
            duplicates: 2,
            stopped_at_gap: true,
            seq_conflict: None,
        }
    );

    // Seqs 6 to 8 again (an edit under held seq 7 that is newer than the store's row), then 9.
    let mut second = first[5..8].to_vec();
    second[1].body = EventBody::ProductUpsert(Box::new(teh(T0 + 20, 4_500)));
    second.extend(numbered(9, vec![EventBody::Sale(s2.clone())]));
    let out = push(second.clone()).await.unwrap();
    assert_eq!(
        out,
        PushOutcome {
            acked_seq: 9,
            // Held by the first push: a replay gets the same reply.
            quarantined: vec![quarantined_6],
            // The held seq 7's newer edit, and seq 9.
            applied: 2,
            duplicates: 3,
            stopped_at_gap: false,
            seq_conflict: None,
        }
    );
    let again = push(second).await.unwrap();
    assert_eq!(
        (again.acked_seq, again.applied, again.duplicates),
        (9, 0, 4)
    );

    let head = storage
        .handshake(
            a.store_id,
            a.id,
            laris_server::storage::DeviceSeen {
                now_ms: T0,
                protocol_version: laris_protocol::v1::PROTOCOL_VERSION,
                reported_seq: 0,
                app_version: None,
            },
        )
        .await
        .unwrap();
    assert_eq!((head.acked_seq, head.head_change_seq), (9, 6));
    let proof = storage.proof(a.store_id, a.id).await.unwrap().unwrap();
    assert_eq!(
        (
            proof.events,
            proof.sales,
            proof.sales_total,
            proof.duplicates_rejected
        ),
        (9, 2, s1.total + s2.total, 2 + 3 + 4)
    );
    let stored = storage.product(a.store_id, p).await.unwrap().unwrap();
    assert_eq!(stored.price.value, 4_500);
    server.stop().await;
}
