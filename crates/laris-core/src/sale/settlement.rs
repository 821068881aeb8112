//! Matching a bank's or QRIS provider's settlement list to the till's QRIS sales, offline: the
//! owner pastes or imports the list (CSV, as the merchant portal exports it) and each credit
//! is matched to a QRIS payment of the same amount made closest in time, within a window; what
//! is left on either side is shown. No payment gateway is needed: the list is the bank's word.
//!
//! The file's columns are found by their header (Bahasa Indonesia or English: a time or date
//! column, an amount column, an optional reference), the separator by the header line (comma,
//! semicolon or tab), amounts as Indonesians write them (`10.500`, `Rp 10.500`, `10500,00`)
//! or with decimals (`10500.00`), times as `2026-11-27 14:05[:07]`, `27/11/2026 14:05[:07]` or
//! `27-11-2026 14:05`, in the shop's time zone. A row that cannot be read is reported with its
//! line number, never guessed.

use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::error::{CoreError, Result};
use crate::shop_time::ShopTimeZone;
use crate::store::DeviceStore;

/// How far a settlement's time may be from the sale's and still match.
pub const SETTLEMENT_WINDOW_MS: i64 = 30 * 60_000;
/// The most rows a settlement list may have.
pub const MAX_SETTLEMENT_ROWS: usize = 20_000;

/// A line of the list that could not be read: its number, and why.
pub type UnreadableLine = (usize, String);

/// One credit of the settlement list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SettlementRow {
    /// The line of the file (the header is line 1).
    pub line: usize,
    pub at: i64,
    pub amount: i64,
    pub reference: Option<String>,
}

/// A QRIS payment of a sale, as matched.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QrisSalePayment {
    pub sale_id: Uuid,
    pub receipt_no: String,
    pub created_at: i64,
    pub amount: i64,
    /// Recorded unverified (and not confirmed since).
    pub unverified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reconciliation {
    pub matched: Vec<(SettlementRow, QrisSalePayment)>,
    /// Money the bank credited that no QRIS sale accounts for (a sale rung up as cash, or not
    /// rung up at all).
    pub unmatched_rows: Vec<SettlementRow>,
    /// QRIS sales in the list's period whose money is not on it.
    pub unmatched_sales: Vec<QrisSalePayment>,
    pub unreadable: Vec<UnreadableLine>,
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| {
        let h = h.trim().to_lowercase();
        names
            .iter()
            .any(|n| h == *n || h.starts_with(&format!("{n} ")))
    })
}

/// Reads the settlement list: its rows, and the lines it could not read.
pub fn read_settlement(
    text: &str,
    tz: ShopTimeZone,
) -> Result<(Vec<SettlementRow>, Vec<UnreadableLine>)> {
    // Spreadsheets save CSV with a byte-order mark before the header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| CoreError::invalid("settlement", format!("not a CSV list: {e}")))?
        .iter()
        .map(String::from)
        .collect();
    let date = column(
        &header,
        &[
            "tanggal",
            "tgl",
            "date",
            "transaction date",
            "tanggal transaksi",
        ],
    );
    let clock = column(
        &header,
        &[
            "jam",
            "waktu",
            "time",
            "transaction time",
            "waktu transaksi",
            "datetime",
        ],
    );
    let amount = column(
        &header,
        &[
            "nominal", "jumlah", "amount", "nilai", "total", "kredit", "credit",
        ],
    );
    let reference = column(
        &header,
        &[
            "rrn",
            "referensi",
            "reference",
            "ref",
            "no referensi",
            "reference no",
        ],
    );
    // A date and a time in two columns, or both in one.
    let when: Vec<usize> = match (date, clock) {
        (Some(d), Some(c)) if d != c => vec![d, c],
        (Some(x), _) | (None, Some(x)) => vec![x],
        (None, None) => Vec::new(),
    };
    let Some(amount) = amount.filter(|_| !when.is_empty()) else {
        return Err(CoreError::invalid(
            "settlement",
            "the list needs a time (Tanggal/Waktu) and an amount (Nominal/Jumlah) column in its first line",
        ));
    };
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // The file's own line (blank lines and quoted line breaks counted), for the owner to find.
        let start = match &record {
            Ok(r) => r.position().map(|p| p.byte() as usize),
            Err(e) => e.position().map(|p| p.byte() as usize),
        };
        // The reader's position is where it began reading the record, blank lines before it
        // included: the record's own line is after them.
        let line = start.map_or(i + 2, |b| {
            let bytes = text.as_bytes();
            let mut b = b.min(bytes.len());
            while b < bytes.len() && matches!(bytes[b], b'\n' | b'\r') {
                b += 1;
            }
            bytes[..b].iter().filter(|c| **c == b'\n').count() + 1
        });
        if rows.len() + unreadable.len() >= MAX_SETTLEMENT_ROWS {
            return Err(CoreError::invalid(
                "settlement",
                format!("at most {MAX_SETTLEMENT_ROWS} rows at a time"),
            ));
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                unreadable.push((line, e.to_string()));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or_default().trim();
        let when_text = when.iter().map(|&i| field(i)).collect::<Vec<_>>().join(" ");
        let at = match parse_time(&when_text, tz) {
            Some(at) => at,
            None => {
                unreadable.push((
                    line,
                    format!("{when_text:?} is not a time like 2026-11-27 14:05"),
                ));
                continue;
            }
        };
        let amount = match parse_amount(field(amount)) {
            Some(a) if a > 0 => a,
            _ => {
                unreadable.push((line, format!("{:?} is not an amount", field(amount))));
                continue;
            }
        };
        let reference = reference
            .map(field)
            .filter(|r| !r.is_empty())
            .map(String::from);
        rows.push(SettlementRow {
            line,
            at,
            amount,
            reference,
        });
    }
    Ok((rows, unreadable))
}

/// `10.500`, `Rp 10.500`, `10500`, `10.500,00`, `10500.00`, `10,500.00`: whole Rupiah.
fn parse_amount(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s
        .strip_prefix("Rp")
        .or_else(|| s.strip_prefix("IDR"))
        .unwrap_or(s)
        .trim();
    // After the last separator, two digits are sen (only zeros: whole Rupiah), three a group
    // of thousands; anything else is not an amount.
    let (whole, cents) = match s.rfind([',', '.']) {
        Some(i) if s.len() - i == 3 => (&s[..i], &s[i + 1..]),
        Some(i) if s.len() - i != 4 => return None,
        _ => (s, "00"),
    };
    if cents != "00" {
        return None;
    }
    let digits: String = whole.chars().filter(|c| *c != '.' && *c != ',').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 13 {
        return None;
    }
    digits.parse().ok()
}

/// A shop-local time in one of the forms settlement lists use.
fn parse_time(s: &str, tz: ShopTimeZone) -> Option<i64> {
    let (date, clock) = s.trim().split_once([' ', 'T'])?;
    let parts: Vec<&str> = date.split(['-', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 {
        (*a, *b, *c)
    } else {
        (*c, *b, *a)
    };
    let (y, m, d): (i32, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let date = time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()?;
    let mut hms = clock.trim().split(':');
    // Unsigned: a sign is not part of a time.
    let h = i64::from(hms.next()?.parse::<u8>().ok()?);
    let min = i64::from(hms.next()?.parse::<u8>().ok()?);
    let sec = i64::from(
        hms.next()
            .map_or(Some(0), |x| x.split('.').next()?.parse::<u8>().ok())?,
    );
    if h > 23 || min > 59 || sec > 59 {
        return None;
    }
    let (start, _) = tz.day_bounds(date);
    Some(start + ((h * 60 + min) * 60 + sec) * 1000)
}

fn qris_payments(conn: &Connection, from: i64, to: i64) -> Result<Vec<QrisSalePayment>> {
    let unverified: std::collections::HashSet<Uuid> =
        crate::sale::qris::unverified(conn, from, to)?
            .into_iter()
            .map(|u| u.sale_id)
            .collect();
    let rows: Vec<(Uuid, String, i64, i64)> = conn
        .prepare_cached(
            "SELECT s.id, s.receipt_no, s.created_at, SUM(p.amount)
             FROM sales s JOIN sale_payments p ON p.sale_id = s.id
             WHERE p.method = 'qris' AND s.created_at >= ?1 AND s.created_at < ?2
             GROUP BY s.id ORDER BY s.created_at, s.id",
        )?
        .query_map(params![from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .map(
            |(sale_id, receipt_no, created_at, amount)| QrisSalePayment {
                unverified: unverified.contains(&sale_id),
                sale_id,
                receipt_no,
                created_at,
                amount,
            },
        )
        .collect())
}

/// Each row matched to the QRIS payment of its amount nearest in time (within the window,
/// each payment at most once); rows nearest their match go first, so a close pair is never
/// broken up for a far one.
pub(crate) fn reconcile(conn: &Connection, text: &str, tz: ShopTimeZone) -> Result<Reconciliation> {
    let (rows, unreadable) = read_settlement(text, tz)?;
    let (Some(from), Some(to)) = (
        rows.iter().map(|r| r.at).min(),
        rows.iter().map(|r| r.at).max(),
    ) else {
        return Ok(Reconciliation {
            matched: Vec::new(),
            unmatched_rows: Vec::new(),
            unmatched_sales: Vec::new(),
            unreadable,
        });
    };
    let sales = qris_payments(
        conn,
        from - SETTLEMENT_WINDOW_MS,
        to + SETTLEMENT_WINDOW_MS + 1,
    )?;
    let mut pairs: Vec<(i64, usize, usize)> = Vec::new();
    for (ri, r) in rows.iter().enumerate() {
        for (si, s) in sales.iter().enumerate() {
            let gap = (r.at - s.created_at).abs();
            if s.amount == r.amount && gap <= SETTLEMENT_WINDOW_MS {
                pairs.push((gap, ri, si));
            }
        }
    }
    pairs.sort_unstable();
    let (mut row_used, mut sale_used) = (vec![false; rows.len()], vec![false; sales.len()]);
    let mut matched = Vec::new();
    for (_, ri, si) in pairs {
        if !row_used[ri] && !sale_used[si] {
            row_used[ri] = true;
            sale_used[si] = true;
            matched.push((rows[ri].clone(), sales[si].clone()));
        }
    }
    matched.sort_by_key(|(r, _)| r.line);
    let in_period = |s: &QrisSalePayment| s.created_at >= from && s.created_at <= to;
    Ok(Reconciliation {
        matched,
        unmatched_rows: rows
            .iter()
            .zip(&row_used)
            .filter(|(_, used)| !**used)
            .map(|(r, _)| r.clone())
            .collect(),
        unmatched_sales: sales
            .iter()
            .zip(&sale_used)
            .filter(|(s, used)| !**used && in_period(s))
            .map(|(s, _)| s.clone())
            .collect(),
        unreadable,
    })
}

impl DeviceStore {
    /// Matches a settlement list to the QRIS sales (read only; confirming is
    /// [`DeviceStore::confirm_qris`]).
    pub fn reconcile_settlement(&self, text: &str) -> Result<Reconciliation> {
        reconcile(&self.conn, text, self.settings()?.timezone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_times_as_settlement_lists_write_them() {
        for (text, want) in [
            ("10.500", Some(10_500)),
            ("Rp 10.500", Some(10_500)),
            ("IDR 10500", Some(10_500)),
            ("10.500,00", Some(10_500)),
            ("10500.00", Some(10_500)),
            ("10,500.00", Some(10_500)),
            ("1.250.000", Some(1_250_000)),
            ("10500.5", None),
            ("10500,50", None),
            ("-5.000", None),
            ("", None),
        ] {
            assert_eq!(parse_amount(text), want, "{text:?}");
        }
        let tz = ShopTimeZone::Wib;
        let at = parse_time("2026-11-27 10:00", tz).unwrap();
        assert_eq!(parse_time("27/11/2026 10:00:00", tz), Some(at));
        assert_eq!(parse_time("27-11-2026T10:00", tz), Some(at));
        for bad in [
            "2026-11-27 -1:00",
            "2026-11-27 24:00",
            "2026-02-30 10:00",
            "27/11/2026",
        ] {
            assert_eq!(parse_time(bad, tz), None, "{bad:?}");
        }
    }

    #[test]
    fn an_unreadable_row_is_named_by_its_line_in_the_file() {
        let text = "Waktu,Nominal\n2026-11-27 10:00,7000\n\n2026-11-27 10:05,abc\n";
        let (rows, unreadable) = read_settlement(text, ShopTimeZone::Wib).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(unreadable[0].0, 4, "the blank line 3 counts");
        // The window's mock reads this one the same (ui/tests/unit/mock-settlement.test.ts).
        let tab =
            "\u{feff}Tgl\tWaktu\tKredit\n2026-11-27\t10:00\t5.000\n\n   \n2026-11-27\t10:01\t0\n";
        let (rows, unreadable) = read_settlement(tab, ShopTimeZone::Wib).unwrap();
        assert_eq!((rows.len(), rows[0].line, rows[0].amount), (1, 2, 5_000));
        assert_eq!(unreadable, [(5, "\"0\" is not an amount".to_string())]);
    }
}
