//! The back office's storage on PostgreSQL ([`crate::storage::web::WebStorage`]): the same
//! rows as the SQLite backend's, by the same rules.

use deadpool_postgres::Object;
use laris_protocol::v1::ProductV1;
use tokio_postgres::Row;
use uuid::Uuid;

use super::{PostgresStorage, Result};
use crate::storage::web::{
    AccountRow, DeviceStatus, MovementListRow, NewInvite, NewWebSession, OwnedStore, ProductSum,
    ReturnListRow, SaleCursor, SaleFact, SaleLineRow, SaleListRow, StorefrontRow, WebSessionInfo,
    WebSessionRow, WebStorage,
};
use crate::storage::{
    EXPIRED_KEPT_MS, SESSION_LIST_MAX, StorageFuture, SummaryRange, decode_stored_product, to_u32,
    to_u64,
};
use crate::web::product_edit;

const SESSION_COLUMNS: &str = "session_id, created_at_ms, expires_at_ms, revoked_at_ms, user_agent";

fn session_info(r: &Row) -> WebSessionInfo {
    WebSessionInfo {
        session_id: r.get(0),
        created_at_ms: r.get(1),
        expires_at_ms: r.get(2),
        revoked_at_ms: r.get(3),
        user_agent: r.get(4),
    }
}

/// PostgreSQL text cannot hold NUL (it refuses such a parameter): no account has that email.
fn unstorable(text: &str) -> bool {
    text.contains('\0')
}

async fn set_password(client: &mut Object, email: &str, hash: &str, now_ms: i64) -> Result<bool> {
    if unstorable(email) {
        return Ok(false);
    }
    let tx = client.transaction().await?;
    let n = tx
        .execute(
            "UPDATE accounts SET password_hash = $2, failures = 0, locked_until_ms = 0
             WHERE email = $1",
            &[&email, &hash],
        )
        .await?;
    if n == 1 {
        tx.execute(
            "UPDATE owners SET password_hash = $2 WHERE email = $1",
            &[&email, &hash],
        )
        .await?;
        tx.execute(
            "UPDATE web_sessions SET revoked_at_ms = COALESCE(revoked_at_ms, $2)
             WHERE email = $1",
            &[&email, &now_ms],
        )
        .await?;
        tx.execute(
            "UPDATE owner_sessions SET revoked_at_ms = COALESCE(revoked_at_ms, $2)
             WHERE store_id IN (SELECT store_id FROM owners WHERE email = $1)",
            &[&email, &now_ms],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(n == 1)
}

async fn edit_product(
    client: &mut Object,
    store_id: Uuid,
    edit: &ProductV1,
    now_ms: i64,
) -> Result<ProductV1> {
    let tx = client.transaction().await?;
    // The store's row lock orders this change after every push's (they take it to allocate
    // change_seqs), and the product's row lock is taken by the update below.
    let change_seq: i64 = tx
        .query_one(
            "UPDATE stores SET last_change_seq = last_change_seq + 1 WHERE store_id = $1
             RETURNING last_change_seq",
            &[&store_id],
        )
        .await?
        .get(0);
    let stored = tx
        .query_opt(
            "SELECT body FROM products WHERE store_id = $1 AND product_id = $2 FOR UPDATE",
            &[&store_id, &edit.id],
        )
        .await?
        .map(|r| decode_stored_product(r.get::<_, &[u8]>(0)))
        .transpose()?;
    let Some(write) = product_edit::merged(stored.clone(), edit)? else {
        // Nothing changed: the allocated seq is given back with the rollback.
        tx.rollback().await?;
        return Ok(stored.unwrap_or_else(|| edit.clone()));
    };
    tx.execute(
        "INSERT INTO products (store_id, product_id, body, updated_at_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (store_id, product_id) DO UPDATE
            SET body = excluded.body, updated_at_ms = excluded.updated_at_ms",
        &[&store_id, &edit.id, &write.row_body, &now_ms],
    )
    .await?;
    tx.execute(
        "INSERT INTO changes (store_id, change_seq, origin_device, origin_seq, kind, entity_id,
                              body)
         VALUES ($1, $2, $3, 0, $4, $5, $6)",
        &[
            &store_id,
            &change_seq,
            &product_edit::ORIGIN,
            &product_edit::KIND,
            &edit.id,
            &write.change_body,
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(write.product)
}

/// Gives the sales held before the back office's schema their lines and cashier, from the
/// sale events' change bodies (in the upgrade's transaction). Sales that have lines already
/// are left as they are.
pub(super) async fn backfill_sale_lines(tx: &tokio_postgres::Transaction<'_>) -> Result<()> {
    let rows = tx
        .query(
            "SELECT c.store_id, c.body, s.created_at_ms FROM changes c
             JOIN sales s ON s.store_id = c.store_id AND s.sale_id = c.entity_id
             WHERE c.kind = 'sale' AND NOT EXISTS (
                 SELECT 1 FROM sale_lines l
                 WHERE l.store_id = s.store_id AND l.sale_id = s.sale_id)",
            &[],
        )
        .await?;
    let line = tx
        .prepare(
            "INSERT INTO sale_lines (store_id, sale_id, line_no, created_at_ms, product_id,
                name, unit, qty_milli, total, cost)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
        )
        .await?;
    let cashier = tx
        .prepare("UPDATE sales SET cashier = $3 WHERE store_id = $1 AND sale_id = $2")
        .await?;
    for row in rows {
        let store_id: Uuid = row.get(0);
        let created_at_ms: i64 = row.get(2);
        let laris_protocol::v1::EventBody::Sale(sale) =
            crate::storage::decode_change(row.get::<_, &[u8]>(1))?
        else {
            continue;
        };
        for l in crate::prepare::sale_lines(&sale) {
            tx.execute(
                &line,
                &[
                    &store_id,
                    &sale.id,
                    &l.line_no,
                    &created_at_ms,
                    &l.product_id,
                    &l.name,
                    &l.unit,
                    &l.qty_milli,
                    &l.total,
                    &l.cost,
                ],
            )
            .await?;
        }
        tx.execute(&cashier, &[&store_id, &sale.id, &sale.cashier])
            .await?;
    }
    Ok(())
}

const STOREFRONT_COLUMNS: &str = "store_id, slug, enabled, show_stock, whatsapp, address, hours, hidden_categories, hidden_products, updated_at_ms";

fn storefront_row(r: &Row) -> Result<StorefrontRow> {
    crate::storage::web::with_hidden(
        StorefrontRow {
            store_id: r.get(0),
            slug: r.get(1),
            enabled: r.get(2),
            show_stock: r.get(3),
            whatsapp: r.get(4),
            address: r.get(5),
            hours: r.get(6),
            hidden_categories: Vec::new(),
            hidden_products: Vec::new(),
            updated_at_ms: r.get(9),
        },
        r.get(7),
        r.get(8),
    )
}

impl WebStorage for PostgresStorage {
    fn account(&self, email: String) -> StorageFuture<'_, Option<AccountRow>> {
        Box::pin(async move {
            if unstorable(&email) {
                return Ok(None);
            }
            let row = self
                .client()
                .await?
                .query_opt(
                    "SELECT email, password_hash, failures, locked_until_ms FROM accounts
                     WHERE email = $1",
                    &[&email],
                )
                .await?;
            Ok(row.map(|r| AccountRow {
                email: r.get(0),
                password_hash: r.get(1),
                failures: to_u32(r.get(2)),
                locked_until_ms: r.get(3),
            }))
        })
    }

    fn set_password(
        &self,
        email: String,
        password_hash: String,
        now_ms: i64,
    ) -> StorageFuture<'_, bool> {
        Box::pin(async move {
            set_password(&mut self.client().await?, &email, &password_hash, now_ms).await
        })
    }

    fn add_invite(&self, invite: NewInvite) -> StorageFuture<'_, ()> {
        Box::pin(async move {
            let client = self.client().await?;
            client
                .execute(
                    "DELETE FROM signup_invites WHERE expires_at_ms < $1",
                    &[&(invite.now_ms - EXPIRED_KEPT_MS)],
                )
                .await?;
            client
                .execute(
                    "INSERT INTO signup_invites (invite_hash, created_at_ms, expires_at_ms)
                     VALUES ($1, $2, $3)",
                    &[
                        &&invite.invite_hash[..],
                        &invite.now_ms,
                        &invite.expires_at_ms,
                    ],
                )
                .await?;
            Ok(())
        })
    }

    fn add_web_session(&self, s: NewWebSession) -> StorageFuture<'_, ()> {
        Box::pin(async move {
            let client = self.client().await?;
            client
                .execute(
                    "DELETE FROM web_sessions WHERE email = $1 AND expires_at_ms < $2",
                    &[&s.email, &(s.now_ms - EXPIRED_KEPT_MS)],
                )
                .await?;
            let agent = s.user_agent.as_deref().filter(|a| !unstorable(a));
            client
                .execute(
                    "INSERT INTO web_sessions (session_id, email, token_hash, user_agent,
                                               created_at_ms, expires_at_ms)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &[
                        &s.session_id,
                        &s.email,
                        &&s.token_hash[..],
                        &agent,
                        &s.now_ms,
                        &s.expires_at_ms,
                    ],
                )
                .await?;
            Ok(())
        })
    }

    fn web_session(&self, session_id: Uuid) -> StorageFuture<'_, Option<WebSessionRow>> {
        Box::pin(async move {
            let row = self
                .client()
                .await?
                .query_opt(
                    "SELECT email, token_hash, expires_at_ms, revoked_at_ms IS NOT NULL
                     FROM web_sessions WHERE session_id = $1",
                    &[&session_id],
                )
                .await?;
            Ok(row.map(|r| WebSessionRow {
                email: r.get(0),
                token_hash: r.get(1),
                expires_at_ms: r.get(2),
                revoked: r.get(3),
            }))
        })
    }

    fn web_sessions(&self, email: String) -> StorageFuture<'_, Vec<WebSessionInfo>> {
        Box::pin(async move {
            let rows = self
                .client()
                .await?
                .query(
                    &format!(
                        "SELECT {SESSION_COLUMNS} FROM web_sessions WHERE email = $1
                         ORDER BY created_at_ms DESC, session_id LIMIT $2"
                    ),
                    &[&email, &SESSION_LIST_MAX],
                )
                .await?;
            Ok(rows.iter().map(session_info).collect())
        })
    }

    fn revoke_web_session(
        &self,
        email: String,
        session_id: Uuid,
        now_ms: i64,
    ) -> StorageFuture<'_, Option<WebSessionInfo>> {
        Box::pin(async move {
            let row = self
                .client()
                .await?
                .query_opt(
                    &format!(
                        "UPDATE web_sessions SET revoked_at_ms = COALESCE(revoked_at_ms, $3)
                         WHERE email = $1 AND session_id = $2 RETURNING {SESSION_COLUMNS}"
                    ),
                    &[&email, &session_id, &now_ms],
                )
                .await?;
            Ok(row.as_ref().map(session_info))
        })
    }

    fn owned_stores(&self, email: String) -> StorageFuture<'_, Vec<OwnedStore>> {
        Box::pin(async move {
            let rows = self
                .client()
                .await?
                .query(
                    "SELECT s.store_id, s.name, s.created_at_ms FROM owners o
                     JOIN stores s ON s.store_id = o.store_id
                     WHERE o.email = $1 ORDER BY s.created_at_ms, s.store_id",
                    &[&email],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| OwnedStore {
                    store_id: r.get(0),
                    name: r.get(1),
                    created_at_ms: r.get(2),
                })
                .collect())
        })
    }

    fn rename_device(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        name: String,
    ) -> StorageFuture<'_, bool> {
        Box::pin(async move {
            let n = self
                .client()
                .await?
                .execute(
                    "UPDATE devices SET name = $3 WHERE store_id = $1 AND device_id = $2",
                    &[&store_id, &device_id, &name],
                )
                .await?;
            Ok(n == 1)
        })
    }

    fn device_status(&self, store_id: Uuid) -> StorageFuture<'_, Vec<DeviceStatus>> {
        Box::pin(async move {
            let rows = self
                .client()
                .await?
                .query(
                    "SELECT d.device_id, d.name, d.code, d.paired_at_ms, d.revoked_at_ms,
                            d.last_seen_ms, d.protocol_version, d.acked_seq, d.reported_seq,
                            d.complete_up_to_ms,
                            d.sales_applied, d.sales_applied_total,
                            d.duplicates_rejected, d.app_version
                     FROM devices d WHERE d.store_id = $1 ORDER BY d.paired_at_ms, d.device_id",
                    &[&store_id],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| DeviceStatus {
                    device_id: r.get(0),
                    name: r.get(1),
                    code: r.get(2),
                    paired_at_ms: r.get(3),
                    revoked_at_ms: r.get(4),
                    last_seen_ms: r.get(5),
                    protocol_version: u16::try_from(r.get::<_, i64>(6)).unwrap_or(u16::MAX),
                    acked_seq: to_u64(r.get(7)),
                    reported_seq: to_u64(r.get(8)),
                    complete_up_to_ms: r.get(9),
                    sales_held: to_u64(r.get(10)),
                    sales_total_held: r.get(11),
                    duplicates_rejected: to_u64(r.get(12)),
                    app_version: r.get(13),
                })
                .collect())
        })
    }

    fn sale_facts(&self, store_id: Uuid, range: SummaryRange) -> StorageFuture<'_, Vec<SaleFact>> {
        Box::pin(async move {
            let rows = self
                .client()
                .await?
                .query(
                    "SELECT created_at_ms, device_id, cashier, total, cost, paid_cash, paid_qris,
                            paid_transfer, paid_kasbon
                     FROM sales
                     WHERE store_id = $1 AND created_at_ms >= $2 AND created_at_ms < $3",
                    &[&store_id, &range.from_ms, &range.to_ms],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| SaleFact {
                    created_at_ms: r.get(0),
                    device_id: r.get(1),
                    cashier: r.get(2),
                    total: r.get(3),
                    cost: r.get(4),
                    paid: [r.get(5), r.get(6), r.get(7), r.get(8)],
                })
                .collect())
        })
    }

    fn product_sums(
        &self,
        store_id: Uuid,
        range: SummaryRange,
    ) -> StorageFuture<'_, Vec<ProductSum>> {
        Box::pin(async move {
            let rows = self
                .client()
                .await?
                .query(
                    "SELECT product_id, SUM(qty_milli)::bigint,
                            SUM(total)::bigint, SUM(cost)::bigint
                     FROM sale_lines
                     WHERE store_id = $1 AND created_at_ms >= $2 AND created_at_ms < $3
                     GROUP BY product_id",
                    &[&store_id, &range.from_ms, &range.to_ms],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| ProductSum {
                    product_id: r.get(0),
                    qty_milli: r.get(1),
                    total: r.get(2),
                    cost: r.get(3),
                })
                .collect())
        })
    }

    fn sales_page(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        before: Option<SaleCursor>,
        limit: u32,
    ) -> StorageFuture<'_, Vec<SaleListRow>> {
        Box::pin(async move {
            let (before_ms, before_id) =
                before.map_or((i64::MAX, Uuid::max()), |c| (c.created_at_ms, c.sale_id));
            let rows = self
                .client()
                .await?
                .query(
                    "SELECT s.sale_id, s.receipt_no, s.created_at_ms, COALESCE(d.code, ''),
                            s.cashier, s.total, s.cost, s.line_count, s.paid_cash, s.paid_qris,
                            s.paid_transfer, s.paid_kasbon
                     FROM sales s LEFT JOIN devices d
                       ON d.store_id = s.store_id AND d.device_id = s.device_id
                     WHERE s.store_id = $1 AND s.created_at_ms >= $2 AND s.created_at_ms < $3
                       AND (s.created_at_ms, s.sale_id) < ($4, $5)
                     ORDER BY s.created_at_ms DESC, s.sale_id DESC LIMIT $6",
                    &[
                        &store_id,
                        &range.from_ms,
                        &range.to_ms,
                        &before_ms,
                        &before_id,
                        &i64::from(limit),
                    ],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| SaleListRow {
                    sale_id: r.get(0),
                    receipt_no: r.get(1),
                    created_at_ms: r.get(2),
                    device_code: r.get(3),
                    cashier: r.get(4),
                    total: r.get(5),
                    cost: r.get(6),
                    line_count: r.get(7),
                    paid: [r.get(8), r.get(9), r.get(10), r.get(11)],
                })
                .collect())
        })
    }

    fn sale_lines(
        &self,
        store_id: Uuid,
        range: SummaryRange,
    ) -> StorageFuture<'_, Vec<SaleLineRow>> {
        Box::pin(async move {
            let rows = self
                .client()
                .await?
                .query(
                    "SELECT l.sale_id, s.receipt_no, l.created_at_ms, l.line_no, l.product_id,
                            l.name, l.unit, l.qty_milli, l.total, l.cost
                     FROM sale_lines l
                     JOIN sales s ON s.store_id = l.store_id AND s.sale_id = l.sale_id
                     WHERE l.store_id = $1 AND l.created_at_ms >= $2 AND l.created_at_ms < $3
                     ORDER BY l.created_at_ms, l.sale_id, l.line_no",
                    &[&store_id, &range.from_ms, &range.to_ms],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| SaleLineRow {
                    sale_id: r.get(0),
                    receipt_no: r.get(1),
                    created_at_ms: r.get(2),
                    line_no: r.get(3),
                    product_id: r.get(4),
                    name: r.get(5),
                    unit: r.get(6),
                    qty_milli: r.get(7),
                    total: r.get(8),
                    cost: r.get(9),
                })
                .collect())
        })
    }

    fn returns_total(&self, store_id: Uuid, range: SummaryRange) -> StorageFuture<'_, i64> {
        Box::pin(async move {
            Ok(self
                .client()
                .await?
                .query_one(
                    "SELECT COALESCE(SUM(amount), 0)::bigint FROM sale_returns
                     WHERE store_id = $1 AND created_at_ms >= $2 AND created_at_ms < $3",
                    &[&store_id, &range.from_ms, &range.to_ms],
                )
                .await?
                .get(0))
        })
    }

    fn returns_list(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        limit: u32,
    ) -> StorageFuture<'_, Vec<ReturnListRow>> {
        Box::pin(async move {
            let rows = self
                .client()
                .await?
                .query(
                    "SELECT r.return_id, r.sale_id, s.receipt_no, r.kind, r.created_at_ms,
                        COALESCE(d.code, ''), r.method, r.amount, r.reason, r.cashier
                 FROM sale_returns r
                 LEFT JOIN sales s ON s.store_id = r.store_id AND s.sale_id = r.sale_id
                 LEFT JOIN devices d ON d.store_id = r.store_id AND d.device_id = r.device_id
                 WHERE r.store_id = $1 AND r.created_at_ms >= $2 AND r.created_at_ms < $3
                 ORDER BY r.created_at_ms DESC, r.return_id LIMIT $4",
                    &[&store_id, &range.from_ms, &range.to_ms, &i64::from(limit)],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| ReturnListRow {
                    return_id: r.get(0),
                    sale_id: r.get(1),
                    receipt_no: r.get(2),
                    kind: r.get(3),
                    created_at_ms: r.get(4),
                    device_code: r.get(5),
                    method: r.get(6),
                    amount: r.get(7),
                    reason: r.get(8),
                    cashier: r.get(9),
                })
                .collect())
        })
    }

    fn movements_list(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        limit: u32,
    ) -> StorageFuture<'_, Vec<MovementListRow>> {
        Box::pin(async move {
            let rows = self
                .client()
                .await?
                .query(
                    "SELECT m.created_at_ms, m.product_id, m.kind, m.qty_milli, COALESCE(d.code, ''),
                        m.reason
                 FROM stock_movements m
                 LEFT JOIN devices d ON d.store_id = m.store_id AND d.device_id = m.device_id
                 WHERE m.store_id = $1 AND m.sale_id IS NULL
                   AND m.created_at_ms >= $2 AND m.created_at_ms < $3
                 ORDER BY m.created_at_ms DESC LIMIT $4",
                    &[&store_id, &range.from_ms, &range.to_ms, &i64::from(limit)],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| MovementListRow {
                    created_at_ms: r.get(0),
                    product_id: r.get(1),
                    kind: r.get(2),
                    qty_milli: r.get(3),
                    device_code: r.get(4),
                    reason: r.get(5),
                })
                .collect())
        })
    }

    fn audit_log(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        limit: u32,
    ) -> StorageFuture<'_, Vec<crate::books::StoredBook>> {
        Box::pin(async move {
            self.client()
                .await?
                .query(
                    "SELECT device_id, body FROM book_events
                 WHERE store_id = $1 AND kind = 'audit' AND created_at_ms >= $2
                   AND created_at_ms < $3
                 ORDER BY created_at_ms DESC, record_key LIMIT $4",
                    &[&store_id, &range.from_ms, &range.to_ms, &i64::from(limit)],
                )
                .await?
                .iter()
                .map(|r| {
                    Ok(crate::books::StoredBook {
                        kind: crate::stored::EventKind::Audit,
                        device_id: r.get(0),
                        body: crate::storage::decode_change(r.get(1))?,
                    })
                })
                .collect()
        })
    }

    fn storefront(&self, store_id: Uuid) -> StorageFuture<'_, Option<StorefrontRow>> {
        Box::pin(async move {
            let row = self
                .client()
                .await?
                .query_opt(
                    &format!("SELECT {STOREFRONT_COLUMNS} FROM storefronts WHERE store_id = $1"),
                    &[&store_id],
                )
                .await?;
            row.as_ref().map(storefront_row).transpose()
        })
    }

    fn storefront_by_slug(&self, slug: String) -> StorageFuture<'_, Option<StorefrontRow>> {
        Box::pin(async move {
            if unstorable(&slug) {
                return Ok(None);
            }
            let row = self
                .client()
                .await?
                .query_opt(
                    &format!("SELECT {STOREFRONT_COLUMNS} FROM storefronts WHERE slug = $1"),
                    &[&slug],
                )
                .await?;
            row.as_ref().map(storefront_row).transpose()
        })
    }

    fn save_storefront(&self, row: StorefrontRow) -> StorageFuture<'_, ()> {
        Box::pin(async move {
            let (cats, prods) = crate::storage::web::hidden_json(&row);
            let done = self
                .client()
                .await?
                .execute(
                    "INSERT INTO storefronts (store_id, slug, enabled, show_stock, whatsapp, address, hours, hidden_categories, hidden_products, updated_at_ms)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                     ON CONFLICT (store_id) DO UPDATE SET slug = excluded.slug,
                        enabled = excluded.enabled, show_stock = excluded.show_stock,
                        whatsapp = excluded.whatsapp, address = excluded.address,
                        hours = excluded.hours, hidden_categories = excluded.hidden_categories,
                        hidden_products = excluded.hidden_products,
                        updated_at_ms = excluded.updated_at_ms",
                    &[
                        &row.store_id,
                        &row.slug,
                        &row.enabled,
                        &row.show_stock,
                        &row.whatsapp,
                        &row.address,
                        &row.hours,
                        &cats,
                        &prods,
                        &row.updated_at_ms,
                    ],
                )
                .await;
            match done {
                Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) => {
                    Err(crate::storage::StorageError::SlugTaken(row.slug))
                }
                other => other.map(|_| ()).map_err(Into::into),
            }
        })
    }

    fn sale_change(
        &self,
        store_id: Uuid,
        sale_id: Uuid,
    ) -> StorageFuture<'_, Option<(Vec<u8>, String)>> {
        Box::pin(async move {
            let row = self
                .client()
                .await?
                .query_opt(
                    "SELECT c.body, COALESCE(d.code, '') FROM changes c
                     JOIN sales s ON s.store_id = c.store_id AND s.sale_id = c.entity_id
                     LEFT JOIN devices d ON d.store_id = s.store_id AND d.device_id = s.device_id
                     WHERE c.store_id = $1 AND c.entity_id = $2 AND c.kind = 'sale'
                     ORDER BY c.change_seq LIMIT 1",
                    &[&store_id, &sale_id],
                )
                .await?;
            Ok(row.map(|r| (r.get(0), r.get(1))))
        })
    }

    fn products(&self, store_id: Uuid) -> StorageFuture<'_, Vec<ProductV1>> {
        Box::pin(async move {
            let rows = self
                .client()
                .await?
                .query(
                    "SELECT body FROM products WHERE store_id = $1",
                    &[&store_id],
                )
                .await?;
            rows.iter()
                .map(|r| decode_stored_product(r.get::<_, &[u8]>(0)))
                .collect()
        })
    }

    fn edit_product(
        &self,
        store_id: Uuid,
        edit: ProductV1,
        now_ms: i64,
    ) -> StorageFuture<'_, ProductV1> {
        Box::pin(
            async move { edit_product(&mut self.client().await?, store_id, &edit, now_ms).await },
        )
    }
}
