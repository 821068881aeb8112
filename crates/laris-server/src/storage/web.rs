//! What the owner's back office reads and writes: accounts and their cookie sessions,
//! sign-up invites, the shops an account owns, and the store-wide views of the dashboard,
//! catalog, sales list and exports. [`WebStorage`] is a supertrait of
//! [`super::Storage`], implemented by both backends from the same rules.

use laris_protocol::v1::ProductV1;
use uuid::Uuid;

use super::{StorageFuture, SummaryRange};

/// An owner account as a login checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub email: String,
    /// argon2id PHC string.
    pub password_hash: String,
    pub failures: u32,
    /// Logins are refused until then (0: not locked).
    pub locked_until_ms: i64,
}

#[derive(Debug, Clone)]
pub struct NewWebSession {
    pub session_id: Uuid,
    pub email: String,
    pub token_hash: [u8; 32],
    pub user_agent: Option<String>,
    pub now_ms: i64,
    pub expires_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSessionRow {
    pub email: String,
    pub token_hash: Vec<u8>,
    pub expires_at_ms: i64,
    pub revoked: bool,
}

/// A web session as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSessionInfo {
    pub session_id: Uuid,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    pub user_agent: Option<String>,
}

/// A one-time sign-up link's token, by its hash.
#[derive(Debug, Clone)]
pub struct NewInvite {
    pub invite_hash: [u8; 32],
    pub now_ms: i64,
    pub expires_at_ms: i64,
}

/// A shop an account owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedStore {
    pub store_id: Uuid,
    pub name: String,
    pub created_at_ms: i64,
}

/// A device with what the server holds of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceStatus {
    pub device_id: Uuid,
    pub name: String,
    pub code: String,
    pub paired_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    pub last_seen_ms: Option<i64>,
    pub protocol_version: u16,
    /// The sync library's version at its last handshake.
    pub app_version: Option<String>,
    pub acked_seq: u64,
    /// Its outbox head at its last handshake.
    pub reported_seq: u64,
    pub complete_up_to_ms: Option<i64>,
    pub sales_held: u64,
    pub sales_total_held: i64,
    pub duplicates_rejected: u64,
}

/// One sale as the dashboard counts it (grouped in `web::dashboard`, the same for both
/// backends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleFact {
    pub created_at_ms: i64,
    pub device_id: Uuid,
    pub cashier: Option<String>,
    pub total: i64,
    pub cost: i64,
    /// cash, qris, transfer, kasbon.
    pub paid: [i64; 4],
}

/// One product's lines in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductSum {
    /// Named from the catalog by the dashboard: the sum reads the covering index only.
    pub product_id: Uuid,
    pub qty_milli: i64,
    pub total: i64,
    pub cost: i64,
}

/// Where a page of the sales list starts: after this sale, going back in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaleCursor {
    pub created_at_ms: i64,
    pub sale_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleListRow {
    pub sale_id: Uuid,
    pub receipt_no: String,
    pub created_at_ms: i64,
    pub device_code: String,
    pub cashier: Option<String>,
    pub total: i64,
    pub cost: i64,
    pub line_count: i64,
    /// cash, qris, transfer, kasbon.
    pub paid: [i64; 4],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleLineRow {
    pub sale_id: Uuid,
    pub receipt_no: String,
    pub created_at_ms: i64,
    pub line_no: i64,
    pub product_id: Uuid,
    pub name: String,
    pub unit: String,
    pub qty_milli: i64,
    pub total: i64,
    pub cost: i64,
}

/// A void or refund as the back office lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnListRow {
    pub return_id: Uuid,
    pub sale_id: Uuid,
    /// The sale's receipt number, if the server holds the sale.
    pub receipt_no: Option<String>,
    /// void | refund
    pub kind: String,
    pub created_at_ms: i64,
    pub device_code: String,
    pub method: String,
    pub amount: i64,
    pub reason: String,
    pub cashier: Option<String>,
}

/// A stock movement that is not a sale's (restock, adjustment, count, a return's goods back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementListRow {
    pub created_at_ms: i64,
    pub product_id: Uuid,
    pub kind: String,
    pub qty_milli: i64,
    pub device_code: String,
    pub reason: Option<String>,
}

/// A shop's online page settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorefrontRow {
    pub store_id: Uuid,
    pub slug: String,
    pub enabled: bool,
    pub show_stock: bool,
    pub whatsapp: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
    pub hidden_categories: Vec<String>,
    pub hidden_products: Vec<Uuid>,
    pub updated_at_ms: i64,
}

/// The back office's reads and writes.
pub trait WebStorage {
    fn account(&self, email: String) -> StorageFuture<'_, Option<AccountRow>>;
    /// Sets the account's password, lifts its lock and revokes every session of it (web
    /// sessions and the owner sessions of its shops): false if there is no such account.
    fn set_password(
        &self,
        email: String,
        password_hash: String,
        now_ms: i64,
    ) -> StorageFuture<'_, bool>;
    fn add_invite(&self, invite: NewInvite) -> StorageFuture<'_, ()>;

    fn add_web_session(&self, session: NewWebSession) -> StorageFuture<'_, ()>;
    fn web_session(&self, session_id: Uuid) -> StorageFuture<'_, Option<WebSessionRow>>;
    /// The account's sessions, newest first, at most [`super::SESSION_LIST_MAX`].
    fn web_sessions(&self, email: String) -> StorageFuture<'_, Vec<WebSessionInfo>>;
    /// Revokes one of the account's sessions (the first revocation's time stays).
    fn revoke_web_session(
        &self,
        email: String,
        session_id: Uuid,
        now_ms: i64,
    ) -> StorageFuture<'_, Option<WebSessionInfo>>;
    /// The shops the account owns, oldest first.
    fn owned_stores(&self, email: String) -> StorageFuture<'_, Vec<OwnedStore>>;

    /// False if the store has no such device.
    fn rename_device(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        name: String,
    ) -> StorageFuture<'_, bool>;
    /// Every device of the store, oldest first.
    fn device_status(&self, store_id: Uuid) -> StorageFuture<'_, Vec<DeviceStatus>>;
    /// The range's sales, in no particular order.
    fn sale_facts(&self, store_id: Uuid, range: SummaryRange) -> StorageFuture<'_, Vec<SaleFact>>;
    /// The range's sale lines summed per product.
    fn product_sums(
        &self,
        store_id: Uuid,
        range: SummaryRange,
    ) -> StorageFuture<'_, Vec<ProductSum>>;
    /// Sales of the range, newest first, after `before`, at most `limit`.
    fn sales_page(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        before: Option<SaleCursor>,
        limit: u32,
    ) -> StorageFuture<'_, Vec<SaleListRow>>;
    /// The lines of the range's sales, oldest first.
    fn sale_lines(
        &self,
        store_id: Uuid,
        range: SummaryRange,
    ) -> StorageFuture<'_, Vec<SaleLineRow>>;
    /// The money voids and refunds made in the range paid back.
    fn returns_total(&self, store_id: Uuid, range: SummaryRange) -> StorageFuture<'_, i64>;
    /// Voids and refunds made in the range, newest first, at most `limit`.
    fn returns_list(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        limit: u32,
    ) -> StorageFuture<'_, Vec<ReturnListRow>>;
    /// Movements other than sales' made in the range, newest first, at most `limit`.
    fn movements_list(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        limit: u32,
    ) -> StorageFuture<'_, Vec<MovementListRow>>;
    /// The tills' audit entries made in the range, newest first, at most `limit`.
    fn audit_log(
        &self,
        store_id: Uuid,
        range: SummaryRange,
        limit: u32,
    ) -> StorageFuture<'_, Vec<crate::books::StoredBook>>;
    fn storefront(&self, store_id: Uuid) -> StorageFuture<'_, Option<StorefrontRow>>;
    fn storefront_by_slug(&self, slug: String) -> StorageFuture<'_, Option<StorefrontRow>>;
    /// Writes the page's settings; [`super::StorageError::SlugTaken`] if another shop has
    /// the slug.
    fn save_storefront(&self, row: StorefrontRow) -> StorageFuture<'_, ()>;
    /// The sale as its till pushed it (the change body of its sale event), and the receipt
    /// prefix of that till.
    fn sale_change(
        &self,
        store_id: Uuid,
        sale_id: Uuid,
    ) -> StorageFuture<'_, Option<(Vec<u8>, String)>>;
    /// The store's catalog, deleted products included.
    fn products(&self, store_id: Uuid) -> StorageFuture<'_, Vec<ProductV1>>;
    /// Merges a product edited in the back office (stamped by the server) into the store's
    /// row, as a device's edit is merged, and appends the change every till pulls: the
    /// merged product.
    fn edit_product(
        &self,
        store_id: Uuid,
        edit: ProductV1,
        now_ms: i64,
    ) -> StorageFuture<'_, ProductV1>;
}

/// A storefront row with its hidden lists read from their JSON columns.
pub(crate) fn with_hidden(
    mut row: StorefrontRow,
    categories: &str,
    products: &str,
) -> Result<StorefrontRow, super::StorageError> {
    let bad = |_| super::StorageError::Corrupt {
        what: "storefront row",
        source: laris_protocol::ProtocolError::Invalid {
            field: "hidden",
            reason: "not a JSON list".into(),
        },
    };
    row.hidden_categories = serde_json::from_str(categories).map_err(bad)?;
    row.hidden_products = serde_json::from_str(products).map_err(bad)?;
    Ok(row)
}

/// The hidden lists as their JSON columns hold them.
pub(crate) fn hidden_json(row: &StorefrontRow) -> (String, String) {
    (
        serde_json::to_string(&row.hidden_categories).unwrap_or_else(|_| "[]".into()),
        serde_json::to_string(&row.hidden_products).unwrap_or_else(|_| "[]".into()),
    )
}
