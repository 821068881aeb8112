//! QRIS payments the cashier has not yet seen arrive. A QRIS payment is recorded unverified
//! unless the cashier confirmed it before finishing the sale; confirming it later is an audit
//! entry (`qris_confirmed`, the sale as subject), so the confirmation syncs like the log and
//! the payment row stays as it was written. Unverified: recorded so, and no confirmation
//! from any till.

use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::audit::{AuditAction, NewEntry};
use crate::error::{CoreError, Result};
use crate::store::{DeviceStore, immediate_tx};

/// A sale with QRIS money not yet seen arriving.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnverifiedQris {
    pub sale_id: Uuid,
    pub receipt_no: String,
    pub created_at: i64,
    pub device_id: Uuid,
    /// The QRIS part of the sale.
    pub amount: i64,
}

/// Unverified QRIS sales made in `[from_ms, to_ms)` on any till, oldest first.
pub(crate) fn unverified(
    conn: &Connection,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<UnverifiedQris>> {
    let confirmed: std::collections::HashSet<String> = conn
        .prepare_cached("SELECT subject FROM audit_log WHERE action = 'qris_confirmed'")?
        .query_map([], |r| r.get::<_, Option<String>>(0))?
        .filter_map(|s| s.transpose())
        .collect::<rusqlite::Result<_>>()?;
    let rows: Vec<UnverifiedQris> = conn
        .prepare_cached(
            "SELECT s.id, s.receipt_no, s.created_at, s.device_id, SUM(p.amount)
             FROM sales s JOIN sale_payments p ON p.sale_id = s.id
             WHERE p.method = 'qris' AND p.status = 'unverified'
               AND s.created_at >= ?1 AND s.created_at < ?2
             GROUP BY s.id ORDER BY s.created_at, s.id",
        )?
        .query_map(params![from_ms, to_ms], |r| {
            Ok(UnverifiedQris {
                sale_id: r.get(0)?,
                receipt_no: r.get(1)?,
                created_at: r.get(2)?,
                device_id: r.get(3)?,
                amount: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .filter(|u| !confirmed.contains(&u.sale_id.to_string()))
        .collect())
}

impl DeviceStore {
    /// Records that sale `sale_id`'s QRIS money arrived (the cashier checked the merchant app
    /// or the bank). Refused when the sale has no QRIS payment still unverified.
    pub fn confirm_qris(&mut self, sale_id: Uuid, note: Option<&str>) -> Result<UnverifiedQris> {
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let id = self.ids.new_id(now);
        let tx = immediate_tx(&mut self.conn)?;
        let sale = crate::sale::checkout::load_sale(&tx, sale_id)?
            .ok_or_else(|| CoreError::UnknownSale(sale_id.to_string()))?;
        let pending = unverified(&tx, sale.created_at, sale.created_at + 1)?
            .into_iter()
            .find(|u| u.sale_id == sale_id)
            .ok_or_else(|| {
                CoreError::invalid(
                    "sale",
                    format!(
                        "{} has no QRIS payment waiting to be confirmed",
                        sale.receipt_no
                    ),
                )
            })?;
        let duty = crate::people::on_duty(&tx)?;
        let actor = duty.map(|d| d.person.actor());
        crate::audit::record(
            &tx,
            id,
            now,
            device_id,
            &NewEntry {
                actor: actor.as_ref(),
                action: AuditAction::QrisConfirmed,
                subject: Some(sale_id.to_string()),
                detail: format!(
                    "QRIS {} of {} arrived",
                    crate::format_rupiah(pending.amount),
                    sale.receipt_no
                ),
                reason: note.map(str::trim).filter(|n| !n.is_empty()),
                approval: None,
            },
        )?;
        tx.commit()?;
        Ok(pending)
    }
}
