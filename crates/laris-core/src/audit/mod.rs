//! The audit log (the only writer of `audit_log`): what was done with owner authority, and
//! the security events around it. Entries are written in the transaction of the action they
//! record, so there is never an action without its entry or an entry without its action; the
//! table's triggers refuse every UPDATE and DELETE, and nothing here offers one.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::error::Result;

/// What an audit entry records. Stored as its text; a code this build does not know (written
/// by a newer one) reads back as an error, never as another action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A person was added (the first owner at set-up, or by the owner).
    PersonAdded,
    /// A person's name, role or active flag was changed by the owner.
    PersonChanged,
    /// A PIN was changed: by its holder with the old PIN, or reset by the owner.
    PinChanged,
    /// Too many wrong PINs in a row: the person is locked out for a while.
    PinLocked,
    /// A person went on duty at this till (logged in by PIN).
    DutyStarted,
    /// The person on duty logged out.
    DutyEnded,
    /// A stock level corrected by hand (a count, breakage, a mistake).
    StockAdjusted,
    /// A product deleted from the catalog.
    ProductDeleted,
    /// The shop's settings changed (name, tax, rounding, receipt).
    SettingsChanged,
    /// A whole sale voided on its day.
    SaleVoided,
    /// Some of a sale refunded.
    SaleRefunded,
    /// A customer's credit limit set or changed.
    CreditLimitSet,
    /// A kasbon charge over the customer's limit, approved by the owner.
    CreditLimitExceeded,
    /// A price typed at the counter instead of the catalog's.
    PriceOverridden,
    /// A cart's discount above the shop's limit.
    DiscountOverLimit,
    /// A stock count (stock opname) corrected levels by its differences.
    StockCounted,
    ShiftOpened,
    ShiftClosed,
    /// Cash put into or taken out of the drawer.
    CashMoved,
    /// The owner made this till a new approval-code key.
    ApprovalKeyEnrolled,
    /// A QRIS payment recorded unverified, confirmed arrived later (the subject is the sale).
    QrisConfirmed,
}

impl AuditAction {
    pub const ALL: [AuditAction; 21] = [
        AuditAction::PersonAdded,
        AuditAction::PersonChanged,
        AuditAction::PinChanged,
        AuditAction::PinLocked,
        AuditAction::DutyStarted,
        AuditAction::DutyEnded,
        AuditAction::StockAdjusted,
        AuditAction::ProductDeleted,
        AuditAction::SettingsChanged,
        AuditAction::SaleVoided,
        AuditAction::SaleRefunded,
        AuditAction::CreditLimitSet,
        AuditAction::CreditLimitExceeded,
        AuditAction::PriceOverridden,
        AuditAction::DiscountOverLimit,
        AuditAction::StockCounted,
        AuditAction::ShiftOpened,
        AuditAction::ShiftClosed,
        AuditAction::CashMoved,
        AuditAction::ApprovalKeyEnrolled,
        AuditAction::QrisConfirmed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::PersonAdded => "person_added",
            AuditAction::PersonChanged => "person_changed",
            AuditAction::PinChanged => "pin_changed",
            AuditAction::PinLocked => "pin_locked",
            AuditAction::DutyStarted => "duty_started",
            AuditAction::DutyEnded => "duty_ended",
            AuditAction::StockAdjusted => "stock_adjusted",
            AuditAction::ProductDeleted => "product_deleted",
            AuditAction::SettingsChanged => "settings_changed",
            AuditAction::SaleVoided => "sale_voided",
            AuditAction::SaleRefunded => "sale_refunded",
            AuditAction::CreditLimitSet => "credit_limit_set",
            AuditAction::CreditLimitExceeded => "credit_limit_exceeded",
            AuditAction::PriceOverridden => "price_overridden",
            AuditAction::DiscountOverLimit => "discount_over_limit",
            AuditAction::StockCounted => "stock_counted",
            AuditAction::ShiftOpened => "shift_opened",
            AuditAction::ShiftClosed => "shift_closed",
            AuditAction::CashMoved => "cash_moved",
            AuditAction::ApprovalKeyEnrolled => "approval_key_enrolled",
            AuditAction::QrisConfirmed => "qris_confirmed",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// How an action was allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    /// An owner typed their PIN for this action (`approver` says who).
    OwnerPin,
    /// The first owner, set up on a till that had nobody yet.
    FirstOwner,
    /// A person acting on their own record with their own PIN (a PIN change).
    OwnPin,
    /// An owner-only action on a till where nobody has been set up (no PINs in use yet).
    NobodySetUp,
    /// An approval code from the owner's device, bound to this action, subject and amount.
    OwnerCode,
}

impl Approval {
    pub fn as_str(self) -> &'static str {
        match self {
            Approval::OwnerPin => "owner_pin",
            Approval::FirstOwner => "first_owner",
            Approval::OwnPin => "own_pin",
            Approval::NobodySetUp => "nobody_set_up",
            Approval::OwnerCode => "owner_code",
        }
    }

    pub fn parse(s: &str) -> Option<Approval> {
        [
            Approval::OwnerPin,
            Approval::FirstOwner,
            Approval::OwnPin,
            Approval::NobodySetUp,
            Approval::OwnerCode,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// Someone named in an entry: their id and their name as it was then.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Actor {
    pub id: Uuid,
    pub name: String,
}

/// One entry of the audit log, as read back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: i64,
    pub device_id: Uuid,
    pub actor: Option<Actor>,
    pub action: AuditAction,
    pub subject: Option<String>,
    /// A short English description of what changed (never a PIN or a hash).
    pub detail: String,
    pub reason: Option<String>,
    pub approval: Option<Approval>,
    pub approver: Option<Uuid>,
}

/// An entry to write; `id`, `at` and `device_id` come from the store.
#[derive(Debug, Clone)]
pub(crate) struct NewEntry<'a> {
    pub actor: Option<&'a Actor>,
    pub action: AuditAction,
    pub subject: Option<String>,
    pub detail: String,
    pub reason: Option<&'a str>,
    pub approval: Option<(Approval, Option<Uuid>)>,
}

pub(crate) fn record(
    conn: &Connection,
    id: Uuid,
    at: i64,
    device_id: Uuid,
    entry: &NewEntry<'_>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, device_id, actor_id, actor_name, action, subject, detail,
                                reason, approval, approver_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        at,
        device_id,
        entry.actor.map(|a| a.id),
        entry.actor.map(|a| a.name.as_str()),
        entry.action.as_str(),
        entry.subject,
        entry.detail,
        entry.reason,
        entry.approval.map(|(a, _)| a.as_str()),
        entry.approval.and_then(|(_, by)| by),
    ])?;
    // The log syncs like sales: every entry is an event, in its action's transaction.
    crate::sync::outbox::append(conn, AUDIT_EVENT, id, at)?;
    Ok(())
}

/// The outbox kind of an audit entry.
pub const AUDIT_EVENT: &str = "audit";

/// An entry as it syncs: what another till logged, kept here as it was written there.
/// (The action is text: a newer till may log actions this build does not know; they are
/// kept, and left out of [`latest`].)
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRecord {
    pub id: Uuid,
    pub at: i64,
    pub device_id: Uuid,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
    pub reason: Option<String>,
    pub approval: Option<String>,
    pub approver: Option<Uuid>,
}

/// One entry by id, as it syncs.
pub(crate) fn load_record(conn: &Connection, id: Uuid) -> Result<Option<AuditRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, at, device_id, actor_id, actor_name, action, subject, detail, reason,
                    approval, approver_id FROM audit_log WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(AuditRecord {
                id: r.get(0)?,
                at: r.get(1)?,
                device_id: r.get(2)?,
                actor_id: r.get(3)?,
                actor_name: r.get(4)?,
                action: r.get(5)?,
                subject: r.get(6)?,
                detail: r.get(7)?,
                reason: r.get(8)?,
                approval: r.get(9)?,
                approver: r.get(10)?,
            })
        })
        .optional()?)
}

/// Keeps an entry pulled from another till (or given back after a restore), unless it is
/// here already. True if it is new.
pub(crate) fn insert_record(conn: &Connection, e: &AuditRecord) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO audit_log (id, at, device_id, actor_id, actor_name, action, subject,
                                    detail, reason, approval, approver_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            e.id,
            e.at,
            e.device_id,
            e.actor_id,
            e.actor_name,
            e.action,
            e.subject,
            e.detail,
            e.reason,
            e.approval,
            e.approver
        ])?;
    Ok(n > 0)
}

/// The most entries one read returns.
pub const MAX_AUDIT_LISTED: usize = 500;

/// The latest entries first, at most `limit` (capped at [`MAX_AUDIT_LISTED`]).
pub(crate) fn latest(conn: &Connection, limit: usize) -> Result<Vec<AuditEntry>> {
    let limit = limit.min(MAX_AUDIT_LISTED) as i64;
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, device_id, actor_id, actor_name, action, subject, detail, reason,
                approval, approver_id
         FROM audit_log ORDER BY at DESC, n DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit], |r| {
        Ok((
            r.get::<_, Uuid>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Uuid>(2)?,
            r.get::<_, Option<Uuid>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, Option<Uuid>>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            at,
            device_id,
            actor_id,
            actor_name,
            action,
            subject,
            detail,
            reason,
            approval,
            approver,
        ) = row?;
        // An action logged by a newer till is kept but not listed by this build.
        let Some(action) = AuditAction::parse(&action) else {
            continue;
        };
        let approval = approval.as_deref().and_then(Approval::parse);
        out.push(AuditEntry {
            id,
            at,
            device_id,
            actor: actor_id.map(|id| Actor {
                id,
                name: actor_name.unwrap_or_default(),
            }),
            action,
            subject,
            detail,
            reason,
            approval,
            approver,
        });
    }
    Ok(out)
}
