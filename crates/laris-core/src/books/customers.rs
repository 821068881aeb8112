//! The one writer of `customers`: the people a shop gives credit to. A record syncs whole,
//! and the later stamp wins on every till (an edit of the phone on one till and of the limit
//! on another keep the later one; customers are edited rarely and by few). Once the till is
//! paired, each edit gets a `customer` outbox entry; pairing enqueues every customer once.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::catalog::edits::sync_enabled;
use crate::error::{CoreError, Result};
use crate::people::OwnerAuthority;
use crate::sale::pricing::MAX_PRICE;
use crate::store::{DeviceStore, immediate_tx};
use laris_protocol::hlc::Hlc;

/// The outbox kind of a customer's latest record.
pub const CUSTOMER_EVENT: &str = "customer";
/// The longest customer name and note kept.
pub const MAX_CUSTOMER_NAME_CHARS: usize = 100;
const MAX_NOTE_CHARS: usize = 500;
const MAX_PHONE_CHARS: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Customer {
    pub id: Uuid,
    pub name: String,
    pub phone: Option<String>,
    pub note: Option<String>,
    /// The most the customer may owe; None: no limit.
    pub credit_limit: Option<i64>,
    pub created_at: i64,
    /// The stamp of this version of the record.
    pub stamp: Hlc,
}

/// A new customer (`id` None) or a change to one, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerDraft {
    pub id: Option<Uuid>,
    pub name: String,
    pub phone: Option<String>,
    pub note: Option<String>,
    pub credit_limit: Option<i64>,
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

impl CustomerDraft {
    /// The draft trimmed and checked.
    fn checked(&self) -> Result<CustomerDraft> {
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > MAX_CUSTOMER_NAME_CHARS {
            return Err(CoreError::invalid(
                "name",
                format!("a customer's name has 1 to {MAX_CUSTOMER_NAME_CHARS} characters"),
            ));
        }
        let phone = clean(&self.phone);
        if let Some(p) = &phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if p.chars().count() > MAX_PHONE_CHARS
                || !(6..=15).contains(&digits)
                || !p
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().".contains(c))
            {
                return Err(CoreError::invalid(
                    "phone",
                    format!("{p:?} is not a phone number (e.g. 0812 3456 7890)"),
                ));
            }
        }
        let note = clean(&self.note);
        if note
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
        {
            return Err(CoreError::invalid(
                "note",
                format!("a note has at most {MAX_NOTE_CHARS} characters"),
            ));
        }
        if let Some(l) = self.credit_limit
            && !(0..=MAX_PRICE).contains(&l)
        {
            return Err(CoreError::invalid(
                "credit_limit",
                "the credit limit must be between Rp 0 and Rp 1.000.000.000",
            ));
        }
        Ok(CustomerDraft {
            id: self.id,
            name,
            phone,
            note,
            credit_limit: self.credit_limit,
        })
    }
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    let stamp: String = r.get(6)?;
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        note: r.get(3)?,
        credit_limit: r.get(4)?,
        created_at: r.get(5)?,
        stamp: Hlc::parse(&stamp).unwrap_or(Hlc::ZERO),
    })
}

const COLUMNS: &str = "id, name, phone, note, credit_limit, created_at, stamp";

pub(crate) fn load(conn: &Connection, id: Uuid) -> Result<Option<Customer>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Every customer by name.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Customer>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM customers ORDER BY name COLLATE NOCASE, id"
        ))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Stores `c` unless the record here has a later stamp. True if it changed the row.
pub(crate) fn save_version(conn: &Connection, c: &Customer) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO customers (id, name, phone, note, credit_limit, created_at, stamp)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone,
                 note = excluded.note, credit_limit = excluded.credit_limit,
                 stamp = excluded.stamp
             WHERE excluded.stamp > customers.stamp",
        )?
        .execute(params![
            c.id,
            c.name,
            c.phone,
            c.note,
            c.credit_limit,
            c.created_at,
            c.stamp.to_string()
        ])?;
    Ok(n > 0)
}

/// Enqueues every customer, at a till's first pairing (in its transaction).
pub(crate) fn enqueue_all(conn: &Connection, now: i64) -> Result<usize> {
    let customers = all(conn)?;
    for c in &customers {
        crate::sync::outbox::append(conn, CUSTOMER_EVENT, c.id, now)?;
    }
    Ok(customers.len())
}

fn rupiah(limit: Option<i64>) -> String {
    limit.map_or_else(|| "none".into(), crate::format_rupiah)
}

impl DeviceStore {
    /// Adds or changes a customer. Setting or changing a credit limit is the owner's: pass
    /// their authority (without it, a till with people set up refuses the change).
    pub fn save_customer(
        &mut self,
        draft: &CustomerDraft,
        authority: Option<OwnerAuthority>,
    ) -> Result<Customer> {
        let d = draft.checked()?;
        let old = match d.id {
            Some(id) => Some(
                load(&self.conn, id)?.ok_or_else(|| CoreError::UnknownCustomer(id.to_string()))?,
            ),
            None => None,
        };
        let old_limit = old.as_ref().and_then(|c| c.credit_limit);
        let limit_changes = d.credit_limit != old_limit;
        let authority = match (limit_changes, authority) {
            (false, a) => a,
            (true, Some(a)) => Some(a),
            (true, None) => Some(self.owner_authority(None)?),
        };
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let id = d.id.unwrap_or_else(|| self.ids.new_id(now));
        let audit_id = self.ids.new_id(now);
        let tx = immediate_tx(&mut self.conn)?;
        let customer = Customer {
            id,
            name: d.name.clone(),
            phone: d.phone.clone(),
            note: d.note.clone(),
            credit_limit: d.credit_limit,
            created_at: old.as_ref().map_or(now, |c| c.created_at),
            stamp: self.hlc.stamp(&tx, now)?,
        };
        let unchanged = old.as_ref().is_some_and(|o| {
            (&o.name, &o.phone, &o.note, o.credit_limit)
                == (
                    &customer.name,
                    &customer.phone,
                    &customer.note,
                    customer.credit_limit,
                )
        });
        if unchanged {
            return Ok(old.expect("unchanged implies old"));
        }
        save_version(&tx, &customer)?;
        if sync_enabled(&tx)? {
            crate::sync::outbox::append(&tx, CUSTOMER_EVENT, id, now)?;
        }
        if limit_changes && let Some(authority) = &authority {
            let entry = authority.entry(
                AuditAction::CreditLimitSet,
                Some(id.to_string()),
                format!(
                    "{}: credit limit {} -> {}",
                    customer.name,
                    rupiah(old_limit),
                    rupiah(customer.credit_limit)
                ),
                None,
            )?;
            crate::audit::record(&tx, audit_id, now, device_id, &entry)?;
        }
        tx.commit()?;
        Ok(customer)
    }

    pub fn customer(&self, id: Uuid) -> Result<Customer> {
        load(&self.conn, id)?.ok_or_else(|| CoreError::UnknownCustomer(id.to_string()))
    }
}
