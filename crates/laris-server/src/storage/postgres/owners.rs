//! Owner sessions (listing, revocation) and the lock-out of owner accounts on PostgreSQL.

use deadpool_postgres::Object;
use tokio_postgres::Row;
use uuid::Uuid;

use super::Result;
use crate::config::LockoutPolicy;
use crate::storage::{LoginFailure, SESSION_LIST_MAX, SessionInfo, to_u32};

const SESSION_COLUMNS: &str = "session_id, created_at_ms, expires_at_ms, revoked_at_ms";

fn session(r: &Row) -> SessionInfo {
    SessionInfo {
        session_id: r.get(0),
        created_at_ms: r.get(1),
        expires_at_ms: r.get(2),
        revoked_at_ms: r.get(3),
    }
}

pub(super) async fn sessions(client: &Object, store_id: Uuid) -> Result<Vec<SessionInfo>> {
    let rows = client
        .query(
            &format!(
                "SELECT {SESSION_COLUMNS} FROM owner_sessions WHERE store_id = $1
                 ORDER BY created_at_ms DESC, session_id LIMIT $2"
            ),
            &[&store_id, &SESSION_LIST_MAX],
        )
        .await?;
    Ok(rows.iter().map(session).collect())
}

pub(super) async fn revoke_session(
    client: &Object,
    store_id: Uuid,
    session_id: Uuid,
    now_ms: i64,
) -> Result<Option<SessionInfo>> {
    let row = client
        .query_opt(
            &format!(
                "UPDATE owner_sessions SET revoked_at_ms = COALESCE(revoked_at_ms, $3)
                 WHERE store_id = $1 AND session_id = $2 RETURNING {SESSION_COLUMNS}"
            ),
            &[&store_id, &session_id, &now_ms],
        )
        .await?;
    Ok(row.as_ref().map(session))
}

/// The update takes the account's row lock until commit, so failures on any number of
/// processes are counted one after another, each with the lock it implies. An unknown email
/// counts nothing.
pub(super) async fn record_failure(
    client: &mut Object,
    email: &str,
    now_ms: i64,
    policy: LockoutPolicy,
) -> Result<LoginFailure> {
    if email.contains('\0') {
        return Ok(LoginFailure {
            failures: 0,
            locked_until_ms: 0,
        });
    }
    let tx = client.transaction().await?;
    let failures: Option<i64> = tx
        .query_opt(
            "UPDATE accounts SET failures = failures + 1, last_failure_ms = $2
             WHERE email = $1 RETURNING failures",
            &[&email, &now_ms],
        )
        .await?
        .map(|r| r.get(0));
    let failures = to_u32(failures.unwrap_or(0));
    let locked_until_ms: i64 = match policy.lock_ms(failures) {
        Some(lock_ms) if failures > 0 => tx
            .query_one(
                "UPDATE accounts SET locked_until_ms = GREATEST(locked_until_ms, $2)
                 WHERE email = $1 RETURNING locked_until_ms",
                &[&email, &now_ms.saturating_add(lock_ms)],
            )
            .await?
            .get(0),
        _ => 0,
    };
    tx.commit().await?;
    Ok(LoginFailure {
        failures,
        locked_until_ms,
    })
}

pub(super) async fn reset_failures(client: &Object, email: &str) -> Result<()> {
    client
        .execute(
            "UPDATE accounts SET failures = 0, locked_until_ms = 0 WHERE email = $1",
            &[&email],
        )
        .await?;
    Ok(())
}
