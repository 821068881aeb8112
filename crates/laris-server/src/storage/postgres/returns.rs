//! Reading voids and refunds on PostgreSQL: their count and money in a summary's range, and
//! the figures of the sales they were made against, for [`crate::returns::over_refunds`]. The
//! rows are written by the push (`push.rs`).

use deadpool_postgres::Object;
use uuid::Uuid;

use super::Result;
use crate::returns::{OverRefund, ReturnedLine, over_refunds};
use crate::storage::{SummaryRange, to_u64};

/// The returns made in the range and the money they paid back.
pub(super) async fn totals(
    client: &Object,
    store_id: Uuid,
    range: SummaryRange,
) -> Result<(u64, i64)> {
    let row = client
        .query_one(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0)::bigint FROM sale_returns
             WHERE store_id = $1 AND created_at_ms >= $2 AND created_at_ms < $3",
            &[&store_id, &range.from_ms, &range.to_ms],
        )
        .await?;
    Ok((to_u64(row.get(0)), row.get(1)))
}

/// The sales with a return made in the range, each returned line summed over all their
/// returns, flagged by [`over_refunds`].
pub(super) async fn list(
    client: &Object,
    store_id: Uuid,
    range: SummaryRange,
) -> Result<Vec<OverRefund>> {
    let rows = client
        .query(
            "WITH returned AS (
                 SELECT r.sale_id, SUM(r.amount)::bigint AS amount FROM sale_returns r
                 WHERE r.store_id = $1 AND r.sale_id IN (
                     SELECT sale_id FROM sale_returns
                     WHERE store_id = $1 AND created_at_ms >= $2 AND created_at_ms < $3)
                 GROUP BY r.sale_id)
             SELECT l.sale_id, l.line_no, MAX(l.sold_qty_milli), SUM(l.qty_milli)::bigint,
                    s.receipt_no, s.total, a.amount
             FROM returned a
             JOIN sale_return_lines l ON l.store_id = $1 AND l.sale_id = a.sale_id
             LEFT JOIN sales s ON s.store_id = $1 AND s.sale_id = a.sale_id
             GROUP BY l.sale_id, l.line_no, s.receipt_no, s.total, a.amount",
            &[&store_id, &range.from_ms, &range.to_ms],
        )
        .await?;
    let lines = rows
        .iter()
        .map(|r| ReturnedLine {
            sale_id: r.get(0),
            line_no: r.get(1),
            sold_qty_milli: r.get(2),
            returned_qty_milli: r.get(3),
            receipt_no: r.get(4),
            sale_total: r.get(5),
            returned_amount: r.get(6),
        })
        .collect();
    Ok(over_refunds(lines))
}
