use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::TenderMethod;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReturnKindView {
    Void,
    Refund,
}

/// A whole sale voided on its day, with the owner's PIN.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VoidInput {
    pub sale_id: Uuid,
    pub reason: String,
    pub owner_pin: Option<String>,
    /// Instead of the PIN: an approval code from the owner's device for this receipt and
    /// its total.
    #[serde(default)]
    #[ts(optional)]
    pub approval_code: Option<String>,
}

/// One sale line to take back, and how much of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundLineInput {
    /// The sale line's 1-based number.
    pub line_no: u32,
    #[ts(type = "number")]
    pub qty_milli: i64,
}

/// Some of a sale refunded, any day, with the owner's PIN.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundInput {
    pub sale_id: Uuid,
    pub lines: Vec<RefundLineInput>,
    /// How the money goes back.
    pub method: TenderMethod,
    pub reason: String,
    pub owner_pin: Option<String>,
    /// Instead of the PIN: an approval code from the owner's device for this receipt and
    /// the money back.
    #[serde(default)]
    #[ts(optional)]
    pub approval_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReturnLineView {
    pub line_no: u32,
    pub product_id: Uuid,
    #[ts(type = "number")]
    pub qty_milli: i64,
    #[ts(type = "number")]
    pub amount: i64,
}

/// A void or refund of a sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReturnView {
    pub id: Uuid,
    pub sale_id: Uuid,
    pub kind: ReturnKindView,
    #[ts(type = "number")]
    pub created_at: i64,
    pub cashier: Option<String>,
    pub reason: String,
    pub method: TenderMethod,
    #[ts(type = "number")]
    pub amount: i64,
    pub lines: Vec<ReturnLineView>,
}

/// A sale line taken back more than it was sold (returns from two tills met).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverRefundView {
    pub sale_id: Uuid,
    pub receipt_no: Option<String>,
    pub line_no: u32,
    #[ts(type = "number")]
    pub sold_qty_milli: i64,
    #[ts(type = "number")]
    pub returned_qty_milli: i64,
    pub returns: u32,
}
