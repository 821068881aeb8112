use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::StockLevelView;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ReportScope {
    /// This till's sales.
    Till,
    /// The whole shop, as far as this till has synced.
    Shop,
}

/// Shop-local days `from` through `to`, inclusive, as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportQuery {
    pub from: String,
    pub to: String,
    pub scope: ReportScope,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportView {
    pub from: String,
    pub to: String,
    /// `WIB`, `WITA` or `WIT`.
    pub timezone: String,
    pub totals: TotalsView,
    pub by_method: Vec<MethodView>,
    /// All 24 shop-local hours, zero where nothing sold.
    pub by_hour: Vec<HourView>,
    pub best_sellers: Vec<BestSellerView>,
    pub low_stock: Vec<StockLevelView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TotalsView {
    #[ts(type = "number")]
    pub sales: i64,
    #[ts(type = "number")]
    pub gross: i64,
    #[ts(type = "number")]
    pub discounts: i64,
    #[ts(type = "number")]
    pub tax: i64,
    #[ts(type = "number")]
    pub total: i64,
    /// Net of discounts and PPN.
    #[ts(type = "number")]
    pub revenue: i64,
    #[ts(type = "number")]
    pub cost: i64,
    #[ts(type = "number")]
    pub gross_profit: i64,
    #[ts(type = "number")]
    pub average_basket: i64,
    /// Voids and refunds made in the period.
    #[ts(type = "number")]
    pub returns: i64,
    /// The money they paid back.
    #[ts(type = "number")]
    pub returned: i64,
    /// `total - returned`.
    #[ts(type = "number")]
    pub net_total: i64,
    /// Gross profit less what the returns took back of it.
    #[ts(type = "number")]
    pub profit_after_returns: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MethodView {
    pub method: String,
    #[ts(type = "number")]
    pub payments: i64,
    #[ts(type = "number")]
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HourView {
    pub hour: u8,
    #[ts(type = "number")]
    pub sales: i64,
    #[ts(type = "number")]
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BestSellerView {
    pub sku: String,
    pub name: String,
    #[ts(type = "number")]
    pub qty_milli: i64,
    #[ts(type = "number")]
    pub amount: i64,
    #[ts(type = "number")]
    pub profit: i64,
}
