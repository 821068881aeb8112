//! Quantities are integer milli-units: 1 pcs = 1000, 0,5 kg = 500.

use crate::error::{CoreError, Result};

/// Parses `2`, `0.5`, `0,25` or `1.250` (a comma or a dot as the decimal mark, up to three
/// decimals) into milli-units.
pub fn parse_qty(s: &str) -> Result<i64> {
    let s = s.trim();
    let bad = || CoreError::invalid("qty", format!("{s:?} is not a quantity like 2 or 0,5"));
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, frac) = match digits.split_once(['.', ',']) {
        Some((w, f)) => (w, f),
        None => (digits, ""),
    };
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 3
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 12
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let frac_milli: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<3}").parse().map_err(|_| bad())?
    };
    let milli = whole * 1000 + frac_milli;
    Ok(if negative { -milli } else { milli })
}

/// `1500` → `1,5`; `2000` → `2` (Indonesian decimal comma).
pub fn format_qty(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let m = milli.unsigned_abs();
    let (whole, frac) = (m / 1000, m % 1000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{whole},{}", frac.trim_end_matches('0'))
    }
}

/// `12500` → `Rp 12.500`, as Intl.NumberFormat('id-ID', IDR, no decimals) shows it.
pub fn format_rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    if amount < 0 {
        format!("-Rp {grouped}")
    } else {
        format!("Rp {grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_quantities() {
        assert_eq!(parse_qty("2").unwrap(), 2000);
        assert_eq!(parse_qty("0,5").unwrap(), 500);
        assert_eq!(parse_qty("1.25").unwrap(), 1250);
        assert_eq!(parse_qty(",75").unwrap(), 750);
        assert_eq!(parse_qty("-3").unwrap(), -3000);
        for bad in ["", "abc", "1.2345", "1,2,3", "--1", "1e3", "."] {
            assert!(parse_qty(bad).is_err(), "{bad}");
        }
        assert_eq!(format_qty(1500), "1,5");
        assert_eq!(format_qty(2000), "2");
        assert_eq!(format_qty(250), "0,25");
        assert_eq!(format_qty(-1000), "-1");
    }

    #[test]
    fn formats_rupiah_like_intl_id() {
        assert_eq!(format_rupiah(12_500), "Rp 12.500");
        assert_eq!(format_rupiah(0), "Rp 0");
        assert_eq!(format_rupiah(999), "Rp 999");
        assert_eq!(format_rupiah(1_000_000), "Rp 1.000.000");
        assert_eq!(format_rupiah(-1_500), "-Rp 1.500");
    }
}
