//! Field checks shared by the v1 validators. Bounds mirror laris-core's (a device never makes
//! what the server would refuse) and keep every valid event far below the body limits.

use crate::error::{ProtocolError, Result};

/// Largest unit price or cost, as laris-core's `MAX_PRICE` (Rp 1 billion).
pub const MAX_PRICE: i64 = 1_000_000_000;
/// Largest quantity on one line or movement, as laris-core's `MAX_QTY_MILLI` (100,000 units).
pub const MAX_QTY_MILLI: i64 = 100_000_000;
/// Largest amount of money in any single field (Rp 10^15): no sum of valid lines comes near
/// i64 overflow.
pub const MAX_MONEY: i64 = 1_000_000_000_000_000;
/// Lines on one sale. laris-core has no cap yet: it should refuse a cart past this.
pub const MAX_LINES_PER_SALE: usize = 1_000;
pub const MAX_PAYMENTS_PER_SALE: usize = 16;
pub const MAX_BARCODES_PER_PRODUCT: usize = 32;
/// Cash rounding moves the total by less than this (today's largest step is Rp 500).
pub const MAX_ROUNDING: i64 = 1_000;

/// Text bounds, in characters.
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_UNIT_CHARS: usize = 20;
pub const MAX_CODE_BYTES: usize = 64;
pub const MAX_RECEIPT_CHARS: usize = 64;
pub const MAX_PERSON_CHARS: usize = 100;
pub const MAX_REFERENCE_CHARS: usize = 100;
pub const MAX_REASON_CHARS: usize = 500;

/// Non-blank text of at most `max` characters with no control characters.
pub(crate) fn text(field: &'static str, s: &str, max: usize) -> Result<()> {
    if s.trim().is_empty() {
        return Err(ProtocolError::invalid(field, "must not be empty"));
    }
    if s.chars().count() > max {
        return Err(ProtocolError::invalid(
            field,
            format!("longer than {max} characters"),
        ));
    }
    if s.chars().any(char::is_control) {
        return Err(ProtocolError::invalid(
            field,
            "must not hold control characters",
        ));
    }
    Ok(())
}

pub(crate) fn opt_text(field: &'static str, s: Option<&str>, max: usize) -> Result<()> {
    s.map_or(Ok(()), |s| text(field, s, max))
}

/// A SKU or barcode: 1 to 64 printable ASCII characters, no spaces (as laris-core).
pub(crate) fn code(field: &'static str, s: &str) -> Result<()> {
    if s.is_empty() || s.len() > MAX_CODE_BYTES {
        return Err(ProtocolError::invalid(
            field,
            format!("must be 1 to {MAX_CODE_BYTES} characters"),
        ));
    }
    if !s.bytes().all(|c| c.is_ascii_graphic()) {
        return Err(ProtocolError::invalid(
            field,
            "may hold only letters, digits and symbols, no spaces",
        ));
    }
    Ok(())
}

pub(crate) fn range(field: &'static str, v: i64, min: i64, max: i64) -> Result<()> {
    if v < min || v > max {
        return Err(ProtocolError::invalid(
            field,
            format!("{v} is outside {min}..={max}"),
        ));
    }
    Ok(())
}

pub(crate) fn money(field: &'static str, v: i64) -> Result<()> {
    range(field, v, 0, MAX_MONEY)
}

pub(crate) fn nonzero_id(field: &'static str, id: uuid::Uuid) -> Result<()> {
    if id.is_nil() {
        return Err(ProtocolError::invalid(field, "must not be the nil id"));
    }
    Ok(())
}

/// `actual` must equal `expected` (computed in i128 from the parts).
pub(crate) fn same(what: &'static str, expected: i128, actual: i64) -> Result<()> {
    if expected == i128::from(actual) {
        return Ok(());
    }
    Err(ProtocolError::Inconsistent {
        what,
        expected: i64::try_from(expected).unwrap_or(i64::MAX),
        actual,
    })
}

/// `n / d` rounded half up (d > 0), as laris-core's pricing.
pub(crate) fn div_round_half_up(n: i128, d: i128) -> i128 {
    (2 * n + d).div_euclid(2 * d)
}

/// `qty_milli × unit_price / 1000`, rounded half up to a whole Rupiah (laris-core's
/// `line_amount`).
pub fn line_amount(qty_milli: i64, unit_price: i64) -> i128 {
    div_round_half_up(i128::from(qty_milli) * i128::from(unit_price), 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_amount_matches_core() {
        assert_eq!(line_amount(250, 14_000), 3_500);
        assert_eq!(line_amount(333, 18_000), 5_994);
        assert_eq!(line_amount(1, 500), 1);
        assert_eq!(line_amount(1, 499), 0);
    }

    #[test]
    fn text_rules() {
        assert!(text("name", "Indomie", 10).is_ok());
        assert!(text("name", "  ", 10).is_err());
        assert!(text("name", "a\nb", 10).is_err());
        assert!(text("name", "ééééé", 5).is_ok());
        assert!(text("name", "éééééé", 5).is_err());
        assert!(code("sku", "W0001").is_ok());
        assert!(code("sku", "W 1").is_err());
        assert!(code("sku", "").is_err());
    }
}
