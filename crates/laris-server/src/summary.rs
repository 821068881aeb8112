//! The owner's sales summary: the query's days (`from`/`to` as YYYY-MM-DD, inclusive, in the
//! shop's fixed UTC offset, WIB +07:00 by default; Indonesia has no daylight saving) turned
//! into a time range, and the storage's groups turned into [`OwnerSummary`]: the protocol's
//! `SalesSummary` with the range's voids and refunds and the sales they over-refund.

use laris_protocol::v1::ErrorCode;
use laris_protocol::v1::api::{SalesSummary, SummaryRow};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;

use crate::error::{Result, ServerError};
use crate::returns::OverRefund;
use crate::storage::{SummaryGroup, SummaryRange, SummaryRows};

pub const DAY_MS: i64 = 86_400_000;
/// WIB, UTC+07:00.
pub const DEFAULT_TZ_OFFSET_MINUTES: i32 = 420;
/// The longest range one summary covers.
pub const MAX_DAYS: i64 = 400;
/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

/// The query string of the summary endpoint.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SummaryParams {
    pub from: Option<String>,
    pub to: Option<String>,
    pub tz_offset_minutes: Option<i32>,
}

/// The owner's summary: `SalesSummary`'s fields (at the top level, so a reader of the
/// protocol's type reads it as before), the returns made in the range and the sales that
/// returns exceed. Sales figures are as sold; `net_total` is what the range kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OwnerSummary {
    #[serde(flatten)]
    pub sales: SalesSummary,
    /// Voids and refunds made in the range (by their own time, whatever day the sale was).
    pub returns: u64,
    /// The money they paid back.
    pub returns_total: i64,
    /// `total - returns_total`.
    pub net_total: i64,
    /// The sales with a return in the range that their returns (all of them) exceed: a line
    /// taken back beyond what was sold, more money back than the sale took, or a sale the
    /// server does not hold. Never refused: two tills offline may refund one line each.
    pub over_refunds: Vec<OverRefund>,
    /// Kasbon owed now (whatever the range), and the shifts opened in the range.
    pub books: crate::books::Books,
}

/// The days a summary covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    /// Day numbers since 1970-01-01, inclusive.
    pub first: i64,
    pub last: i64,
    pub tz_offset_ms: i64,
}

fn parse_day(field: &'static str, s: &str) -> Result<i64> {
    Date::parse(s, format_description!("[year]-[month]-[day]"))
        .map(|d| i64::from(d.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY)
        .map_err(|_| {
            ServerError::bad_request(ErrorCode::InvalidQuery, format!("{field}: use YYYY-MM-DD"))
        })
}

/// YYYY-MM-DD of a day number.
pub fn day_string(day: i64) -> String {
    i32::try_from(day + UNIX_EPOCH_JULIAN_DAY)
        .ok()
        .and_then(|jd| Date::from_julian_day(jd).ok())
        .map_or_else(
            || day.to_string(),
            |d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        )
}

impl Days {
    /// From the query, with today (at `now_ms` in the offset) for a missing day.
    pub fn from_params(p: &SummaryParams, now_ms: i64) -> Result<Self> {
        let minutes = p.tz_offset_minutes.unwrap_or(DEFAULT_TZ_OFFSET_MINUTES);
        if !(-720..=840).contains(&minutes) {
            return Err(ServerError::bad_request(
                ErrorCode::InvalidQuery,
                "tz_offset_minutes: between -720 and 840",
            ));
        }
        let tz_offset_ms = i64::from(minutes) * 60_000;
        let today = (now_ms + tz_offset_ms).div_euclid(DAY_MS);
        let first = p
            .from
            .as_deref()
            .map_or(Ok(today), |s| parse_day("from", s))?;
        let last =
            p.to.as_deref()
                .map_or(Ok(first.max(today)), |s| parse_day("to", s))?;
        if last < first || last - first >= MAX_DAYS {
            return Err(ServerError::bad_request(
                ErrorCode::InvalidQuery,
                format!("from must not be after to, and the range at most {MAX_DAYS} days"),
            ));
        }
        Ok(Days {
            first,
            last,
            tz_offset_ms,
        })
    }

    /// The sales times the days cover: [first day's local midnight, the day after last's).
    pub fn range(&self) -> SummaryRange {
        SummaryRange {
            from_ms: self.first * DAY_MS - self.tz_offset_ms,
            to_ms: (self.last + 1) * DAY_MS - self.tz_offset_ms,
            tz_offset_ms: self.tz_offset_ms,
        }
    }

    pub fn summary(
        &self,
        rows: SummaryRows,
        over_refunds: Vec<OverRefund>,
        mut books: crate::books::Books,
    ) -> OwnerSummary {
        let (returns, returns_total) = (rows.returns, rows.returns_total);
        let range = self.range();
        books
            .shifts
            .retain(|s| s.opened_at_ms >= range.from_ms && s.opened_at_ms < range.to_ms);
        let sales = self.sales_summary(rows);
        OwnerSummary {
            books,
            net_total: sales.total - returns_total,
            sales,
            returns,
            returns_total,
            over_refunds,
        }
    }

    fn sales_summary(&self, rows: SummaryRows) -> SalesSummary {
        fn row<K>(g: SummaryGroup<K>, key: String) -> SummaryRow {
            SummaryRow {
                key,
                sales: g.sales,
                total: g.total,
            }
        }
        SalesSummary {
            from: day_string(self.first),
            to: day_string(self.last),
            sales: rows.by_day.iter().map(|g| g.sales).sum(),
            total: rows.by_day.iter().map(|g| g.total).sum(),
            by_day: rows
                .by_day
                .into_iter()
                .map(|g| {
                    let key = day_string(g.key);
                    row(g, key)
                })
                .collect(),
            by_device: rows
                .by_device
                .into_iter()
                .map(|g| {
                    let key = g.key.clone();
                    row(g, key)
                })
                .collect(),
            by_method: rows
                .by_method
                .into_iter()
                .map(|g| {
                    let key = g.key.to_string();
                    row(g, key)
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAN_1_2026_UTC: i64 = 1_767_225_600_000;

    #[test]
    fn days_and_ranges_in_wib() {
        let p = SummaryParams {
            from: Some("2026-01-01".into()),
            to: Some("2026-01-02".into()),
            tz_offset_minutes: None,
        };
        let d = Days::from_params(&p, 0).unwrap();
        assert_eq!(day_string(d.first), "2026-01-01");
        let r = d.range();
        // WIB midnight is 17:00 UTC the day before.
        assert_eq!(r.from_ms, JAN_1_2026_UTC - 7 * 3_600_000);
        assert_eq!(r.to_ms - r.from_ms, 2 * DAY_MS);
        // Today by default, in the offset: 20:00 UTC on Jan 1 is Jan 2 in WIB.
        let d =
            Days::from_params(&SummaryParams::default(), JAN_1_2026_UTC + 20 * 3_600_000).unwrap();
        assert_eq!(
            (day_string(d.first), day_string(d.last)),
            ("2026-01-02".into(), "2026-01-02".into())
        );
    }

    #[test]
    fn bad_queries_are_refused() {
        let bad = |from: &str, to: &str, tz: Option<i32>| {
            Days::from_params(
                &SummaryParams {
                    from: Some(from.into()),
                    to: Some(to.into()),
                    tz_offset_minutes: tz,
                },
                0,
            )
            .is_err()
        };
        assert!(bad("2026-01-02", "2026-01-01", None));
        assert!(bad("2026-13-01", "2026-01-01", None));
        assert!(bad("2024-01-01", "2026-01-01", None));
        assert!(bad("2026-01-01", "2026-01-01", Some(900)));
        assert!(!bad("2026-01-01", "2026-01-01", Some(-300)));
    }
}
