//! The one place a stock movement is written: a sale's line, a restock or an adjustment,
//! made here or pulled from another till. Movements are never updated or deleted, and a
//! level is their sum, so every writer goes through [`insert_movement`].

use rusqlite::{Connection, params};
use uuid::Uuid;

use super::MovementKind;
use crate::error::Result;

/// Why the stock moved.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cause<'a> {
    /// A line of this sale left the shop.
    Sale(Uuid),
    /// Goods back from a void or refund of this sale.
    Return { sale_id: Uuid },
    /// A stock count's difference (the count's id is kept as the movement's sale id column's
    /// neighbour: in `reason`, as the count's id, so a movement says where it came from).
    Count { count_id: Uuid },
    /// Received or corrected by hand, with the reason given.
    Manual {
        kind: MovementKind,
        reason: Option<&'a str>,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Movement<'a> {
    pub id: Uuid,
    pub product_id: Uuid,
    /// The device that recorded it.
    pub device_id: Uuid,
    pub qty_milli: i64,
    pub cause: Cause<'a>,
    pub created_at: i64,
}

/// Inserts `m` unless a movement with its id is here (a pulled page applied again). True if
/// it is new.
pub(crate) fn insert_movement(tx: &Connection, m: &Movement<'_>) -> Result<bool> {
    let (kind, sale_id, reason) = match m.cause {
        Cause::Sale(sale_id) => ("sale", Some(sale_id), None),
        Cause::Return { sale_id } => ("return", Some(sale_id), None),
        Cause::Count { count_id } => ("count", None, Some(count_id.to_string())),
        Cause::Manual { kind, reason } => (kind.as_str(), None, reason.map(String::from)),
    };
    let n = tx
        .prepare_cached(
            "INSERT INTO stock_movements (product_id, id, device_id, kind, qty_milli, sale_id,
                 reason, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            m.product_id,
            m.id,
            m.device_id,
            kind,
            m.qty_milli,
            sale_id,
            reason,
            m.created_at
        ])?;
    Ok(n > 0)
}
