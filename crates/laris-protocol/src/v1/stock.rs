//! A stock movement made by hand on a device (restock or adjustment), on the wire (v1). The
//! movements of sale lines are not sent: they follow from the sale ([`super::SaleV1::stock_movements`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::check::{self, MAX_QTY_MILLI};
use crate::error::{ProtocolError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MovementKindV1 {
    /// Goods received from a supplier (positive).
    Restock,
    /// A correction after counting, breakage, spoilage (either sign; a reason is required).
    Adjustment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StockMovementV1 {
    pub id: Uuid,
    pub product_id: Uuid,
    pub kind: MovementKindV1,
    /// The change of the level, in milli-units.
    pub qty_milli: i64,
    pub reason: Option<String>,
    /// Unix milliseconds.
    pub created_at: i64,
}

impl StockMovementV1 {
    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("movement.id", self.id)?;
        check::nonzero_id("movement.product_id", self.product_id)?;
        check::range(
            "movement.qty_milli",
            self.qty_milli,
            -MAX_QTY_MILLI,
            MAX_QTY_MILLI,
        )?;
        check::opt_text(
            "movement.reason",
            self.reason.as_deref(),
            check::MAX_REASON_CHARS,
        )?;
        check::range("movement.created_at", self.created_at, 0, i64::MAX)?;
        match self.kind {
            MovementKindV1::Restock if self.qty_milli <= 0 => Err(ProtocolError::invalid(
                "movement.qty_milli",
                "a restock adds a positive quantity",
            )),
            MovementKindV1::Adjustment if self.qty_milli == 0 => Err(ProtocolError::invalid(
                "movement.qty_milli",
                "an adjustment of zero changes nothing",
            )),
            MovementKindV1::Adjustment if self.reason.is_none() => Err(ProtocolError::invalid(
                "movement.reason",
                "an adjustment says why",
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample_movement() -> StockMovementV1 {
        StockMovementV1 {
            id: Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_0002),
            product_id: Uuid::from_u128(3),
            kind: MovementKindV1::Adjustment,
            qty_milli: -1500,
            reason: Some("pecah".into()),
            created_at: 1_767_225_600_000,
        }
    }

    #[test]
    fn movement_rules() {
        sample_movement().validate().unwrap();
        let bad = |f: fn(&mut StockMovementV1)| {
            let mut m = sample_movement();
            f(&mut m);
            m.validate().unwrap_err().code()
        };
        assert_eq!(bad(|m| m.reason = None), "invalid_field");
        assert_eq!(bad(|m| m.qty_milli = 0), "invalid_field");
        assert_eq!(bad(|m| m.kind = MovementKindV1::Restock), "invalid_field");
        assert_eq!(bad(|m| m.qty_milli = MAX_QTY_MILLI + 1), "invalid_field");
        assert_eq!(bad(|m| m.product_id = Uuid::nil()), "invalid_field");
        let mut restock = sample_movement();
        restock.kind = MovementKindV1::Restock;
        restock.qty_milli = 24_000;
        restock.reason = None;
        restock.validate().unwrap();
    }
}
