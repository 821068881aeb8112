//! Stores, owners, sessions, pairing codes and devices on SQLite.

use laris_protocol::v1::api::DeviceSummary;
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};
use uuid::Uuid;

use super::{Result, immediate};
use crate::pairing_rules::{self, CodeRow, DeviceRow, DeviceWrite};
use crate::secret::random_uuid;
use crate::storage::{
    CredentialRow, EXPIRED_KEPT_MS, NewDevice, NewPairingCode, NewSession, NewStore, OwnerRow,
    PairOutcome, STORE_LISTING_SQL, SessionRow, StorageError, StoreInfo, StoreListing, to_u32,
    to_u64,
};

/// The store, its owner's account (new, or the one `owner_email` has) and the invite it
/// uses, in one transaction.
pub(super) fn create_store(conn: &mut Connection, new: &NewStore) -> Result<()> {
    let tx = immediate(conn)?;
    if let Some(hash) = &new.invite_hash {
        let used = tx.execute(
            "UPDATE signup_invites SET used_at_ms = ?2, used_by = ?3
             WHERE invite_hash = ?1 AND used_at_ms IS NULL AND expires_at_ms > ?2",
            params![&hash[..], new.now_ms, new.owner_email],
        )?;
        if used != 1 {
            return Err(StorageError::InvalidInvite);
        }
    }
    tx.execute(
        "INSERT INTO stores (store_id, name, epoch, created_at_ms) VALUES (?1, ?2, ?3, ?4)",
        params![new.store_id, new.name, new.epoch, new.now_ms],
    )?;
    let password_hash: String = if new.existing_account {
        tx.query_row(
            "SELECT password_hash FROM accounts WHERE email = ?1",
            params![new.owner_email],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StorageError::UnknownAccount(new.owner_email.clone()))?
    } else {
        let account = tx.execute(
            "INSERT INTO accounts (email, password_hash, created_at_ms) VALUES (?1, ?2, ?3)",
            params![new.owner_email, new.owner_password_hash, new.now_ms],
        );
        match account {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                return Err(StorageError::EmailTaken);
            }
            other => other?,
        };
        new.owner_password_hash.clone()
    };
    tx.execute(
        "INSERT INTO owners (store_id, email, password_hash, created_at_ms)
         VALUES (?1, ?2, ?3, ?4)",
        params![new.store_id, new.owner_email, password_hash, new.now_ms],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn store(conn: &Connection, store_id: Uuid) -> Result<Option<StoreInfo>> {
    Ok(conn
        .prepare_cached("SELECT name, epoch, last_change_seq FROM stores WHERE store_id = ?1")?
        .query_row(params![store_id], |r| {
            Ok(StoreInfo {
                store_id,
                name: r.get(0)?,
                epoch: r.get(1)?,
                last_change_seq: to_u64(r.get(2)?),
            })
        })
        .optional()?)
}

pub(super) fn stores(conn: &Connection) -> Result<Vec<StoreListing>> {
    Ok(conn
        .prepare_cached(STORE_LISTING_SQL)?
        .query_map([], |r| {
            Ok(StoreListing {
                store_id: r.get(0)?,
                name: r.get(1)?,
                owner_email: r.get(2)?,
                devices: to_u64(r.get(3)?),
                created_at_ms: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn rotate_epoch(conn: &mut Connection, store_id: Option<Uuid>) -> Result<u64> {
    let tx = immediate(conn)?;
    let ids: Vec<Uuid> = match store_id {
        Some(id) => vec![id],
        None => tx
            .prepare("SELECT store_id FROM stores")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    };
    let mut n = 0;
    for id in ids {
        n += tx.execute(
            "UPDATE stores SET epoch = ?2 WHERE store_id = ?1",
            params![id, random_uuid()],
        )? as u64;
    }
    tx.commit()?;
    Ok(n)
}

pub(super) fn add_pairing_code(conn: &mut Connection, code: &NewPairingCode) -> Result<()> {
    let tx = immediate(conn)?;
    let known: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM stores WHERE store_id = ?1",
            params![code.store_id],
            |r| r.get(0),
        )
        .optional()?;
    if known.is_none() {
        return Err(StorageError::UnknownStore(code.store_id));
    }
    tx.execute(
        "DELETE FROM pairing_codes WHERE store_id = ?1 AND expires_at_ms < ?2",
        params![code.store_id, code.now_ms - EXPIRED_KEPT_MS],
    )?;
    tx.execute(
        "INSERT INTO pairing_codes (code_hash, store_id, created_at_ms, expires_at_ms, for_device)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            &code.code_hash[..],
            code.store_id,
            code.now_ms,
            code.expires_at_ms,
            code.for_device
        ],
    )?;
    tx.commit()?;
    Ok(())
}

/// Pairs by [`PairOutcome::writes`] under the single writer, so the facts it reads hold
/// until commit; the receipt prefix's uniqueness is the index's.
pub(super) fn pair_device(conn: &mut Connection, d: &NewDevice) -> Result<PairOutcome> {
    let tx = immediate(conn)?;
    let code: Option<CodeRow> = tx
        .query_row(
            "SELECT store_id, expires_at_ms, used_at_ms, used_by_device, for_device
             FROM pairing_codes WHERE code_hash = ?1",
            params![&d.code_hash[..]],
            |r| {
                Ok(CodeRow {
                    store_id: r.get(0)?,
                    expires_at_ms: r.get(1)?,
                    used_at_ms: r.get(2)?,
                    used_by_device: r.get(3)?,
                    for_device: r.get(4)?,
                })
            },
        )
        .optional()?;
    let device: Option<DeviceRow> = match &code {
        Some(c) => tx
            .query_row(
                "SELECT credential_hash, revoked_at_ms IS NOT NULL FROM devices
                 WHERE store_id = ?1 AND device_id = ?2",
                params![c.store_id, d.device_id],
                |r| {
                    Ok(DeviceRow {
                        credential_hash: r.get(0)?,
                        revoked: r.get(1)?,
                    })
                },
            )
            .optional()?,
        None => None,
    };
    let w = match PairOutcome::writes(code.as_ref(), device.as_ref(), d) {
        Ok(w) => w,
        Err(refused) => return Ok(refused),
    };
    if let Some(write) = w.device {
        let key = pairing_rules::code_key(&d.code);
        // The re-enrolment keeps its first pairing time: it binds all but the last.
        let row = params![
            w.store_id,
            d.device_id,
            d.name,
            d.code,
            key,
            &d.credential_hash[..],
            d.now_ms
        ];
        let written = match write {
            DeviceWrite::Insert => tx.execute(
                "INSERT INTO devices (store_id, device_id, name, code, code_key,
                     credential_hash, paired_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                row,
            )?,
            DeviceWrite::Reenroll => tx.execute(
                "UPDATE OR IGNORE devices SET name = ?3, code = ?4, code_key = ?5,
                     credential_hash = ?6, revoked_at_ms = NULL
                 WHERE store_id = ?1 AND device_id = ?2",
                &row[..6],
            )?,
        };
        if written == 0 {
            return Ok(PairOutcome::code_taken(d, &taken_codes(&tx, w.store_id)?));
        }
    }
    if w.use_code {
        tx.execute(
            "UPDATE pairing_codes SET used_at_ms = ?2, used_by_device = ?3
             WHERE code_hash = ?1 AND used_at_ms IS NULL",
            params![&d.code_hash[..], d.now_ms, d.device_id],
        )?;
    }
    let store_name: String = tx.query_row(
        "SELECT name FROM stores WHERE store_id = ?1",
        params![w.store_id],
        |r| r.get(0),
    )?;
    tx.commit()?;
    Ok(PairOutcome::Paired {
        store_id: w.store_id,
        store_name,
    })
}

/// The receipt prefixes of the store's devices, as `pairing_rules::code_key` spells them.
fn taken_codes(conn: &Connection, store_id: Uuid) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT DISTINCT upper(trim(code)) FROM devices WHERE store_id = ?1")?
        .query_map(params![store_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn device_credential(
    conn: &Connection,
    store_id: Uuid,
    device_id: Uuid,
) -> Result<Option<CredentialRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT credential_hash, revoked_at_ms IS NOT NULL FROM devices
             WHERE store_id = ?1 AND device_id = ?2",
        )?
        .query_row(params![store_id, device_id], |r| {
            Ok(CredentialRow {
                credential_hash: r.get(0)?,
                revoked: r.get(1)?,
            })
        })
        .optional()?)
}

pub(super) fn devices(
    conn: &Connection,
    store_id: Uuid,
    only: Option<Uuid>,
) -> Result<Vec<DeviceSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT device_id, name, code, paired_at_ms, revoked_at_ms, acked_seq, last_seen_ms
         FROM devices WHERE store_id = ?1 AND (?2 IS NULL OR device_id = ?2)
         ORDER BY paired_at_ms, device_id",
    )?;
    let rows = stmt.query_map(params![store_id, only], |r| {
        Ok(DeviceSummary {
            device_id: r.get(0)?,
            name: r.get(1)?,
            code: r.get(2)?,
            paired_at_ms: r.get(3)?,
            revoked_at_ms: r.get(4)?,
            acked_seq: to_u64(r.get(5)?),
            last_seen_ms: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn revoke_device(
    conn: &mut Connection,
    store_id: Uuid,
    device_id: Uuid,
    now_ms: i64,
) -> Result<Option<DeviceSummary>> {
    let tx = immediate(conn)?;
    tx.execute(
        "UPDATE devices SET revoked_at_ms = COALESCE(revoked_at_ms, ?3)
         WHERE store_id = ?1 AND device_id = ?2",
        params![store_id, device_id, now_ms],
    )?;
    let found = devices(&tx, store_id, Some(device_id))?.into_iter().next();
    tx.commit()?;
    Ok(found)
}

pub(super) fn owner_by_email(conn: &Connection, email: &str) -> Result<Option<OwnerRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT o.store_id FROM owners o JOIN stores s ON s.store_id = o.store_id
                     WHERE o.email = a.email ORDER BY s.created_at_ms, s.store_id LIMIT 1),
                    a.password_hash, a.failures, a.locked_until_ms
             FROM accounts a
             WHERE a.email = ?1 AND EXISTS (SELECT 1 FROM owners o WHERE o.email = a.email)",
        )?
        .query_row(params![email], |r| {
            Ok(OwnerRow {
                store_id: r.get(0)?,
                password_hash: r.get(1)?,
                failed_logins: to_u32(r.get(2)?),
                locked_until_ms: r.get(3)?,
            })
        })
        .optional()?)
}

pub(super) fn add_owner_session(conn: &mut Connection, s: &NewSession) -> Result<()> {
    let tx = immediate(conn)?;
    tx.execute(
        "DELETE FROM owner_sessions WHERE store_id = ?1 AND expires_at_ms < ?2",
        params![s.store_id, s.now_ms - EXPIRED_KEPT_MS],
    )?;
    tx.execute(
        "INSERT INTO owner_sessions (store_id, session_id, token_hash, created_at_ms, expires_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.store_id, s.session_id, &s.token_hash[..], s.now_ms, s.expires_at_ms],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn owner_session(
    conn: &Connection,
    store_id: Uuid,
    session_id: Uuid,
) -> Result<Option<SessionRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT token_hash, expires_at_ms, revoked_at_ms IS NOT NULL FROM owner_sessions
             WHERE store_id = ?1 AND session_id = ?2",
        )?
        .query_row(params![store_id, session_id], |r| {
            Ok(SessionRow {
                token_hash: r.get(0)?,
                expires_at_ms: r.get(1)?,
                revoked: r.get(2)?,
            })
        })
        .optional()?)
}
