//! What a customer is sent: the statement of their kasbon account, and a reminder for
//! WhatsApp (a wa.me link), both in Bahasa Indonesia.

use super::kasbon::{CustomerBalance, KasbonEntry, KasbonKind};
use crate::format_rupiah;
use crate::shop_time::ShopTimeZone;

/// An Indonesian mobile number as wa.me wants it: digits only, country code 62 first
/// (`0812-3456-7890` and `+62 812 3456 7890` are both `6281234567890`). None if it cannot be
/// one.
pub fn wa_number(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest
    } else {
        &digits
    };
    (7..=13)
        .contains(&national.len())
        .then(|| format!("62{national}"))
}

fn date(tz: ShopTimeZone, ms: i64) -> String {
    let d = tz.local_date(ms);
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// The due date `YYYYMMDD` as `DD/MM/YYYY`.
pub fn due_date_text(day: u32) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        day % 100,
        day / 100 % 100,
        day / 10_000
    )
}

fn describe(e: &KasbonEntry, receipt: Option<&str>) -> String {
    let r = receipt.map(|r| format!(" {r}")).unwrap_or_default();
    match e.kind {
        KasbonKind::Charge => format!("Belanja{r}"),
        KasbonKind::Repayment => format!(
            "Bayar ({})",
            e.method.map_or("tunai", |m| match m.as_str() {
                "cash" => "tunai",
                other => other,
            })
        ),
        KasbonKind::Refund => format!("Retur{r}"),
    }
}

/// The statement as plain text: the shop, the customer, each entry with the balance after
/// it, and what is owed. `receipt` gives a sale's receipt number.
pub fn statement_text(
    shop: &str,
    tz: ShopTimeZone,
    account: &CustomerBalance,
    entries: &[KasbonEntry],
    receipt: impl Fn(&KasbonEntry) -> Option<String>,
) -> String {
    let mut out = vec![
        shop.to_string(),
        "REKENING KASBON".to_string(),
        format!("Pelanggan: {}", account.customer.name),
    ];
    if let Some(p) = &account.customer.phone {
        out.push(format!("Telepon: {p}"));
    }
    out.push(String::new());
    let mut running = 0;
    for e in entries {
        running += e.signed();
        let sign = if e.kind == KasbonKind::Charge {
            "+"
        } else {
            "-"
        };
        out.push(format!(
            "{}  {}  {sign}{}  saldo {}",
            date(tz, e.created_at),
            describe(e, receipt(e).as_deref()),
            format_rupiah(e.amount),
            format_rupiah(running)
        ));
    }
    if entries.is_empty() {
        out.push("Belum ada transaksi.".into());
    }
    out.push(String::new());
    out.push(format!(
        "Sisa kasbon: {}",
        format_rupiah(account.balance.max(0))
    ));
    if let Some(since) = account.owing_since {
        out.push(format!("Sejak: {}", date(tz, since)));
    }
    if let Some(d) = account.due_day {
        out.push(format!("Jatuh tempo: {}", due_date_text(d)));
    }
    out.join("\n")
}

/// A wa.me link reminding the customer what they owe and since when; None with no usable
/// phone number or nothing owed.
pub fn reminder_url(shop: &str, tz: ShopTimeZone, account: &CustomerBalance) -> Option<String> {
    if account.balance <= 0 {
        return None;
    }
    let number = wa_number(account.customer.phone.as_deref()?)?;
    let since = account
        .owing_since
        .map(|s| format!(" sejak {}", date(tz, s)))
        .unwrap_or_default();
    let due = account
        .due_day
        .map(|d| format!(", jatuh tempo {}", due_date_text(d)))
        .unwrap_or_default();
    let text = format!(
        "Halo {}, kami dari {shop} mengingatkan kasbon Anda sebesar {}{since}{due}. Terima kasih.",
        account.customer.name,
        format_rupiah(account.balance)
    );
    Some(format!("https://wa.me/{number}?text={}", url_encode(&text)))
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_numbers_become_wa_numbers() {
        assert_eq!(
            wa_number("0812-3456-7890").as_deref(),
            Some("6281234567890")
        );
        assert_eq!(
            wa_number("+62 812 3456 7890").as_deref(),
            Some("6281234567890")
        );
        assert_eq!(wa_number("6281234567890").as_deref(), Some("6281234567890"));
        assert_eq!(wa_number("12"), None);
    }

    #[test]
    fn the_text_is_encoded_for_a_url() {
        assert_eq!(url_encode("Rp 10.000, Bu"), "Rp%2010.000%2C%20Bu");
    }
}
