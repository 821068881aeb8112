//! The one writer of `kasbon_entries`: each customer's ledger. A charge (a sale, or the part
//! of it not paid, on the customer's account) raises the balance; a repayment or a refund of
//! a kasbon sale lowers it. Entries are only added, never changed, and a balance is their
//! sum, so two tills taking repayments offline both count once they meet. How long a debt has
//! been owed is read first in, first out: what is paid settles the oldest charges first.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::customers::{self, Customer};
use crate::error::{CoreError, Result};
use crate::sale::checkout::PaymentMethod;
use crate::sale::pricing::MAX_PRICE;
use crate::store::{DeviceStore, immediate_tx};

/// The outbox kind of a kasbon entry.
pub const KASBON_EVENT: &str = "kasbon_entry";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KasbonKind {
    Charge,
    Repayment,
    Refund,
}

impl KasbonKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KasbonKind::Charge => "charge",
            KasbonKind::Repayment => "repayment",
            KasbonKind::Refund => "refund",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "charge" => Ok(KasbonKind::Charge),
            "repayment" => Ok(KasbonKind::Repayment),
            "refund" => Ok(KasbonKind::Refund),
            other => Err(CoreError::invalid("kasbon_kind", other.to_string())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KasbonEntry {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub device_id: Uuid,
    pub kind: KasbonKind,
    /// Always positive; `kind` gives the sign.
    pub amount: i64,
    pub created_at: i64,
    pub sale_id: Option<Uuid>,
    pub return_id: Option<Uuid>,
    /// How a repayment was paid.
    pub method: Option<PaymentMethod>,
    pub reference: Option<String>,
    /// A charge's due date, shop-local YYYYMMDD.
    pub due_day: Option<u32>,
    pub cashier: Option<String>,
    pub note: Option<String>,
    pub approved_by: Option<Uuid>,
}

impl KasbonEntry {
    /// The entry's effect on the balance.
    pub fn signed(&self) -> i64 {
        match self.kind {
            KasbonKind::Charge => self.amount,
            KasbonKind::Repayment | KasbonKind::Refund => -self.amount,
        }
    }
}

/// Putting (part of) a sale on a customer's account at checkout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KasbonCharge {
    pub customer_id: Uuid,
    /// Shop-local YYYYMMDD.
    pub due_day: Option<u32>,
}

/// A customer with what they owe.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CustomerBalance {
    pub customer: Customer,
    pub balance: i64,
    /// When the oldest charge not yet paid off was made.
    pub owing_since: Option<i64>,
    /// The earliest due date among charges not yet paid off.
    pub due_day: Option<u32>,
}

/// What a receipt says of a sale put on a customer's account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SaleKasbon {
    pub customer: String,
    /// What of the sale was put on the account.
    pub charged: i64,
    /// What the customer owed right after the sale (entries after it, from any till, are not
    /// counted, so a reprint says what the receipt said).
    pub owed: i64,
    /// Shop-local YYYYMMDD.
    pub due_day: Option<u32>,
}

/// The kasbon part of sale `sale_id`, if any of it was put on an account.
pub(crate) fn sale_kasbon(conn: &Connection, sale_id: Uuid) -> Result<Option<SaleKasbon>> {
    let Some(charge) = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM kasbon_entries WHERE sale_id = ?1 AND kind = 'charge'
             ORDER BY n LIMIT 1"
        ))?
        .query_row([sale_id], from_row)
        .optional()?
        .map(with_kind)
        .transpose()?
    else {
        return Ok(None);
    };
    let entries = entries_of(conn, charge.customer_id)?;
    let upto = entries
        .iter()
        .position(|e| e.id == charge.id)
        .map_or(entries.len(), |i| i + 1);
    let customer = customers::load(conn, charge.customer_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(Some(SaleKasbon {
        customer,
        charged: charge.amount,
        owed: entries[..upto].iter().map(KasbonEntry::signed).sum(),
        due_day: charge.due_day,
    }))
}

/// Inserts `e` unless an entry with its id is here. True if new.
pub(crate) fn insert_entry(conn: &Connection, e: &KasbonEntry) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO kasbon_entries (id, customer_id, device_id, kind, amount, created_at,
                 sale_id, return_id, method, reference, due_day, cashier, note, approved_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            e.id,
            e.customer_id,
            e.device_id,
            e.kind.as_str(),
            e.amount,
            e.created_at,
            e.sale_id,
            e.return_id,
            e.method.map(PaymentMethod::as_str),
            e.reference,
            e.due_day,
            e.cashier,
            e.note,
            e.approved_by
        ])?;
    Ok(n > 0)
}

const COLUMNS: &str = "id, customer_id, device_id, kind, amount, created_at, sale_id, return_id,
    method, reference, due_day, cashier, note, approved_by";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(KasbonEntry, String)> {
    let method: Option<String> = r.get(8)?;
    Ok((
        KasbonEntry {
            id: r.get(0)?,
            customer_id: r.get(1)?,
            device_id: r.get(2)?,
            kind: KasbonKind::Charge,
            amount: r.get(4)?,
            created_at: r.get(5)?,
            sale_id: r.get(6)?,
            return_id: r.get(7)?,
            method: method.and_then(|m| PaymentMethod::parse(&m).ok()),
            reference: r.get(9)?,
            due_day: r.get(10)?,
            cashier: r.get(11)?,
            note: r.get(12)?,
            approved_by: r.get(13)?,
        },
        r.get(3)?,
    ))
}

fn with_kind((mut e, kind): (KasbonEntry, String)) -> Result<KasbonEntry> {
    e.kind = KasbonKind::parse(&kind)?;
    Ok(e)
}

pub(crate) fn load_entry(conn: &Connection, id: Uuid) -> Result<Option<KasbonEntry>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM kasbon_entries WHERE id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()?
    .map(with_kind)
    .transpose()
}

/// A customer's entries, oldest first.
pub(crate) fn entries_of(conn: &Connection, customer_id: Uuid) -> Result<Vec<KasbonEntry>> {
    let rows: Vec<_> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM kasbon_entries WHERE customer_id = ?1 ORDER BY created_at, n"
        ))?
        .query_map([customer_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(with_kind).collect()
}

/// What a customer owes now.
pub(crate) fn balance(conn: &Connection, customer_id: Uuid) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(CASE kind WHEN 'charge' THEN amount ELSE -amount END), 0)
             FROM kasbon_entries WHERE customer_id = ?1",
        )?
        .query_row([customer_id], |r| r.get(0))?)
}

/// The balance, and since when and until when the unpaid charges run, first in first out.
pub(crate) fn standing(entries: &[KasbonEntry]) -> (i64, Option<i64>, Option<u32>) {
    let balance: i64 = entries.iter().map(KasbonEntry::signed).sum();
    let mut credits: i64 = entries
        .iter()
        .filter(|e| e.kind != KasbonKind::Charge)
        .map(|e| e.amount)
        .sum();
    let (mut since, mut due) = (None, None::<u32>);
    for c in entries.iter().filter(|e| e.kind == KasbonKind::Charge) {
        let settled = credits.min(c.amount);
        credits -= settled;
        if settled < c.amount {
            since = since.or(Some(c.created_at));
            if let Some(d) = c.due_day {
                due = Some(due.map_or(d, |x| x.min(d)));
            }
        }
    }
    if balance <= 0 {
        return (balance, None, None);
    }
    (balance, since, due)
}

/// Every customer with their standing, by name; `query` keeps those whose name or phone
/// contains it.
pub(crate) fn balances(conn: &Connection, query: Option<&str>) -> Result<Vec<CustomerBalance>> {
    let q = query
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let mut out = Vec::new();
    for c in customers::all(conn)? {
        if let Some(q) = &q {
            let digits: String = q.chars().filter(char::is_ascii_digit).collect();
            let phone_hit = !digits.is_empty()
                && c.phone.as_deref().is_some_and(|p| {
                    p.chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                        .contains(&digits)
                });
            if !c.name.to_lowercase().contains(q.as_str()) && !phone_hit {
                continue;
            }
        }
        let (balance, owing_since, due_day) = standing(&entries_of(conn, c.id)?);
        out.push(CustomerBalance {
            customer: c,
            balance,
            owing_since,
            due_day,
        });
    }
    Ok(out)
}

/// Who owes what, the oldest debt first.
pub(crate) fn book(conn: &Connection) -> Result<Vec<CustomerBalance>> {
    let mut owing: Vec<_> = balances(conn, None)?
        .into_iter()
        .filter(|b| b.balance > 0)
        .collect();
    owing.sort_by_key(|b| (b.owing_since.unwrap_or(i64::MAX), b.customer.id));
    Ok(owing)
}

/// What of a sale was put on kasbon, less what was refunded to kasbon since, and to whom.
pub(crate) fn kasbon_of_sale(conn: &Connection, sale_id: Uuid) -> Result<Option<(Uuid, i64)>> {
    let rows: Vec<(Uuid, String, i64)> = conn
        .prepare_cached(
            "SELECT customer_id, kind, amount FROM kasbon_entries
             WHERE sale_id = ?1 AND kind IN ('charge', 'refund') ORDER BY created_at, n",
        )?
        .query_map([sale_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let customer = rows.iter().find(|r| r.1 == "charge").map(|r| r.0);
    Ok(customer.map(|c| {
        let left = rows
            .iter()
            .map(|(_, k, a)| if k == "charge" { *a } else { -*a })
            .sum();
        (c, left)
    }))
}

impl DeviceStore {
    /// Money paid back on a customer's account (cash, QRIS or transfer), at most what they
    /// owe.
    pub fn repay_kasbon(
        &mut self,
        customer_id: Uuid,
        amount: i64,
        method: PaymentMethod,
        reference: Option<&str>,
        note: Option<&str>,
    ) -> Result<KasbonEntry> {
        if method == PaymentMethod::Kasbon {
            return Err(CoreError::invalid(
                "method",
                "a repayment is paid in cash, by QRIS or by transfer",
            ));
        }
        if !(1..=MAX_PRICE).contains(&amount) {
            return Err(CoreError::invalid(
                "amount",
                "the amount must be more than Rp 0",
            ));
        }
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let id = self.ids.new_id(now);
        let tx = immediate_tx(&mut self.conn)?;
        customers::load(&tx, customer_id)?
            .ok_or_else(|| CoreError::UnknownCustomer(customer_id.to_string()))?;
        let owed = balance(&tx, customer_id)?;
        if amount > owed {
            return Err(CoreError::invalid(
                "amount",
                format!(
                    "{} is more than the {} owed",
                    crate::format_rupiah(amount),
                    crate::format_rupiah(owed.max(0))
                ),
            ));
        }
        let text = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        let entry = KasbonEntry {
            id,
            customer_id,
            device_id,
            kind: KasbonKind::Repayment,
            amount,
            created_at: now,
            sale_id: None,
            return_id: None,
            method: Some(method),
            reference: text(reference),
            due_day: None,
            cashier: crate::people::on_duty(&tx)?.map(|d| d.person.name),
            note: text(note),
            approved_by: None,
        };
        insert_entry(&tx, &entry)?;
        crate::sync::outbox::append(&tx, KASBON_EVENT, id, now)?;
        tx.commit()?;
        Ok(entry)
    }

    /// Every customer and what they owe, by name (`query`: name or phone).
    pub fn customer_balances(&self, query: Option<&str>) -> Result<Vec<CustomerBalance>> {
        balances(&self.conn, query)
    }

    /// Who owes what, the oldest debt first.
    pub fn kasbon_book(&self) -> Result<Vec<CustomerBalance>> {
        book(&self.conn)
    }

    /// A customer's standing and ledger, oldest first.
    pub fn customer_account(&self, id: Uuid) -> Result<(CustomerBalance, Vec<KasbonEntry>)> {
        let customer = self.customer(id)?;
        let entries = entries_of(&self.conn, id)?;
        let (balance, owing_since, due_day) = standing(&entries);
        Ok((
            CustomerBalance {
                customer,
                balance,
                owing_since,
                due_day,
            },
            entries,
        ))
    }
}
