//! Applying a push on PostgreSQL: the statements of [`crate::push_outcome`]'s steps, as on
//! SQLite, in one transaction of about a dozen statements whatever the batch size (rows
//! travel as arrays through `UNNEST`).
//!
//! Locks, always in this order, so pushes cannot deadlock: the device's row first (one push of
//! a device at a time; its acknowledged seq is read under the lock), then the product rows the
//! batch edits, in product_id order (new ones by the insert, existing ones by one `SELECT …
//! ORDER BY product_id FOR UPDATE`; each is merged under its own lock), and the store's row
//! last, to allocate change_seqs just before commit (see the module doc of `postgres` for why
//! that orders commits). A push holds its store's row only for its last two statements and
//! the commit.

use std::collections::{HashMap, HashSet};

use deadpool_postgres::{Object, Transaction};
use laris_protocol::v1::QuarantinedEvent;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use super::Result;
use super::push_returns;
use super::rows::Rows;
use crate::prepare::{Action, HeldEvent, PreparedEvent, plan_batch};
use crate::product_edits::ProductEdits;
use crate::push_outcome::{self, InsertFacts, seq_span};
use crate::storage::{PushOutcome, StorageError, to_i64, to_u64};

type Params<'a> = [&'a (dyn ToSql + Sync)];

pub(super) async fn push(
    client: &mut Object,
    store_id: Uuid,
    device_id: Uuid,
    events: &[PreparedEvent],
    now_ms: i64,
) -> Result<PushOutcome> {
    let tx = client.transaction().await?;
    let acked: i64 = tx
        .query_opt(
            &tx.prepare_cached(
                "SELECT acked_seq FROM devices WHERE store_id = $1 AND device_id = $2 FOR UPDATE",
            )
            .await?,
            &[&store_id, &device_id],
        )
        .await?
        .ok_or(StorageError::UnknownDevice {
            store_id,
            device_id,
        })?
        .get(0);
    let acked = to_u64(acked);
    let plan = plan_batch(acked, events);
    let held = held_events(&tx, store_id, device_id, plan.duplicates).await?;
    if let Some(refused) = PushOutcome::reused_seq(acked, &held, plan.duplicates) {
        // Nothing is written (the transaction rolls back): the device renumbers, pushes again.
        return Ok(refused);
    }
    let held_quarantine = held_quarantine(&tx, store_id, device_id, plan.duplicates).await?;
    let fresh = plan.fresh;
    let new_sales = insert_sales(&tx, store_id, device_id, fresh).await?;
    let new_returns =
        push_returns::insert_returns(&tx, store_id, device_id, fresh, &new_sales).await?;
    let new_books = insert_books(&tx, store_id, device_id, fresh).await?;
    let new_movements = insert_movements(
        &tx,
        store_id,
        device_id,
        fresh,
        &new_sales,
        &new_returns,
        &new_books,
    )
    .await?;
    let edits = ProductEdits::new(plan.duplicates.iter().chain(fresh));
    let product_changes = merge_products(&tx, store_id, &edits, now_ms).await?;
    let writes = push_outcome::derive(
        &plan,
        acked,
        held_quarantine,
        InsertFacts {
            new_sales,
            new_movements,
            product_changes,
            new_returns,
            new_books,
        },
    );
    let rows = Rows::new(&writes);
    rows.insert_quarantine(&tx, store_id, device_id, now_ms)
        .await?;
    tx.execute(
        &tx.prepare_cached(
            "UPDATE devices SET acked_seq = $3, duplicates_rejected = duplicates_rejected + $4,
                last_seen_ms = $5, sales_applied = sales_applied + $6,
                sales_applied_total = sales_applied_total + $7,
                complete_up_to_ms = CASE WHEN $3 >= reported_seq AND reported_at_ms IS NOT NULL
                    THEN GREATEST(COALESCE(complete_up_to_ms, reported_at_ms), reported_at_ms)
                    ELSE complete_up_to_ms END
         WHERE store_id = $1 AND device_id = $2",
        )
        .await?,
        &[
            &store_id,
            &device_id,
            &to_i64(writes.outcome.acked_seq),
            &to_i64(writes.outcome.duplicates),
            &now_ms,
            &writes.applied_sales().0,
            &writes.applied_sales().1,
        ],
    )
    .await?;
    let first_change = rows.insert_changes(&tx, store_id, device_id).await?;
    rows.insert_events(&tx, store_id, device_id, first_change)
        .await?;
    tx.commit().await?;
    Ok(writes.outcome)
}

/// What the device's held seqs among `sent` name, in seq order.
async fn held_events(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    sent: &[PreparedEvent],
) -> Result<Vec<HeldEvent>> {
    let Some((first, last)) = seq_span(sent) else {
        return Ok(Vec::new());
    };
    let rows = tx
        .query(
            &tx.prepare_cached(
                "SELECT seq, kind, entity_id FROM device_events
             WHERE store_id = $1 AND device_id = $2 AND seq BETWEEN $3 AND $4 ORDER BY seq",
            )
            .await?,
            &[&store_id, &device_id, &to_i64(first), &to_i64(last)],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(HeldEvent {
                seq: to_u64(r.get(0)),
                kind: r.get::<_, &str>(1).parse()?,
                entity_id: r.get(2),
            })
        })
        .collect()
}

/// The quarantine records held between the first and the last of `held`.
async fn held_quarantine(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    held: &[PreparedEvent],
) -> Result<Vec<QuarantinedEvent>> {
    let Some((first, last)) = seq_span(held) else {
        return Ok(Vec::new());
    };
    let rows = tx
        .query(
            &tx.prepare_cached(
                "SELECT seq, code, message FROM quarantine
             WHERE store_id = $1 AND device_id = $2 AND seq BETWEEN $3 AND $4 ORDER BY seq",
            )
            .await?,
            &[&store_id, &device_id, &to_i64(first), &to_i64(last)],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| QuarantinedEvent {
            seq: to_u64(r.get(0)),
            code: r.get(1),
            message: r.get(2),
        })
        .collect())
}

/// Inserts the batch's sales (the first of a repeated id only): the ids that were new.
async fn insert_sales(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    fresh: &[PreparedEvent],
) -> Result<HashSet<Uuid>> {
    let mut seen = HashSet::new();
    let (mut ids, mut seqs, mut receipts) = (Vec::new(), Vec::new(), Vec::new());
    let mut cashiers: Vec<Option<&str>> = Vec::new();
    let mut cols: [Vec<i64>; 11] = Default::default();
    for ev in fresh {
        let Action::Sale(s) = &ev.action else {
            continue;
        };
        if !seen.insert(s.sale_id) {
            continue;
        }
        ids.push(s.sale_id);
        seqs.push(to_i64(ev.seq));
        receipts.push(s.receipt_no.as_str());
        cashiers.push(s.cashier.as_deref());
        let values = [
            s.created_at_ms,
            s.gross,
            s.discount,
            s.tax,
            s.total,
            s.cost,
            s.paid_cash,
            s.paid_qris,
            s.paid_transfer,
            s.line_count,
            s.paid_kasbon,
        ];
        for (col, v) in cols.iter_mut().zip(values) {
            col.push(v);
        }
    }
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10] = &cols;
    let params: &Params<'_> = &[
        &store_id, &device_id, &ids, &seqs, &receipts, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10,
        &cashiers,
    ];
    let rows = tx
        .query(
            &tx.prepare_cached(
                "INSERT INTO sales (store_id, device_id, sale_id, seq, receipt_no, created_at_ms,
                gross, discount, tax, total, cost, paid_cash, paid_qris, paid_transfer,
                line_count, paid_kasbon, cashier)
             SELECT $1, $2, t.* FROM UNNEST($3::uuid[], $4::bigint[], $5::text[], $6::bigint[],
                $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[],
                $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[],
                $17::text[]) AS t
             ON CONFLICT DO NOTHING RETURNING sale_id",
            )
            .await?,
            params,
        )
        .await?;
    let new: HashSet<Uuid> = rows.iter().map(|r| r.get(0)).collect();
    insert_sale_lines(tx, store_id, fresh, &new).await?;
    Ok(new)
}

/// The lines of the sales that were new.
async fn insert_sale_lines(
    tx: &Transaction<'_>,
    store_id: Uuid,
    fresh: &[PreparedEvent],
    new: &HashSet<Uuid>,
) -> Result<()> {
    let mut done = HashSet::new();
    let (mut sale_ids, mut product_ids) = (Vec::new(), Vec::new());
    let (mut names, mut units) = (Vec::new(), Vec::new());
    let mut cols: [Vec<i64>; 5] = Default::default();
    for ev in fresh {
        let Action::Sale(s) = &ev.action else {
            continue;
        };
        if !new.contains(&s.sale_id) || !done.insert(s.sale_id) {
            continue;
        }
        for l in &s.lines {
            sale_ids.push(s.sale_id);
            product_ids.push(l.product_id);
            names.push(l.name.as_str());
            units.push(l.unit.as_str());
            let values = [l.line_no, s.created_at_ms, l.qty_milli, l.total, l.cost];
            for (col, v) in cols.iter_mut().zip(values) {
                col.push(v);
            }
        }
    }
    if sale_ids.is_empty() {
        return Ok(());
    }
    let [line_no, created, qty, total, cost] = &cols;
    tx.execute(
        "INSERT INTO sale_lines (store_id, sale_id, product_id, name, unit, line_no,
            created_at_ms, qty_milli, total, cost)
         SELECT $1, t.* FROM UNNEST($2::uuid[], $3::uuid[], $4::text[], $5::text[],
            $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[]) AS t",
        &[
            &store_id,
            &sale_ids,
            &product_ids,
            &names,
            &units,
            line_no,
            created,
            qty,
            total,
            cost,
        ],
    )
    .await?;
    Ok(())
}

/// Inserts the batch's books events by their unique key: the record keys that were new (a
/// repeated key is new once at most).
async fn insert_books(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    fresh: &[PreparedEvent],
) -> Result<HashSet<Uuid>> {
    let mut new = HashSet::new();
    let stmt = tx
        .prepare_cached(
            "INSERT INTO book_events (store_id, kind, record_key, entity_id, device_id, seq,
                subject_id, created_at_ms, amount, stamp, body)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
        )
        .await?;
    for ev in fresh {
        let Action::Book(b) = &ev.action else {
            continue;
        };
        let inserted = tx
            .execute(
                &stmt,
                &[
                    &store_id,
                    &ev.kind.as_str(),
                    &b.record_key,
                    &b.entity_id,
                    &device_id,
                    &to_i64(ev.seq),
                    &b.subject_id,
                    &b.created_at_ms,
                    &b.amount,
                    &b.stamp,
                    &b.body,
                ],
            )
            .await?;
        if inserted == 1 {
            new.insert(b.record_key);
        }
    }
    Ok(new)
}

/// Inserts the movements of the new sales and returns and the batch's movement events: the
/// ids of the movement events that were new.
async fn insert_movements(
    tx: &Transaction<'_>,
    store_id: Uuid,
    device_id: Uuid,
    fresh: &[PreparedEvent],
    new_sales: &HashSet<Uuid>,
    new_returns: &HashSet<Uuid>,
    new_books: &HashSet<Uuid>,
) -> Result<HashSet<Uuid>> {
    let mut records = Vec::new();
    let mut events = HashSet::new();
    for ev in fresh {
        match &ev.action {
            Action::Sale(s) if new_sales.contains(&s.sale_id) => {
                records.extend(s.movements.iter());
            }
            Action::SaleReturn(r) if new_returns.contains(&r.return_id) => {
                records.extend(r.movements.iter());
            }
            Action::Book(b) if new_books.contains(&b.record_key) => {
                records.extend(b.movements.iter());
            }
            Action::Movement { record, .. } if events.insert(record.movement_id) => {
                records.push(record);
            }
            _ => {}
        }
    }
    if records.is_empty() {
        return Ok(HashSet::new());
    }
    let ids: Vec<Uuid> = records.iter().map(|m| m.movement_id).collect();
    let products: Vec<Uuid> = records.iter().map(|m| m.product_id).collect();
    let kinds: Vec<&str> = records.iter().map(|m| m.kind.as_str()).collect();
    let qty: Vec<i64> = records.iter().map(|m| m.qty_milli).collect();
    let sale_ids: Vec<Option<Uuid>> = records.iter().map(|m| m.sale_id).collect();
    let reasons: Vec<Option<&str>> = records.iter().map(|m| m.reason.as_deref()).collect();
    let created: Vec<i64> = records.iter().map(|m| m.created_at_ms).collect();
    let rows = tx
        .query(
            &tx.prepare_cached(
                "INSERT INTO stock_movements (store_id, device_id, movement_id, product_id, kind,
                qty_milli, sale_id, reason, created_at_ms)
             SELECT $1, $2, t.* FROM UNNEST($3::uuid[], $4::uuid[], $5::text[], $6::bigint[],
                $7::uuid[], $8::text[], $9::bigint[]) AS t
             ON CONFLICT DO NOTHING RETURNING movement_id",
            )
            .await?,
            &[
                &store_id, &device_id, &ids, &products, &kinds, &qty, &sale_ids, &reasons, &created,
            ],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.get::<_, Uuid>(0))
        .filter(|id| events.contains(id))
        .collect())
}

/// Merges the push's product edits into the store's rows ([`ProductEdits`]), set-based: one
/// insert of every product as if new, one `SELECT … FOR UPDATE` of those the store already
/// had, one update of the rows that changed. Rows are locked in product_id order. Returns the
/// change bodies by seq.
async fn merge_products(
    tx: &Transaction<'_>,
    store_id: Uuid,
    edits: &ProductEdits<'_>,
    now_ms: i64,
) -> Result<HashMap<u64, Vec<u8>>> {
    let mut changes = HashMap::new();
    if edits.is_empty() {
        return Ok(changes);
    }
    let as_new = edits.as_new()?;
    let ids: Vec<Uuid> = as_new.iter().map(|p| p.id).collect();
    let new_bodies: Vec<&[u8]> = as_new.iter().map(|p| p.body.as_slice()).collect();
    let inserted: HashSet<Uuid> = tx
        .query(
            &tx.prepare_cached(
                "INSERT INTO products (store_id, product_id, body, updated_at_ms)
             SELECT $1, t.id, t.body, $4 FROM UNNEST($2::uuid[], $3::bytea[]) AS t (id, body)
             ORDER BY t.id
             ON CONFLICT DO NOTHING RETURNING product_id",
            )
            .await?,
            &[&store_id, &ids, &new_bodies, &now_ms],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut existing = Vec::new();
    for new in as_new {
        if inserted.contains(&new.id) {
            changes.extend(new.changes);
        } else {
            existing.push(new.id);
        }
    }
    if existing.is_empty() {
        return Ok(changes);
    }

    let rows = tx
        .query(
            &tx.prepare_cached(
                "SELECT product_id, body FROM products WHERE store_id = $1 AND product_id = ANY($2)
             ORDER BY product_id FOR UPDATE",
            )
            .await?,
            &[&store_id, &existing],
        )
        .await?;
    if rows.len() != existing.len() {
        return Err(StorageError::ProductsVanished {
            missing: existing.len() - rows.len(),
            expected: existing.len(),
        });
    }
    let (mut updated_ids, mut updated_bodies) = (Vec::new(), Vec::new());
    for row in &rows {
        let id: Uuid = row.get(0);
        let merged = edits.merge_into(id, row.get(1))?;
        if let Some(body) = merged.body {
            updated_ids.push(id);
            updated_bodies.push(body);
        }
        changes.extend(merged.changes);
    }
    if !updated_ids.is_empty() {
        tx.execute(
            &tx.prepare_cached(
                "UPDATE products AS p SET body = t.body, updated_at_ms = $4
             FROM UNNEST($2::uuid[], $3::bytea[]) AS t (id, body)
             WHERE p.store_id = $1 AND p.product_id = t.id",
            )
            .await?,
            &[&store_id, &updated_ids, &updated_bodies, &now_ms],
        )
        .await?;
    }
    Ok(changes)
}
