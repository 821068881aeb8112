//! Printing results: text for people, `--json` for scripts.

use laris_core::{
    ImportSummary, Product, Query, Report, Sale, ShopSettings, StockLevel, format_qty,
    format_rupiah,
};

use crate::error::{CliError, Result};
use crate::labels::ReportLabels;
use crate::print::say;

/// `value` as pretty JSON on stdout.
pub fn json<T: serde::Serialize>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Usage(format!("cannot encode output: {e}")))?;
    say!("{text}")?;
    Ok(())
}

pub fn import_summary(s: &ImportSummary, as_json: bool) -> Result<()> {
    if as_json {
        return json(s);
    }
    say!(
        "Catalog imported: {} new, {} updated, {} unchanged.",
        s.created,
        s.updated,
        s.unchanged
    )?;
    Ok(())
}

pub fn products(query: Query<'_>, products: &[Product], as_json: bool) -> Result<()> {
    if as_json {
        let rows: Vec<serde_json::Value> = products
            .iter()
            .map(|p| {
                let level = query.stock_level(p.id).ok();
                serde_json::json!({ "product": p, "stock_milli": level })
            })
            .collect();
        return json(&rows);
    }
    if products.is_empty() {
        say!("No products found.")?;
    }
    for p in products {
        let stock = if p.track_stock {
            let level = query.stock_level(p.id)?;
            format!("stock {} {}", format_qty(level), p.unit)
        } else {
            "stock not tracked".into()
        };
        say!(
            "{:<8} {:<40} {:>12}/{:<6} {}  [{}]",
            p.sku,
            p.name,
            format_rupiah(p.price),
            p.unit,
            stock,
            p.barcodes.join(", ")
        )?;
    }
    Ok(())
}

pub fn sale(
    sale: &Sale,
    shop: &ShopSettings,
    kasbon: Option<&laris_core::SaleKasbon>,
    as_json: bool,
) -> Result<()> {
    if as_json {
        return json(sale);
    }
    let text = receipt_text(sale, shop, kasbon);
    std::io::Write::write_all(&mut crate::print::stdout(), text.as_bytes())?;
    Ok(())
}

pub fn level(p: &Product, level: i64, as_json: bool) -> Result<()> {
    if as_json {
        return json(&serde_json::json!({ "sku": p.sku, "name": p.name, "level_milli": level }));
    }
    let flag = if level < 0 {
        "  (NEGATIVE: count the shelf)"
    } else {
        ""
    };
    say!(
        "{} {}: stock now {} {}{flag}",
        p.sku,
        p.name,
        format_qty(level),
        p.unit
    )?;
    Ok(())
}

pub fn stock(levels: &[StockLevel], as_json: bool) -> Result<()> {
    if as_json {
        return json(&levels);
    }
    if levels.is_empty() {
        say!("Nothing to show.")?;
    }
    for l in levels {
        let flag = if l.is_negative() {
            "NEGATIVE"
        } else if l.is_low() {
            "low"
        } else {
            ""
        };
        say!(
            "{:<8} {:<40} {:>10} {:<6} {flag}",
            l.sku,
            l.name,
            format_qty(l.level_milli),
            l.unit
        )?;
    }
    Ok(())
}

/// `scope` names the till the report is limited to (None: the whole shop).
pub fn report(r: &Report, scope: Option<&str>, words: &ReportLabels, as_json: bool) -> Result<()> {
    if as_json {
        return json(r);
    }
    let t = &r.totals;
    let period = if r.from == r.to {
        r.from.to_string()
    } else {
        format!("{} .. {}", r.from, r.to)
    };
    let scope = match scope {
        Some(code) => format!("{} {code}", words.till),
        None => words.whole_shop.to_string(),
    };
    say!("{} {period} ({}, {scope})", words.title, r.timezone)?;
    let rows = [
        (words.sales, t.sales.to_string()),
        (words.gross, format_rupiah(t.gross)),
        (words.discounts, format_rupiah(t.discounts)),
        (words.net, format_rupiah(t.net)),
        (words.tax, format_rupiah(t.tax)),
        (words.rounding, format_rupiah(t.rounding)),
        (words.collected, format_rupiah(t.total)),
        (words.cost, format_rupiah(t.cost)),
        (words.gross_profit, format_rupiah(t.gross_profit)),
        (words.average_basket, format_rupiah(t.average_basket)),
    ];
    for (label, value) in rows {
        say!("  {label:<18}{value:>16}")?;
    }
    // Only when there were any, so a report without returns reads as it always did.
    if t.returns > 0 {
        let returned = format!("{} ({}x)", format_rupiah(-t.returned), t.returns);
        say!("  {:<18}{returned:>16}", words.returned)?;
        say!(
            "  {:<18}{:>16}",
            words.net_total,
            format_rupiah(t.net_total)
        )?;
        say!(
            "  {:<18}{:>16}",
            words.profit_after_returns,
            format_rupiah(t.profit_after_returns)
        )?;
    }
    if !r.by_method.is_empty() {
        say!("{}", words.by_method)?;
        for m in &r.by_method {
            say!(
                "  {:<18}{:>16}  ({} {})",
                words.method(&m.method),
                format_rupiah(m.amount),
                m.payments,
                words.payments
            )?;
        }
    }
    if !r.by_hour.is_empty() {
        say!("{}", words.by_hour)?;
        for h in &r.by_hour {
            say!(
                "  {:02}:00  {:>4} {:<10}{:>16}",
                h.hour,
                h.sales,
                words.sales_in_hour,
                format_rupiah(h.total)
            )?;
        }
    }
    if !r.best_sellers.is_empty() {
        say!("{}", words.best_sellers)?;
        for b in &r.best_sellers {
            say!(
                "  {:<36} {:>8} {:>16}",
                b.name,
                format_qty(b.qty_milli),
                format_rupiah(b.amount)
            )?;
        }
    }
    if !r.low_stock.is_empty() {
        say!("{}", words.low_stock)?;
        for l in &r.low_stock {
            say!(
                "  {:<36} {:>8} {}",
                l.name,
                format_qty(l.level_milli),
                l.unit
            )?;
        }
    }
    Ok(())
}

pub fn settings(s: &ShopSettings, as_json: bool) -> Result<()> {
    if as_json {
        return json(s);
    }
    say!("Name:      {}", s.name)?;
    say!("Address:   {}", s.address)?;
    say!("Footer:    {}", s.receipt_footer)?;
    say!("Time zone: {}", s.timezone)?;
    say!(
        "Tax:       {} {}%",
        s.tax.mode.as_str(),
        format_qty(s.tax.rate_bp * 10)
    )?;
    say!("Rounding:  {}", s.rounding.as_str())?;
    Ok(())
}

pub fn sale_return(r: &laris_core::SaleReturn, sale: &Sale, as_json: bool) -> Result<()> {
    if as_json {
        return json(r);
    }
    say!(
        "{} of {}: {} back by {} ({} line{})",
        r.kind.as_str(),
        sale.receipt_no,
        format_rupiah(r.amount),
        r.method.as_str(),
        r.lines.len(),
        if r.lines.len() == 1 { "" } else { "s" }
    )?;
    for l in &r.lines {
        let name = sale
            .lines
            .iter()
            .find(|s| s.line_no == l.line_no)
            .map_or("?", |s| s.name.as_str());
        say!(
            "  line {} {}: {} back, {}",
            l.line_no,
            name,
            format_qty(l.qty_milli),
            format_rupiah(l.amount)
        )?;
    }
    Ok(())
}

pub fn over_refunds(list: &[laris_core::OverRefund], as_json: bool) -> Result<()> {
    if as_json {
        return json(&list);
    }
    if list.is_empty() {
        say!("No sale was taken back more than it was sold")?;
    }
    for o in list {
        say!(
            "{} line {}: sold {}, taken back {} by {} returns: check with the tills",
            o.receipt_no.as_deref().unwrap_or("(sale not on this till)"),
            o.line_no,
            format_qty(o.sold_qty_milli),
            format_qty(o.returned_qty_milli),
            o.returns
        )?;
    }
    Ok(())
}

/// `sale`'s receipt on 58 mm paper, as text.
pub fn receipt_text(
    sale: &Sale,
    shop: &ShopSettings,
    kasbon: Option<&laris_core::SaleKasbon>,
) -> String {
    let input = laris_receipt::ReceiptInput {
        sale,
        shop,
        kasbon,
        reprint: false,
    };
    laris_receipt::layout(&input, laris_receipt::Paper::Mm58).text()
}
