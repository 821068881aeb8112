//! Ringing up: pricing the window's cart, paying, the receipt, and the recent sales.

use laris_core::{Cart, CoreError, DeviceStore, PaymentMethod, Sale, Tender};
use uuid::Uuid;

use crate::app::App;
use crate::dto::{
    CartInput, CheckoutInput, LineQuote, QuoteView, SaleSummaryView, SaleView, TenderMethod,
};
use crate::error::{AppError, Result};
use crate::views;

/// Builds laris-core's cart from the window's, with each product as it is now.
fn cart(store: &DeviceStore, input: &CartInput) -> laris_core::Result<Cart> {
    let mut cart = Cart::new();
    for line in &input.lines {
        let product = store
            .query()
            .product(line.product_id)?
            .ok_or_else(|| CoreError::UnknownProduct(line.product_id.to_string()))?;
        // Lines stay as the window has them (no merging), so line numbers match its rows.
        let idx = cart.lines.len();
        let mut product = product;
        // A typed price: laris-core sees it differs from the catalog's and asks the owner.
        if let Some(price) = line.unit_price {
            if !(0..=laris_core::MAX_PRICE).contains(&price) {
                return Err(CoreError::Invalid {
                    field: "unit_price",
                    reason: "not a plausible price".into(),
                });
            }
            product.price = price;
        }
        cart.add(&product, line.qty_milli)?;
        if cart.lines.len() == idx {
            return Err(CoreError::Invalid {
                field: "cart",
                reason: format!("{} is on two lines; keep it on one", product.name),
            });
        }
        if line.discount != 0 {
            cart.set_line_discount(idx, line.discount)?;
        }
    }
    if input.discount != 0 {
        cart.set_discount(input.discount)?;
    }
    Ok(cart)
}

fn tender(t: &crate::dto::TenderInput) -> Tender {
    let reference = t
        .reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(String::from);
    match t.method {
        TenderMethod::Cash => Tender::cash(t.amount),
        TenderMethod::Qris if t.confirmed == Some(true) => {
            Tender::qris_confirmed(t.amount, reference)
        }
        TenderMethod::Qris => Tender {
            reference,
            ..Tender::qris(t.amount)
        },
        TenderMethod::Transfer => Tender::transfer(t.amount, reference),
        TenderMethod::Kasbon => Tender {
            method: PaymentMethod::Kasbon,
            amount: t.amount,
            reference,
            confirmed: false,
        },
    }
}

impl App {
    /// Prices the cart with the shop's tax and rounding: what the window shows as totals.
    pub fn quote(&self, input: &CartInput) -> Result<QuoteView> {
        self.with_store(|s| {
            let rules = s.settings()?.pricing();
            let cart = cart(s, input)?;
            let totals = cart.totals(rules)?;
            let lines = totals
                .lines
                .iter()
                .zip(&cart.lines)
                .map(|(l, line)| {
                    let stock_after_milli = if line.product.track_stock {
                        Some(s.query().stock_level(line.product.id)? - line.qty_milli)
                    } else {
                        None
                    };
                    Ok(LineQuote {
                        gross: l.gross,
                        discount: l.discount,
                        net: l.net(),
                        stock_after_milli,
                    })
                })
                .collect::<laris_core::Result<_>>()?;
            Ok(QuoteView {
                lines,
                gross: totals.gross,
                line_discount: totals.line_discount,
                cart_discount: totals.cart_discount,
                tax: totals.tax,
                rounding: totals.rounding,
                total: totals.total,
            })
        })
    }

    /// Pays for the cart. Nothing is written unless all of it is valid; once this returns
    /// the sale is durable, and sync is told to send it soon.
    pub fn checkout(&self, input: &CheckoutInput) -> Result<SaleView> {
        if input.tenders.is_empty() && input.kasbon.is_none() {
            return Err(AppError::invalid("payment", "choose how the customer pays"));
        }
        let due_day = match input.kasbon.as_ref().and_then(|k| k.due_date.as_deref()) {
            Some(d) if !d.trim().is_empty() => {
                Some(laris_core::yyyymmdd(laris_core::parse_date(d)?) as u32)
            }
            _ => None,
        };
        let tenders: Vec<Tender> = input.tenders.iter().map(tender).collect();
        let cashier = input
            .cashier
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let view = self.with_store(|s| {
            let cart = cart(s, &input.cart)?;
            let pin = input
                .owner_pin
                .as_deref()
                .or(input.kasbon.as_ref().and_then(|k| k.owner_pin.as_deref()));
            let options = laris_core::CheckoutOptions {
                kasbon: input.kasbon.as_ref().map(|k| laris_core::KasbonCharge {
                    customer_id: k.customer_id,
                    due_day,
                }),
                authority: match input
                    .kasbon
                    .as_ref()
                    .and_then(|k| k.approval_code.as_deref())
                {
                    Some(code) => Some(crate::returns::authority(s, None, Some(code))?),
                    None => pin.map(|p| s.owner_authority(Some(p))).transpose()?,
                },
            };
            // laris-core names the person on duty, whatever the window says.
            let sale = s.checkout_with(&cart, &tenders, cashier, options)?;
            self.print_after_sale(s, &sale);
            sale_view(s, &sale)
        })?;
        self.outbox_written();
        Ok(view)
    }

    pub fn sale(&self, id: Uuid) -> Result<SaleView> {
        self.with_store(|s| {
            let sale = s
                .sale(id)?
                .ok_or_else(|| CoreError::UnknownSale(id.to_string()))?;
            sale_view(s, &sale)
        })
    }

    /// A sale by its receipt number (`A-20261127-0042`), of any till of the shop.
    pub fn sale_by_receipt(&self, receipt_no: &str) -> Result<SaleView> {
        self.with_store(|s| {
            let sale = s
                .sale_by_receipt(receipt_no.trim())?
                .ok_or_else(|| CoreError::UnknownSale(receipt_no.to_string()))?;
            sale_view(s, &sale)
        })
    }

    /// The newest sales, of this till or of the whole shop as far as it has synced.
    pub fn recent_sales(&self, limit: u32, whole_shop: bool) -> Result<Vec<SaleSummaryView>> {
        self.with_store(|s| {
            let device = s.device()?.device_id;
            let shop = s.settings()?;
            Ok(s.recent_sales(limit as usize, !whole_shop)?
                .iter()
                .map(|sale| views::sale_summary(sale, device, &shop))
                .collect())
        })
    }
}

/// `sale`'s view, its receipt saying what it put on kasbon.
fn sale_view(s: &DeviceStore, sale: &Sale) -> laris_core::Result<SaleView> {
    let kasbon = s.query().sale_kasbon(sale.id)?;
    Ok(views::sale(sale, &s.settings()?, kasbon.as_ref()))
}
