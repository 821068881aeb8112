//! Handshake, pull, proof of sync, the owner's summary and stock levels on PostgreSQL.

use deadpool_postgres::Object;
use laris_protocol::v1::api::{ProofV1, SeqRange};
use std::collections::HashMap;

use laris_protocol::v1::{
    Change, DigestBuilder, EventIdentity, ProductV1, PullReply, QuarantinedEvent, RecoverReply,
    SeqDigest,
};
use uuid::Uuid;

use super::Result;
use crate::storage::{
    DeviceSeen, PROOF_LIST_MAX, RecoveredRow, SEEN_EVERY_MS, StockLevel, StorageError,
    SummaryGroup, SummaryRange, SummaryRows, SyncHead, decode_change, decode_stored_product,
    hold_back_unreadable, method_groups, nothing_after, page, recovered, to_i64, to_u64,
};
use crate::stored::{EventKind, EventOutcome};

/// Notes the device was seen (at most every `SEEN_EVERY_MS`, or when its version or outbox
/// head changed), and complete up to now if the server holds its whole outbox.
pub(super) async fn handshake(
    client: &Object,
    store_id: Uuid,
    device_id: Uuid,
    seen: &DeviceSeen,
) -> Result<SyncHead> {
    let version = i64::from(seen.protocol_version);
    let reported = to_i64(seen.reported_seq);
    client
        .execute(
            &client
                .prepare_cached(
                    "UPDATE devices SET last_seen_ms = GREATEST(COALESCE(last_seen_ms, $3), $3),
                    protocol_version = $5, reported_seq = $6, reported_at_ms = $3,
                    app_version = $7,
                    complete_up_to_ms = CASE WHEN acked_seq >= $6
                        THEN GREATEST(COALESCE(complete_up_to_ms, $3), $3)
                        ELSE complete_up_to_ms END
             WHERE store_id = $1 AND device_id = $2
               AND (last_seen_ms IS NULL OR last_seen_ms < $3::bigint - $4::bigint
                    OR protocol_version <> $5 OR reported_seq <> $6
                    OR app_version IS DISTINCT FROM $7)",
                )
                .await?,
            &[
                &store_id,
                &device_id,
                &seen.now_ms,
                &SEEN_EVERY_MS,
                &version,
                &reported,
                &seen.app_version.as_deref().filter(|v| !v.contains('\0')),
            ],
        )
        .await?;
    let row = client
        .query_opt(
            &client
                .prepare_cached(
                    "SELECT s.epoch, d.acked_seq, s.last_change_seq
             FROM stores s JOIN devices d ON d.store_id = s.store_id
             WHERE s.store_id = $1 AND d.device_id = $2",
                )
                .await?,
            &[&store_id, &device_id],
        )
        .await?
        .ok_or(StorageError::UnknownDevice {
            store_id,
            device_id,
        })?;
    Ok(SyncHead {
        epoch: row.get(0),
        acked_seq: to_u64(row.get(1)),
        head_change_seq: to_u64(row.get(2)),
    })
}

/// The head is read first and the page bounded by it: a committed head implies every smaller
/// change_seq is committed (see the module doc), so the page skips nothing.
pub(super) async fn pull(
    client: &Object,
    store_id: Uuid,
    device_id: Uuid,
    cursor: u64,
    limit: u32,
) -> Result<PullReply> {
    let head_stmt = client
        .prepare_cached("SELECT last_change_seq FROM stores WHERE store_id = $1")
        .await?;
    let head = to_u64(client.query_one(&head_stmt, &[&store_id]).await?.get(0));
    if let Some(empty) = nothing_after(cursor, head) {
        return Ok(empty);
    }
    let version: i64 = client
        .query_opt(
            &client
                .prepare_cached(
                    "SELECT protocol_version FROM devices WHERE store_id = $1 AND device_id = $2",
                )
                .await?,
            &[&store_id, &device_id],
        )
        .await?
        .map_or(1, |r| r.get(0));
    let limit = limit.max(1);
    let stmt = client
        .prepare_cached(
            "SELECT change_seq, origin_device, body FROM changes
             WHERE store_id = $1 AND change_seq > $2 AND change_seq <= $3
               AND origin_device <> $4
             ORDER BY change_seq LIMIT $5",
        )
        .await?;
    let rows = client
        .query(
            &stmt,
            &[
                &store_id,
                &to_i64(cursor),
                &to_i64(head),
                &device_id,
                &(i64::from(limit) + 1),
            ],
        )
        .await?;
    let changes = rows
        .iter()
        .map(|r| {
            let body: &[u8] = r.get(2);
            Ok(Change {
                change_seq: to_u64(r.get(0)),
                origin_device: r.get(1),
                body: decode_change(body)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(hold_back_unreadable(
        page(changes, limit, head),
        u16::try_from(version).unwrap_or(1),
        cursor,
    ))
}

pub(super) async fn proof(
    client: &Object,
    store_id: Uuid,
    device_id: Uuid,
) -> Result<Option<ProofV1>> {
    let Some(head) = client
        .query_opt(
            "SELECT s.epoch, d.duplicates_rejected
             FROM stores s JOIN devices d ON d.store_id = s.store_id
             WHERE s.store_id = $1 AND d.device_id = $2",
            &[&store_id, &device_id],
        )
        .await?
    else {
        return Ok(None);
    };
    let counts = client
        .query_one(
            "SELECT COUNT(*), MIN(seq), MAX(seq),
                    COUNT(*) FILTER (WHERE kind = $3 AND outcome = $4),
                    COALESCE(SUM(sale_total), 0)::bigint
             FROM device_events WHERE store_id = $1 AND device_id = $2",
            &[
                &store_id,
                &device_id,
                &EventKind::Sale.as_str(),
                &EventOutcome::Applied.as_str(),
            ],
        )
        .await?;
    let gaps = client
        .query(
            "SELECT seq + 1, next_seq - 1 FROM (
                SELECT seq, LEAD(seq) OVER (ORDER BY seq) AS next_seq
                FROM device_events WHERE store_id = $1 AND device_id = $2) AS s
             WHERE next_seq > seq + 1 ORDER BY seq LIMIT $3",
            &[&store_id, &device_id, &PROOF_LIST_MAX],
        )
        .await?
        .iter()
        .map(|r| SeqRange {
            first: to_u64(r.get(0)),
            last: to_u64(r.get(1)),
        })
        .collect();
    let quarantined = client
        .query(
            "SELECT seq, code, message FROM quarantine
             WHERE store_id = $1 AND device_id = $2 ORDER BY seq LIMIT $3",
            &[&store_id, &device_id, &PROOF_LIST_MAX],
        )
        .await?
        .iter()
        .map(|r| QuarantinedEvent {
            seq: to_u64(r.get(0)),
            code: r.get(1),
            message: r.get(2),
        })
        .collect();
    Ok(Some(ProofV1 {
        device_id,
        server_epoch: head.get(0),
        first_seq: counts.get::<_, Option<i64>>(1).map(to_u64),
        last_seq: counts.get::<_, Option<i64>>(2).map(to_u64),
        events: to_u64(counts.get(0)),
        gaps,
        sales: to_u64(counts.get(3)),
        sales_total: counts.get(4),
        duplicates_rejected: to_u64(head.get(1)),
        quarantined,
        digests: digests(client, store_id, device_id).await?,
    }))
}

/// Rows of `device_events` read per query for the digests.
const DIGEST_ROWS_PER_QUERY: i64 = 50_000;

/// The identities of every held seq of the device, digested per block (read in slices, so a
/// device with millions of events is not held in memory at once).
async fn digests(client: &Object, store_id: Uuid, device_id: Uuid) -> Result<Vec<SeqDigest>> {
    let stmt = client
        .prepare_cached(
            "SELECT seq, kind, entity_id FROM device_events
             WHERE store_id = $1 AND device_id = $2 AND seq > $3 ORDER BY seq LIMIT $4",
        )
        .await?;
    let mut digests = DigestBuilder::new();
    let mut after = 0i64;
    loop {
        let rows = client
            .query(
                &stmt,
                &[&store_id, &device_id, &after, &DIGEST_ROWS_PER_QUERY],
            )
            .await?;
        for r in &rows {
            let kind: &str = r.get(1);
            digests.push(EventIdentity {
                seq: to_u64(r.get(0)),
                kind,
                entity_id: r.get::<_, Option<Uuid>>(2).unwrap_or_default(),
            });
        }
        match rows.last() {
            Some(last) if i64::try_from(rows.len()).unwrap_or(0) == DIGEST_ROWS_PER_QUERY => {
                after = last.get(0);
            }
            _ => return Ok(digests.finish()),
        }
    }
}

pub(super) async fn summary(
    client: &Object,
    store_id: Uuid,
    range: SummaryRange,
) -> Result<SummaryRows> {
    let in_range: [&(dyn tokio_postgres::types::ToSql + Sync); 3] =
        [&store_id, &range.from_ms, &range.to_ms];
    let by_day = client
        .query(
            "SELECT (created_at_ms + $4) / 86400000 AS day, COUNT(*), SUM(total)::bigint
             FROM sales WHERE store_id = $1 AND created_at_ms >= $2 AND created_at_ms < $3
             GROUP BY day ORDER BY day",
            &[&store_id, &range.from_ms, &range.to_ms, &range.tz_offset_ms],
        )
        .await?
        .iter()
        .map(|r| SummaryGroup {
            key: r.get(0),
            sales: to_u64(r.get(1)),
            total: r.get(2),
        })
        .collect();
    let by_device = client
        .query(
            "SELECT COALESCE(d.code, replace(s.device_id::text, '-', '')) AS key, COUNT(*),
                    SUM(s.total)::bigint
             FROM sales s LEFT JOIN devices d
               ON d.store_id = s.store_id AND d.device_id = s.device_id
             WHERE s.store_id = $1 AND s.created_at_ms >= $2 AND s.created_at_ms < $3
             GROUP BY s.device_id, d.code
             ORDER BY COALESCE(d.code, replace(s.device_id::text, '-', '')) COLLATE \"C\"",
            &in_range,
        )
        .await?
        .iter()
        .map(|r| SummaryGroup {
            key: r.get(0),
            sales: to_u64(r.get(1)),
            total: r.get(2),
        })
        .collect();
    let m = client
        .query_one(
            "SELECT COUNT(*) FILTER (WHERE paid_cash > 0), COALESCE(SUM(paid_cash), 0)::bigint,
                    COUNT(*) FILTER (WHERE paid_qris > 0), COALESCE(SUM(paid_qris), 0)::bigint,
                    COUNT(*) FILTER (WHERE paid_transfer > 0),
                    COALESCE(SUM(paid_transfer), 0)::bigint,
                    COUNT(*) FILTER (WHERE paid_kasbon > 0),
                    COALESCE(SUM(paid_kasbon), 0)::bigint
             FROM sales WHERE store_id = $1 AND created_at_ms >= $2 AND created_at_ms < $3",
            &in_range,
        )
        .await?;
    let (returns, returns_total) = super::returns::totals(client, store_id, range).await?;
    Ok(SummaryRows {
        by_day,
        by_device,
        by_method: method_groups([
            (m.get(0), m.get(1)),
            (m.get(2), m.get(3)),
            (m.get(4), m.get(5)),
            (m.get(6), m.get(7)),
        ]),
        returns,
        returns_total,
    })
}

pub(super) async fn stock_levels(client: &Object, store_id: Uuid) -> Result<Vec<StockLevel>> {
    Ok(client
        .query(
            "SELECT product_id, SUM(qty_milli)::bigint FROM stock_movements WHERE store_id = $1
             GROUP BY product_id ORDER BY product_id",
            &[&store_id],
        )
        .await?
        .iter()
        .map(|r| StockLevel {
            product_id: r.get(0),
            qty_milli: r.get(1),
        })
        .collect())
}

pub(super) async fn product(
    client: &Object,
    store_id: Uuid,
    product_id: Uuid,
) -> Result<Option<ProductV1>> {
    let row = client
        .query_opt(
            "SELECT body FROM products WHERE store_id = $1 AND product_id = $2",
            &[&store_id, &product_id],
        )
        .await?;
    row.map(|r| {
        let body: &[u8] = r.get(0);
        decode_stored_product(body)
    })
    .transpose()
}

pub(super) async fn recover(
    client: &Object,
    store_id: Uuid,
    device_id: Uuid,
    after_seq: u64,
    up_to_seq: u64,
    limit: u32,
) -> Result<RecoverReply> {
    let rows: Vec<RecoveredRow> = client
        .query(
            "SELECT e.seq, e.kind, e.entity_id, c.body FROM device_events e
             LEFT JOIN changes c ON c.store_id = e.store_id AND c.change_seq = e.change_seq
             WHERE e.store_id = $1 AND e.device_id = $2 AND e.seq > $3 AND e.seq <= $4
               AND e.outcome <> $6
             ORDER BY e.seq LIMIT $5",
            &[
                &store_id,
                &device_id,
                &to_i64(after_seq),
                &to_i64(up_to_seq),
                &i64::from(limit),
                &EventOutcome::Quarantined.as_str(),
            ],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(RecoveredRow {
                seq: to_u64(r.get(0)),
                kind: r.get::<_, &str>(1).parse()?,
                entity_id: r.get(2),
                change_body: r.get(3),
            })
        })
        .collect::<Result<_>>()?;
    let product_ids: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.kind == EventKind::ProductUpsert)
        .filter_map(|r| r.entity_id)
        .collect();
    let mut products = HashMap::new();
    if !product_ids.is_empty() {
        for r in client
            .query(
                "SELECT product_id, body FROM products
                 WHERE store_id = $1 AND product_id = ANY($2)",
                &[&store_id, &product_ids],
            )
            .await?
        {
            let body: &[u8] = r.get(1);
            let p = decode_stored_product(body)?;
            products.insert(r.get::<_, Uuid>(0), p);
        }
    }
    recovered(rows, limit, up_to_seq, |id| Ok(products.remove(&id)))
}

/// The store's customers, kasbon entries and shift events, as stored.
pub(super) async fn books(
    client: &Object,
    store_id: Uuid,
) -> Result<Vec<crate::books::StoredBook>> {
    client
        .query(
            "SELECT kind, device_id, body FROM book_events WHERE store_id = $1
               AND kind IN ('customer', 'kasbon_entry', 'shift_open', 'cash_move', 'shift_close')
             ORDER BY created_at_ms, kind, record_key",
            &[&store_id],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(crate::books::StoredBook {
                kind: r.get::<_, String>(0).parse()?,
                device_id: r.get(1),
                body: decode_change(r.get(2))?,
            })
        })
        .collect()
}
