//! `laris kasbon`, `laris shift`, `laris opname` and `laris sell --kasbon`: the shop's books
//! on the headless till. Owner-only steps take the owner's PIN from LARIS_OWNER_PIN.

use std::path::Path;

use laris_core::{
    CheckoutOptions, CoreError, CustomerBalance, CustomerDraft, DeviceStore, KasbonCharge,
    PaymentMethod, Shift, ShiftCounts, format_qty, format_rupiah,
};
use uuid::Uuid;

use crate::cli::{ApprovalCommand, KasbonCommand, QrisCommand, ShiftCommand};
use crate::error::{CliError, Result};
use crate::open;
use crate::output::json;
use crate::print::say;

/// A Rupiah amount typed as an argument (`20000`, `20.000`), named by its option.
pub fn rupiah(option: &'static str) -> impl Fn(&str) -> Result<i64> {
    move |s| {
        laris_core::input::parse_rupiah(s).map_err(|e| {
            CliError::Usage(format!(
                "{option} {s:?}: {e}; write whole Rupiah like 20000 or 20.000"
            ))
        })
    }
}

/// The customer called `name` (case-insensitive, exactly one).
fn customer_id(store: &DeviceStore, name: &str) -> Result<Uuid> {
    let all = store.customer_balances(None)?;
    let found: Vec<_> = all
        .iter()
        .filter(|c| c.customer.name.eq_ignore_ascii_case(name.trim()))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.customer.id),
        [] => Err(CoreError::UnknownCustomer(name.to_string()).into()),
        _ => Err(CliError::Usage(format!(
            "{} customers are called {name:?}: rename one",
            found.len()
        ))),
    }
}

/// What `laris sell --kasbon NAME` passes to checkout: the owner's PIN is asked only when
/// the sale goes over the customer's limit (laris-core decides; the PIN, if set, is used).
pub fn kasbon_options(
    store: &mut DeviceStore,
    name: &str,
    due: Option<&str>,
    approval_code: Option<&str>,
) -> Result<CheckoutOptions> {
    let customer_id = customer_id(store, name)?;
    let due_day = due
        .map(|d| laris_core::parse_date(d).map(|d| laris_core::yyyymmdd(d) as u32))
        .transpose()?;
    let authority = match (approval_code, std::env::var(open::OWNER_PIN_VAR)) {
        (Some(code), _) => Some(store.authority_from_code(code)?),
        (None, Ok(pin)) => Some(store.owner_authority(Some(&pin))?),
        (None, Err(_)) => None,
    };
    Ok(CheckoutOptions {
        kasbon: Some(KasbonCharge {
            customer_id,
            due_day,
        }),
        authority,
    })
}

fn owing_line(b: &CustomerBalance, tz: laris_core::ShopTimeZone) -> String {
    let since = b
        .owing_since
        .map(|s| format!("  sejak {}", tz.format(s)))
        .unwrap_or_default();
    let limit = b
        .customer
        .credit_limit
        .map(|l| format!("  limit {}", format_rupiah(l)))
        .unwrap_or_default();
    format!(
        "{:<24} {:>14}{since}{limit}",
        b.customer.name,
        format_rupiah(b.balance)
    )
}

pub fn kasbon(db: &Path, as_json: bool, action: Option<KasbonCommand>) -> Result<()> {
    let mut store = open::store(db)?;
    let tz = store.settings()?.timezone;
    match action {
        None | Some(KasbonCommand::Customers) => {
            let list = match action {
                None => store.kasbon_book()?,
                _ => store.customer_balances(None)?,
            };
            if as_json {
                return json(&list);
            }
            if list.is_empty() {
                say!("Tidak ada kasbon.")?;
            }
            for b in &list {
                say!("{}", owing_line(b, tz))?;
            }
            let total: i64 = list.iter().map(|b| b.balance).sum();
            say!("{:<24} {:>14}", "TOTAL", format_rupiah(total))?;
            Ok(())
        }
        Some(KasbonCommand::Add {
            name,
            phone,
            note,
            limit,
        }) => {
            let credit_limit = limit.as_deref().map(rupiah("--limit")).transpose()?;
            let authority = match credit_limit {
                Some(_) => Some(open::owner_authority(&mut store)?),
                None => None,
            };
            let c = store.save_customer(
                &CustomerDraft {
                    id: None,
                    name,
                    phone,
                    note,
                    credit_limit,
                },
                authority,
            )?;
            if as_json {
                return json(&c);
            }
            say!("Added {} ({})", c.name, c.id)?;
            Ok(())
        }
        Some(KasbonCommand::Show { name }) => {
            let id = customer_id(&store, &name)?;
            let (standing, entries) = store.customer_account(id)?;
            if as_json {
                return json(&(standing, entries));
            }
            let shop = store.settings()?.name;
            let receipt = |e: &laris_core::KasbonEntry| {
                e.sale_id
                    .and_then(|s| store.sale(s).ok().flatten())
                    .map(|s| s.receipt_no)
            };
            say!(
                "{}",
                laris_core::statement_text(&shop, tz, &standing, &entries, receipt)
            )?;
            if let Some(url) = laris_core::reminder_url(&shop, tz, &standing) {
                say!("\nWhatsApp: {url}")?;
            }
            Ok(())
        }
        Some(KasbonCommand::Repay {
            name,
            amount,
            method,
            reference,
        }) => {
            let id = customer_id(&store, &name)?;
            let amount = rupiah("amount")(&amount)?;
            let e = store.repay_kasbon(
                id,
                amount,
                PaymentMethod::parse(&method)?,
                reference.as_deref(),
                None,
            )?;
            let left = store.customer_account(id)?.0.balance;
            if as_json {
                return json(&e);
            }
            say!(
                "{} paid {}; still owes {}",
                name,
                format_rupiah(e.amount),
                format_rupiah(left)
            )?;
            Ok(())
        }
    }
}

fn print_shift(s: &Shift, tz: laris_core::ShopTimeZone) -> Result<()> {
    say!(
        "Shift {} dibuka {} oleh {}, modal {}",
        s.open.id,
        tz.format(s.open.opened_at),
        s.open.opened_by.as_deref().unwrap_or("-"),
        format_rupiah(s.open.float)
    )?;
    let f = &s.figures;
    say!(
        "{} penjualan, {}; kasbon {}; retur {}; kas masuk {}, keluar {}",
        f.sale_count,
        format_rupiah(f.sales_total),
        format_rupiah(f.kasbon_charged),
        format_rupiah(f.refunds),
        format_rupiah(s.cash_in()),
        format_rupiah(s.cash_out())
    )?;
    for m in &f.methods {
        let counted = m.counted.map_or_else(|| "-".into(), format_rupiah);
        let diff = m
            .difference()
            .map_or_else(String::new, |d| format!("  selisih {}", format_rupiah(d)));
        say!(
            "  {:<9} seharusnya {:>14}  dihitung {:>14}{diff}",
            m.method.as_str(),
            format_rupiah(m.expected),
            counted
        )?;
    }
    if let Some(c) = &s.close {
        say!(
            "Ditutup {} oleh {}",
            tz.format(c.closed_at),
            c.closed_by.as_deref().unwrap_or("-")
        )?;
    }
    Ok(())
}

pub fn shift(db: &Path, as_json: bool, action: Option<ShiftCommand>) -> Result<()> {
    let mut store = open::store(db)?;
    let tz = store.settings()?.timezone;
    let shown = match action {
        None => match store.current_shift()? {
            Some(s) => s,
            None => {
                let outside = store.sales_outside_shift()?;
                if as_json {
                    return json(&serde_json::json!({
                        "open": null,
                        "sales_outside_shift": outside,
                    }));
                }
                say!("Shift belum dibuka ({outside} penjualan hari ini tanpa shift).")?;
                return Ok(());
            }
        },
        Some(ShiftCommand::Open { float }) => {
            let float = match float {
                Some(f) => rupiah("float")(&f)?,
                None => store.last_counted_cash()?.unwrap_or(0),
            };
            store.open_shift(float)?
        }
        Some(ShiftCommand::In { amount, reason }) => {
            store.cash_move(rupiah("amount")(&amount)?, &reason)?
        }
        Some(ShiftCommand::Out { amount, reason }) => {
            store.cash_move(-rupiah("amount")(&amount)?, &reason)?
        }
        Some(ShiftCommand::Close {
            cash,
            qris,
            transfer,
            note,
        }) => store.close_shift(
            ShiftCounts {
                cash: rupiah("--cash")(&cash)?,
                qris: qris.as_deref().map(rupiah("--qris")).transpose()?,
                transfer: transfer.as_deref().map(rupiah("--transfer")).transpose()?,
            },
            note.as_deref(),
        )?,
        Some(ShiftCommand::List { limit }) => {
            let all = store.shifts(limit)?;
            if as_json {
                return json(&all);
            }
            for s in &all {
                print_shift(s, tz)?;
                say!("")?;
            }
            return Ok(());
        }
    };
    if as_json {
        return json(&shown);
    }
    print_shift(&shown, tz)
}

pub fn opname(db: &Path, as_json: bool, counts: &[String], note: Option<String>) -> Result<()> {
    let mut store = open::store(db)?;
    let mut lines = Vec::new();
    for spec in counts {
        let (code, qty) = spec.split_once('=').ok_or_else(|| {
            CliError::Usage(format!("{spec:?}: write CODE=QTY, e.g. 2000000000015=24"))
        })?;
        let product = store.product_by_code(code.trim())?;
        lines.push((product.id, laris_core::parse_qty(qty)?));
    }
    let authority = open::owner_authority(&mut store)?;
    let count = store.record_count(authority, &lines, note.as_deref())?;
    if as_json {
        return json(&count);
    }
    for l in &count.lines {
        let name = store
            .query()
            .product(l.product_id)?
            .map_or_else(|| l.product_id.to_string(), |p| p.name);
        say!(
            "{:<28} seharusnya {:>8}  dihitung {:>8}  selisih {:>8}  {}",
            name,
            format_qty(l.expected_milli),
            format_qty(l.counted_milli),
            format_qty(l.difference_milli()),
            format_rupiah(l.value())
        )?;
    }
    say!("Nilai selisih: {}", format_rupiah(count.value()))?;
    Ok(())
}

/// The environment variable the owner's device reads the till's approval key from.
const APPROVAL_KEY_VAR: &str = "LARIS_APPROVAL_KEY";

/// The owner's authority: an approval code when one is given, else the PIN in
/// LARIS_OWNER_PIN.
pub fn authority(
    store: &mut DeviceStore,
    approval_code: Option<&str>,
) -> Result<laris_core::OwnerAuthority> {
    match approval_code {
        Some(code) => Ok(store.authority_from_code(code)?),
        None => open::owner_authority(store),
    }
}

pub fn approval(db: &Path, as_json: bool, action: ApprovalCommand) -> Result<()> {
    match action {
        ApprovalCommand::Enrol => {
            let mut store = open::store(db)?;
            let pin =
                std::env::var(open::OWNER_PIN_VAR).map_err(|_| CliError::OwnerPinMissing {
                    var: open::OWNER_PIN_VAR,
                })?;
            let approval = store.owner_approval(&pin)?;
            let key = store.enrol_approval_key(approval)?;
            if as_json {
                return json(&serde_json::json!({ "key": key }));
            }
            say!("Kunci kode persetujuan (simpan di perangkat pemilik, sekali tampil):\n{key}")?;
            Ok(())
        }
        ApprovalCommand::Code {
            action,
            subject,
            amount,
        } => {
            let key = std::env::var(APPROVAL_KEY_VAR).map_err(|_| {
                CliError::Usage(format!("set {APPROVAL_KEY_VAR} to the till's approval key"))
            })?;
            let key = laris_core::parse_key(&key)?;
            let action = laris_core::CodeAction::parse(&action)?;
            let amount = rupiah("--amount")(&amount)?;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            let code = laris_core::approval_code(&key, action, &subject, amount, now);
            if as_json {
                return json(&serde_json::json!({ "code": code }));
            }
            say!("{code}")?;
            Ok(())
        }
    }
}

fn qris_error(e: laris_qris::QrisError) -> CliError {
    CliError::Usage(format!("[{}] {e}", e.code()))
}

pub fn qris(db: &Path, as_json: bool, action: QrisCommand) -> Result<()> {
    let (q, amount) = match action {
        QrisCommand::Reconcile { file, confirm } => return reconcile(db, as_json, &file, confirm),
        QrisCommand::Unverified => return unverified(db, as_json),
        QrisCommand::Confirm { receipt_no } => {
            let mut store = open::store(db)?;
            let sale = store
                .sale_by_receipt(&receipt_no)?
                .ok_or_else(|| CliError::Usage(format!("no sale with receipt {receipt_no}")))?;
            let done = store.confirm_qris(sale.id, None)?;
            if as_json {
                return json(&done);
            }
            say!(
                "QRIS {} of {} confirmed",
                format_rupiah(done.amount),
                done.receipt_no
            )?;
            return Ok(());
        }
        QrisCommand::Check { payload } => {
            (laris_qris::Qris::parse(&payload).map_err(qris_error)?, None)
        }
        QrisCommand::Dynamic { amount } => {
            let amount = rupiah("amount")(&amount)?;
            let store = open::store(db)?;
            let payload = store.settings()?.qris_payload;
            if payload.trim().is_empty() {
                return Err(CliError::Usage(
                    "this shop has no QRIS yet: set it with `laris settings --qris <payload>`"
                        .into(),
                ));
            }
            (
                laris_qris::Qris::parse(&payload).map_err(qris_error)?,
                Some(amount),
            )
        }
    };
    let payload = match amount {
        Some(a) => q.dynamic(a).map_err(qris_error)?,
        None => q.to_payload(),
    };
    if as_json {
        return json(&serde_json::json!({
            "merchant_name": q.merchant_name(),
            "merchant_city": q.merchant_city(),
            "nmid": q.nmid(),
            "dynamic": amount.is_some() || q.is_dynamic(),
            "amount": amount.or(q.amount()),
            "payload": payload,
        }));
    }
    match amount {
        Some(_) => say!("{payload}")?,
        None => {
            say!("QRIS {} · {}", q.merchant_name(), q.merchant_city())?;
            if let Some(n) = q.nmid() {
                say!("NMID {n}")?;
            }
            if let Some(a) = q.amount() {
                say!("Nominal {}", format_rupiah(a))?;
            }
        }
    }
    Ok(())
}

fn unverified(db: &Path, as_json: bool) -> Result<()> {
    let store = open::store(db)?;
    let now = store.now_ms();
    let list = store
        .query()
        .unverified_qris(now - 31 * 24 * 3_600_000, now + 1)?;
    if as_json {
        return json(&list);
    }
    let tz = store.settings()?.timezone;
    for u in &list {
        say!(
            "{}  {}  {}",
            u.receipt_no,
            tz.format(u.created_at),
            format_rupiah(u.amount)
        )?;
    }
    say!("{} QRIS sale(s) not confirmed", list.len())?;
    Ok(())
}

fn reconcile(db: &Path, as_json: bool, file: &Path, confirm: bool) -> Result<()> {
    let text = std::fs::read_to_string(file).map_err(|source| CliError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let mut store = open::store(db)?;
    let r = store.reconcile_settlement(&text)?;
    let mut confirmed = 0;
    if confirm {
        for (_, sale) in r.matched.iter().filter(|(_, s)| s.unverified) {
            store.confirm_qris(sale.sale_id, Some("settlement list"))?;
            confirmed += 1;
        }
    }
    if as_json {
        return json(&serde_json::json!({
            "matched": r.matched.iter().map(|(row, sale)| serde_json::json!({"row": row, "sale": sale})).collect::<Vec<_>>(),
            "unmatched_rows": r.unmatched_rows,
            "unmatched_sales": r.unmatched_sales,
            "unreadable": r.unreadable.iter().map(|(line, why)| serde_json::json!({"line": line, "why": why})).collect::<Vec<_>>(),
            "confirmed": confirmed,
        }));
    }
    let tz = store.settings()?.timezone;
    for (row, sale) in &r.matched {
        say!(
            "matched   line {:>4}  {}  {}  {}{}",
            row.line,
            tz.format(row.at),
            format_rupiah(row.amount),
            sale.receipt_no,
            if sale.unverified { " (unverified)" } else { "" }
        )?;
    }
    for row in &r.unmatched_rows {
        say!(
            "no sale   line {:>4}  {}  {}  {}",
            row.line,
            tz.format(row.at),
            format_rupiah(row.amount),
            row.reference.as_deref().unwrap_or("")
        )?;
    }
    for sale in &r.unmatched_sales {
        say!(
            "no money  {}  {}  {}",
            sale.receipt_no,
            tz.format(sale.created_at),
            format_rupiah(sale.amount)
        )?;
    }
    for (line, why) in &r.unreadable {
        say!("unreadable line {line}: {why}")?;
    }
    say!(
        "{} matched, {} credit(s) without a sale, {} sale(s) without money, {} unreadable{}",
        r.matched.len(),
        r.unmatched_rows.len(),
        r.unmatched_sales.len(),
        r.unreadable.len(),
        if confirm {
            format!("; {confirmed} confirmed")
        } else {
            String::new()
        }
    )?;
    Ok(())
}
