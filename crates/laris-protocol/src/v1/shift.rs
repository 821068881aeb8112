//! A till's shifts on the wire (protocol version 3 on): the opening with its float, cash put
//! in or taken out, and the closing with what was expected and counted per payment method.
//! Sales belong to the shift open on their till when they were made (by time, on that till),
//! so a sale carries no shift and a v1 sale needs no change. Each is its own event, only ever
//! added.
//!
//! Field order is the binary layout: never reorder, insert or remove fields.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::PaymentMethodV1;
use super::check::{self, MAX_PERSON_CHARS, MAX_REASON_CHARS};
use crate::error::{ProtocolError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShiftOpenV1 {
    pub id: Uuid,
    pub opened_at: i64,
    pub opened_by: Option<String>,
    /// The cash in the drawer at the start.
    pub float: i64,
}

/// Cash put into the drawer (positive) or taken out (negative), with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CashMoveV1 {
    pub id: Uuid,
    pub shift_id: Uuid,
    pub amount: i64,
    pub reason: String,
    pub created_at: i64,
    pub by: Option<String>,
}

/// One payment method at a closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShiftMethodV1 {
    pub method: PaymentMethodV1,
    /// Sales less refunds plus repayments by this method (change given is not takings).
    pub takings: i64,
    /// What should be there (cash: float + takings + cash in − cash out).
    pub expected: i64,
    pub counted: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShiftCloseV1 {
    pub shift_id: Uuid,
    pub closed_at: i64,
    pub closed_by: Option<String>,
    pub sale_count: u32,
    pub sales_total: i64,
    pub kasbon_charged: i64,
    pub refunds: i64,
    pub methods: Vec<ShiftMethodV1>,
    pub note: Option<String>,
}

fn money_any_sign(field: &'static str, v: i64) -> Result<()> {
    check::range(field, v, -check::MAX_MONEY, check::MAX_MONEY)
}

impl ShiftOpenV1 {
    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("shift.id", self.id)?;
        check::range("shift.opened_at", self.opened_at, 0, i64::MAX)?;
        check::opt_text(
            "shift.opened_by",
            self.opened_by.as_deref(),
            MAX_PERSON_CHARS,
        )?;
        check::money("shift.float", self.float)
    }
}

impl CashMoveV1 {
    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("cash_move.id", self.id)?;
        check::nonzero_id("cash_move.shift_id", self.shift_id)?;
        money_any_sign("cash_move.amount", self.amount)?;
        if self.amount == 0 {
            return Err(ProtocolError::invalid("cash_move.amount", "a move of zero"));
        }
        check::text("cash_move.reason", &self.reason, MAX_REASON_CHARS)?;
        check::range("cash_move.created_at", self.created_at, 0, i64::MAX)?;
        check::opt_text("cash_move.by", self.by.as_deref(), MAX_PERSON_CHARS)
    }
}

impl ShiftCloseV1 {
    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("shift.id", self.shift_id)?;
        check::range("shift.closed_at", self.closed_at, 0, i64::MAX)?;
        check::opt_text(
            "shift.closed_by",
            self.closed_by.as_deref(),
            MAX_PERSON_CHARS,
        )?;
        check::opt_text("shift.note", self.note.as_deref(), MAX_REASON_CHARS)?;
        check::money("shift.sales_total", self.sales_total)?;
        check::money("shift.kasbon_charged", self.kasbon_charged)?;
        check::money("shift.refunds", self.refunds)?;
        if self.methods.len() > 8 {
            return Err(ProtocolError::invalid("shift.methods", "at most 8 methods"));
        }
        let mut seen = std::collections::HashSet::new();
        for m in &self.methods {
            if !seen.insert(m.method) {
                return Err(ProtocolError::invalid(
                    "shift.methods",
                    "a method listed twice",
                ));
            }
            money_any_sign("shift.takings", m.takings)?;
            money_any_sign("shift.expected", m.expected)?;
            if let Some(c) = m.counted {
                check::money("shift.counted", c)?;
            }
        }
        Ok(())
    }
}
