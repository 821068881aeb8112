//! Outbox entries loaded as the domain events they name, for laris-sync to map onto the wire
//! and push: a sale with which of its lines moved stock, a restock or adjustment, or a
//! product's synced record (its latest state: an upsert or a tombstone).

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::catalog_edits::PRODUCT_EVENT;
use crate::checkout::{Sale, load_sale, sale_movement_id};
use crate::error::{CoreError, Result};
use crate::outbox::entries_after;
use crate::product_record::{self, ProductRecord};
use crate::stock::MovementKind;
use crate::store::DeviceStore;

/// A completed sale and which of its lines moved stock (each has the movement
/// [`sale_movement_id`]`(sale.id, line_no)` of `-qty_milli`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SaleRecord {
    pub sale: Sale,
    /// `line_no`s of the lines whose product's stock was tracked at sale time.
    pub stock_lines: Vec<i64>,
}

impl SaleRecord {
    pub fn moves_stock(&self, line_no: i64) -> bool {
        self.stock_lines.contains(&line_no)
    }
}

/// A restock or an adjustment made by hand on some device.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StockMovement {
    pub id: Uuid,
    pub product_id: Uuid,
    /// The device that recorded it.
    pub device_id: Uuid,
    pub kind: MovementKind,
    pub qty_milli: i64,
    pub reason: Option<String>,
    pub created_at: i64,
}

/// What an outbox entry names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum OutboxEvent {
    Sale(SaleRecord),
    StockMovement(StockMovement),
    /// Boxed: a record with its twelve stamps is several times the size of the others.
    Product(Box<ProductRecord>),
}

/// One outbox entry, loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PendingEvent {
    pub seq: u64,
    pub event: OutboxEvent,
}

/// The events of the outbox entries with `seq > after`, oldest first, at most `limit`.
pub fn load_events_after(conn: &Connection, after: u64, limit: usize) -> Result<Vec<PendingEvent>> {
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    let entries = entries_after(conn, after, limit)?;
    let mut events = Vec::with_capacity(entries.len());
    for e in entries {
        let missing = || {
            CoreError::OutboxBroken(format!(
                "entry {} names {} {}, which is not in the database",
                e.seq, e.kind, e.entity_id
            ))
        };
        let event = match e.kind.as_str() {
            "sale" => {
                let sale = load_sale(conn, e.entity_id)?.ok_or_else(missing)?;
                OutboxEvent::Sale(sale_record(conn, sale)?)
            }
            "stock_movement" => {
                OutboxEvent::StockMovement(load_movement(conn, e.entity_id)?.ok_or_else(missing)?)
            }
            PRODUCT_EVENT => OutboxEvent::Product(Box::new(
                product_record::load(conn, e.entity_id)?.ok_or_else(missing)?,
            )),
            other => {
                return Err(CoreError::OutboxBroken(format!(
                    "entry {} has unknown kind {other:?}",
                    e.seq
                )));
            }
        };
        events.push(PendingEvent {
            seq: u64::try_from(e.seq).unwrap_or(0),
            event,
        });
    }
    Ok(events)
}

/// A sale with the lines that moved stock, found by their derived movement ids.
pub fn sale_record(conn: &Connection, sale: Sale) -> Result<SaleRecord> {
    let mut stmt =
        conn.prepare_cached("SELECT 1 FROM stock_movements WHERE product_id = ?1 AND id = ?2")?;
    let mut stock_lines = Vec::new();
    for line in &sale.lines {
        let id = sale_movement_id(sale.id, line.line_no);
        if stmt
            .query_row(rusqlite::params![line.product_id, id], |_| Ok(()))
            .optional()?
            .is_some()
        {
            stock_lines.push(line.line_no);
        }
    }
    Ok(SaleRecord { sale, stock_lines })
}

/// A restock or adjustment by its id.
pub fn load_movement(conn: &Connection, id: Uuid) -> Result<Option<StockMovement>> {
    let row = conn
        .prepare_cached(
            "SELECT product_id, device_id, kind, qty_milli, reason, created_at
             FROM stock_movements WHERE id = ?1 AND sale_id IS NULL",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, Uuid>(0)?,
                r.get::<_, Uuid>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })
        .optional()?;
    let Some((product_id, device_id, kind, qty_milli, reason, created_at)) = row else {
        return Ok(None);
    };
    let kind = match kind.as_str() {
        "restock" => MovementKind::Restock,
        "adjustment" => MovementKind::Adjustment,
        other => {
            return Err(CoreError::OutboxBroken(format!(
                "movement {id} has kind {other:?}, not restock or adjustment"
            )));
        }
    };
    Ok(Some(StockMovement {
        id,
        product_id,
        device_id,
        kind,
        qty_milli,
        reason,
        created_at,
    }))
}

/// Counts over the outbox up to a seq: what the proof of sync compares with the server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct OutboxTally {
    pub events: u64,
    pub sales: u64,
    /// Σ total of those sales.
    pub sales_total: i64,
}

/// The outbox entries with `seq <= up_to`, leaving out the seqs in `excluded` (those the
/// server quarantined).
pub fn outbox_tally(conn: &Connection, up_to: u64, excluded: &[u64]) -> Result<OutboxTally> {
    let up_to = i64::try_from(up_to).unwrap_or(i64::MAX);
    let row = |seq_filter: &str, seq: i64| -> Result<(i64, i64, i64)> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT COUNT(*), COALESCE(SUM(o.kind = 'sale'), 0), COALESCE(SUM(s.total), 0)
                 FROM outbox o LEFT JOIN sales s ON o.kind = 'sale' AND s.id = o.entity_id
                 WHERE {seq_filter}"
            ))?
            .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
    };
    let (mut events, mut sales, mut total) = row("o.seq <= ?1", up_to)?;
    for &seq in excluded {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        if seq <= up_to {
            let (e, s, t) = row("o.seq = ?1", seq)?;
            events -= e;
            sales -= s;
            total -= t;
        }
    }
    Ok(OutboxTally {
        events: u64::try_from(events).unwrap_or(0),
        sales: u64::try_from(sales).unwrap_or(0),
        sales_total: total,
    })
}

impl DeviceStore {
    /// The events of the outbox after `seq`, oldest first, at most `limit`.
    pub fn outbox_events_after(&self, seq: u64, limit: usize) -> Result<Vec<PendingEvent>> {
        load_events_after(&self.conn, seq, limit)
    }

    pub fn outbox_tally(&self, up_to: u64, excluded: &[u64]) -> Result<OutboxTally> {
        outbox_tally(&self.conn, up_to, excluded)
    }
}
