//! Sync rounds between real device databases and the in-process fake server: push and pull,
//! lost requests and replies, partial acknowledgements, quarantine, paging, a restored
//! server, a restored till, and the catalog converging field by field.

mod common;

use common::fake_server::{Call, FakeServer, FakeTransport, Fault};
use common::{NOW, Till, draft, store_with_two_tills};
use laris_protocol::limits::BatchBounds;
use laris_sync::{RoundConfig, catalog_snapshot, prove};

const MINUTE: i64 = 60_000;

#[tokio::test]
async fn one_till_pushes_and_another_pulls_until_stock_is_store_wide() {
    let (server, a, b) = store_with_two_tills().await;
    a.with(|s| {
        let p = s.product_by_code("W0001").unwrap();
        s.restock(&p, 10_000, Some("kulakan")).unwrap();
    });
    a.sell(&["W0001", "W0002"]);
    a.sell(&["W0001"]);
    let report = a.sync().await.unwrap();
    assert_eq!((report.pushed, report.push_requests), (6, 1));
    assert_eq!((report.pulled, report.acked_seq), (0, 6));
    assert_eq!(a.pending(), 0);
    assert_eq!((server.sales(), server.acked(a.device_id)), (2, 6));

    let report = b.sync().await.unwrap();
    assert_eq!(report.pushed, 0);
    assert_eq!(
        (
            report.applied.products,
            report.applied.movements,
            report.applied.sales
        ),
        (3, 1, 2)
    );
    assert_eq!(b.sales(), 2);
    assert_eq!(b.level("W0001"), 8_000);
    assert_eq!(
        b.with(|s| s.last_seq().unwrap()),
        0,
        "pulled events are not B's to push"
    );

    // B sells from the pulled catalog; A sees it at its next round.
    b.sell(&["W0001", "W0003"]);
    b.sync().await.unwrap();
    let report = a.sync().await.unwrap();
    assert_eq!(report.applied.sales, 1);
    for till in [&a, &b] {
        assert_eq!(till.sales(), 3);
        assert_eq!(till.level("W0001"), 7_000);
        assert_eq!(till.level("W0003"), -1_000);
    }
    let server_stock = server.with(|s| s.stock.clone());
    let w1 = a.with(|s| s.product_by_code("W0001").unwrap().id);
    assert_eq!(server_stock[&w1], 7_000);
    assert!(server.contiguous(a.device_id) && server.contiguous(b.device_id));
}

#[tokio::test]
async fn a_reply_lost_after_the_server_committed_is_not_applied_twice() {
    let (server, a, _b) = store_with_two_tills().await;
    a.sell(&["W0001"]);
    a.sell(&["W0002"]);
    // The reply is lost, then the smaller batches sent again in the round are lost too.
    a.transport.fail_next(Call::Push, Fault::DropResponse);
    a.transport.fail_next(Call::Push, Fault::DropRequest);
    a.transport.fail_next(Call::Push, Fault::DropRequest);
    let err = a.sync().await.unwrap_err();
    assert!(err.is_offline(), "{err}");
    assert_eq!(a.pending(), 5, "the till does not know the server has them");
    assert_eq!(server.acked(a.device_id), 5);
    let state = a.with(|s| s.sync_state().unwrap());
    assert_eq!(state.last_error.unwrap().code, "unreachable");

    let pushes = a.transport.count(Call::Push);
    let report = a.sync().await.unwrap();
    // The till cannot tell a lost reply from other events under those seqs (a restore): it
    // sends them once more, and the server compares and acknowledges without applying.
    assert_eq!(
        a.transport.count(Call::Push),
        pushes + 1,
        "sent again once, for the server to compare"
    );
    assert_eq!((report.pushed, report.acked_seq), (5, 5));
    assert_eq!(a.pending(), 0);
    assert_eq!(server.sales(), 2);
    assert!(a.with(|s| s.sync_state().unwrap().last_error.is_none()));
}

#[tokio::test]
async fn a_request_lost_on_the_way_is_sent_again() {
    let (server, a, _b) = store_with_two_tills().await;
    a.sell(&["W0001"]);
    // 4 events; the batch is halved twice in the round (4, 2, 1) and then the round gives up.
    for _ in 0..3 {
        a.transport.fail_next(Call::Push, Fault::DropRequest);
    }
    assert!(a.sync().await.is_err());
    assert_eq!(a.transport.count(Call::Push), 3);
    assert_eq!(server.acked(a.device_id), 0);
    a.sync().await.unwrap();
    assert_eq!((server.sales(), server.acked(a.device_id)), (1, 4));
}

#[tokio::test]
async fn a_lost_push_is_sent_again_in_the_same_round_as_a_smaller_batch() {
    let (server, a, _b) = store_with_two_tills().await;
    a.sell(&["W0001"]);
    a.sell(&["W0002"]);
    a.transport.fail_next(Call::Push, Fault::DropResponse);
    let report = a.sync().await.unwrap();
    assert_eq!((report.batch_shrinks, report.acked_seq), (1, 5));
    assert!(
        report.summary().contains("halved once"),
        "{}",
        report.summary()
    );
    assert_eq!(a.pending(), 0);
    assert_eq!(
        server.sales(),
        2,
        "the committed batch is not applied twice"
    );
    assert!(server.contiguous(a.device_id));
}

#[tokio::test]
async fn a_link_that_breaks_on_large_bodies_still_gets_everything_through() {
    let (server, a, _b) = store_with_two_tills().await;
    for _ in 0..20 {
        a.sell(&["W0001", "W0002"]);
    }
    // Every push of more than 3 events is cut, every time.
    a.transport.cut_pushes_over(3);
    let report = a.sync().await.unwrap();
    assert_eq!(a.pending(), 0);
    assert!(report.batch_shrinks >= 1, "{report:?}");
    assert_eq!(server.sales(), 20);
    assert!(server.contiguous(a.device_id));
    assert_eq!(server.with(|s| s.duplicates_rejected(a.device_id)), 0);
}

#[tokio::test]
async fn a_lost_pull_reply_is_pulled_again_without_doubles() {
    let (_server, a, b) = store_with_two_tills().await;
    for _ in 0..3 {
        a.sell(&["W0002"]);
    }
    a.sync().await.unwrap();
    b.transport.fail_next(Call::Pull, Fault::DropResponse);
    assert!(b.sync().await.is_err());
    assert_eq!(b.sales(), 0);
    assert_eq!(b.with(|s| s.sync_state().unwrap().pull_cursor), 0);
    b.sync().await.unwrap();
    b.sync().await.unwrap();
    assert_eq!(b.sales(), 3);
    assert_eq!(b.level("W0002"), -3_000);
}

#[tokio::test]
async fn batches_are_cut_by_count_and_bytes_and_partial_acks_resume_in_the_round() {
    let (server, a, _b) = store_with_two_tills().await;
    for _ in 0..5 {
        a.sell(&["W0001"]);
    }
    // 8 events, 3 per request.
    let by_count = RoundConfig {
        push_bounds: BatchBounds {
            max_events: 3,
            max_bytes: 1 << 20,
        },
        ..RoundConfig::default()
    };
    server.with(|s| s.max_apply_per_push = Some(2));
    let report = a.sync_with(by_count).await.unwrap();
    // The server takes 2 of each 3: requests from #1, #3, #5, #7.
    assert_eq!((report.pushed, report.push_requests), (8, 4));
    assert!(server.contiguous(a.device_id));
    assert_eq!(server.with(|s| s.duplicates_rejected(a.device_id)), 0);

    // Byte-bounded: every event travels alone.
    server.with(|s| s.max_apply_per_push = None);
    for _ in 0..3 {
        a.sell(&["W0001"]);
    }
    let tiny = RoundConfig {
        push_bounds: BatchBounds {
            max_events: 100,
            max_bytes: 1,
        },
        ..RoundConfig::default()
    };
    let report = a.sync_with(tiny).await.unwrap();
    assert_eq!((report.pushed, report.push_requests), (3, 3));
    assert_eq!(server.sales(), 8);
}

#[tokio::test]
async fn an_invalid_event_is_quarantined_and_the_queue_moves_on() {
    let (server, a, _b) = store_with_two_tills().await;
    let bad = a.sell(&["W0001"]);
    a.sell(&["W0002"]);
    // Damage the first sale on disk: its total no longer adds up.
    a.with(|s| {
        s.conn()
            .execute("UPDATE sales SET total = total + 1 WHERE id = ?1", [bad.id])
            .unwrap()
    });
    let report = a.sync().await.unwrap();
    assert_eq!(report.acked_seq, 5);
    assert_eq!(report.quarantined.len(), 1);
    assert_eq!(
        (
            report.quarantined[0].seq,
            report.quarantined[0].code.as_str()
        ),
        (4, "inconsistent_amounts")
    );
    assert!(
        report.summary().contains("1 quarantined"),
        "{}",
        report.summary()
    );
    assert_eq!(server.sales(), 1);
    let proof = prove(&a.store, &a.transport).await.unwrap();
    assert!(proof.matches(), "{}", proof.summary());
    assert_eq!(
        proof.summary(),
        "Till A: 1 sale up to #5, 0 gaps, 0 doubles, totals match, 1 quarantined"
    );
}

#[tokio::test]
async fn pages_are_pulled_until_the_server_has_no_more() {
    let (_server, a, b) = store_with_two_tills().await;
    for _ in 0..30 {
        a.sell(&["W0003"]);
    }
    a.sync().await.unwrap();
    let small = RoundConfig {
        pull_page: 7,
        ..RoundConfig::default()
    };
    let report = b.sync_with(small).await.unwrap();
    assert_eq!((report.pulled, report.pages), (33, 5));
    assert_eq!(b.sales(), 30);
    assert_eq!(report.pull_cursor, 33);
    let again = b.sync_with(small).await.unwrap();
    assert_eq!((again.pulled, again.pages), (0, 1));
}

#[tokio::test]
async fn a_server_restored_from_a_backup_gets_the_lost_events_again() {
    let (server, a, b) = store_with_two_tills().await;
    a.sell(&["W0001"]);
    a.sell(&["W0001"]);
    a.sync().await.unwrap();
    let backup = server.snapshot();
    for _ in 0..3 {
        a.sell(&["W0002"]);
    }
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    assert_eq!((server.sales(), b.sales()), (5, 5));

    server.restore(backup, 2);
    assert_eq!(server.sales(), 2);
    let report = a.sync().await.unwrap();
    assert!(report.epoch_changed);
    assert_eq!(report.resent_from, Some(6));
    assert_eq!(report.pushed, 3);
    assert_eq!(server.sales(), 5);
    assert!(server.contiguous(a.device_id));
    // B pulls again from the start; nothing doubles.
    let report = b.sync().await.unwrap();
    assert!(report.epoch_changed);
    assert_eq!(report.applied.sales, 0);
    assert_eq!(b.sales(), 5);
    assert_eq!(b.level("W0002"), -3_000);
    let proof = prove(&a.store, &a.transport).await.unwrap();
    assert!(proof.matches(), "{}", proof.summary());
}

#[tokio::test]
async fn a_till_restored_from_an_old_backup_moves_its_new_sales_and_gets_its_lost_ones_back() {
    let server = FakeServer::new(NOW);
    let a = Till::new(&server, "A", 1);
    a.add_product("W0001", "Indomie Goreng", 3_500, "2000000000015");
    a.pair("AAAA1111").await;
    // Backed up unsynced: the catalog entry (#1) is not pushed yet.
    let backup_path = a.dir.path().join("backup.db");
    let db_path = a.with(|s| s.path().to_path_buf());
    laris_core::backup_to(&db_path, &backup_path).unwrap();
    a.sell(&["W0001"]);
    a.sell(&["W0001"]);
    a.sync().await.unwrap();
    assert_eq!(server.acked(a.device_id), 3);
    let credential = a.transport.credential.lock().unwrap().clone();

    // The till's disk dies; its backup (from before those two sales) is put back.
    let restored = laris_core::DeviceStore::open(
        &backup_path,
        a.clock.clone(),
        std::sync::Arc::new(laris_core::SeededIds::new(77)),
    )
    .unwrap();
    drop(a.store);
    let store = laris_sync::shared(restored);
    let transport = FakeTransport::new(server.clone(), a.device_id);
    *transport.credential.lock().unwrap() = credential;
    let sell = |store: &laris_sync::SharedStore| {
        let mut s = store.lock().unwrap();
        let mut cart = laris_core::Cart::new();
        cart.add(&s.product_by_code("W0001").unwrap(), 1000)
            .unwrap();
        s.checkout(&cart, &[laris_core::Tender::cash(3_500)], None)
            .unwrap();
    };
    // Sold before the first sync: it takes #2, which the server holds for another sale.
    sell(&store);
    let config = RoundConfig::default();
    let report = laris_sync::sync_round(&store, &transport, &config)
        .await
        .unwrap();
    assert_eq!(report.renumbered, 1, "{}", report.summary());
    assert_eq!(
        report.pushed, 1,
        "the sale, as #4 (#1 was found held by the refused push)"
    );
    assert_eq!(report.recovered, 2, "the two sales the restore lost");
    assert_eq!(server.sales(), 3, "nothing lost, nothing doubled");
    assert!(server.contiguous(a.device_id));
    {
        let s = store.lock().unwrap();
        let state = s.sync_state().unwrap();
        assert_eq!(
            (state.acked_seq, state.last_seq, state.lost_range()),
            (4, 4, None)
        );
        let seqs: Vec<i64> = s
            .query()
            .outbox_after(0, 10)
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(seqs, vec![1, 2, 3, 4], "the outbox is whole again");
        let sales: i64 = s
            .conn()
            .query_row("SELECT COUNT(*) FROM sales", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sales, 3);
        let p = s.product_by_code("W0001").unwrap();
        assert_eq!(
            s.stock_level(p.id).unwrap(),
            -3_000,
            "stock counts the lost sales"
        );
    }
    // Later sales follow on without anything by hand.
    sell(&store);
    sell(&store);
    let report = laris_sync::sync_round(&store, &transport, &config)
        .await
        .unwrap();
    assert_eq!((report.pushed, report.renumbered), (2, 0));
    assert_eq!(server.sales(), 5);
    let proof = prove(&store, &transport).await.unwrap();
    assert!(proof.matches(), "{}", proof.summary());
}

#[tokio::test]
async fn catalog_edits_converge_field_by_field_everywhere() {
    let (server, a, b) = store_with_two_tills().await;
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    a.clock.advance(MINUTE);
    a.with(|s| {
        s.upsert_product(&draft("W0001", "Indomie Goreng", 3_800, "2000000000015"))
            .unwrap()
    });
    b.clock.advance(2 * MINUTE);
    b.with(|s| {
        s.upsert_product(&draft(
            "W0001",
            "Indomie Goreng Jumbo",
            3_500,
            "2000000000015",
        ))
        .unwrap()
    });
    b.with(|s| {
        let p = s.product_by_code("W0002").unwrap();
        let authority = s.owner_authority(None).unwrap();
        s.delete_product(authority, p.id).unwrap();
    });
    for till in [&a, &b, &a] {
        till.sync().await.unwrap();
    }
    for till in [&a, &b] {
        let p = till.with(|s| s.product_by_code("W0001").unwrap());
        assert_eq!((p.name.as_str(), p.price), ("Indomie Goreng Jumbo", 3_800));
        assert!(till.with(|s| s.find_by_code("W0002").unwrap().is_none()));
    }
    let on_a = catalog_snapshot(&a.store).unwrap();
    assert_eq!(on_a, catalog_snapshot(&b.store).unwrap());
    let on_server: Vec<_> = server.with(|s| s.products.values().cloned().collect());
    assert_eq!(on_a, on_server);
}

#[tokio::test]
async fn a_till_whose_clock_is_days_ahead_gets_its_edits_accepted() {
    let server = FakeServer::new(NOW);
    let c = Till::new(&server, "C", 3);
    c.clock.advance(3 * 24 * 60 * MINUTE);
    c.add_product("K1", "Kopi", 2_000, "2000000000046");
    c.pair("CCCC3333").await;
    let report = c.sync().await.unwrap();
    assert!(report.quarantined.is_empty(), "{:?}", report.quarantined);
    assert_eq!(server.with(|s| s.products.len()), 1);
    let stamp = server.with(|s| s.products.values().next().unwrap().max_hlc());
    assert!(stamp.wall_ms <= NOW as u64 + 1000, "{stamp:?}");
}

#[tokio::test]
async fn an_unpaired_till_does_not_sync() {
    let server = FakeServer::new(NOW);
    let t = Till::new(&server, "A", 1);
    let err = t.sync().await.unwrap_err();
    assert_eq!(err.code(), "not_paired");
    assert_eq!(t.transport.count(Call::Handshake), 0);
}

#[tokio::test]
async fn a_refund_waits_for_a_server_that_can_read_it_and_nothing_else_does() {
    let (server, a, _b) = store_with_two_tills().await;
    let sale = a.sell(&["W0001"]);
    a.sync().await.unwrap();
    let acked_before = server.acked(a.device_id);
    a.with(|s| {
        let authority = s.owner_authority(None).unwrap();
        s.refund_sale(
            authority,
            sale.id,
            &[laris_core::ReturnRequest {
                line_no: 1,
                qty_milli: 1_000,
            }],
            laris_core::PaymentMethod::Cash,
            "rusak",
        )
        .unwrap();
    });
    a.sell(&["W0002"]);
    // A server not yet updated: the refund and what follows it wait, nothing is dropped.
    server.with(|s| s.protocol_version = 1);
    let err = a.sync().await.unwrap_err();
    assert_eq!(err.code(), "server_too_old", "{err}");
    assert_eq!(server.acked(a.device_id), acked_before);
    assert_eq!(
        a.pending(),
        3,
        "the refund, its audit entry and the sale after it"
    );
    // Updated: everything goes, in order.
    server.with(|s| s.protocol_version = laris_protocol::v1::PROTOCOL_VERSION);
    let report = a.sync().await.unwrap();
    assert_eq!(report.pushed, 3);
    assert_eq!(a.pending(), 0);
    assert_eq!(server.sales(), 2);
}
