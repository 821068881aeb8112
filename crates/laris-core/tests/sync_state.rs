//! The sync state on a real database file: what a handshake's outcomes do to the
//! acknowledged seq and the pull cursor, acknowledgements, a device restored from an old
//! backup, and the proof's tally of the outbox.

mod common;

use laris_core::{Cart, Pairing, ServerHead, Tender};
use uuid::Uuid;

use common::{Shop, count, shop};

fn paired_shop_with_sales(n: usize) -> Shop {
    let mut shop = shop();
    shop.store
        .save_pairing(&Pairing {
            server_url: "http://127.0.0.1:1".into(),
            store_id: Uuid::from_u128(42),
            store_name: "Warung".into(),
            credential: "secret".into(),
        })
        .unwrap();
    let p = shop.store.product_by_code("2000000000015").unwrap();
    for _ in 0..n {
        let mut cart = Cart::new();
        cart.add(&p, 1000).unwrap();
        shop.store
            .checkout(&cart, &[Tender::cash(3_500)], None)
            .unwrap();
    }
    shop
}

fn head(epoch: u128, acked: u64) -> ServerHead {
    ServerHead {
        epoch: Uuid::from_u128(epoch),
        acked_seq: acked,
        reset_cursor: false,
    }
}

#[test]
fn an_unpaired_till_has_no_server_to_adopt() {
    let mut shop = shop();
    let state = shop.store.sync_state().unwrap();
    assert!(!state.is_paired());
    assert_eq!(
        (state.acked_seq, state.last_seq, state.pull_cursor),
        (0, 0, 0)
    );
    assert_eq!(
        shop.store
            .adopt_server_head(&head(1, 0))
            .unwrap_err()
            .code(),
        "not_paired"
    );
}

#[test]
fn the_servers_acked_seq_is_adopted_whichever_way_it_moved() {
    let mut shop = paired_shop_with_sales(5);
    let s = &mut shop.store;
    assert_eq!(s.last_seq().unwrap(), 130);
    // First handshake: nothing held yet.
    let pos = s.adopt_server_head(&head(7, 0)).unwrap();
    assert_eq!(
        (pos.push_from, pos.pull_cursor, pos.epoch_changed),
        (1, 0, false)
    );
    assert_eq!(s.mark_acked(100).unwrap(), 100);
    assert_eq!(s.mark_acked(90).unwrap(), 100, "an ack never lowers");
    assert_eq!(s.mark_acked(131).unwrap_err().code(), "acked_beyond_outbox");
    s.apply_remote(&[], 55).unwrap();
    // A lost push reply (or other events under those seqs): the server holds more than the
    // till knows, so #101..#120 go again for the server to compare.
    let pos = s.adopt_server_head(&head(7, 120)).unwrap();
    assert_eq!(
        (pos.push_from, pos.pull_cursor, pos.acked_before),
        (101, 55, 100)
    );
    assert_eq!(s.sync_state().unwrap().pending(), 30);
    s.mark_acked(120).unwrap();
    // The server was restored from a backup: new epoch, fewer seqs, pull from the start.
    let pos = s.adopt_server_head(&head(8, 90)).unwrap();
    assert_eq!(
        (pos.push_from, pos.pull_cursor, pos.epoch_changed),
        (91, 0, true)
    );
    let state = s.sync_state().unwrap();
    assert_eq!((state.acked_seq, state.pending()), (90, 40));
    assert_eq!(state.server_epoch, Some(Uuid::from_u128(8)));
    assert_eq!(
        count(s.conn(), "outbox"),
        130,
        "the outbox keeps everything"
    );
    // The server says the cursor is past its head.
    s.apply_remote(&[], 70).unwrap();
    let mut h = head(8, 90);
    h.reset_cursor = true;
    assert_eq!(s.adopt_server_head(&h).unwrap().pull_cursor, 0);
}

fn sell(s: &mut laris_core::DeviceStore, n: usize) {
    let p = s.product_by_code("2000000000015").unwrap();
    for _ in 0..n {
        let mut cart = Cart::new();
        cart.add(&p, 1000).unwrap();
        s.checkout(&cart, &[Tender::cash(3_500)], None).unwrap();
    }
}

fn seqs_after(s: &laris_core::DeviceStore, after: i64) -> Vec<i64> {
    s.query()
        .outbox_after(after, 1_000)
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect()
}

#[test]
fn a_till_restored_from_an_old_backup_numbers_after_the_server_and_moves_reused_seqs() {
    let mut shop = paired_shop_with_sales(3);
    let s = &mut shop.store;
    s.adopt_server_head(&head(7, 0)).unwrap();
    s.mark_acked(126).unwrap();
    // Restored: two sales made before the first sync took #129 and #130, which the lost file
    // had used too. The server holds #140 of this till.
    sell(s, 2);
    let pos = s.adopt_server_head(&head(7, 140)).unwrap();
    assert_eq!(
        pos.push_from, 127,
        "#127..#130 go for the server to compare"
    );
    let state = s.sync_state().unwrap();
    assert_eq!((state.seq_floor, state.lost_after), (140, Some(130)));
    assert_eq!(state.lost_range(), Some((130, 140)));
    // Sales from now on follow the server's seqs.
    sell(s, 1);
    assert_eq!(s.last_seq().unwrap(), 141);
    assert_eq!(
        s.mark_acked(140).unwrap(),
        140,
        "up to the floor is no error"
    );
    assert_eq!(s.mark_acked(142).unwrap_err().code(), "acked_beyond_outbox");
}

#[test]
fn reused_seqs_move_after_the_servers_without_gaps() {
    let mut shop = paired_shop_with_sales(3);
    let s = &mut shop.store;
    s.adopt_server_head(&head(7, 0)).unwrap();
    s.mark_acked(126).unwrap();
    sell(s, 2);
    s.adopt_server_head(&head(7, 140)).unwrap();
    sell(s, 1);
    assert_eq!(
        seqs_after(s, 120),
        vec![121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 141]
    );
    // The server found #127, #128 its own and refused #129: it holds another sale there.
    assert_eq!(
        s.move_after_server(126, 140).unwrap_err().code(),
        "outbox_broken",
        "#126 is acknowledged"
    );
    assert_eq!(s.move_after_server(129, 140).unwrap(), 3);
    assert_eq!(
        seqs_after(s, 120),
        vec![121, 122, 123, 124, 125, 126, 127, 128, 141, 142, 143]
    );
    let state = s.sync_state().unwrap();
    assert_eq!(
        (state.acked_seq, state.seq_floor, state.lost_range()),
        (140, 140, Some((128, 140)))
    );
    assert_eq!(state.pending(), 3);
    sell(s, 1);
    assert_eq!(s.last_seq().unwrap(), 144);
    // The next handshake goes on from there.
    assert_eq!(s.adopt_server_head(&head(7, 140)).unwrap().push_from, 141);
}

#[test]
fn the_tally_counts_sales_up_to_a_seq_without_the_quarantined() {
    let shop = paired_shop_with_sales(4);
    let s = &shop.store;
    let all = s.outbox_tally(1_000, &[]).unwrap();
    assert_eq!((all.events, all.sales, all.sales_total), (129, 4, 14_000));
    let some = s.outbox_tally(127, &[126, 2]).unwrap();
    assert_eq!((some.events, some.sales, some.sales_total), (125, 1, 3_500));
}

#[test]
fn success_and_errors_are_recorded() {
    let mut shop = paired_shop_with_sales(0);
    shop.store
        .record_sync_error("unreachable", "no route")
        .unwrap();
    let e = shop.store.sync_state().unwrap().last_error.unwrap();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("unreachable", "no route")
    );
    shop.clock.advance(1000);
    shop.store.record_sync_success().unwrap();
    let state = shop.store.sync_state().unwrap();
    assert_eq!(state.last_error, None);
    assert_eq!(state.last_success_at, Some(common::NOV27_10H_WIB + 1000));
}

#[test]
fn a_schema_1_database_is_upgraded_in_place_and_its_catalog_synced_at_pairing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../../../migrations/device/0001_init.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO device (singleton, device_id, code, created_at) VALUES (1, ?1, 'A', 0)",
            [Uuid::from_u128(0xa)],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO products (id, sku, name, unit, price, cost, sold_by_weight, track_stock,
                 active, created_at, updated_at)
             VALUES (?1, 'OLD1', 'Gula Pasir', 'kg', 17000, 15000, 1, 1, 1, 0, 0)",
            [Uuid::from_u128(0xb)],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO barcodes (code, product_id) VALUES ('899000', ?1)",
            [Uuid::from_u128(0xb)],
        )
        .unwrap();
    }
    let clock = std::sync::Arc::new(laris_core::ManualClock::new(common::NOV27_10H_WIB));
    let mut store = laris_core::DeviceStore::open(
        &path,
        clock,
        std::sync::Arc::new(laris_core::SeededIds::new(1)),
    )
    .unwrap();
    assert_eq!(store.product_by_code("899000").unwrap().sku, "OLD1");
    assert!(store.product_records().unwrap().is_empty());
    assert_eq!(
        store
            .save_pairing(&Pairing {
                server_url: "http://127.0.0.1:1".into(),
                store_id: Uuid::from_u128(42),
                store_name: "Warung".into(),
                credential: "secret".into(),
            })
            .unwrap(),
        1
    );
    let records = store.product_records().unwrap();
    assert_eq!(records[0].barcodes.value, ["899000"]);
    assert!(records[0].sold_by_weight.value);
    assert_eq!(records[0].max_hlc().node, Uuid::from_u128(0xa));
    assert_eq!(store.sync_state().unwrap().pending(), 1);
}
