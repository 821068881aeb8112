use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::TenderMethod;

/// One payment method in a shift: what the till expects and, once closed, what was counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftMethodView {
    pub method: TenderMethod,
    /// Takings by this method (sales minus refunds, plus kasbon repayments; change given is
    /// not takings), before the float and cash moves.
    #[ts(type = "number")]
    pub takings: i64,
    /// What should be there: for cash, float + takings + cash in − cash out.
    #[ts(type = "number")]
    pub expected: i64,
    #[ts(type = "number | null")]
    pub counted: Option<i64>,
    /// `counted − expected` (negative: short).
    #[ts(type = "number | null")]
    pub difference: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CashMoveKind {
    /// Cash put into the drawer (e.g. change from the bank).
    In,
    /// Cash taken out (e.g. paying a supplier, the owner's take).
    Out,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CashMoveView {
    pub id: Uuid,
    pub kind: CashMoveKind,
    #[ts(type = "number")]
    pub amount: i64,
    pub reason: String,
    #[ts(type = "number")]
    pub at: i64,
    pub by: Option<String>,
}

/// A shift of one till: open (`closedAt` null) or closed with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftView {
    pub id: Uuid,
    /// The till's receipt prefix.
    pub device_code: Option<String>,
    /// Opened on this till (false: pulled from another till of the shop).
    pub this_till: bool,
    #[ts(type = "number")]
    pub opened_at: i64,
    pub opened_by: Option<String>,
    #[ts(type = "number")]
    pub float: i64,
    #[ts(type = "number | null")]
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
    pub sale_count: u32,
    #[ts(type = "number")]
    pub sales_total: i64,
    /// What was put on customers' kasbon in the shift (not in the drawer).
    #[ts(type = "number")]
    pub kasbon_charged: i64,
    #[ts(type = "number")]
    pub refunds: i64,
    #[ts(type = "number")]
    pub cash_in: i64,
    #[ts(type = "number")]
    pub cash_out: i64,
    pub methods: Vec<ShiftMethodView>,
    pub cash_moves: Vec<CashMoveView>,
    pub note: Option<String>,
}

/// The counter's view of shifts: the open one, and what the last closing counted in cash
/// (offered as the next float).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftStatusView {
    pub open: Option<ShiftView>,
    #[ts(type = "number | null")]
    pub last_counted_cash: Option<i64>,
    /// Sales rung up today on this till with no shift open.
    pub sales_outside_shift: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenShiftInput {
    #[ts(type = "number")]
    pub float: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CashMoveInput {
    pub kind: CashMoveKind,
    #[ts(type = "number")]
    pub amount: i64,
    pub reason: String,
}

/// Closing the open shift: the cash counted, and, if the owner wants, QRIS and transfer
/// totals counted from the merchant app and the bank.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloseShiftInput {
    #[ts(type = "number")]
    pub counted_cash: i64,
    #[ts(type = "number | null")]
    pub counted_qris: Option<i64>,
    #[ts(type = "number | null")]
    pub counted_transfer: Option<i64>,
    pub note: Option<String>,
}
