//! What a receipt says, line by line, whatever it is printed on: the shop, the receipt
//! number and time in the shop's zone, the cashier, each line (name wrapped, quantity ×
//! price, discount), the totals with PPN and rounding, the payments and change, what was put
//! on kasbon and what is still owed, the footer, and the receipt number as a QR code (the
//! till's search reads it back for a refund).

use laris_core::{
    PaymentMethod, Sale, SaleKasbon, ShopSettings, TaxMode, due_date_text, format_qty,
    format_rupiah,
};

use crate::Paper;
use crate::wrap::{percent, two_columns, wrap};

/// What a receipt is made from.
#[derive(Debug, Clone, Copy)]
pub struct ReceiptInput<'a> {
    pub sale: &'a Sale,
    pub shop: &'a ShopSettings,
    /// The part of the sale put on a customer's account (`Query::sale_kasbon`).
    pub kasbon: Option<&'a SaleKasbon>,
    /// Printed again later: the receipt says so, so it is not taken for a second sale.
    pub reprint: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
}

/// One printed line: at most the paper's columns of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub align: Align,
    pub bold: bool,
    /// Double height (the width stays, so the line still fits its columns).
    pub tall: bool,
}

/// A receipt laid out for one paper width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub paper: Paper,
    pub lines: Vec<Line>,
    /// Printed as a QR code below the lines (not in the text rendering).
    pub qr: Option<String>,
}

/// Lines being laid out at the paper's width.
struct Sheet {
    width: usize,
    lines: Vec<Line>,
}

impl Sheet {
    fn new(paper: Paper) -> Self {
        Sheet {
            width: paper.columns(),
            lines: Vec::new(),
        }
    }

    fn push(&mut self, text: String, align: Align, bold: bool, tall: bool) {
        self.lines.push(Line {
            text,
            align,
            bold,
            tall,
        });
    }

    fn left(&mut self, text: impl Into<String>) {
        self.push(text.into(), Align::Left, false, false);
    }

    /// Each wrapped line of `s`, centred.
    fn centered(&mut self, s: &str, bold: bool) {
        for line in wrap(s, self.width) {
            self.push(line, Align::Center, bold, false);
        }
    }

    /// `s` wrapped, each line indented by `indent` spaces.
    fn wrapped(&mut self, s: &str, indent: usize) {
        for line in wrap(s, self.width - indent) {
            self.left(format!("{}{line}", " ".repeat(indent)));
        }
    }

    fn columns(&mut self, left: &str, right: &str) {
        self.left(two_columns(left, right, self.width));
    }

    fn rule(&mut self) {
        self.left("-".repeat(self.width));
    }

    fn into_receipt(self, paper: Paper, qr: Option<String>) -> Receipt {
        Receipt {
            paper,
            lines: self.lines,
            qr,
        }
    }
}

fn method_label(m: PaymentMethod) -> &'static str {
    match m {
        PaymentMethod::Cash => "Tunai",
        PaymentMethod::Qris => "QRIS",
        PaymentMethod::Transfer => "Transfer",
        PaymentMethod::Kasbon => "Kasbon",
    }
}

/// The receipt of `input.sale` on `paper`.
pub fn layout(input: &ReceiptInput<'_>, paper: Paper) -> Receipt {
    let ReceiptInput {
        sale, shop, kasbon, ..
    } = *input;
    let mut s = Sheet::new(paper);
    s.centered(&shop.name, true);
    s.centered(&shop.address, false);
    s.rule();
    s.left(sale.receipt_no.clone());
    s.left(shop.timezone.format(sale.created_at));
    if let Some(cashier) = &sale.cashier {
        s.left(format!("Kasir: {cashier}"));
    }
    if input.reprint {
        s.centered("CETAK ULANG", true);
    }
    s.rule();
    for line in &sale.lines {
        s.wrapped(&line.name, 0);
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
        s.columns(&qty, &format_rupiah(line.gross));
        if line.discount > 0 {
            s.columns("  Diskon", &format_rupiah(-line.discount));
        }
    }
    s.rule();
    totals(&mut s, sale);
    for p in &sale.payments {
        s.columns(method_label(p.method), &format_rupiah(p.tendered));
        if let Some(reference) = p.reference.as_deref() {
            // The customer's proof of a QRIS or transfer payment, to match with the bank's:
            // wrapped, never cut.
            s.wrapped(&format!("Ref: {reference}"), 2);
        }
    }
    if sale.change > 0 {
        s.columns("Kembali", &format_rupiah(sale.change));
    }
    if sale.tax_mode == TaxMode::Inclusive && sale.tax > 0 {
        s.left(format!(
            "Termasuk PPN {}% {}",
            percent(sale.tax_rate_bp),
            format_rupiah(sale.tax)
        ));
    }
    if let Some(k) = kasbon {
        s.rule();
        s.wrapped(&format!("Kasbon a.n. {}", k.customer), 0);
        s.columns("Dicatat kasbon", &format_rupiah(k.charged));
        s.push(
            two_columns("Sisa kasbon", &format_rupiah(k.owed), s.width),
            Align::Left,
            true,
            false,
        );
        if let Some(day) = k.due_day {
            s.columns("Jatuh tempo", &due_date_text(day));
        }
    }
    s.rule();
    let footer = if shop.receipt_footer.trim().is_empty() {
        "Terima kasih"
    } else {
        shop.receipt_footer.trim()
    };
    s.centered(footer, false);
    s.into_receipt(paper, Some(sale.receipt_no.clone()))
}

fn totals(s: &mut Sheet, sale: &Sale) {
    let has_adjustments = sale.line_discount > 0
        || sale.cart_discount > 0
        || sale.tax_mode == TaxMode::Exclusive
        || sale.rounding != 0;
    if has_adjustments {
        s.columns("Subtotal", &format_rupiah(sale.gross - sale.line_discount));
    }
    if sale.cart_discount > 0 {
        s.columns("Diskon", &format_rupiah(-sale.cart_discount));
    }
    if sale.tax_mode == TaxMode::Exclusive {
        s.columns(
            &format!("PPN {}%", percent(sale.tax_rate_bp)),
            &format_rupiah(sale.tax),
        );
    }
    if sale.rounding != 0 {
        s.columns("Pembulatan", &format_rupiah(sale.rounding));
    }
    let total = two_columns("TOTAL", &format_rupiah(sale.total), s.width);
    s.push(total, Align::Left, true, true);
}

/// The page "Tes printer" prints: what the printer is, the paper's full width, bold, double
/// height and a QR code, so the owner sees at once whether the settings fit the printer.
pub fn test_page(shop: &ShopSettings, paper: Paper, printer: &str, at_ms: i64) -> Receipt {
    let mut s = Sheet::new(paper);
    s.centered(&shop.name, true);
    s.push("TES PRINTER".into(), Align::Center, true, true);
    s.rule();
    s.wrapped(&format!("Printer: {printer}"), 0);
    s.left(format!("Kertas: {} mm, {} kolom", paper.mm(), s.width));
    s.left(shop.timezone.format(at_ms));
    s.rule();
    let ruler: String = (1..=s.width)
        .map(|i| char::from(b'0' + (i % 10) as u8))
        .collect();
    s.left(ruler);
    s.push("Huruf tebal".into(), Align::Left, true, false);
    s.push("Huruf tinggi".into(), Align::Left, false, true);
    s.centered("Tengah", false);
    s.rule();
    s.centered("Printer siap dipakai", false);
    s.into_receipt(paper, Some("LARIS TES PRINTER".into()))
}
