//! `laris product set CODE ...`: changes one product through laris-core's `upsert_product`,
//! the path the window and CSV import take, so each changed field is HLC-stamped and, once
//! the till is paired, enqueued for sync in the same transaction.

use std::path::Path;

use laris_core::{Product, ProductDraft, Upserted};

use crate::error::{CliError, Result};
use crate::print::say;
use crate::{open, output};

/// What to change; `None` keeps the field as it is.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ProductChanges {
    /// Selling price, whole Rupiah (12500 or 12.500).
    #[arg(long, allow_hyphen_values = true)]
    pub price: Option<String>,
    /// Cost price (HPP), whole Rupiah.
    #[arg(long, allow_hyphen_values = true)]
    pub cost: Option<String>,
    #[arg(long)]
    pub name: Option<String>,
    /// A category name; an empty one removes the category.
    #[arg(long)]
    pub category: Option<String>,
    /// Another barcode for the product. Repeatable.
    #[arg(long = "add-barcode")]
    pub add_barcodes: Vec<String>,
    /// A barcode the product no longer has. Repeatable.
    #[arg(long = "remove-barcode")]
    pub remove_barcodes: Vec<String>,
}

impl ProductChanges {
    fn is_empty(&self) -> bool {
        self.price.is_none()
            && self.cost.is_none()
            && self.name.is_none()
            && self.category.is_none()
            && self.add_barcodes.is_empty()
            && self.remove_barcodes.is_empty()
    }

    /// `p` with these changes, checked whole before anything is written.
    fn apply(&self, p: &Product) -> Result<ProductDraft> {
        let mut draft = ProductDraft {
            sku: p.sku.clone(),
            name: p.name.clone(),
            category: p.category.clone(),
            unit: p.unit.clone(),
            price: p.price,
            cost: p.cost,
            sold_by_weight: p.sold_by_weight,
            track_stock: p.track_stock,
            min_stock_milli: p.min_stock_milli,
            active: p.active,
            barcodes: p.barcodes.clone(),
        };
        if let Some(v) = &self.price {
            draft.price = rupiah("--price", v)?;
        }
        if let Some(v) = &self.cost {
            draft.cost = rupiah("--cost", v)?;
        }
        if let Some(v) = &self.name {
            draft.name = v.trim().to_string();
        }
        if let Some(v) = &self.category {
            let v = v.trim();
            draft.category = (!v.is_empty()).then(|| v.to_string());
        }
        for code in &self.remove_barcodes {
            let code = code.trim();
            if !draft.barcodes.iter().any(|b| b == code) {
                return Err(CliError::Usage(format!(
                    "--remove-barcode {code}: {} has no such barcode",
                    p.sku
                )));
            }
            draft.barcodes.retain(|b| b != code);
        }
        for code in &self.add_barcodes {
            let code = code.trim().to_string();
            if !draft.barcodes.contains(&code) {
                draft.barcodes.push(code);
            }
        }
        draft.validate()?;
        Ok(draft)
    }
}

/// Whole Rupiah as typed: digits, optionally grouped with dots (`12.500`), nothing negative.
fn rupiah(flag: &str, text: &str) -> Result<i64> {
    let t = text.trim();
    let usage = |why: &str| CliError::Usage(format!("{flag} {text:?}: {why}"));
    if t.starts_with('-') {
        return Err(usage("must not be negative"));
    }
    let grouped_ok = t
        .split('.')
        .enumerate()
        .all(|(i, g)| !g.is_empty() && (i == 0 || g.len() == 3));
    let digits = t.replace('.', "");
    if !grouped_ok || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(usage("use whole Rupiah, e.g. 12500 or 12.500"));
    }
    digits
        .parse()
        .map_err(|_| usage("is not a plausible amount"))
}

pub fn set(db: &Path, json: bool, code: &str, changes: &ProductChanges) -> Result<()> {
    if changes.is_empty() {
        return Err(CliError::Usage(
            "say what to change: --price, --cost, --name, --category, --add-barcode or \
             --remove-barcode"
                .into(),
        ));
    }
    let mut store = open::store(db)?;
    let product = store.product_by_code(code)?;
    let draft = changes.apply(&product)?;
    let (after, outcome) = store.upsert_product(&draft)?;
    if json {
        return output::json(&serde_json::json!({
            "product": after,
            "changed": outcome != Upserted::Unchanged,
        }));
    }
    if outcome == Upserted::Unchanged {
        say!("{} {}: nothing to change.", after.sku, after.name)?;
        return Ok(());
    }
    let queued = if store.sync_state()?.is_paired() {
        " (queued for sync)"
    } else {
        ""
    };
    say!(
        "{} {}: {} / {}, cost {}{queued}",
        after.sku,
        after.name,
        laris_core::format_rupiah(after.price),
        after.unit,
        laris_core::format_rupiah(after.cost),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_is_whole_and_not_negative() {
        assert_eq!(rupiah("--price", "12500").unwrap(), 12_500);
        assert_eq!(rupiah("--price", "12.500").unwrap(), 12_500);
        assert_eq!(rupiah("--price", "1.250.000").unwrap(), 1_250_000);
        assert_eq!(rupiah("--price", "0").unwrap(), 0);
        for bad in ["-5", "12,5", "12.5", "abc", "", "1..000", ".500"] {
            assert!(rupiah("--price", bad).is_err(), "{bad:?}");
        }
        assert!(
            rupiah("--price", "-5")
                .unwrap_err()
                .to_string()
                .contains("negative")
        );
    }
}
