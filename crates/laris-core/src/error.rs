use std::path::PathBuf;

use crate::qty::format_rupiah;

/// Every way a laris-core call can fail. Each variant has a stable machine code
/// ([`CoreError::code`]) that the CLI and the UI show alongside the message.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("i/o error on {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the database {path} is already open for writing by another Laris process; close it first"
    )]
    DatabaseLocked { path: PathBuf },
    #[error(
        "the database schema is version {found}, newer than this Laris understands ({supported}); update Laris"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("the shop is not set up yet: run `laris init` first")]
    NotInitialised,
    #[error("the shop is already set up on this database")]
    AlreadyInitialised,
    #[error("no product with barcode or SKU {0:?}")]
    UnknownProduct(String),
    #[error("no sale {0:?} on this till")]
    UnknownSale(String),
    #[error("the cart is empty")]
    EmptyCart,
    #[error("no line {0} in the cart")]
    NoSuchLine(usize),
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("payment of {} is less than the total {}", format_rupiah(*paid), format_rupiah(*total))]
    InsufficientPayment { total: i64, paid: i64 },
    #[error(
        "non-cash payments of {} exceed the total {}; only cash gives change",
        format_rupiah(*non_cash),
        format_rupiah(*total)
    )]
    Overpaid { total: i64, non_cash: i64 },
    #[error("{0}")]
    Import(#[from] crate::catalog::csv::ImportError),
    #[error("this till is not paired with a server: run `laris pair <server> <code>` first")]
    NotPaired,
    #[error("this till is already paired with store {store}; it cannot join another store")]
    AlreadyPaired { store: String },
    #[error(
        "the server acknowledged #{server_acked} from this till, past its last event \
         #{device_last} and past what the last handshake said; sync again"
    )]
    AckedBeyondOutbox { server_acked: u64, device_last: u64 },
    #[error("the outbox is damaged: {0}")]
    OutboxBroken(String),
    #[error("no person {0:?} on this till")]
    UnknownPerson(String),
    #[error("{0} has been retired and cannot log in")]
    PersonRetired(String),
    #[error("wrong PIN{}", if *locked_ms > 0 { format!("; too many tries, locked for {} s", whole_seconds(*locked_ms)) } else { String::new() })]
    WrongPin { locked_ms: i64 },
    #[error("too many wrong PINs: try again in {} s", whole_seconds(*retry_after_ms))]
    PinLocked { retry_after_ms: i64 },
    #[error("the shop has no owner yet: set up the owner and their PIN first")]
    NoOwner,
    #[error("this needs the owner's PIN")]
    OwnerApprovalRequired,
    #[error("the shop must keep one active owner: add another owner first")]
    LastOwner,
    #[error("no customer {0:?} on this till")]
    UnknownCustomer(String),
    #[error(
        "this puts {} on the account, over its credit limit of {}: the owner must approve",
        format_rupiah(*balance_after),
        format_rupiah(*limit)
    )]
    OverCreditLimit { limit: i64, balance_after: i64 },
    #[error("a shift is already open on this till")]
    ShiftAlreadyOpen,
    #[error("no shift is open on this till: open one first")]
    NoOpenShift,
    #[error("the approval code is wrong, expired, or for another action, sale or amount")]
    BadApprovalCode,
    #[error("this approval code was used already: ask the owner for a new one")]
    ApprovalCodeUsed,
    #[error("this till has no approval key: the owner enrols one with their PIN first")]
    NoApprovalKey,
}

impl CoreError {
    /// A short, stable identifier for programs and translations (`"empty_cart"`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Sqlite(_) => "database",
            CoreError::Io { .. } => "io",
            CoreError::DatabaseLocked { .. } => "database_locked",
            CoreError::SchemaTooNew { .. } => "schema_too_new",
            CoreError::NotInitialised => "not_initialised",
            CoreError::AlreadyInitialised => "already_initialised",
            CoreError::UnknownProduct(_) => "unknown_product",
            CoreError::UnknownSale(_) => "unknown_sale",
            CoreError::EmptyCart => "empty_cart",
            CoreError::NoSuchLine(_) => "no_such_line",
            CoreError::Invalid { .. } => "invalid_input",
            CoreError::InsufficientPayment { .. } => "insufficient_payment",
            CoreError::Overpaid { .. } => "overpaid",
            CoreError::Import(_) => "import_rejected",
            CoreError::NotPaired => "not_paired",
            CoreError::AlreadyPaired { .. } => "already_paired",
            CoreError::AckedBeyondOutbox { .. } => "acked_beyond_outbox",
            CoreError::OutboxBroken(_) => "outbox_broken",
            CoreError::UnknownPerson(_) => "unknown_person",
            CoreError::PersonRetired(_) => "person_retired",
            CoreError::WrongPin { .. } => "wrong_pin",
            CoreError::PinLocked { .. } => "pin_locked",
            CoreError::NoOwner => "no_owner",
            CoreError::OwnerApprovalRequired => "owner_approval_required",
            CoreError::LastOwner => "last_owner",
            CoreError::UnknownCustomer(_) => "unknown_customer",
            CoreError::OverCreditLimit { .. } => "over_credit_limit",
            CoreError::ShiftAlreadyOpen => "shift_already_open",
            CoreError::NoOpenShift => "no_open_shift",
            CoreError::BadApprovalCode => "bad_approval_code",
            CoreError::ApprovalCodeUsed => "approval_code_used",
            CoreError::NoApprovalKey => "no_approval_key",
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        CoreError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

/// Milliseconds as the whole seconds a person waits (rounded up: "0 s" would be a lie).
fn whole_seconds(ms: i64) -> i64 {
    ms.saturating_add(999) / 1000
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
