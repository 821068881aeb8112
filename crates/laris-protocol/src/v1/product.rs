//! A product as a mutable record on the wire (v1): every field carries the HLC stamp of the
//! edit that last set it, and two versions merge field by field, the later stamp winning.
//! Deletion is a tombstone field like the others. The merge is commutative, associative and
//! idempotent, so devices and server converge whatever order changes arrive in.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::check::{self, MAX_BARCODES_PER_PRODUCT, MAX_PRICE, MAX_QTY_MILLI};
use crate::error::{ProtocolError, Result};
use crate::hlc::Hlc;

/// A value and the stamp of the edit that set it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Stamped_{T}"))]
pub struct Stamped<T> {
    pub value: T,
    #[cfg_attr(
        feature = "schema",
        schemars(
            with = "String",
            regex(pattern = r"^[0-9a-f]{56}$"),
            description = "HLC stamp: 16 hex digits of Unix ms, 8 of counter, 32 of node (string order is stamp order)"
        )
    )]
    pub hlc: Hlc,
}

impl<T: Ord + Clone> Stamped<T> {
    pub fn new(value: T, hlc: Hlc) -> Self {
        Stamped { value, hlc }
    }

    /// Takes `other` if it is the later write. Equal stamps with different values (a
    /// protocol violation) resolve to the larger value, so the merge still converges.
    /// Returns whether `self` changed.
    pub fn merge(&mut self, other: &Stamped<T>) -> bool {
        let wins = other.hlc > self.hlc || (other.hlc == self.hlc && other.value > self.value);
        if wins {
            self.value = other.value.clone();
            self.hlc = other.hlc;
        }
        wins
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductV1 {
    pub id: Uuid,
    pub sku: Stamped<String>,
    pub name: Stamped<String>,
    /// The category's name.
    pub category: Stamped<Option<String>>,
    pub unit: Stamped<String>,
    pub price: Stamped<i64>,
    pub cost: Stamped<i64>,
    pub sold_by_weight: Stamped<bool>,
    pub track_stock: Stamped<bool>,
    pub min_stock_milli: Stamped<i64>,
    pub active: Stamped<bool>,
    /// The whole set of barcodes is one field.
    pub barcodes: Stamped<Vec<String>>,
    /// Tombstone: a deleted product keeps its id and last fields so late edits still merge.
    pub deleted: Stamped<bool>,
}

impl ProductV1 {
    /// Every field's stamp (for the server's drift check and the device's clock merge).
    pub fn stamps(&self) -> [Hlc; 12] {
        [
            self.sku.hlc,
            self.name.hlc,
            self.category.hlc,
            self.unit.hlc,
            self.price.hlc,
            self.cost.hlc,
            self.sold_by_weight.hlc,
            self.track_stock.hlc,
            self.min_stock_milli.hlc,
            self.active.hlc,
            self.barcodes.hlc,
            self.deleted.hlc,
        ]
    }

    /// The latest stamp of any field.
    pub fn max_hlc(&self) -> Hlc {
        self.stamps().into_iter().max().unwrap_or(Hlc::ZERO)
    }

    /// Merges `other` (a version of the same product) into `self`, field by field.
    /// Returns whether anything changed.
    pub fn merge(&mut self, other: &ProductV1) -> Result<bool> {
        if self.id != other.id {
            return Err(ProtocolError::invalid(
                "product.id",
                format!("cannot merge product {} into {}", other.id, self.id),
            ));
        }
        let changed = [
            self.sku.merge(&other.sku),
            self.name.merge(&other.name),
            self.category.merge(&other.category),
            self.unit.merge(&other.unit),
            self.price.merge(&other.price),
            self.cost.merge(&other.cost),
            self.sold_by_weight.merge(&other.sold_by_weight),
            self.track_stock.merge(&other.track_stock),
            self.min_stock_milli.merge(&other.min_stock_milli),
            self.active.merge(&other.active),
            self.barcodes.merge(&other.barcodes),
            self.deleted.merge(&other.deleted),
        ];
        Ok(changed.contains(&true))
    }

    /// Field bounds, as laris-core's `ProductDraft::validate`.
    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("product.id", self.id)?;
        check::code("product.sku", &self.sku.value)?;
        check::text("product.name", &self.name.value, check::MAX_NAME_CHARS)?;
        check::opt_text(
            "product.category",
            self.category.value.as_deref(),
            check::MAX_NAME_CHARS,
        )?;
        check::text("product.unit", &self.unit.value, check::MAX_UNIT_CHARS)?;
        check::range("product.price", self.price.value, 0, MAX_PRICE)?;
        check::range("product.cost", self.cost.value, 0, MAX_PRICE)?;
        check::range(
            "product.min_stock_milli",
            self.min_stock_milli.value,
            0,
            MAX_QTY_MILLI,
        )?;
        let codes = &self.barcodes.value;
        if codes.len() > MAX_BARCODES_PER_PRODUCT {
            return Err(ProtocolError::invalid(
                "product.barcodes",
                format!("at most {MAX_BARCODES_PER_PRODUCT} barcodes"),
            ));
        }
        for (i, code) in codes.iter().enumerate() {
            check::code("product.barcode", code)?;
            if codes[..i].contains(code) {
                return Err(ProtocolError::invalid(
                    "product.barcodes",
                    format!("{code} is listed twice"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample_product(hlc: Hlc) -> ProductV1 {
        ProductV1 {
            id: Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_0003),
            sku: Stamped::new("W0001".into(), hlc),
            name: Stamped::new("Indomie Goreng 85g".into(), hlc),
            category: Stamped::new(Some("Mi Instan".into()), hlc),
            unit: Stamped::new("pcs".into(), hlc),
            price: Stamped::new(3_500, hlc),
            cost: Stamped::new(3_050, hlc),
            sold_by_weight: Stamped::new(false, hlc),
            track_stock: Stamped::new(true, hlc),
            min_stock_milli: Stamped::new(0, hlc),
            active: Stamped::new(true, hlc),
            barcodes: Stamped::new(vec!["2000000000015".into()], hlc),
            deleted: Stamped::new(false, hlc),
        }
    }

    fn at(ms: u64, node: u128) -> Hlc {
        Hlc::new(ms, 0, Uuid::from_u128(node))
    }

    #[test]
    fn later_field_wins_in_any_order() {
        let base = sample_product(at(100, 1));
        let mut a = base.clone();
        a.price = Stamped::new(4_000, at(200, 1));
        let mut b = base.clone();
        b.name = Stamped::new("Indomie Goreng".into(), at(150, 2));
        b.price = Stamped::new(3_800, at(180, 2));
        b.deleted = Stamped::new(true, at(190, 2));

        let mut ab = a.clone();
        assert!(ab.merge(&b).unwrap());
        let mut ba = b.clone();
        assert!(ba.merge(&a).unwrap());
        assert_eq!(ab, ba);
        assert_eq!(ab.price.value, 4_000);
        assert_eq!(ab.name.value, "Indomie Goreng");
        assert!(ab.deleted.value);
        assert_eq!(ab.max_hlc(), at(200, 1));
        // Idempotent.
        assert!(!ab.merge(&b).unwrap());
    }

    #[test]
    fn node_breaks_a_tie_and_equal_stamps_still_converge() {
        let mut x = Stamped::new(1i64, at(5, 1));
        assert!(x.merge(&Stamped::new(2, at(5, 2))));
        assert_eq!(x.value, 2);
        let mut p = Stamped::new(7i64, at(5, 1));
        let mut q = Stamped::new(3i64, at(5, 1));
        let (p0, q0) = (p.clone(), q.clone());
        p.merge(&q0);
        q.merge(&p0);
        assert_eq!(p, q);
    }

    #[test]
    fn cannot_merge_another_product() {
        let mut a = sample_product(at(1, 1));
        let mut b = a.clone();
        b.id = Uuid::from_u128(9);
        assert_eq!(a.merge(&b).unwrap_err().code(), "invalid_field");
    }

    #[test]
    fn product_rules() {
        sample_product(at(1, 1)).validate().unwrap();
        let bad = |f: fn(&mut ProductV1)| {
            let mut p = sample_product(at(1, 1));
            f(&mut p);
            p.validate().is_err()
        };
        assert!(bad(|p| p.name.value = " ".into()));
        assert!(bad(|p| p.unit.value = "x".repeat(21)));
        assert!(bad(|p| p.price.value = -1));
        assert!(bad(|p| p.sku.value = "has space".into()));
        assert!(bad(|p| p.barcodes.value.push("2000000000015".into())));
        assert!(bad(|p| p.min_stock_milli.value = -5));
    }
}
