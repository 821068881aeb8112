//! A product as it syncs: every field with the HLC stamp of the edit that last set it
//! (`product_fields`). Two versions merge field by field, the later stamp winning and the
//! device id in the stamp breaking ties, with the protocol's [`Stamped::merge`], so a device
//! and the server always agree on the result. Deletion is a tombstone field like the others.

use laris_protocol::hlc::Hlc;
use laris_protocol::v1::Stamped;
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::catalog::ProductDraft;
use crate::error::Result;
use crate::sync::hlc::{hlc_from_row, hlc_to_sql};

/// Separates barcodes in `product_fields.barcodes` (a barcode is printable ASCII).
pub(crate) const BARCODE_SEPARATOR: char = '\u{1f}';

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProductRecord {
    pub id: Uuid,
    pub sku: Stamped<String>,
    pub name: Stamped<String>,
    /// The category's name.
    pub category: Stamped<Option<String>>,
    pub unit: Stamped<String>,
    pub price: Stamped<i64>,
    pub cost: Stamped<i64>,
    pub sold_by_weight: Stamped<bool>,
    pub track_stock: Stamped<bool>,
    pub min_stock_milli: Stamped<i64>,
    pub active: Stamped<bool>,
    /// The whole set is one field.
    pub barcodes: Stamped<Vec<String>>,
    pub deleted: Stamped<bool>,
}

/// The values of a product's synced fields, without stamps: what a local edit sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldValues {
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
    pub deleted: bool,
}

impl FieldValues {
    /// What a draft sets, normalised as the catalog stores it (trimmed text, sorted barcodes).
    /// Saving a product always undeletes it.
    pub(crate) fn from_draft(d: &ProductDraft) -> Self {
        let mut barcodes: Vec<String> = d.barcodes.iter().map(|c| c.trim().to_string()).collect();
        barcodes.sort();
        barcodes.dedup();
        FieldValues {
            sku: d.sku.clone(),
            name: d.name.trim().to_string(),
            category: d
                .category
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from),
            unit: d.unit.trim().to_string(),
            price: d.price,
            cost: d.cost,
            sold_by_weight: d.sold_by_weight,
            track_stock: d.track_stock,
            min_stock_milli: d.min_stock_milli,
            active: d.active,
            barcodes,
            deleted: false,
        }
    }
}

impl ProductRecord {
    /// Every field set to `v`, stamped `hlc`.
    pub(crate) fn new(id: Uuid, v: FieldValues, hlc: Hlc) -> Self {
        ProductRecord {
            id,
            sku: Stamped::new(v.sku, hlc),
            name: Stamped::new(v.name, hlc),
            category: Stamped::new(v.category, hlc),
            unit: Stamped::new(v.unit, hlc),
            price: Stamped::new(v.price, hlc),
            cost: Stamped::new(v.cost, hlc),
            sold_by_weight: Stamped::new(v.sold_by_weight, hlc),
            track_stock: Stamped::new(v.track_stock, hlc),
            min_stock_milli: Stamped::new(v.min_stock_milli, hlc),
            active: Stamped::new(v.active, hlc),
            barcodes: Stamped::new(v.barcodes, hlc),
            deleted: Stamped::new(v.deleted, hlc),
        }
    }

    /// The fields' values without their stamps.
    pub(crate) fn values(&self) -> FieldValues {
        FieldValues {
            sku: self.sku.value.clone(),
            name: self.name.value.clone(),
            category: self.category.value.clone(),
            unit: self.unit.value.clone(),
            price: self.price.value,
            cost: self.cost.value,
            sold_by_weight: self.sold_by_weight.value,
            track_stock: self.track_stock.value,
            min_stock_milli: self.min_stock_milli.value,
            active: self.active.value,
            barcodes: self.barcodes.value.clone(),
            deleted: self.deleted.value,
        }
    }

    /// Every field's stamp.
    pub fn stamps(&self) -> [Hlc; 12] {
        [
            self.sku.hlc,
            self.name.hlc,
            self.category.hlc,
            self.unit.hlc,
            self.price.hlc,
            self.cost.hlc,
            self.sold_by_weight.hlc,
            self.track_stock.hlc,
            self.min_stock_milli.hlc,
            self.active.hlc,
            self.barcodes.hlc,
            self.deleted.hlc,
        ]
    }

    /// The latest stamp of any field.
    pub fn max_hlc(&self) -> Hlc {
        self.stamps().into_iter().max().unwrap_or(Hlc::ZERO)
    }

    /// Merges another version of the same product into this one, field by field (later
    /// stamp wins). Returns whether anything changed. Merging a different product's record
    /// changes nothing.
    pub fn merge(&mut self, other: &ProductRecord) -> bool {
        if self.id != other.id {
            return false;
        }
        let changed = [
            self.sku.merge(&other.sku),
            self.name.merge(&other.name),
            self.category.merge(&other.category),
            self.unit.merge(&other.unit),
            self.price.merge(&other.price),
            self.cost.merge(&other.cost),
            self.sold_by_weight.merge(&other.sold_by_weight),
            self.track_stock.merge(&other.track_stock),
            self.min_stock_milli.merge(&other.min_stock_milli),
            self.active.merge(&other.active),
            self.barcodes.merge(&other.barcodes),
            self.deleted.merge(&other.deleted),
        ];
        changed.contains(&true)
    }

    /// Sets every field whose value differs from `v` to it, stamped `hlc`. Returns whether
    /// any did.
    pub(crate) fn set_changed(&mut self, v: &FieldValues, hlc: Hlc) -> bool {
        fn set<T: PartialEq + Clone>(field: &mut Stamped<T>, value: &T, hlc: Hlc) -> bool {
            if field.value == *value {
                return false;
            }
            field.value = value.clone();
            field.hlc = hlc;
            true
        }
        let changed = [
            set(&mut self.sku, &v.sku, hlc),
            set(&mut self.name, &v.name, hlc),
            set(&mut self.category, &v.category, hlc),
            set(&mut self.unit, &v.unit, hlc),
            set(&mut self.price, &v.price, hlc),
            set(&mut self.cost, &v.cost, hlc),
            set(&mut self.sold_by_weight, &v.sold_by_weight, hlc),
            set(&mut self.track_stock, &v.track_stock, hlc),
            set(&mut self.min_stock_milli, &v.min_stock_milli, hlc),
            set(&mut self.active, &v.active, hlc),
            set(&mut self.barcodes, &v.barcodes, hlc),
            set(&mut self.deleted, &v.deleted, hlc),
        ];
        changed.contains(&true)
    }

    /// Whether setting `v` would change any field.
    pub(crate) fn differs(&self, v: &FieldValues) -> bool {
        self.clone().set_changed(v, Hlc::ZERO)
    }
}

const COLUMNS: &str = "product_id, sku, sku_hlc, name, name_hlc, category, category_hlc, unit, \
     unit_hlc, price, price_hlc, cost, cost_hlc, sold_by_weight, sold_by_weight_hlc, track_stock, \
     track_stock_hlc, min_stock, min_stock_hlc, active, active_hlc, barcodes, barcodes_hlc, \
     deleted, deleted_hlc";

/// The stamp columns of `product_fields`.
pub(crate) const STAMP_COLUMNS: [&str; 12] = [
    "sku_hlc",
    "name_hlc",
    "category_hlc",
    "unit_hlc",
    "price_hlc",
    "cost_hlc",
    "sold_by_weight_hlc",
    "track_stock_hlc",
    "min_stock_hlc",
    "active_hlc",
    "barcodes_hlc",
    "deleted_hlc",
];

fn from_row(r: &Row<'_>) -> rusqlite::Result<ProductRecord> {
    fn stamped<T: rusqlite::types::FromSql>(r: &Row<'_>, i: usize) -> rusqlite::Result<Stamped<T>> {
        Ok(Stamped {
            value: r.get(i)?,
            hlc: hlc_from_row(r, i + 1)?,
        })
    }
    let barcodes: String = r.get(21)?;
    Ok(ProductRecord {
        id: r.get(0)?,
        sku: stamped(r, 1)?,
        name: stamped(r, 3)?,
        category: stamped(r, 5)?,
        unit: stamped(r, 7)?,
        price: stamped(r, 9)?,
        cost: stamped(r, 11)?,
        sold_by_weight: stamped(r, 13)?,
        track_stock: stamped(r, 15)?,
        min_stock_milli: stamped(r, 17)?,
        active: stamped(r, 19)?,
        barcodes: Stamped {
            value: split_barcodes(&barcodes),
            hlc: hlc_from_row(r, 22)?,
        },
        deleted: stamped(r, 23)?,
    })
}

pub(crate) fn split_barcodes(joined: &str) -> Vec<String> {
    if joined.is_empty() {
        return Vec::new();
    }
    joined.split(BARCODE_SEPARATOR).map(String::from).collect()
}

/// The synced record of product `id`, if it has one.
pub(crate) fn load(conn: &Connection, id: Uuid) -> Result<Option<ProductRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM product_fields WHERE product_id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?)
}

/// Every synced product record (tombstones too), by id.
pub fn all_records(conn: &Connection) -> Result<Vec<ProductRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM product_fields ORDER BY product_id"
    ))?;
    Ok(stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Writes (creates or replaces) a record.
pub(crate) fn save(conn: &Connection, p: &ProductRecord) -> Result<()> {
    let barcodes = p.barcodes.value.join(&BARCODE_SEPARATOR.to_string());
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO product_fields ({COLUMNS}) VALUES
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
          ?20, ?21, ?22, ?23, ?24, ?25)"
    ))?
    .execute(params![
        p.id,
        p.sku.value,
        hlc_to_sql(p.sku.hlc),
        p.name.value,
        hlc_to_sql(p.name.hlc),
        p.category.value,
        hlc_to_sql(p.category.hlc),
        p.unit.value,
        hlc_to_sql(p.unit.hlc),
        p.price.value,
        hlc_to_sql(p.price.hlc),
        p.cost.value,
        hlc_to_sql(p.cost.hlc),
        p.sold_by_weight.value,
        hlc_to_sql(p.sold_by_weight.hlc),
        p.track_stock.value,
        hlc_to_sql(p.track_stock.hlc),
        p.min_stock_milli.value,
        hlc_to_sql(p.min_stock_milli.hlc),
        p.active.value,
        hlc_to_sql(p.active.hlc),
        barcodes,
        hlc_to_sql(p.barcodes.hlc),
        p.deleted.value,
        hlc_to_sql(p.deleted.hlc),
    ])?;
    Ok(())
}

/// The values the till shows for product `id` (from `products` and `barcodes`), for a
/// product made before its fields were synced.
pub(crate) fn shown_values(conn: &Connection, id: Uuid) -> Result<Option<FieldValues>> {
    let row = conn
        .prepare_cached(
            "SELECT p.sku, p.name, c.name, p.unit, p.price, p.cost, p.sold_by_weight,
                 p.track_stock, p.min_stock, p.active, p.deleted
             FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(FieldValues {
                sku: r.get(0)?,
                name: r.get(1)?,
                category: r.get(2)?,
                unit: r.get(3)?,
                price: r.get(4)?,
                cost: r.get(5)?,
                sold_by_weight: r.get(6)?,
                track_stock: r.get(7)?,
                min_stock_milli: r.get(8)?,
                active: r.get(9)?,
                barcodes: Vec::new(),
                deleted: r.get(10)?,
            })
        })
        .optional()?;
    let Some(mut values) = row else {
        return Ok(None);
    };
    values.barcodes = conn
        .prepare_cached("SELECT code FROM barcodes WHERE product_id = ?1 ORDER BY code")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(values))
}
