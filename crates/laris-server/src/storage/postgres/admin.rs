//! Stores, owners, sessions, pairing codes and devices on PostgreSQL.

use deadpool_postgres::Object;
use laris_protocol::v1::api::DeviceSummary;
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use super::Result;
use crate::pairing_rules::{self, CodeRow, DeviceRow, DeviceWrite};
use crate::secret::random_uuid;
use crate::storage::{
    CredentialRow, EXPIRED_KEPT_MS, NewDevice, NewPairingCode, NewSession, NewStore, OwnerRow,
    PairOutcome, STORE_LISTING_SQL, SessionRow, StorageError, StoreInfo, StoreListing, to_u32,
    to_u64,
};

/// The store, its owner's account (new, or the one `owner_email` has) and the invite it
/// uses, in one transaction.
pub(super) async fn create_store(client: &mut Object, new: &NewStore) -> Result<()> {
    let tx = client.transaction().await?;
    if let Some(hash) = &new.invite_hash {
        let used = tx
            .execute(
                "UPDATE signup_invites SET used_at_ms = $2, used_by = $3
                 WHERE invite_hash = $1 AND used_at_ms IS NULL AND expires_at_ms > $2",
                &[&&hash[..], &new.now_ms, &new.owner_email],
            )
            .await?;
        if used != 1 {
            return Err(StorageError::InvalidInvite);
        }
    }
    tx.execute(
        "INSERT INTO stores (store_id, name, epoch, created_at_ms) VALUES ($1, $2, $3, $4)",
        &[&new.store_id, &new.name, &new.epoch, &new.now_ms],
    )
    .await?;
    let password_hash: String = if new.existing_account {
        tx.query_opt(
            "SELECT password_hash FROM accounts WHERE email = $1",
            &[&new.owner_email],
        )
        .await?
        .ok_or_else(|| StorageError::UnknownAccount(new.owner_email.clone()))?
        .get(0)
    } else {
        let account = tx
            .execute(
                "INSERT INTO accounts (email, password_hash, created_at_ms) VALUES ($1, $2, $3)",
                &[&new.owner_email, &new.owner_password_hash, &new.now_ms],
            )
            .await;
        if let Err(e) = account {
            return Err(if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
                StorageError::EmailTaken
            } else {
                e.into()
            });
        }
        new.owner_password_hash.clone()
    };
    tx.execute(
        "INSERT INTO owners (store_id, email, password_hash, created_at_ms)
         VALUES ($1, $2, $3, $4)",
        &[&new.store_id, &new.owner_email, &password_hash, &new.now_ms],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn store(client: &Object, store_id: Uuid) -> Result<Option<StoreInfo>> {
    let row = client
        .query_opt(
            "SELECT name, epoch, last_change_seq FROM stores WHERE store_id = $1",
            &[&store_id],
        )
        .await?;
    Ok(row.map(|r| StoreInfo {
        store_id,
        name: r.get(0),
        epoch: r.get(1),
        last_change_seq: to_u64(r.get(2)),
    }))
}

pub(super) async fn stores(client: &Object) -> Result<Vec<StoreListing>> {
    Ok(client
        .query(STORE_LISTING_SQL, &[])
        .await?
        .iter()
        .map(|r| StoreListing {
            store_id: r.get(0),
            name: r.get(1),
            owner_email: r.get(2),
            devices: to_u64(r.get(3)),
            created_at_ms: r.get(4),
        })
        .collect())
}

pub(super) async fn rotate_epoch(client: &Object, store_id: Option<Uuid>) -> Result<u64> {
    // gen_random_uuid() would do, but the epoch is made here like everywhere else.
    let ids: Vec<Uuid> = match store_id {
        Some(id) => vec![id],
        None => client
            .query("SELECT store_id FROM stores", &[])
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect(),
    };
    let mut n = 0;
    for id in ids {
        n += client
            .execute(
                "UPDATE stores SET epoch = $2 WHERE store_id = $1",
                &[&id, &random_uuid()],
            )
            .await?;
    }
    Ok(n)
}

pub(super) async fn add_pairing_code(client: &mut Object, code: &NewPairingCode) -> Result<()> {
    let tx = client.transaction().await?;
    if tx
        .query_opt(
            "SELECT 1 FROM stores WHERE store_id = $1",
            &[&code.store_id],
        )
        .await?
        .is_none()
    {
        return Err(StorageError::UnknownStore(code.store_id));
    }
    tx.execute(
        "DELETE FROM pairing_codes WHERE store_id = $1 AND expires_at_ms < $2",
        &[&code.store_id, &(code.now_ms - EXPIRED_KEPT_MS)],
    )
    .await?;
    tx.execute(
        "INSERT INTO pairing_codes (code_hash, store_id, created_at_ms, expires_at_ms, for_device)
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &&code.code_hash[..],
            &code.store_id,
            &code.now_ms,
            &code.expires_at_ms,
            &code.for_device,
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Pairs by [`PairOutcome::writes`]. The code's row is locked first (`FOR UPDATE`), so two
/// requests with one code take turns and the second sees what the first did; then the
/// device's row. The receipt prefix's uniqueness is the index's: a conflict rolls back.
pub(super) async fn pair_device(client: &mut Object, d: &NewDevice) -> Result<PairOutcome> {
    let tx = client.transaction().await?;
    let code = tx
        .query_opt(
            "SELECT store_id, expires_at_ms, used_at_ms, used_by_device, for_device
             FROM pairing_codes WHERE code_hash = $1 FOR UPDATE",
            &[&&d.code_hash[..]],
        )
        .await?
        .map(|r| CodeRow {
            store_id: r.get(0),
            expires_at_ms: r.get(1),
            used_at_ms: r.get(2),
            used_by_device: r.get(3),
            for_device: r.get(4),
        });
    let device = match &code {
        Some(c) => tx
            .query_opt(
                "SELECT credential_hash, revoked_at_ms IS NOT NULL FROM devices
                 WHERE store_id = $1 AND device_id = $2 FOR UPDATE",
                &[&c.store_id, &d.device_id],
            )
            .await?
            .map(|r| DeviceRow {
                credential_hash: r.get(0),
                revoked: r.get(1),
            }),
        None => None,
    };
    let w = match PairOutcome::writes(code.as_ref(), device.as_ref(), d) {
        Ok(w) => w,
        Err(refused) => return Ok(refused),
    };
    if let Some(write) = w.device {
        let key = pairing_rules::code_key(&d.code);
        // The re-enrolment keeps its first pairing time: it binds all but the last.
        let row: [&(dyn ToSql + Sync); 7] = [
            &w.store_id,
            &d.device_id,
            &d.name,
            &d.code,
            &key,
            &&d.credential_hash[..],
            &d.now_ms,
        ];
        let written = match write {
            DeviceWrite::Insert => {
                tx.execute(
                    "INSERT INTO devices (store_id, device_id, name, code, code_key,
                         credential_hash, paired_at_ms)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    &row,
                )
                .await
            }
            DeviceWrite::Reenroll => {
                tx.execute(
                    "UPDATE devices SET name = $3, code = $4, code_key = $5,
                         credential_hash = $6, revoked_at_ms = NULL
                     WHERE store_id = $1 AND device_id = $2",
                    &row[..6],
                )
                .await
            }
        };
        match written {
            Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                // The failed statement aborted the transaction: read the prefixes outside it.
                drop(tx);
                let taken = taken_codes(client, w.store_id).await?;
                return Ok(PairOutcome::code_taken(d, &taken));
            }
            other => other?,
        };
    }
    if w.use_code {
        tx.execute(
            "UPDATE pairing_codes SET used_at_ms = $2, used_by_device = $3
             WHERE code_hash = $1 AND used_at_ms IS NULL",
            &[&&d.code_hash[..], &d.now_ms, &d.device_id],
        )
        .await?;
    }
    let store_name: String = tx
        .query_one(
            "SELECT name FROM stores WHERE store_id = $1",
            &[&w.store_id],
        )
        .await?
        .get(0);
    tx.commit().await?;
    Ok(PairOutcome::Paired {
        store_id: w.store_id,
        store_name,
    })
}

/// The receipt prefixes of the store's devices, as `pairing_rules::code_key` spells them.
async fn taken_codes(client: &Object, store_id: Uuid) -> Result<Vec<String>> {
    Ok(client
        .query(
            "SELECT DISTINCT upper(trim(code)) FROM devices WHERE store_id = $1",
            &[&store_id],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

pub(super) async fn device_credential(
    client: &Object,
    store_id: Uuid,
    device_id: Uuid,
) -> Result<Option<CredentialRow>> {
    let stmt = client
        .prepare_cached(
            "SELECT credential_hash, revoked_at_ms IS NOT NULL FROM devices
             WHERE store_id = $1 AND device_id = $2",
        )
        .await?;
    let row = client.query_opt(&stmt, &[&store_id, &device_id]).await?;
    Ok(row.map(|r| CredentialRow {
        credential_hash: r.get(0),
        revoked: r.get(1),
    }))
}

fn device_summary(r: &Row) -> DeviceSummary {
    DeviceSummary {
        device_id: r.get(0),
        name: r.get(1),
        code: r.get(2),
        paired_at_ms: r.get(3),
        revoked_at_ms: r.get(4),
        acked_seq: to_u64(r.get(5)),
        last_seen_ms: r.get(6),
    }
}

pub(super) async fn devices(
    client: &Object,
    store_id: Uuid,
    only: Option<Uuid>,
) -> Result<Vec<DeviceSummary>> {
    let rows = client
        .query(
            "SELECT device_id, name, code, paired_at_ms, revoked_at_ms, acked_seq, last_seen_ms
             FROM devices WHERE store_id = $1 AND ($2::uuid IS NULL OR device_id = $2)
             ORDER BY paired_at_ms, device_id",
            &[&store_id, &only],
        )
        .await?;
    Ok(rows.iter().map(device_summary).collect())
}

pub(super) async fn revoke_device(
    client: &Object,
    store_id: Uuid,
    device_id: Uuid,
    now_ms: i64,
) -> Result<Option<DeviceSummary>> {
    let row = client
        .query_opt(
            "UPDATE devices SET revoked_at_ms = COALESCE(revoked_at_ms, $3)
             WHERE store_id = $1 AND device_id = $2
             RETURNING device_id, name, code, paired_at_ms, revoked_at_ms, acked_seq,
                       last_seen_ms",
            &[&store_id, &device_id, &now_ms],
        )
        .await?;
    Ok(row.as_ref().map(device_summary))
}

pub(super) async fn owner_by_email(client: &Object, email: &str) -> Result<Option<OwnerRow>> {
    // PostgreSQL text cannot hold NUL (it refuses such a parameter): no owner has that email.
    if email.contains('\0') {
        return Ok(None);
    }
    let row = client
        .query_opt(
            "SELECT (SELECT o.store_id FROM owners o JOIN stores s ON s.store_id = o.store_id
                     WHERE o.email = a.email ORDER BY s.created_at_ms, s.store_id LIMIT 1),
                    a.password_hash, a.failures, a.locked_until_ms
             FROM accounts a
             WHERE a.email = $1 AND EXISTS (SELECT 1 FROM owners o WHERE o.email = a.email)",
            &[&email],
        )
        .await?;
    Ok(row.map(|r| OwnerRow {
        store_id: r.get(0),
        password_hash: r.get(1),
        failed_logins: to_u32(r.get(2)),
        locked_until_ms: r.get(3),
    }))
}

pub(super) async fn add_owner_session(client: &Object, s: &NewSession) -> Result<()> {
    client
        .execute(
            "DELETE FROM owner_sessions WHERE store_id = $1 AND expires_at_ms < $2",
            &[&s.store_id, &(s.now_ms - EXPIRED_KEPT_MS)],
        )
        .await?;
    client
        .execute(
            "INSERT INTO owner_sessions (store_id, session_id, token_hash, created_at_ms,
                                         expires_at_ms)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &s.store_id,
                &s.session_id,
                &&s.token_hash[..],
                &s.now_ms,
                &s.expires_at_ms,
            ],
        )
        .await?;
    Ok(())
}

pub(super) async fn owner_session(
    client: &Object,
    store_id: Uuid,
    session_id: Uuid,
) -> Result<Option<SessionRow>> {
    let row = client
        .query_opt(
            "SELECT token_hash, expires_at_ms, revoked_at_ms IS NOT NULL FROM owner_sessions
             WHERE store_id = $1 AND session_id = $2",
            &[&store_id, &session_id],
        )
        .await?;
    Ok(row.map(|r| SessionRow {
        token_hash: r.get(0),
        expires_at_ms: r.get(1),
        revoked: r.get(2),
    }))
}
