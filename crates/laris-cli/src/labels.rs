//! The words of the text report, one table per language, so a report never mixes them.
//! Bahasa Indonesia is the default, as on the receipts; English with `--lang en`. The shop
//! settings have no language yet (the window keeps its own choice), so `--lang` is the only
//! switch.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Lang {
    #[default]
    Id,
    En,
}

/// Every label of the text report.
#[derive(Debug)]
pub struct ReportLabels {
    pub title: &'static str,
    pub whole_shop: &'static str,
    pub till: &'static str,
    pub sales: &'static str,
    pub gross: &'static str,
    pub discounts: &'static str,
    pub net: &'static str,
    pub tax: &'static str,
    pub rounding: &'static str,
    pub collected: &'static str,
    pub cost: &'static str,
    pub gross_profit: &'static str,
    pub average_basket: &'static str,
    pub returned: &'static str,
    pub net_total: &'static str,
    pub profit_after_returns: &'static str,
    pub by_method: &'static str,
    /// After a count of payments: "(3 pembayaran)".
    pub payments: &'static str,
    pub by_hour: &'static str,
    /// After a count of sales in an hour.
    pub sales_in_hour: &'static str,
    pub best_sellers: &'static str,
    pub low_stock: &'static str,
    pub cash: &'static str,
    pub qris: &'static str,
    pub transfer: &'static str,
}

const ID: ReportLabels = ReportLabels {
    title: "Laporan penjualan",
    whole_shop: "seluruh toko",
    till: "kasir",
    sales: "Transaksi",
    gross: "Penjualan kotor",
    discounts: "Diskon",
    net: "Penjualan bersih",
    tax: "Pajak (PPN)",
    rounding: "Pembulatan",
    collected: "Uang diterima",
    cost: "HPP",
    gross_profit: "Laba kotor",
    average_basket: "Rata-rata belanja",
    returned: "Retur/batal",
    net_total: "Uang bersih",
    profit_after_returns: "Laba setelah retur",
    by_method: "Per metode bayar:",
    payments: "pembayaran",
    by_hour: "Per jam:",
    sales_in_hour: "transaksi",
    best_sellers: "Terlaris:",
    low_stock: "Stok menipis:",
    cash: "Tunai",
    qris: "QRIS",
    transfer: "Transfer",
};

const EN: ReportLabels = ReportLabels {
    title: "Sales report",
    whole_shop: "whole shop",
    till: "till",
    sales: "Sales",
    gross: "Gross",
    discounts: "Discounts",
    net: "Net",
    tax: "Tax (PPN)",
    rounding: "Rounding",
    collected: "Collected",
    cost: "Cost (HPP)",
    gross_profit: "Gross profit",
    average_basket: "Average basket",
    returned: "Returns/voids",
    net_total: "Kept",
    profit_after_returns: "Profit after returns",
    by_method: "By payment method:",
    payments: "payments",
    by_hour: "By hour:",
    sales_in_hour: "sales",
    best_sellers: "Best sellers:",
    low_stock: "Low stock:",
    cash: "Cash",
    qris: "QRIS",
    transfer: "Transfer",
};

impl Lang {
    pub fn report(self) -> &'static ReportLabels {
        match self {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }
}

impl ReportLabels {
    /// A payment method as stored (`cash`, `qris`, `transfer`) in this language; one a
    /// newer Laris wrote is shown as stored.
    pub fn method<'a>(&self, method: &'a str) -> &'a str {
        match method {
            "cash" => self.cash,
            "qris" => self.qris,
            "transfer" => self.transfer,
            other => other,
        }
    }
}
