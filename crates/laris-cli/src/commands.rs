//! One function per subcommand; each opens the database as it needs (reports and backups read
//! without the writer lock, so they work while a till is running).

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use laris_core::{
    Cart, CoreError, DeviceReader, DeviceStore, Lookup, PaymentMethod, RandomIds, ShopSetup,
    SystemClock, TaxMode, Tender, parse_date, parse_qty,
};

use crate::cli::Command;
use crate::{output, sync_commands};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Sync(#[from] laris_sync::SyncError),
    /// The proof of sync found a difference (the message is its summary).
    #[error("{0}")]
    ProofMismatch(String),
}

impl CliError {
    pub fn code(&self) -> &str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::Io { .. } => "io",
            CliError::Usage(_) => "usage",
            CliError::Sync(e) => e.code(),
            CliError::ProofMismatch(_) => "proof_mismatch",
        }
    }
}

type Result<T> = std::result::Result<T, CliError>;

pub(crate) fn open_store(db: &Path) -> Result<DeviceStore> {
    Ok(DeviceStore::open(
        db,
        Arc::new(SystemClock),
        Arc::new(RandomIds),
    )?)
}

fn open_file(path: &Path) -> Result<File> {
    File::open(path).map_err(|source| CliError::Io {
        path: path.into(),
        source,
    })
}

pub fn run(db: &Path, json: bool, command: Command) -> Result<()> {
    match command {
        Command::Init {
            name,
            device,
            timezone,
            catalog,
        } => {
            let mut store = open_store(db)?;
            let info = store.init_shop(&ShopSetup {
                name,
                device_code: device,
                timezone: timezone.parse()?,
            })?;
            println!(
                "Shop set up in {} (device {}, {})",
                db.display(),
                info.code,
                info.device_id
            );
            if let Some(path) = catalog {
                let summary = store.import_catalog_csv(BufReader::new(open_file(&path)?))?;
                output::import_summary(&summary, json);
            }
            Ok(())
        }
        Command::Import { file } => {
            let mut store = open_store(db)?;
            let summary = store.import_catalog_csv(BufReader::new(open_file(&file)?))?;
            output::import_summary(&summary, json);
            Ok(())
        }
        Command::Export { file } => {
            let store = open_store(db)?;
            if file.as_os_str() == "-" {
                store.export_catalog_csv(std::io::stdout().lock())?;
            } else {
                let out = File::create(&file).map_err(|source| CliError::Io {
                    path: file.clone(),
                    source,
                })?;
                let n = store.export_catalog_csv(out)?;
                eprintln!("{n} products written to {}", file.display());
            }
            Ok(())
        }
        Command::Search { text, limit } => {
            let reader = DeviceReader::open(db)?;
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
        } => {
            let mut store = open_store(db)?;
            let mut cart = Cart::new();
            for item in &items {
                let (code, qty) = parse_item(item)?;
                let product = store.product_by_code(code)?;
                cart.add(&product, qty)?;
            }
            for spec in &line_discounts {
                let (line, amount) = spec
                    .split_once(':')
                    .and_then(|(l, a)| Some((l.parse::<usize>().ok()?, a.parse::<i64>().ok()?)))
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
            let tenders = parse_payments(&payments, total)?;
            let sale = store.checkout(&cart, &tenders, cashier.as_deref())?;
            output::sale(&sale, &store.settings()?, json)
        }
        Command::Receipt { receipt_no } => {
            let store = open_store(db)?;
            let sale = store
                .sale_by_receipt(&receipt_no)?
                .ok_or_else(|| CliError::Usage(format!("no sale with receipt {receipt_no}")))?;
            output::sale(&sale, &store.settings()?, json)
        }
        Command::Restock { code, qty, reason } => {
            let mut store = open_store(db)?;
            let product = store.product_by_code(&code)?;
            let level = store.restock(&product, parse_qty(&qty)?, reason.as_deref())?;
            output::level(&product, level, json);
            Ok(())
        }
        Command::Adjust {
            code,
            delta,
            reason,
        } => {
            let mut store = open_store(db)?;
            let product = store.product_by_code(&code)?;
            let level = store.adjust_stock(&product, parse_qty(&delta)?, &reason)?;
            output::level(&product, level, json);
            Ok(())
        }
        Command::Stock { low } => {
            let reader = DeviceReader::open(db)?;
            let levels = if low {
                reader.query().low_stock()?
            } else {
                reader.query().stock_levels()?
            };
            output::stock(&levels, json)
        }
        Command::Report { date, from, to } => {
            let reader = DeviceReader::open(db)?;
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
            let report = reader.query().report(from, to, None)?;
            output::report(&report, json)
        }
        Command::Settings {
            name,
            address,
            footer,
            timezone,
            tax_mode,
            tax_rate,
            rounding,
        } => {
            let mut store = open_store(db)?;
            let mut s = store.settings()?;
            let before = s.clone();
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
                store.save_settings(&s)?;
            }
            output::settings(&s, json)
        }
        Command::Backup { dest } => {
            laris_core::backup_to(db, &dest)?;
            println!("Backup written to {}", dest.display());
            Ok(())
        }
        Command::Demo { catalog } => demo(db, &catalog, json),
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
            Some(a) => a.replace('.', "").parse::<i64>().map_err(|_| {
                CliError::Usage(format!("--pay {spec:?}: the amount must be whole Rupiah"))
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
        });
    }
    Ok(tenders)
}

/// `11` or `11,5` percent to basis points.
fn parse_percent(s: &str) -> Result<i64> {
    let milli = parse_qty(s)?;
    Ok(milli / 10)
}

pub(crate) fn demo(db: &Path, catalog: &Path, json: bool) -> Result<()> {
    let mut store = open_store(db)?;
    if store.device().is_err() {
        store.init_shop(&ShopSetup {
            name: "Warung Laris Manis".into(),
            device_code: "A".into(),
            timezone: laris_core::ShopTimeZone::Wib,
        })?;
        let summary = store.import_catalog_csv(BufReader::new(open_file(catalog)?))?;
        eprintln!(
            "Demo shop created at {} with {} products.",
            db.display(),
            summary.created
        );
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
    let mut stdout = std::io::stdout().lock();
    for (items, pay) in baskets {
        let mut cart = Cart::new();
        for (code, qty) in items {
            cart.add(&store.product_by_code(code)?, *qty)?;
        }
        let total = cart.totals(settings.pricing())?.total;
        let tenders = parse_payments(&[pay.to_string()], total)?;
        let sale = store.checkout(&cart, &tenders, Some("Demo"))?;
        if !json {
            let _ = writeln!(
                stdout,
                "{}",
                laris_core::receipt_text(&sale, &settings, laris_core::RECEIPT_WIDTH_58MM)
            );
        }
    }
    drop(stdout);
    let report = store.today_report()?;
    output::report(&report, json)
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
