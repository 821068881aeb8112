//! The money arithmetic of a sale: line amounts, discounts, PPN and rounding. Pure functions on
//! whole Rupiah; no database.

use crate::error::{CoreError, Result};

/// The largest quantity one line may carry: 100,000 units (in milli-units).
pub const MAX_QTY_MILLI: i64 = 100_000_000;
/// The most lines one sale may have; the sync protocol refuses larger sales.
pub const MAX_LINES_PER_SALE: usize = 1_000;
/// The largest unit price or cost accepted: Rp 1,000,000,000.
pub const MAX_PRICE: i64 = 1_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum TaxMode {
    #[default]
    None,
    /// Prices already include PPN; the tax is the part of the total that is PPN.
    Inclusive,
    /// PPN is added on top of the discounted subtotal.
    Exclusive,
}

impl TaxMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TaxMode::None => "none",
            TaxMode::Inclusive => "inclusive",
            TaxMode::Exclusive => "exclusive",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "none" => Ok(TaxMode::None),
            "inclusive" => Ok(TaxMode::Inclusive),
            "exclusive" => Ok(TaxMode::Exclusive),
            _ => Err(CoreError::invalid(
                "tax_mode",
                format!("{s:?} is not none, inclusive or exclusive"),
            )),
        }
    }
}

/// PPN setting: the mode and the rate in basis points (11% = 1100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Tax {
    pub mode: TaxMode,
    pub rate_bp: i64,
}

/// Rounding of the amount due to a coin-friendly step (nearest, halves up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Rounding {
    #[default]
    None,
    Nearest100,
    Nearest500,
}

impl Rounding {
    pub fn step(self) -> i64 {
        match self {
            Rounding::None => 1,
            Rounding::Nearest100 => 100,
            Rounding::Nearest500 => 500,
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "none" | "0" | "1" => Ok(Rounding::None),
            "100" => Ok(Rounding::Nearest100),
            "500" => Ok(Rounding::Nearest500),
            _ => Err(CoreError::invalid(
                "rounding",
                format!("{s:?} is not none, 100 or 500"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::None => "none",
            Rounding::Nearest100 => "100",
            Rounding::Nearest500 => "500",
        }
    }
}

/// How the shop prices a sale beyond its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PricingRules {
    pub tax: Tax,
    pub rounding: Rounding,
}

/// One line as priced: what it would cost undiscounted, its discount and its cost of goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAmounts {
    pub gross: i64,
    pub discount: i64,
    pub cost: i64,
}

impl LineAmounts {
    pub fn net(&self) -> i64 {
        self.gross - self.discount
    }
}

/// The priced sale. `total = gross - line_discount - cart_discount + added tax + rounding`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    pub lines: Vec<LineAmounts>,
    pub gross: i64,
    pub line_discount: i64,
    pub cart_discount: i64,
    pub tax: i64,
    pub rounding: i64,
    pub total: i64,
    pub cost: i64,
}

impl Totals {
    /// Revenue net of discounts and PPN: what profit is measured against.
    pub fn revenue(&self) -> i64 {
        self.total - self.tax - self.rounding
    }
}

/// `qty_milli × unit_price / 1000`, rounded half up to a whole Rupiah.
pub fn line_amount(qty_milli: i64, unit_price: i64) -> i64 {
    div_round_half_up(i128::from(qty_milli) * i128::from(unit_price), 1000)
}

fn div_round_half_up(n: i128, d: i128) -> i64 {
    let q = (2 * n + d).div_euclid(2 * d);
    i64::try_from(q).unwrap_or(i64::MAX)
}

pub fn check_qty(qty_milli: i64) -> Result<()> {
    if qty_milli <= 0 {
        return Err(CoreError::invalid("qty", "quantity must be more than zero"));
    }
    if qty_milli > MAX_QTY_MILLI {
        return Err(CoreError::invalid(
            "qty",
            format!("{} units on one line is not plausible", qty_milli / 1000),
        ));
    }
    Ok(())
}

pub fn check_price(field: &'static str, amount: i64) -> Result<()> {
    if amount < 0 {
        return Err(CoreError::invalid(field, "must not be negative"));
    }
    if amount > MAX_PRICE {
        return Err(CoreError::invalid(
            field,
            format!("Rp {amount} is not a plausible amount"),
        ));
    }
    Ok(())
}

/// A line to price: quantity in milli-units, unit price and cost, and its discount.
#[derive(Debug, Clone, Copy)]
pub struct LineInput {
    pub qty_milli: i64,
    pub unit_price: i64,
    pub unit_cost: i64,
    pub discount: i64,
}

/// Prices a sale. Errors when a discount exceeds what it discounts or an input is implausible.
pub fn price(lines: &[LineInput], cart_discount: i64, rules: PricingRules) -> Result<Totals> {
    if lines.is_empty() {
        return Err(CoreError::EmptyCart);
    }
    if lines.len() > MAX_LINES_PER_SALE {
        return Err(CoreError::invalid(
            "cart",
            format!("a sale may have at most {MAX_LINES_PER_SALE} lines"),
        ));
    }
    let mut t = Totals::default();
    for l in lines {
        check_qty(l.qty_milli)?;
        check_price("price", l.unit_price)?;
        check_price("cost", l.unit_cost)?;
        let gross = line_amount(l.qty_milli, l.unit_price);
        if l.discount < 0 || l.discount > gross {
            return Err(CoreError::invalid(
                "discount",
                format!(
                    "line discount Rp {} must be between 0 and the line's Rp {gross}",
                    l.discount
                ),
            ));
        }
        let amounts = LineAmounts {
            gross,
            discount: l.discount,
            cost: line_amount(l.qty_milli, l.unit_cost),
        };
        t.gross += amounts.gross;
        t.line_discount += amounts.discount;
        t.cost += amounts.cost;
        t.lines.push(amounts);
    }
    let subtotal = t.gross - t.line_discount;
    if cart_discount < 0 || cart_discount > subtotal {
        return Err(CoreError::invalid(
            "discount",
            format!(
                "cart discount Rp {cart_discount} must be between 0 and the subtotal Rp {subtotal}"
            ),
        ));
    }
    t.cart_discount = cart_discount;
    let net = subtotal - cart_discount;
    let rate = rules.tax.rate_bp;
    if !(0..=10_000).contains(&rate) {
        return Err(CoreError::invalid(
            "tax_rate",
            "must be between 0% and 100%",
        ));
    }
    let before_rounding = match rules.tax.mode {
        TaxMode::None => net,
        TaxMode::Exclusive => {
            t.tax = div_round_half_up(i128::from(net) * i128::from(rate), 10_000);
            net + t.tax
        }
        TaxMode::Inclusive => {
            t.tax = div_round_half_up(
                i128::from(net) * i128::from(rate),
                i128::from(10_000 + rate),
            );
            net
        }
    };
    let step = rules.rounding.step();
    t.total = div_round_half_up(i128::from(before_rounding), i128::from(step)) * step;
    t.rounding = t.total - before_rounding;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(qty_milli: i64, unit_price: i64, discount: i64) -> LineInput {
        LineInput {
            qty_milli,
            unit_price,
            unit_cost: unit_price * 9 / 10,
            discount,
        }
    }

    #[test]
    fn weighed_goods_round_half_up() {
        // 0.25 kg of rice at Rp 14.000/kg, 333 g of sugar at Rp 18.000/kg (5994), 1 g at Rp 500/kg.
        assert_eq!(line_amount(250, 14_000), 3_500);
        assert_eq!(line_amount(333, 18_000), 5_994);
        assert_eq!(line_amount(1, 500), 1);
        assert_eq!(line_amount(1, 499), 0);
    }

    #[test]
    fn matches_the_benchmark_sales_arithmetic() {
        // From bench-sales-A: 4×500 + 1×13.000 + 2×20.000 − 2.000 = 53.000
        let lines = [
            line(4000, 500, 0),
            line(1000, 13_000, 0),
            line(2000, 20_000, 2_000),
        ];
        let t = price(&lines, 0, PricingRules::default()).unwrap();
        assert_eq!(t.total, 53_000);
        assert_eq!(t.line_discount, 2_000);
        assert_eq!(t.gross, 55_000);
    }

    #[test]
    fn ppn_inclusive_exclusive_and_rounding() {
        let lines = [line(1000, 11_100, 0)];
        let excl = PricingRules {
            tax: Tax {
                mode: TaxMode::Exclusive,
                rate_bp: 1100,
            },
            rounding: Rounding::None,
        };
        let t = price(&lines, 100, excl).unwrap();
        assert_eq!((t.tax, t.total), (1_210, 12_210));
        let incl = PricingRules {
            tax: Tax {
                mode: TaxMode::Inclusive,
                rate_bp: 1100,
            },
            rounding: Rounding::Nearest500,
        };
        let t = price(&lines, 0, incl).unwrap();
        // 11.100 × 11/111 = 1.100 of PPN inside; total rounds to 11.000.
        assert_eq!((t.tax, t.total, t.rounding), (1_100, 11_000, -100));
        assert_eq!(t.revenue(), 10_000);
        let r100 = PricingRules {
            rounding: Rounding::Nearest100,
            ..Default::default()
        };
        assert_eq!(
            price(&[line(1000, 12_550, 0)], 0, r100).unwrap().total,
            12_600
        );
        assert_eq!(
            price(&[line(1000, 12_549, 0)], 0, r100).unwrap().total,
            12_500
        );
    }

    #[test]
    fn rejects_bad_discounts_and_quantities() {
        let r = PricingRules::default();
        assert_eq!(price(&[], 0, r).unwrap_err().code(), "empty_cart");
        assert!(price(&[line(1000, 1000, 1001)], 0, r).is_err());
        assert!(price(&[line(1000, 1000, -1)], 0, r).is_err());
        assert!(price(&[line(1000, 1000, 0)], 1001, r).is_err());
        assert!(price(&[line(0, 1000, 0)], 0, r).is_err());
        assert!(price(&[line(-5, 1000, 0)], 0, r).is_err());
        assert!(price(&[line(MAX_QTY_MILLI + 1, 1000, 0)], 0, r).is_err());
        assert!(price(&[line(1000, MAX_PRICE + 1, 0)], 0, r).is_err());
    }
}
