//! Receipt text for 58 mm (32 columns) and 80 mm (48 columns) printers and for WhatsApp.
//! The customer reads it, so it speaks Bahasa Indonesia.

use crate::qty::{format_qty, format_rupiah};
use crate::sale::checkout::{PaymentMethod, Sale};
use crate::sale::pricing::TaxMode;
use crate::settings::ShopSettings;

/// Columns of a 58 mm thermal printer with the standard font.
pub const RECEIPT_WIDTH_58MM: usize = 32;
/// Columns of an 80 mm thermal printer with the standard font.
pub const RECEIPT_WIDTH_80MM: usize = 48;

/// Renders `sale` as plain text lines of at most `width` characters.
pub fn receipt_text(sale: &Sale, shop: &ShopSettings, width: usize) -> String {
    let width = width.max(24);
    let mut out = Vec::new();
    centered(&mut out, &shop.name, width);
    centered(&mut out, &shop.address, width);
    out.push("-".repeat(width));
    out.push(sale.receipt_no.clone());
    out.push(shop.timezone.format(sale.created_at));
    if let Some(cashier) = &sale.cashier {
        out.push(format!("Kasir: {cashier}"));
    }
    out.push("-".repeat(width));
    for line in &sale.lines {
        out.extend(wrap(&line.name, width));
        let qty = if line.unit == "pcs" {
            format!(
                "  {} x {}",
                format_qty(line.qty_milli),
                format_rupiah(line.unit_price)
            )
        } else {
            format!(
                "  {} {} x {}",
                format_qty(line.qty_milli),
                line.unit,
                format_rupiah(line.unit_price)
            )
        };
        out.push(two_columns(&qty, &format_rupiah(line.gross), width));
        if line.discount > 0 {
            out.push(two_columns(
                "  Diskon",
                &format_rupiah(-line.discount),
                width,
            ));
        }
    }
    out.push("-".repeat(width));
    let has_adjustments = sale.line_discount > 0
        || sale.cart_discount > 0
        || sale.tax_mode == TaxMode::Exclusive
        || sale.rounding != 0;
    if has_adjustments {
        out.push(two_columns(
            "Subtotal",
            &format_rupiah(sale.gross - sale.line_discount),
            width,
        ));
    }
    if sale.cart_discount > 0 {
        out.push(two_columns(
            "Diskon",
            &format_rupiah(-sale.cart_discount),
            width,
        ));
    }
    match sale.tax_mode {
        TaxMode::Exclusive => out.push(two_columns(
            &format!("PPN {}%", percent(sale.tax_rate_bp)),
            &format_rupiah(sale.tax),
            width,
        )),
        TaxMode::Inclusive => {}
        TaxMode::None => {}
    }
    if sale.rounding != 0 {
        out.push(two_columns(
            "Pembulatan",
            &format_rupiah(sale.rounding),
            width,
        ));
    }
    out.push(two_columns("TOTAL", &format_rupiah(sale.total), width));
    for p in &sale.payments {
        let label = match p.method {
            PaymentMethod::Cash => "Tunai",
            PaymentMethod::Qris => "QRIS",
            PaymentMethod::Transfer => "Transfer",
            PaymentMethod::Kasbon => "Kasbon",
        };
        out.push(two_columns(label, &format_rupiah(p.tendered), width));
        if let Some(reference) = p.reference.as_deref() {
            // The customer's proof of a QRIS or transfer payment, to match with the bank's:
            // wrapped, never cut.
            let reference = format!("Ref: {reference}");
            out.extend(
                wrap(&reference, width - 2)
                    .into_iter()
                    .map(|l| format!("  {l}")),
            );
        }
    }
    if sale.change > 0 {
        out.push(two_columns("Kembali", &format_rupiah(sale.change), width));
    }
    if sale.tax_mode == TaxMode::Inclusive && sale.tax > 0 {
        out.push(format!(
            "Termasuk PPN {}% {}",
            percent(sale.tax_rate_bp),
            format_rupiah(sale.tax)
        ));
    }
    out.push("-".repeat(width));
    let footer = if shop.receipt_footer.trim().is_empty() {
        "Terima kasih"
    } else {
        shop.receipt_footer.trim()
    };
    centered(&mut out, footer, width);
    out.join("\n") + "\n"
}

fn percent(bp: i64) -> String {
    if bp.rem_euclid(100) == 0 {
        (bp / 100).to_string()
    } else {
        format!("{},{:02}", bp / 100, bp % 100)
            .trim_end_matches('0')
            .to_string()
    }
}

fn truncate(s: &str, width: usize) -> String {
    s.chars().take(width).collect()
}

/// `s` wrapped at spaces into lines of at most `width` characters; a word longer than a line
/// is cut across lines. Nothing is dropped.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in s.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            lines.push(word.drain(..width).collect());
        }
        let used = current.chars().count();
        if used > 0 && used + 1 + word.len() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.extend(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Each wrapped line of `s`, centred.
fn centered(out: &mut Vec<String>, s: &str, width: usize) {
    for line in wrap(s, width) {
        let pad = (width - line.chars().count()) / 2;
        out.push(format!("{}{line}", " ".repeat(pad)));
    }
}

fn two_columns(left: &str, right: &str, width: usize) -> String {
    let right_len = right.chars().count();
    let left = truncate(left, width.saturating_sub(right_len + 1));
    let gap = width - left.chars().count() - right_len;
    format!("{left}{}{right}", " ".repeat(gap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_the_paper() {
        assert_eq!(two_columns("TOTAL", "Rp 17.500", 32).chars().count(), 32);
        assert_eq!(two_columns(&"x".repeat(40), "Rp 1", 32).chars().count(), 32);
        assert_eq!(percent(1100), "11");
        assert_eq!(
            wrap("Gula Pasir Gulaku Premium", 12),
            ["Gula Pasir", "Gulaku", "Premium"]
        );
        assert_eq!(
            wrap("QR-2026112700420042", 8),
            ["QR-20261", "12700420", "042"]
        );
        assert!(wrap("   ", 8).is_empty());
        assert_eq!(percent(1150), "11,5");
    }
}
