//! Reading voids and refunds on SQLite: their count and money in a summary's range, and the
//! figures of the sales they were made against, for [`crate::returns::over_refunds`]. The
//! rows are written by the push (`push.rs`).

use rusqlite::{Connection, params};
use uuid::Uuid;

use super::Result;
use crate::returns::{OverRefund, ReturnedLine, over_refunds};
use crate::storage::{SummaryRange, to_u64};

/// The returns made in the range and the money they paid back.
pub(super) fn totals(conn: &Connection, store_id: Uuid, range: SummaryRange) -> Result<(u64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM sale_returns
             WHERE store_id = ?1 AND created_at_ms >= ?2 AND created_at_ms < ?3",
        )?
        .query_row(params![store_id, range.from_ms, range.to_ms], |r| {
            Ok((to_u64(r.get(0)?), r.get(1)?))
        })?)
}

/// The sales with a return made in the range, each returned line summed over all their
/// returns, flagged by [`over_refunds`].
pub(super) fn list(
    conn: &Connection,
    store_id: Uuid,
    range: SummaryRange,
) -> Result<Vec<OverRefund>> {
    let lines = conn
        .prepare_cached(
            "WITH returned AS (
                 SELECT r.sale_id, SUM(r.amount) AS amount FROM sale_returns r
                 WHERE r.store_id = ?1 AND r.sale_id IN (
                     SELECT sale_id FROM sale_returns
                     WHERE store_id = ?1 AND created_at_ms >= ?2 AND created_at_ms < ?3)
                 GROUP BY r.sale_id)
             SELECT l.sale_id, l.line_no, MAX(l.sold_qty_milli), SUM(l.qty_milli),
                    s.receipt_no, s.total, a.amount
             FROM returned a
             JOIN sale_return_lines l ON l.store_id = ?1 AND l.sale_id = a.sale_id
             LEFT JOIN sales s ON s.store_id = ?1 AND s.sale_id = a.sale_id
             GROUP BY l.sale_id, l.line_no, s.receipt_no, s.total, a.amount",
        )?
        .query_map(params![store_id, range.from_ms, range.to_ms], |r| {
            Ok(ReturnedLine {
                sale_id: r.get(0)?,
                line_no: r.get(1)?,
                sold_qty_milli: r.get(2)?,
                returned_qty_milli: r.get(3)?,
                receipt_no: r.get(4)?,
                sale_total: r.get(5)?,
                returned_amount: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(over_refunds(lines))
}
