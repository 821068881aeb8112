//! The shop's books (kasbon, shifts, stock counts, customers, the audit log) between
//! laris-core's [`BookEvent`] and the wire's v3 events, both ways, field by field.

use laris_core::{
    AuditRecord, BookEvent, CashMove, CountLine, Customer, KasbonEntry, KasbonKind, ShiftClose,
    ShiftFigures, ShiftMethod, ShiftOpen, StockCount,
};
use laris_protocol::v1::{
    AuditEntryV1, CashMoveV1, CustomerV1, EventBody, KasbonEntryV1, KasbonKindV1, ShiftCloseV1,
    ShiftMethodV1, ShiftOpenV1, StockCountLineV1, StockCountV1,
};
use uuid::Uuid;

use crate::from_wire::payment_method as method_in;
use crate::to_wire::payment_method as method_out;

pub fn to_wire(ev: &BookEvent) -> EventBody {
    match ev {
        BookEvent::Customer(c) => EventBody::Customer(CustomerV1 {
            id: c.id,
            name: c.name.clone(),
            phone: c.phone.clone(),
            note: c.note.clone(),
            credit_limit: c.credit_limit,
            created_at: c.created_at,
            stamp: c.stamp,
        }),
        BookEvent::Kasbon(k) => EventBody::KasbonEntry(KasbonEntryV1 {
            id: k.id,
            customer_id: k.customer_id,
            kind: match k.kind {
                KasbonKind::Charge => KasbonKindV1::Charge,
                KasbonKind::Repayment => KasbonKindV1::Repayment,
                KasbonKind::Refund => KasbonKindV1::Refund,
            },
            amount: k.amount,
            created_at: k.created_at,
            sale_id: k.sale_id,
            return_id: k.return_id,
            method: k.method.map(method_out),
            reference: k.reference.clone(),
            due_day: k.due_day,
            cashier: k.cashier.clone(),
            note: k.note.clone(),
            approved_by: k.approved_by,
        }),
        BookEvent::ShiftOpen(o) => EventBody::ShiftOpen(ShiftOpenV1 {
            id: o.id,
            opened_at: o.opened_at,
            opened_by: o.opened_by.clone(),
            float: o.float,
        }),
        BookEvent::CashMove(m) => EventBody::CashMove(CashMoveV1 {
            id: m.id,
            shift_id: m.shift_id,
            amount: m.amount,
            reason: m.reason.clone(),
            created_at: m.created_at,
            by: m.by.clone(),
        }),
        BookEvent::ShiftClose(c) => EventBody::ShiftClose(ShiftCloseV1 {
            shift_id: c.shift_id,
            closed_at: c.closed_at,
            closed_by: c.closed_by.clone(),
            sale_count: c.figures.sale_count,
            sales_total: c.figures.sales_total,
            kasbon_charged: c.figures.kasbon_charged,
            refunds: c.figures.refunds,
            methods: c
                .figures
                .methods
                .iter()
                .map(|m| ShiftMethodV1 {
                    method: method_out(m.method),
                    takings: m.takings,
                    expected: m.expected,
                    counted: m.counted,
                })
                .collect(),
            note: c.note.clone(),
        }),
        BookEvent::StockCount(c) => EventBody::StockCount(StockCountV1 {
            id: c.id,
            created_at: c.created_at,
            by: c.by.clone(),
            note: c.note.clone(),
            lines: c
                .lines
                .iter()
                .map(|l| StockCountLineV1 {
                    product_id: l.product_id,
                    expected_milli: l.expected_milli,
                    counted_milli: l.counted_milli,
                    unit_cost: l.unit_cost,
                })
                .collect(),
            approved_by: c.approved_by,
        }),
        BookEvent::Audit(a) => EventBody::Audit(AuditEntryV1 {
            id: a.id,
            at: a.at,
            actor_id: a.actor_id,
            actor_name: a.actor_name.clone(),
            action: a.action.clone(),
            subject: a.subject.clone(),
            detail: a.detail.clone(),
            reason: a.reason.clone(),
            approval: a.approval.clone(),
            approved_by: a.approver,
        }),
    }
}

/// A v3 event made on `device_id` as laris-core keeps it; None for the bodies that are not
/// the books'.
pub fn from_wire(body: &EventBody, device_id: Uuid) -> Option<BookEvent> {
    Some(match body {
        EventBody::Customer(c) => BookEvent::Customer(Customer {
            id: c.id,
            name: c.name.clone(),
            phone: c.phone.clone(),
            note: c.note.clone(),
            credit_limit: c.credit_limit,
            created_at: c.created_at,
            stamp: c.stamp,
        }),
        EventBody::KasbonEntry(k) => BookEvent::Kasbon(KasbonEntry {
            id: k.id,
            customer_id: k.customer_id,
            device_id,
            kind: match k.kind {
                KasbonKindV1::Charge => KasbonKind::Charge,
                KasbonKindV1::Repayment => KasbonKind::Repayment,
                KasbonKindV1::Refund => KasbonKind::Refund,
            },
            amount: k.amount,
            created_at: k.created_at,
            sale_id: k.sale_id,
            return_id: k.return_id,
            method: k.method.map(method_in),
            reference: k.reference.clone(),
            due_day: k.due_day,
            cashier: k.cashier.clone(),
            note: k.note.clone(),
            approved_by: k.approved_by,
        }),
        EventBody::ShiftOpen(o) => BookEvent::ShiftOpen(ShiftOpen {
            id: o.id,
            device_id,
            opened_at: o.opened_at,
            opened_by: o.opened_by.clone(),
            float: o.float,
        }),
        EventBody::CashMove(m) => BookEvent::CashMove(CashMove {
            id: m.id,
            shift_id: m.shift_id,
            device_id,
            amount: m.amount,
            reason: m.reason.clone(),
            created_at: m.created_at,
            by: m.by.clone(),
        }),
        EventBody::ShiftClose(c) => BookEvent::ShiftClose(ShiftClose {
            shift_id: c.shift_id,
            device_id,
            closed_at: c.closed_at,
            closed_by: c.closed_by.clone(),
            figures: ShiftFigures {
                sale_count: c.sale_count,
                sales_total: c.sales_total,
                kasbon_charged: c.kasbon_charged,
                refunds: c.refunds,
                methods: c
                    .methods
                    .iter()
                    .map(|m| ShiftMethod {
                        method: method_in(m.method),
                        takings: m.takings,
                        expected: m.expected,
                        counted: m.counted,
                    })
                    .collect(),
            },
            note: c.note.clone(),
        }),
        EventBody::StockCount(c) => BookEvent::StockCount(StockCount {
            id: c.id,
            device_id,
            created_at: c.created_at,
            by: c.by.clone(),
            note: c.note.clone(),
            lines: c
                .lines
                .iter()
                .zip(1i64..)
                .map(|(l, n)| CountLine {
                    line_no: n,
                    product_id: l.product_id,
                    expected_milli: l.expected_milli,
                    counted_milli: l.counted_milli,
                    unit_cost: l.unit_cost,
                })
                .collect(),
            approved_by: c.approved_by,
        }),
        EventBody::Audit(a) => BookEvent::Audit(AuditRecord {
            id: a.id,
            at: a.at,
            device_id,
            actor_id: a.actor_id,
            actor_name: a.actor_name.clone(),
            action: a.action.clone(),
            subject: a.subject.clone(),
            detail: a.detail.clone(),
            reason: a.reason.clone(),
            approval: a.approval.clone(),
            approver: a.approved_by,
        }),
        EventBody::Sale(_)
        | EventBody::StockMovement(_)
        | EventBody::ProductUpsert(_)
        | EventBody::SaleReturn(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_moves_the_same_ids_on_both_sides() {
        let id = Uuid::from_u128(77);
        assert_eq!(
            laris_core::count_movement_id(id, 3),
            laris_protocol::v1::count_movement_id(id, 3)
        );
    }
}
