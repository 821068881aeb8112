//! A completed sale on the wire (v1), and the checks the server runs before accepting it.
//! The device maps laris-core's `Sale` onto [`SaleV1`]; the two evolve separately.
//!
//! Field order is the binary layout: never reorder, insert or remove fields of a v1 type, and
//! add enum variants only at the end (and only with a protocol version the peer announced).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::check::{self, MAX_LINES_PER_SALE, MAX_PAYMENTS_PER_SALE, MAX_PRICE, MAX_QTY_MILLI};
use crate::error::{ProtocolError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaxModeV1 {
    None,
    /// Prices include PPN; `tax` is the PPN part of the total.
    Inclusive,
    /// PPN is added on top of the discounted subtotal.
    Exclusive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethodV1 {
    Cash,
    Qris,
    Transfer,
    /// On a customer's account (protocol version 3 on): the sale's kasbon charge.
    Kasbon,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatusV1 {
    Settled,
    /// QRIS, until someone checks the merchant app.
    Unverified,
}

/// One line of a sale: name, unit, price and cost as they were at sale time. Its `line_no` is
/// its 1-based position in [`SaleV1::lines`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SaleLineV1 {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub qty_milli: i64,
    pub unit_price: i64,
    pub unit_cost: i64,
    /// `qty_milli × unit_price / 1000`, rounded half up.
    pub gross: i64,
    pub discount: i64,
    /// `qty_milli × unit_cost / 1000`, rounded half up.
    pub cost: i64,
    /// Whether the product's stock was tracked at sale time, i.e. whether this line has a
    /// stock movement (id [`sale_movement_id`]). Carried because the server's catalog may say
    /// otherwise by the time the sale arrives, and stock must match the device's.
    pub moves_stock: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SalePaymentV1 {
    pub method: PaymentMethodV1,
    /// What this payment settles of the total.
    pub amount: i64,
    /// What was handed over; more than `amount` only for cash.
    pub tendered: i64,
    pub reference: Option<String>,
    pub status: PaymentStatusV1,
}

/// A completed, immutable sale. The device that made it is the push's (or change's) device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SaleV1 {
    pub id: Uuid,
    pub receipt_no: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub cashier: Option<String>,
    pub gross: i64,
    pub line_discount: i64,
    pub cart_discount: i64,
    pub tax_mode: TaxModeV1,
    /// PPN rate in basis points (11% = 1100).
    pub tax_rate_bp: i64,
    pub tax: i64,
    pub rounding: i64,
    pub total: i64,
    pub tendered: i64,
    pub change: i64,
    pub cost: i64,
    pub lines: Vec<SaleLineV1>,
    pub payments: Vec<SalePaymentV1>,
}

/// The id of the stock movement of a sale's line (`line_no` counts from 1): derived, so a sale
/// determines its movements and the wire never carries their ids. Same as laris-core's.
pub fn sale_movement_id(sale_id: Uuid, line_no: i64) -> Uuid {
    Uuid::new_v5(&sale_id, &line_no.to_be_bytes())
}

/// A stock movement a sale implies (one per line that moves stock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DerivedMovement {
    pub id: Uuid,
    pub product_id: Uuid,
    /// Negative: the goods left.
    pub qty_milli: i64,
    pub line_no: i64,
}

impl SaleV1 {
    /// The stock movements this sale implies, with the ids laris-core gave them.
    pub fn stock_movements(&self) -> impl Iterator<Item = DerivedMovement> + '_ {
        (1i64..)
            .zip(&self.lines)
            .filter(|(_, l)| l.moves_stock)
            .map(|(line_no, l)| DerivedMovement {
                id: sale_movement_id(self.id, line_no),
                product_id: l.product_id,
                qty_milli: -l.qty_milli,
                line_no,
            })
    }

    /// Checks bounds and that every amount adds up as laris-core computes it. The server
    /// quarantines a sale that fails (with the error's code).
    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("sale.id", self.id)?;
        check::text("receipt_no", &self.receipt_no, check::MAX_RECEIPT_CHARS)?;
        check::opt_text("cashier", self.cashier.as_deref(), check::MAX_PERSON_CHARS)?;
        check::range("created_at", self.created_at, 0, i64::MAX)?;
        if self.lines.is_empty() || self.lines.len() > MAX_LINES_PER_SALE {
            return Err(ProtocolError::invalid(
                "lines",
                format!("a sale has 1 to {MAX_LINES_PER_SALE} lines"),
            ));
        }
        if self.payments.len() > MAX_PAYMENTS_PER_SALE {
            return Err(ProtocolError::invalid(
                "payments",
                format!("at most {MAX_PAYMENTS_PER_SALE} payments"),
            ));
        }
        let (mut gross, mut discount, mut cost) = (0i128, 0i128, 0i128);
        for line in &self.lines {
            line.validate()?;
            gross += i128::from(line.gross);
            discount += i128::from(line.discount);
            cost += i128::from(line.cost);
        }
        for (field, v) in [
            ("gross", self.gross),
            ("line_discount", self.line_discount),
            ("cart_discount", self.cart_discount),
            ("tax", self.tax),
            ("total", self.total),
            ("tendered", self.tendered),
            ("change", self.change),
            ("cost", self.cost),
        ] {
            check::money(field, v)?;
        }
        check::same("gross", gross, self.gross)?;
        check::same("line_discount", discount, self.line_discount)?;
        check::same("cost", cost, self.cost)?;
        let subtotal = i128::from(self.gross) - i128::from(self.line_discount);
        if i128::from(self.cart_discount) > subtotal {
            return Err(ProtocolError::invalid(
                "cart_discount",
                "larger than the subtotal",
            ));
        }
        let net = subtotal - i128::from(self.cart_discount);
        self.validate_tax(net)?;
        check::range(
            "rounding",
            self.rounding,
            -check::MAX_ROUNDING + 1,
            check::MAX_ROUNDING - 1,
        )?;
        let added_tax = match self.tax_mode {
            TaxModeV1::Exclusive => i128::from(self.tax),
            TaxModeV1::None | TaxModeV1::Inclusive => 0,
        };
        check::same(
            "total",
            net + added_tax + i128::from(self.rounding),
            self.total,
        )?;
        self.validate_payments()
    }

    fn validate_tax(&self, net: i128) -> Result<()> {
        check::range("tax_rate_bp", self.tax_rate_bp, 0, 10_000)?;
        let rate = i128::from(self.tax_rate_bp);
        let expected = match self.tax_mode {
            TaxModeV1::None => 0,
            TaxModeV1::Exclusive => check::div_round_half_up(net * rate, 10_000),
            TaxModeV1::Inclusive => check::div_round_half_up(net * rate, 10_000 + rate),
        };
        check::same("tax", expected, self.tax)
    }

    fn validate_payments(&self) -> Result<()> {
        let (mut amount, mut tendered) = (0i128, 0i128);
        for p in &self.payments {
            check::money("payment.amount", p.amount)?;
            check::money("payment.tendered", p.tendered)?;
            check::opt_text(
                "payment.reference",
                p.reference.as_deref(),
                check::MAX_REFERENCE_CHARS,
            )?;
            if p.tendered < p.amount {
                return Err(ProtocolError::invalid(
                    "payment.tendered",
                    "less than the amount it settles",
                ));
            }
            if p.method != PaymentMethodV1::Cash && p.tendered != p.amount {
                return Err(ProtocolError::invalid(
                    "payment.tendered",
                    "only cash gives change",
                ));
            }
            amount += i128::from(p.amount);
            tendered += i128::from(p.tendered);
        }
        check::same("total (by its payments)", amount, self.total)?;
        check::same("tendered", tendered, self.tendered)?;
        check::same(
            "change",
            i128::from(self.tendered) - i128::from(self.total),
            self.change,
        )
    }
}

impl SaleLineV1 {
    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("line.product_id", self.product_id)?;
        check::code("line.sku", &self.sku)?;
        check::text("line.name", &self.name, check::MAX_NAME_CHARS)?;
        check::text("line.unit", &self.unit, check::MAX_UNIT_CHARS)?;
        check::range("line.qty_milli", self.qty_milli, 1, MAX_QTY_MILLI)?;
        check::range("line.unit_price", self.unit_price, 0, MAX_PRICE)?;
        check::range("line.unit_cost", self.unit_cost, 0, MAX_PRICE)?;
        check::same(
            "line.gross",
            check::line_amount(self.qty_milli, self.unit_price),
            self.gross,
        )?;
        check::same(
            "line.cost",
            check::line_amount(self.qty_milli, self.unit_cost),
            self.cost,
        )?;
        check::range("line.discount", self.discount, 0, self.gross)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// 4 × Rp 500 + 1 × Rp 13.000 + 2 × Rp 20.000 − Rp 2.000, paid Rp 55.000 cash.
    pub(crate) fn sample_sale() -> SaleV1 {
        let line = |n: u128, qty: i64, price: i64, discount: i64| SaleLineV1 {
            product_id: Uuid::from_u128(n),
            sku: format!("W{n:04}"),
            name: format!("Barang {n}"),
            unit: "pcs".into(),
            qty_milli: qty * 1000,
            unit_price: price,
            unit_cost: price * 9 / 10,
            gross: qty * price,
            discount,
            cost: qty * (price * 9 / 10),
            moves_stock: n != 2,
        };
        let lines = vec![
            line(1, 4, 500, 0),
            line(2, 1, 13_000, 0),
            line(3, 2, 20_000, 2_000),
        ];
        SaleV1 {
            id: Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_0001),
            receipt_no: "A-20260101-0001".into(),
            created_at: 1_767_225_600_000,
            cashier: Some("Rina Wati".into()),
            gross: 55_000,
            line_discount: 2_000,
            cart_discount: 0,
            tax_mode: TaxModeV1::None,
            tax_rate_bp: 0,
            tax: 0,
            rounding: 0,
            total: 53_000,
            tendered: 55_000,
            change: 2_000,
            cost: lines.iter().map(|l| l.cost).sum(),
            lines,
            payments: vec![SalePaymentV1 {
                method: PaymentMethodV1::Cash,
                amount: 53_000,
                tendered: 55_000,
                reference: None,
                status: PaymentStatusV1::Settled,
            }],
        }
    }

    #[test]
    fn movement_ids_are_laris_cores() {
        let sale = sample_sale();
        let moves: Vec<_> = sale.stock_movements().collect();
        assert_eq!(moves.len(), 2, "line 2 does not move stock");
        assert_eq!(moves[0].id, Uuid::new_v5(&sale.id, &1i64.to_be_bytes()));
        assert_eq!(moves[1].id, sale_movement_id(sale.id, 3));
        assert_eq!((moves[1].line_no, moves[1].qty_milli), (3, -2000));
    }

    #[test]
    fn a_consistent_sale_passes() {
        sample_sale().validate().unwrap();
    }

    #[test]
    fn exclusive_and_inclusive_ppn_with_rounding() {
        let mut s = sample_sale();
        // net 53.000 + 11% = 5.830 → 58.830, rounded to 500: 59.000 (+170).
        s.tax_mode = TaxModeV1::Exclusive;
        s.tax_rate_bp = 1100;
        s.tax = 5_830;
        s.rounding = 170;
        s.total = 59_000;
        s.tendered = 60_000;
        s.change = 1_000;
        s.payments[0].amount = 59_000;
        s.payments[0].tendered = 60_000;
        s.validate().unwrap();
        // Inclusive: 53.000 × 11/111 = 5.252,25 → 5.252 inside the unchanged total.
        let mut s = sample_sale();
        s.tax_mode = TaxModeV1::Inclusive;
        s.tax_rate_bp = 1100;
        s.tax = 5_252;
        s.validate().unwrap();
        s.tax = 5_253;
        assert_eq!(s.validate().unwrap_err().code(), "inconsistent_amounts");
    }

    fn rejects(change: impl FnOnce(&mut SaleV1), code: &str) {
        let mut s = sample_sale();
        change(&mut s);
        let err = s.validate().expect_err("must be rejected");
        assert_eq!(err.code(), code, "{err}");
    }

    #[test]
    fn inconsistent_sales_are_rejected() {
        rejects(|s| s.total += 1, "inconsistent_amounts");
        rejects(|s| s.gross -= 500, "inconsistent_amounts");
        rejects(|s| s.lines[0].gross = 2_500, "inconsistent_amounts");
        rejects(|s| s.lines[0].qty_milli = 4, "inconsistent_amounts");
        rejects(|s| s.line_discount = 0, "inconsistent_amounts");
        rejects(|s| s.cost += 1, "inconsistent_amounts");
        rejects(|s| s.change = 0, "inconsistent_amounts");
        rejects(|s| s.tendered = 50_000, "inconsistent_amounts");
        rejects(|s| s.tax = 10, "inconsistent_amounts");
        rejects(
            |s| {
                s.payments[0].amount = 50_000;
            },
            "inconsistent_amounts",
        );
        rejects(|s| s.payments.clear(), "inconsistent_amounts");
        rejects(
            |s| {
                s.cart_discount = 60_000;
            },
            "invalid_field",
        );
    }

    #[test]
    fn out_of_bounds_fields_are_rejected() {
        rejects(|s| s.lines.clear(), "invalid_field");
        rejects(|s| s.lines[1].qty_milli = 0, "invalid_field");
        rejects(|s| s.lines[1].qty_milli = -1000, "invalid_field");
        rejects(|s| s.lines[1].unit_price = -13_000, "invalid_field");
        rejects(|s| s.lines[2].discount = 50_000, "invalid_field");
        rejects(|s| s.lines[0].name = "x".repeat(201), "invalid_field");
        rejects(|s| s.lines[0].sku = "W 1".into(), "invalid_field");
        rejects(|s| s.receipt_no = String::new(), "invalid_field");
        rejects(|s| s.cashier = Some("\u{7}".into()), "invalid_field");
        rejects(|s| s.id = Uuid::nil(), "invalid_field");
        rejects(|s| s.rounding = 5_000, "invalid_field");
        rejects(|s| s.tax_rate_bp = 20_000, "invalid_field");
        rejects(
            |s| {
                s.payments[0].method = PaymentMethodV1::Qris;
            },
            "invalid_field",
        );
        rejects(
            |s| {
                s.payments[0].tendered = 1_000;
            },
            "invalid_field",
        );
    }

    #[test]
    fn a_free_sale_needs_no_payment() {
        let mut s = sample_sale();
        s.cart_discount = 53_000;
        s.total = 0;
        s.tendered = 0;
        s.change = 0;
        s.payments.clear();
        s.validate().unwrap();
    }
}
