use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RoleView {
    Owner,
    Cashier,
}

/// Someone who works at the shop. The PIN never leaves the till's core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonView {
    pub id: Uuid,
    pub name: String,
    pub role: RoleView,
    pub active: bool,
}

/// Who is on duty at this till; `since` is Unix ms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OnDutyView {
    pub person: PersonView,
    #[ts(type = "number")]
    pub since: i64,
}

/// The first owner, on a till that has nobody yet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnerSetupInput {
    pub name: String,
    pub pin: String,
}

/// A new person, approved by an owner's PIN.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonInput {
    pub name: String,
    pub role: RoleView,
    pub pin: String,
    pub owner_pin: String,
}

/// A change to a person (each `null` stays), approved by an owner's PIN.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonChangeInput {
    pub id: Uuid,
    pub name: Option<String>,
    pub role: Option<RoleView>,
    pub active: Option<bool>,
    pub owner_pin: String,
}

/// A new PIN for someone who forgot theirs, approved by an owner's PIN.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PinResetInput {
    pub id: Uuid,
    pub new_pin: String,
    pub owner_pin: String,
}

/// One's own PIN changed, with the current one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnPinInput {
    pub id: Uuid,
    pub old_pin: String,
    pub new_pin: String,
}

/// Logging in at this till.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogInInput {
    pub person_id: Uuid,
    pub pin: String,
}

/// What an audit entry records (laris-core's `AuditAction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditActionView {
    PersonAdded,
    PersonChanged,
    PinChanged,
    PinLocked,
    DutyStarted,
    DutyEnded,
    StockAdjusted,
    ProductDeleted,
    SettingsChanged,
    SaleVoided,
    SaleRefunded,
    /// A customer's credit limit set or changed.
    CreditLimitSet,
    /// A kasbon charge over the customer's limit, approved by the owner.
    CreditLimitExceeded,
    /// A price typed at the counter instead of the catalog's.
    PriceOverridden,
    /// A discount above the shop's limit.
    DiscountOverLimit,
    StockCounted,
    ShiftOpened,
    ShiftClosed,
    CashMoved,
    ApprovalKeyEnrolled,
    /// A QRIS payment confirmed arrived after the sale.
    QrisConfirmed,
}

/// How an action was allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalView {
    OwnerPin,
    FirstOwner,
    OwnPin,
    /// An owner-only action on a till with nobody set up (no PINs in use yet).
    NobodySetUp,
    /// An approval code from the owner's device.
    OwnerCode,
}

/// One entry of the audit log; the UI words `action` and `approval`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntryView {
    pub id: Uuid,
    #[ts(type = "number")]
    pub at: i64,
    pub actor_name: Option<String>,
    pub action: AuditActionView,
    pub subject: Option<String>,
    pub detail: String,
    pub reason: Option<String>,
    pub approval: Option<ApprovalView>,
}
