//! Domain ↔ wire: every event a till makes passes the server's validation as mapped, and maps
//! back to exactly what the till holds.

mod common;

use common::fake_server::FakeServer;
use common::{NOW, Till, draft};
use laris_core::{Cart, OutboxEvent, Rounding, Tax, TaxMode, Tender};
use laris_protocol::codec::{self, Encoding};
use laris_protocol::v1::{Change, EventBody};
use laris_sync::{from_wire, to_wire};

#[test]
fn every_kind_of_event_validates_and_maps_back_unchanged() {
    let server = FakeServer::new(NOW);
    let t = Till::new(&server, "A", 1);
    t.add_product("W0001", "Indomie Goreng", 3_500, "2000000000015");
    let mut beras = draft("W0010", "Beras Curah", 14_000, "2000000000107");
    beras.sold_by_weight = true;
    beras.unit = "kg".into();
    let mut jasa = draft("J1", "Isi Ulang Pulsa", 10_000, "J1");
    jasa.track_stock = false;
    jasa.category = None;
    t.with(|s| {
        s.upsert_product(&beras).unwrap();
        s.upsert_product(&jasa).unwrap();
        s.save_pairing(&laris_core::Pairing {
            server_url: "http://fake".into(),
            store_id: uuid::Uuid::from_u128(9),
            store_name: "Warung".into(),
            credential: "x".into(),
        })
        .unwrap();
        let mut settings = s.settings().unwrap();
        settings.tax = Tax {
            mode: TaxMode::Exclusive,
            rate_bp: 1100,
        };
        settings.rounding = Rounding::Nearest500;
        let authority = s.owner_authority(None).unwrap();
        s.save_settings(authority, &settings).unwrap();
        let indomie = s.product_by_code("W0001").unwrap();
        s.restock(&indomie, 24_000, Some("kulakan")).unwrap();
        let authority = s.owner_authority(None).unwrap();
        s.adjust_stock(authority, &indomie, -1_000, "rusak")
            .unwrap();
        let mut cart = Cart::new();
        cart.add(&indomie, 3_000).unwrap();
        cart.add(&s.product_by_code("W0010").unwrap(), 750).unwrap();
        cart.add(&s.product_by_code("J1").unwrap(), 1_000).unwrap();
        cart.set_line_discount(0, 500).unwrap();
        cart.set_discount(1_000).unwrap();
        let total = cart.totals(s.settings().unwrap().pricing()).unwrap().total;
        let sale = s
            .checkout(
                &cart,
                &[Tender::qris(10_000), Tender::cash(total - 10_000 + 2_000)],
                Some("Rina"),
            )
            .unwrap();
        // A refund of a tracked line and of the service line (no stock back for it).
        let authority = s.owner_authority(None).unwrap();
        s.refund_sale(
            authority,
            sale.id,
            &[
                laris_core::ReturnRequest {
                    line_no: 1,
                    qty_milli: 1_000,
                },
                laris_core::ReturnRequest {
                    line_no: 3,
                    qty_milli: 1_000,
                },
            ],
            laris_core::PaymentMethod::Cash,
            "kemasan rusak",
        )
        .unwrap();
        // The books: a customer, a kasbon sale with a down payment and a repayment, a shift
        // from float to closing with a cash move, a stock count.
        let ani = s
            .save_customer(
                &laris_core::CustomerDraft {
                    name: "Bu Ani".into(),
                    phone: Some("0812 3456 7890".into()),
                    credit_limit: Some(100_000),
                    ..Default::default()
                },
                None,
            )
            .unwrap();
        s.open_shift(50_000).unwrap();
        let mut cart = Cart::new();
        cart.add(&indomie, 2_000).unwrap();
        s.checkout_with(
            &cart,
            &[Tender::cash(2_000)],
            None,
            laris_core::CheckoutOptions {
                kasbon: Some(laris_core::KasbonCharge {
                    customer_id: ani.id,
                    due_day: Some(20_261_231),
                }),
                authority: None,
            },
        )
        .unwrap();
        s.repay_kasbon(
            ani.id,
            1_000,
            laris_core::PaymentMethod::Qris,
            Some("ref 9"),
            None,
        )
        .unwrap();
        s.cash_move(-5_000, "beli es").unwrap();
        s.close_shift(
            laris_core::ShiftCounts {
                cash: 46_000,
                qris: Some(11_000),
                transfer: None,
            },
            Some("kurang"),
        )
        .unwrap();
        let authority = s.owner_authority(None).unwrap();
        s.record_count(authority, &[(indomie.id, 10_000)], Some("opname"))
            .unwrap();
    });
    let events = t.with(|s| s.outbox_events_after(0, 100).unwrap());
    // Every kind of event: the catalog, stock moves, sales, a refund, and the books (the
    // kasbon sale's charge and the repayment are two entries), with their audit entries.
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| match &e.event {
            OutboxEvent::Sale(_) => "sale",
            OutboxEvent::StockMovement(_) => "stock_movement",
            OutboxEvent::Product(_) => "product",
            OutboxEvent::SaleReturn(_) => "sale_return",
            OutboxEvent::Book(b) => b.kind(),
        })
        .collect();
    for kind in [
        "customer",
        "kasbon_entry",
        "shift_open",
        "cash_move",
        "shift_close",
        "stock_count",
        "audit",
    ] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }
    assert_eq!(kinds.iter().filter(|k| **k == "kasbon_entry").count(), 2);
    let device = t.device_id;
    for e in &events {
        let wire = to_wire::event(e);
        assert_eq!(wire.seq, e.seq);
        wire.body
            .validate()
            .unwrap_or_else(|err| panic!("#{}: {err}", e.seq));
        // Through the real encoding, as a pulled change.
        let bytes = codec::encode(&wire, Encoding::BINARY_ZSTD).unwrap();
        let back: laris_protocol::v1::Event =
            codec::decode(&bytes, Encoding::BINARY_ZSTD, 1 << 20).unwrap();
        let change = Change {
            change_seq: 1,
            origin_device: device,
            body: back.body,
        };
        let remote = from_wire::change(&change);
        match (&e.event, remote) {
            (OutboxEvent::Sale(here), laris_core::RemoteChange::Sale(there)) => {
                assert_eq!(&there, here);
                if here.sale.lines.len() == 3 {
                    assert_eq!(here.stock_lines, [1, 2], "the service line moves no stock");
                }
                let EventBody::Sale(sale) = &wire.body else {
                    unreachable!()
                };
                let derived: Vec<_> = sale.stock_movements().map(|m| m.id).collect();
                let stored = t.with(|s| {
                    s.conn()
                        .prepare(
                            "SELECT id FROM stock_movements WHERE sale_id = ?1 AND kind = 'sale'
                             ORDER BY id",
                        )
                        .unwrap()
                        .query_map([here.sale.id], |r| r.get::<_, uuid::Uuid>(0))
                        .unwrap()
                        .collect::<Result<Vec<_>, _>>()
                        .unwrap()
                });
                let mut derived_sorted = derived.clone();
                derived_sorted.sort();
                assert_eq!(
                    derived_sorted, stored,
                    "the server derives the till's movement ids"
                );
            }
            (OutboxEvent::StockMovement(here), laris_core::RemoteChange::StockMovement(there)) => {
                assert_eq!(&there, here)
            }
            (OutboxEvent::Product(here), laris_core::RemoteChange::Product(there)) => {
                assert_eq!(&there, here)
            }
            (OutboxEvent::SaleReturn(here), laris_core::RemoteChange::SaleReturn(there)) => {
                assert_eq!(&there, here);
                let EventBody::SaleReturn(r) = &wire.body else {
                    unreachable!()
                };
                let derived: Vec<_> = r.stock_movements().map(|m| (m.id, m.qty_milli)).collect();
                let stored = t.with(|s| {
                    s.conn()
                        .prepare(
                            "SELECT id, qty_milli FROM stock_movements
                             WHERE sale_id = ?1 AND kind = 'return'",
                        )
                        .unwrap()
                        .query_map([here.sale_id], |r| Ok((r.get(0)?, r.get(1)?)))
                        .unwrap()
                        .collect::<Result<Vec<(uuid::Uuid, i64)>, _>>()
                        .unwrap()
                });
                assert_eq!(derived, stored, "one movement, for the tracked line only");
                assert_eq!(
                    laris_core::return_movement_id(here.id, 1),
                    laris_protocol::v1::return_movement_id(here.id, 1)
                );
            }
            (OutboxEvent::Book(here), laris_core::RemoteChange::Book(there)) => {
                assert_eq!(&there, here)
            }
            (here, there) => panic!("{here:?} came back as {there:?}"),
        }
    }
}
