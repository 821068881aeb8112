//! The back office's wire types: what its JSON endpoints take and answer, camelCase, each
//! declared here once and generated into `ui/src/backoffice/api/types.gen.ts` (see
//! `bindings`). Storage rows and protocol records are mapped onto these, never serialized
//! straight to the browser. Money is whole Rupiah; times are Unix ms; quantities are
//! thousandths (`qtyMilli`), as everywhere in Laris.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Who may sign up: the server operator's `--signup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SignupMode {
    /// Anyone who reaches the server.
    Open,
    /// Only with a one-time link the operator made (`laris-server invite create`).
    Invite,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WebConfigView {
    pub signup: SignupMode,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignupInput {
    pub email: String,
    pub password: String,
    pub shop_name: String,
    /// The token of a one-time sign-up link (policy `invite`).
    #[serde(default)]
    pub invite: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreView {
    pub store_id: Uuid,
    pub name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
}

/// The signed-in owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeView {
    pub email: String,
    /// Sent back in `x-csrf-token` on every state change.
    pub csrf_token: String,
    /// Oldest first; never empty.
    pub stores: Vec<StoreView>,
    #[ts(type = "number")]
    pub expires_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WebSessionView {
    pub session_id: Uuid,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    #[ts(type = "number")]
    pub expires_at_ms: i64,
    #[ts(type = "number | null")]
    pub revoked_at_ms: Option<i64>,
    /// The browser that signed in, as it named itself (cut to 200 characters).
    pub user_agent: Option<String>,
    /// The session of the request that asked.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewStoreInput {
    pub name: String,
}

/// A pairing code for a new till, and the link its QR code carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PairingCodeView {
    pub code: String,
    #[ts(type = "number")]
    pub expires_at_ms: i64,
    /// `laris-protocol`'s pairing link: this server's address and the code, for a phone's
    /// camera.
    pub link: String,
}

/// A till, with what the server holds of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
    pub device_id: Uuid,
    pub name: String,
    /// The receipt prefix.
    pub code: String,
    #[ts(type = "number")]
    pub paired_at_ms: i64,
    #[ts(type = "number | null")]
    pub revoked_at_ms: Option<i64>,
    #[ts(type = "number | null")]
    pub last_seen_ms: Option<i64>,
    /// The protocol version its app speaks.
    pub protocol_version: u16,
    /// Its app's version (its sync library's), from its last handshake.
    pub app_version: Option<String>,
    /// Every seq up to this is held.
    #[ts(type = "number")]
    pub acked_seq: u64,
    /// Events the till had at its last handshake that the server does not hold yet.
    #[ts(type = "number")]
    pub pending: u64,
    /// Everything the till had recorded by this time is held (None: never complete).
    #[ts(type = "number | null")]
    pub complete_up_to_ms: Option<i64>,
    /// The server's side of the proof of sync.
    #[ts(type = "number")]
    pub sales_held: u64,
    #[ts(type = "number")]
    pub sales_total_held: i64,
    #[ts(type = "number")]
    pub duplicates_rejected: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RenameDeviceInput {
    pub name: String,
}

/// A group of sales: a day, hour, payment method, device or cashier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupView {
    /// YYYY-MM-DD, the hour (0–23), the method, the device's receipt prefix, the cashier's
    /// name ("" for none).
    pub key: String,
    /// A name to show, where the key is not one (a device's name).
    pub label: Option<String>,
    #[ts(type = "number")]
    pub sales: u64,
    #[ts(type = "number")]
    pub total: i64,
    /// Σ total − Σ cost of those sales (payment methods: not split, 0).
    #[ts(type = "number")]
    pub profit: i64,
}

/// A product's sales in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductSalesView {
    pub product_id: Uuid,
    pub name: String,
    pub unit: String,
    #[ts(type = "number")]
    pub qty_milli: i64,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub profit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardView {
    /// The period, YYYY-MM-DD inclusive, in the shop's time zone (WIB).
    pub from: String,
    pub to: String,
    #[ts(type = "number")]
    pub sales: u64,
    /// Σ sale totals, as sold.
    #[ts(type = "number")]
    pub total: i64,
    /// Money paid back by voids and refunds made in the period.
    #[ts(type = "number")]
    pub returns_total: i64,
    /// `total − returnsTotal`.
    #[ts(type = "number")]
    pub net_total: i64,
    /// Σ total − Σ cost of the sales.
    #[ts(type = "number")]
    pub gross_profit: i64,
    /// `total / sales`, rounded down (0 without sales).
    #[ts(type = "number")]
    pub average_basket: i64,
    pub by_day: Vec<GroupView>,
    pub by_hour: Vec<GroupView>,
    pub by_method: Vec<GroupView>,
    pub by_device: Vec<GroupView>,
    pub by_cashier: Vec<GroupView>,
    pub best_sellers: Vec<ProductSalesView>,
    /// Active products that sold least in the period (none sold first).
    pub slow_movers: Vec<ProductSalesView>,
    /// Sales whose voids and refunds exceed them.
    #[ts(type = "number")]
    pub over_refunds: u64,
    /// Kasbon owed now, whatever the period.
    #[ts(type = "number")]
    pub kasbon_owed: i64,
    /// Some till has not delivered everything it recorded up to the period's end: the
    /// figures may still grow. `incompleteDevices` names them.
    pub provisional: bool,
    pub incomplete_devices: Vec<String>,
    pub devices: Vec<DeviceView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductView {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub unit: String,
    #[ts(type = "number")]
    pub price: i64,
    #[ts(type = "number")]
    pub cost: i64,
    pub barcodes: Vec<String>,
    pub active: bool,
    pub sold_by_weight: bool,
    pub track_stock: bool,
    #[ts(type = "number")]
    pub min_stock_milli: i64,
    /// Store-wide stock (Σ movements of every till).
    #[ts(type = "number")]
    pub stock_milli: i64,
}

/// A product as the back office's form sends it. On an edit, only the fields whose value
/// differs from the server's get a new stamp, so an edit never overwrites a field it did not
/// change.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductInput {
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub unit: String,
    #[ts(type = "number")]
    pub price: i64,
    #[ts(type = "number")]
    pub cost: i64,
    pub barcodes: Vec<String>,
    pub active: bool,
    pub sold_by_weight: bool,
    pub track_stock: bool,
    #[ts(type = "number")]
    pub min_stock_milli: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductPageView {
    pub products: Vec<ProductView>,
    /// Products matching the search, all of them (the page may hold fewer).
    #[ts(type = "number")]
    pub matching: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaleRowView {
    pub sale_id: Uuid,
    pub receipt_no: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    /// The till's receipt prefix.
    pub device: String,
    pub cashier: Option<String>,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub lines: u64,
    /// cash | qris | transfer | kasbon: those used.
    pub methods: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SalesPageView {
    pub sales: Vec<SaleRowView>,
    /// Pass as `before` for the next (older) page; None: this is the last.
    pub next_before: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptLineView {
    pub name: String,
    pub unit: String,
    #[ts(type = "number")]
    pub qty_milli: i64,
    #[ts(type = "number")]
    pub unit_price: i64,
    #[ts(type = "number")]
    pub discount: i64,
    /// `gross − discount`.
    #[ts(type = "number")]
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaymentLineView {
    pub method: String,
    #[ts(type = "number")]
    pub amount: i64,
}

/// One sale as its receipt shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptView {
    pub sale_id: Uuid,
    pub receipt_no: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    pub device: String,
    pub cashier: Option<String>,
    pub lines: Vec<ReceiptLineView>,
    #[ts(type = "number")]
    pub gross: i64,
    /// Line and cart discounts.
    #[ts(type = "number")]
    pub discount: i64,
    #[ts(type = "number")]
    pub tax: i64,
    #[ts(type = "number")]
    pub rounding: i64,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub tendered: i64,
    #[ts(type = "number")]
    pub change: i64,
    pub payments: Vec<PaymentLineView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockRowView {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub unit: String,
    #[ts(type = "number")]
    pub qty_milli: i64,
    #[ts(type = "number")]
    pub min_stock_milli: i64,
    /// At or below the minimum.
    pub low: bool,
}

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    Sales,
    SaleLines,
    Products,
    Stock,
    Kasbon,
}

impl Dataset {
    pub const ALL: [Dataset; 5] = [
        Dataset::Sales,
        Dataset::SaleLines,
        Dataset::Products,
        Dataset::Stock,
        Dataset::Kasbon,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Sales => "sales",
            Dataset::SaleLines => "sale_lines",
            Dataset::Products => "products",
            Dataset::Stock => "stock",
            Dataset::Kasbon => "kasbon",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

/// Every error body: the code is one of `ERROR_CODES`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WebErrorBody {
    #[ts(type = "ErrorCode")]
    pub code: String,
    pub message: String,
}

/// A customer's kasbon on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KasbonRowView {
    pub customer_id: Uuid,
    /// None: the customer's record has not arrived yet.
    pub name: Option<String>,
    /// What they owe (negative: the shop owes them).
    #[ts(type = "number")]
    pub balance: i64,
    #[ts(type = "number")]
    pub entries: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftMethodView {
    pub method: String,
    #[ts(type = "number")]
    pub expected: i64,
    #[ts(type = "number | null")]
    pub counted: Option<i64>,
    /// counted − expected.
    #[ts(type = "number | null")]
    pub difference: Option<i64>,
}

/// A till's shift: expected vs counted once closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftRowView {
    pub shift_id: Uuid,
    /// The till's receipt prefix.
    pub device: String,
    #[ts(type = "number")]
    pub opened_at_ms: i64,
    pub opened_by: Option<String>,
    #[ts(type = "number")]
    pub float: i64,
    #[ts(type = "number")]
    pub cash_in: i64,
    #[ts(type = "number")]
    pub cash_out: i64,
    #[ts(type = "number | null")]
    pub closed_at_ms: Option<i64>,
    pub closed_by: Option<String>,
    pub sale_count: Option<u32>,
    #[ts(type = "number | null")]
    pub sales_total: Option<i64>,
    pub methods: Vec<ShiftMethodView>,
}

/// Kasbon owed and every till's shifts (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BooksView {
    #[ts(type = "number")]
    pub kasbon_total: i64,
    pub kasbon: Vec<KasbonRowView>,
    pub shifts: Vec<ShiftRowView>,
}

/// A void or refund of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReturnRowView {
    pub return_id: Uuid,
    pub sale_id: Uuid,
    /// The sale's receipt number (None: the server does not hold the sale yet).
    pub receipt_no: Option<String>,
    /// void | refund
    pub kind: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    pub device: String,
    pub method: String,
    #[ts(type = "number")]
    pub amount: i64,
    pub reason: String,
    pub cashier: Option<String>,
    /// The sale's returns (all of them) take back more than it sold or took.
    pub over_refund: bool,
}

/// An entry of the tills' audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditRowView {
    #[ts(type = "number")]
    pub at_ms: i64,
    pub device: String,
    pub actor: Option<String>,
    /// The action's code (`sale_refunded`, `stock_counted`, …).
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
    pub reason: Option<String>,
    pub approval: Option<String>,
}

/// A restock, adjustment, count or return's goods back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MovementRowView {
    #[ts(type = "number")]
    pub created_at_ms: i64,
    pub product_id: Uuid,
    pub product: String,
    pub unit: String,
    /// restock | adjustment | count | return
    pub kind: String,
    #[ts(type = "number")]
    pub qty_milli: i64,
    pub device: String,
    pub reason: Option<String>,
}

/// A catalog CSV to import: the back office's own export, or the till's catalog format
/// (`sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportInput {
    pub csv: String,
}

/// What an import did: every row or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportView {
    pub added: u32,
    pub updated: u32,
    /// Rows equal to the catalog already.
    pub unchanged: u32,
}

/// The shop's online page (`/t/<slug>`) as the owner sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StorefrontView {
    pub slug: String,
    /// The page's address.
    pub url: String,
    /// Off until the owner turns it on.
    pub enabled: bool,
    /// The page says tersedia / sisa sedikit / habis from the store-wide stock.
    pub show_stock: bool,
    pub whatsapp: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
    pub hidden_categories: Vec<String>,
    pub hidden_products: Vec<Uuid>,
    /// Every category of the catalog, for the form.
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorefrontInput {
    /// 3 to 40 of a–z, 0–9 and dashes.
    pub slug: String,
    pub enabled: bool,
    pub show_stock: bool,
    /// A phone number (08…, +62…, 62…); stored as 62… digits.
    pub whatsapp: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
    #[serde(default)]
    pub hidden_categories: Vec<String>,
    #[serde(default)]
    pub hidden_products: Vec<Uuid>,
}
