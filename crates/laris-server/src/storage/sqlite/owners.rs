//! Owner sessions (listing, revocation) and the lock-out of owner accounts on SQLite.

use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{Result, immediate};
use crate::config::LockoutPolicy;
use crate::storage::{LoginFailure, SESSION_LIST_MAX, SessionInfo, to_u32};

const SESSION_COLUMNS: &str = "session_id, created_at_ms, expires_at_ms, revoked_at_ms";

fn session(r: &Row<'_>) -> rusqlite::Result<SessionInfo> {
    Ok(SessionInfo {
        session_id: r.get(0)?,
        created_at_ms: r.get(1)?,
        expires_at_ms: r.get(2)?,
        revoked_at_ms: r.get(3)?,
    })
}

pub(super) fn sessions(conn: &Connection, store_id: Uuid) -> Result<Vec<SessionInfo>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SESSION_COLUMNS} FROM owner_sessions WHERE store_id = ?1
         ORDER BY created_at_ms DESC, session_id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![store_id, SESSION_LIST_MAX], session)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn revoke_session(
    conn: &mut Connection,
    store_id: Uuid,
    session_id: Uuid,
    now_ms: i64,
) -> Result<Option<SessionInfo>> {
    let tx = immediate(conn)?;
    let found = tx
        .query_row(
            &format!(
                "UPDATE owner_sessions SET revoked_at_ms = COALESCE(revoked_at_ms, ?3)
                 WHERE store_id = ?1 AND session_id = ?2 RETURNING {SESSION_COLUMNS}"
            ),
            params![store_id, session_id, now_ms],
            session,
        )
        .optional()?;
    tx.commit()?;
    Ok(found)
}

/// One transaction under SQLite's write lock: the count and the lock it implies cannot be
/// interleaved with another process's failure. An unknown email counts nothing.
pub(super) fn record_failure(
    conn: &mut Connection,
    email: &str,
    now_ms: i64,
    policy: LockoutPolicy,
) -> Result<LoginFailure> {
    let tx = immediate(conn)?;
    let failures: Option<i64> = tx
        .query_row(
            "UPDATE accounts SET failures = failures + 1, last_failure_ms = ?2
             WHERE email = ?1 RETURNING failures",
            params![email, now_ms],
            |r| r.get(0),
        )
        .optional()?;
    let failures = to_u32(failures.unwrap_or(0));
    let locked_until_ms: i64 = match policy.lock_ms(failures) {
        Some(lock_ms) if failures > 0 => tx.query_row(
            "UPDATE accounts SET locked_until_ms = MAX(locked_until_ms, ?2)
             WHERE email = ?1 RETURNING locked_until_ms",
            params![email, now_ms.saturating_add(lock_ms)],
            |r| r.get(0),
        )?,
        _ => 0,
    };
    tx.commit()?;
    Ok(LoginFailure {
        failures,
        locked_until_ms,
    })
}

pub(super) fn reset_failures(conn: &mut Connection, email: &str) -> Result<()> {
    let tx = immediate(conn)?;
    tx.execute(
        "UPDATE accounts SET failures = 0, locked_until_ms = 0 WHERE email = ?1",
        params![email],
    )?;
    tx.commit()?;
    Ok(())
}
