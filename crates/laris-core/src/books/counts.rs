//! The one writer of `stock_counts` and `stock_count_lines`: stock taking (stock opname)
//! during trading, with no register lock. Each counted product keeps what the till expected
//! at that moment and what was counted; the level moves by the difference (a `count`
//! movement derived from the count, like a sale's), never set to the count, so sales on other
//! tills before and after the count still add up once they meet.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::catalog::product_by_id;
use crate::error::{CoreError, Result};
use crate::ledger::{Cause, Movement, insert_movement};
use crate::people::OwnerAuthority;
use crate::sale::pricing::MAX_QTY_MILLI;
use crate::store::{DeviceStore, immediate_tx};

/// The outbox kind of a stock count.
pub const COUNT_EVENT: &str = "stock_count";
/// The most products one count holds.
pub const MAX_COUNT_LINES: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CountLine {
    /// 1-based.
    pub line_no: i64,
    pub product_id: Uuid,
    pub expected_milli: i64,
    pub counted_milli: i64,
    /// The product's cost per unit at the count.
    pub unit_cost: i64,
}

impl CountLine {
    pub fn difference_milli(&self) -> i64 {
        self.counted_milli - self.expected_milli
    }

    /// The difference at cost, rounded half away from zero (negative: goods missing).
    pub fn value(&self) -> i64 {
        let n = i128::from(self.difference_milli()) * i128::from(self.unit_cost);
        let r = (n.abs() + 500) / 1000;
        (if n < 0 { -r } else { r }) as i64
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StockCount {
    pub id: Uuid,
    pub device_id: Uuid,
    pub created_at: i64,
    pub by: Option<String>,
    pub note: Option<String>,
    pub lines: Vec<CountLine>,
    pub approved_by: Option<Uuid>,
}

impl StockCount {
    pub fn value(&self) -> i64 {
        self.lines.iter().map(CountLine::value).sum()
    }
}

/// The id of the movement of a count's line: derived (as laris-protocol's
/// `count_movement_id`), so a count fully determines its movements.
pub fn count_movement_id(count_id: Uuid, line_no: i64) -> Uuid {
    Uuid::new_v5(&count_id, format!("count-{line_no}").as_bytes())
}

/// Inserts a count with its lines and movements unless it is here. True if new.
pub(crate) fn insert(conn: &Connection, c: &StockCount) -> Result<bool> {
    let new =
        conn.prepare_cached(
            "INSERT INTO stock_counts (id, device_id, created_at, by_name, note, approved_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            c.id,
            c.device_id,
            c.created_at,
            c.by,
            c.note,
            c.approved_by
        ])? > 0;
    if !new {
        return Ok(false);
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO stock_count_lines (count_id, line_no, product_id, expected_milli,
             counted_milli, unit_cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for l in &c.lines {
        stmt.execute(params![
            c.id,
            l.line_no,
            l.product_id,
            l.expected_milli,
            l.counted_milli,
            l.unit_cost
        ])?;
        if l.difference_milli() != 0 {
            insert_movement(
                conn,
                &Movement {
                    id: count_movement_id(c.id, l.line_no),
                    product_id: l.product_id,
                    device_id: c.device_id,
                    qty_milli: l.difference_milli(),
                    cause: Cause::Count { count_id: c.id },
                    created_at: c.created_at,
                },
            )?;
        }
    }
    Ok(true)
}

fn head_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StockCount> {
    Ok(StockCount {
        id: r.get(0)?,
        device_id: r.get(1)?,
        created_at: r.get(2)?,
        by: r.get(3)?,
        note: r.get(4)?,
        lines: Vec::new(),
        approved_by: r.get(5)?,
    })
}

fn with_lines(conn: &Connection, mut c: StockCount) -> Result<StockCount> {
    c.lines = conn
        .prepare_cached(
            "SELECT line_no, product_id, expected_milli, counted_milli, unit_cost
             FROM stock_count_lines WHERE count_id = ?1 ORDER BY line_no",
        )?
        .query_map([c.id], |r| {
            Ok(CountLine {
                line_no: r.get(0)?,
                product_id: r.get(1)?,
                expected_milli: r.get(2)?,
                counted_milli: r.get(3)?,
                unit_cost: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(c)
}

pub(crate) fn load(conn: &Connection, id: Uuid) -> Result<Option<StockCount>> {
    let head = conn
        .prepare_cached(
            "SELECT id, device_id, created_at, by_name, note, approved_by FROM stock_counts
             WHERE id = ?1",
        )?
        .query_row([id], head_from_row)
        .optional()?;
    head.map(|c| with_lines(conn, c)).transpose()
}

impl DeviceStore {
    /// Records a count of some products, `(product, counted)` each, with the owner's
    /// authority: each line keeps the level expected now and the level moves by the
    /// difference, in one transaction.
    pub fn record_count(
        &mut self,
        authority: OwnerAuthority,
        counted: &[(Uuid, i64)],
        note: Option<&str>,
    ) -> Result<StockCount> {
        if counted.is_empty() || counted.len() > MAX_COUNT_LINES {
            return Err(CoreError::invalid(
                "lines",
                format!("count 1 to {MAX_COUNT_LINES} products"),
            ));
        }
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from);
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let id = self.ids.new_id(now);
        let audit_id = self.ids.new_id(now);
        let tx = immediate_tx(&mut self.conn)?;
        let mut lines = Vec::with_capacity(counted.len());
        let mut names = Vec::new();
        for (i, &(product_id, qty)) in counted.iter().enumerate() {
            let p = product_by_id(&tx, product_id)?
                .ok_or_else(|| CoreError::UnknownProduct(product_id.to_string()))?;
            if !p.track_stock {
                return Err(CoreError::invalid(
                    "product",
                    format!("stock of {} is not tracked", p.name),
                ));
            }
            if !(0..=MAX_QTY_MILLI).contains(&qty) {
                return Err(CoreError::invalid(
                    "counted",
                    format!("the count of {} must be between 0 and 100.000", p.name),
                ));
            }
            if counted[..i].iter().any(|(other, _)| *other == product_id) {
                return Err(CoreError::invalid(
                    "product",
                    format!("{} is counted twice", p.name),
                ));
            }
            let expected = crate::ledger::level(&tx, product_id)?;
            names.push(format!(
                "{} {} -> {}",
                p.name,
                crate::format_qty(expected),
                crate::format_qty(qty)
            ));
            lines.push(CountLine {
                line_no: i as i64 + 1,
                product_id,
                expected_milli: expected,
                counted_milli: qty,
                unit_cost: p.cost,
            });
        }
        let count = StockCount {
            id,
            device_id,
            created_at: now,
            by: crate::people::on_duty(&tx)?.map(|d| d.person.name),
            note,
            lines,
            approved_by: authority.owner().map(|o| o.id),
        };
        insert(&tx, &count)?;
        crate::sync::outbox::append(&tx, COUNT_EVENT, id, now)?;
        let entry = authority.entry(
            AuditAction::StockCounted,
            Some(id.to_string()),
            format!(
                "{} product(s), difference {} at cost: {}",
                count.lines.len(),
                crate::format_rupiah(count.value()),
                names.join("; ")
            ),
            count.note.as_deref(),
        )?;
        crate::audit::record(&tx, audit_id, now, device_id, &entry)?;
        tx.commit()?;
        Ok(count)
    }

    /// Stock counts of every till, latest first.
    pub fn stock_counts(&self, limit: usize) -> Result<Vec<StockCount>> {
        let heads: Vec<StockCount> = self
            .conn
            .prepare_cached(
                "SELECT id, device_id, created_at, by_name, note, approved_by FROM stock_counts
                 ORDER BY created_at DESC, n DESC LIMIT ?1",
            )?
            .query_map([limit.min(500) as i64], head_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        heads
            .into_iter()
            .map(|c| with_lines(&self.conn, c))
            .collect()
    }
}
