//! The back office's storage on SQLite ([`crate::storage::web::WebStorage`]).

use laris_protocol::v1::ProductV1;
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{Result, SqliteStorage, immediate};
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

fn session_info(r: &Row<'_>) -> rusqlite::Result<WebSessionInfo> {
    Ok(WebSessionInfo {
        session_id: r.get(0)?,
        created_at_ms: r.get(1)?,
        expires_at_ms: r.get(2)?,
        revoked_at_ms: r.get(3)?,
        user_agent: r.get(4)?,
    })
}

fn account(conn: &Connection, email: &str) -> Result<Option<AccountRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT email, password_hash, failures, locked_until_ms FROM accounts
             WHERE email = ?1",
        )?
        .query_row(params![email], |r| {
            Ok(AccountRow {
                email: r.get(0)?,
                password_hash: r.get(1)?,
                failures: to_u32(r.get(2)?),
                locked_until_ms: r.get(3)?,
            })
        })
        .optional()?)
}

fn set_password(conn: &mut Connection, email: &str, hash: &str, now_ms: i64) -> Result<bool> {
    let tx = immediate(conn)?;
    let n = tx.execute(
        "UPDATE accounts SET password_hash = ?2, failures = 0, locked_until_ms = 0
         WHERE email = ?1",
        params![email, hash],
    )?;
    if n == 1 {
        tx.execute(
            "UPDATE owners SET password_hash = ?2 WHERE email = ?1",
            params![email, hash],
        )?;
        tx.execute(
            "UPDATE web_sessions SET revoked_at_ms = COALESCE(revoked_at_ms, ?2)
             WHERE email = ?1",
            params![email, now_ms],
        )?;
        tx.execute(
            "UPDATE owner_sessions SET revoked_at_ms = COALESCE(revoked_at_ms, ?2)
             WHERE store_id IN (SELECT store_id FROM owners WHERE email = ?1)",
            params![email, now_ms],
        )?;
    }
    tx.commit()?;
    Ok(n == 1)
}

fn add_web_session(conn: &mut Connection, s: &NewWebSession) -> Result<()> {
    let tx = immediate(conn)?;
    tx.execute(
        "DELETE FROM web_sessions WHERE email = ?1 AND expires_at_ms < ?2",
        params![s.email, s.now_ms - EXPIRED_KEPT_MS],
    )?;
    tx.execute(
        "INSERT INTO web_sessions (session_id, email, token_hash, user_agent, created_at_ms,
                                   expires_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            s.session_id,
            s.email,
            &s.token_hash[..],
            s.user_agent,
            s.now_ms,
            s.expires_at_ms
        ],
    )?;
    tx.commit()?;
    Ok(())
}

fn device_status(conn: &Connection, store_id: Uuid) -> Result<Vec<DeviceStatus>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.device_id, d.name, d.code, d.paired_at_ms, d.revoked_at_ms, d.last_seen_ms,
                d.protocol_version, d.acked_seq, d.reported_seq, d.complete_up_to_ms,
                d.sales_applied, d.sales_applied_total,
                d.duplicates_rejected, d.app_version
         FROM devices d WHERE d.store_id = ?1 ORDER BY d.paired_at_ms, d.device_id",
    )?;
    let rows = stmt.query_map(params![store_id], |r| {
        Ok(DeviceStatus {
            device_id: r.get(0)?,
            name: r.get(1)?,
            code: r.get(2)?,
            paired_at_ms: r.get(3)?,
            revoked_at_ms: r.get(4)?,
            last_seen_ms: r.get(5)?,
            protocol_version: u16::try_from(r.get::<_, i64>(6)?).unwrap_or(u16::MAX),
            acked_seq: to_u64(r.get(7)?),
            reported_seq: to_u64(r.get(8)?),
            complete_up_to_ms: r.get(9)?,
            sales_held: to_u64(r.get(10)?),
            sales_total_held: r.get(11)?,
            duplicates_rejected: to_u64(r.get(12)?),
            app_version: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn sale_facts(conn: &Connection, store_id: Uuid, range: SummaryRange) -> Result<Vec<SaleFact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT created_at_ms, device_id, cashier, total, cost, paid_cash, paid_qris,
                paid_transfer, paid_kasbon
         FROM sales WHERE store_id = ?1 AND created_at_ms >= ?2 AND created_at_ms < ?3",
    )?;
    let rows = stmt.query_map(params![store_id, range.from_ms, range.to_ms], |r| {
        Ok(SaleFact {
            created_at_ms: r.get(0)?,
            device_id: r.get(1)?,
            cashier: r.get(2)?,
            total: r.get(3)?,
            cost: r.get(4)?,
            paid: [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn product_sums(conn: &Connection, store_id: Uuid, range: SummaryRange) -> Result<Vec<ProductSum>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, SUM(qty_milli), SUM(total), SUM(cost)
         FROM sale_lines WHERE store_id = ?1 AND created_at_ms >= ?2 AND created_at_ms < ?3
         GROUP BY product_id",
    )?;
    let rows = stmt.query_map(params![store_id, range.from_ms, range.to_ms], |r| {
        Ok(ProductSum {
            product_id: r.get(0)?,
            qty_milli: r.get(1)?,
            total: r.get(2)?,
            cost: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn sales_page(
    conn: &Connection,
    store_id: Uuid,
    range: SummaryRange,
    before: Option<SaleCursor>,
    limit: u32,
) -> Result<Vec<SaleListRow>> {
    let (before_ms, before_id) =
        before.map_or((i64::MAX, Uuid::max()), |c| (c.created_at_ms, c.sale_id));
    let mut stmt = conn.prepare_cached(
        "SELECT s.sale_id, s.receipt_no, s.created_at_ms, COALESCE(d.code, ''), s.cashier,
                s.total, s.cost, s.line_count, s.paid_cash, s.paid_qris, s.paid_transfer,
                s.paid_kasbon
         FROM sales s LEFT JOIN devices d ON d.store_id = s.store_id AND d.device_id = s.device_id
         WHERE s.store_id = ?1 AND s.created_at_ms >= ?2 AND s.created_at_ms < ?3
           AND (s.created_at_ms < ?4 OR (s.created_at_ms = ?4 AND s.sale_id < ?5))
         ORDER BY s.created_at_ms DESC, s.sale_id DESC LIMIT ?6",
    )?;
    let rows = stmt.query_map(
        params![
            store_id,
            range.from_ms,
            range.to_ms,
            before_ms,
            before_id,
            i64::from(limit)
        ],
        |r| {
            Ok(SaleListRow {
                sale_id: r.get(0)?,
                receipt_no: r.get(1)?,
                created_at_ms: r.get(2)?,
                device_code: r.get(3)?,
                cashier: r.get(4)?,
                total: r.get(5)?,
                cost: r.get(6)?,
                line_count: r.get(7)?,
                paid: [r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?],
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn sale_lines(conn: &Connection, store_id: Uuid, range: SummaryRange) -> Result<Vec<SaleLineRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.sale_id, s.receipt_no, l.created_at_ms, l.line_no, l.product_id, l.name,
                l.unit, l.qty_milli, l.total, l.cost
         FROM sale_lines l JOIN sales s ON s.store_id = l.store_id AND s.sale_id = l.sale_id
         WHERE l.store_id = ?1 AND l.created_at_ms >= ?2 AND l.created_at_ms < ?3
         ORDER BY l.created_at_ms, l.sale_id, l.line_no",
    )?;
    let rows = stmt.query_map(params![store_id, range.from_ms, range.to_ms], |r| {
        Ok(SaleLineRow {
            sale_id: r.get(0)?,
            receipt_no: r.get(1)?,
            created_at_ms: r.get(2)?,
            line_no: r.get(3)?,
            product_id: r.get(4)?,
            name: r.get(5)?,
            unit: r.get(6)?,
            qty_milli: r.get(7)?,
            total: r.get(8)?,
            cost: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn products(conn: &Connection, store_id: Uuid) -> Result<Vec<ProductV1>> {
    let mut stmt = conn.prepare_cached("SELECT body FROM products WHERE store_id = ?1")?;
    let bodies = stmt.query_map(params![store_id], |r| r.get::<_, Vec<u8>>(0))?;
    bodies
        .map(|b| decode_stored_product(&b?))
        .collect::<Result<_>>()
}

/// Under the write lock: the row merged with the edit, and the change every till pulls.
fn edit_product(
    conn: &mut Connection,
    store_id: Uuid,
    edit: &ProductV1,
    now_ms: i64,
) -> Result<ProductV1> {
    let tx = immediate(conn)?;
    let stored: Option<Vec<u8>> = tx
        .query_row(
            "SELECT body FROM products WHERE store_id = ?1 AND product_id = ?2",
            params![store_id, edit.id],
            |r| r.get(0),
        )
        .optional()?;
    let stored = stored.map(|b| decode_stored_product(&b)).transpose()?;
    let Some(write) = product_edit::merged(stored.clone(), edit)? else {
        return Ok(stored.unwrap_or_else(|| edit.clone()));
    };
    tx.execute(
        "INSERT INTO products (store_id, product_id, body, updated_at_ms) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (store_id, product_id) DO UPDATE
            SET body = excluded.body, updated_at_ms = excluded.updated_at_ms",
        params![store_id, edit.id, write.row_body, now_ms],
    )?;
    let change_seq: i64 = tx.query_row(
        "UPDATE stores SET last_change_seq = last_change_seq + 1 WHERE store_id = ?1
         RETURNING last_change_seq",
        params![store_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO changes (store_id, change_seq, origin_device, origin_seq, kind, entity_id,
                              body)
         VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6)",
        params![
            store_id,
            change_seq,
            product_edit::ORIGIN,
            product_edit::KIND,
            edit.id,
            write.change_body
        ],
    )?;
    tx.commit()?;
    Ok(write.product)
}

/// Gives the sales held before the back office's schema their lines and cashier, from the
/// sale events' change bodies (in the upgrade's transaction). Sales that have lines already
/// are left as they are.
pub(super) fn backfill_sale_lines(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let mut read = tx.prepare(
        "SELECT c.store_id, c.body, s.created_at_ms FROM changes c
         JOIN sales s ON s.store_id = c.store_id AND s.sale_id = c.entity_id
         WHERE c.kind = 'sale' AND NOT EXISTS (
             SELECT 1 FROM sale_lines l WHERE l.store_id = s.store_id AND l.sale_id = s.sale_id)",
    )?;
    let rows: Vec<(Uuid, Vec<u8>, i64)> = read
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut line = tx.prepare(
        "INSERT OR IGNORE INTO sale_lines (store_id, sale_id, line_no, created_at_ms, product_id,
            name, unit, qty_milli, total, cost)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut cashier =
        tx.prepare("UPDATE sales SET cashier = ?3 WHERE store_id = ?1 AND sale_id = ?2")?;
    for (store_id, body, created_at_ms) in rows {
        let laris_protocol::v1::EventBody::Sale(sale) = crate::storage::decode_change(&body)?
        else {
            continue;
        };
        for l in crate::prepare::sale_lines(&sale) {
            line.execute(params![
                store_id,
                sale.id,
                l.line_no,
                created_at_ms,
                l.product_id,
                l.name,
                l.unit,
                l.qty_milli,
                l.total,
                l.cost
            ])?;
        }
        cashier.execute(params![store_id, sale.id, sale.cashier])?;
    }
    Ok(())
}

const STOREFRONT_COLUMNS: &str = "store_id, slug, enabled, show_stock, whatsapp, address, hours, hidden_categories, hidden_products, updated_at_ms";

fn storefront_row(r: &Row<'_>) -> rusqlite::Result<(StorefrontRow, String, String)> {
    Ok((
        StorefrontRow {
            store_id: r.get(0)?,
            slug: r.get(1)?,
            enabled: r.get(2)?,
            show_stock: r.get(3)?,
            whatsapp: r.get(4)?,
            address: r.get(5)?,
            hours: r.get(6)?,
            hidden_categories: Vec::new(),
            hidden_products: Vec::new(),
            updated_at_ms: r.get(9)?,
        },
        r.get(7)?,
        r.get(8)?,
    ))
}

fn storefront_where(
    conn: &Connection,
    clause: &str,
    key: &dyn rusqlite::ToSql,
) -> Result<Option<StorefrontRow>> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {STOREFRONT_COLUMNS} FROM storefronts WHERE {clause} = ?1"
        ))?
        .query_row([key], storefront_row)
        .optional()?;
    found
        .map(|(row, cats, prods)| crate::storage::web::with_hidden(row, &cats, &prods))
        .transpose()
}

impl WebStorage for SqliteStorage {
    fn account(&self, email: String) -> StorageFuture<'_, Option<AccountRow>> {
        Box::pin(self.read(move |c| account(c, &email)))
    }

    fn set_password(
        &self,
        email: String,
        password_hash: String,
        now_ms: i64,
    ) -> StorageFuture<'_, bool> {
        Box::pin(self.write(move |c| set_password(c, &email, &password_hash, now_ms)))
    }

    fn add_invite(&self, invite: NewInvite) -> StorageFuture<'_, ()> {
        Box::pin(self.write(move |c| {
            let tx = immediate(c)?;
            tx.execute(
                "DELETE FROM signup_invites WHERE expires_at_ms < ?1",
                params![invite.now_ms - EXPIRED_KEPT_MS],
            )?;
            tx.execute(
                "INSERT INTO signup_invites (invite_hash, created_at_ms, expires_at_ms)
                 VALUES (?1, ?2, ?3)",
                params![&invite.invite_hash[..], invite.now_ms, invite.expires_at_ms],
            )?;
            tx.commit()?;
            Ok(())
        }))
    }

    fn add_web_session(&self, session: NewWebSession) -> StorageFuture<'_, ()> {
        Box::pin(self.write(move |c| add_web_session(c, &session)))
    }

    fn web_session(&self, session_id: Uuid) -> StorageFuture<'_, Option<WebSessionRow>> {
        Box::pin(self.read(move |c| {
            Ok(c.prepare_cached(
                "SELECT email, token_hash, expires_at_ms, revoked_at_ms IS NOT NULL
                 FROM web_sessions WHERE session_id = ?1",
            )?
            .query_row(params![session_id], |r| {
                Ok(WebSessionRow {
                    email: r.get(0)?,
                    token_hash: r.get(1)?,
                    expires_at_ms: r.get(2)?,
                    revoked: r.get(3)?,
                })
            })
            .optional()?)
        }))
    }

    fn web_sessions(&self, email: String) -> StorageFuture<'_, Vec<WebSessionInfo>> {
        Box::pin(self.read(move |c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM web_sessions WHERE email = ?1
                 ORDER BY created_at_ms DESC, session_id LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![email, SESSION_LIST_MAX], session_info)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        }))
    }

    fn revoke_web_session(
        &self,
        email: String,
        session_id: Uuid,
        now_ms: i64,
    ) -> StorageFuture<'_, Option<WebSessionInfo>> {
        Box::pin(self.write(move |c| {
            let tx = immediate(c)?;
            let found = tx
                .query_row(
                    &format!(
                        "UPDATE web_sessions SET revoked_at_ms = COALESCE(revoked_at_ms, ?3)
                         WHERE email = ?1 AND session_id = ?2 RETURNING {SESSION_COLUMNS}"
                    ),
                    params![email, session_id, now_ms],
                    session_info,
                )
                .optional()?;
            tx.commit()?;
            Ok(found)
        }))
    }

    fn owned_stores(&self, email: String) -> StorageFuture<'_, Vec<OwnedStore>> {
        Box::pin(self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT s.store_id, s.name, s.created_at_ms FROM owners o
                 JOIN stores s ON s.store_id = o.store_id
                 WHERE o.email = ?1 ORDER BY s.created_at_ms, s.store_id",
            )?;
            let rows = stmt.query_map(params![email], |r| {
                Ok(OwnedStore {
                    store_id: r.get(0)?,
                    name: r.get(1)?,
                    created_at_ms: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        }))
    }

    fn rename_device(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        name: String,
    ) -> StorageFuture<'_, bool> {
        Box::pin(self.write(move |c| {
            let tx = immediate(c)?;
            let n = tx.execute(
                "UPDATE devices SET name = ?3 WHERE store_id = ?1 AND device_id = ?2",
                params![store_id, device_id, name],
            )?;
            tx.commit()?;
            Ok(n == 1)
        }))
    }

    fn device_status(&self, store_id: Uuid) -> StorageFuture<'_, Vec<DeviceStatus>> {
        Box::pin(self.read(move |c| device_status(c, store_id)))
    }

    fn sale_facts(&self, store_id: Uuid, range: SummaryRange) -> StorageFuture<'_, Vec<SaleFact>> {
        Box::pin(self.read(move |c| sale_facts(c, store_id, range)))
    }

    fn product_sums(
        &self,
        store_id: Uuid,
        range: SummaryRange,
    ) -> StorageFuture<'_, Vec<ProductSum>> {
        Box::pin(self.read(move |c| product_sums(c, store_id, range)))
    }

    fn sales_page(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        before: Option<SaleCursor>,
        limit: u32,
    ) -> StorageFuture<'_, Vec<SaleListRow>> {
        Box::pin(self.read(move |c| sales_page(c, store_id, range, before, limit)))
    }

    fn sale_lines(
        &self,
        store_id: Uuid,
        range: SummaryRange,
    ) -> StorageFuture<'_, Vec<SaleLineRow>> {
        Box::pin(self.read(move |c| sale_lines(c, store_id, range)))
    }

    fn returns_total(&self, store_id: Uuid, range: SummaryRange) -> StorageFuture<'_, i64> {
        Box::pin(self.read(move |c| {
            Ok(c.prepare_cached(
                "SELECT COALESCE(SUM(amount), 0) FROM sale_returns
                 WHERE store_id = ?1 AND created_at_ms >= ?2 AND created_at_ms < ?3",
            )?
            .query_row(params![store_id, range.from_ms, range.to_ms], |r| r.get(0))?)
        }))
    }

    fn returns_list(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        limit: u32,
    ) -> StorageFuture<'_, Vec<ReturnListRow>> {
        Box::pin(self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT r.return_id, r.sale_id, s.receipt_no, r.kind, r.created_at_ms,
                        COALESCE(d.code, ''), r.method, r.amount, r.reason, r.cashier
                 FROM sale_returns r
                 LEFT JOIN sales s ON s.store_id = r.store_id AND s.sale_id = r.sale_id
                 LEFT JOIN devices d ON d.store_id = r.store_id AND d.device_id = r.device_id
                 WHERE r.store_id = ?1 AND r.created_at_ms >= ?2 AND r.created_at_ms < ?3
                 ORDER BY r.created_at_ms DESC, r.return_id LIMIT ?4",
            )?;
            let rows = stmt.query_map(
                params![store_id, range.from_ms, range.to_ms, i64::from(limit)],
                |r| {
                    Ok(ReturnListRow {
                        return_id: r.get(0)?,
                        sale_id: r.get(1)?,
                        receipt_no: r.get(2)?,
                        kind: r.get(3)?,
                        created_at_ms: r.get(4)?,
                        device_code: r.get(5)?,
                        method: r.get(6)?,
                        amount: r.get(7)?,
                        reason: r.get(8)?,
                        cashier: r.get(9)?,
                    })
                },
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        }))
    }

    fn movements_list(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        limit: u32,
    ) -> StorageFuture<'_, Vec<MovementListRow>> {
        Box::pin(self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT m.created_at_ms, m.product_id, m.kind, m.qty_milli, COALESCE(d.code, ''),
                        m.reason
                 FROM stock_movements m
                 LEFT JOIN devices d ON d.store_id = m.store_id AND d.device_id = m.device_id
                 WHERE m.store_id = ?1 AND m.sale_id IS NULL
                   AND m.created_at_ms >= ?2 AND m.created_at_ms < ?3
                 ORDER BY m.created_at_ms DESC LIMIT ?4",
            )?;
            let rows = stmt.query_map(
                params![store_id, range.from_ms, range.to_ms, i64::from(limit)],
                |r| {
                    Ok(MovementListRow {
                        created_at_ms: r.get(0)?,
                        product_id: r.get(1)?,
                        kind: r.get(2)?,
                        qty_milli: r.get(3)?,
                        device_code: r.get(4)?,
                        reason: r.get(5)?,
                    })
                },
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        }))
    }

    fn audit_log(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        limit: u32,
    ) -> StorageFuture<'_, Vec<crate::books::StoredBook>> {
        Box::pin(self.read(move |c| {
            let rows: Vec<(Uuid, Vec<u8>)> = c
                .prepare_cached(
                    "SELECT device_id, body FROM book_events
                 WHERE store_id = ?1 AND kind = 'audit' AND created_at_ms >= ?2
                   AND created_at_ms < ?3
                 ORDER BY created_at_ms DESC, record_key LIMIT ?4",
                )?
                .query_map(
                    params![store_id, range.from_ms, range.to_ms, i64::from(limit)],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<rusqlite::Result<_>>()?;
            rows.into_iter()
                .map(|(device_id, body)| {
                    Ok(crate::books::StoredBook {
                        kind: crate::stored::EventKind::Audit,
                        device_id,
                        body: crate::storage::decode_change(&body)?,
                    })
                })
                .collect()
        }))
    }

    fn storefront(&self, store_id: Uuid) -> StorageFuture<'_, Option<StorefrontRow>> {
        Box::pin(self.read(move |c| storefront_where(c, "store_id", &store_id)))
    }

    fn storefront_by_slug(&self, slug: String) -> StorageFuture<'_, Option<StorefrontRow>> {
        Box::pin(self.read(move |c| storefront_where(c, "slug", &slug)))
    }

    fn save_storefront(&self, row: StorefrontRow) -> StorageFuture<'_, ()> {
        Box::pin(self.write(move |c| {
            let tx = immediate(c)?;
            let (cats, prods) = crate::storage::web::hidden_json(&row);
            let done = tx.execute(
                "INSERT INTO storefronts (store_id, slug, enabled, show_stock, whatsapp, address, hours, hidden_categories, hidden_products, updated_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (store_id) DO UPDATE SET slug = excluded.slug,
                    enabled = excluded.enabled, show_stock = excluded.show_stock,
                    whatsapp = excluded.whatsapp, address = excluded.address,
                    hours = excluded.hours, hidden_categories = excluded.hidden_categories,
                    hidden_products = excluded.hidden_products,
                    updated_at_ms = excluded.updated_at_ms",
                params![
                    row.store_id,
                    row.slug,
                    row.enabled,
                    row.show_stock,
                    row.whatsapp,
                    row.address,
                    row.hours,
                    cats,
                    prods,
                    row.updated_at_ms
                ],
            );
            match done {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    return Err(crate::storage::StorageError::SlugTaken(row.slug));
                }
                other => other?,
            };
            tx.commit()?;
            Ok(())
        }))
    }

    fn sale_change(
        &self,
        store_id: Uuid,
        sale_id: Uuid,
    ) -> StorageFuture<'_, Option<(Vec<u8>, String)>> {
        Box::pin(self.read(move |c| {
            Ok(c.prepare_cached(
                "SELECT c.body, COALESCE(d.code, '') FROM changes c
                 JOIN sales s ON s.store_id = c.store_id AND s.sale_id = c.entity_id
                 LEFT JOIN devices d ON d.store_id = s.store_id AND d.device_id = s.device_id
                 WHERE c.store_id = ?1 AND c.entity_id = ?2 AND c.kind = 'sale'
                 ORDER BY c.change_seq LIMIT 1",
            )?
            .query_row(params![store_id, sale_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
        }))
    }

    fn products(&self, store_id: Uuid) -> StorageFuture<'_, Vec<ProductV1>> {
        Box::pin(self.read(move |c| products(c, store_id)))
    }

    fn edit_product(
        &self,
        store_id: Uuid,
        edit: ProductV1,
        now_ms: i64,
    ) -> StorageFuture<'_, ProductV1> {
        Box::pin(self.write(move |c| edit_product(c, store_id, &edit, now_ms)))
    }
}
