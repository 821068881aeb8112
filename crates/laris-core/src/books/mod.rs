//! The shop's books beside its sales: customers and their kasbon ledgers, the tills' shifts
//! (float, cash moves, closings), stock counts. Each is an append-only event that syncs like
//! a sale ([`BookEvent`]), except customers, whose record the latest stamp replaces. What
//! sums (a balance, a level, a drawer) is summed from the events wherever it is read, so
//! tills converge whatever order events reach them in.

pub(crate) mod counts;
pub(crate) mod customers;
pub(crate) mod kasbon;
pub(crate) mod shifts;
pub(crate) mod statement;

use rusqlite::Connection;
use uuid::Uuid;

use crate::audit::{self, AUDIT_EVENT, AuditRecord};
use crate::error::Result;
use crate::sync::hlc::DeviceHlc;

pub use counts::{COUNT_EVENT, CountLine, StockCount, count_movement_id};
pub use customers::{CUSTOMER_EVENT, Customer, CustomerDraft};
pub use kasbon::{
    CustomerBalance, KASBON_EVENT, KasbonCharge, KasbonEntry, KasbonKind, SaleKasbon,
};
pub use shifts::{
    CASH_MOVE_EVENT, CashMove, SHIFT_CLOSE_EVENT, SHIFT_OPEN_EVENT, Shift, ShiftClose, ShiftCounts,
    ShiftFigures, ShiftMethod, ShiftOpen,
};

/// One of the books' events, as it goes to the outbox and comes back from other tills.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum BookEvent {
    Customer(Customer),
    Kasbon(KasbonEntry),
    ShiftOpen(ShiftOpen),
    CashMove(CashMove),
    ShiftClose(ShiftClose),
    StockCount(StockCount),
    Audit(AuditRecord),
}

impl BookEvent {
    /// The outbox kind.
    pub fn kind(&self) -> &'static str {
        match self {
            BookEvent::Customer(_) => CUSTOMER_EVENT,
            BookEvent::Kasbon(_) => KASBON_EVENT,
            BookEvent::ShiftOpen(_) => SHIFT_OPEN_EVENT,
            BookEvent::CashMove(_) => CASH_MOVE_EVENT,
            BookEvent::ShiftClose(_) => SHIFT_CLOSE_EVENT,
            BookEvent::StockCount(_) => COUNT_EVENT,
            BookEvent::Audit(_) => AUDIT_EVENT,
        }
    }

    /// The record the outbox entry names (a closing names its shift).
    pub fn id(&self) -> Uuid {
        match self {
            BookEvent::Customer(c) => c.id,
            BookEvent::Kasbon(k) => k.id,
            BookEvent::ShiftOpen(o) => o.id,
            BookEvent::CashMove(m) => m.id,
            BookEvent::ShiftClose(c) => c.shift_id,
            BookEvent::StockCount(c) => c.id,
            BookEvent::Audit(a) => a.id,
        }
    }

    pub fn created_at(&self) -> i64 {
        match self {
            BookEvent::Customer(c) => c.created_at,
            BookEvent::Kasbon(k) => k.created_at,
            BookEvent::ShiftOpen(o) => o.opened_at,
            BookEvent::CashMove(m) => m.created_at,
            BookEvent::ShiftClose(c) => c.closed_at,
            BookEvent::StockCount(c) => c.created_at,
            BookEvent::Audit(a) => a.at,
        }
    }
}

/// Whether `kind` is one of the books' outbox kinds.
pub(crate) fn is_book_kind(kind: &str) -> bool {
    [
        CUSTOMER_EVENT,
        KASBON_EVENT,
        SHIFT_OPEN_EVENT,
        CASH_MOVE_EVENT,
        SHIFT_CLOSE_EVENT,
        COUNT_EVENT,
        AUDIT_EVENT,
    ]
    .contains(&kind)
}

/// The event an outbox entry of a books kind names (a customer as it is now).
pub(crate) fn load(conn: &Connection, kind: &str, id: Uuid) -> Result<Option<BookEvent>> {
    Ok(match kind {
        CUSTOMER_EVENT => customers::load(conn, id)?.map(BookEvent::Customer),
        KASBON_EVENT => kasbon::load_entry(conn, id)?.map(BookEvent::Kasbon),
        SHIFT_OPEN_EVENT => shifts::load_open(conn, id)?.map(BookEvent::ShiftOpen),
        CASH_MOVE_EVENT => shifts::load_move(conn, id)?.map(BookEvent::CashMove),
        SHIFT_CLOSE_EVENT => shifts::load_close(conn, id)?.map(BookEvent::ShiftClose),
        COUNT_EVENT => counts::load(conn, id)?.map(BookEvent::StockCount),
        AUDIT_EVENT => audit::load_record(conn, id)?.map(BookEvent::Audit),
        _ => None,
    })
}

/// Keeps an event from another till (or given back after a restore): appended by id, a
/// customer merged by its stamp. Returns (changed anything, absorbed a stamp into the
/// clock: the caller saves the clock with its transaction).
pub(crate) fn apply(
    conn: &Connection,
    hlc: &mut DeviceHlc,
    ev: &BookEvent,
    now: i64,
) -> Result<(bool, bool)> {
    let new = match ev {
        BookEvent::Customer(c) => {
            hlc.absorb(c.stamp, now);
            return Ok((customers::save_version(conn, c)?, true));
        }
        BookEvent::Kasbon(k) => kasbon::insert_entry(conn, k)?,
        BookEvent::ShiftOpen(o) => shifts::insert_open(conn, o)?,
        BookEvent::CashMove(m) => shifts::insert_move(conn, m)?,
        BookEvent::ShiftClose(c) => shifts::insert_close(conn, c)?,
        BookEvent::StockCount(c) => counts::insert(conn, c)?,
        BookEvent::Audit(a) => audit::insert_record(conn, a)?,
    };
    Ok((new, false))
}
