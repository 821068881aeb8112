//! laris-core: the Laris domain and the device store.
//!
//! Everything a till does without a network lives here: the catalog and its search, the cart
//! and its pricing (whole Rupiah, milli-unit quantities), checkout into one durable SQLite
//! transaction with a gapless outbox sequence, the stock ledger, reports and backup; and the
//! device's half of sync that needs no network: HLC-stamped catalog edits and tombstones,
//! the outbox read back as events, the sync state, and applying pulled pages.
//!
//! It knows nothing of HTTP, async runtimes or Tauri. Time and ids come from a [`Clock`] and
//! an [`IdSource`] passed in, so tests are deterministic.
#![forbid(unsafe_code)]

mod backup;
mod cart;
pub mod catalog;
mod catalog_csv;
mod catalog_edits;
mod checkout;
mod clock;
mod db;
mod device_hlc;
mod error;
pub mod outbox;
pub mod outbox_events;
mod pricing;
mod private_files;
mod product_codes;
mod product_record;
mod qty;
mod receipt;
mod recover;
mod remote_apply;
pub mod report;
mod sales_list;
mod search;
mod search_rank;
mod settings;
mod shop_time;
pub mod stock;
mod store;
mod sync_state;

pub use backup::backup_to;
pub use cart::{Cart, CartLine};
pub use catalog::{Product, ProductDraft, Upserted};
pub use catalog_csv::{ImportError, ImportSummary};
pub use catalog_edits::PRODUCT_EVENT;
pub use checkout::{
    PaymentMethod, Sale, SaleLine, SalePayment, Tender, load_sale, sale_movement_id,
};
pub use clock::{Clock, IdSource, ManualClock, RandomIds, SeededIds, SystemClock};
pub use db::SCHEMA_VERSION;
pub use error::{CoreError, Result};
pub use laris_protocol::hlc::Hlc;
pub use laris_protocol::v1::Stamped;
pub use outbox_events::{OutboxEvent, OutboxTally, PendingEvent, SaleRecord, StockMovement};
pub use pricing::{
    LineAmounts, MAX_LINES_PER_SALE, MAX_PRICE, MAX_QTY_MILLI, PricingRules, Rounding, Tax,
    TaxMode, Totals, line_amount,
};
pub use product_record::ProductRecord;
pub use qty::{format_qty, format_rupiah, parse_qty};
pub use receipt::{RECEIPT_WIDTH_58MM, RECEIPT_WIDTH_80MM, receipt_text};
pub use recover::RecoveredEvent;
pub use remote_apply::{AppliedPage, RemoteChange};
pub use report::{Report, SalesTotals};
pub use sales_list::{MAX_SALES_LISTED, SaleSummary};
pub use search::{Lookup, browse_category, lookup as search_lookup, search_names};
pub use settings::ShopSettings;
pub use shop_time::{ShopTimeZone, parse_date, yyyymmdd};
pub use stock::{MovementKind, StockLevel};
pub use store::{DeviceInfo, DeviceReader, DeviceStore, ShopSetup};
pub use sync_state::{Pairing, ServerHead, SyncFailure, SyncPosition, SyncState};
