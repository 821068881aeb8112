//! QRIS, Indonesia's national QR payment standard: an EMVCo merchant-presented payload of
//! TLV fields (two-digit tag, two-digit length, value) ending in a CRC16/CCITT-FALSE.
//! The owner pastes the shop's static payload; [`Qris::parse`] checks its structure,
//! checksum and the Indonesian fields and tells the merchant name to confirm; at payment
//! [`Qris::dynamic`] makes the payload for the exact amount (point of initiation 12, the
//! amount in tag 54, a new CRC). Parsing keeps every field in order, so a payload re-emits
//! byte for byte.

mod crc;
mod tlv;

pub use crc::crc16_ccitt_false;

use thiserror::Error;

/// The most a QRIS payment may be, whole Rupiah (the amount field has 13 characters; banks'
/// per-transaction limits are far lower).
pub const MAX_AMOUNT: i64 = 10_000_000_000;
/// The longest payload EMVCo allows.
pub const MAX_PAYLOAD_CHARS: usize = 512;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QrisError {
    #[error("not a QRIS code: {0}")]
    Malformed(String),
    #[error(
        "the checksum is {found}, the payload's is {expected}: the code was changed or misread"
    )]
    BadCrc { expected: String, found: String },
    #[error("field {tag} ({name}) is missing")]
    Missing {
        tag: &'static str,
        name: &'static str,
    },
    #[error("field {tag} ({name}): {why}")]
    BadField {
        tag: String,
        name: &'static str,
        why: String,
    },
    #[error("the amount Rp {0} is not a payment QRIS can carry")]
    BadAmount(i64),
}

impl QrisError {
    /// A short, stable code for programs and translations.
    pub fn code(&self) -> &'static str {
        match self {
            QrisError::Malformed(_) => "qris_malformed",
            QrisError::BadCrc { .. } => "qris_bad_crc",
            QrisError::Missing { .. } => "qris_missing_field",
            QrisError::BadField { .. } => "qris_bad_field",
            QrisError::BadAmount(_) => "qris_bad_amount",
        }
    }
}

pub type Result<T> = std::result::Result<T, QrisError>;

/// A checked QRIS payload, its fields in their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qris {
    fields: Vec<tlv::Field>,
}

fn field<'a>(fields: &'a [tlv::Field], tag: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| f.tag == tag)
        .map(|f| f.value.as_str())
}

fn bad(tag: &str, name: &'static str, why: impl Into<String>) -> QrisError {
    QrisError::BadField {
        tag: tag.to_string(),
        name,
        why: why.into(),
    }
}

/// The amount as tag 54 writes it: digits, at most two decimals (Rupiah has none in use).
fn parse_amount(text: &str) -> Result<i64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (!frac.is_empty() && (!digits(frac) || frac.len() > 2)) {
        return Err(bad("54", "amount", format!("{text:?} is not an amount")));
    }
    if frac.bytes().any(|b| b != b'0') {
        return Err(bad("54", "amount", "Rupiah amounts have no sen"));
    }
    let amount: i64 = whole
        .parse()
        .map_err(|_| bad("54", "amount", "too large"))?;
    if !(1..=MAX_AMOUNT).contains(&amount) {
        return Err(QrisError::BadAmount(amount));
    }
    Ok(amount)
}

impl Qris {
    /// Parses and checks a payload: its TLV structure, its checksum, and the fields QRIS
    /// requires (format 01, a merchant account template in 26–51, category, currency 360,
    /// country ID, merchant name and city).
    pub fn parse(payload: &str) -> Result<Qris> {
        let payload = payload.trim();
        if payload.len() > MAX_PAYLOAD_CHARS {
            return Err(QrisError::Malformed(format!(
                "longer than {MAX_PAYLOAD_CHARS} characters"
            )));
        }
        let fields = tlv::parse(payload)?;
        let Some(crc) = fields.last().filter(|f| f.tag == "63") else {
            return Err(QrisError::Missing {
                tag: "63",
                name: "checksum",
            });
        };
        if crc.value.len() != 4 {
            return Err(bad("63", "checksum", "not 4 hex digits"));
        }
        let body = &payload[..payload.len() - 4];
        let expected = format!("{:04X}", crc16_ccitt_false(body.as_bytes()));
        if !crc.value.eq_ignore_ascii_case(&expected) {
            return Err(QrisError::BadCrc {
                expected,
                found: crc.value.clone(),
            });
        }
        let q = Qris { fields };
        q.check()?;
        Ok(q)
    }

    fn check(&self) -> Result<()> {
        let f = &self.fields;
        if f.first().map(|x| (x.tag.as_str(), x.value.as_str())) != Some(("00", "01")) {
            return Err(bad("00", "payload format", "a QRIS starts with 000201"));
        }
        match field(f, "01") {
            None | Some("11") | Some("12") => {}
            Some(other) => {
                return Err(bad(
                    "01",
                    "point of initiation",
                    format!("{other:?} is not 11 or 12"),
                ));
            }
        }
        let accounts = f
            .iter()
            .filter(|x| matches!(x.tag.parse::<u8>(), Ok(26..=51)))
            .count();
        if accounts == 0 {
            return Err(QrisError::Missing {
                tag: "26-51",
                name: "merchant account",
            });
        }
        let need = |tag: &'static str, name: &'static str| {
            field(f, tag).ok_or(QrisError::Missing { tag, name })
        };
        let mcc = need("52", "merchant category")?;
        if mcc.len() != 4 || !mcc.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("52", "merchant category", "not 4 digits"));
        }
        if need("53", "currency")? != "360" {
            return Err(bad("53", "currency", "QRIS is in Rupiah (360)"));
        }
        if let Some(a) = field(f, "54") {
            parse_amount(a)?;
        }
        if need("58", "country")? != "ID" {
            return Err(bad("58", "country", "QRIS is Indonesian (ID)"));
        }
        let name = need("59", "merchant name")?;
        if name.trim().is_empty() || name.chars().count() > 25 {
            return Err(bad("59", "merchant name", "1 to 25 characters"));
        }
        let city = need("60", "merchant city")?;
        if city.trim().is_empty() || city.chars().count() > 15 {
            return Err(bad("60", "merchant city", "1 to 15 characters"));
        }
        Ok(())
    }

    pub fn merchant_name(&self) -> &str {
        field(&self.fields, "59").unwrap_or_default()
    }

    pub fn merchant_city(&self) -> &str {
        field(&self.fields, "60").unwrap_or_default()
    }

    /// The QRIS national merchant id (NMID: tag 51's sub-tag 02), if present.
    pub fn nmid(&self) -> Option<String> {
        let template = field(&self.fields, "51")?;
        let subs = tlv::parse(template).ok()?;
        field(&subs, "02").map(String::from)
    }

    /// Whether the payload is for one payment (point of initiation 12).
    pub fn is_dynamic(&self) -> bool {
        field(&self.fields, "01") == Some("12")
    }

    /// The amount a dynamic payload carries.
    pub fn amount(&self) -> Option<i64> {
        field(&self.fields, "54").and_then(|a| parse_amount(a).ok())
    }

    /// The payload, its checksum computed again.
    pub fn to_payload(&self) -> String {
        let mut out = String::new();
        for f in self.fields.iter().filter(|f| f.tag != "63") {
            tlv::write(&mut out, &f.tag, &f.value);
        }
        out.push_str("6304");
        let crc = crc16_ccitt_false(out.as_bytes());
        out.push_str(&format!("{crc:04X}"));
        out
    }

    /// The payload for one payment of `amount` Rupiah: point of initiation 12, the amount in
    /// tag 54 (after the currency, as the fields are ordered), a new checksum. Tips the
    /// static code asks for are kept.
    pub fn dynamic(&self, amount: i64) -> Result<String> {
        if !(1..=MAX_AMOUNT).contains(&amount) {
            return Err(QrisError::BadAmount(amount));
        }
        let mut fields: Vec<tlv::Field> = self
            .fields
            .iter()
            .filter(|f| f.tag != "54" && f.tag != "01")
            .cloned()
            .collect();
        let poi = tlv::Field {
            tag: "01".into(),
            value: "12".into(),
        };
        fields.insert(1.min(fields.len()), poi);
        let after = fields
            .iter()
            .position(|f| f.tag.as_str() > "54" && f.tag != "63")
            .unwrap_or(fields.len() - 1);
        fields.insert(
            after,
            tlv::Field {
                tag: "54".into(),
                value: amount.to_string(),
            },
        );
        Ok(Qris { fields }.to_payload())
    }
}
