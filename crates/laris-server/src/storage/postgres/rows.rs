//! The bookkeeping rows of a push on PostgreSQL (changes, quarantine, per-seq outcomes) as
//! `push_outcome::derive` made them, gathered as columns and written with one `UNNEST`
//! statement each; and the allocation of the store's change_seqs.

use deadpool_postgres::Transaction;
use uuid::Uuid;

use super::Result;
use crate::push_outcome::PushWrites;
use crate::storage::to_i64;

/// The rows a push writes besides records, as columns.
#[derive(Debug, Default)]
pub(super) struct Rows<'a> {
    change_origin_seq: Vec<i64>,
    change_kind: Vec<&'static str>,
    change_entity: Vec<Uuid>,
    change_body: Vec<&'a [u8]>,
    q_seq: Vec<i64>,
    q_kind: Vec<Option<&'static str>>,
    q_code: Vec<&'a str>,
    q_message: Vec<&'a str>,
    q_raw: Vec<&'a [u8]>,
    q_format: Vec<&'static str>,
    ev_seq: Vec<i64>,
    ev_kind: Vec<&'static str>,
    ev_outcome: Vec<&'static str>,
    ev_total: Vec<Option<i64>>,
    ev_entity: Vec<Option<Uuid>>,
    /// The index of the event's change among `change_*`, if it made one.
    ev_change: Vec<Option<usize>>,
}

impl<'a> Rows<'a> {
    pub(super) fn new(w: &'a PushWrites<'_>) -> Self {
        let mut rows = Rows::default();
        for c in &w.changes {
            rows.change_origin_seq.push(to_i64(c.origin_seq));
            rows.change_kind.push(c.kind.as_str());
            rows.change_entity.push(c.entity_id);
            rows.change_body.push(c.body.as_ref());
        }
        for &(seq, q) in &w.quarantine {
            rows.q_seq.push(to_i64(seq));
            rows.q_kind.push(q.kind.map(|k| k.as_str()));
            rows.q_code.push(&q.code);
            rows.q_message.push(&q.message);
            rows.q_raw.push(&q.raw);
            rows.q_format.push(q.raw_format.as_str());
        }
        for h in &w.held {
            rows.ev_seq.push(to_i64(h.seq));
            rows.ev_kind.push(h.kind.as_str());
            rows.ev_outcome.push(h.outcome.as_str());
            rows.ev_total.push(h.sale_total);
            rows.ev_entity.push(h.entity_id);
            rows.ev_change.push(h.change);
        }
        rows
    }

    pub(super) async fn insert_quarantine(
        &self,
        tx: &Transaction<'_>,
        store_id: Uuid,
        device_id: Uuid,
        now_ms: i64,
    ) -> Result<()> {
        if self.q_seq.is_empty() {
            return Ok(());
        }
        tx.execute(
            &tx.prepare_cached(
                "INSERT INTO quarantine (store_id, device_id, received_at_ms, seq, kind, code,
                message, raw, raw_format)
             SELECT $1, $2, $3, t.* FROM UNNEST($4::bigint[], $5::text[], $6::text[],
                $7::text[], $8::bytea[], $9::text[]) AS t",
            )
            .await?,
            &[
                &store_id,
                &device_id,
                &now_ms,
                &self.q_seq,
                &self.q_kind,
                &self.q_code,
                &self.q_message,
                &self.q_raw,
                &self.q_format,
            ],
        )
        .await?;
        Ok(())
    }

    /// The per-seq rows, with the change_seq each event's change got (`first_change` is the
    /// change_seq of the first change).
    pub(super) async fn insert_events(
        &self,
        tx: &Transaction<'_>,
        store_id: Uuid,
        device_id: Uuid,
        first_change: i64,
    ) -> Result<()> {
        if self.ev_seq.is_empty() {
            return Ok(());
        }
        let change_seqs: Vec<Option<i64>> = self
            .ev_change
            .iter()
            .map(|c| c.map(|i| first_change + i64::try_from(i).unwrap_or(i64::MAX)))
            .collect();
        tx.execute(
            &tx.prepare_cached(
                "INSERT INTO device_events (store_id, device_id, seq, kind, outcome, sale_total,
                entity_id, change_seq)
             SELECT $1, $2, t.* FROM UNNEST($3::bigint[], $4::text[], $5::text[],
                $6::bigint[], $7::uuid[], $8::bigint[]) AS t",
            )
            .await?,
            &[
                &store_id,
                &device_id,
                &self.ev_seq,
                &self.ev_kind,
                &self.ev_outcome,
                &self.ev_total,
                &self.ev_entity,
                &change_seqs,
            ],
        )
        .await?;
        Ok(())
    }

    /// Allocates the change_seqs on the store's row and appends the changes; returns the
    /// first change_seq. The row's lock, taken here, is held until commit, so this store's
    /// pushes commit their change_seqs in order and a pull never skips one.
    pub(super) async fn insert_changes(
        &self,
        tx: &Transaction<'_>,
        store_id: Uuid,
        device_id: Uuid,
    ) -> Result<i64> {
        let n = i64::try_from(self.change_kind.len()).unwrap_or(i64::MAX);
        if n == 0 {
            return Ok(0);
        }
        let head: i64 = tx
            .query_one(
                &tx.prepare_cached(
                    "UPDATE stores SET last_change_seq = last_change_seq + $2
                 WHERE store_id = $1 RETURNING last_change_seq",
                )
                .await?,
                &[&store_id, &n],
            )
            .await?
            .get(0);
        let first = head - n + 1;
        let seqs: Vec<i64> = (first..first + n).collect();
        tx.execute(
            &tx.prepare_cached(
                "INSERT INTO changes (store_id, origin_device, change_seq, origin_seq, kind,
                entity_id, body)
             SELECT $1, $2, t.* FROM UNNEST($3::bigint[], $4::bigint[], $5::text[],
                $6::uuid[], $7::bytea[]) AS t",
            )
            .await?,
            &[
                &store_id,
                &device_id,
                &seqs,
                &self.change_origin_seq,
                &self.change_kind,
                &self.change_entity,
                &self.change_body,
            ],
        )
        .await?;
        Ok(first)
    }
}
