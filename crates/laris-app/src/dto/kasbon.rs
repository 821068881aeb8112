use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::TenderMethod;

/// A customer the shop gives credit (kasbon) to, with what they owe now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerView {
    pub id: Uuid,
    pub name: String,
    pub phone: Option<String>,
    pub note: Option<String>,
    /// The most they may owe (None: no limit set).
    #[ts(type = "number | null")]
    pub credit_limit: Option<i64>,
    /// What they owe now: the sum of their ledger (charges minus repayments and refunds).
    #[ts(type = "number")]
    pub balance: i64,
    /// Unix ms of the oldest charge not yet paid off (first in, first out); None when
    /// nothing is owed.
    #[ts(type = "number | null")]
    pub owing_since: Option<i64>,
    /// Shop-local `YYYY-MM-DD` of the earliest due date among charges not yet paid off.
    pub due_date: Option<String>,
}

/// A new customer (`id` null) or a change to one. Setting or changing the credit limit
/// needs the owner's PIN once anyone is set up on the till.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInput {
    pub id: Option<Uuid>,
    pub name: String,
    pub phone: Option<String>,
    pub note: Option<String>,
    #[ts(type = "number | null")]
    pub credit_limit: Option<i64>,
    pub owner_pin: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KasbonEntryKindView {
    /// A sale (or the part of it) put on the customer's account.
    Charge,
    /// Money paid back.
    Repayment,
    /// A refund of a kasbon sale credited to the account.
    Refund,
}

/// One line of a customer's account, oldest first, with the balance after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KasbonEntryView {
    pub id: Uuid,
    pub kind: KasbonEntryKindView,
    #[ts(type = "number")]
    pub at: i64,
    pub local_time: String,
    /// Always positive; `kind` says which way it goes.
    #[ts(type = "number")]
    pub amount: i64,
    #[ts(type = "number")]
    pub balance_after: i64,
    /// The sale charged, or the sale a refund came from.
    pub receipt_no: Option<String>,
    /// How a repayment was paid.
    pub method: Option<TenderMethod>,
    pub due_date: Option<String>,
    pub cashier: Option<String>,
    pub note: Option<String>,
}

/// A customer's whole account: the ledger, a statement to send and a WhatsApp reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAccountView {
    pub customer: CustomerView,
    pub entries: Vec<KasbonEntryView>,
    /// The statement of account as plain text, in Bahasa Indonesia.
    pub statement_text: String,
    /// A wa.me link with a reminder in Bahasa Indonesia (shop, amount, since when); None
    /// without a phone number or when nothing is owed.
    pub reminder_url: Option<String>,
}

/// Part or all of a sale put on a customer's account: the tenders given with it are the
/// down payment, and the rest of the total is charged. Over the customer's credit limit it
/// needs the owner's PIN.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KasbonInput {
    pub customer_id: Uuid,
    /// `YYYY-MM-DD`, shop-local.
    pub due_date: Option<String>,
    pub owner_pin: Option<String>,
    /// Instead of the PIN: an approval code from the owner's device for this customer and
    /// the amount charged.
    #[serde(default)]
    #[ts(optional)]
    pub approval_code: Option<String>,
}

/// What the owner's device makes a code for: the action (`void`, `refund`, `kasbon`), the
/// receipt number (or the customer's name for kasbon) and the amount, with the till's key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalCodeInput {
    pub key: String,
    pub action: String,
    pub subject: String,
    #[ts(type = "number")]
    pub amount: i64,
}

/// Money paid back on a customer's account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RepaymentInput {
    pub customer_id: Uuid,
    #[ts(type = "number")]
    pub amount: i64,
    /// Cash, QRIS or transfer.
    pub method: TenderMethod,
    pub reference: Option<String>,
    pub note: Option<String>,
}
