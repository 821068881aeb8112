//! Laporan: sales over shop-local days, of this till or of the whole shop.

use laris_core::parse_date;

use crate::app::App;
use crate::dto::{ReportQuery, ReportScope, ReportView};
use crate::error::Result;
use crate::views;

/// The longest range one report covers: a year and a day.
const MAX_REPORT_DAYS: i64 = 367;

impl App {
    pub fn report(&self, query: &ReportQuery) -> Result<ReportView> {
        let from = parse_date(&query.from)?;
        let to = parse_date(&query.to)?;
        if (to - from).whole_days() >= MAX_REPORT_DAYS {
            return Err(crate::AppError::invalid(
                "date",
                "a report covers at most one year",
            ));
        }
        // On the reader: a year's report must not hold up a checkout.
        self.with_reader(|r| {
            let device = match query.scope {
                ReportScope::Till => Some(r.device()?.device_id),
                ReportScope::Shop => None,
            };
            Ok(views::report(&r.query().report(from, to, device)?))
        })
    }
}
