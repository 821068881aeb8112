use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// A product as the till shows it, with its stock level when stock is tracked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductView {
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub unit: String,
    #[ts(type = "number")]
    pub price: i64,
    #[ts(type = "number")]
    pub cost: i64,
    pub sold_by_weight: bool,
    pub track_stock: bool,
    #[ts(type = "number")]
    pub min_stock_milli: i64,
    /// None when stock is not tracked.
    #[ts(type = "number | null")]
    pub stock_milli: Option<i64>,
    pub active: bool,
    pub barcodes: Vec<String>,
    /// Pinned to the Kasir screen's favourites on this till.
    pub pinned: bool,
}

/// What a scan or typed text found: the exact product (barcode or SKU) or name matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LookupView {
    pub exact: Option<ProductView>,
    pub matches: Vec<ProductView>,
}

/// A WhatsApp order's cart, read from its order code: each product of this till's catalog
/// and the quantity asked, and the SKUs this till does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderCartView {
    pub lines: Vec<OrderLineView>,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderLineView {
    pub product: ProductView,
    #[ts(type = "number")]
    pub qty_milli: i64,
}

/// A product to create (no `id`) or change (its `id`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductInput {
    pub id: Option<Uuid>,
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub unit: String,
    #[ts(type = "number")]
    pub price: i64,
    #[ts(type = "number")]
    pub cost: i64,
    pub sold_by_weight: bool,
    pub track_stock: bool,
    #[ts(type = "number")]
    pub min_stock_milli: i64,
    pub barcodes: Vec<String>,
    /// Stock counted when the product is added (milli-units); only for a new product.
    #[ts(type = "number | null")]
    pub opening_stock_milli: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MovementKindInput {
    /// Goods received: a positive quantity.
    Restock,
    /// A correction after counting, either sign; needs a reason.
    Adjustment,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MovementInput {
    pub product_id: Uuid,
    pub kind: MovementKindInput,
    #[ts(type = "number")]
    pub qty_milli: i64,
    pub reason: Option<String>,
    /// The owner's PIN: an adjustment needs it once anyone is set up on the till.
    pub owner_pin: Option<String>,
    /// A restock's cost per unit from the supplier: updates the product's cost (moving
    /// average or last cost, as the settings say).
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub unit_cost: Option<i64>,
    /// Who delivered a restock; remembered in the supplier list.
    #[serde(default)]
    #[ts(optional)]
    pub supplier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockLevelView {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub unit: String,
    #[ts(type = "number")]
    pub level_milli: i64,
    #[ts(type = "number")]
    pub min_stock_milli: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// New products given their opening stock (the `stok_awal` column).
    pub opening_stock: u32,
}
