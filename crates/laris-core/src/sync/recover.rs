//! Getting back what a restore lost: a database restored from an older backup lacks the
//! events this device made after that backup, which the server holds. They are asked back
//! (`SyncState::lost_range`) and put back under their own seqs, with their records (sales
//! with their lines, payments and stock movements, restocks, products), so the till shows its
//! own sales and stock again and its outbox matches the server's seq for seq. Nothing put
//! back is pushed again: the server holds it.

use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::catalog::edits::PRODUCT_EVENT;
use crate::error::{CoreError, Result};
use crate::store::{DeviceStore, immediate_tx};
use crate::sync::remote_apply::{AppliedPage, RemoteChange, apply_change};

/// One of this device's own events as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveredEvent {
    pub seq: u64,
    pub change: RemoteChange,
}

impl RecoveredEvent {
    /// The outbox entry's kind and the record it names.
    fn entry(&self) -> (&'static str, Uuid, i64) {
        match &self.change {
            RemoteChange::Sale(s) => ("sale", s.sale.id, s.sale.created_at),
            RemoteChange::StockMovement(m) => ("stock_movement", m.id, m.created_at),
            RemoteChange::Product(p) => (PRODUCT_EVENT, p.id, 0),
            RemoteChange::SaleReturn(r) => (crate::RETURN_EVENT, r.id, r.created_at),
            RemoteChange::Book(b) => (b.kind(), b.id(), b.created_at()),
        }
    }
}

impl DeviceStore {
    /// Puts back one page of this device's lost events (seqs in `lost_after + 1 ..=
    /// next_after`, in order) and moves `lost_after` to `next_after`, in one transaction;
    /// with `done`, nothing is left to ask back. A seq this database holds already keeps its
    /// own entry. Call it after a push of every entry up to the server's acknowledged seq:
    /// the recovered seqs then count as acknowledged.
    pub fn apply_recovered(
        &mut self,
        events: &[RecoveredEvent],
        next_after: u64,
        done: bool,
    ) -> Result<AppliedPage> {
        let now = self.clock.now_ms();
        let ids = self.ids.clone();
        self.rank.get_mut().invalidate();
        let tx = immediate_tx(&mut self.conn)?;
        let state = crate::sync::state::load(&tx)?;
        let Some((after, up_to)) = state.lost_range() else {
            return Ok(AppliedPage::default());
        };
        if let Some(e) = events
            .iter()
            .find(|e| e.seq <= after || e.seq > next_after.min(up_to))
        {
            return Err(CoreError::OutboxBroken(format!(
                "the server gave back #{} outside the lost seqs #{}..#{}",
                e.seq,
                after + 1,
                next_after.min(up_to)
            )));
        }
        // Entries of this device's own in the range that are not acknowledged yet keep the
        // acknowledged seq where it is: they are compared by the next push.
        let unpushed = unacked_entries_in(&tx, state.acked_seq, next_after)?;
        let mut applied = AppliedPage::default();
        let mut absorbed = false;
        for e in events {
            let (kind, entity, created_at) = e.entry();
            absorbed |= apply_change(
                &tx,
                &mut self.hlc,
                ids.as_ref(),
                &e.change,
                now,
                &mut applied,
            )?;
            let created_at = if created_at > 0 { created_at } else { now };
            tx.prepare_cached(
                "INSERT INTO outbox (seq, kind, entity_id, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (seq) DO NOTHING",
            )?
            .execute(params![to_i64(e.seq), kind, entity, created_at])?;
        }
        if absorbed {
            self.hlc.save(&tx)?;
        }
        tx.execute(
            "UPDATE sync_state SET lost_after = CASE WHEN ?2 THEN NULL ELSE ?1 END,
                 acked_seq = CASE WHEN ?3 THEN acked_seq ELSE MAX(acked_seq, ?1) END",
            params![to_i64(next_after.min(up_to)), done, unpushed],
        )?;
        tx.commit()?;
        Ok(applied)
    }
}

fn unacked_entries_in(conn: &Connection, acked: u64, up_to: u64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM outbox WHERE seq > ?1 AND seq <= ?2)")?
        .query_row(params![to_i64(acked), to_i64(up_to)], |r| r.get(0))?)
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
