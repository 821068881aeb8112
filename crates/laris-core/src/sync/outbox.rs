//! The outbox: every event this device must push, numbered 1, 2, 3, ... without gaps.
//! Numbers are taken inside the event's own write transaction, and there is one writer per
//! database, so a number is never skipped or reused. One exception: a database restored from
//! an older backup numbers its new entries after the highest seq the server was found to hold
//! (`sync_state.seq_floor`), so a seq the server holds is never used for another event.

use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::error::Result;

/// Appends an event to the outbox and returns its sequence number.
pub(crate) fn append(conn: &Connection, kind: &str, entity_id: Uuid, now: i64) -> Result<i64> {
    let seq: i64 = conn
        .prepare_cached(
            "SELECT MAX((SELECT COALESCE(MAX(seq), 0) FROM outbox),
                        (SELECT seq_floor FROM sync_state)) + 1",
        )?
        .query_row([], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO outbox (seq, kind, entity_id, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![seq, kind, entity_id, now])?;
    Ok(seq)
}

/// One outbox entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutboxEntry {
    pub seq: i64,
    pub kind: String,
    pub entity_id: Uuid,
    pub created_at: i64,
}

/// Entries with `seq > after`, oldest first, at most `limit`.
pub fn entries_after(conn: &Connection, after: i64, limit: usize) -> Result<Vec<OutboxEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, entity_id, created_at FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    Ok(stmt
        .query_map(params![after, limit as i64], |r| {
            Ok(OutboxEntry {
                seq: r.get(0)?,
                kind: r.get(1)?,
                entity_id: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every entry with `seq <= up_to` in seq order, as (seq, kind, entity id), given to `f`: what
/// the proof of sync digests.
pub fn each_identity_up_to(
    conn: &Connection,
    up_to: u64,
    mut f: impl FnMut(u64, &str, Uuid),
) -> Result<()> {
    let mut stmt = conn
        .prepare_cached("SELECT seq, kind, entity_id FROM outbox WHERE seq <= ?1 ORDER BY seq")?;
    let mut rows = stmt.query([i64::try_from(up_to).unwrap_or(i64::MAX)])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        f(
            u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0),
            &kind,
            r.get(2)?,
        );
    }
    Ok(())
}
