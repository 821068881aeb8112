//! Applying a push on SQLite, in one write transaction: for each event in seq order, an
//! already-held seq is compared with the event held there (another event refuses the whole
//! push with `seq_reused`; the same one is counted and skipped, a product merged again), a
//! gap stops the batch, an invalid event is quarantined, and a valid one is inserted by its
//! unique key (`ON CONFLICT DO NOTHING`: a record the store already has is a duplicate, never
//! a second copy), appended to the change log and acknowledged, all together. The single
//! writer connection makes change_seqs commit in order.

use laris_protocol::v1::{EventBody, ProductV1, QuarantinedEvent};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::{Result, immediate};
use crate::prepare::{
    APPLIED, Action, DUPLICATE, HeldEvent, MovementRecord, PreparedEvent, QUARANTINED,
    QuarantineRecord, SaleRecord, decode_product, encode_body, encode_product, first_reused_seq,
    plan_batch,
};
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
        .ok_or_else(|| StorageError::Other(format!("no device {device_id}")))?;
    let plan = plan_batch(to_u64(acked), events);
    if let Some(seq) = first_reused_seq(
        &held_events(&tx, store_id, device_id, plan.duplicates)?,
        plan.duplicates,
    ) {
        // Nothing is written: the device renumbers and pushes again.
        return Ok(PushOutcome {
            acked_seq: to_u64(acked),
            seq_conflict: Some(seq),
            ..PushOutcome::default()
        });
    }
    let mut out = PushOutcome {
        acked_seq: to_u64(acked),
        quarantined: held_quarantine(&tx, store_id, device_id, plan.duplicates)?,
        duplicates: plan.duplicates.len() as u64,
        stopped_at_gap: plan.stopped_at_gap,
        ..PushOutcome::default()
    };
    let mut head: i64 = tx
        .prepare_cached("SELECT last_change_seq FROM stores WHERE store_id = ?1")?
        .query_row(params![store_id], |r| r.get(0))?;
    let start_head = head;
    let mut apply = Apply {
        tx: &tx,
        store_id,
        device_id,
        now_ms,
    };
    for ev in plan.duplicates {
        // A product edit under a held seq may be newer than the one held (made after a
        // restore): merging is idempotent, so merge it again rather than risk losing it.
        if let Action::Product(p) = &ev.action {
            apply.product_event(ev, p, &mut head, &mut out)?;
        }
    }
    for ev in plan.fresh {
        let (outcome, sale_total, change_seq) = apply.event(ev, &mut head, &mut out)?;
        tx.prepare_cached(
            "INSERT INTO device_events (store_id, device_id, seq, kind, outcome, sale_total,
                                        entity_id, change_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            store_id,
            device_id,
            to_i64(ev.seq),
            ev.kind,
            outcome,
            sale_total,
            ev.entity_id,
            change_seq
        ])?;
        out.acked_seq = ev.seq;
    }
    if head != start_head {
        tx.execute(
            "UPDATE stores SET last_change_seq = ?2 WHERE store_id = ?1",
            params![store_id, head],
        )?;
    }
    tx.execute(
        "UPDATE devices SET acked_seq = ?3, duplicates_rejected = duplicates_rejected + ?4,
                last_seen_ms = ?5
         WHERE store_id = ?1 AND device_id = ?2",
        params![
            store_id,
            device_id,
            to_i64(out.acked_seq),
            to_i64(out.duplicates),
            now_ms
        ],
    )?;
    tx.commit()?;
    Ok(out)
}

/// The quarantine records of the request's already-held seqs, so that a replayed request gets
/// the same reply as the first.
fn held_quarantine(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    held: &[PreparedEvent],
) -> Result<Vec<QuarantinedEvent>> {
    let (Some(first), Some(last)) = (held.first(), held.last()) else {
        return Ok(Vec::new());
    };
    let mut stmt = tx.prepare_cached(
        "SELECT seq, code, message FROM quarantine
         WHERE store_id = ?1 AND device_id = ?2 AND seq BETWEEN ?3 AND ?4 ORDER BY seq",
    )?;
    let rows = stmt.query_map(
        params![store_id, device_id, to_i64(first.seq), to_i64(last.seq)],
        |r| {
            Ok(QuarantinedEvent {
                seq: to_u64(r.get(0)?),
                code: r.get(1)?,
                message: r.get(2)?,
            })
        },
    )?;
    let mut out = Vec::new();
    for q in rows {
        let q = q?;
        if held.binary_search_by_key(&q.seq, |e| e.seq).is_ok() {
            out.push(q);
        }
    }
    Ok(out)
}

/// What the device's held seqs among `sent` name, in seq order.
fn held_events(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    sent: &[PreparedEvent],
) -> Result<Vec<HeldEvent>> {
    let (Some(first), Some(last)) = (sent.first(), sent.last()) else {
        return Ok(Vec::new());
    };
    let mut stmt = tx.prepare_cached(
        "SELECT seq, kind, entity_id FROM device_events
         WHERE store_id = ?1 AND device_id = ?2 AND seq BETWEEN ?3 AND ?4 ORDER BY seq",
    )?;
    let rows = stmt.query_map(
        params![store_id, device_id, to_i64(first.seq), to_i64(last.seq)],
        |r| {
            Ok(HeldEvent {
                seq: to_u64(r.get(0)?),
                kind: r.get(1)?,
                entity_id: r.get(2)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

struct Apply<'a> {
    tx: &'a Transaction<'a>,
    store_id: Uuid,
    device_id: Uuid,
    now_ms: i64,
}

impl Apply<'_> {
    /// Applies one fresh event: its outcome, for an applied sale its total, and the change it
    /// made.
    fn event(
        &mut self,
        ev: &PreparedEvent,
        head: &mut i64,
        out: &mut PushOutcome,
    ) -> Result<(&'static str, Option<i64>, Option<i64>)> {
        let next = *head + 1;
        let applied = match &ev.action {
            Action::Quarantine(q) => {
                self.quarantine(ev.seq, q, out)?;
                return Ok((QUARANTINED, None, None));
            }
            Action::Sale(s) => self.sale(ev, s, next)?.then_some(Some(s.total)),
            Action::Movement { record, body } => {
                let inserted = self.movement(record)?;
                if inserted {
                    self.change(next, ev, record.movement_id, body)?;
                }
                inserted.then_some(None)
            }
            Action::Product(p) => {
                let change = self.product_event(ev, p, head, out)?;
                return Ok((APPLIED, None, change));
            }
        };
        Ok(match applied {
            Some(total) => {
                out.applied += 1;
                *head = next;
                (APPLIED, total, Some(next))
            }
            None => {
                out.duplicates += 1;
                (DUPLICATE, None, None)
            }
        })
    }

    /// Merges a product event; the change it made, if the store's row changed.
    fn product_event(
        &mut self,
        ev: &PreparedEvent,
        p: &ProductV1,
        head: &mut i64,
        out: &mut PushOutcome,
    ) -> Result<Option<i64>> {
        let Some(merged) = self.product(p)? else {
            return Ok(None);
        };
        let next = *head + 1;
        let body = encode_body(&EventBody::ProductUpsert(Box::new(merged)));
        self.change(next, ev, p.id, &body)?;
        out.applied += 1;
        *head = next;
        Ok(Some(next))
    }

    fn quarantine(&self, seq: u64, q: &QuarantineRecord, out: &mut PushOutcome) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO quarantine (store_id, device_id, seq, kind, code, message, raw,
                                         raw_format, received_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                self.store_id,
                self.device_id,
                to_i64(seq),
                q.kind,
                q.code,
                q.message,
                q.raw,
                q.raw_format,
                self.now_ms
            ])?;
        out.quarantined.push(q.reply(seq));
        Ok(())
    }

    /// Inserts the sale, its movements and its change; false if the store already had it.
    fn sale(&self, ev: &PreparedEvent, s: &SaleRecord, change_seq: i64) -> Result<bool> {
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO sales (store_id, sale_id, device_id, seq, receipt_no, created_at_ms,
                    gross, discount, tax, total, cost, paid_cash, paid_qris, paid_transfer,
                    line_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![
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
                s.line_count
            ])?;
        if inserted == 0 {
            return Ok(false);
        }
        for m in &s.movements {
            self.movement(m)?;
        }
        self.change(change_seq, ev, s.sale_id, &s.body)?;
        Ok(true)
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
                m.kind,
                m.qty_milli,
                m.sale_id,
                m.reason,
                m.created_at_ms
            ])?;
        Ok(n == 1)
    }

    fn change(&self, change_seq: i64, ev: &PreparedEvent, entity: Uuid, body: &[u8]) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO changes (store_id, change_seq, origin_device, origin_seq, kind,
                                      entity_id, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                self.store_id,
                change_seq,
                self.device_id,
                to_i64(ev.seq),
                ev.kind,
                entity,
                body
            ])?;
        Ok(())
    }

    /// Merges the product into the store's row (inserted if new): the merged product if the
    /// row changed, None if the edit was already known.
    fn product(&self, p: &ProductV1) -> Result<Option<ProductV1>> {
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO products (store_id, product_id, body, updated_at_ms)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            )?
            .execute(params![self.store_id, p.id, encode_product(p), self.now_ms])?;
        if inserted == 1 {
            return Ok(Some(p.clone()));
        }
        let body: Vec<u8> = self
            .tx
            .prepare_cached("SELECT body FROM products WHERE store_id = ?1 AND product_id = ?2")?
            .query_row(params![self.store_id, p.id], |r| r.get(0))?;
        let mut current =
            decode_product(&body).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let changed = current
            .merge(p)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        if !changed {
            return Ok(None);
        }
        self.tx
            .prepare_cached(
                "UPDATE products SET body = ?3, updated_at_ms = ?4
                 WHERE store_id = ?1 AND product_id = ?2",
            )?
            .execute(params![
                self.store_id,
                p.id,
                encode_product(&current),
                self.now_ms
            ])?;
        Ok(Some(current))
    }
}
