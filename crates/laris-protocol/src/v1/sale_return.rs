//! A void or refund of a sale on the wire (v1, protocol version 2 on): some or all of a
//! sale's lines taken back, the money paid back and the goods back in stock. It references the
//! original sale and never changes it; several returns of one sale, made on different tills
//! while offline, may together take back more than was sold: the server keeps every one and
//! flags the sale (an over-refund), it never drops one.
//!
//! Field order is the binary layout: never reorder, insert or remove fields.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::check::{self, MAX_LINES_PER_SALE, MAX_QTY_MILLI};
use super::{DerivedMovement, PaymentMethodV1};
use crate::error::{ProtocolError, Result};

/// The protocol version that first carries [`SaleReturnV1`].
pub const SALE_RETURN_SINCE: u16 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnKindV1 {
    /// The whole sale undone on its own shop-local day (a mistake at the counter).
    Void,
    /// Some lines or part of a quantity taken back, any day.
    Refund,
}

/// One line taken back: `line_no` is the sale line's 1-based position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SaleReturnLineV1 {
    pub line_no: u32,
    pub product_id: Uuid,
    pub qty_milli: i64,
    /// The money paid back for this line.
    pub amount: i64,
    /// The cost of the goods coming back (profit is reduced by `amount - cost`).
    pub cost: i64,
    /// Whether the goods go back into stock (the sale line moved stock), i.e. whether the
    /// line has a movement (id [`return_movement_id`]).
    pub moves_stock: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SaleReturnV1 {
    pub id: Uuid,
    pub sale_id: Uuid,
    pub kind: ReturnKindV1,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Who was on duty.
    pub cashier: Option<String>,
    pub reason: String,
    /// How the money went back.
    pub method: PaymentMethodV1,
    pub amount: i64,
    pub cost: i64,
    pub lines: Vec<SaleReturnLineV1>,
    /// The owner who approved it.
    pub approved_by: Option<Uuid>,
}

/// The id of the stock movement of a return's line: derived, like a sale line's.
pub fn return_movement_id(return_id: Uuid, line_no: u32) -> Uuid {
    Uuid::new_v5(&return_id, &i64::from(line_no).to_be_bytes())
}

impl SaleReturnV1 {
    /// The stock movements this return implies (goods back: positive).
    pub fn stock_movements(&self) -> impl Iterator<Item = DerivedMovement> + '_ {
        self.lines
            .iter()
            .filter(|l| l.moves_stock)
            .map(|l| DerivedMovement {
                id: return_movement_id(self.id, l.line_no),
                product_id: l.product_id,
                qty_milli: l.qty_milli,
                line_no: i64::from(l.line_no),
            })
    }

    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("return.id", self.id)?;
        check::nonzero_id("return.sale_id", self.sale_id)?;
        check::range("return.created_at", self.created_at, 0, i64::MAX)?;
        check::opt_text(
            "return.cashier",
            self.cashier.as_deref(),
            check::MAX_PERSON_CHARS,
        )?;
        check::text("return.reason", &self.reason, check::MAX_REASON_CHARS)?;
        check::money("return.amount", self.amount)?;
        check::money("return.cost", self.cost)?;
        if self.lines.is_empty() || self.lines.len() > MAX_LINES_PER_SALE {
            return Err(ProtocolError::invalid(
                "return.lines",
                format!("a return has 1 to {MAX_LINES_PER_SALE} lines"),
            ));
        }
        let (mut amount, mut cost) = (0i128, 0i128);
        let mut seen = std::collections::HashSet::new();
        for l in &self.lines {
            if l.line_no == 0 || !seen.insert(l.line_no) {
                return Err(ProtocolError::invalid(
                    "return.line_no",
                    format!("line {} is 0 or taken back twice in one return", l.line_no),
                ));
            }
            check::nonzero_id("return.product_id", l.product_id)?;
            check::range("return.qty_milli", l.qty_milli, 1, MAX_QTY_MILLI)?;
            check::money("return.line_amount", l.amount)?;
            check::money("return.line_cost", l.cost)?;
            amount += i128::from(l.amount);
            cost += i128::from(l.cost);
        }
        check::same("return.amount", amount, self.amount)?;
        check::same("return.cost", cost, self.cost)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SaleReturnV1 {
        SaleReturnV1 {
            id: Uuid::from_u128(7),
            sale_id: Uuid::from_u128(3),
            kind: ReturnKindV1::Refund,
            created_at: 1_795_748_400_000,
            cashier: Some("Dewi".into()),
            reason: "kemasan rusak".into(),
            method: PaymentMethodV1::Cash,
            amount: 7_000,
            cost: 5_000,
            lines: vec![SaleReturnLineV1 {
                line_no: 1,
                product_id: Uuid::from_u128(11),
                qty_milli: 2_000,
                amount: 7_000,
                cost: 5_000,
                moves_stock: true,
            }],
            approved_by: Some(Uuid::from_u128(1)),
        }
    }

    #[test]
    fn a_return_adds_up_and_moves_its_goods_back() {
        let r = sample();
        r.validate().unwrap();
        let moves: Vec<_> = r.stock_movements().collect();
        assert_eq!(moves.len(), 1);
        assert_eq!(moves[0].qty_milli, 2_000);
        assert_eq!(moves[0].id, return_movement_id(r.id, 1));
        assert_ne!(moves[0].id, super::super::sale_movement_id(r.sale_id, 1));
    }

    #[test]
    fn a_return_that_does_not_add_up_is_refused() {
        let mut r = sample();
        r.amount = 7_001;
        assert!(r.validate().is_err());
        let mut r = sample();
        r.lines.push(r.lines[0].clone());
        assert!(r.validate().is_err());
        let mut r = sample();
        r.reason = " ".into();
        assert!(r.validate().is_err());
        let mut r = sample();
        r.lines[0].qty_milli = 0;
        assert!(r.validate().is_err());
    }
}
