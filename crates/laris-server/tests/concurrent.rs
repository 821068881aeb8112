//! Two servers on one database (two `app` instances, each with its own storage instance),
//! several devices pushing at once through both, and a device pulling all along: no change_seq
//! lost or doubled, every device's seqs contiguous, and the concurrent puller skips nothing
//! (a change committing late with a smaller change_seq would be skipped for good). Run on
//! PostgreSQL (the case that matters) and on SQLite.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::fixtures::*;
use common::{Backend, Client, T0, TestDb, TestServer, with_backend};
use laris_protocol::hlc::Hlc;
use laris_protocol::v1::api::{self, ProofV1};
use laris_protocol::v1::{EventBody, PaymentMethodV1};
use laris_server::ManualClock;
use laris_server::secret::random_uuid;

const DEVICES: usize = 4;
const BATCHES: u64 = 8;
const SALES_PER_BATCH: u64 = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_postgres() {
    with_backend(Backend::Postgres, "concurrent", concurrent).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_sqlite() {
    with_backend(Backend::Sqlite, "concurrent", concurrent).await;
}

async fn concurrent(db: TestDb) {
    let clock = ManualClock::new(T0);
    let one = TestServer::start(db.open().await, clock.clone()).await;
    let two = TestServer::start(db.open().await, clock.clone()).await;
    let clients = [one.client(), two.client()];
    let owner = new_store(&one, "Toko Ramai", "ramai@example.id").await;
    let mut devices = Vec::new();
    for i in 0..DEVICES {
        devices.push(pair(&clients[i % 2], &owner, &format!("K{i}")).await);
    }
    let watcher = pair(&clients[1], &owner, "W").await;
    let shared_product = random_uuid();

    // The watcher pulls through both servers until the pushes are done.
    let done = Arc::new(AtomicBool::new(false));
    let watch = {
        let (clients, done, watcher) = (clients.clone(), Arc::clone(&done), watcher.clone());
        tokio::spawn(async move {
            let (mut cursor, mut seen, mut round) = (0u64, Vec::new(), 0usize);
            loop {
                // Read before pulling: once set, every push has committed before this pull.
                let finished = done.load(Ordering::SeqCst);
                let (changes, next, _) = pull_all(&clients[round % 2], &watcher, cursor, 7).await;
                seen.extend(changes);
                cursor = next;
                round += 1;
                if finished {
                    return seen;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
    };

    let mut pushers = Vec::new();
    for (i, device) in devices.iter().cloned().enumerate() {
        let clients: [Client; 2] = clients.clone();
        pushers.push(tokio::spawn(async move {
            let mut next_seq = 1;
            let mut sale_ids = Vec::new();
            for batch in 0..BATCHES {
                let mut bodies = Vec::new();
                for n in 0..SALES_PER_BATCH {
                    let s = sale(
                        T0 + (batch * 100 + n) as i64,
                        PaymentMethodV1::Cash,
                        &[(shared_product, 1, 2_000)],
                    );
                    sale_ids.push(s.id);
                    bodies.push(EventBody::Sale(s));
                }
                // Every device edits the shared product in every third batch: merges under
                // contention, and pushes with and without product edits side by side.
                let stamp = Hlc::new(T0 as u64 - 1_000_000 + batch * 10 + i as u64, 0, device.id);
                let edit = product(
                    shared_product,
                    &format!("Gula {batch}.{i}"),
                    2_000 + i as i64,
                    stamp,
                );
                if batch % 3 == (i as u64) % 3 || batch == BATCHES - 1 {
                    bodies.insert(
                        (batch as usize + i) % bodies.len(),
                        EventBody::ProductUpsert(Box::new(edit)),
                    );
                }
                let count = bodies.len() as u64;
                let reply = push(
                    &clients[(i + batch as usize) % 2],
                    &device,
                    numbered(next_seq, bodies),
                )
                .await
                .expect("push");
                assert_eq!(reply.acked_seq, next_seq + count - 1);
                next_seq += count;
                assert!(reply.quarantined.is_empty(), "{:?}", reply.quarantined);
            }
            (sale_ids, next_seq - 1)
        }));
    }
    let mut all_sales = HashSet::new();
    let mut last_seqs = Vec::new();
    for p in pushers {
        let (ids, last_seq) = p.await.expect("pusher");
        for id in ids {
            assert!(all_sales.insert(id));
        }
        last_seqs.push(last_seq);
    }
    done.store(true, Ordering::SeqCst);
    let seen = watch.await.expect("watcher");

    // No change_seq lost or doubled; the watcher saw each one once, in order.
    let head = handshake(&clients[0], &watcher, 0, T0)
        .await
        .unwrap()
        .head_change_seq;
    let seqs: Vec<u64> = seen.iter().map(|c| c.change_seq).collect();
    let missing: Vec<u64> = (1..=head).filter(|s| !seqs.contains(s)).collect();
    assert!(
        missing.is_empty(),
        "the watcher skipped change_seqs {missing:?} (head {head})"
    );
    assert_eq!(
        seqs,
        (1..=head).collect::<Vec<_>>(),
        "the watcher repeated or reordered changes"
    );
    let sales_seen: HashSet<_> = seen
        .iter()
        .filter_map(|c| match &c.body {
            EventBody::Sale(s) => Some(s.id),
            _ => None,
        })
        .collect();
    assert_eq!(sales_seen, all_sales);
    let product_changes = seen.len() - sales_seen.len();
    assert!(product_changes >= 1 && product_changes <= DEVICES * BATCHES as usize);
    // A fresh device pulling from scratch through the other server sees the same log.
    let late = pair(&clients[0], &owner, "L").await;
    let (again, cursor, _) = pull_all(&clients[1], &late, 0, 500).await;
    assert_eq!((again, cursor), (seen.clone(), head));
    // Every device's seqs are contiguous and complete on the server.
    for (device, events) in devices.iter().zip(last_seqs) {
        let proof: ProofV1 = clients[0]
            .get_json(api::PROOF, Some(&device.token))
            .await
            .unwrap();
        assert_eq!(
            (proof.first_seq, proof.last_seq, proof.events),
            (Some(1), Some(events), events)
        );
        assert!(proof.gaps.is_empty() && proof.quarantined.is_empty());
        assert_eq!(
            (proof.sales, proof.sales_total),
            (
                BATCHES * SALES_PER_BATCH,
                (BATCHES * SALES_PER_BATCH * 2_000) as i64
            )
        );
    }
    // The product converged to the edit with the largest stamp.
    let stored = one
        .storage
        .product(owner.store_id, shared_product)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.name.value,
        format!("Gula {}.{}", BATCHES - 1, DEVICES - 1)
    );
    let stock = two.storage.stock_levels(owner.store_id).await.unwrap();
    assert_eq!(stock[0].qty_milli, -((all_sales.len() * 1000) as i64));

    one.stop().await;
    two.stop().await;
}
