use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The shop and this till, and its settings. `initialised` is false on a fresh install,
/// before [`ShopSetupInput`] is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShopView {
    pub initialised: bool,
    /// This till's receipt prefix, e.g. `A`.
    pub device_code: Option<String>,
    pub name: String,
    pub address: String,
    pub receipt_footer: String,
    /// `WIB`, `WITA` or `WIT`.
    pub timezone: String,
    /// `none`, `inclusive` or `exclusive`.
    pub tax_mode: String,
    /// Basis points: 11% is 1100.
    #[ts(type = "number")]
    pub tax_rate_bp: i64,
    /// `none`, `100` or `500`: the amount due rounded to that many Rupiah.
    pub rounding: String,
    /// A discount above this share of a cart (basis points; 10000: no limit) needs the
    /// owner's PIN.
    #[ts(type = "number")]
    pub max_discount_bp: i64,
    /// How a restock's cost updates the product's: `average` (moving average) or `last`.
    pub cost_method: String,
    /// Today, shop-local, `YYYY-MM-DD`.
    pub today: String,
    /// Where the database lives, for the settings screen.
    pub database_path: String,
    /// The shop's static QRIS payload; empty: no QR at payment.
    pub qris_payload: String,
    /// Who the QRIS pays, as the payload names them (`name, city`), for the owner to check.
    pub qris_merchant: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShopSetupInput {
    pub name: String,
    pub device_code: String,
    pub timezone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsInput {
    pub name: String,
    pub address: String,
    pub receipt_footer: String,
    pub timezone: String,
    pub tax_mode: String,
    #[ts(type = "number")]
    pub tax_rate_bp: i64,
    pub rounding: String,
    /// Unchanged when left out.
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub max_discount_bp: Option<i64>,
    /// `average` or `last`; unchanged when left out.
    #[serde(default)]
    #[ts(optional)]
    pub cost_method: Option<String>,
    /// The shop's static QRIS payload (checked; empty removes it); unchanged when left out.
    #[serde(default)]
    #[ts(optional)]
    pub qris_payload: Option<String>,
    /// The owner's PIN: needed once anyone is set up on the till.
    pub owner_pin: Option<String>,
}
