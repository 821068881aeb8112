//! Products at the counter and in the Produk screen: lookup by scan or text, categories and
//! favourites, the product list with stock, add/edit/delete, CSV import/export, restock and
//! adjustments.

use std::collections::HashMap;

use laris_core::{Lookup, MAX_FAVOURITES, Product, ProductDraft, Query};
use uuid::Uuid;

use crate::app::App;
use crate::dto::{
    ImportResult, LookupView, MovementInput, MovementKindInput, OrderCartView, OrderLineView,
    ProductInput, ProductView, StockLevelView,
};
use crate::error::{AppError, Result};
use crate::error_code::AppErrorCode;
use crate::views;

/// The most products one lookup or browse returns.
const LIST_LIMIT: usize = 60;
/// Favourites after the pinned ones: the best sellers of this many days before today. Today
/// is left out so the tiles do not move under the cashier's finger after each sale.
const FAVOURITE_DAYS: i64 = 30;

fn with_level(query: Query<'_>, p: &Product) -> laris_core::Result<ProductView> {
    let pinned = query.pinned_favourites()?.contains(&p.id);
    Ok(views::product(p, level_of(query, p)?, pinned))
}

fn level_of(query: Query<'_>, p: &Product) -> laris_core::Result<Option<i64>> {
    Ok(if p.track_stock {
        Some(query.stock_level(p.id)?)
    } else {
        None
    })
}

fn with_levels(query: Query<'_>, ps: &[Product]) -> laris_core::Result<Vec<ProductView>> {
    let pins = query.pinned_favourites()?;
    ps.iter()
        .map(|p| Ok(views::product(p, level_of(query, p)?, pins.contains(&p.id))))
        .collect()
}

impl App {
    /// What the cashier scanned or typed: a barcode or SKU gives the product at once, other
    /// text gives name matches, best sellers first.
    pub fn lookup(&self, text: &str) -> Result<LookupView> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(LookupView {
                exact: None,
                matches: Vec::new(),
            });
        }
        self.with_store(|s| {
            Ok(match s.lookup(text, LIST_LIMIT)? {
                Lookup::Exact(p) => LookupView {
                    exact: Some(with_level(s.query(), &p)?),
                    matches: Vec::new(),
                },
                Lookup::Matches(ps) => LookupView {
                    exact: None,
                    matches: with_levels(s.query(), &ps)?,
                },
            })
        })
    }

    /// The cart a WhatsApp order code carries (pasted or scanned; no network needed): this
    /// till's products for its SKUs, at this till's prices when it is rung up. A code of
    /// another shop, or one with a changed letter, is refused.
    pub fn order_cart(&self, code: &str) -> Result<OrderCartView> {
        let store_id = self
            .with_store(|s| s.sync_state())?
            .store_id
            .ok_or_else(|| {
                AppError::invalid(
                    "order_code",
                    "this till is not paired with the shop's server, so it cannot tell whose \
                     order this is",
                )
            })?;
        let items = laris_protocol::order_code::decode(store_id, code)
            .map_err(|e| AppError::invalid("order_code", e.to_string()))?;
        self.with_store(|s| {
            let mut view = OrderCartView {
                lines: Vec::new(),
                missing: Vec::new(),
            };
            for item in items {
                match s.query().product_by_code(&item.sku)? {
                    Some(p) if p.active => view.lines.push(OrderLineView {
                        product: with_level(s.query(), &p)?,
                        qty_milli: i64::try_from(item.qty_milli).unwrap_or(i64::MAX),
                    }),
                    _ => view.missing.push(item.sku),
                }
            }
            Ok(view)
        })
    }

    pub fn categories(&self) -> Result<Vec<String>> {
        self.with_store(|s| s.query().categories())
    }

    /// A category's products, best sellers first.
    pub fn browse(&self, category: &str) -> Result<Vec<ProductView>> {
        self.with_store(|s| {
            let ps = s.browse_category(category, LIST_LIMIT)?;
            with_levels(s.query(), &ps)
        })
    }

    /// The Kasir tiles: this till's pinned products (first pinned first), then the shop's
    /// best sellers of the 30 days before today, topped up by SKU while the shop is new. The
    /// order holds all day.
    pub fn favourites(&self) -> Result<Vec<ProductView>> {
        self.with_store(|s| {
            let query = s.query();
            let mut picked: Vec<Product> = Vec::with_capacity(MAX_FAVOURITES);
            let offer = |p: Product, picked: &mut Vec<Product>| {
                if picked.len() < MAX_FAVOURITES && p.active && !picked.iter().any(|q| q.id == p.id)
                {
                    picked.push(p);
                }
            };
            for id in query.pinned_favourites()? {
                if let Some(p) = query.product(id)? {
                    offer(p, &mut picked);
                }
            }
            let tz = s.settings()?.timezone;
            let yesterday = tz.local_date(s.now_ms()) - time::Duration::days(1);
            let from = yesterday - time::Duration::days(FAVOURITE_DAYS - 1);
            // The whole shop's sellers (pulled sales included), not only this till's.
            for best in s.best_sellers(from, yesterday, None, (2 * MAX_FAVOURITES) as u32)? {
                if let Some(p) = query.product_by_code(&best.sku)? {
                    offer(p, &mut picked);
                }
            }
            if picked.len() < MAX_FAVOURITES {
                let mut rest = query.products()?;
                rest.sort_by(|a, b| a.sku.cmp(&b.sku));
                for p in rest {
                    offer(p, &mut picked);
                }
            }
            with_levels(query, &picked)
        })
    }

    /// Pins a product to this till's favourites, or unpins it; the favourites after.
    pub fn pin_favourite(&self, id: Uuid, pinned: bool) -> Result<Vec<ProductView>> {
        self.with_store(|s| s.pin_favourite(id, pinned))?;
        self.favourites()
    }

    /// Every product (not deleted), with stock levels; `query` filters by name, SKU or barcode.
    pub fn products(&self, query: Option<&str>) -> Result<Vec<ProductView>> {
        let query = query.map(str::trim).filter(|q| !q.is_empty());
        self.with_store(|s| {
            let levels: HashMap<Uuid, i64> = s
                .query()
                .stock_levels()?
                .into_iter()
                .map(|l| (l.product_id, l.level_milli))
                .collect();
            let pins = s.query().pinned_favourites()?;
            let products = match query {
                None => s.products()?,
                Some(q) => match s.lookup(q, 500)? {
                    Lookup::Exact(p) => vec![p],
                    Lookup::Matches(ps) => ps,
                },
            };
            Ok(products
                .iter()
                .map(|p| {
                    let level = levels.get(&p.id).copied().or(Some(0));
                    views::product(p, level, pins.contains(&p.id))
                })
                .collect())
        })
    }

    pub fn product(&self, id: Uuid) -> Result<ProductView> {
        self.with_store(|s| {
            let p = s
                .query()
                .product(id)?
                .ok_or_else(|| laris_core::CoreError::UnknownProduct(id.to_string()))?;
            with_level(s.query(), &p)
        })
    }

    /// Adds a product (no id) or changes one. A new product's SKU must be free; an existing
    /// product keeps its SKU (its sales and other tills know it by that).
    pub fn save_product(&self, input: &ProductInput) -> Result<ProductView> {
        let draft = ProductDraft {
            sku: input.sku.trim().to_string(),
            name: input.name.trim().to_string(),
            category: input
                .category
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from),
            unit: input.unit.trim().to_string(),
            price: input.price,
            cost: input.cost,
            sold_by_weight: input.sold_by_weight,
            track_stock: input.track_stock,
            min_stock_milli: input.min_stock_milli,
            active: true,
            barcodes: input
                .barcodes
                .iter()
                .map(|b| b.trim().to_string())
                .filter(|b| !b.is_empty())
                .collect(),
        };
        draft.validate()?;
        let existing = self.with_store(|s| s.query().product_by_code(&draft.sku))?;
        match (input.id, existing) {
            (None, Some(other)) if other.sku == draft.sku => {
                return Err(AppError::invalid(
                    "sku",
                    format!("SKU {} is already used by {}", draft.sku, other.name),
                ));
            }
            (Some(id), _) => {
                let current = self.product(id)?;
                if current.sku != draft.sku {
                    return Err(AppError::invalid(
                        "sku",
                        "the SKU of an existing product cannot change",
                    ));
                }
            }
            _ => {}
        }
        let product = match (input.id, input.opening_stock_milli) {
            (None, Some(opening)) => self.with_store(|s| s.create_product(&draft, opening))?,
            (Some(_), Some(opening)) if opening != 0 => {
                return Err(AppError::invalid(
                    "opening_stock",
                    "an opening stock is only for a new product; use restock or a count",
                ));
            }
            _ => self.with_store(|s| s.upsert_product(&draft))?.0,
        };
        self.outbox_written();
        self.product(product.id)
    }

    /// Deletes a product with the owner's PIN (once anyone is set up on the till).
    pub fn delete_product(&self, id: Uuid, owner_pin: Option<&str>) -> Result<()> {
        self.with_store(|s| {
            let authority = s.owner_authority(owner_pin)?;
            s.delete_product(authority, id)
        })?;
        self.outbox_written();
        Ok(())
    }

    /// Imports a catalog CSV (the same columns as `laris import`): all rows or none.
    pub fn import_csv(&self, text: &str) -> Result<ImportResult> {
        let summary = self.with_store(|s| s.import_catalog_csv(text.as_bytes()))?;
        self.outbox_written();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(ImportResult {
            created: count(summary.created),
            updated: count(summary.updated),
            unchanged: count(summary.unchanged),
            opening_stock: count(summary.opening_stock),
        })
    }

    pub fn export_csv(&self) -> Result<String> {
        let mut out = Vec::new();
        self.with_store(|s| s.export_catalog_csv(&mut out))?;
        String::from_utf8(out)
            .map_err(|_| AppError::new(AppErrorCode::Io, "the export is not valid UTF-8"))
    }

    /// Records goods received or a counted correction; returns the product with its new level.
    pub fn record_movement(&self, input: &MovementInput) -> Result<ProductView> {
        self.with_store(|s| {
            let p = s.query().product(input.product_id)?.ok_or_else(|| {
                laris_core::CoreError::UnknownProduct(input.product_id.to_string())
            })?;
            match input.kind {
                MovementKindInput::Restock => s.restock_from(
                    &p,
                    input.qty_milli,
                    input.reason.as_deref(),
                    &laris_core::Supply {
                        supplier: input.supplier.clone(),
                        unit_cost: input.unit_cost,
                    },
                )?,
                MovementKindInput::Adjustment => {
                    let authority = s.owner_authority(input.owner_pin.as_deref())?;
                    s.adjust_stock(
                        authority,
                        &p,
                        input.qty_milli,
                        input.reason.as_deref().unwrap_or(""),
                    )?
                }
            };
            with_level(s.query(), &p)
        })
        .inspect(|_| self.outbox_written())
    }

    /// Tracked products below zero or at or under their minimum, negative first.
    pub fn low_stock(&self) -> Result<Vec<StockLevelView>> {
        let levels = self.with_store(|s| s.low_stock())?;
        Ok(levels.iter().map(views::stock_level).collect())
    }
}
