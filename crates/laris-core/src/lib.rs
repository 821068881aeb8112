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

mod audit;
mod books;
mod catalog;
mod clock;
mod error;
pub mod input;
mod ledger;
mod people;
mod printer;
mod qty;
mod query;
pub mod report;
mod sale;
mod settings;
mod shop_time;
mod store;
mod sync;

pub use audit::{
    AUDIT_EVENT, Actor, Approval, AuditAction, AuditEntry, AuditRecord, MAX_AUDIT_LISTED,
};
pub use books::statement::{due_date_text, reminder_url, statement_text, wa_number};
pub use books::{
    BookEvent, CASH_MOVE_EVENT, COUNT_EVENT, CUSTOMER_EVENT, CashMove, CountLine, Customer,
    CustomerBalance, CustomerDraft, KASBON_EVENT, KasbonCharge, KasbonEntry, KasbonKind,
    SHIFT_CLOSE_EVENT, SHIFT_OPEN_EVENT, SaleKasbon, Shift, ShiftClose, ShiftCounts, ShiftFigures,
    ShiftMethod, ShiftOpen, StockCount, count_movement_id,
};
pub use catalog::csv::{ImportError, ImportSummary};
pub use catalog::edits::PRODUCT_EVENT;
pub use catalog::pins::MAX_FAVOURITES;
pub use catalog::record::ProductRecord;
pub use catalog::search::Lookup;
pub use catalog::{Product, ProductDraft, Upserted};
pub use clock::{Clock, IdSource, ManualClock, RandomIds, SeededIds, SystemClock};
pub use error::{CoreError, Result};
pub use laris_protocol::hlc::Hlc;
pub use laris_protocol::v1::Stamped;
pub use ledger::{MovementKind, OPENING_STOCK_REASON, StockLevel, Supply, new_cost};
pub use people::approval_code::{
    CODE_DIGITS, CODE_WINDOW_MS, CodeAction, approval_code, parse_key,
};
pub use people::lockout::{FIRST_LOCK_MS, LOCK_AFTER_FAILURES, MAX_LOCK_MS, lock_ms};
pub use people::pin::{MAX_PIN_DIGITS, MIN_PIN_DIGITS};
pub use people::{
    MAX_PERSON_NAME_CHARS, OnDuty, OwnerApproval, OwnerAuthority, Person, PersonChange, Role,
};
pub use printer::{MAX_PRINTER_TARGET_CHARS, PrinterSettings};
pub use qty::{format_qty, format_rupiah, parse_qty};
pub use query::Query;
pub use report::{Report, SalesTotals};
pub use sale::cart::{Cart, CartLine};
pub use sale::checkout::{
    CheckoutOptions, MAX_REFERENCE_CHARS, PaymentMethod, Sale, SaleLine, SalePayment, Tender,
    sale_movement_id,
};
pub use sale::list::{MAX_SALES_LISTED, SaleSummary};
pub use sale::pricing::{
    LineAmounts, MAX_LINES_PER_SALE, MAX_PRICE, MAX_QTY_MILLI, PricingRules, Rounding, Tax,
    TaxMode, Totals, line_amount,
};
pub use sale::qris::UnverifiedQris;
pub use sale::returns::{
    MAX_RETURN_REASON_CHARS, OverRefund, RETURN_EVENT, ReturnKind, ReturnLine, ReturnRequest,
    SaleReturn, return_movement_id,
};
pub use sale::settlement::{
    MAX_SETTLEMENT_ROWS, QrisSalePayment, Reconciliation, SETTLEMENT_WINDOW_MS, SettlementRow,
    read_settlement,
};
pub use settings::{CostMethod, NO_DISCOUNT_LIMIT, ShopSettings};
pub use shop_time::{ShopTimeZone, parse_date, yyyymmdd};
pub use store::backup::backup_to;
pub use store::db::SCHEMA_VERSION;
pub use store::{DeviceInfo, DeviceReader, DeviceStore, MAX_DEVICE_CODE_LEN, ShopSetup};
pub use sync::outbox::OutboxEntry;
pub use sync::outbox_events::{OutboxEvent, OutboxTally, PendingEvent, SaleRecord, StockMovement};
pub use sync::recover::RecoveredEvent;
pub use sync::remote_apply::{AppliedPage, RemoteChange};
pub use sync::state::{Pairing, ServerHead, SyncFailure, SyncPosition, SyncState};
