//! Handshake, pull, proof of sync, the owner's summary and stock levels on SQLite.

use laris_protocol::v1::api::{ProofV1, SeqRange};
use laris_protocol::v1::{
    Change, DigestBuilder, EventIdentity, ProductV1, PullReply, QuarantinedEvent, RecoverReply,
    SeqDigest,
};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{Result, immediate};
use crate::storage::{
    DeviceSeen, PROOF_LIST_MAX, RecoveredRow, SEEN_EVERY_MS, StockLevel, StorageError,
    SummaryGroup, SummaryRange, SummaryRows, SyncHead, decode_change, decode_stored_product,
    hold_back_unreadable, method_groups, nothing_after, page, recovered, to_i64, to_u64,
};
use crate::stored::{EventKind, EventOutcome};

/// The device's sync head, read without the write lock, and whether its last-seen time is
/// older than [`SEEN_EVERY_MS`] (then [`touch`] writes it): a handshake does not queue
/// behind pushes for the single writer unless it has something to write.
pub(super) fn handshake_head(
    conn: &Connection,
    store_id: Uuid,
    device_id: Uuid,
    seen: &DeviceSeen,
) -> Result<(SyncHead, bool)> {
    conn.prepare_cached(
        "SELECT s.epoch, d.acked_seq, s.last_change_seq,
                d.last_seen_ms IS NULL OR d.last_seen_ms < ?3 - ?4 OR d.protocol_version <> ?5
                OR d.reported_seq <> ?6 OR d.app_version IS NOT ?7
         FROM stores s JOIN devices d ON d.store_id = s.store_id
         WHERE s.store_id = ?1 AND d.device_id = ?2",
    )?
    .query_row(
        params![
            store_id,
            device_id,
            seen.now_ms,
            SEEN_EVERY_MS,
            seen.protocol_version,
            to_i64(seen.reported_seq),
            seen.app_version
        ],
        |r| {
            Ok((
                SyncHead {
                    epoch: r.get(0)?,
                    acked_seq: to_u64(r.get(1)?),
                    head_change_seq: to_u64(r.get(2)?),
                },
                r.get(3)?,
            ))
        },
    )
    .optional()?
    .ok_or(StorageError::UnknownDevice {
        store_id,
        device_id,
    })
}

/// Records that the device was seen at `now_ms` (unless a later time is already recorded)
/// speaking `protocol_version` with its outbox at `reported_seq`, and that it is complete up
/// to now if the server holds all of that.
pub(super) fn touch(
    conn: &mut Connection,
    store_id: Uuid,
    device_id: Uuid,
    seen: &DeviceSeen,
) -> Result<()> {
    let tx = immediate(conn)?;
    tx.prepare_cached(
        "UPDATE devices SET last_seen_ms = MAX(COALESCE(last_seen_ms, ?3), ?3),
                protocol_version = ?4, reported_seq = ?5, reported_at_ms = ?3,
                app_version = ?6,
                complete_up_to_ms = CASE WHEN acked_seq >= ?5
                    THEN MAX(COALESCE(complete_up_to_ms, ?3), ?3) ELSE complete_up_to_ms END
         WHERE store_id = ?1 AND device_id = ?2",
    )?
    .execute(params![
        store_id,
        device_id,
        seen.now_ms,
        seen.protocol_version,
        to_i64(seen.reported_seq),
        seen.app_version
    ])?;
    tx.commit()?;
    Ok(())
}

/// The head is read first and the page bounded by it: every change up to a committed head is
/// committed (change_seqs commit in order), so the page skips nothing that commits later.
pub(super) fn pull(
    conn: &Connection,
    store_id: Uuid,
    device_id: Uuid,
    cursor: u64,
    limit: u32,
) -> Result<PullReply> {
    let head: i64 = conn
        .prepare_cached("SELECT last_change_seq FROM stores WHERE store_id = ?1")?
        .query_row(params![store_id], |r| r.get(0))?;
    let head = to_u64(head);
    if let Some(empty) = nothing_after(cursor, head) {
        return Ok(empty);
    }
    let version: i64 = conn
        .prepare_cached(
            "SELECT protocol_version FROM devices WHERE store_id = ?1 AND device_id = ?2",
        )?
        .query_row(params![store_id, device_id], |r| r.get(0))
        .optional()?
        .unwrap_or(1);
    let limit = limit.max(1);
    let mut stmt = conn.prepare_cached(
        "SELECT change_seq, origin_device, body FROM changes
         WHERE store_id = ?1 AND change_seq > ?2 AND change_seq <= ?3 AND origin_device <> ?4
         ORDER BY change_seq LIMIT ?5",
    )?;
    let mut rows = stmt.query(params![
        store_id,
        to_i64(cursor),
        to_i64(head),
        device_id,
        i64::from(limit) + 1
    ])?;
    let mut changes = Vec::new();
    while let Some(r) = rows.next()? {
        let body: Vec<u8> = r.get(2)?;
        changes.push(Change {
            change_seq: to_u64(r.get(0)?),
            origin_device: r.get(1)?,
            body: decode_change(&body)?,
        });
    }
    Ok(hold_back_unreadable(
        page(changes, limit, head),
        u16::try_from(version).unwrap_or(1),
        cursor,
    ))
}

pub(super) fn proof(conn: &Connection, store_id: Uuid, device_id: Uuid) -> Result<Option<ProofV1>> {
    let Some((epoch, duplicates)) = conn
        .prepare_cached(
            "SELECT s.epoch, d.duplicates_rejected
             FROM stores s JOIN devices d ON d.store_id = s.store_id
             WHERE s.store_id = ?1 AND d.device_id = ?2",
        )?
        .query_row(params![store_id, device_id], |r| {
            Ok((r.get::<_, Uuid>(0)?, r.get::<_, i64>(1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let (events, first, last, sales, total): (i64, Option<i64>, Option<i64>, i64, i64) = conn
        .prepare_cached(
            "SELECT COUNT(*), MIN(seq), MAX(seq),
                    COALESCE(SUM(CASE WHEN kind = ?3 AND outcome = ?4 THEN 1 END), 0),
                    COALESCE(SUM(sale_total), 0)
             FROM device_events WHERE store_id = ?1 AND device_id = ?2",
        )?
        .query_row(
            params![
                store_id,
                device_id,
                EventKind::Sale.as_str(),
                EventOutcome::Applied.as_str()
            ],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    let gaps = conn
        .prepare_cached(
            "SELECT seq + 1, next_seq - 1 FROM (
                SELECT seq, LEAD(seq) OVER (ORDER BY seq) AS next_seq
                FROM device_events WHERE store_id = ?1 AND device_id = ?2)
             WHERE next_seq > seq + 1 ORDER BY seq LIMIT ?3",
        )?
        .query_map(params![store_id, device_id, PROOF_LIST_MAX], |r| {
            Ok(SeqRange {
                first: to_u64(r.get(0)?),
                last: to_u64(r.get(1)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let quarantined = conn
        .prepare_cached(
            "SELECT seq, code, message FROM quarantine
             WHERE store_id = ?1 AND device_id = ?2 ORDER BY seq LIMIT ?3",
        )?
        .query_map(params![store_id, device_id, PROOF_LIST_MAX], |r| {
            Ok(QuarantinedEvent {
                seq: to_u64(r.get(0)?),
                code: r.get(1)?,
                message: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(ProofV1 {
        device_id,
        server_epoch: epoch,
        first_seq: first.map(to_u64),
        last_seq: last.map(to_u64),
        events: to_u64(events),
        gaps,
        sales: to_u64(sales),
        sales_total: total,
        duplicates_rejected: to_u64(duplicates),
        quarantined,
        digests: digests(conn, store_id, device_id)?,
    }))
}

/// The identities of every held seq of the device, digested per block.
fn digests(conn: &Connection, store_id: Uuid, device_id: Uuid) -> Result<Vec<SeqDigest>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, entity_id FROM device_events
         WHERE store_id = ?1 AND device_id = ?2 ORDER BY seq",
    )?;
    let mut rows = stmt.query(params![store_id, device_id])?;
    let mut digests = DigestBuilder::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        digests.push(EventIdentity {
            seq: to_u64(r.get(0)?),
            kind: &kind,
            entity_id: r.get::<_, Option<Uuid>>(2)?.unwrap_or_default(),
        });
    }
    Ok(digests.finish())
}

pub(super) fn summary(
    conn: &Connection,
    store_id: Uuid,
    range: SummaryRange,
) -> Result<SummaryRows> {
    let args = params![store_id, range.from_ms, range.to_ms, range.tz_offset_ms];
    let in_range = params![store_id, range.from_ms, range.to_ms];
    let by_day = conn
        .prepare_cached(
            "SELECT (created_at_ms + ?4) / 86400000 AS day, COUNT(*), SUM(total) FROM sales
             WHERE store_id = ?1 AND created_at_ms >= ?2 AND created_at_ms < ?3
             GROUP BY day ORDER BY day",
        )?
        .query_map(args, |r| {
            Ok(SummaryGroup {
                key: r.get(0)?,
                sales: to_u64(r.get(1)?),
                total: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let by_device = conn
        .prepare_cached(
            "SELECT COALESCE(d.code, lower(hex(s.device_id))) AS key, COUNT(*), SUM(s.total)
             FROM sales s LEFT JOIN devices d
               ON d.store_id = s.store_id AND d.device_id = s.device_id
             WHERE s.store_id = ?1 AND s.created_at_ms >= ?2 AND s.created_at_ms < ?3
             GROUP BY s.device_id ORDER BY key",
        )?
        .query_map(in_range, |r| {
            Ok(SummaryGroup {
                key: r.get(0)?,
                sales: to_u64(r.get(1)?),
                total: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let methods: [(i64, i64); 4] = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(paid_cash > 0), 0), COALESCE(SUM(paid_cash), 0),
                    COALESCE(SUM(paid_qris > 0), 0), COALESCE(SUM(paid_qris), 0),
                    COALESCE(SUM(paid_transfer > 0), 0), COALESCE(SUM(paid_transfer), 0),
                    COALESCE(SUM(paid_kasbon > 0), 0), COALESCE(SUM(paid_kasbon), 0)
             FROM sales
             WHERE store_id = ?1 AND created_at_ms >= ?2 AND created_at_ms < ?3",
        )?
        .query_row(in_range, |r| {
            Ok([
                (r.get(0)?, r.get(1)?),
                (r.get(2)?, r.get(3)?),
                (r.get(4)?, r.get(5)?),
                (r.get(6)?, r.get(7)?),
            ])
        })?;
    let (returns, returns_total) = super::returns::totals(conn, store_id, range)?;
    Ok(SummaryRows {
        by_day,
        by_device,
        by_method: method_groups(methods),
        returns,
        returns_total,
    })
}

pub(super) fn stock_levels(conn: &Connection, store_id: Uuid) -> Result<Vec<StockLevel>> {
    Ok(conn
        .prepare_cached(
            "SELECT product_id, SUM(qty_milli) FROM stock_movements WHERE store_id = ?1
             GROUP BY product_id ORDER BY product_id",
        )?
        .query_map(params![store_id], |r| {
            Ok(StockLevel {
                product_id: r.get(0)?,
                qty_milli: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn product(
    conn: &Connection,
    store_id: Uuid,
    product_id: Uuid,
) -> Result<Option<ProductV1>> {
    let body: Option<Vec<u8>> = conn
        .prepare_cached("SELECT body FROM products WHERE store_id = ?1 AND product_id = ?2")?
        .query_row(params![store_id, product_id], |r| r.get(0))
        .optional()?;
    body.as_deref().map(decode_stored_product).transpose()
}

pub(super) fn recover(
    conn: &Connection,
    store_id: Uuid,
    device_id: Uuid,
    after_seq: u64,
    up_to_seq: u64,
    limit: u32,
) -> Result<RecoverReply> {
    let rows = conn
        .prepare_cached(
            "SELECT e.seq, e.kind, e.entity_id, c.body FROM device_events e
             LEFT JOIN changes c ON c.store_id = e.store_id AND c.change_seq = e.change_seq
             WHERE e.store_id = ?1 AND e.device_id = ?2 AND e.seq > ?3 AND e.seq <= ?4
               AND e.outcome <> ?6
             ORDER BY e.seq LIMIT ?5",
        )?
        .query_map(
            params![
                store_id,
                device_id,
                to_i64(after_seq),
                to_i64(up_to_seq),
                i64::from(limit),
                EventOutcome::Quarantined.as_str()
            ],
            |r| {
                Ok((
                    to_u64(r.get(0)?),
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            },
        )?
        .map(|row| {
            let (seq, kind, entity_id, change_body) = row?;
            Ok(RecoveredRow {
                seq,
                kind: kind.parse()?,
                entity_id,
                change_body,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    recovered(rows, limit, up_to_seq, |id| product(conn, store_id, id))
}

/// The store's customers, kasbon entries and shift events, as stored.
pub(super) fn books(conn: &Connection, store_id: Uuid) -> Result<Vec<crate::books::StoredBook>> {
    let rows: Vec<(String, Uuid, Vec<u8>)> = conn
        .prepare_cached(
            "SELECT kind, device_id, body FROM book_events WHERE store_id = ?1
               AND kind IN ('customer', 'kasbon_entry', 'shift_open', 'cash_move', 'shift_close')
             ORDER BY created_at_ms, kind, record_key",
        )?
        .query_map(params![store_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(kind, device_id, body)| {
            Ok(crate::books::StoredBook {
                kind: kind.parse()?,
                device_id,
                body: decode_change(&body)?,
            })
        })
        .collect()
}
