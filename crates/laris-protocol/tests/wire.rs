//! Every v1 message survives every encoding; decoding refuses garbage, bombs and oversized
//! bodies with typed errors.

use laris_protocol::codec::{self, Compression, Encoding, Format};
use laris_protocol::limits::MAX_DECODED_BYTES;
use laris_protocol::v1::*;
use laris_protocol::{Hlc, ProtocolError};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

const ENCODINGS: [Encoding; 6] = [
    Encoding::new(Format::Postcard, Compression::Identity),
    Encoding::new(Format::Postcard, Compression::Zstd),
    Encoding::new(Format::Postcard, Compression::Gzip),
    Encoding::new(Format::Json, Compression::Identity),
    Encoding::new(Format::Json, Compression::Zstd),
    Encoding::new(Format::Json, Compression::Gzip),
];

fn round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    for enc in ENCODINGS {
        let bytes = codec::encode(value, enc).unwrap();
        let back: T = codec::decode(&bytes, enc, MAX_DECODED_BYTES)
            .map_err(|e| TestCaseError::fail(format!("{enc:?}: {e}")))?;
        prop_assert_eq!(&back, value, "{:?}", enc);
    }
    Ok(())
}

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z0-9 ]{0,12}", "\\PC{0,8}", Just(String::new())]
}

fn money() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..100_000, any::<i64>()]
}

fn hlc() -> impl Strategy<Value = Hlc> {
    (any::<u64>(), any::<u32>(), uuid()).prop_map(|(w, c, n)| Hlc::new(w, c, n))
}

fn stamped<T: std::fmt::Debug + Clone>(
    v: impl Strategy<Value = T>,
) -> impl Strategy<Value = Stamped<T>> {
    (v, hlc()).prop_map(|(value, hlc)| Stamped { value, hlc })
}

prop_compose! {
    fn line()(product_id in uuid(), sku in text(), name in text(), unit in text(),
              n in proptest::collection::vec(money(), 6), moves_stock in any::<bool>())
              -> SaleLineV1 {
        SaleLineV1 { product_id, sku, name, unit, qty_milli: n[0], unit_price: n[1],
                     unit_cost: n[2], gross: n[3], discount: n[4], cost: n[5], moves_stock }
    }
}

prop_compose! {
    fn payment()(method in prop_oneof![Just(PaymentMethodV1::Cash), Just(PaymentMethodV1::Qris),
                                       Just(PaymentMethodV1::Transfer)],
                 amount in money(), tendered in money(),
                 reference in proptest::option::of(text()),
                 unverified in any::<bool>()) -> SalePaymentV1 {
        let status = if unverified { PaymentStatusV1::Unverified } else { PaymentStatusV1::Settled };
        SalePaymentV1 { method, amount, tendered, reference, status }
    }
}

prop_compose! {
    fn sale()(id in uuid(), receipt_no in text(), created_at in any::<i64>(),
              cashier in proptest::option::of(text()),
              n in proptest::collection::vec(money(), 12),
              tax_mode in prop_oneof![Just(TaxModeV1::None), Just(TaxModeV1::Inclusive),
                                      Just(TaxModeV1::Exclusive)],
              lines in proptest::collection::vec(line(), 0..4),
              payments in proptest::collection::vec(payment(), 0..3)) -> SaleV1 {
        SaleV1 { id, receipt_no, created_at, cashier, gross: n[0], line_discount: n[1],
                 cart_discount: n[2], tax_mode, tax_rate_bp: n[3], tax: n[4], rounding: n[5],
                 total: n[6], tendered: n[7], change: n[8], cost: n[9], lines, payments }
    }
}

prop_compose! {
    fn movement()(id in uuid(), product_id in uuid(), restock in any::<bool>(),
                  qty_milli in any::<i64>(), reason in proptest::option::of(text()),
                  created_at in any::<i64>()) -> StockMovementV1 {
        let kind = if restock { MovementKindV1::Restock } else { MovementKindV1::Adjustment };
        StockMovementV1 { id, product_id, kind, qty_milli, reason, created_at }
    }
}

prop_compose! {
    fn product()(id in uuid(), s in proptest::collection::vec(stamped(text()), 3),
                 category in stamped(proptest::option::of(text())),
                 n in proptest::collection::vec(stamped(money()), 3),
                 b in proptest::collection::vec(stamped(any::<bool>()), 4),
                 barcodes in stamped(proptest::collection::vec(text(), 0..3))) -> ProductV1 {
        ProductV1 { id, sku: s[0].clone(), name: s[1].clone(), category, unit: s[2].clone(),
                    price: n[0].clone(), cost: n[1].clone(), sold_by_weight: b[0].clone(),
                    track_stock: b[1].clone(), min_stock_milli: n[2].clone(),
                    active: b[2].clone(), barcodes, deleted: b[3].clone() }
    }
}

fn body() -> impl Strategy<Value = EventBody> {
    prop_oneof![
        sale().prop_map(EventBody::Sale),
        movement().prop_map(EventBody::StockMovement),
        product().prop_map(|p| EventBody::ProductUpsert(Box::new(p))),
    ]
}

prop_compose! {
    fn limits()(a in any::<u32>(), b in any::<u64>(), c in any::<u64>(), d in any::<u32>(),
                e in any::<u64>()) -> LimitsV1 {
        LimitsV1 { max_events_per_push: a, max_body_bytes: b, max_decoded_bytes: c,
                   max_pull_page: d, max_clock_drift_ms: e }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn push_round_trips(device_id in uuid(),
                        events in proptest::collection::vec((any::<u64>(), body()), 0..5)) {
        let events = events.into_iter().map(|(seq, body)| Event { seq, body }).collect();
        round_trip(&PushRequest { device_id, events })?;
    }

    #[test]
    fn pull_round_trips(cursor in any::<u64>(), limit in any::<u32>(), has_more in any::<bool>(),
                        changes in proptest::collection::vec((any::<u64>(), uuid(), body()), 0..5)) {
        round_trip(&PullRequest { cursor, limit })?;
        let changes = changes
            .into_iter()
            .map(|(change_seq, origin_device, body)| Change { change_seq, origin_device, body })
            .collect();
        round_trip(&PullReply { changes, next_cursor: cursor, has_more })?;
    }

    #[test]
    fn handshake_and_replies_round_trip(
        ids in proptest::collection::vec(uuid(), 4), seqs in proptest::collection::vec(any::<u64>(), 4),
        version in any::<u16>(), known in any::<bool>(), time in any::<i64>(), limits in limits(),
        quarantined in proptest::collection::vec((any::<u64>(), text(), text()), 0..3),
        code in text(), message in text(),
    ) {
        round_trip(&Handshake {
            protocol_version: version, device_id: ids[0], store_id: ids[1], acked_seq: seqs[0],
            last_seq: seqs[1], known_epoch: known.then_some(ids[2]), device_time_ms: time,
        })?;
        round_trip(&HandshakeReply {
            protocol_version: version, server_epoch: ids[3], acked_seq: seqs[2],
            head_change_seq: seqs[3], server_time_ms: time, limits,
        })?;
        let quarantined = quarantined
            .into_iter()
            .map(|(seq, code, message)| QuarantinedEvent { seq, code, message })
            .collect();
        round_trip(&PushReply { acked_seq: seqs[0], quarantined })?;
        round_trip(&ErrorBody { code, message })?;
    }

    #[test]
    fn garbage_never_panics_and_fails_typed(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        for enc in ENCODINGS {
            if let Err(e) = codec::decode::<PushRequest>(&bytes, enc, 4096) {
                prop_assert!(
                    matches!(e, ProtocolError::Decode(_) | ProtocolError::Decompress(_)),
                    "{enc:?}: {e:?}"
                );
            }
        }
    }
}

fn sample_push(n: usize) -> PushRequest {
    let movement = |i: usize| StockMovementV1 {
        id: Uuid::from_u128(i as u128 + 1),
        product_id: Uuid::from_u128(7),
        kind: MovementKindV1::Restock,
        qty_milli: 12_000,
        reason: Some("kiriman".into()),
        created_at: 1_767_225_600_000 + i as i64,
    };
    PushRequest {
        device_id: Uuid::from_u128(1),
        events: (0..n)
            .map(|i| Event {
                seq: i as u64 + 1,
                body: EventBody::StockMovement(movement(i)),
            })
            .collect(),
    }
}

#[test]
fn json_is_readable() {
    let json = String::from_utf8(codec::encode(&sample_push(1), Encoding::JSON).unwrap()).unwrap();
    assert!(
        json.contains(r#""events":[{"seq":1,"body":{"stock_movement":{"#),
        "{json}"
    );
    assert!(json.contains(r#""kind":"restock""#), "{json}");
}

#[test]
fn oversized_bodies_are_refused_in_every_encoding() {
    let push = sample_push(100);
    for enc in ENCODINGS {
        let bytes = codec::encode(&push, enc).unwrap();
        let raw = codec::serialize(&push, enc.format).unwrap().len();
        let err = codec::decode::<PushRequest>(&bytes, enc, raw - 1).unwrap_err();
        assert_eq!(err, ProtocolError::TooLarge { limit: raw - 1 }, "{enc:?}");
        assert_eq!(err.code(), "body_too_large");
        let ok: PushRequest = codec::decode(&bytes, enc, raw).unwrap();
        assert_eq!(ok, push);
    }
}

#[test]
fn decompression_bombs_stop_at_the_limit() {
    // 64 MiB of zeros shrink to a few KB; decoding must stop at the limit, not inflate it all.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    for c in [Compression::Zstd, Compression::Gzip] {
        let bomb = codec::compress(zeros.clone(), c, 1).unwrap();
        assert!(bomb.len() < 1024 * 1024, "{c:?}: {}", bomb.len());
        let err = codec::decompress(&bomb, c, MAX_DECODED_BYTES).unwrap_err();
        assert_eq!(err.code(), "body_too_large", "{c:?}");
    }
}

#[test]
fn a_zstd_frame_asking_for_a_huge_window_is_refused() {
    use std::io::Write;
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    enc.window_log(27).unwrap();
    enc.write_all(&codec::serialize(&sample_push(3), Format::Postcard).unwrap())
        .unwrap();
    let frame = enc.finish().unwrap();
    let err = codec::decode::<PushRequest>(&frame, Encoding::BINARY_ZSTD, 64 * 1024).unwrap_err();
    assert_eq!(err.code(), "bad_compression", "{err}");
    // With a limit that allows such a window, the same frame decodes.
    let ok: PushRequest = codec::decode(&frame, Encoding::BINARY_ZSTD, 128 * 1024 * 1024).unwrap();
    assert_eq!(ok, sample_push(3));
}

#[test]
fn truncated_trailing_and_mistyped_bodies_are_refused() {
    let push = sample_push(5);
    for enc in ENCODINGS {
        let bytes = codec::encode(&push, enc).unwrap();
        let cut = &bytes[..bytes.len() - 3];
        let err = codec::decode::<PushRequest>(cut, enc, MAX_DECODED_BYTES).unwrap_err();
        assert!(
            matches!(err, ProtocolError::Decode(_) | ProtocolError::Decompress(_)),
            "{enc:?}: {err:?}"
        );
    }
    let mut raw = codec::serialize(&push, Format::Postcard).unwrap();
    raw.push(0);
    let err = codec::decode::<PushRequest>(
        &raw,
        Encoding::new(Format::Postcard, Compression::Identity),
        MAX_DECODED_BYTES,
    )
    .unwrap_err();
    assert_eq!(err.code(), "malformed_body");
    let reply = codec::encode(
        &PullRequest {
            cursor: 5,
            limit: 10,
        },
        Encoding::JSON,
    )
    .unwrap();
    let err = codec::decode::<PushRequest>(&reply, Encoding::JSON, MAX_DECODED_BYTES).unwrap_err();
    assert_eq!(err.code(), "malformed_body");
}

/// The largest sale `validate()` accepts, every text at its longest in 4-byte characters.
fn largest_valid_sale() -> SaleV1 {
    let long = |chars: usize| "𝔸".repeat(chars);
    let price = MAX_PRICE;
    let qty = 1_000; // One unit: keeps every line's gross at the largest price.
    let line = |i: u128| SaleLineV1 {
        product_id: Uuid::from_u128(u128::MAX - i),
        sku: "S".repeat(64),
        name: long(200),
        unit: long(20),
        qty_milli: qty,
        unit_price: price,
        unit_cost: price,
        gross: price,
        discount: 0,
        cost: price,
        moves_stock: true,
    };
    let lines: Vec<_> = (0..MAX_LINES_PER_SALE as u128).map(line).collect();
    let total = price * MAX_LINES_PER_SALE as i64;
    let share = total / MAX_PAYMENTS_PER_SALE as i64;
    let payments = (0..MAX_PAYMENTS_PER_SALE)
        .map(|_| SalePaymentV1 {
            method: PaymentMethodV1::Transfer,
            amount: share,
            tendered: share,
            reference: Some(long(100)),
            status: PaymentStatusV1::Settled,
        })
        .collect();
    SaleV1 {
        id: Uuid::from_u128(u128::MAX),
        receipt_no: long(64),
        created_at: i64::MAX,
        cashier: Some(long(100)),
        gross: total,
        line_discount: 0,
        cart_discount: 0,
        tax_mode: TaxModeV1::None,
        tax_rate_bp: 0,
        tax: 0,
        rounding: 0,
        total,
        tendered: total,
        change: 0,
        cost: total,
        lines,
        payments,
    }
}

#[test]
fn the_largest_valid_sale_fits_one_request_in_every_encoding() {
    use laris_protocol::limits::{MAX_BODY_BYTES, PUSH_ENVELOPE_BYTES};
    let sale = largest_valid_sale();
    sale.validate().unwrap();
    let push = PushRequest {
        device_id: Uuid::from_u128(1),
        events: vec![Event {
            seq: u64::MAX,
            body: EventBody::Sale(sale),
        }],
    };
    for enc in ENCODINGS {
        let raw = codec::serialize(&push, enc.format).unwrap().len();
        let sent = codec::encode(&push, enc).unwrap().len();
        assert!(
            raw + PUSH_ENVELOPE_BYTES < MAX_DECODED_BYTES,
            "{enc:?}: {raw}"
        );
        assert!(sent < MAX_BODY_BYTES, "{enc:?}: {sent}");
        if enc.format == Format::Postcard && enc.compression == Compression::Identity {
            assert!(raw < MAX_BODY_BYTES, "incompressible worst case: {raw}");
        }
    }
}
