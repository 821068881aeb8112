//! Printing results: text for people, `--json` for scripts.

use laris_core::{
    ImportSummary, Product, Query, Report, Sale, ShopSettings, StockLevel, format_qty,
    format_rupiah,
};

use crate::commands::CliError;

fn json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Usage(format!("cannot encode output: {e}")))?;
    println!("{text}");
    Ok(())
}

pub fn import_summary(s: &ImportSummary, as_json: bool) {
    if as_json {
        let _ = json(s);
    } else {
        println!(
            "Catalog imported: {} new, {} updated, {} unchanged.",
            s.created, s.updated, s.unchanged
        );
    }
}

pub fn products(query: Query<'_>, products: &[Product], as_json: bool) -> Result<(), CliError> {
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
        println!("No products found.");
    }
    for p in products {
        let stock = if p.track_stock {
            let level = query.stock_level(p.id)?;
            format!("stock {} {}", format_qty(level), p.unit)
        } else {
            "stock not tracked".into()
        };
        println!(
            "{:<8} {:<40} {:>12}/{:<6} {}  [{}]",
            p.sku,
            p.name,
            format_rupiah(p.price),
            p.unit,
            stock,
            p.barcodes.join(", ")
        );
    }
    Ok(())
}

pub fn sale(sale: &Sale, shop: &ShopSettings, as_json: bool) -> Result<(), CliError> {
    if as_json {
        return json(sale);
    }
    print!(
        "{}",
        laris_core::receipt_text(sale, shop, laris_core::RECEIPT_WIDTH_58MM)
    );
    Ok(())
}

pub fn level(p: &Product, level: i64, as_json: bool) {
    if as_json {
        let _ = json(&serde_json::json!({ "sku": p.sku, "name": p.name, "level_milli": level }));
    } else {
        let flag = if level < 0 {
            "  (NEGATIVE: count the shelf)"
        } else {
            ""
        };
        println!(
            "{} {}: stock now {} {}{flag}",
            p.sku,
            p.name,
            format_qty(level),
            p.unit
        );
    }
}

pub fn stock(levels: &[StockLevel], as_json: bool) -> Result<(), CliError> {
    if as_json {
        return json(&levels);
    }
    if levels.is_empty() {
        println!("Nothing to show.");
    }
    for l in levels {
        let flag = if l.is_negative() {
            "NEGATIVE"
        } else if l.is_low() {
            "low"
        } else {
            ""
        };
        println!(
            "{:<8} {:<40} {:>10} {:<6} {flag}",
            l.sku,
            l.name,
            format_qty(l.level_milli),
            l.unit
        );
    }
    Ok(())
}

pub fn report(r: &Report, as_json: bool) -> Result<(), CliError> {
    if as_json {
        return json(r);
    }
    let t = &r.totals;
    let period = if r.from == r.to {
        r.from.to_string()
    } else {
        format!("{} .. {}", r.from, r.to)
    };
    println!("Sales report {period} ({})", r.timezone);
    let rows = [
        ("Sales", t.sales.to_string()),
        ("Gross", format_rupiah(t.gross)),
        ("Discounts", format_rupiah(t.discounts)),
        ("Net", format_rupiah(t.net)),
        ("Tax (PPN)", format_rupiah(t.tax)),
        ("Rounding", format_rupiah(t.rounding)),
        ("Collected", format_rupiah(t.total)),
        ("Cost (HPP)", format_rupiah(t.cost)),
        ("Gross profit", format_rupiah(t.gross_profit)),
        ("Average basket", format_rupiah(t.average_basket)),
    ];
    for (label, value) in rows {
        println!("  {label:<16}{value:>16}");
    }
    if !r.by_method.is_empty() {
        println!("By payment method:");
        for m in &r.by_method {
            println!(
                "  {:<16}{:>16}  ({} payments)",
                m.method,
                format_rupiah(m.amount),
                m.payments
            );
        }
    }
    if !r.by_hour.is_empty() {
        println!("By hour:");
        for h in &r.by_hour {
            println!(
                "  {:02}:00  {:>4} sales {:>16}",
                h.hour,
                h.sales,
                format_rupiah(h.total)
            );
        }
    }
    if !r.best_sellers.is_empty() {
        println!("Best sellers:");
        for b in &r.best_sellers {
            println!(
                "  {:<36} {:>8} {:>16}",
                b.name,
                format_qty(b.qty_milli),
                format_rupiah(b.amount)
            );
        }
    }
    if !r.low_stock.is_empty() {
        println!("Low stock:");
        for l in &r.low_stock {
            println!(
                "  {:<36} {:>8} {}",
                l.name,
                format_qty(l.level_milli),
                l.unit
            );
        }
    }
    Ok(())
}

pub fn settings(s: &ShopSettings, as_json: bool) -> Result<(), CliError> {
    if as_json {
        return json(s);
    }
    println!("Name:      {}", s.name);
    println!("Address:   {}", s.address);
    println!("Footer:    {}", s.receipt_footer);
    println!("Time zone: {}", s.timezone);
    println!(
        "Tax:       {} {}%",
        s.tax.mode.as_str(),
        format_qty(s.tax.rate_bp * 10)
    );
    println!("Rounding:  {}", s.rounding.as_str());
    Ok(())
}
