//! Applying a push on SQLite, in one write transaction: the statements of
//! [`crate::push_outcome`]'s steps. The held seqs the batch repeats are compared with the
//! events held there (another event refuses the whole push with `seq_reused`); the batch's
//! sales, movements and returns are inserted by their unique keys (`ON CONFLICT DO NOTHING`: a record
//! the store already has is a duplicate, never a second copy) and its product edits merged;
//! then what those inserts found decides the outcome, and the changes, held seqs and
//! quarantine rows are written with it. The single writer connection makes change_seqs
//! commit in order.

use std::collections::{HashMap, HashSet};

use laris_protocol::v1::QuarantinedEvent;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::{Result, immediate};
use crate::prepare::{
    Action, HeldEvent, MovementRecord, PreparedEvent, ReturnRecord, SaleRecord, plan_batch,
};
use crate::product_edits::ProductEdits;
use crate::push_outcome::{self, InsertFacts, PushWrites, seq_span};
use crate::returns::{sold_qty, stored_line_quantities};
use crate::storage::{PushOutcome, StorageError, to_i64, to_u64};

pub(super) fn push(
    conn: &mut Connection,
    store_id: Uuid,
    device_id: Uuid,
    events: &[PreparedEvent],
    now_ms: i64,
) -> Result<PushOutcome> {
    let tx = immediate(conn)?;
    let acked: i64 = tx
        .prepare_cached("SELECT acked_seq FROM devices WHERE store_id = ?1 AND device_id = ?2")?
        .query_row(params![store_id, device_id], |r| r.get(0))
        .optional()?
        .ok_or(StorageError::UnknownDevice {
            store_id,
            device_id,
        })?;
    let acked = to_u64(acked);
    let plan = plan_batch(acked, events);
    let held = held_events(&tx, store_id, device_id, plan.duplicates)?;
    if let Some(refused) = PushOutcome::reused_seq(acked, &held, plan.duplicates) {
        // Nothing is written: the device renumbers and pushes again.
        return Ok(refused);
    }
    let held_quarantine = held_quarantine(&tx, store_id, device_id, plan.duplicates)?;
    let w = Writer {
        tx: &tx,
        store_id,
        device_id,
        now_ms,
    };
    let new_sales = w.sales(plan.fresh)?;
    let facts = InsertFacts {
        new_movements: w.movements(plan.fresh, &new_sales)?,
        new_returns: w.returns(plan.fresh, &new_sales)?,
        new_books: w.books(plan.fresh)?,
        new_sales,
        product_changes: w
            .products(&ProductEdits::new(plan.duplicates.iter().chain(plan.fresh)))?,
    };
    let writes = push_outcome::derive(&plan, acked, held_quarantine, facts);
    w.bookkeeping(&writes)?;
    tx.commit()?;
    Ok(writes.outcome)
}

/// What the device's held seqs among `sent` name, in seq order.
fn held_events(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    sent: &[PreparedEvent],
) -> Result<Vec<HeldEvent>> {
    let Some((first, last)) = seq_span(sent) else {
        return Ok(Vec::new());
    };
    let mut stmt = tx.prepare_cached(
        "SELECT seq, kind, entity_id FROM device_events
         WHERE store_id = ?1 AND device_id = ?2 AND seq BETWEEN ?3 AND ?4 ORDER BY seq",
    )?;
    let rows = stmt.query_map(
        params![store_id, device_id, to_i64(first), to_i64(last)],
        |r| Ok((to_u64(r.get(0)?), r.get::<_, String>(1)?, r.get(2)?)),
    )?;
    rows.map(|row| {
        let (seq, kind, entity_id) = row?;
        Ok(HeldEvent {
            seq,
            kind: kind.parse()?,
            entity_id,
        })
    })
    .collect()
}

/// The quarantine records held between the first and the last of `held`.
fn held_quarantine(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    held: &[PreparedEvent],
) -> Result<Vec<QuarantinedEvent>> {
    let Some((first, last)) = seq_span(held) else {
        return Ok(Vec::new());
    };
    let mut stmt = tx.prepare_cached(
        "SELECT seq, code, message FROM quarantine
         WHERE store_id = ?1 AND device_id = ?2 AND seq BETWEEN ?3 AND ?4 ORDER BY seq",
    )?;
    let rows = stmt.query_map(
        params![store_id, device_id, to_i64(first), to_i64(last)],
        |r| {
            Ok(QuarantinedEvent {
                seq: to_u64(r.get(0)?),
                code: r.get(1)?,
                message: r.get(2)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

struct Writer<'a> {
    tx: &'a Transaction<'a>,
    store_id: Uuid,
    device_id: Uuid,
    now_ms: i64,
}

impl Writer<'_> {
    /// Inserts the batch's sales: the ids that were new (a repeated id is new once at most).
    fn sales(&self, fresh: &[PreparedEvent]) -> Result<HashSet<Uuid>> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO sales (store_id, sale_id, device_id, seq, receipt_no, created_at_ms,
                gross, discount, tax, total, cost, paid_cash, paid_qris, paid_transfer,
                line_count, paid_kasbon, cashier)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT DO NOTHING",
        )?;
        let mut line_stmt = self.tx.prepare_cached(
            "INSERT INTO sale_lines (store_id, sale_id, line_no, created_at_ms, product_id,
                name, unit, qty_milli, total, cost)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut new = HashSet::new();
        for (ev, s) in fresh.iter().filter_map(sale) {
            let inserted = stmt.execute(params![
                self.store_id,
                s.sale_id,
                self.device_id,
                to_i64(ev.seq),
                s.receipt_no,
                s.created_at_ms,
                s.gross,
                s.discount,
                s.tax,
                s.total,
                s.cost,
                s.paid_cash,
                s.paid_qris,
                s.paid_transfer,
                s.line_count,
                s.paid_kasbon,
                s.cashier
            ])?;
            if inserted == 1 {
                new.insert(s.sale_id);
                for l in &s.lines {
                    line_stmt.execute(params![
                        self.store_id,
                        s.sale_id,
                        l.line_no,
                        s.created_at_ms,
                        l.product_id,
                        l.name,
                        l.unit,
                        l.qty_milli,
                        l.total,
                        l.cost
                    ])?;
                }
            }
        }
        Ok(new)
    }

    /// Inserts the movements of the new sales and the batch's movement events: the ids of the
    /// movement events that were new.
    fn movements(
        &self,
        fresh: &[PreparedEvent],
        new_sales: &HashSet<Uuid>,
    ) -> Result<HashSet<Uuid>> {
        for ev in fresh {
            if let Action::Sale(s) = &ev.action
                && new_sales.contains(&s.sale_id)
            {
                for m in &s.movements {
                    self.movement(m)?;
                }
            }
        }
        let mut new = HashSet::new();
        for ev in fresh {
            if let Action::Movement { record, .. } = &ev.action
                && self.movement(record)?
            {
                new.insert(record.movement_id);
            }
        }
        Ok(new)
    }

    /// Inserts the batch's returns with their lines and movements: the ids that were new (a
    /// repeated id is new once at most). A return is never refused for taking back more than
    /// was sold: each line keeps the sold quantity the server knows (`returns`), for the
    /// over-refund flag.
    fn returns(&self, fresh: &[PreparedEvent], new_sales: &HashSet<Uuid>) -> Result<HashSet<Uuid>> {
        let in_batch: HashMap<Uuid, &[i64]> = fresh
            .iter()
            .filter_map(sale)
            .filter(|(_, s)| new_sales.contains(&s.sale_id))
            .map(|(_, s)| (s.sale_id, s.line_qty.as_slice()))
            .collect();
        let mut new = HashSet::new();
        for (ev, r) in fresh.iter().filter_map(sale_return) {
            let inserted = self
                .tx
                .prepare_cached(
                    "INSERT INTO sale_returns (store_id, return_id, sale_id, device_id, seq, kind,
                        created_at_ms, method, amount, cost, reason, cashier, approved_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                     ON CONFLICT DO NOTHING",
                )?
                .execute(params![
                    self.store_id,
                    r.return_id,
                    r.sale_id,
                    self.device_id,
                    to_i64(ev.seq),
                    r.kind.as_str(),
                    r.created_at_ms,
                    r.method.as_str(),
                    r.amount,
                    r.cost,
                    r.reason,
                    r.cashier,
                    r.approved_by
                ])?;
            if inserted == 0 {
                continue;
            }
            let stored;
            let sold = match in_batch.get(&r.sale_id) {
                Some(q) => Some(*q),
                None => {
                    stored = self.stored_line_quantities(r.sale_id)?;
                    stored.as_deref()
                }
            };
            let mut stmt = self.tx.prepare_cached(
                "INSERT INTO sale_return_lines (store_id, return_id, line_no, sale_id,
                    product_id, qty_milli, amount, cost, sold_qty_milli)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for l in &r.lines {
                stmt.execute(params![
                    self.store_id,
                    r.return_id,
                    l.line_no,
                    r.sale_id,
                    l.product_id,
                    l.qty_milli,
                    l.amount,
                    l.cost,
                    sold_qty(sold, l.line_no)
                ])?;
            }
            for m in &r.movements {
                self.movement(m)?;
            }
            new.insert(r.return_id);
        }
        Ok(new)
    }

    /// Inserts the batch's books events by their unique key, and the movements of the new
    /// counts: the record keys that were new.
    fn books(&self, fresh: &[PreparedEvent]) -> Result<HashSet<Uuid>> {
        let mut new = HashSet::new();
        for ev in fresh {
            let Action::Book(b) = &ev.action else {
                continue;
            };
            let inserted = self
                .tx
                .prepare_cached(
                    "INSERT INTO book_events (store_id, kind, record_key, entity_id, device_id,
                        seq, subject_id, created_at_ms, amount, stamp, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     ON CONFLICT DO NOTHING",
                )?
                .execute(params![
                    self.store_id,
                    ev.kind.as_str(),
                    b.record_key,
                    b.entity_id,
                    self.device_id,
                    to_i64(ev.seq),
                    b.subject_id,
                    b.created_at_ms,
                    b.amount,
                    b.stamp,
                    b.body
                ])?;
            if inserted == 1 {
                for m in &b.movements {
                    self.movement(m)?;
                }
                new.insert(b.record_key);
            }
        }
        Ok(new)
    }

    /// The line quantities of a sale the store holds, from its change body (found by primary
    /// keys: the sale's device and seq, that seq's change); None if it is not here.
    fn stored_line_quantities(&self, sale_id: Uuid) -> Result<Option<Vec<i64>>> {
        let body: Option<Vec<u8>> = self
            .tx
            .prepare_cached(
                "SELECT c.body FROM sales s
                 JOIN device_events e ON e.store_id = s.store_id AND e.device_id = s.device_id
                     AND e.seq = s.seq
                 JOIN changes c ON c.store_id = e.store_id AND c.change_seq = e.change_seq
                 WHERE s.store_id = ?1 AND s.sale_id = ?2",
            )?
            .query_row(params![self.store_id, sale_id], |r| r.get(0))
            .optional()?;
        Ok(body.as_deref().and_then(stored_line_quantities))
    }

    /// Inserts a movement; false if the store already had it.
    fn movement(&self, m: &MovementRecord) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(
                "INSERT INTO stock_movements (store_id, origin_id, movement_id, product_id,
                    device_id, kind, qty_milli, sale_id, reason, created_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                self.store_id,
                m.sale_id.unwrap_or(m.movement_id),
                m.movement_id,
                m.product_id,
                self.device_id,
                m.kind.as_str(),
                m.qty_milli,
                m.sale_id,
                m.reason,
                m.created_at_ms
            ])?;
        Ok(n == 1)
    }

    /// Inserts each edited product as if new, and merges the edits into the rows the store
    /// already has: the change bodies by seq.
    fn products(&self, edits: &ProductEdits<'_>) -> Result<HashMap<u64, Vec<u8>>> {
        let mut changes = HashMap::new();
        if edits.is_empty() {
            return Ok(changes);
        }
        for new in edits.as_new()? {
            let inserted = self
                .tx
                .prepare_cached(
                    "INSERT INTO products (store_id, product_id, body, updated_at_ms)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                )?
                .execute(params![self.store_id, new.id, new.body, self.now_ms])?;
            if inserted == 1 {
                changes.extend(new.changes);
                continue;
            }
            let stored: Vec<u8> = self
                .tx
                .prepare_cached(
                    "SELECT body FROM products WHERE store_id = ?1 AND product_id = ?2",
                )?
                .query_row(params![self.store_id, new.id], |r| r.get(0))?;
            let merged = edits.merge_into(new.id, &stored)?;
            if let Some(body) = merged.body {
                self.tx
                    .prepare_cached(
                        "UPDATE products SET body = ?3, updated_at_ms = ?4
                         WHERE store_id = ?1 AND product_id = ?2",
                    )?
                    .execute(params![self.store_id, new.id, body, self.now_ms])?;
            }
            changes.extend(merged.changes);
        }
        Ok(changes)
    }

    /// The changes (change_seqs after the store's head), the held seqs, the quarantine rows,
    /// the store's head and the device's acknowledged seq.
    fn bookkeeping(&self, w: &PushWrites<'_>) -> Result<()> {
        let (tx, store_id, device_id) = (self.tx, self.store_id, self.device_id);
        let head: i64 = tx
            .prepare_cached("SELECT last_change_seq FROM stores WHERE store_id = ?1")?
            .query_row(params![store_id], |r| r.get(0))?;
        let change_seq = |i: usize| head + 1 + i64::try_from(i).unwrap_or(i64::MAX);
        let mut stmt = tx.prepare_cached(
            "INSERT INTO changes (store_id, change_seq, origin_device, origin_seq, kind,
                                  entity_id, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, c) in w.changes.iter().enumerate() {
            stmt.execute(params![
                store_id,
                change_seq(i),
                device_id,
                to_i64(c.origin_seq),
                c.kind.as_str(),
                c.entity_id,
                c.body.as_ref()
            ])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO quarantine (store_id, device_id, seq, kind, code, message, raw,
                                     raw_format, received_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (seq, q) in &w.quarantine {
            stmt.execute(params![
                store_id,
                device_id,
                to_i64(*seq),
                q.kind.map(|k| k.as_str()),
                q.code,
                q.message,
                q.raw,
                q.raw_format.as_str(),
                self.now_ms
            ])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO device_events (store_id, device_id, seq, kind, outcome, sale_total,
                                        entity_id, change_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for h in &w.held {
            stmt.execute(params![
                store_id,
                device_id,
                to_i64(h.seq),
                h.kind.as_str(),
                h.outcome.as_str(),
                h.sale_total,
                h.entity_id,
                h.change.map(change_seq)
            ])?;
        }
        if !w.changes.is_empty() {
            tx.execute(
                "UPDATE stores SET last_change_seq = ?2 WHERE store_id = ?1",
                params![store_id, change_seq(w.changes.len() - 1)],
            )?;
        }
        tx.execute(
            "UPDATE devices SET acked_seq = ?3, duplicates_rejected = duplicates_rejected + ?4,
                    last_seen_ms = ?5, sales_applied = sales_applied + ?6,
                    sales_applied_total = sales_applied_total + ?7,
                    complete_up_to_ms = CASE WHEN ?3 >= reported_seq AND reported_at_ms IS NOT NULL
                        THEN MAX(COALESCE(complete_up_to_ms, reported_at_ms), reported_at_ms)
                        ELSE complete_up_to_ms END
             WHERE store_id = ?1 AND device_id = ?2",
            params![
                store_id,
                device_id,
                to_i64(w.outcome.acked_seq),
                to_i64(w.outcome.duplicates),
                self.now_ms,
                w.applied_sales().0,
                w.applied_sales().1
            ],
        )?;
        Ok(())
    }
}

fn sale_return(ev: &PreparedEvent) -> Option<(&PreparedEvent, &ReturnRecord)> {
    match &ev.action {
        Action::SaleReturn(r) => Some((ev, r)),
        _ => None,
    }
}

fn sale(ev: &PreparedEvent) -> Option<(&PreparedEvent, &SaleRecord)> {
    match &ev.action {
        Action::Sale(s) => Some((ev, s)),
        _ => None,
    }
}
