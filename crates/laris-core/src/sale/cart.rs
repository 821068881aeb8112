//! The cart being rung up: in memory until paid. Lines hold a snapshot of the product as it
//! was when added, so the sale records the price the customer was shown.

use crate::catalog::Product;
use crate::error::{CoreError, Result};
use crate::sale::pricing::{self, LineInput, PricingRules, Totals, check_qty};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CartLine {
    pub product: Product,
    pub qty_milli: i64,
    /// Rupiah off this line.
    pub discount: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    /// Rupiah off the whole cart, after line discounts.
    pub discount: i64,
}

/// Whole units only, unless the product is sold by weight or measure.
fn check_qty_for(product: &Product, qty_milli: i64) -> Result<()> {
    check_qty(qty_milli)?;
    if !product.sold_by_weight && qty_milli % 1000 != 0 {
        return Err(CoreError::invalid(
            "qty",
            format!("{} is sold in whole {}", product.name, product.unit),
        ));
    }
    Ok(())
}

impl Cart {
    pub fn new() -> Self {
        Cart::default()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds `qty_milli` of a product. Scanning the same undiscounted product again adds to its
    /// line instead of making a new one. Returns the index of the line.
    pub fn add(&mut self, product: &Product, qty_milli: i64) -> Result<usize> {
        check_qty_for(product, qty_milli)?;
        if !product.active {
            return Err(CoreError::invalid(
                "product",
                format!("{} is no longer sold", product.name),
            ));
        }
        if let Some(i) = self
            .lines
            .iter()
            .position(|l| l.product.id == product.id && l.discount == 0 && !product.sold_by_weight)
        {
            let qty = self.lines[i].qty_milli.saturating_add(qty_milli);
            check_qty(qty)?;
            self.lines[i].qty_milli = qty;
            return Ok(i);
        }
        self.lines.push(CartLine {
            product: product.clone(),
            qty_milli,
            discount: 0,
        });
        Ok(self.lines.len() - 1)
    }

    pub fn set_qty(&mut self, line: usize, qty_milli: i64) -> Result<()> {
        let l = self.line_mut(line)?;
        check_qty_for(&l.product, qty_milli)?;
        l.qty_milli = qty_milli;
        Ok(())
    }

    pub fn set_line_discount(&mut self, line: usize, discount: i64) -> Result<()> {
        let l = self.line_mut(line)?;
        let gross = pricing::line_amount(l.qty_milli, l.product.price);
        if discount < 0 || discount > gross {
            return Err(CoreError::invalid(
                "discount",
                format!("must be between Rp 0 and the line's Rp {gross}"),
            ));
        }
        l.discount = discount;
        Ok(())
    }

    pub fn set_discount(&mut self, discount: i64) -> Result<()> {
        if discount < 0 {
            return Err(CoreError::invalid("discount", "must not be negative"));
        }
        self.discount = discount;
        Ok(())
    }

    pub fn remove(&mut self, line: usize) -> Result<CartLine> {
        self.line_mut(line)?;
        Ok(self.lines.remove(line))
    }

    pub fn clear(&mut self) {
        *self = Cart::default();
    }

    pub fn totals(&self, rules: PricingRules) -> Result<Totals> {
        let inputs: Vec<LineInput> = self
            .lines
            .iter()
            .map(|l| LineInput {
                qty_milli: l.qty_milli,
                unit_price: l.product.price,
                unit_cost: l.product.cost,
                discount: l.discount,
            })
            .collect();
        pricing::price(&inputs, self.discount, rules)
    }

    fn line_mut(&mut self, line: usize) -> Result<&mut CartLine> {
        self.lines.get_mut(line).ok_or(CoreError::NoSuchLine(line))
    }
}
