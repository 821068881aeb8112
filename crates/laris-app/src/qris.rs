//! QRIS at the counter: the shop's static payload checked for the owner, the dynamic one for
//! each payment's exact amount, and the QRIS money confirmed arrived after the sale.

use laris_qris::Qris;
use uuid::Uuid;

use crate::app::App;
use crate::dto::{
    QrisCheckView, QrisPaymentView, ReconciliationView, SettlementMatchView, SettlementRowView,
    SettlementSaleView, UnverifiedQrisView,
};
use crate::error::{AppError, Result};

/// How far back the list of unconfirmed QRIS sales looks.
const UNVERIFIED_DAYS: i64 = 31;

fn checked(payload: &str) -> Result<Qris> {
    Qris::parse(payload.trim()).map_err(|e| AppError::invalid("qris_payload", e.to_string()))
}

impl App {
    /// Whom a pasted QRIS pays, before the owner saves it.
    pub fn check_qris(&self, payload: &str) -> Result<QrisCheckView> {
        let q = checked(payload)?;
        Ok(QrisCheckView {
            merchant_name: q.merchant_name().to_string(),
            merchant_city: q.merchant_city().to_string(),
            nmid: q.nmid(),
        })
    }

    /// The QR to show for a payment of `amount`, from the shop's static QRIS.
    pub fn qris_payment(&self, amount: u32) -> Result<QrisPaymentView> {
        let payload = self.with_store(|s| Ok(s.settings()?.qris_payload))?;
        if payload.trim().is_empty() {
            return Err(AppError::invalid(
                "qris",
                "QRIS is not set up: the owner pastes the shop's QRIS in the settings",
            ));
        }
        let q = checked(&payload)?;
        let amount = i64::from(amount);
        let payload = q
            .dynamic(amount)
            .map_err(|e| AppError::invalid("amount", e.to_string()))?;
        Ok(QrisPaymentView {
            payload,
            amount,
            merchant_name: q.merchant_name().to_string(),
            merchant_city: q.merchant_city().to_string(),
        })
    }

    /// Records that sale `sale_id`'s QRIS money arrived.
    pub fn confirm_qris(&self, sale_id: Uuid) -> Result<UnverifiedQrisView> {
        let (u, me) = self.with_store(|s| {
            let me = s.device()?.device_id;
            Ok((s.confirm_qris(sale_id, None)?, me))
        })?;
        self.outbox_written();
        Ok(view(u, me))
    }

    /// Sales of the last month, of every till as far as synced, whose QRIS money no one has
    /// confirmed arrived: the day report and the shift closing list them.
    pub fn unverified_qris(&self) -> Result<Vec<UnverifiedQrisView>> {
        let now = self.with_store(|s| Ok(s.now_ms()))?;
        self.with_reader(|r| {
            let me = r.device()?.device_id;
            let from = now - UNVERIFIED_DAYS * 24 * 3_600_000;
            Ok(r.query()
                .unverified_qris(from, now + 1)?
                .into_iter()
                .map(|u| view(u, me))
                .collect())
        })
    }
}

impl App {
    /// Matches a settlement list to the QRIS sales; nothing is written.
    pub fn reconcile_qris(&self, text: &str) -> Result<ReconciliationView> {
        let r = self.with_store(|s| s.reconcile_settlement(text))?;
        Ok(ReconciliationView {
            matched: r
                .matched
                .iter()
                .map(|(row, sale)| SettlementMatchView {
                    row: row_view(row),
                    sale: sale_view(sale),
                })
                .collect(),
            unmatched_rows: r.unmatched_rows.iter().map(row_view).collect(),
            unmatched_sales: r.unmatched_sales.iter().map(sale_view).collect(),
            unreadable: r
                .unreadable
                .iter()
                .map(|(line, why)| format!("baris {line}: {why}"))
                .collect(),
        })
    }
}

fn row_view(r: &laris_core::SettlementRow) -> SettlementRowView {
    SettlementRowView {
        line: u32::try_from(r.line).unwrap_or(u32::MAX),
        at: r.at,
        amount: r.amount,
        reference: r.reference.clone(),
    }
}

fn sale_view(s: &laris_core::QrisSalePayment) -> SettlementSaleView {
    SettlementSaleView {
        sale_id: s.sale_id,
        receipt_no: s.receipt_no.clone(),
        created_at: s.created_at,
        amount: s.amount,
        unverified: s.unverified,
    }
}

fn view(u: laris_core::UnverifiedQris, me: Uuid) -> UnverifiedQrisView {
    UnverifiedQrisView {
        sale_id: u.sale_id,
        receipt_no: u.receipt_no,
        created_at: u.created_at,
        amount: u.amount,
        this_device: u.device_id == me,
    }
}
