//! A stock count (stock opname) on the wire (protocol version 3 on). Each counted product
//! carries what the till expected at that moment and what was counted; what changes the
//! level is the difference, as a movement derived from the count (like a sale's), so sales
//! on other tills before and after the count still add up wherever the movements are summed.
//!
//! Field order is the binary layout: never reorder, insert or remove fields.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::DerivedMovement;
use super::check::{
    self, MAX_LINES_PER_SALE, MAX_PERSON_CHARS, MAX_PRICE, MAX_QTY_MILLI, MAX_REASON_CHARS,
};
use crate::error::{ProtocolError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StockCountLineV1 {
    pub product_id: Uuid,
    pub expected_milli: i64,
    pub counted_milli: i64,
    /// The product's cost per unit at the count, for the value of the difference.
    pub unit_cost: i64,
}

impl StockCountLineV1 {
    pub fn difference_milli(&self) -> i64 {
        self.counted_milli - self.expected_milli
    }

    /// The difference at cost, whole Rupiah, rounded half away from zero (negative: goods
    /// missing), as laris-core's `CountLine::value`.
    pub fn value(&self) -> i64 {
        let n = i128::from(self.difference_milli()) * i128::from(self.unit_cost);
        let r = (n.abs() + 500) / 1000;
        (if n < 0 { -r } else { r }) as i64
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StockCountV1 {
    pub id: Uuid,
    pub created_at: i64,
    pub by: Option<String>,
    pub note: Option<String>,
    pub lines: Vec<StockCountLineV1>,
    pub approved_by: Option<Uuid>,
}

/// The id of the movement of a count's line (1-based): derived, like a sale line's.
pub fn count_movement_id(count_id: Uuid, line_no: u32) -> Uuid {
    Uuid::new_v5(&count_id, format!("count-{line_no}").as_bytes())
}

impl StockCountV1 {
    /// The corrections the count implies: one per line whose count differs.
    pub fn stock_movements(&self) -> impl Iterator<Item = DerivedMovement> + '_ {
        self.lines
            .iter()
            .zip(1u32..)
            .filter(|(l, _)| l.difference_milli() != 0)
            .map(|(l, n)| DerivedMovement {
                id: count_movement_id(self.id, n),
                product_id: l.product_id,
                qty_milli: l.difference_milli(),
                line_no: i64::from(n),
            })
    }

    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("count.id", self.id)?;
        check::range("count.created_at", self.created_at, 0, i64::MAX)?;
        check::opt_text("count.by", self.by.as_deref(), MAX_PERSON_CHARS)?;
        check::opt_text("count.note", self.note.as_deref(), MAX_REASON_CHARS)?;
        if self.lines.is_empty() || self.lines.len() > MAX_LINES_PER_SALE {
            return Err(ProtocolError::invalid(
                "count.lines",
                format!("a count has 1 to {MAX_LINES_PER_SALE} products"),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for l in &self.lines {
            check::nonzero_id("count.product_id", l.product_id)?;
            if !seen.insert(l.product_id) {
                return Err(ProtocolError::invalid(
                    "count.product_id",
                    "a product counted twice",
                ));
            }
            check::range(
                "count.expected_milli",
                l.expected_milli,
                -MAX_QTY_MILLI * 10,
                MAX_QTY_MILLI * 10,
            )?;
            check::range("count.counted_milli", l.counted_milli, 0, MAX_QTY_MILLI)?;
            check::range("count.unit_cost", l.unit_cost, 0, MAX_PRICE)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_moves_only_the_differences() {
        let c = StockCountV1 {
            id: Uuid::from_u128(4),
            created_at: 1,
            by: None,
            note: None,
            lines: vec![
                StockCountLineV1 {
                    product_id: Uuid::from_u128(1),
                    expected_milli: 10_000,
                    counted_milli: 8_000,
                    unit_cost: 3_000,
                },
                StockCountLineV1 {
                    product_id: Uuid::from_u128(2),
                    expected_milli: 5_000,
                    counted_milli: 5_000,
                    unit_cost: 1_000,
                },
            ],
            approved_by: None,
        };
        c.validate().unwrap();
        let moves: Vec<_> = c.stock_movements().collect();
        assert_eq!(moves.len(), 1);
        assert_eq!((moves[0].qty_milli, moves[0].line_no), (-2_000, 1));
        assert_eq!(moves[0].id, count_movement_id(c.id, 1));
        assert_eq!((c.lines[0].value(), c.lines[1].value()), (-6_000, 0));
        let mut twice = c.clone();
        twice.lines[1].product_id = Uuid::from_u128(1);
        assert!(twice.validate().is_err());
    }
}
