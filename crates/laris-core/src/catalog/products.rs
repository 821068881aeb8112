//! The product catalog: products, their barcodes and categories.

use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::catalog::edits::record_local_edit;
use crate::catalog::record::FieldValues;
use crate::clock::IdSource;
use crate::error::{CoreError, Result};
use crate::sale::pricing::check_price;
use crate::store::{DeviceStore, immediate_tx};

/// A product as the till sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Product {
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub unit: String,
    pub price: i64,
    pub cost: i64,
    pub sold_by_weight: bool,
    pub track_stock: bool,
    /// At or below this level (milli-units) the product is on the low-stock list.
    pub min_stock_milli: i64,
    pub active: bool,
    pub barcodes: Vec<String>,
}

/// A product to create or update, keyed by its SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDraft {
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub unit: String,
    pub price: i64,
    pub cost: i64,
    pub sold_by_weight: bool,
    pub track_stock: bool,
    pub min_stock_milli: i64,
    pub active: bool,
    pub barcodes: Vec<String>,
}

impl ProductDraft {
    /// Checks every field; the error names the first bad one.
    pub fn validate(&self) -> Result<()> {
        check_code("sku", &self.sku)?;
        if self.name.trim().is_empty() {
            return Err(CoreError::invalid("name", "must not be empty"));
        }
        if self.name.chars().count() > 200 {
            return Err(CoreError::invalid("name", "longer than 200 characters"));
        }
        if self.unit.trim().is_empty() || self.unit.chars().count() > 20 {
            return Err(CoreError::invalid(
                "unit",
                "must be 1 to 20 characters (pcs, kg, ...)",
            ));
        }
        check_price("price", self.price)?;
        check_price("cost", self.cost)?;
        if self.min_stock_milli < 0 {
            return Err(CoreError::invalid("min_stock", "must not be negative"));
        }
        for code in &self.barcodes {
            check_code("barcode", code)?;
        }
        Ok(())
    }
}

fn check_code(field: &'static str, code: &str) -> Result<()> {
    if code.is_empty() || code.len() > 64 {
        return Err(CoreError::invalid(field, "must be 1 to 64 characters"));
    }
    if !code.chars().all(|c| c.is_ascii_graphic()) {
        return Err(CoreError::invalid(
            field,
            format!("{code:?} may hold only letters, digits and symbols, no spaces"),
        ));
    }
    Ok(())
}

/// Whether an upsert created a product or changed an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Created,
    Updated,
    Unchanged,
}

const PRODUCT_COLUMNS: &str = "p.id, p.sku, p.name, c.name, p.unit, p.price, p.cost, \
     p.sold_by_weight, p.track_stock, p.min_stock, p.active";

fn product_from_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        category: r.get(3)?,
        unit: r.get(4)?,
        price: r.get(5)?,
        cost: r.get(6)?,
        sold_by_weight: r.get(7)?,
        track_stock: r.get(8)?,
        min_stock_milli: r.get(9)?,
        active: r.get(10)?,
        barcodes: Vec::new(),
    })
}

fn with_barcodes(conn: &Connection, mut p: Product) -> Result<Product> {
    let mut stmt =
        conn.prepare_cached("SELECT code FROM barcodes WHERE product_id = ?1 ORDER BY code")?;
    p.barcodes = stmt
        .query_map([p.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(p)
}

/// The product whose barcode or SKU is exactly `code`, active or not (deleted ones are not
/// found).
pub fn find_by_code(conn: &Connection, code: &str) -> Result<Option<Product>> {
    let code = code.trim();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM barcodes b JOIN products p ON p.id = b.product_id
         LEFT JOIN categories c ON c.id = p.category_id WHERE b.code = ?1 AND NOT p.deleted"
    ))?;
    let found = stmt.query_row([code], product_from_row).optional()?;
    let found = match found {
        Some(p) => Some(p),
        None => {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {PRODUCT_COLUMNS} FROM products p
                 LEFT JOIN categories c ON c.id = p.category_id WHERE p.sku = ?1 AND NOT p.deleted"
            ))?;
            stmt.query_row([code], product_from_row).optional()?
        }
    };
    found.map(|p| with_barcodes(conn, p)).transpose()
}

/// The product with this id, unless it was deleted.
pub fn product_by_id(conn: &Connection, id: Uuid) -> Result<Option<Product>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p
         LEFT JOIN categories c ON c.id = p.category_id WHERE p.id = ?1 AND NOT p.deleted"
    ))?;
    stmt.query_row([id], product_from_row)
        .optional()?
        .map(|p| with_barcodes(conn, p))
        .transpose()
}

/// Every product but the deleted ones, by category then name.
pub fn list_products(conn: &Connection) -> Result<Vec<Product>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p LEFT JOIN categories c ON c.id = p.category_id
         WHERE NOT p.deleted ORDER BY c.name IS NULL, c.name, p.name"
    ))?;
    let products: Vec<Product> = stmt
        .query_map([], product_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    products
        .into_iter()
        .map(|p| with_barcodes(conn, p))
        .collect()
}

pub fn list_categories(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM categories ORDER BY name")?;
    Ok(stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Creates or updates the product with the draft's SKU, inside the caller's transaction.
pub(crate) fn upsert(
    conn: &Connection,
    draft: &ProductDraft,
    ids: &dyn IdSource,
    now: i64,
) -> Result<(Uuid, Upserted)> {
    draft.validate()?;
    let category_id = match draft.category.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => Some(category_id(conn, name, ids, now)?),
        _ => None,
    };
    let existing: Option<Uuid> = conn
        .prepare_cached("SELECT id FROM products WHERE sku = ?1")?
        .query_row([&draft.sku], |r| r.get(0))
        .optional()?;
    let (id, outcome) = match existing {
        Some(id) => {
            let changed = conn.prepare_cached(
                "UPDATE products SET name = ?2, category_id = ?3, unit = ?4, price = ?5, cost = ?6,
                     sold_by_weight = ?7, track_stock = ?8, min_stock = ?9, active = ?10, updated_at = ?11
                 WHERE id = ?1 AND (name, category_id, unit, price, cost, sold_by_weight, track_stock,
                     min_stock, active) IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                id,
                draft.name.trim(),
                category_id,
                draft.unit.trim(),
                draft.price,
                draft.cost,
                draft.sold_by_weight,
                draft.track_stock,
                draft.min_stock_milli,
                draft.active,
                now
            ])?;
            (
                id,
                if changed > 0 {
                    Upserted::Updated
                } else {
                    Upserted::Unchanged
                },
            )
        }
        None => {
            let id = ids.new_id(now);
            conn.prepare_cached(
                "INSERT INTO products (id, sku, name, category_id, unit, price, cost, sold_by_weight,
                     track_stock, min_stock, active, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
            )?
            .execute(params![
                id,
                draft.sku,
                draft.name.trim(),
                category_id,
                draft.unit.trim(),
                draft.price,
                draft.cost,
                draft.sold_by_weight,
                draft.track_stock,
                draft.min_stock_milli,
                draft.active,
                now
            ])?;
            (id, Upserted::Created)
        }
    };
    let barcodes_changed = set_barcodes(conn, id, &draft.sku, &draft.barcodes)?;
    let outcome = match outcome {
        Upserted::Unchanged if barcodes_changed => Upserted::Updated,
        o => o,
    };
    Ok((id, outcome))
}

pub(crate) fn category_id(
    conn: &Connection,
    name: &str,
    ids: &dyn IdSource,
    now: i64,
) -> Result<Uuid> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM categories WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    let id = ids.new_id(now);
    conn.prepare_cached("INSERT INTO categories (id, name, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![id, name, now])?;
    Ok(id)
}

/// Removes the barcodes of the product with `sku` that are not in `keep`; true if any were.
pub(crate) fn release_barcodes(conn: &Connection, sku: &str, keep: &[String]) -> Result<bool> {
    let current: Vec<String> = conn
        .prepare_cached(
            "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id WHERE p.sku = ?1",
        )?
        .query_map([sku], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut released = false;
    for code in current {
        if !keep.iter().any(|k| k.trim() == code) {
            conn.prepare_cached("DELETE FROM barcodes WHERE code = ?1")?
                .execute([&code])?;
            released = true;
        }
    }
    Ok(released)
}

fn set_barcodes(conn: &Connection, product: Uuid, sku: &str, codes: &[String]) -> Result<bool> {
    let mut current: Vec<String> = conn
        .prepare_cached("SELECT code FROM barcodes WHERE product_id = ?1 ORDER BY code")?
        .query_map([product], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut wanted: Vec<String> = codes.iter().map(|c| c.trim().to_string()).collect();
    wanted.sort();
    wanted.dedup();
    current.sort();
    if current == wanted {
        return Ok(false);
    }
    conn.prepare_cached("DELETE FROM barcodes WHERE product_id = ?1")?
        .execute([product])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO barcodes (code, product_id) VALUES (?1, ?2)
         ON CONFLICT (code) DO NOTHING",
    )?;
    for code in &wanted {
        if insert.execute(params![code, product])? == 0 {
            let owner: String = conn.query_row(
                "SELECT p.sku FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?1",
                [code],
                |r| r.get(0),
            )?;
            return Err(CoreError::invalid(
                "barcode",
                format!("{code} already belongs to SKU {owner}, not {sku}"),
            ));
        }
    }
    Ok(true)
}

impl DeviceStore {
    /// Creates or updates one product (matched by SKU; a deleted product with that SKU comes
    /// back) in its own transaction, stamping the changed fields for sync.
    pub fn upsert_product(&mut self, draft: &ProductDraft) -> Result<(Product, Upserted)> {
        let now = self.clock.now_ms();
        let ids = self.ids.clone();
        // The search rank is rebuilt by the next search (it would notice the writes anyway).
        self.rank.get_mut().invalidate();
        let tx = immediate_tx(&mut self.conn)?;
        let (id, outcome) = upsert(&tx, draft, ids.as_ref(), now)?;
        let edit = record_local_edit(&tx, &mut self.hlc, id, &FieldValues::from_draft(draft), now)?;
        tx.commit()?;
        let outcome = match outcome {
            Upserted::Unchanged if edit.revived => Upserted::Updated,
            o => o,
        };
        let product = product_by_id(&self.conn, id)?
            .ok_or_else(|| CoreError::UnknownProduct(draft.sku.clone()))?;
        Ok((product, outcome))
    }

    /// Adds a new product with the stock counted on the shelf, in one transaction. A SKU
    /// already in the catalog is refused: an opening stock belongs to a new product only.
    pub fn create_product(
        &mut self,
        draft: &ProductDraft,
        opening_stock_milli: i64,
    ) -> Result<Product> {
        draft.validate()?;
        if opening_stock_milli != 0 && !draft.track_stock {
            return Err(CoreError::invalid(
                "opening_stock",
                "stock of this product is not tracked",
            ));
        }
        let now = self.clock.now_ms();
        let ids = self.ids.clone();
        let device_id = self.device()?.device_id;
        self.rank.get_mut().invalidate();
        let tx = immediate_tx(&mut self.conn)?;
        if let Some(other) = find_by_code(&tx, &draft.sku)?
            && other.sku == draft.sku
        {
            return Err(CoreError::invalid(
                "sku",
                format!("SKU {} is already used by {}", draft.sku, other.name),
            ));
        }
        let (id, _) = upsert(&tx, draft, ids.as_ref(), now)?;
        record_local_edit(&tx, &mut self.hlc, id, &FieldValues::from_draft(draft), now)?;
        crate::ledger::record_opening_stock(
            &tx,
            device_id,
            ids.new_id(now),
            id,
            opening_stock_milli,
            now,
        )?;
        tx.commit()?;
        product_by_id(&self.conn, id)?.ok_or_else(|| CoreError::UnknownProduct(draft.sku.clone()))
    }

    pub fn find_by_code(&self, code: &str) -> Result<Option<Product>> {
        find_by_code(&self.conn, code)
    }

    /// Like [`Self::find_by_code`], but a missing product is an error.
    pub fn product_by_code(&self, code: &str) -> Result<Product> {
        find_by_code(&self.conn, code)?
            .ok_or_else(|| CoreError::UnknownProduct(code.trim().to_string()))
    }

    pub fn products(&self) -> Result<Vec<Product>> {
        list_products(&self.conn)
    }
}
