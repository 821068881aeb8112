//! QRIS payloads built from the EMVCo structure: parsed and re-emitted byte for byte, the
//! dynamic payload for an amount, tampered payloads refused with a clear error, and any
//! input at all parsed without a panic.

use laris_qris::{Qris, QrisError, crc16_ccitt_false};
use proptest::prelude::*;

fn tlv(tag: &str, value: &str) -> String {
    format!("{tag}{:02}{value}", value.chars().count())
}

/// A static QRIS as an acquirer prints it: format, static initiation, the national merchant
/// account template (51: GUI, NMID, criteria), category, currency, country, name, city,
/// postal code, then the checksum.
fn static_payload(name: &str) -> String {
    let account = [
        tlv("00", "ID.CO.QRIS.WWW"),
        tlv("02", "ID1020021181745"),
        tlv("03", "UMI"),
    ]
    .concat();
    let body = [
        tlv("00", "01"),
        tlv("01", "11"),
        tlv(
            "26",
            &[
                tlv("00", "ID.CO.BANKXYZ.WWW"),
                tlv("01", "936000140000012345"),
            ]
            .concat(),
        ),
        tlv("51", &account),
        tlv("52", "5411"),
        tlv("53", "360"),
        tlv("58", "ID"),
        tlv("59", name),
        tlv("60", "BANDUNG"),
        tlv("61", "40115"),
        "6304".to_string(),
    ]
    .concat();
    let crc = crc16_ccitt_false(body.as_bytes());
    format!("{body}{crc:04X}")
}

#[test]
fn a_static_payload_is_read_and_re_emitted_byte_for_byte() {
    let p = static_payload("WARUNG BU SRI");
    let q = Qris::parse(&p).unwrap();
    assert_eq!(q.merchant_name(), "WARUNG BU SRI");
    assert_eq!(q.merchant_city(), "BANDUNG");
    assert_eq!(q.nmid().as_deref(), Some("ID1020021181745"));
    assert!(!q.is_dynamic());
    assert_eq!(q.amount(), None);
    assert_eq!(q.to_payload(), p);
    // Pasted with spaces around, or a lower-case checksum: the same code.
    assert_eq!(Qris::parse(&format!("  {p}\n")).unwrap(), q);
    let lower = format!("{}{}", &p[..p.len() - 4], p[p.len() - 4..].to_lowercase());
    assert!(Qris::parse(&lower).is_ok());
}

#[test]
fn the_dynamic_payload_carries_the_amount_and_a_new_checksum() {
    let q = Qris::parse(&static_payload("WARUNG BU SRI")).unwrap();
    let d = q.dynamic(12_500).unwrap();
    assert!(d.starts_with("000201010212"), "{d}");
    assert!(
        d.contains("5303360540512500"),
        "the amount right after the currency: {d}"
    );
    let back = Qris::parse(&d).unwrap();
    assert!(back.is_dynamic());
    assert_eq!(back.amount(), Some(12_500));
    assert_eq!(back.merchant_name(), "WARUNG BU SRI");
    // Made again from the dynamic one: the amount replaced, not added.
    let again = back.dynamic(7_000).unwrap();
    assert_eq!(Qris::parse(&again).unwrap().amount(), Some(7_000));
    for absurd in [0, -1, laris_qris::MAX_AMOUNT + 1] {
        assert!(matches!(q.dynamic(absurd), Err(QrisError::BadAmount(_))));
    }
}

#[test]
fn tampered_payloads_are_refused_with_what_is_wrong() {
    let p = static_payload("WARUNG BU SRI");
    // One letter of the name changed: the checksum no longer matches.
    let changed = p.replace("BU SRI", "BU SRA");
    assert_eq!(Qris::parse(&changed).unwrap_err().code(), "qris_bad_crc");
    // A length that runs past the end, or a cut payload.
    assert_eq!(
        Qris::parse(&p[..p.len() - 10]).unwrap_err().code(),
        "qris_malformed"
    );
    assert_eq!(
        Qris::parse("0002010102").unwrap_err().code(),
        "qris_malformed"
    );
    assert_eq!(Qris::parse("").unwrap_err().code(), "qris_malformed");
    assert_eq!(Qris::parse("hello").unwrap_err().code(), "qris_malformed");
    // Mandatory fields missing, or wrong, with a valid checksum.
    let with = |body: String| {
        let body = format!("{body}6304");
        let crc = crc16_ccitt_false(body.as_bytes());
        format!("{body}{crc:04X}")
    };
    let no_name = with(
        [
            tlv("00", "01"),
            tlv("01", "11"),
            tlv("26", &tlv("00", "X")),
            tlv("52", "5411"),
            tlv("53", "360"),
            tlv("58", "ID"),
            tlv("60", "BANDUNG"),
        ]
        .concat(),
    );
    assert!(matches!(
        Qris::parse(&no_name),
        Err(QrisError::Missing { tag: "59", .. })
    ));
    let dollars = with(
        [
            tlv("00", "01"),
            tlv("26", &tlv("00", "X")),
            tlv("52", "5411"),
            tlv("53", "840"),
            tlv("58", "ID"),
            tlv("59", "W"),
            tlv("60", "B"),
        ]
        .concat(),
    );
    assert_eq!(Qris::parse(&dollars).unwrap_err().code(), "qris_bad_field");
    let no_account = with(
        [
            tlv("00", "01"),
            tlv("52", "5411"),
            tlv("53", "360"),
            tlv("58", "ID"),
            tlv("59", "W"),
            tlv("60", "B"),
        ]
        .concat(),
    );
    assert_eq!(
        Qris::parse(&no_account).unwrap_err().code(),
        "qris_missing_field"
    );
    let absurd = with(
        [
            tlv("00", "01"),
            tlv("01", "12"),
            tlv("26", &tlv("00", "X")),
            tlv("52", "5411"),
            tlv("53", "360"),
            tlv("54", "99999999999999"),
            tlv("58", "ID"),
            tlv("59", "W"),
            tlv("60", "B"),
        ]
        .concat(),
    );
    assert!(Qris::parse(&absurd).is_err());
    let sen = with(
        [
            tlv("00", "01"),
            tlv("01", "12"),
            tlv("26", &tlv("00", "X")),
            tlv("52", "5411"),
            tlv("53", "360"),
            tlv("54", "100.50"),
            tlv("58", "ID"),
            tlv("59", "W"),
            tlv("60", "B"),
        ]
        .concat(),
    );
    assert_eq!(Qris::parse(&sen).unwrap_err().code(), "qris_bad_field");
    let no_crc = [
        tlv("00", "01"),
        tlv("26", &tlv("00", "X")),
        tlv("52", "5411"),
    ]
    .concat();
    assert!(matches!(
        Qris::parse(&no_crc),
        Err(QrisError::Missing { tag: "63", .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Any text at all: an answer, never a panic.
    #[test]
    fn any_input_parses_without_a_panic(s in "\\PC{0,300}") {
        let _ = Qris::parse(&s);
    }

    /// Digits in TLV shape (the likely garbage): never a panic, and whatever parses
    /// re-emits to a payload that parses to the same.
    #[test]
    fn tlv_shaped_input_parses_without_a_panic(s in "[0-9A-Z.]{0,200}") {
        if let Ok(q) = Qris::parse(&s) {
            prop_assert_eq!(Qris::parse(&q.to_payload()).unwrap(), q);
        }
    }

    /// Any amount QRIS can carry goes into the dynamic payload and comes back.
    #[test]
    fn amounts_round_trip(amount in 1i64..=laris_qris::MAX_AMOUNT) {
        let q = Qris::parse(&static_payload("WARUNG")).unwrap();
        let d = Qris::parse(&q.dynamic(amount).unwrap()).unwrap();
        prop_assert_eq!(d.amount(), Some(amount));
    }
}
