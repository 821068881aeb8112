//! Kasbon (customer credit) on the wire (protocol version 3 on): customers, whose record is
//! replaced whole by the later stamp, and the entries of their ledgers — charges, repayments
//! and refunds — which are only ever added, so a balance is the sum of a customer's entries
//! wherever they are summed, whatever order tills' entries arrive in.
//!
//! Field order is the binary layout: never reorder, insert or remove fields.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::PaymentMethodV1;
use super::check::{self, MAX_PERSON_CHARS, MAX_REASON_CHARS, MAX_REFERENCE_CHARS};
use crate::error::{ProtocolError, Result};
use crate::hlc::Hlc;

/// The protocol version that first carries customers, kasbon, shifts and stock counts.
pub const SHOP_BOOKS_SINCE: u16 = 3;

/// The longest phone number kept (with its `+` and spaces).
pub const MAX_PHONE_CHARS: usize = 32;

/// A customer with a kasbon account; the latest stamp wins, field set as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomerV1 {
    pub id: Uuid,
    pub name: String,
    pub phone: Option<String>,
    pub note: Option<String>,
    /// The most the customer may owe; None: no limit.
    pub credit_limit: Option<i64>,
    /// Unix ms of the record's creation.
    pub created_at: i64,
    /// The stamp of this version of the record.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub stamp: Hlc,
}

impl CustomerV1 {
    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("customer.id", self.id)?;
        check::text("customer.name", &self.name, MAX_PERSON_CHARS)?;
        check::opt_text("customer.phone", self.phone.as_deref(), MAX_PHONE_CHARS)?;
        check::opt_text("customer.note", self.note.as_deref(), MAX_REASON_CHARS)?;
        if let Some(limit) = self.credit_limit {
            check::money("customer.credit_limit", limit)?;
        }
        check::range("customer.created_at", self.created_at, 0, i64::MAX)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum KasbonKindV1 {
    /// A sale, or the part of it not paid, put on the account: the balance goes up.
    Charge,
    /// Money paid back: down.
    Repayment,
    /// A kasbon sale's goods taken back, credited to the account: down.
    Refund,
}

/// One entry of a customer's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KasbonEntryV1 {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub kind: KasbonKindV1,
    /// Always positive; `kind` gives the sign.
    pub amount: i64,
    /// Unix ms.
    pub created_at: i64,
    /// The sale charged, or the sale a refund came from.
    pub sale_id: Option<Uuid>,
    /// The return a refund is part of.
    pub return_id: Option<Uuid>,
    /// How a repayment was paid (cash, QRIS or transfer).
    pub method: Option<PaymentMethodV1>,
    pub reference: Option<String>,
    /// A charge's due date, shop-local `YYYYMMDD`.
    pub due_day: Option<u32>,
    pub cashier: Option<String>,
    pub note: Option<String>,
    /// The owner who approved a charge over the credit limit.
    pub approved_by: Option<Uuid>,
}

impl KasbonEntryV1 {
    /// The entry's effect on the balance.
    pub fn signed_amount(&self) -> i64 {
        match self.kind {
            KasbonKindV1::Charge => self.amount,
            KasbonKindV1::Repayment | KasbonKindV1::Refund => -self.amount,
        }
    }

    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("kasbon.id", self.id)?;
        check::nonzero_id("kasbon.customer_id", self.customer_id)?;
        check::range("kasbon.amount", self.amount, 1, check::MAX_MONEY)?;
        check::range("kasbon.created_at", self.created_at, 0, i64::MAX)?;
        check::opt_text(
            "kasbon.reference",
            self.reference.as_deref(),
            MAX_REFERENCE_CHARS,
        )?;
        check::opt_text("kasbon.cashier", self.cashier.as_deref(), MAX_PERSON_CHARS)?;
        check::opt_text("kasbon.note", self.note.as_deref(), MAX_REASON_CHARS)?;
        if let Some(day) = self.due_day
            && !(19_700_101..=99_991_231).contains(&day)
        {
            return Err(ProtocolError::invalid(
                "kasbon.due_day",
                "not a YYYYMMDD day",
            ));
        }
        match (self.kind, self.method) {
            (KasbonKindV1::Repayment, None | Some(PaymentMethodV1::Kasbon)) => {
                Err(ProtocolError::invalid(
                    "kasbon.method",
                    "a repayment is paid by cash, QRIS or transfer",
                ))
            }
            (KasbonKindV1::Charge | KasbonKindV1::Refund, _) if self.sale_id.is_none() => Err(
                ProtocolError::invalid("kasbon.sale_id", "a charge or refund names its sale"),
            ),
            (KasbonKindV1::Refund, _) if self.return_id.is_none() => Err(ProtocolError::invalid(
                "kasbon.return_id",
                "a refund names its return",
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repayment() -> KasbonEntryV1 {
        KasbonEntryV1 {
            id: Uuid::from_u128(5),
            customer_id: Uuid::from_u128(6),
            kind: KasbonKindV1::Repayment,
            amount: 20_000,
            created_at: 1_795_748_400_000,
            sale_id: None,
            return_id: None,
            method: Some(PaymentMethodV1::Cash),
            reference: None,
            due_day: None,
            cashier: Some("Dewi".into()),
            note: None,
            approved_by: None,
        }
    }

    #[test]
    fn entries_say_which_way_they_go_and_what_they_refer_to() {
        let r = repayment();
        r.validate().unwrap();
        assert_eq!(r.signed_amount(), -20_000);
        let mut bad = repayment();
        bad.method = None;
        assert!(bad.validate().is_err());
        let mut bad = repayment();
        bad.amount = 0;
        assert!(bad.validate().is_err());
        let mut charge = repayment();
        charge.kind = KasbonKindV1::Charge;
        assert!(charge.validate().is_err(), "a charge names its sale");
        charge.sale_id = Some(Uuid::from_u128(9));
        charge.due_day = Some(20_261_231);
        charge.validate().unwrap();
        assert_eq!(charge.signed_amount(), 20_000);
        charge.due_day = Some(1);
        assert!(charge.validate().is_err());
    }
}
