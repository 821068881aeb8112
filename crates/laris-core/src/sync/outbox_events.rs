//! Outbox entries loaded as the domain events they name, for laris-sync to map onto the wire
//! and push: a sale with which of its lines moved stock, a restock or adjustment, or a
//! product's synced record (its latest state: an upsert or a tombstone).

use std::iter::Peekable;
use std::vec::IntoIter;

use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::catalog::edits::PRODUCT_EVENT;
use crate::catalog::record::{self, ProductRecord};
use crate::error::{CoreError, Result};
use crate::ledger::MovementKind;
use crate::sale::checkout::{PaymentMethod, Sale, SaleLine, SalePayment, sale_movement_id};
use crate::sale::pricing::TaxMode;
use crate::sale::returns::{RETURN_EVENT, SaleReturn, load_return};
use crate::store::DeviceStore;
use crate::sync::outbox::entries_after;

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
    /// A void or refund made on this till.
    SaleReturn(SaleReturn),
    /// Kasbon, shifts, stock counts, customers, the audit log.
    Book(crate::books::BookEvent),
}

impl OutboxEvent {
    /// The event as another till applies it: what the server would hand over, for moving
    /// events between tills without one (tests, tools).
    pub fn into_remote(self) -> crate::sync::remote_apply::RemoteChange {
        use crate::sync::remote_apply::RemoteChange;
        match self {
            OutboxEvent::Sale(s) => RemoteChange::Sale(s),
            OutboxEvent::StockMovement(m) => RemoteChange::StockMovement(m),
            OutboxEvent::Product(p) => RemoteChange::Product(p),
            OutboxEvent::SaleReturn(r) => RemoteChange::SaleReturn(r),
            OutboxEvent::Book(b) => RemoteChange::Book(b),
        }
    }
}

/// One outbox entry, loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PendingEvent {
    pub seq: u64,
    pub event: OutboxEvent,
}

/// The events of the outbox entries with `seq > after`, oldest first, at most `limit`.
///
/// One read transaction (so every row comes from one snapshot, and SQLite's file lock is
/// taken once, not per statement) and a handful of set-based queries over the page's seq
/// range: its sales, their lines and payments, its restocks and adjustments, each joined to
/// the outbox in seq order; the events are assembled from those rows here. Products (rare
/// after pairing) and which sale lines moved stock are still looked up one by one, with
/// statements prepared once for the page.
pub fn load_events_after(conn: &Connection, after: u64, limit: usize) -> Result<Vec<PendingEvent>> {
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    // A caller already inside a transaction keeps its own; otherwise read in one of ours
    // (dropped, hence rolled back, at the end: it wrote nothing).
    let _read = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    let entries = entries_after(conn, after, limit)?;
    let Some(last) = entries.last().map(|e| e.seq) else {
        return Ok(Vec::new());
    };
    let page = PageRows::load(conn, after, last)?;
    let mut sales = page.sales.into_iter().peekable();
    let mut lines = page.lines.into_iter().peekable();
    let mut payments = page.payments.into_iter().peekable();
    let mut movements = page.movements.into_iter().peekable();
    let mut events = Vec::with_capacity(entries.len());
    // Which sale lines moved stock: (product_id, movement id, event index, line_no).
    let mut lookups = Vec::new();
    for e in entries {
        let missing = || {
            CoreError::OutboxBroken(format!(
                "entry {} names {} {}, which is not in the database",
                e.seq, e.kind, e.entity_id
            ))
        };
        let event = match e.kind.as_str() {
            "sale" => {
                let mut sale = next_of(&mut sales, e.seq).ok_or_else(missing)?;
                while let Some(line) = next_of(&mut lines, e.seq) {
                    sale.lines.push(line);
                }
                while let Some(payment) = next_of(&mut payments, e.seq) {
                    sale.payments.push(payment);
                }
                for line in &sale.lines {
                    let id = sale_movement_id(sale.id, line.line_no);
                    lookups.push((line.product_id, id, events.len(), line.line_no));
                }
                OutboxEvent::Sale(SaleRecord {
                    sale,
                    stock_lines: Vec::new(),
                })
            }
            "stock_movement" => {
                OutboxEvent::StockMovement(next_of(&mut movements, e.seq).ok_or_else(missing)??)
            }
            PRODUCT_EVENT => OutboxEvent::Product(Box::new(
                record::load(conn, e.entity_id)?.ok_or_else(missing)?,
            )),
            // Rare beside sales: looked up one by one, like products.
            RETURN_EVENT => {
                OutboxEvent::SaleReturn(load_return(conn, e.entity_id)?.ok_or_else(missing)?)
            }
            kind if crate::books::is_book_kind(kind) => {
                OutboxEvent::Book(crate::books::load(conn, kind, e.entity_id)?.ok_or_else(missing)?)
            }
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
    // Looked up in key order: each leaf of the movements' b-tree is read once per page.
    lookups.sort_unstable();
    let mut moved =
        conn.prepare_cached("SELECT 1 FROM stock_movements WHERE product_id = ?1 AND id = ?2")?;
    for (product_id, id, index, line_no) in lookups {
        if moved.exists(params![product_id, id])?
            && let OutboxEvent::Sale(rec) = &mut events[index].event
        {
            rec.stock_lines.push(line_no);
        }
    }
    for e in &mut events {
        if let OutboxEvent::Sale(rec) = &mut e.event {
            rec.stock_lines.sort_unstable();
        }
    }
    Ok(events)
}

/// The next row of `rows` if it belongs to the entry `seq` (rows come in seq order).
fn next_of<T>(rows: &mut Peekable<IntoIter<(i64, T)>>, seq: i64) -> Option<T> {
    rows.next_if(|(s, _)| *s == seq).map(|(_, row)| row)
}

/// The rows of one page of the outbox (`seq > after AND seq <= last`), each with its entry's
/// seq, in seq order (lines by `line_no`, payments by `idx` within a sale).
struct PageRows {
    sales: Vec<(i64, Sale)>,
    lines: Vec<(i64, SaleLine)>,
    payments: Vec<(i64, SalePayment)>,
    /// A movement of another kind than restock or adjustment is an error, raised only if its
    /// entry is reached (as when entries were loaded one by one).
    movements: Vec<(i64, Result<StockMovement>)>,
}

impl PageRows {
    fn load(conn: &Connection, after: i64, last: i64) -> Result<Self> {
        // CROSS JOIN: the outbox's seq range is the outer loop, each entry's rows are found
        // by their primary key (or, for movements, the index of hand-made movements by id).
        let sales = conn
            .prepare_cached(
                "SELECT o.seq, s.id, s.device_id, s.receipt_no, s.created_at, s.cashier, s.gross,
                     s.line_discount, s.cart_discount, s.tax_mode, s.tax_rate_bp, s.tax,
                     s.rounding, s.total, s.tendered, s.change, s.cost
                 FROM outbox o CROSS JOIN sales s
                 WHERE o.seq > ?1 AND o.seq <= ?2 AND o.kind = 'sale' AND s.id = o.entity_id
                 ORDER BY o.seq",
            )?
            .query_map(params![after, last], |r| {
                Ok((
                    r.get(0)?,
                    Sale {
                        id: r.get(1)?,
                        device_id: r.get(2)?,
                        receipt_no: r.get(3)?,
                        created_at: r.get(4)?,
                        cashier: r.get(5)?,
                        gross: r.get(6)?,
                        line_discount: r.get(7)?,
                        cart_discount: r.get(8)?,
                        tax_mode: TaxMode::parse(&r.get::<_, String>(9)?).unwrap_or_default(),
                        tax_rate_bp: r.get(10)?,
                        tax: r.get(11)?,
                        rounding: r.get(12)?,
                        total: r.get(13)?,
                        tendered: r.get(14)?,
                        change: r.get(15)?,
                        cost: r.get(16)?,
                        lines: Vec::new(),
                        payments: Vec::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let lines = conn
            .prepare_cached(
                "SELECT o.seq, l.line_no, l.product_id, l.sku, l.name, l.unit, l.qty_milli,
                     l.unit_price, l.unit_cost, l.gross, l.discount, l.cost
                 FROM outbox o CROSS JOIN sale_lines l
                 WHERE o.seq > ?1 AND o.seq <= ?2 AND o.kind = 'sale' AND l.sale_id = o.entity_id
                 ORDER BY o.seq, l.line_no",
            )?
            .query_map(params![after, last], |r| {
                Ok((
                    r.get(0)?,
                    SaleLine {
                        line_no: r.get(1)?,
                        product_id: r.get(2)?,
                        sku: r.get(3)?,
                        name: r.get(4)?,
                        unit: r.get(5)?,
                        qty_milli: r.get(6)?,
                        unit_price: r.get(7)?,
                        unit_cost: r.get(8)?,
                        gross: r.get(9)?,
                        discount: r.get(10)?,
                        cost: r.get(11)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let payments = conn
            .prepare_cached(
                "SELECT o.seq, p.method, p.amount, p.tendered, p.reference, p.status
                 FROM outbox o CROSS JOIN sale_payments p
                 WHERE o.seq > ?1 AND o.seq <= ?2 AND o.kind = 'sale' AND p.sale_id = o.entity_id
                 ORDER BY o.seq, p.idx",
            )?
            .query_map(params![after, last], |r| {
                let method: String = r.get(1)?;
                Ok((
                    r.get(0)?,
                    SalePayment {
                        method: PaymentMethod::parse(&method).unwrap_or(PaymentMethod::Cash),
                        amount: r.get(2)?,
                        tendered: r.get(3)?,
                        reference: r.get(4)?,
                        status: r.get(5)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let movements = conn
            .prepare_cached(
                "SELECT o.seq, m.id, m.product_id, m.device_id, m.kind, m.qty_milli, m.reason,
                     m.created_at
                 FROM outbox o CROSS JOIN stock_movements m
                 WHERE o.seq > ?1 AND o.seq <= ?2 AND o.kind = 'stock_movement'
                   AND m.id = o.entity_id AND m.sale_id IS NULL
                 ORDER BY o.seq",
            )?
            .query_map(params![after, last], |r| {
                let id: Uuid = r.get(1)?;
                let (product_id, device_id) = (r.get(2)?, r.get(3)?);
                let kind: String = r.get(4)?;
                let (qty_milli, reason, created_at) = (r.get(5)?, r.get(6)?, r.get(7)?);
                let movement = movement_kind(id, &kind).map(|kind| StockMovement {
                    id,
                    product_id,
                    device_id,
                    kind,
                    qty_milli,
                    reason,
                    created_at,
                });
                Ok((r.get(0)?, movement))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(PageRows {
            sales,
            lines,
            payments,
            movements,
        })
    }
}

/// A hand-made movement's kind.
fn movement_kind(id: Uuid, kind: &str) -> Result<MovementKind> {
    match kind {
        "restock" => Ok(MovementKind::Restock),
        "adjustment" => Ok(MovementKind::Adjustment),
        other => Err(CoreError::OutboxBroken(format!(
            "movement {id} has kind {other:?}, not restock or adjustment"
        ))),
    }
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

    /// Each outbox entry up to `up_to` as (seq, kind, entity id), in seq order.
    pub fn outbox_identities(&self, up_to: u64, f: impl FnMut(u64, &str, Uuid)) -> Result<()> {
        crate::sync::outbox::each_identity_up_to(&self.conn, up_to, f)
    }
}
