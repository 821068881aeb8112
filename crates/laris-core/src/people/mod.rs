//! The shop's people (the only writer of `people` and `duty`): the owner and the cashiers,
//! each with a name and a PIN; who is on duty at this till; and the owner's approval that
//! owner-only actions take. Every change is written with its audit entry in one transaction.

mod approval;
pub(crate) mod approval_code;
pub(crate) mod lockout;
pub(crate) mod pin;

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::audit::{self, Actor, Approval, AuditAction, NewEntry};
use crate::clock::IdSource;
use crate::error::{CoreError, Result};
use crate::store::{DeviceStore, immediate_tx};
use crate::sync::hlc::{DeviceHlc, hlc_to_sql};

pub use approval::{OwnerApproval, OwnerAuthority};

/// The longest name of a person.
pub const MAX_PERSON_NAME_CHARS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the shop: approves voids, refunds, stock adjustments, settings and people.
    Owner,
    /// Sells.
    Cashier,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Cashier => "cashier",
        }
    }

    fn parse(s: &str) -> Option<Role> {
        match s {
            "owner" => Some(Role::Owner),
            "cashier" => Some(Role::Cashier),
            _ => None,
        }
    }
}

/// A person as the till knows them. The PIN's hash never leaves this module.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    /// Retired people stay (sales and the log name them) but cannot log in.
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Person {
    pub(crate) fn actor(&self) -> Actor {
        Actor {
            id: self.id,
            name: self.name.clone(),
        }
    }
}

/// Who is on duty at this till, and since when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OnDuty {
    pub person: Person,
    pub since: i64,
}

/// What the owner may change about a person (each `None` stays as it is).
#[derive(Debug, Clone, Default)]
pub struct PersonChange {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
}

fn checked_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_PERSON_NAME_CHARS {
        return Err(CoreError::invalid(
            "name",
            format!("a name is 1 to {MAX_PERSON_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(CoreError::invalid("name", "a name is one line of text"));
    }
    Ok(name.to_string())
}

const PERSON_COLUMNS: &str = "id, name, role, active, created_at, updated_at";

fn person_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    let role: String = r.get(2)?;
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("unknown role {role:?}").into(),
            )
        })?,
        active: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
    })
}

/// Everyone, owners first, then by name.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Person>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM people
             ORDER BY role = 'cashier', name COLLATE NOCASE"
        ))?
        .query_map([], person_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn by_id(conn: &Connection, id: Uuid) -> Result<Option<Person>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE id = ?1"
        ))?
        .query_row(params![id], person_from_row)
        .optional()?)
}

fn known(conn: &Connection, id: Uuid) -> Result<Person> {
    by_id(conn, id)?.ok_or_else(|| CoreError::UnknownPerson(id.to_string()))
}

pub(crate) fn on_duty(conn: &Connection) -> Result<Option<OnDuty>> {
    let row: Option<(Uuid, i64)> = conn
        .prepare_cached("SELECT person_id, since FROM duty WHERE singleton = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Ok(None),
        Some((id, since)) => Ok(Some(OnDuty {
            person: known(conn, id)?,
            since,
        })),
    }
}

fn pin_hash(conn: &Connection, id: Uuid) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT pin_hash FROM people WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))?)
}

fn active_owners(conn: &Connection) -> Result<Vec<Person>> {
    Ok(list(conn)?
        .into_iter()
        .filter(|p| p.active && p.role == Role::Owner)
        .collect())
}

/// What checking a PIN found; the transaction that counted it is committed either way, so a
/// wrong PIN is counted even though the call fails.
pub(crate) enum PinCheck {
    Right,
    Wrong(CoreError),
}

/// What every write here needs beside its transaction: the time, ids, and this till.
pub(crate) struct Ctx<'a> {
    pub now: i64,
    pub ids: &'a dyn IdSource,
    pub device: Uuid,
}

impl Ctx<'_> {
    pub(crate) fn audit(&self, tx: &Connection, entry: &NewEntry<'_>) -> Result<()> {
        audit::record(tx, self.ids.new_id(self.now), self.now, self.device, entry)
    }
}

/// Checks `pin` against `person`'s, counting a wrong one (and writing the lock-out to the
/// audit log when it starts). Does not commit: the caller commits, then fails on `Wrong`.
pub(crate) fn check_pin(
    tx: &Connection,
    ctx: &Ctx<'_>,
    person: &Person,
    pin: &str,
) -> Result<PinCheck> {
    let now = ctx.now;
    let standing = lockout::standing(tx, person.id)?;
    if standing.locked_until > now {
        return Ok(PinCheck::Wrong(CoreError::PinLocked {
            retry_after_ms: standing.locked_until - now,
        }));
    }
    if pin::matches(pin, &pin_hash(tx, person.id)?) {
        lockout::clear(tx, person.id)?;
        return Ok(PinCheck::Right);
    }
    let after = lockout::fail(tx, person.id, now)?;
    let locked_ms = (after.locked_until - now).max(0);
    if locked_ms > 0 {
        ctx.audit(
            tx,
            &NewEntry {
                actor: Some(&person.actor()),
                action: AuditAction::PinLocked,
                subject: Some(person.id.to_string()),
                detail: format!(
                    "{} wrong PINs in a row; locked for {} s",
                    after.failures,
                    locked_ms / 1000
                ),
                reason: None,
                approval: None,
            },
        )?;
    }
    Ok(PinCheck::Wrong(CoreError::WrongPin { locked_ms }))
}

/// A new active person and the hash of their PIN (ids and salt from `ctx`).
fn new_person(ctx: &Ctx<'_>, name: &str, role: Role, pin: &str) -> Result<(Person, String)> {
    let person = Person {
        id: ctx.ids.new_id(ctx.now),
        name: checked_name(name)?,
        role,
        active: true,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    let hash = pin::hash(pin, ctx.ids.new_id(ctx.now).into_bytes())?;
    Ok((person, hash))
}

/// Writes `p` with its PIN hash (new or changed), refusing a name someone else has.
fn write_person(tx: &Connection, hlc: &mut DeviceHlc, p: &Person, hash: &str) -> Result<()> {
    let taken: Option<Uuid> = tx
        .prepare_cached("SELECT id FROM people WHERE name = ?1 COLLATE NOCASE AND id != ?2")?
        .query_row(params![p.name, p.id], |r| r.get(0))
        .optional()?;
    if taken.is_some() {
        return Err(CoreError::invalid(
            "name",
            format!("{:?} is already someone's name here", p.name),
        ));
    }
    let stamp = hlc.stamp(tx, p.updated_at)?;
    tx.execute(
        "INSERT INTO people (id, name, role, pin_hash, active, created_at, updated_at, stamp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash,
            active = excluded.active, updated_at = excluded.updated_at, stamp = excluded.stamp",
        params![
            p.id,
            p.name,
            p.role.as_str(),
            hash,
            p.active,
            p.created_at,
            p.updated_at,
            hlc_to_sql(stamp)
        ],
    )?;
    Ok(())
}

impl DeviceStore {
    fn people_ctx(&self) -> Result<(i64, Uuid)> {
        Ok((self.clock.now_ms(), self.device()?.device_id))
    }

    /// The shop's first owner, on a till that has nobody yet (set-up). Afterwards people are
    /// added with the owner's approval ([`DeviceStore::add_person`]).
    pub fn add_first_owner(&mut self, name: &str, pin: &str) -> Result<Person> {
        let (now, device) = self.people_ctx()?;
        let ctx = Ctx {
            now,
            ids: &*self.ids,
            device,
        };
        let (person, hash) = new_person(&ctx, name, Role::Owner, pin)?;
        let tx = immediate_tx(&mut self.conn)?;
        let anyone: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM people)", [], |r| r.get(0))?;
        if anyone {
            return Err(CoreError::OwnerApprovalRequired);
        }
        write_person(&tx, &mut self.hlc, &person, &hash)?;
        ctx.audit(
            &tx,
            &NewEntry {
                actor: Some(&person.actor()),
                action: AuditAction::PersonAdded,
                subject: Some(person.id.to_string()),
                detail: format!("{} added as the first owner", person.name),
                reason: None,
                approval: Some((Approval::FirstOwner, None)),
            },
        )?;
        tx.commit()?;
        Ok(person)
    }

    /// Adds a cashier or another owner, with an owner's approval.
    pub fn add_person(
        &mut self,
        approval: OwnerApproval,
        name: &str,
        role: Role,
        pin: &str,
    ) -> Result<Person> {
        let (now, device) = self.people_ctx()?;
        let ctx = Ctx {
            now,
            ids: &*self.ids,
            device,
        };
        let (person, hash) = new_person(&ctx, name, role, pin)?;
        let tx = immediate_tx(&mut self.conn)?;
        write_person(&tx, &mut self.hlc, &person, &hash)?;
        ctx.audit(
            &tx,
            &NewEntry {
                actor: Some(approval.owner()),
                action: AuditAction::PersonAdded,
                subject: Some(person.id.to_string()),
                detail: format!("{} added as {}", person.name, person.role.as_str()),
                reason: None,
                approval: Some((Approval::OwnerPin, Some(approval.owner().id))),
            },
        )?;
        tx.commit()?;
        Ok(person)
    }

    /// Renames a person, changes their role or retires them, with an owner's approval. The
    /// shop always keeps one active owner: the last one cannot be retired or made a cashier.
    pub fn change_person(
        &mut self,
        approval: OwnerApproval,
        id: Uuid,
        change: &PersonChange,
    ) -> Result<Person> {
        let (now, device) = self.people_ctx()?;
        let ctx = Ctx {
            now,
            ids: &*self.ids,
            device,
        };
        let tx = immediate_tx(&mut self.conn)?;
        let before = known(&tx, id)?;
        let mut after = before.clone();
        if let Some(name) = &change.name {
            after.name = checked_name(name)?;
        }
        after.role = change.role.unwrap_or(before.role);
        after.active = change.active.unwrap_or(before.active);
        after.updated_at = now;
        let still_owner = after.active && after.role == Role::Owner;
        if !still_owner
            && before.active
            && before.role == Role::Owner
            && active_owners(&tx)?.len() == 1
        {
            return Err(CoreError::LastOwner);
        }
        let mut what = Vec::new();
        if after.name != before.name {
            what.push(format!("name {:?} -> {:?}", before.name, after.name));
        }
        if after.role != before.role {
            what.push(format!(
                "role {} -> {}",
                before.role.as_str(),
                after.role.as_str()
            ));
        }
        if after.active != before.active {
            what.push(if after.active {
                "reactivated".into()
            } else {
                "retired".to_string()
            });
        }
        if what.is_empty() {
            return Ok(before);
        }
        let hash = pin_hash(&tx, id)?;
        write_person(&tx, &mut self.hlc, &after, &hash)?;
        if !after.active {
            tx.execute("DELETE FROM duty WHERE person_id = ?1", params![id])?;
        }
        ctx.audit(
            &tx,
            &NewEntry {
                actor: Some(approval.owner()),
                action: AuditAction::PersonChanged,
                subject: Some(id.to_string()),
                detail: format!("{}: {}", before.name, what.join(", ")),
                reason: None,
                approval: Some((Approval::OwnerPin, Some(approval.owner().id))),
            },
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// Sets a new PIN for someone who forgot theirs, with an owner's approval.
    pub fn reset_pin(&mut self, approval: OwnerApproval, id: Uuid, new_pin: &str) -> Result<()> {
        let (now, device) = self.people_ctx()?;
        let ctx = Ctx {
            now,
            ids: &*self.ids,
            device,
        };
        let hash = pin::hash(new_pin, ctx.ids.new_id(now).into_bytes())?;
        let tx = immediate_tx(&mut self.conn)?;
        let mut person = known(&tx, id)?;
        person.updated_at = now;
        write_person(&tx, &mut self.hlc, &person, &hash)?;
        lockout::clear(&tx, id)?;
        ctx.audit(
            &tx,
            &NewEntry {
                actor: Some(approval.owner()),
                action: AuditAction::PinChanged,
                subject: Some(id.to_string()),
                detail: format!("PIN of {} reset by the owner", person.name),
                reason: None,
                approval: Some((Approval::OwnerPin, Some(approval.owner().id))),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Changes one's own PIN, with the current one (counted like any PIN typed).
    pub fn change_own_pin(&mut self, id: Uuid, old_pin: &str, new_pin: &str) -> Result<()> {
        let (now, device) = self.people_ctx()?;
        let ctx = Ctx {
            now,
            ids: &*self.ids,
            device,
        };
        let hash = pin::hash(new_pin, ctx.ids.new_id(now).into_bytes())?;
        let tx = immediate_tx(&mut self.conn)?;
        let mut person = known(&tx, id)?;
        if !person.active {
            return Err(CoreError::PersonRetired(person.name));
        }
        if let PinCheck::Wrong(e) = check_pin(&tx, &ctx, &person, old_pin)? {
            tx.commit()?;
            return Err(e);
        }
        person.updated_at = now;
        write_person(&tx, &mut self.hlc, &person, &hash)?;
        ctx.audit(
            &tx,
            &NewEntry {
                actor: Some(&person.actor()),
                action: AuditAction::PinChanged,
                subject: Some(id.to_string()),
                detail: format!("{} changed their own PIN", person.name),
                reason: None,
                approval: Some((Approval::OwnPin, Some(id))),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Puts `id` on duty at this till with their PIN (whoever was on duty before goes off).
    pub fn start_duty(&mut self, id: Uuid, pin: &str) -> Result<OnDuty> {
        let (now, device) = self.people_ctx()?;
        let ctx = Ctx {
            now,
            ids: &*self.ids,
            device,
        };
        let tx = immediate_tx(&mut self.conn)?;
        let person = known(&tx, id)?;
        if !person.active {
            return Err(CoreError::PersonRetired(person.name));
        }
        if let PinCheck::Wrong(e) = check_pin(&tx, &ctx, &person, pin)? {
            tx.commit()?;
            return Err(e);
        }
        if let Some(before) = on_duty(&tx)?.filter(|d| d.person.id != id) {
            ctx.audit(
                &tx,
                &duty_ended(&before.person.actor(), "another person logged in"),
            )?;
        }
        tx.execute(
            "INSERT INTO duty (singleton, person_id, since) VALUES (1, ?1, ?2)
             ON CONFLICT (singleton) DO UPDATE SET person_id = excluded.person_id,
                since = excluded.since",
            params![id, now],
        )?;
        ctx.audit(
            &tx,
            &NewEntry {
                actor: Some(&person.actor()),
                action: AuditAction::DutyStarted,
                subject: Some(id.to_string()),
                detail: format!("{} logged in", person.name),
                reason: None,
                approval: None,
            },
        )?;
        tx.commit()?;
        Ok(OnDuty { person, since: now })
    }

    /// Takes whoever is on duty off it (logging out; the lock screen shows next). Nobody on
    /// duty: nothing changes.
    pub fn end_duty(&mut self) -> Result<()> {
        let (now, device) = self.people_ctx()?;
        let ctx = Ctx {
            now,
            ids: &*self.ids,
            device,
        };
        let tx = immediate_tx(&mut self.conn)?;
        if let Some(before) = on_duty(&tx)? {
            tx.execute("DELETE FROM duty", [])?;
            ctx.audit(&tx, &duty_ended(&before.person.actor(), "logged out"))?;
        }
        tx.commit()?;
        Ok(())
    }
}

fn duty_ended<'a>(actor: &'a Actor, why: &str) -> NewEntry<'a> {
    NewEntry {
        actor: Some(actor),
        action: AuditAction::DutyEnded,
        subject: Some(actor.id.to_string()),
        detail: format!("{} {why}", actor.name),
        reason: None,
        approval: None,
    }
}
