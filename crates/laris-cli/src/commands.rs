//! One function per subcommand; each opens the database as it needs (reports and backups read
//! without the writer lock, so they work while a till is running).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use laris_core::{
    Cart, DeviceReader, Lookup, PaymentMethod, ShopSetup, SystemClock, TaxMode, Tender, parse_date,
    parse_qty,
};
use uuid::Uuid;

use crate::cli::{Command, ProductCommand};
use crate::error::{CliError, Result};
use crate::labels::Lang;
use crate::print::say;
use crate::{
    books_commands, open, output, people_commands, product_set, receipt_commands, sync_commands,
};

fn open_file(path: &Path) -> Result<File> {
    File::open(path).map_err(|source| CliError::Io {
        path: path.into(),
        source,
    })
}

fn sale_by_receipt(store: &laris_core::DeviceStore, receipt_no: &str) -> Result<laris_core::Sale> {
    store
        .sale_by_receipt(receipt_no)?
        .ok_or_else(|| CliError::Usage(format!("no sale with receipt {receipt_no}")))
}

/// `2x1,5`: line 2, quantity 1.5 (as `sell --item` reads a quantity).
fn parse_return_line(s: &str) -> Result<laris_core::ReturnRequest> {
    let (line, qty) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| CliError::Usage(format!("--line {s:?}: write LINExQTY, e.g. 2x1")))?;
    let line_no = line
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| CliError::Usage(format!("--line {s:?}: {line:?} is not a line number")))?;
    Ok(laris_core::ReturnRequest {
        line_no,
        qty_milli: parse_qty(qty)?,
    })
}

pub fn run(db: &Path, json: bool, lang: Lang, command: Command) -> Result<()> {
    match command {
        Command::Init {
            name,
            device,
            timezone,
            catalog,
        } => {
            let timezone = timezone.parse()?;
            // Checked before the database is created, so a typo leaves no empty shop behind.
            let catalog = catalog.as_deref().map(open_file).transpose()?;
            let mut store = open::create_or_open(db)?;
            let info = store.init_shop(&ShopSetup {
                name,
                device_code: device,
                timezone,
            })?;
            say!(
                "Shop set up in {} (device {}, {})",
                db.display(),
                info.code,
                info.device_id
            )?;
            if let Some(file) = catalog {
                let summary = store.import_catalog_csv(BufReader::new(file))?;
                output::import_summary(&summary, json)?;
            }
            Ok(())
        }
        Command::Import { file } => {
            let mut store = open::store(db)?;
            let summary = store.import_catalog_csv(BufReader::new(open_file(&file)?))?;
            output::import_summary(&summary, json)
        }
        Command::Export { file } => {
            let store = open::store(db)?;
            if file.as_os_str() == "-" {
                store.export_catalog_csv(crate::print::stdout())?;
            } else {
                let out = File::create(&file).map_err(|source| CliError::Io {
                    path: file.clone(),
                    source,
                })?;
                let n = store.export_catalog_csv(out)?;
                crate::print::note(&format!("{n} products written to {}", file.display()));
            }
            Ok(())
        }
        Command::Search { text, limit } => {
            let reader = open::reader(db)?;
            let found = reader.query().lookup(&text.join(" "), limit)?;
            let products = match found {
                Lookup::Exact(p) => vec![p],
                Lookup::Matches(ps) => ps,
            };
            output::products(reader.query(), &products, json)
        }
        Command::Sell {
            items,
            line_discounts,
            discount,
            payments,
            cashier,
            kasbon,
            due,
            approval_code,
        } => {
            let mut store = open::store(db)?;
            let mut cart = Cart::new();
            for item in &items {
                let (code, qty) = parse_item(item)?;
                let product = store.product_by_code(code)?;
                cart.add(&product, qty)?;
            }
            for spec in &line_discounts {
                let (line, amount) = spec
                    .split_once(':')
                    .and_then(|(l, a)| {
                        Some((
                            l.parse::<usize>().ok()?,
                            laris_core::input::parse_rupiah(a).ok()?,
                        ))
                    })
                    .filter(|(l, _)| *l >= 1)
                    .ok_or_else(|| {
                        CliError::Usage(format!(
                            "--line-discount {spec:?}: use LINE:AMOUNT, e.g. 2:500"
                        ))
                    })?;
                cart.set_line_discount(line - 1, amount)?;
            }
            cart.set_discount(discount)?;
            let total = cart.totals(store.settings()?.pricing())?.total;
            let payments = match (&kasbon, payments.is_empty()) {
                (None, true) => vec!["cash".to_string()],
                _ => payments,
            };
            let tenders = parse_payments(&payments, total)?;
            let options = match kasbon {
                None => laris_core::CheckoutOptions::default(),
                Some(name) => books_commands::kasbon_options(
                    &mut store,
                    &name,
                    due.as_deref(),
                    approval_code.as_deref(),
                )?,
            };
            let sale = store.checkout_with(&cart, &tenders, cashier.as_deref(), options)?;
            output::sale(
                &sale,
                &store.settings()?,
                store.query().sale_kasbon(sale.id)?.as_ref(),
                json,
            )
        }
        Command::Product {
            action: ProductCommand::Set { code, changes },
        } => product_set::set(db, json, &code, &changes),
        Command::People { action } => people_commands::run(db, json, action),
        Command::Receipt {
            receipt_no,
            width,
            format,
            print,
            reprint,
            open_drawer,
        } => receipt_commands::receipt(
            db,
            json,
            &receipt_commands::ReceiptArgs {
                receipt_no,
                width,
                format,
                print,
                reprint,
                open_drawer,
            },
        ),
        Command::Void {
            receipt_no,
            reason,
            approval_code,
        } => {
            let mut store = open::store(db)?;
            let sale = sale_by_receipt(&store, &receipt_no)?;
            let authority = books_commands::authority(&mut store, approval_code.as_deref())?;
            let r = store.void_sale(authority, sale.id, &reason)?;
            output::sale_return(&r, &sale, json)
        }
        Command::Refund {
            receipt_no,
            lines,
            method,
            reason,
            approval_code,
        } => {
            let requests = lines
                .iter()
                .map(|l| parse_return_line(l))
                .collect::<Result<Vec<_>>>()?;
            let method = PaymentMethod::parse(&method)?;
            let mut store = open::store(db)?;
            let sale = sale_by_receipt(&store, &receipt_no)?;
            let authority = books_commands::authority(&mut store, approval_code.as_deref())?;
            let r = store.refund_sale(authority, sale.id, &requests, method, &reason)?;
            output::sale_return(&r, &sale, json)
        }
        Command::OverRefunds => {
            let reader = open::reader(db)?;
            output::over_refunds(&reader.query().over_refunds()?, json)
        }
        Command::Restock {
            code,
            qty,
            reason,
            cost,
            supplier,
        } => {
            let qty = parse_qty(&qty)?;
            let unit_cost = cost
                .as_deref()
                .map(books_commands::rupiah("--cost"))
                .transpose()?;
            let mut store = open::store(db)?;
            let product = store.product_by_code(&code)?;
            let supply = laris_core::Supply {
                supplier,
                unit_cost,
            };
            let level = store.restock_from(&product, qty, reason.as_deref(), &supply)?;
            output::level(&product, level, json)
        }
        Command::Kasbon { action } => books_commands::kasbon(db, json, action),
        Command::Approval { action } => books_commands::approval(db, json, action),
        Command::Qris { action } => books_commands::qris(db, json, action),
        Command::Shift { action } => books_commands::shift(db, json, action),
        Command::Opname { counts, note } => books_commands::opname(db, json, &counts, note),
        Command::Adjust {
            code,
            delta,
            reason,
        } => {
            let delta = parse_qty(&delta)?;
            let mut store = open::store(db)?;
            let product = store.product_by_code(&code)?;
            let authority = open::owner_authority(&mut store)?;
            let level = store.adjust_stock(authority, &product, delta, &reason)?;
            output::level(&product, level, json)
        }
        Command::Stock { low } => {
            let reader = open::reader(db)?;
            let levels = if low {
                reader.query().low_stock()?
            } else {
                reader.query().stock_levels()?
            };
            output::stock(&levels, json)
        }
        Command::Report {
            date,
            from,
            to,
            device,
        } => {
            let reader = open::reader(db)?;
            let tz = reader.settings()?.timezone;
            let (from, to) = match (date, from, to) {
                (Some(d), _, _) => {
                    let d = parse_date(&d)?;
                    (d, d)
                }
                (None, Some(f), Some(t)) => (parse_date(&f)?, parse_date(&t)?),
                _ => {
                    let today = tz.local_date(laris_core::Clock::now_ms(&SystemClock));
                    (today, today)
                }
            };
            let till = device
                .map(|code| till_by_code(&reader, &code))
                .transpose()?;
            let report = reader
                .query()
                .report(from, to, till.as_ref().map(|t| t.1))?;
            output::report(
                &report,
                till.as_ref().map(|t| t.0.as_str()),
                lang.report(),
                json,
            )
        }
        Command::Settings {
            name,
            address,
            footer,
            timezone,
            tax_mode,
            tax_rate,
            rounding,
            qris,
        } => {
            let mut store = open::store(db)?;
            let mut s = store.settings()?;
            let before = s.clone();
            if let Some(v) = qris {
                s.qris_payload = if v.trim() == "none" { String::new() } else { v };
            }
            if let Some(v) = name {
                s.name = v;
            }
            if let Some(v) = address {
                s.address = v;
            }
            if let Some(v) = footer {
                s.receipt_footer = v;
            }
            if let Some(v) = timezone {
                s.timezone = v.parse()?;
            }
            if let Some(v) = tax_mode {
                s.tax.mode = TaxMode::parse(&v)?;
            }
            if let Some(v) = tax_rate {
                s.tax.rate_bp = parse_percent(&v)?;
            }
            if let Some(v) = rounding {
                s.rounding = laris_core::Rounding::parse(&v)?;
            }
            if s != before {
                let authority = open::owner_authority(&mut store)?;
                store.save_settings(authority, &s)?;
            }
            output::settings(&s, json)
        }
        Command::Backup { dest } => {
            open::require_database(db)?;
            laris_core::backup_to(db, &dest)?;
            say!("Backup written to {}", dest.display())?;
            Ok(())
        }
        Command::Demo { catalog } => demo(db, &catalog, lang, json),
        Command::Pair {
            server,
            code,
            name,
            device_code,
        } => sync_commands::pair(
            db,
            json,
            &server,
            &code,
            name.as_deref(),
            device_code.as_deref(),
        ),
        Command::Sync { verify, watch } => sync_commands::sync(db, json, verify, watch),
        Command::Status => sync_commands::status(db, json),
    }
}

/// The till a report is limited to, by its receipt prefix (`this`: this till), with the
/// prefix to show.
fn till_by_code(reader: &DeviceReader, code: &str) -> Result<(String, Uuid)> {
    let me = reader.device()?;
    let wanted = code.trim().to_ascii_uppercase();
    if wanted == "THIS" || wanted == me.code {
        return Ok((me.code, me.device_id));
    }
    let known = reader.query().receipt_prefixes()?;
    let matching: Vec<Uuid> = known
        .iter()
        .filter(|(prefix, _)| *prefix == wanted)
        .map(|(_, id)| *id)
        .collect();
    match matching.as_slice() {
        [id] => Ok((wanted, *id)),
        [] => {
            let mut names: Vec<&str> = known.iter().map(|(p, _)| p.as_str()).collect();
            names.push(&me.code);
            names.sort_unstable();
            names.dedup();
            Err(CliError::Usage(format!(
                "--device {code}: no till prints receipts with that prefix in this database \
                 (known: {}); sync to see other tills' sales",
                names.join(", ")
            )))
        }
        _ => Err(CliError::Usage(format!(
            "--device {code}: {} tills printed receipts with that prefix (before pairing); \
             report on the whole shop instead",
            matching.len()
        ))),
    }
}

/// `CODE` or `CODExQTY` (the last `x` or `*` splits, so SKUs containing an x still work when a
/// quantity is given).
fn parse_item(item: &str) -> Result<(&str, i64)> {
    match item.rsplit_once(['x', 'X', '*']) {
        Some((code, qty)) if !code.is_empty() && parse_qty(qty).is_ok() => {
            Ok((code, parse_qty(qty)?))
        }
        _ => Ok((item, 1000)),
    }
}

fn parse_payments(specs: &[String], total: i64) -> Result<Vec<Tender>> {
    let mut tenders = Vec::new();
    let mut exact_used = false;
    for spec in specs {
        let mut parts = spec.splitn(3, ':');
        let method = PaymentMethod::parse(parts.next().unwrap_or(""))?;
        let amount = match parts.next() {
            Some(a) => laris_core::input::parse_rupiah(a).map_err(|e| {
                CliError::Usage(format!(
                    "--pay {spec:?}: {e}; write whole Rupiah like 20000 or 20.000"
                ))
            })?,
            None if !exact_used => {
                exact_used = true;
                total - tenders.iter().map(|t: &Tender| t.amount).sum::<i64>()
            }
            None => {
                return Err(CliError::Usage(
                    "only one --pay may leave out its amount".into(),
                ));
            }
        };
        let reference = parts.next().map(String::from);
        tenders.push(Tender {
            method,
            amount,
            reference,
            confirmed: false,
        });
    }
    Ok(tenders)
}

/// `11` or `11,5` percent to basis points.
fn parse_percent(s: &str) -> Result<i64> {
    let milli = parse_qty(s)?;
    Ok(milli / 10)
}

pub(crate) fn demo(db: &Path, catalog: &Path, lang: Lang, json: bool) -> Result<()> {
    let mut store = open::create_or_open(db)?;
    if store.device().is_err() {
        store.init_shop(&ShopSetup {
            name: "Warung Laris Manis".into(),
            device_code: "A".into(),
            timezone: laris_core::ShopTimeZone::Wib,
        })?;
        let summary = store.import_catalog_csv(BufReader::new(open_file(catalog)?))?;
        crate::print::note(&format!(
            "Demo shop created at {} with {} products.",
            db.display(),
            summary.created
        ));
        for code in ["W0001", "W0010", "W0013", "W0018"] {
            let p = store.product_by_code(code)?;
            store.restock(&p, 24_000, Some("stok awal"))?;
        }
    }
    let baskets: [(&[(&str, i64)], &str); 3] = [
        (&[("2000000000015", 3000), ("W0010", 500)], "cash:20000"),
        (&[("W0013", 1000), ("W0018", 10_000)], "qris"),
        (&[("W0001", 2000), ("W0011", 250)], "cash:15000"),
    ];
    let settings = store.settings()?;
    for (items, pay) in baskets {
        let mut cart = Cart::new();
        for (code, qty) in items {
            cart.add(&store.product_by_code(code)?, *qty)?;
        }
        let total = cart.totals(settings.pricing())?.total;
        let tenders = parse_payments(&[pay.to_string()], total)?;
        let sale = store.checkout(&cart, &tenders, Some("Demo"))?;
        if !json {
            say!("{}", output::receipt_text(&sale, &settings, None))?;
        }
    }
    let report = store.today_report()?;
    output::report(&report, None, lang.report(), json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_payments_parse() {
        assert_eq!(
            parse_item("2000000000015x2").unwrap(),
            ("2000000000015", 2000)
        );
        assert_eq!(parse_item("W0010x0,5").unwrap(), ("W0010", 500));
        assert_eq!(parse_item("W0010").unwrap(), ("W0010", 1000));
        assert_eq!(parse_item("BOX").unwrap(), ("BOX", 1000));
        let t = parse_payments(&["qris:10000".into(), "cash".into()], 25_000).unwrap();
        assert_eq!(t[1].amount, 15_000);
        assert!(parse_payments(&["cash".into(), "qris".into()], 1).is_err());
        assert!(parse_payments(&["cash:abc".into()], 1).is_err());
        assert!(parse_payments(&["kartu:5".into()], 1).is_err());
        assert_eq!(parse_percent("11").unwrap(), 1100);
        assert_eq!(parse_percent("11,5").unwrap(), 1150);
    }
}
