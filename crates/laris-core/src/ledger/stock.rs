//! The stock ledger. A level is the sum of a product's movements; it may go negative (the
//! goods already left the shop), which flags it but never blocks a sale.

use rusqlite::Connection;
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::catalog::Product;
use crate::error::{CoreError, Result};
use crate::people::OwnerAuthority;
use crate::sale::pricing::MAX_QTY_MILLI;
use crate::store::{DeviceStore, immediate_tx};

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
        self.record_movement(
            product,
            MovementKind::Restock,
            qty_milli,
            reason,
            None,
            None,
        )
    }

    /// Adds goods received from `supply.supplier` at `supply.unit_cost` each: the product's
    /// cost follows (moving average or last cost, as the settings say), in the restock's
    /// transaction, and the supplier joins the list.
    pub fn restock_from(
        &mut self,
        product: &Product,
        qty_milli: i64,
        reason: Option<&str>,
        supply: &Supply,
    ) -> Result<i64> {
        if qty_milli <= 0 {
            return Err(CoreError::invalid(
                "qty",
                "a restock must add a positive quantity",
            ));
        }
        if let Some(c) = supply.unit_cost
            && !(0..=crate::sale::pricing::MAX_PRICE).contains(&c)
        {
            return Err(CoreError::invalid("unit_cost", "not a plausible cost"));
        }
        self.record_movement(
            product,
            MovementKind::Restock,
            qty_milli,
            reason,
            None,
            Some(supply),
        )
    }

    /// Suppliers named on restocks, by name.
    pub fn suppliers(&self) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT name FROM suppliers ORDER BY name COLLATE NOCASE")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
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
            None,
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
        supply: Option<&Supply>,
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
        let cost_method = crate::settings::load(&self.conn)?.cost_method;
        let ids = self.ids.clone();
        let tx = immediate_tx(&mut self.conn)?;
        if let Some(supply) = supply {
            let before = level(&tx, product.id)?;
            if let Some(name) = supply
                .supplier
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                if name.chars().count() > 100 {
                    return Err(CoreError::invalid("supplier", "at most 100 characters"));
                }
                tx.prepare_cached(
                    "INSERT INTO suppliers (name, created_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                )?
                .execute(rusqlite::params![name, now])?;
            }
            if let Some(unit_cost) = supply.unit_cost {
                let cost = new_cost(cost_method, product.cost, before, qty_milli, unit_cost);
                if cost != product.cost {
                    let draft = crate::catalog::ProductDraft {
                        sku: product.sku.clone(),
                        name: product.name.clone(),
                        category: product.category.clone(),
                        unit: product.unit.clone(),
                        price: product.price,
                        cost,
                        sold_by_weight: product.sold_by_weight,
                        track_stock: product.track_stock,
                        min_stock_milli: product.min_stock_milli,
                        active: product.active,
                        barcodes: product.barcodes.clone(),
                    };
                    let (id, _) = crate::catalog::upsert(&tx, &draft, ids.as_ref(), now)?;
                    crate::catalog::edits::record_local_edit(
                        &tx,
                        &mut self.hlc,
                        id,
                        &crate::catalog::record::FieldValues::from_draft(&draft),
                        now,
                    )?;
                }
            }
        }
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
            )?;
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

/// Where a restock came from and what it cost per unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Supply {
    pub supplier: Option<String>,
    pub unit_cost: Option<i64>,
}

/// The product's cost after receiving `qty_milli` at `unit_cost` with `before_milli` on
/// hand at `cost`: weighted by quantity (what is on hand below zero weighs nothing), or
/// the supplier's latest price.
pub fn new_cost(
    method: crate::settings::CostMethod,
    cost: i64,
    before_milli: i64,
    qty_milli: i64,
    unit_cost: i64,
) -> i64 {
    match method {
        crate::settings::CostMethod::Last => unit_cost,
        crate::settings::CostMethod::Average => {
            let on_hand = i128::from(before_milli.max(0));
            let qty = i128::from(qty_milli);
            let total = on_hand * i128::from(cost) + qty * i128::from(unit_cost);
            let weight = on_hand + qty;
            if weight <= 0 {
                return unit_cost;
            }
            ((total * 2 + weight) / (weight * 2)) as i64
        }
    }
}

#[cfg(test)]
mod cost_tests {
    use super::*;
    use crate::settings::CostMethod;

    #[test]
    fn average_weighs_what_is_on_hand_and_last_takes_the_new_price() {
        // 10 on hand at 3.000, 20 more at 3.600: (30.000 + 72.000) / 30 = 3.400.
        assert_eq!(
            new_cost(CostMethod::Average, 3_000, 10_000, 20_000, 3_600),
            3_400
        );
        assert_eq!(
            new_cost(CostMethod::Last, 3_000, 10_000, 20_000, 3_600),
            3_600
        );
        // Nothing (or less than nothing) on hand: the new price.
        assert_eq!(
            new_cost(CostMethod::Average, 3_000, -5_000, 1_000, 3_601),
            3_601
        );
        // Half up: (1 × 1.000 + 2 × 1.001) / 3 = 1.000,67 → 1.001.
        assert_eq!(
            new_cost(CostMethod::Average, 1_000, 1_000, 2_000, 1_001),
            1_001
        );
    }
}
