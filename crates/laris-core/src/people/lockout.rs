//! The lock-out after wrong PINs (the only writer of `pin_failures`). The wrong PINs in a row
//! before the [`LOCK_AFTER_FAILURES`]th cost nothing (fingers slip); that one locks the person
//! out for [`FIRST_LOCK_MS`], and each one after for twice as long as the one before, up to
//! [`MAX_LOCK_MS`]. A PIN typed while locked is not even checked. The count is in the database,
//! so restarting the app does not reset it; the right PIN does.
//!
//! What it protects against: someone at the counter guessing the owner's PIN. Four digits at
//! this pace take months. It does not protect the hashes from someone who copies the database
//! file (argon2 makes each guess cost there, but a 4-digit PIN falls in hours): the owner's
//! authority must not rest on the file being secret, see `approval`.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::error::Result;

/// The wrong PIN in a row that locks first.
pub const LOCK_AFTER_FAILURES: u32 = 3;
/// The first lock: 30 seconds.
pub const FIRST_LOCK_MS: i64 = 30_000;
/// The longest lock: 15 minutes (each further wrong PIN still counts).
pub const MAX_LOCK_MS: i64 = 15 * 60_000;

/// How long `failures` wrong PINs in a row lock a person out.
pub fn lock_ms(failures: u32) -> i64 {
    if failures < LOCK_AFTER_FAILURES {
        return 0;
    }
    let doublings = (failures - LOCK_AFTER_FAILURES).min(20);
    FIRST_LOCK_MS
        .saturating_mul(1_i64 << doublings)
        .min(MAX_LOCK_MS)
}

/// A person's standing on this till.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Standing {
    pub failures: u32,
    pub locked_until: i64,
}

pub(crate) fn standing(conn: &Connection, person: Uuid) -> Result<Standing> {
    let row = conn
        .prepare_cached("SELECT failures, locked_until FROM pin_failures WHERE person_id = ?1")?
        .query_row(params![person], |r| {
            Ok(Standing {
                failures: r.get(0)?,
                locked_until: r.get(1)?,
            })
        })
        .optional()?;
    Ok(row.unwrap_or(Standing {
        failures: 0,
        locked_until: 0,
    }))
}

/// Counts one more wrong PIN and returns the new standing.
pub(crate) fn fail(conn: &Connection, person: Uuid, now: i64) -> Result<Standing> {
    let failures = standing(conn, person)?.failures.saturating_add(1);
    let lock = lock_ms(failures);
    let locked_until = if lock > 0 {
        now.saturating_add(lock)
    } else {
        0
    };
    conn.execute(
        "INSERT INTO pin_failures (person_id, failures, last_at, locked_until)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (person_id) DO UPDATE SET
            failures = excluded.failures, last_at = excluded.last_at,
            locked_until = excluded.locked_until",
        params![person, failures, now, locked_until],
    )?;
    Ok(Standing {
        failures,
        locked_until,
    })
}

/// The right PIN: the count starts again.
pub(crate) fn clear(conn: &Connection, person: Uuid) -> Result<()> {
    conn.execute(
        "DELETE FROM pin_failures WHERE person_id = ?1",
        params![person],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_grows_and_is_capped() {
        assert_eq!(lock_ms(1), 0);
        assert_eq!(lock_ms(2), 0);
        assert_eq!(lock_ms(3), 30_000);
        assert_eq!(lock_ms(4), 60_000);
        assert_eq!(lock_ms(5), 120_000);
        assert_eq!(lock_ms(8), 900_000);
        assert_eq!(lock_ms(u32::MAX), MAX_LOCK_MS);
    }
}
