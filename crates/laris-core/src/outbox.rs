//! The outbox: every event this device must push, numbered 1, 2, 3, ... without gaps.
//! Numbers are taken inside the event's own write transaction, and there is one writer per
//! database, so a number is never skipped or reused.

use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::error::Result;

/// Appends an event to the outbox and returns its sequence number.
pub(crate) fn append(conn: &Connection, kind: &str, entity_id: Uuid, now: i64) -> Result<i64> {
    let seq: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox")?
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
