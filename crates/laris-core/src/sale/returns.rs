//! Voids and refunds ("returns"; the only writer of `sale_returns` and `sale_return_lines`):
//! some or all of a completed sale taken back with the owner's authority, the money paid back
//! and the goods back in stock, as a new event that references the sale and never changes it.
//!
//! The money of a line: the sale's total (after the cart discount, PPN and rounding) shared
//! over its lines by their net amounts, largest remainder first, so the shares add up to the
//! total to the Rupiah. Part of a line gets its share pro rata, rounded down; the return that
//! takes back the last of a line gets what is left of its share. So returning everything,
//! in one go or in pieces, pays back exactly what was paid.
//!
//! This till refuses to take back more than it knows was sold. Two tills offline can still
//! each take back the same line; both returns are kept (never dropped) and the sale shows as
//! an over-refund ([`over_refunds`]) once they meet, here and on the server.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::error::{CoreError, Result};
use crate::ledger::{self, Cause, Movement};
use crate::people::OwnerAuthority;
use crate::people::approval_code::CodeAction;
use crate::sale::checkout::{PaymentMethod, Sale, load_sale, sale_movement_id};
use crate::store::{DeviceStore, immediate_tx};

/// The outbox kind of a return.
pub const RETURN_EVENT: &str = "sale_return";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnKind {
    /// The whole sale undone on its own shop-local day.
    Void,
    /// Some lines, or part of a quantity, taken back on any day.
    Refund,
}

impl ReturnKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnKind::Void => "void",
            ReturnKind::Refund => "refund",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "void" => Ok(ReturnKind::Void),
            "refund" => Ok(ReturnKind::Refund),
            other => Err(CoreError::invalid(
                "return_kind",
                format!("{other:?} is not void or refund"),
            )),
        }
    }
}

/// One sale line taken back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReturnLine {
    /// The sale line's 1-based number.
    pub line_no: i64,
    pub product_id: Uuid,
    pub qty_milli: i64,
    pub amount: i64,
    pub cost: i64,
    /// The goods went back into stock (movement [`return_movement_id`]).
    pub moves_stock: bool,
}

/// A void or refund, made here or pulled from another till.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SaleReturn {
    pub id: Uuid,
    pub sale_id: Uuid,
    /// The till that made it.
    pub device_id: Uuid,
    pub kind: ReturnKind,
    pub created_at: i64,
    pub cashier: Option<String>,
    pub reason: String,
    pub method: PaymentMethod,
    pub amount: i64,
    pub cost: i64,
    pub lines: Vec<ReturnLine>,
    pub approved_by: Option<Uuid>,
}

/// A line to take back and how much of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnRequest {
    pub line_no: i64,
    pub qty_milli: i64,
}

/// A sale line taken back more than it was sold (returns from several tills met).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OverRefund {
    pub sale_id: Uuid,
    /// `None` if the sale itself is not on this till.
    pub receipt_no: Option<String>,
    pub line_no: i64,
    pub sold_qty_milli: i64,
    pub returned_qty_milli: i64,
    /// How many returns took it back.
    pub returns: i64,
}

/// The id of a return line's stock movement, derived like a sale line's (laris-protocol's
/// `return_movement_id` is the same function; a test in laris-sync holds them together).
pub fn return_movement_id(return_id: Uuid, line_no: i64) -> Uuid {
    Uuid::new_v5(&return_id, &line_no.to_be_bytes())
}

/// The longest reason kept.
pub const MAX_RETURN_REASON_CHARS: usize = 500;

/// `total` shared over `weights` (each ≥ 0) by largest remainder; all to the first when the
/// weights are all zero.
pub(crate) fn shares(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if weights.is_empty() {
        return Vec::new();
    }
    if sum == 0 {
        let mut out = vec![0; weights.len()];
        out[0] = total;
        return out;
    }
    let t = i128::from(total);
    let mut out: Vec<i64> = Vec::with_capacity(weights.len());
    let mut rems: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let p = t * i128::from((*w).max(0));
        out.push(i64::try_from(p / sum).unwrap_or(0));
        rems.push((p % sum, i));
    }
    let mut left = total - out.iter().sum::<i64>();
    // Largest remainder first; ties to the earlier line.
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in rems {
        if left <= 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

/// What of one sale line is already taken back here: (qty, amount, cost).
fn returned_of(conn: &Connection, sale_id: Uuid, line_no: i64) -> Result<(i64, i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(qty_milli), 0), COALESCE(SUM(amount), 0), COALESCE(SUM(cost), 0)
             FROM sale_return_lines WHERE sale_id = ?1 AND line_no = ?2",
        )?
        .query_row(params![sale_id, line_no], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?)
}

fn line_moved_stock(
    conn: &Connection,
    sale_id: Uuid,
    product_id: Uuid,
    line_no: i64,
) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM stock_movements WHERE product_id = ?1 AND id = ?2")?
        .exists(params![product_id, sale_movement_id(sale_id, line_no)])?)
}

/// The lines of a return of `sale` taking back `requests`, priced as the module says.
fn priced_lines(
    conn: &Connection,
    sale: &Sale,
    requests: &[ReturnRequest],
) -> Result<Vec<ReturnLine>> {
    if requests.is_empty() {
        return Err(CoreError::invalid("lines", "choose what is taken back"));
    }
    let weights: Vec<i64> = sale.lines.iter().map(|l| l.gross - l.discount).collect();
    let money = shares(sale.total, &weights);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(requests.len());
    for req in requests {
        let idx = usize::try_from(req.line_no - 1)
            .ok()
            .filter(|i| *i < sale.lines.len())
            .ok_or_else(|| {
                CoreError::invalid("line", format!("the sale has no line {}", req.line_no))
            })?;
        if !seen.insert(req.line_no) {
            return Err(CoreError::invalid(
                "line",
                format!("line {} is listed twice", req.line_no),
            ));
        }
        let line = &sale.lines[idx];
        let (done_qty, done_amount, done_cost) = returned_of(conn, sale.id, req.line_no)?;
        let left = line.qty_milli - done_qty;
        if req.qty_milli <= 0 || req.qty_milli > left {
            return Err(CoreError::invalid(
                "qty",
                format!(
                    "line {} ({}) has {} left to take back",
                    req.line_no,
                    line.name,
                    crate::format_qty(left.max(0))
                ),
            ));
        }
        let last = req.qty_milli == left;
        let pro_rata = |whole: i64, done: i64| -> i64 {
            if last {
                (whole - done).max(0)
            } else {
                let p = i128::from(whole) * i128::from(req.qty_milli) / i128::from(line.qty_milli);
                i64::try_from(p).unwrap_or(0)
            }
        };
        out.push(ReturnLine {
            line_no: req.line_no,
            product_id: line.product_id,
            qty_milli: req.qty_milli,
            amount: pro_rata(money[idx], done_amount),
            cost: pro_rata(line.cost, done_cost),
            moves_stock: line_moved_stock(conn, sale.id, line.product_id, req.line_no)?,
        });
    }
    Ok(out)
}

/// Writes a return with its lines and stock movements unless it is here (pulled twice).
/// True if new. Used for this till's returns and pulled ones alike.
pub(crate) fn insert_return_rows(tx: &Connection, r: &SaleReturn) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "INSERT INTO sale_returns (id, sale_id, device_id, kind, created_at, cashier, reason,
                 method, amount, cost, approved_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            r.id,
            r.sale_id,
            r.device_id,
            r.kind.as_str(),
            r.created_at,
            r.cashier,
            r.reason,
            r.method.as_str(),
            r.amount,
            r.cost,
            r.approved_by
        ])?;
    if n == 0 {
        return Ok(false);
    }
    for l in &r.lines {
        tx.prepare_cached(
            "INSERT INTO sale_return_lines (return_id, line_no, sale_id, product_id, qty_milli,
                 amount, cost, moves_stock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            r.id,
            l.line_no,
            r.sale_id,
            l.product_id,
            l.qty_milli,
            l.amount,
            l.cost,
            l.moves_stock
        ])?;
        if l.moves_stock {
            ledger::insert_movement(
                tx,
                &Movement {
                    id: return_movement_id(r.id, l.line_no),
                    product_id: l.product_id,
                    device_id: r.device_id,
                    qty_milli: l.qty_milli,
                    cause: Cause::Return { sale_id: r.sale_id },
                    created_at: r.created_at,
                },
            )?;
        }
    }
    Ok(true)
}

const RETURN_COLUMNS: &str =
    "id, sale_id, device_id, kind, created_at, cashier, reason, method, amount, cost, approved_by";

fn return_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(SaleReturn, String, String)> {
    Ok((
        SaleReturn {
            id: r.get(0)?,
            sale_id: r.get(1)?,
            device_id: r.get(2)?,
            kind: ReturnKind::Refund,
            created_at: r.get(4)?,
            cashier: r.get(5)?,
            reason: r.get(6)?,
            method: PaymentMethod::Cash,
            amount: r.get(8)?,
            cost: r.get(9)?,
            lines: Vec::new(),
            approved_by: r.get(10)?,
        },
        r.get(3)?,
        r.get(7)?,
    ))
}

fn with_lines(conn: &Connection, row: (SaleReturn, String, String)) -> Result<SaleReturn> {
    let (mut ret, kind, method) = row;
    ret.kind = ReturnKind::parse(&kind)?;
    ret.method = PaymentMethod::parse(&method)?;
    ret.lines = conn
        .prepare_cached(
            "SELECT line_no, product_id, qty_milli, amount, cost, moves_stock
             FROM sale_return_lines WHERE return_id = ?1 ORDER BY line_no",
        )?
        .query_map(params![ret.id], |r| {
            Ok(ReturnLine {
                line_no: r.get(0)?,
                product_id: r.get(1)?,
                qty_milli: r.get(2)?,
                amount: r.get(3)?,
                cost: r.get(4)?,
                moves_stock: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ret)
}

pub(crate) fn load_return(conn: &Connection, id: Uuid) -> Result<Option<SaleReturn>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {RETURN_COLUMNS} FROM sale_returns WHERE id = ?1"
        ))?
        .query_row(params![id], return_from_row)
        .optional()?;
    row.map(|r| with_lines(conn, r)).transpose()
}

/// Every return of a sale, oldest first.
pub(crate) fn returns_of(conn: &Connection, sale_id: Uuid) -> Result<Vec<SaleReturn>> {
    let rows: Vec<_> = conn
        .prepare_cached(&format!(
            "SELECT {RETURN_COLUMNS} FROM sale_returns WHERE sale_id = ?1 ORDER BY created_at, n"
        ))?
        .query_map(params![sale_id], return_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|r| with_lines(conn, r)).collect()
}

/// Sale lines taken back beyond what was sold, and returns of sales this till does not have.
pub(crate) fn over_refunds(conn: &Connection) -> Result<Vec<OverRefund>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.sale_id, s.receipt_no, r.line_no, COALESCE(l.qty_milli, 0),
                    SUM(r.qty_milli), COUNT(*)
             FROM sale_return_lines r
             LEFT JOIN sales s ON s.id = r.sale_id
             LEFT JOIN sale_lines l ON l.sale_id = r.sale_id AND l.line_no = r.line_no
             GROUP BY r.sale_id, r.line_no
             HAVING SUM(r.qty_milli) > COALESCE(MAX(l.qty_milli), 0)
             ORDER BY MIN(r.return_id), r.line_no",
        )?
        .query_map([], |r| {
            Ok(OverRefund {
                sale_id: r.get(0)?,
                receipt_no: r.get(1)?,
                line_no: r.get(2)?,
                sold_qty_milli: r.get(3)?,
                returned_qty_milli: r.get(4)?,
                returns: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn checked_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::invalid(
            "reason",
            "say why the sale is taken back",
        ));
    }
    if reason.chars().count() > MAX_RETURN_REASON_CHARS || reason.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            "reason",
            format!("one line of at most {MAX_RETURN_REASON_CHARS} characters"),
        ));
    }
    Ok(reason.to_string())
}

impl DeviceStore {
    /// Voids a whole sale on its own shop-local day, with the owner's authority: every line
    /// back, the kasbon part of it back on the customer's account and the rest paid back by
    /// the method that paid most of it.
    pub fn void_sale(
        &mut self,
        authority: OwnerAuthority,
        sale_id: Uuid,
        reason: &str,
    ) -> Result<SaleReturn> {
        let r = self.void_sale_unchecked(authority, sale_id, reason);
        self.counting_codes(r)
    }

    fn void_sale_unchecked(
        &mut self,
        authority: OwnerAuthority,
        sale_id: Uuid,
        reason: &str,
    ) -> Result<SaleReturn> {
        let now = self.clock.now_ms();
        let tz = self.settings()?.timezone;
        let sale = load_sale(&self.conn, sale_id)?
            .ok_or_else(|| CoreError::UnknownSale(sale_id.to_string()))?;
        if tz.local_date(sale.created_at) != tz.local_date(now) {
            return Err(CoreError::invalid(
                "sale",
                "only a sale of today can be voided; refund it instead",
            ));
        }
        if !returns_of(&self.conn, sale_id)?.is_empty() {
            return Err(CoreError::invalid(
                "sale",
                "part of this sale was already taken back; refund the rest instead",
            ));
        }
        // The kasbon part goes back on the customer's account (see `record_return`); the
        // money, by the method that paid most of the rest.
        let method = sale
            .payments
            .iter()
            .filter(|p| p.method != PaymentMethod::Kasbon)
            .max_by_key(|p| p.amount)
            .map_or(PaymentMethod::Kasbon, |p| p.method);
        let requests: Vec<ReturnRequest> = sale
            .lines
            .iter()
            .map(|l| ReturnRequest {
                line_no: l.line_no,
                qty_milli: l.qty_milli,
            })
            .collect();
        self.record_return(
            authority,
            &sale,
            ReturnKind::Void,
            &requests,
            method,
            reason,
        )
    }

    /// Refunds some lines or part of their quantities, any day, with the owner's authority.
    pub fn refund_sale(
        &mut self,
        authority: OwnerAuthority,
        sale_id: Uuid,
        requests: &[ReturnRequest],
        method: PaymentMethod,
        reason: &str,
    ) -> Result<SaleReturn> {
        let sale = load_sale(&self.conn, sale_id)?
            .ok_or_else(|| CoreError::UnknownSale(sale_id.to_string()))?;
        let r = self.record_return(
            authority,
            &sale,
            ReturnKind::Refund,
            requests,
            method,
            reason,
        );
        self.counting_codes(r)
    }

    fn record_return(
        &mut self,
        authority: OwnerAuthority,
        sale: &Sale,
        kind: ReturnKind,
        requests: &[ReturnRequest],
        method: PaymentMethod,
        reason: &str,
    ) -> Result<SaleReturn> {
        let reason = checked_reason(reason)?;
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let id = self.ids.new_id(now);
        let audit_id = self.ids.new_id(now);
        let tx = immediate_tx(&mut self.conn)?;
        let lines = priced_lines(&tx, sale, requests)?;
        let cashier = crate::people::on_duty(&tx)?.map(|d| d.person.name);
        let ret = SaleReturn {
            id,
            sale_id: sale.id,
            device_id,
            kind,
            created_at: now,
            cashier,
            reason,
            method,
            amount: lines.iter().map(|l| l.amount).sum(),
            cost: lines.iter().map(|l| l.cost).sum(),
            lines,
            approved_by: authority.owner().map(|o| o.id),
        };
        if let Some(code) = authority.code() {
            let action = match kind {
                ReturnKind::Void => CodeAction::Void,
                ReturnKind::Refund => CodeAction::Refund,
            };
            code.confirm(&tx, action, &sale.receipt_no, ret.amount, now)?;
        }
        insert_return_rows(&tx, &ret)?;
        crate::sync::outbox::append(&tx, RETURN_EVENT, ret.id, now)?;
        // What goes back on the customer's account: a refund by kasbon (at most what of the
        // sale is still on it), and a void's kasbon part whatever paid the rest.
        let on_kasbon = crate::books::kasbon::kasbon_of_sale(&tx, sale.id)?;
        let credit = match (kind, method, on_kasbon) {
            (ReturnKind::Void, _, Some((customer, left))) => {
                Some((customer, left.min(ret.amount).max(0)))
            }
            (ReturnKind::Refund, PaymentMethod::Kasbon, None) => {
                return Err(CoreError::invalid(
                    "method",
                    "this sale was not on kasbon: refund it in cash",
                ));
            }
            (ReturnKind::Refund, PaymentMethod::Kasbon, Some((_, left))) if ret.amount > left => {
                return Err(CoreError::invalid(
                    "method",
                    format!(
                        "only {} of this sale is on kasbon: refund the rest in cash",
                        crate::format_rupiah(left.max(0))
                    ),
                ));
            }
            (ReturnKind::Refund, PaymentMethod::Kasbon, Some((customer, _))) => {
                Some((customer, ret.amount))
            }
            _ => None,
        };
        if let Some((customer_id, amount)) = credit.filter(|(_, a)| *a > 0) {
            let entry = crate::books::KasbonEntry {
                id: self.ids.new_id(now),
                customer_id,
                device_id,
                kind: crate::books::KasbonKind::Refund,
                amount,
                created_at: now,
                sale_id: Some(sale.id),
                return_id: Some(ret.id),
                method: None,
                reference: None,
                due_day: None,
                cashier: ret.cashier.clone(),
                note: Some(ret.reason.clone()),
                approved_by: ret.approved_by,
            };
            crate::books::kasbon::insert_entry(&tx, &entry)?;
            crate::sync::outbox::append(&tx, crate::books::KASBON_EVENT, entry.id, now)?;
        }
        let entry = authority.entry(
            match kind {
                ReturnKind::Void => AuditAction::SaleVoided,
                ReturnKind::Refund => AuditAction::SaleRefunded,
            },
            Some(sale.id.to_string()),
            format!(
                "{} {}: {} back by {}, {} line(s)",
                kind.as_str(),
                sale.receipt_no,
                crate::format_rupiah(ret.amount),
                method.as_str(),
                ret.lines.len()
            ),
            Some(&ret.reason),
        )?;
        crate::audit::record(&tx, audit_id, now, device_id, &entry)?;
        tx.commit()?;
        Ok(ret)
    }

    /// A return by id.
    pub fn sale_return(&self, id: Uuid) -> Result<Option<SaleReturn>> {
        load_return(&self.conn, id)
    }
}

#[cfg(test)]
mod tests {
    use super::shares;

    #[test]
    fn shares_add_up_to_the_total() {
        assert_eq!(
            shares(10_000, &[3_000, 3_000, 3_000]),
            [3_334, 3_333, 3_333]
        );
        assert_eq!(shares(9_500, &[10_000, 0]), [9_500, 0]);
        assert_eq!(shares(0, &[0, 0]), [0, 0]);
        assert_eq!(shares(500, &[0, 0]), [500, 0]);
        for (total, w) in [
            (12_345, vec![1, 2, 3, 4]),
            (1, vec![5, 5]),
            (99_999, vec![7; 9]),
        ] {
            assert_eq!(shares(total, &w).iter().sum::<i64>(), total);
        }
    }
}
