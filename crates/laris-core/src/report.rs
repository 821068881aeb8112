//! Reports from the device database. Days are shop-local days (the shop's WIB/WITA/WIT
//! setting at report time), and profit uses the cost copied onto each line at sale time.

use rusqlite::{Connection, params};
use time::Date;
use uuid::Uuid;

use crate::error::{CoreError, Result};
use crate::ledger::{self, StockLevel};
use crate::settings;
use crate::shop_time::ShopTimeZone;

/// Money totals over a set of sales.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SalesTotals {
    pub sales: i64,
    /// Before any discount.
    pub gross: i64,
    /// Line and cart discounts together.
    pub discounts: i64,
    /// `gross - discounts`: what the goods sold for.
    pub net: i64,
    pub tax: i64,
    pub rounding: i64,
    /// What the customers paid.
    pub total: i64,
    /// Net of discounts and PPN.
    pub revenue: i64,
    /// Cost of goods at sale time (HPP).
    pub cost: i64,
    pub gross_profit: i64,
    /// `total / sales`, rounded down; 0 with no sales.
    pub average_basket: i64,
    /// Voids and refunds made in the period (of sales of any day), by the devices in scope.
    pub returns: i64,
    /// The money they paid back (PPN included, as it was paid).
    pub returned: i64,
    /// The cost of the goods they took back.
    pub returned_cost: i64,
    /// `total - returned`: what the shop kept.
    pub net_total: i64,
    /// `gross_profit - (returned - returned_cost)`.
    pub profit_after_returns: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MethodTotal {
    pub method: String,
    pub payments: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct HourTotal {
    /// Shop-local hour, 0..=23.
    pub hour: u8,
    pub sales: i64,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BestSeller {
    pub sku: String,
    pub name: String,
    pub qty_milli: i64,
    /// Line amounts after line discounts.
    pub amount: i64,
    pub profit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub from: Date,
    pub to: Date,
    pub timezone: ShopTimeZone,
    /// `None`: the whole shop as far as this database knows it.
    pub device_id: Option<Uuid>,
    pub totals: SalesTotals,
    pub by_method: Vec<MethodTotal>,
    /// Only hours with sales.
    pub by_hour: Vec<HourTotal>,
    pub best_sellers: Vec<BestSeller>,
    pub low_stock: Vec<StockLevel>,
}

/// Sales from shop-local day `from` through `to`, inclusive; of one device or all.
pub(crate) fn report(
    conn: &Connection,
    from: Date,
    to: Date,
    device_id: Option<Uuid>,
) -> Result<Report> {
    if to < from {
        return Err(CoreError::invalid(
            "date",
            "the end date is before the start date",
        ));
    }
    let tz = settings::load(conn)?.timezone;
    let (start, _) = tz.day_bounds(from);
    let (_, end) = tz.day_bounds(to);
    let scope = params![start, end, device_id];

    let totals = conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(gross), 0), COALESCE(SUM(line_discount + cart_discount), 0),
                 COALESCE(SUM(tax), 0), COALESCE(SUM(rounding), 0), COALESCE(SUM(total), 0),
                 COALESCE(SUM(cost), 0)
             FROM sales WHERE created_at >= ?1 AND created_at < ?2 AND (?3 IS NULL OR device_id = ?3)",
        )?
        .query_row(scope, |r| {
            let (sales, gross, discounts, tax, rounding, total, cost): (i64, i64, i64, i64, i64, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
            let revenue = total - tax - rounding;
            Ok(SalesTotals {
                sales,
                gross,
                discounts,
                net: gross - discounts,
                tax,
                rounding,
                total,
                revenue,
                cost,
                gross_profit: revenue - cost,
                average_basket: if sales > 0 { total / sales } else { 0 },
                ..SalesTotals::default()
            })
        })?;
    let (returns, returned, returned_cost): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(cost), 0) FROM sale_returns
             WHERE created_at >= ?1 AND created_at < ?2 AND (?3 IS NULL OR device_id = ?3)",
        )?
        .query_row(scope, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let totals = SalesTotals {
        returns,
        returned,
        returned_cost,
        net_total: totals.total - returned,
        profit_after_returns: totals.gross_profit - (returned - returned_cost),
        ..totals
    };

    let by_method = conn
        .prepare_cached(
            "SELECT p.method, COUNT(*), SUM(p.amount) FROM sales s JOIN sale_payments p ON p.sale_id = s.id
             WHERE s.created_at >= ?1 AND s.created_at < ?2 AND (?3 IS NULL OR s.device_id = ?3)
             GROUP BY p.method ORDER BY SUM(p.amount) DESC",
        )?
        .query_map(scope, |r| {
            Ok(MethodTotal { method: r.get(0)?, payments: r.get(1)?, amount: r.get(2)? })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let by_hour = conn
        .prepare_cached(
            "SELECT ((created_at + ?4) / 3600000) % 24 AS hour, COUNT(*), SUM(total) FROM sales
             WHERE created_at >= ?1 AND created_at < ?2 AND (?3 IS NULL OR device_id = ?3)
             GROUP BY hour ORDER BY hour",
        )?
        .query_map(params![start, end, device_id, tz.offset_ms()], |r| {
            Ok(HourTotal {
                hour: r.get(0)?,
                sales: r.get(1)?,
                total: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let best_sellers = best_sellers_between(conn, start, end, device_id, BEST_SELLERS)?;

    Ok(Report {
        from,
        to,
        timezone: tz,
        device_id,
        totals,
        by_method,
        by_hour,
        best_sellers,
        low_stock: ledger::low_stock(conn)?,
    })
}

/// Each receipt prefix this database has sales under, with the device that printed them
/// (this till's and those pulled from the store), ordered by prefix: how a report names a
/// till. A prefix may appear under two devices when two tills used it before pairing.
pub(crate) fn receipt_prefixes(conn: &Connection) -> Result<Vec<(String, Uuid)>> {
    Ok(conn
        .prepare_cached(
            "SELECT DISTINCT substr(receipt_no, 1, instr(receipt_no, '-') - 1) AS prefix, device_id
             FROM sales WHERE instr(receipt_no, '-') > 1 ORDER BY prefix, device_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// How many best sellers a report lists.
pub const BEST_SELLERS: u32 = 10;

/// The `limit` products that brought the most money from shop-local day `from` through `to`
/// (of one device or all): what a report lists, without the rest of the report.
pub(crate) fn best_sellers(
    conn: &Connection,
    from: Date,
    to: Date,
    device_id: Option<Uuid>,
    limit: u32,
) -> Result<Vec<BestSeller>> {
    let tz = settings::load(conn)?.timezone;
    let (start, _) = tz.day_bounds(from);
    let (_, end) = tz.day_bounds(to);
    best_sellers_between(conn, start, end, device_id, limit)
}

fn best_sellers_between(
    conn: &Connection,
    start: i64,
    end: i64,
    device_id: Option<Uuid>,
    limit: u32,
) -> Result<Vec<BestSeller>> {
    Ok(conn
        .prepare_cached(
            "SELECT l.sku, MAX(l.name), SUM(l.qty_milli), SUM(l.gross - l.discount),
                 SUM(l.gross - l.discount - l.cost)
             FROM sales s JOIN sale_lines l ON l.sale_id = s.id
             WHERE s.created_at >= ?1 AND s.created_at < ?2 AND (?3 IS NULL OR s.device_id = ?3)
             GROUP BY l.sku ORDER BY SUM(l.gross - l.discount) DESC, l.sku LIMIT ?4",
        )?
        .query_map(params![start, end, device_id, limit], |r| {
            Ok(BestSeller {
                sku: r.get(0)?,
                name: r.get(1)?,
                qty_milli: r.get(2)?,
                amount: r.get(3)?,
                profit: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

impl crate::store::DeviceStore {
    /// See [`best_sellers`].
    pub fn best_sellers(
        &self,
        from: Date,
        to: Date,
        device_id: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<BestSeller>> {
        best_sellers(&self.conn, from, to, device_id, limit)
    }

    pub fn report(&self, from: Date, to: Date, device_id: Option<Uuid>) -> Result<Report> {
        report(&self.conn, from, to, device_id)
    }

    /// Today's report (shop-local day), whole shop.
    pub fn today_report(&self) -> Result<Report> {
        let tz = self.settings()?.timezone;
        let today = tz.local_date(self.clock.now_ms());
        report(&self.conn, today, today, None)
    }
}
