//! Voids and refunds through the window: each needs the owner's PIN (once anyone is set up),
//! turned into laris-core's authority under the same store lock as the return itself.

use laris_core::ReturnRequest;
use uuid::Uuid;

use crate::App;
use crate::dto::{OverRefundView, RefundInput, ReturnView, VoidInput};
use crate::error::Result;
use crate::views;

use crate::books::tender_method as method;

/// The owner's authority from an approval code if one is given, else from the PIN.
pub(crate) fn authority(
    s: &mut laris_core::DeviceStore,
    pin: Option<&str>,
    code: Option<&str>,
) -> laris_core::Result<laris_core::OwnerAuthority> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => s.authority_from_code(code),
        None => s.owner_authority(pin),
    }
}

impl App {
    pub fn void_sale(&self, input: &VoidInput) -> Result<ReturnView> {
        let r = self.with_store(|s| {
            let authority = authority(
                s,
                input.owner_pin.as_deref(),
                input.approval_code.as_deref(),
            )?;
            s.void_sale(authority, input.sale_id, &input.reason)
        })?;
        self.outbox_written();
        Ok(views::sale_return(&r))
    }

    pub fn refund_sale(&self, input: &RefundInput) -> Result<ReturnView> {
        let requests: Vec<ReturnRequest> = input
            .lines
            .iter()
            .map(|l| ReturnRequest {
                line_no: i64::from(l.line_no),
                qty_milli: l.qty_milli,
            })
            .collect();
        let r = self.with_store(|s| {
            let authority = authority(
                s,
                input.owner_pin.as_deref(),
                input.approval_code.as_deref(),
            )?;
            s.refund_sale(
                authority,
                input.sale_id,
                &requests,
                method(input.method),
                &input.reason,
            )
        })?;
        self.outbox_written();
        Ok(views::sale_return(&r))
    }

    /// Every void and refund of a sale, oldest first.
    pub fn sale_returns(&self, sale_id: Uuid) -> Result<Vec<ReturnView>> {
        let rs = self.with_reader(|r| r.query().returns_of(sale_id))?;
        Ok(rs.iter().map(views::sale_return).collect())
    }

    /// Sale lines taken back beyond what was sold: the owner has to look at them.
    pub fn over_refunds(&self) -> Result<Vec<OverRefundView>> {
        let rs = self.with_reader(|r| r.query().over_refunds())?;
        Ok(rs.iter().map(views::over_refund).collect())
    }
}
