//! Shop settings, kept as key/value rows so that adding one needs no migration.

use rusqlite::{Connection, params};

use crate::error::{CoreError, Result};
use crate::sale::pricing::{PricingRules, Rounding, Tax, TaxMode};
use crate::shop_time::ShopTimeZone;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ShopSettings {
    pub name: String,
    pub address: String,
    pub receipt_footer: String,
    pub timezone: ShopTimeZone,
    pub tax: Tax,
    pub rounding: Rounding,
    /// A cart's discounts above this share of its gross (basis points) need the owner's
    /// PIN; 10000 is no limit.
    pub max_discount_bp: i64,
    pub cost_method: CostMethod,
    /// The shop's static QRIS payload (checked when saved), from which each payment's
    /// dynamic one is made; empty: no QRIS code shown.
    pub qris_payload: String,
}

impl Default for ShopSettings {
    fn default() -> Self {
        ShopSettings {
            name: String::new(),
            address: String::new(),
            receipt_footer: String::new(),
            timezone: ShopTimeZone::default(),
            tax: Tax::default(),
            rounding: Rounding::default(),
            max_discount_bp: NO_DISCOUNT_LIMIT,
            cost_method: CostMethod::Average,
            qris_payload: String::new(),
        }
    }
}

/// `max_discount_bp` when any discount is allowed.
pub const NO_DISCOUNT_LIMIT: i64 = 10_000;

/// How a restock's cost per unit updates the product's cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CostMethod {
    /// Weighted by the stock on hand and the quantity received.
    #[default]
    Average,
    /// The latest supplier price.
    Last,
}

impl CostMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            CostMethod::Average => "average",
            CostMethod::Last => "last",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s.trim() {
            "average" | "rata-rata" => Ok(CostMethod::Average),
            "last" | "terakhir" => Ok(CostMethod::Last),
            other => Err(CoreError::invalid(
                "cost_method",
                format!("{other:?} is not average or last"),
            )),
        }
    }
}

impl ShopSettings {
    pub fn pricing(&self) -> PricingRules {
        PricingRules {
            tax: self.tax,
            rounding: self.rounding,
        }
    }

    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(CoreError::invalid("name", "the shop needs a name"));
        }
        if !(0..=10_000).contains(&self.tax.rate_bp) {
            return Err(CoreError::invalid(
                "tax_rate",
                "must be between 0% and 100%",
            ));
        }
        if !self.qris_payload.trim().is_empty() {
            laris_qris::Qris::parse(&self.qris_payload)
                .map_err(|e| CoreError::invalid("qris", e.to_string()))?;
        }
        if !(0..=NO_DISCOUNT_LIMIT).contains(&self.max_discount_bp) {
            return Err(CoreError::invalid(
                "max_discount",
                "must be between 0% and 100%",
            ));
        }
        Ok(())
    }
}

pub(crate) fn load(conn: &Connection) -> Result<ShopSettings> {
    let mut s = ShopSettings::default();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        let value: String = row.get(1)?;
        match key.as_str() {
            "name" => s.name = value,
            "address" => s.address = value,
            "receipt_footer" => s.receipt_footer = value,
            "timezone" => s.timezone = value.parse()?,
            "tax_mode" => s.tax.mode = TaxMode::parse(&value)?,
            "tax_rate_bp" => {
                s.tax.rate_bp = value
                    .parse()
                    .map_err(|_| CoreError::invalid("tax_rate", value.clone()))?
            }
            "rounding" => s.rounding = Rounding::parse(&value)?,
            "max_discount_bp" => {
                s.max_discount_bp = value
                    .parse()
                    .map_err(|_| CoreError::invalid("max_discount", value.clone()))?
            }
            "cost_method" => s.cost_method = CostMethod::parse(&value)?,
            "qris_payload" => s.qris_payload = value,
            // Keys written by a newer Laris are kept, not rejected.
            _ => {}
        }
    }
    Ok(s)
}

pub(crate) fn save(conn: &Connection, s: &ShopSettings, now: i64) -> Result<()> {
    let rate = s.tax.rate_bp.to_string();
    let max_discount = s.max_discount_bp.to_string();
    let pairs = [
        ("name", s.name.as_str()),
        ("address", s.address.as_str()),
        ("receipt_footer", s.receipt_footer.as_str()),
        ("timezone", s.timezone.as_str()),
        ("tax_mode", s.tax.mode.as_str()),
        ("tax_rate_bp", rate.as_str()),
        ("rounding", s.rounding.as_str()),
        ("max_discount_bp", max_discount.as_str()),
        ("cost_method", s.cost_method.as_str()),
        ("qris_payload", s.qris_payload.trim()),
    ];
    let mut stmt = conn.prepare_cached(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
         WHERE value IS NOT excluded.value",
    )?;
    for (k, v) in pairs {
        stmt.execute(params![k, v, now])?;
    }
    Ok(())
}

/// What `after` changes of `before`, one short English phrase per field, for the audit log.
pub(crate) fn changes(before: &ShopSettings, after: &ShopSettings) -> Vec<String> {
    let mut out = Vec::new();
    let mut text = |field: &str, a: &str, b: &str| {
        if a.trim() != b.trim() {
            out.push(format!("{field} {:?} -> {:?}", a.trim(), b.trim()));
        }
    };
    text("name", &before.name, &after.name);
    text("QRIS payload", &before.qris_payload, &after.qris_payload);
    text("address", &before.address, &after.address);
    text(
        "receipt footer",
        &before.receipt_footer,
        &after.receipt_footer,
    );
    let mut debug = |field: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{field} {a} -> {b}"));
        }
    };
    debug(
        "time zone",
        format!("{:?}", before.timezone),
        format!("{:?}", after.timezone),
    );
    debug(
        "tax",
        format!("{:?}", before.tax),
        format!("{:?}", after.tax),
    );
    debug(
        "discount limit (bp)",
        before.max_discount_bp.to_string(),
        after.max_discount_bp.to_string(),
    );
    debug(
        "cost method",
        before.cost_method.as_str().into(),
        after.cost_method.as_str().into(),
    );
    debug(
        "rounding",
        format!("{:?}", before.rounding),
        format!("{:?}", after.rounding),
    );
    out
}
