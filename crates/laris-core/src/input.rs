//! Amounts and quantities as a cashier types them, in Indonesian writing: "12.500" (a dot
//! groups thousands), "1,5" (a comma is the decimal mark), "Rp 12.500,-". Nothing typed is
//! silently changed: a minus sign, sen or a misplaced dot is an [`InputError`], never dropped.
//! The window's `parseMoney` / `parseQty` (ui/src/lib/format.ts) follow the same rules; both
//! are checked against tests/golden/money_input.json and qty_input.json.

use crate::sale::pricing::{MAX_PRICE, MAX_QTY_MILLI};

/// Why typed text is not an amount or a quantity. The names are the golden files' `error`
/// values and the window's `input.<kind>` messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("nothing typed")]
    Empty,
    #[error("a minus sign is not allowed")]
    Negative,
    #[error("must be more than zero")]
    Zero,
    #[error("Rupiah amounts have no sen")]
    Fraction,
    #[error("at most three decimals")]
    TooManyDecimals,
    #[error("dots must group thousands in threes, like 12.500")]
    Grouping,
    #[error("not a number")]
    NotANumber,
    #[error("too large")]
    TooLarge,
}

impl InputError {
    /// The golden files' spelling.
    pub fn kind(self) -> &'static str {
        match self {
            InputError::Empty => "empty",
            InputError::Negative => "negative",
            InputError::Zero => "zero",
            InputError::Fraction => "fraction",
            InputError::TooManyDecimals => "too_many_decimals",
            InputError::Grouping => "grouping",
            InputError::NotANumber => "not_a_number",
            InputError::TooLarge => "too_large",
        }
    }
}

/// Whole Rupiah from "12500", "12.500", "Rp 12.500", "12.500,00" or "Rp 12.500,-"; at most
/// [`MAX_PRICE`].
pub fn parse_rupiah(text: &str) -> Result<i64, InputError> {
    let mut s = text.trim();
    if let Some(rest) = strip_prefix_ignore_case(s, "rp") {
        s = rest.strip_prefix('.').unwrap_or(rest).trim_start();
    }
    if s.is_empty() {
        return Err(InputError::Empty);
    }
    if let Some(rest) = s.strip_prefix('-') {
        return Err(if rest.trim().is_empty() {
            InputError::NotANumber
        } else {
            InputError::Negative
        });
    }
    let (whole, sen) = match s.split_once(',') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    if let Some(sen) = sen {
        let zero = sen == "-" || (!sen.is_empty() && sen.chars().all(|c| c == '0'));
        if !zero {
            return Err(
                if !sen.is_empty() && sen.chars().all(|c| c.is_ascii_digit()) {
                    InputError::Fraction
                } else {
                    InputError::NotANumber
                },
            );
        }
    }
    let digits = grouped_digits(whole)?;
    let value = to_number(&digits)?;
    if value > MAX_PRICE {
        return Err(InputError::TooLarge);
    }
    Ok(value)
}

/// Milli-units from "2", "1,5", "0,25", "1.5" (a phone keypad's point), "1.250" (thousands)
/// or "1.250,5"; more than zero and at most [`MAX_QTY_MILLI`].
pub fn parse_quantity(text: &str) -> Result<i64, InputError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(InputError::Empty);
    }
    if let Some(rest) = s.strip_prefix('-') {
        return Err(if rest.trim().is_empty() {
            InputError::NotANumber
        } else {
            InputError::Negative
        });
    }
    let (whole, frac) = match s.split_once(',') {
        Some((w, f)) => (w.to_string(), f),
        None if is_thousands(s) => (s.to_string(), ""),
        None => match s.split_once('.') {
            Some((w, f)) => (w.to_string(), f),
            None => (s.to_string(), ""),
        },
    };
    if whole.is_empty() && frac.is_empty() {
        return Err(InputError::NotANumber);
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(InputError::NotANumber);
    }
    let whole = if whole.is_empty() {
        "0".to_string()
    } else {
        grouped_digits(&whole).map_err(|_| InputError::NotANumber)?
    };
    if frac.len() > 3 {
        return Err(InputError::TooManyDecimals);
    }
    let whole = to_number(&whole)?;
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<3}")
            .parse()
            .map_err(|_| InputError::NotANumber)?
    };
    let milli = whole
        .checked_mul(1000)
        .and_then(|w| w.checked_add(frac))
        .ok_or(InputError::TooLarge)?;
    if milli == 0 {
        return Err(InputError::Zero);
    }
    if milli > MAX_QTY_MILLI {
        return Err(InputError::TooLarge);
    }
    Ok(milli)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// "1.250" and "12.500.000": dots only between groups of exactly three digits.
fn is_thousands(s: &str) -> bool {
    let mut groups = s.split('.');
    let first = groups.next().unwrap_or("");
    s.contains('.')
        && (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// The digits of "12500" or "12.500"; anything else is an error.
fn grouped_digits(s: &str) -> Result<String, InputError> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(if s.is_empty() {
            InputError::Empty
        } else {
            InputError::NotANumber
        });
    }
    if s.contains('.') && !is_thousands(s) {
        return Err(InputError::Grouping);
    }
    Ok(s.replace('.', ""))
}

fn to_number(digits: &str) -> Result<i64, InputError> {
    let significant = digits.trim_start_matches('0');
    if significant.len() > 15 {
        return Err(InputError::TooLarge);
    }
    Ok(if significant.is_empty() {
        0
    } else {
        significant.parse().map_err(|_| InputError::NotANumber)?
    })
}
