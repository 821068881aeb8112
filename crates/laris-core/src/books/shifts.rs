//! The one writer of `shifts`, `cash_moves`, `shift_closings` and `shift_closing_methods`: a
//! till's shifts. A shift opens with a float; cash is put in or taken out with a reason; it
//! closes with what was counted. Sales, returns and kasbon repayments belong to the shift
//! open on their till when they were made (by time), so nothing else carries a shift, and
//! selling with no shift open is allowed (and shown). The closing keeps the figures as the
//! till computed them then: expected and counted per payment method and the difference.
//! Change given is not takings: a sale's cash counts what it settled, not what was handed
//! over.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::audit::{AuditAction, NewEntry};
use crate::error::{CoreError, Result};
use crate::sale::checkout::PaymentMethod;
use crate::sale::pricing::MAX_PRICE;
use crate::store::{DeviceStore, immediate_tx};

pub const SHIFT_OPEN_EVENT: &str = "shift_open";
pub const CASH_MOVE_EVENT: &str = "cash_move";
pub const SHIFT_CLOSE_EVENT: &str = "shift_close";

/// The methods a drawer is counted by, in the order they are listed.
pub const DRAWER_METHODS: [PaymentMethod; 3] = [
    PaymentMethod::Cash,
    PaymentMethod::Qris,
    PaymentMethod::Transfer,
];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShiftOpen {
    pub id: Uuid,
    pub device_id: Uuid,
    pub opened_at: i64,
    pub opened_by: Option<String>,
    pub float: i64,
}

/// Cash put in (positive) or taken out (negative).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CashMove {
    pub id: Uuid,
    pub shift_id: Uuid,
    pub device_id: Uuid,
    pub amount: i64,
    pub reason: String,
    pub created_at: i64,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShiftMethod {
    pub method: PaymentMethod,
    pub takings: i64,
    pub expected: i64,
    pub counted: Option<i64>,
}

impl ShiftMethod {
    /// `counted − expected`: negative when short.
    pub fn difference(&self) -> Option<i64> {
        self.counted.map(|c| c - self.expected)
    }
}

/// A shift's figures: live for an open shift, as kept at the closing for a closed one.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct ShiftFigures {
    pub sale_count: u32,
    pub sales_total: i64,
    pub kasbon_charged: i64,
    pub refunds: i64,
    pub methods: Vec<ShiftMethod>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShiftClose {
    pub shift_id: Uuid,
    pub device_id: Uuid,
    pub closed_at: i64,
    pub closed_by: Option<String>,
    pub figures: ShiftFigures,
    pub note: Option<String>,
}

/// A shift with its cash moves and, once closed, its closing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Shift {
    pub open: ShiftOpen,
    pub moves: Vec<CashMove>,
    pub close: Option<ShiftClose>,
    /// The closing's figures, or the live ones of an open shift.
    pub figures: ShiftFigures,
}

impl Shift {
    pub fn cash_in(&self) -> i64 {
        self.moves.iter().map(|m| m.amount.max(0)).sum()
    }
    pub fn cash_out(&self) -> i64 {
        self.moves.iter().map(|m| (-m.amount).max(0)).sum()
    }
}

/// What was counted at a closing (QRIS and transfer only if the owner wants them counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ShiftCounts {
    pub cash: i64,
    pub qris: Option<i64>,
    pub transfer: Option<i64>,
}

pub(crate) fn insert_open(conn: &Connection, o: &ShiftOpen) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO shifts (id, device_id, opened_at, opened_by, float)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            o.id,
            o.device_id,
            o.opened_at,
            o.opened_by,
            o.float
        ])?
        > 0)
}

pub(crate) fn insert_move(conn: &Connection, m: &CashMove) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO cash_moves (id, shift_id, device_id, amount, reason, created_at, by_name)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            m.id,
            m.shift_id,
            m.device_id,
            m.amount,
            m.reason,
            m.created_at,
            m.by
        ])?
        > 0)
}

pub(crate) fn insert_close(conn: &Connection, c: &ShiftClose) -> Result<bool> {
    let f = &c.figures;
    let new =
        conn.prepare_cached(
            "INSERT INTO shift_closings (shift_id, device_id, closed_at, closed_by, sale_count,
                 sales_total, kasbon_charged, refunds, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (shift_id) DO NOTHING",
        )?
        .execute(params![
            c.shift_id,
            c.device_id,
            c.closed_at,
            c.closed_by,
            f.sale_count,
            f.sales_total,
            f.kasbon_charged,
            f.refunds,
            c.note
        ])? > 0;
    if new {
        let mut stmt = conn.prepare_cached(
            "INSERT INTO shift_closing_methods (shift_id, method, takings, expected, counted)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for m in &f.methods {
            stmt.execute(params![
                c.shift_id,
                m.method.as_str(),
                m.takings,
                m.expected,
                m.counted
            ])?;
        }
    }
    Ok(new)
}

fn open_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ShiftOpen> {
    Ok(ShiftOpen {
        id: r.get(0)?,
        device_id: r.get(1)?,
        opened_at: r.get(2)?,
        opened_by: r.get(3)?,
        float: r.get(4)?,
    })
}

pub(crate) fn load_open(conn: &Connection, id: Uuid) -> Result<Option<ShiftOpen>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, device_id, opened_at, opened_by, float FROM shifts WHERE id = ?1",
        )?
        .query_row([id], open_from_row)
        .optional()?)
}

fn move_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CashMove> {
    Ok(CashMove {
        id: r.get(0)?,
        shift_id: r.get(1)?,
        device_id: r.get(2)?,
        amount: r.get(3)?,
        reason: r.get(4)?,
        created_at: r.get(5)?,
        by: r.get(6)?,
    })
}

const MOVE_COLUMNS: &str = "id, shift_id, device_id, amount, reason, created_at, by_name";

pub(crate) fn load_move(conn: &Connection, id: Uuid) -> Result<Option<CashMove>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {MOVE_COLUMNS} FROM cash_moves WHERE id = ?1"
        ))?
        .query_row([id], move_from_row)
        .optional()?)
}

fn moves_of(conn: &Connection, shift_id: Uuid) -> Result<Vec<CashMove>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {MOVE_COLUMNS} FROM cash_moves WHERE shift_id = ?1 ORDER BY created_at, id"
        ))?
        .query_map([shift_id], move_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn load_close(conn: &Connection, shift_id: Uuid) -> Result<Option<ShiftClose>> {
    let head = conn
        .prepare_cached(
            "SELECT shift_id, device_id, closed_at, closed_by, sale_count, sales_total,
                 kasbon_charged, refunds, note FROM shift_closings WHERE shift_id = ?1",
        )?
        .query_row([shift_id], |r| {
            Ok(ShiftClose {
                shift_id: r.get(0)?,
                device_id: r.get(1)?,
                closed_at: r.get(2)?,
                closed_by: r.get(3)?,
                figures: ShiftFigures {
                    sale_count: r.get(4)?,
                    sales_total: r.get(5)?,
                    kasbon_charged: r.get(6)?,
                    refunds: r.get(7)?,
                    methods: Vec::new(),
                },
                note: r.get(8)?,
            })
        })
        .optional()?;
    let Some(mut close) = head else {
        return Ok(None);
    };
    let rows: Vec<(String, i64, i64, Option<i64>)> = conn
        .prepare_cached(
            "SELECT method, takings, expected, counted FROM shift_closing_methods
             WHERE shift_id = ?1",
        )?
        .query_map([shift_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut methods = Vec::new();
    for (m, takings, expected, counted) in rows {
        methods.push(ShiftMethod {
            method: PaymentMethod::parse(&m)?,
            takings,
            expected,
            counted,
        });
    }
    methods.sort_by_key(|m| DRAWER_METHODS.iter().position(|d| *d == m.method));
    close.figures.methods = methods;
    Ok(Some(close))
}

/// The live figures of `open`'s shift on its till up to `until` (inclusive).
fn live_figures(
    conn: &Connection,
    open: &ShiftOpen,
    moves: &[CashMove],
    until: i64,
) -> Result<ShiftFigures> {
    let window = params![open.device_id, open.opened_at, until];
    let (sale_count, sales_total): (u32, i64) = conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(total), 0) FROM sales
             WHERE device_id = ?1 AND created_at >= ?2 AND created_at <= ?3",
        )?
        .query_row(window, |r| Ok((r.get(0)?, r.get(1)?)))?;
    let by_method = |sql: &str| -> Result<Vec<(String, i64)>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map(window, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let paid = by_method(
        "SELECT p.method, SUM(p.amount) FROM sale_payments p JOIN sales s ON s.id = p.sale_id
         WHERE s.device_id = ?1 AND s.created_at >= ?2 AND s.created_at <= ?3 GROUP BY p.method",
    )?;
    // What a return credited to kasbon did not leave the drawer.
    let returned = by_method(
        "SELECT r.method, SUM(r.amount - COALESCE(
                (SELECT SUM(k.amount) FROM kasbon_entries k WHERE k.return_id = r.id), 0))
         FROM sale_returns r
         WHERE r.device_id = ?1 AND r.created_at >= ?2 AND r.created_at <= ?3 GROUP BY r.method",
    )?;
    let repaid = by_method(
        "SELECT method, SUM(amount) FROM kasbon_entries
         WHERE kind = 'repayment' AND device_id = ?1 AND created_at >= ?2 AND created_at <= ?3
         GROUP BY method",
    )?;
    let sum = |rows: &[(String, i64)], m: PaymentMethod| -> i64 {
        rows.iter()
            .filter(|(k, _)| k == m.as_str())
            .map(|(_, a)| a)
            .sum()
    };
    let moved: i64 = moves.iter().map(|m| m.amount).sum();
    let methods = DRAWER_METHODS
        .iter()
        .map(|&m| {
            let takings = sum(&paid, m) - sum(&returned, m) + sum(&repaid, m);
            let expected = if m == PaymentMethod::Cash {
                open.float + takings + moved
            } else {
                takings
            };
            ShiftMethod {
                method: m,
                takings,
                expected,
                counted: None,
            }
        })
        .collect();
    Ok(ShiftFigures {
        sale_count,
        sales_total,
        kasbon_charged: sum(&paid, PaymentMethod::Kasbon),
        refunds: conn
            .prepare_cached(
                "SELECT COALESCE(SUM(amount), 0) FROM sale_returns
                 WHERE device_id = ?1 AND created_at >= ?2 AND created_at <= ?3",
            )?
            .query_row(window, |r| r.get(0))?,
        methods,
    })
}

fn assemble(conn: &Connection, open: ShiftOpen, now: i64) -> Result<Shift> {
    let moves = moves_of(conn, open.id)?;
    let close = load_close(conn, open.id)?;
    let figures = match &close {
        Some(c) => c.figures.clone(),
        None => live_figures(conn, &open, &moves, now)?,
    };
    Ok(Shift {
        open,
        moves,
        close,
        figures,
    })
}

/// This till's open shift, if any (the latest opening without a closing).
pub(crate) fn current(conn: &Connection, device_id: Uuid) -> Result<Option<ShiftOpen>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.id, s.device_id, s.opened_at, s.opened_by, s.float FROM shifts s
             WHERE s.device_id = ?1
               AND NOT EXISTS (SELECT 1 FROM shift_closings c WHERE c.shift_id = s.id)
             ORDER BY s.opened_at DESC LIMIT 1",
        )?
        .query_row([device_id], open_from_row)
        .optional()?)
}

fn checked_reason(reason: &str) -> Result<String> {
    let r = reason.trim();
    if r.is_empty() || r.chars().count() > 200 {
        return Err(CoreError::invalid(
            "reason",
            "say why, in at most 200 characters",
        ));
    }
    Ok(r.to_string())
}

fn checked_money(field: &'static str, v: i64) -> Result<i64> {
    if !(0..=MAX_PRICE).contains(&v) {
        return Err(CoreError::invalid(
            field,
            "must be between Rp 0 and Rp 1.000.000.000",
        ));
    }
    Ok(v)
}

/// An audit entry of a shift's step, by the person on duty (no approval: anyone on duty
/// runs the drawer).
#[allow(clippy::too_many_arguments)]
fn audit_step(
    tx: &Connection,
    id: Uuid,
    now: i64,
    device_id: Uuid,
    duty: Option<&crate::people::OnDuty>,
    action: AuditAction,
    shift_id: Uuid,
    detail: String,
    reason: Option<&str>,
) -> Result<()> {
    let actor = duty.map(|d| d.person.actor());
    crate::audit::record(
        tx,
        id,
        now,
        device_id,
        &NewEntry {
            actor: actor.as_ref(),
            action,
            subject: Some(shift_id.to_string()),
            detail,
            reason,
            approval: None,
        },
    )
}

impl DeviceStore {
    /// Opens a shift on this till with `float` in the drawer.
    pub fn open_shift(&mut self, float: i64) -> Result<Shift> {
        let float = checked_money("float", float)?;
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let id = self.ids.new_id(now);
        let audit_id = self.ids.new_id(now);
        let tx = immediate_tx(&mut self.conn)?;
        if current(&tx, device_id)?.is_some() {
            return Err(CoreError::ShiftAlreadyOpen);
        }
        let duty = crate::people::on_duty(&tx)?;
        let open = ShiftOpen {
            id,
            device_id,
            opened_at: now,
            opened_by: duty.as_ref().map(|d| d.person.name.clone()),
            float,
        };
        insert_open(&tx, &open)?;
        crate::sync::outbox::append(&tx, SHIFT_OPEN_EVENT, id, now)?;
        audit_step(
            &tx,
            audit_id,
            now,
            device_id,
            duty.as_ref(),
            AuditAction::ShiftOpened,
            id,
            format!("float {}", crate::format_rupiah(float)),
            None,
        )?;
        let shift = assemble(&tx, open, now)?;
        tx.commit()?;
        Ok(shift)
    }

    /// Cash put into the drawer (`amount` > 0) or taken out (< 0), with why.
    pub fn cash_move(&mut self, amount: i64, reason: &str) -> Result<Shift> {
        checked_money("amount", amount.abs())?;
        if amount == 0 {
            return Err(CoreError::invalid(
                "amount",
                "the amount must be more than Rp 0",
            ));
        }
        let reason = checked_reason(reason)?;
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let id = self.ids.new_id(now);
        let audit_id = self.ids.new_id(now);
        let tx = immediate_tx(&mut self.conn)?;
        let open = current(&tx, device_id)?.ok_or(CoreError::NoOpenShift)?;
        let duty = crate::people::on_duty(&tx)?;
        let m = CashMove {
            id,
            shift_id: open.id,
            device_id,
            amount,
            reason,
            created_at: now,
            by: duty.as_ref().map(|d| d.person.name.clone()),
        };
        insert_move(&tx, &m)?;
        crate::sync::outbox::append(&tx, CASH_MOVE_EVENT, id, now)?;
        audit_step(
            &tx,
            audit_id,
            now,
            device_id,
            duty.as_ref(),
            AuditAction::CashMoved,
            open.id,
            format!(
                "cash {} {}",
                if amount > 0 { "in" } else { "out" },
                crate::format_rupiah(amount.abs())
            ),
            Some(&m.reason),
        )?;
        let shift = assemble(&tx, open, now)?;
        tx.commit()?;
        Ok(shift)
    }

    /// Closes this till's open shift with what was counted.
    pub fn close_shift(&mut self, counts: ShiftCounts, note: Option<&str>) -> Result<Shift> {
        checked_money("counted_cash", counts.cash)?;
        for c in [counts.qris, counts.transfer].into_iter().flatten() {
            checked_money("counted", c)?;
        }
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from);
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let audit_id = self.ids.new_id(now);
        let tx = immediate_tx(&mut self.conn)?;
        let open = current(&tx, device_id)?.ok_or(CoreError::NoOpenShift)?;
        let moves = moves_of(&tx, open.id)?;
        let mut figures = live_figures(&tx, &open, &moves, now)?;
        for m in &mut figures.methods {
            m.counted = match m.method {
                PaymentMethod::Cash => Some(counts.cash),
                PaymentMethod::Qris => counts.qris,
                PaymentMethod::Transfer => counts.transfer,
                PaymentMethod::Kasbon => None,
            };
        }
        let duty = crate::people::on_duty(&tx)?;
        let close = ShiftClose {
            shift_id: open.id,
            device_id,
            closed_at: now,
            closed_by: duty.as_ref().map(|d| d.person.name.clone()),
            figures,
            note,
        };
        insert_close(&tx, &close)?;
        crate::sync::outbox::append(&tx, SHIFT_CLOSE_EVENT, open.id, now)?;
        let cash = &close.figures.methods[0];
        audit_step(
            &tx,
            audit_id,
            now,
            device_id,
            duty.as_ref(),
            AuditAction::ShiftClosed,
            open.id,
            format!(
                "cash expected {}, counted {}, difference {}",
                crate::format_rupiah(cash.expected),
                crate::format_rupiah(counts.cash),
                crate::format_rupiah(counts.cash - cash.expected)
            ),
            close.note.as_deref(),
        )?;
        let shift = assemble(&tx, open, now)?;
        tx.commit()?;
        Ok(shift)
    }

    /// This till's open shift with its live figures.
    pub fn current_shift(&self) -> Result<Option<Shift>> {
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        current(&self.conn, device_id)?
            .map(|o| assemble(&self.conn, o, now))
            .transpose()
    }

    /// Shifts of every till, latest first.
    pub fn shifts(&self, limit: usize) -> Result<Vec<Shift>> {
        let now = self.clock.now_ms();
        let opens: Vec<ShiftOpen> = self
            .conn
            .prepare_cached(
                "SELECT id, device_id, opened_at, opened_by, float FROM shifts
                 ORDER BY opened_at DESC, id LIMIT ?1",
            )?
            .query_map([limit.min(500) as i64], open_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        opens
            .into_iter()
            .map(|o| assemble(&self.conn, o, now))
            .collect()
    }

    /// The cash counted at this till's last closing: the float to offer next.
    pub fn last_counted_cash(&self) -> Result<Option<i64>> {
        let device_id = self.device()?.device_id;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT m.counted FROM shift_closings c
                 JOIN shift_closing_methods m ON m.shift_id = c.shift_id AND m.method = 'cash'
                 WHERE c.device_id = ?1 ORDER BY c.closed_at DESC LIMIT 1",
            )?
            .query_row([device_id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// Today's sales on this till made while no shift was open.
    pub fn sales_outside_shift(&self) -> Result<u32> {
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let tz = crate::settings::load(&self.conn)?.timezone;
        let (start, end) = tz.day_bounds(tz.local_date(now));
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM sales s WHERE s.device_id = ?1 AND s.created_at >= ?2
               AND s.created_at < ?3
               AND NOT EXISTS (
                 SELECT 1 FROM shifts h LEFT JOIN shift_closings c ON c.shift_id = h.id
                 WHERE h.device_id = s.device_id AND h.opened_at <= s.created_at
                   AND (c.closed_at IS NULL OR c.closed_at >= s.created_at))",
            )?
            .query_row(params![device_id, start, end], |r| r.get(0))?)
    }
}
