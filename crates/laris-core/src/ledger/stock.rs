//! The stock ledger. A level is the sum of a product's movements; it may go negative (the
//! goods already left the shop), which flags it but never blocks a sale.

use rusqlite::Connection;
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::catalog::Product;
use crate::error::{CoreError, Result};
use crate::people::OwnerAuthority;
use crate::sale::pricing::MAX_QTY_MILLI;
use crate::store::DeviceStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MovementKind {
    /// Goods received from a supplier (positive).
    Restock,
    /// A correction after counting, breakage, spoilage (either sign).
    Adjustment,
}

impl MovementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Restock => "restock",
            MovementKind::Adjustment => "adjustment",
        }
    }
}

/// A product's level and whether it needs attention.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StockLevel {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub level_milli: i64,
    pub min_stock_milli: i64,
}

impl StockLevel {
    /// Sold more than the books say was there: a count or a restock is missing.
    pub fn is_negative(&self) -> bool {
        self.level_milli < 0
    }
    /// At or below the minimum the owner set (no minimum set: only when negative).
    pub fn is_low(&self) -> bool {
        self.is_negative() || (self.min_stock_milli > 0 && self.level_milli <= self.min_stock_milli)
    }
}

/// A product's stock level: the sum of its movements.
pub fn level(conn: &Connection, product_id: Uuid) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(qty_milli), 0) FROM stock_movements WHERE product_id = ?1",
        )?
        .query_row([product_id], |r| r.get(0))?)
}

/// Every stock-tracked active product below zero or at or below its minimum (when one is
/// set), negative ones first.
pub fn low_stock(conn: &Connection) -> Result<Vec<StockLevel>> {
    levels(
        conn,
        "HAVING level < 0 OR (p.min_stock > 0 AND level <= p.min_stock)
         ORDER BY level < 0 DESC, level - p.min_stock, p.name",
    )
}

/// Every stock-tracked active product, by name.
pub fn all_levels(conn: &Connection) -> Result<Vec<StockLevel>> {
    levels(conn, "ORDER BY p.name")
}

fn levels(conn: &Connection, filter_and_order: &str) -> Result<Vec<StockLevel>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.sku, p.name, p.unit, COALESCE(SUM(m.qty_milli), 0) AS level, p.min_stock
         FROM products p LEFT JOIN stock_movements m ON m.product_id = p.id
         WHERE p.track_stock AND p.active AND NOT p.deleted
         GROUP BY p.pid {filter_and_order}"
    ))?;
    Ok(stmt
        .query_map([], |r| {
            Ok(StockLevel {
                product_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                unit: r.get(3)?,
                level_milli: r.get(4)?,
                min_stock_milli: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The reason an opening stock is recorded with (a restock, so other tills and the server
/// need nothing new to read it).
pub const OPENING_STOCK_REASON: &str = "Stok awal";

/// Records the stock counted when a product is added, in the transaction that creates it.
pub(crate) fn record_opening_stock(
    tx: &Connection,
    device_id: Uuid,
    id: Uuid,
    product_id: Uuid,
    qty_milli: i64,
    now: i64,
) -> Result<()> {
    if !(0..=MAX_QTY_MILLI).contains(&qty_milli) {
        return Err(CoreError::invalid(
            "opening_stock",
            "the opening stock must be between 0 and 100.000",
        ));
    }
    if qty_milli == 0 {
        return Ok(());
    }
    super::insert_movement(
        tx,
        &super::Movement {
            id,
            product_id,
            device_id,
            qty_milli,
            cause: super::Cause::Manual {
                kind: MovementKind::Restock,
                reason: Some(OPENING_STOCK_REASON),
            },
            created_at: now,
        },
    )?;
    crate::sync::outbox::append(tx, "stock_movement", id, now)?;
    Ok(())
}

impl DeviceStore {
    /// Adds received goods. `qty_milli` must be positive.
    pub fn restock(
        &mut self,
        product: &Product,
        qty_milli: i64,
        reason: Option<&str>,
    ) -> Result<i64> {
        if qty_milli <= 0 {
            return Err(CoreError::invalid(
                "qty",
                "a restock must add a positive quantity",
            ));
        }
        self.record_movement(product, MovementKind::Restock, qty_milli, reason, None)
    }

    /// Corrects the level by `delta_milli` (either sign), with the owner's authority. A reason
    /// is required; the correction is in the audit log.
    pub fn adjust_stock(
        &mut self,
        authority: OwnerAuthority,
        product: &Product,
        delta_milli: i64,
        reason: &str,
    ) -> Result<i64> {
        if delta_milli == 0 {
            return Err(CoreError::invalid(
                "qty",
                "an adjustment of zero changes nothing",
            ));
        }
        if reason.trim().is_empty() {
            return Err(CoreError::invalid(
                "reason",
                "say why the stock is adjusted",
            ));
        }
        self.record_movement(
            product,
            MovementKind::Adjustment,
            delta_milli,
            Some(reason),
            Some(&authority),
        )
    }

    /// The level after the movement.
    fn record_movement(
        &mut self,
        product: &Product,
        kind: MovementKind,
        qty_milli: i64,
        reason: Option<&str>,
        audited: Option<&OwnerAuthority>,
    ) -> Result<i64> {
        if qty_milli.abs() > MAX_QTY_MILLI {
            return Err(CoreError::invalid("qty", "not a plausible quantity"));
        }
        if !product.track_stock {
            return Err(CoreError::invalid(
                "product",
                format!("stock of {} is not tracked", product.name),
            ));
        }
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let id = self.ids.new_id(now);
        let audit_id = audited.map(|_| self.ids.new_id(now));
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let tx = self.write_tx()?;
        super::insert_movement(
            &tx,
            &super::Movement {
                id,
                product_id: product.id,
                device_id,
                qty_milli,
                cause: super::Cause::Manual { kind, reason },
                created_at: now,
            },
        )?;
        crate::sync::outbox::append(&tx, "stock_movement", id, now)?;
        let after = level(&tx, product.id)?;
        if let (Some(authority), Some(audit_id)) = (audited, audit_id) {
            let entry = authority.entry(
                AuditAction::StockAdjusted,
                Some(product.id.to_string()),
                format!(
                    "{} ({}): {} -> {} ({}{})",
                    product.name,
                    product.sku,
                    crate::format_qty(after - qty_milli),
                    crate::format_qty(after),
                    if qty_milli > 0 { "+" } else { "" },
                    crate::format_qty(qty_milli)
                ),
                reason,
            );
            crate::audit::record(&tx, audit_id, now, device_id, &entry)?;
        }
        tx.commit()?;
        Ok(after)
    }

    pub fn stock_level(&self, product_id: Uuid) -> Result<i64> {
        level(&self.conn, product_id)
    }

    pub fn low_stock(&self) -> Result<Vec<StockLevel>> {
        low_stock(&self.conn)
    }
}
