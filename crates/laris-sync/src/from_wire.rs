//! Wire → domain: pulled changes as laris-core's apply inputs. A sale keeps the device that
//! made it (the change's origin) and says which lines moved stock, so the device derives the
//! same movements, with the same ids, as the till that sold.

use laris_core::{
    MovementKind, PaymentMethod, ProductRecord, RemoteChange, ReturnKind, ReturnLine, Sale,
    SaleLine, SalePayment, SaleRecord, SaleReturn, StockMovement, TaxMode,
};
use laris_protocol::v1::{
    Change, EventBody, MovementKindV1, PaymentMethodV1, PaymentStatusV1, ProductV1, ReturnKindV1,
    SaleReturnV1, SaleV1, StockMovementV1, TaxModeV1,
};
use uuid::Uuid;

pub fn change(c: &Change) -> RemoteChange {
    body(&c.body, c.origin_device)
}

/// An event's body as made on `device_id` (the origin of a pulled change, or this device
/// for its own events given back after a restore).
pub fn body(body: &EventBody, device_id: Uuid) -> RemoteChange {
    match body {
        EventBody::Sale(s) => RemoteChange::Sale(sale(s, device_id)),
        EventBody::StockMovement(m) => RemoteChange::StockMovement(movement(m, device_id)),
        EventBody::ProductUpsert(p) => RemoteChange::Product(Box::new(product(p))),
        EventBody::SaleReturn(r) => RemoteChange::SaleReturn(sale_return(r, device_id)),
        EventBody::Customer(_)
        | EventBody::KasbonEntry(_)
        | EventBody::ShiftOpen(_)
        | EventBody::CashMove(_)
        | EventBody::ShiftClose(_)
        | EventBody::StockCount(_)
        | EventBody::Audit(_) => RemoteChange::Book(
            crate::books_wire::from_wire(body, device_id).expect("a books event"),
        ),
    }
}

pub fn sale_return(r: &SaleReturnV1, device_id: Uuid) -> SaleReturn {
    SaleReturn {
        id: r.id,
        sale_id: r.sale_id,
        device_id,
        kind: match r.kind {
            ReturnKindV1::Void => ReturnKind::Void,
            ReturnKindV1::Refund => ReturnKind::Refund,
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
            .map(|l| ReturnLine {
                line_no: i64::from(l.line_no),
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

pub fn sale(s: &SaleV1, device_id: Uuid) -> SaleRecord {
    let lines: Vec<SaleLine> = (1i64..)
        .zip(&s.lines)
        .map(|(line_no, l)| SaleLine {
            line_no,
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
        })
        .collect();
    let stock_lines = (1i64..)
        .zip(&s.lines)
        .filter(|(_, l)| l.moves_stock)
        .map(|(n, _)| n)
        .collect();
    SaleRecord {
        sale: Sale {
            id: s.id,
            device_id,
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
            lines,
            payments: s
                .payments
                .iter()
                .map(|p| SalePayment {
                    method: payment_method(p.method),
                    amount: p.amount,
                    tendered: p.tendered,
                    reference: p.reference.clone(),
                    status: match p.status {
                        PaymentStatusV1::Settled => "settled",
                        PaymentStatusV1::Unverified => "unverified",
                    }
                    .into(),
                })
                .collect(),
        },
        stock_lines,
    }
}

pub fn tax_mode(m: TaxModeV1) -> TaxMode {
    match m {
        TaxModeV1::None => TaxMode::None,
        TaxModeV1::Inclusive => TaxMode::Inclusive,
        TaxModeV1::Exclusive => TaxMode::Exclusive,
    }
}

pub fn payment_method(m: PaymentMethodV1) -> PaymentMethod {
    match m {
        PaymentMethodV1::Cash => PaymentMethod::Cash,
        PaymentMethodV1::Qris => PaymentMethod::Qris,
        PaymentMethodV1::Transfer => PaymentMethod::Transfer,
        PaymentMethodV1::Kasbon => PaymentMethod::Kasbon,
    }
}

pub fn movement(m: &StockMovementV1, device_id: Uuid) -> StockMovement {
    StockMovement {
        id: m.id,
        product_id: m.product_id,
        device_id,
        kind: match m.kind {
            MovementKindV1::Restock => MovementKind::Restock,
            MovementKindV1::Adjustment => MovementKind::Adjustment,
        },
        qty_milli: m.qty_milli,
        reason: m.reason.clone(),
        created_at: m.created_at,
    }
}

pub fn product(p: &ProductV1) -> ProductRecord {
    ProductRecord {
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
