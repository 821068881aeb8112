//! The returns of a push on PostgreSQL (`sale_returns`, `sale_return_lines`): inserted by
//! their unique key in two `UNNEST` statements, as sales are, plus one read of the stored
//! sales they name for each line's sold quantity (see `crate::returns`). A return is never
//! refused for taking back more than was sold. Their stock movements go in with the push's
//! other movements (`push.rs`).

use std::collections::{HashMap, HashSet};

use deadpool_postgres::Transaction;
use uuid::Uuid;

use super::Result;
use crate::prepare::{Action, PreparedEvent, ReturnRecord};
use crate::returns::{sold_qty, stored_line_quantities};
use crate::storage::to_i64;

/// Inserts the batch's returns (the first of a repeated id only) and the lines of the new
/// ones: the ids that were new. `new_sales` are the batch's sales that were inserted.
pub(super) async fn insert_returns(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    fresh: &[PreparedEvent],
    new_sales: &HashSet<Uuid>,
) -> Result<HashSet<Uuid>> {
    let mut seen = HashSet::new();
    let returns: Vec<(i64, &ReturnRecord)> = fresh
        .iter()
        .filter_map(|ev| match &ev.action {
            Action::SaleReturn(r) if seen.insert(r.return_id) => Some((to_i64(ev.seq), &**r)),
            _ => None,
        })
        .collect();
    if returns.is_empty() {
        return Ok(HashSet::new());
    }
    let ids: Vec<Uuid> = returns.iter().map(|(_, r)| r.return_id).collect();
    let sale_ids: Vec<Uuid> = returns.iter().map(|(_, r)| r.sale_id).collect();
    let seqs: Vec<i64> = returns.iter().map(|(seq, _)| *seq).collect();
    let kinds: Vec<&str> = returns.iter().map(|(_, r)| r.kind.as_str()).collect();
    let created: Vec<i64> = returns.iter().map(|(_, r)| r.created_at_ms).collect();
    let methods: Vec<&str> = returns.iter().map(|(_, r)| r.method.as_str()).collect();
    let amounts: Vec<i64> = returns.iter().map(|(_, r)| r.amount).collect();
    let costs: Vec<i64> = returns.iter().map(|(_, r)| r.cost).collect();
    let reasons: Vec<&str> = returns.iter().map(|(_, r)| r.reason.as_str()).collect();
    let cashiers: Vec<Option<&str>> = returns.iter().map(|(_, r)| r.cashier.as_deref()).collect();
    let approvers: Vec<Option<Uuid>> = returns.iter().map(|(_, r)| r.approved_by).collect();
    let new: HashSet<Uuid> = tx
        .query(
            &tx.prepare_cached(
                "INSERT INTO sale_returns (store_id, device_id, return_id, sale_id, seq, kind,
                    created_at_ms, method, amount, cost, reason, cashier, approved_by)
                 SELECT $1, $2, t.* FROM UNNEST($3::uuid[], $4::uuid[], $5::bigint[],
                    $6::text[], $7::bigint[], $8::text[], $9::bigint[], $10::bigint[],
                    $11::text[], $12::text[], $13::uuid[]) AS t
                 ON CONFLICT DO NOTHING RETURNING return_id",
            )
            .await?,
            &[
                &store_id, &device_id, &ids, &sale_ids, &seqs, &kinds, &created, &methods,
                &amounts, &costs, &reasons, &cashiers, &approvers,
            ],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let new_returns: Vec<&ReturnRecord> = returns
        .iter()
        .map(|(_, r)| *r)
        .filter(|r| new.contains(&r.return_id))
        .collect();
    if new_returns.is_empty() {
        return Ok(new);
    }
    let sold = sold_quantities(tx, store_id, fresh, new_sales, &new_returns).await?;
    let mut cols = LineColumns::default();
    for r in &new_returns {
        let quantities = sold.get(&r.sale_id).map(Vec::as_slice);
        for l in &r.lines {
            cols.return_id.push(r.return_id);
            cols.line_no.push(l.line_no);
            cols.sale_id.push(r.sale_id);
            cols.product_id.push(l.product_id);
            cols.qty.push(l.qty_milli);
            cols.amount.push(l.amount);
            cols.cost.push(l.cost);
            cols.sold.push(sold_qty(quantities, l.line_no));
        }
    }
    tx.execute(
        &tx.prepare_cached(
            "INSERT INTO sale_return_lines (store_id, return_id, line_no, sale_id, product_id,
                qty_milli, amount, cost, sold_qty_milli)
             SELECT $1, t.* FROM UNNEST($2::uuid[], $3::bigint[], $4::uuid[], $5::uuid[],
                $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[]) AS t",
        )
        .await?,
        &[
            &store_id,
            &cols.return_id,
            &cols.line_no,
            &cols.sale_id,
            &cols.product_id,
            &cols.qty,
            &cols.amount,
            &cols.cost,
            &cols.sold,
        ],
    )
    .await?;
    Ok(new)
}

#[derive(Default)]
struct LineColumns {
    return_id: Vec<Uuid>,
    line_no: Vec<i64>,
    sale_id: Vec<Uuid>,
    product_id: Vec<Uuid>,
    qty: Vec<i64>,
    amount: Vec<i64>,
    cost: Vec<i64>,
    sold: Vec<Option<i64>>,
}

/// The line quantities of the sales `returns` name that the store holds: from the batch for
/// a sale inserted by this push (its change is not written yet), else from the stored sale's
/// change body (found by primary keys: the sale's device and seq, that seq's change).
async fn sold_quantities(
    tx: &Transaction<'_>,
    store_id: Uuid,
    fresh: &[PreparedEvent],
    new_sales: &HashSet<Uuid>,
    returns: &[&ReturnRecord],
) -> Result<HashMap<Uuid, Vec<i64>>> {
    let mut sold: HashMap<Uuid, Vec<i64>> = fresh
        .iter()
        .filter_map(|ev| match &ev.action {
            Action::Sale(s) if new_sales.contains(&s.sale_id) => {
                Some((s.sale_id, s.line_qty.clone()))
            }
            _ => None,
        })
        .collect();
    let stored: Vec<Uuid> = returns
        .iter()
        .map(|r| r.sale_id)
        .filter(|id| !sold.contains_key(id))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if stored.is_empty() {
        return Ok(sold);
    }
    let rows = tx
        .query(
            &tx.prepare_cached(
                "SELECT s.sale_id, c.body FROM sales s
                 JOIN device_events e ON e.store_id = s.store_id AND e.device_id = s.device_id
                     AND e.seq = s.seq
                 JOIN changes c ON c.store_id = e.store_id AND c.change_seq = e.change_seq
                 WHERE s.store_id = $1 AND s.sale_id = ANY($2)",
            )
            .await?,
            &[&store_id, &stored],
        )
        .await?;
    for row in &rows {
        if let Some(q) = stored_line_quantities(row.get(1)) {
            sold.insert(row.get(0), q);
        }
    }
    Ok(sold)
}
