//! Domain → wire: laris-core's events as sync v1 messages. Explicit, field by field, so that
//! either side can change without the other noticing by accident.

use laris_core::{
    MovementKind, OutboxEvent, PaymentMethod, PendingEvent, ProductRecord, ReturnKind, SaleRecord,
    SaleReturn, StockMovement, TaxMode,
};
use laris_protocol::v1::{
    Event, EventBody, MovementKindV1, PaymentMethodV1, PaymentStatusV1, ProductV1, ReturnKindV1,
    SaleLineV1, SalePaymentV1, SaleReturnLineV1, SaleReturnV1, SaleV1, StockMovementV1, TaxModeV1,
};

pub fn event(e: &PendingEvent) -> Event {
    Event {
        seq: e.seq,
        body: match &e.event {
            OutboxEvent::Sale(s) => EventBody::Sale(sale(s)),
            OutboxEvent::StockMovement(m) => EventBody::StockMovement(movement(m)),
            OutboxEvent::Product(p) => EventBody::ProductUpsert(Box::new(product(p))),
            OutboxEvent::SaleReturn(r) => EventBody::SaleReturn(sale_return(r)),
            OutboxEvent::Book(b) => crate::books_wire::to_wire(b),
        },
    }
}

/// An outbox entry's kind as the wire names its event (`EventBody::kind`); an unknown kind
/// is kept, so it can only fail to match.
pub fn kind(outbox_kind: &str) -> &str {
    match outbox_kind {
        laris_core::PRODUCT_EVENT => "product_upsert",
        "sale" => "sale",
        "stock_movement" => "stock_movement",
        laris_core::RETURN_EVENT => "sale_return",
        other => other,
    }
}

pub fn sale(rec: &SaleRecord) -> SaleV1 {
    let s = &rec.sale;
    SaleV1 {
        id: s.id,
        receipt_no: s.receipt_no.clone(),
        created_at: s.created_at,
        cashier: s.cashier.clone(),
        gross: s.gross,
        line_discount: s.line_discount,
        cart_discount: s.cart_discount,
        tax_mode: tax_mode(s.tax_mode),
        tax_rate_bp: s.tax_rate_bp,
        tax: s.tax,
        rounding: s.rounding,
        total: s.total,
        tendered: s.tendered,
        change: s.change,
        cost: s.cost,
        lines: s
            .lines
            .iter()
            .map(|l| SaleLineV1 {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                unit: l.unit.clone(),
                qty_milli: l.qty_milli,
                unit_price: l.unit_price,
                unit_cost: l.unit_cost,
                gross: l.gross,
                discount: l.discount,
                cost: l.cost,
                moves_stock: rec.moves_stock(l.line_no),
            })
            .collect(),
        payments: s
            .payments
            .iter()
            .map(|p| SalePaymentV1 {
                method: payment_method(p.method),
                amount: p.amount,
                tendered: p.tendered,
                reference: p.reference.clone(),
                status: if p.status == "unverified" {
                    PaymentStatusV1::Unverified
                } else {
                    PaymentStatusV1::Settled
                },
            })
            .collect(),
    }
}

pub fn sale_return(r: &SaleReturn) -> SaleReturnV1 {
    SaleReturnV1 {
        id: r.id,
        sale_id: r.sale_id,
        kind: match r.kind {
            ReturnKind::Void => ReturnKindV1::Void,
            ReturnKind::Refund => ReturnKindV1::Refund,
        },
        created_at: r.created_at,
        cashier: r.cashier.clone(),
        reason: r.reason.clone(),
        method: payment_method(r.method),
        amount: r.amount,
        cost: r.cost,
        lines: r
            .lines
            .iter()
            .map(|l| SaleReturnLineV1 {
                line_no: u32::try_from(l.line_no).unwrap_or(0),
                product_id: l.product_id,
                qty_milli: l.qty_milli,
                amount: l.amount,
                cost: l.cost,
                moves_stock: l.moves_stock,
            })
            .collect(),
        approved_by: r.approved_by,
    }
}

pub fn tax_mode(m: TaxMode) -> TaxModeV1 {
    match m {
        TaxMode::None => TaxModeV1::None,
        TaxMode::Inclusive => TaxModeV1::Inclusive,
        TaxMode::Exclusive => TaxModeV1::Exclusive,
    }
}

pub fn payment_method(m: PaymentMethod) -> PaymentMethodV1 {
    match m {
        PaymentMethod::Cash => PaymentMethodV1::Cash,
        PaymentMethod::Qris => PaymentMethodV1::Qris,
        PaymentMethod::Transfer => PaymentMethodV1::Transfer,
        PaymentMethod::Kasbon => PaymentMethodV1::Kasbon,
    }
}

pub fn movement(m: &StockMovement) -> StockMovementV1 {
    StockMovementV1 {
        id: m.id,
        product_id: m.product_id,
        kind: match m.kind {
            MovementKind::Restock => MovementKindV1::Restock,
            MovementKind::Adjustment => MovementKindV1::Adjustment,
        },
        qty_milli: m.qty_milli,
        reason: m.reason.clone(),
        created_at: m.created_at,
    }
}

pub fn product(p: &ProductRecord) -> ProductV1 {
    ProductV1 {
        id: p.id,
        sku: p.sku.clone(),
        name: p.name.clone(),
        category: p.category.clone(),
        unit: p.unit.clone(),
        price: p.price.clone(),
        cost: p.cost.clone(),
        sold_by_weight: p.sold_by_weight.clone(),
        track_stock: p.track_stock.clone(),
        min_stock_milli: p.min_stock_milli.clone(),
        active: p.active.clone(),
        barcodes: p.barcodes.clone(),
        deleted: p.deleted.clone(),
    }
}
