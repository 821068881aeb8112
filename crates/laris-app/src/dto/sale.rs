use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::KasbonInput;

/// The cart as the window holds it: lines by product id, discounts in Rupiah. The window
/// keeps the cart (nothing typed is lost if the app errs); Rust prices it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CartInput {
    pub lines: Vec<CartLineInput>,
    #[ts(type = "number")]
    pub discount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CartLineInput {
    pub product_id: Uuid,
    #[ts(type = "number")]
    pub qty_milli: i64,
    #[ts(type = "number")]
    pub discount: i64,
    /// A price typed at the counter instead of the catalog's: needs the owner's PIN.
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub unit_price: Option<i64>,
}

/// The priced cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
    pub lines: Vec<LineQuote>,
    #[ts(type = "number")]
    pub gross: i64,
    #[ts(type = "number")]
    pub line_discount: i64,
    #[ts(type = "number")]
    pub cart_discount: i64,
    #[ts(type = "number")]
    pub tax: i64,
    #[ts(type = "number")]
    pub rounding: i64,
    #[ts(type = "number")]
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LineQuote {
    #[ts(type = "number")]
    pub gross: i64,
    #[ts(type = "number")]
    pub discount: i64,
    /// `gross - discount`.
    #[ts(type = "number")]
    pub net: i64,
    /// The product's stock after this sale (milli-units); None when stock is not tracked.
    /// Below zero is allowed: the sale goes through, the window warns.
    #[ts(type = "number | null")]
    pub stock_after_milli: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TenderMethod {
    Cash,
    Qris,
    Transfer,
    /// On a customer's account: in a sale's payments and reports only; a sale is put on
    /// kasbon by [`CheckoutInput::kasbon`], never by a tender.
    Kasbon,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenderInput {
    pub method: TenderMethod,
    /// Cash: what was handed over. QRIS / transfer: the amount paid.
    #[ts(type = "number")]
    pub amount: i64,
    pub reference: Option<String>,
    /// QRIS only: the cashier saw the money arrive before finishing (recorded settled);
    /// otherwise the payment is unverified until `confirm_qris`.
    #[serde(default)]
    #[ts(optional)]
    pub confirmed: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutInput {
    pub cart: CartInput,
    pub tenders: Vec<TenderInput>,
    pub cashier: Option<String>,
    /// The rest of the total on a customer's account (the tenders are the down payment).
    #[serde(default)]
    #[ts(optional)]
    pub kasbon: Option<KasbonInput>,
    /// The owner's PIN, for a typed price or a discount above the shop's limit.
    #[serde(default)]
    #[ts(optional)]
    pub owner_pin: Option<String>,
}

/// A completed sale with its printable receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaleView {
    pub id: Uuid,
    pub receipt_no: String,
    /// Unix ms.
    #[ts(type = "number")]
    pub created_at: i64,
    /// Shop-local date and time, e.g. `2026-11-27 14:05 WIB`.
    pub local_time: String,
    pub cashier: Option<String>,
    pub lines: Vec<SaleLineView>,
    pub payments: Vec<PaymentView>,
    #[ts(type = "number")]
    pub gross: i64,
    #[ts(type = "number")]
    pub discount: i64,
    #[ts(type = "number")]
    pub tax: i64,
    #[ts(type = "number")]
    pub rounding: i64,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub tendered: i64,
    #[ts(type = "number")]
    pub change: i64,
    /// The receipt as printed on 58 mm paper (32 columns), in Bahasa Indonesia.
    pub receipt_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaleLineView {
    pub name: String,
    pub unit: String,
    #[ts(type = "number")]
    pub qty_milli: i64,
    #[ts(type = "number")]
    pub unit_price: i64,
    #[ts(type = "number")]
    pub discount: i64,
    #[ts(type = "number")]
    pub net: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaymentView {
    pub method: TenderMethod,
    #[ts(type = "number")]
    pub amount: i64,
    #[ts(type = "number")]
    pub tendered: i64,
    pub reference: Option<String>,
}

/// A line of the recent-sales list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaleSummaryView {
    pub id: Uuid,
    pub receipt_no: String,
    #[ts(type = "number")]
    pub created_at: i64,
    pub local_time: String,
    #[ts(type = "number")]
    pub total: i64,
    pub line_count: u32,
    pub methods: Vec<TenderMethod>,
    /// Rung up on this till (false: pulled from another till of the shop).
    pub this_till: bool,
}
