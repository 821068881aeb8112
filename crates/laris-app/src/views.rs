//! Domain types into their views. Kept apart from the methods so each mapping is written
//! once.

use laris_core::report::Report;
use laris_core::{PaymentMethod, Product, Sale, SaleKasbon, SaleSummary, ShopSettings, StockLevel};
use laris_receipt::{Paper, ReceiptInput};
use time::Date;
use uuid::Uuid;

use crate::dto::{
    BestSellerView, HourView, MethodView, PaymentView, ProductView, ReportView, SaleLineView,
    SaleSummaryView, SaleView, StockLevelView, TenderMethod, TotalsView,
};

/// `2026-11-27`.
pub(crate) fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

pub(crate) fn product(p: &Product, stock_milli: Option<i64>, pinned: bool) -> ProductView {
    ProductView {
        id: p.id,
        sku: p.sku.clone(),
        name: p.name.clone(),
        category: p.category.clone(),
        unit: p.unit.clone(),
        price: p.price,
        cost: p.cost,
        sold_by_weight: p.sold_by_weight,
        track_stock: p.track_stock,
        min_stock_milli: p.min_stock_milli,
        stock_milli: if p.track_stock { stock_milli } else { None },
        active: p.active,
        barcodes: p.barcodes.clone(),
        pinned,
    }
}

pub(crate) fn stock_level(l: &StockLevel) -> StockLevelView {
    StockLevelView {
        product_id: l.product_id,
        sku: l.sku.clone(),
        name: l.name.clone(),
        unit: l.unit.clone(),
        level_milli: l.level_milli,
        min_stock_milli: l.min_stock_milli,
    }
}

pub(crate) fn method(m: PaymentMethod) -> TenderMethod {
    match m {
        PaymentMethod::Cash => TenderMethod::Cash,
        PaymentMethod::Qris => TenderMethod::Qris,
        PaymentMethod::Transfer => TenderMethod::Transfer,
        PaymentMethod::Kasbon => TenderMethod::Kasbon,
    }
}

pub(crate) fn sale(s: &Sale, shop: &ShopSettings, kasbon: Option<&SaleKasbon>) -> SaleView {
    let receipt = ReceiptInput {
        sale: s,
        shop,
        kasbon,
        reprint: false,
    };
    SaleView {
        id: s.id,
        receipt_no: s.receipt_no.clone(),
        created_at: s.created_at,
        local_time: shop.timezone.format(s.created_at),
        cashier: s.cashier.clone(),
        lines: s
            .lines
            .iter()
            .map(|l| SaleLineView {
                name: l.name.clone(),
                unit: l.unit.clone(),
                qty_milli: l.qty_milli,
                unit_price: l.unit_price,
                discount: l.discount,
                net: l.gross - l.discount,
            })
            .collect(),
        payments: s
            .payments
            .iter()
            .map(|p| PaymentView {
                method: method(p.method),
                amount: p.amount,
                tendered: p.tendered,
                reference: p.reference.clone(),
            })
            .collect(),
        gross: s.gross,
        discount: s.line_discount + s.cart_discount,
        tax: s.tax,
        rounding: s.rounding,
        total: s.total,
        tendered: s.tendered,
        change: s.change,
        receipt_text: laris_receipt::layout(&receipt, Paper::Mm58).text(),
    }
}

pub(crate) fn sale_summary(
    s: &SaleSummary,
    this_device: Uuid,
    shop: &ShopSettings,
) -> SaleSummaryView {
    SaleSummaryView {
        id: s.id,
        receipt_no: s.receipt_no.clone(),
        created_at: s.created_at,
        local_time: shop.timezone.format(s.created_at),
        total: s.total,
        line_count: u32::try_from(s.line_count).unwrap_or(u32::MAX),
        methods: s
            .methods
            .split(',')
            .filter_map(|m| PaymentMethod::parse(m).ok())
            .map(method)
            .collect(),
        this_till: s.device_id == this_device,
    }
}

pub(crate) fn report(r: &Report) -> ReportView {
    let t = &r.totals;
    let mut by_hour: Vec<HourView> = (0..24)
        .map(|hour| HourView {
            hour,
            sales: 0,
            total: 0,
        })
        .collect();
    for h in &r.by_hour {
        if let Some(slot) = by_hour.get_mut(usize::from(h.hour)) {
            slot.sales = h.sales;
            slot.total = h.total;
        }
    }
    ReportView {
        from: iso_date(r.from),
        to: iso_date(r.to),
        timezone: r.timezone.as_str().to_string(),
        totals: TotalsView {
            sales: t.sales,
            gross: t.gross,
            discounts: t.discounts,
            tax: t.tax,
            total: t.total,
            revenue: t.revenue,
            cost: t.cost,
            gross_profit: t.gross_profit,
            average_basket: t.average_basket,
            returns: t.returns,
            returned: t.returned,
            net_total: t.net_total,
            profit_after_returns: t.profit_after_returns,
        },
        by_method: r
            .by_method
            .iter()
            .map(|m| MethodView {
                method: m.method.clone(),
                payments: m.payments,
                amount: m.amount,
            })
            .collect(),
        by_hour,
        best_sellers: r
            .best_sellers
            .iter()
            .map(|b| BestSellerView {
                sku: b.sku.clone(),
                name: b.name.clone(),
                qty_milli: b.qty_milli,
                amount: b.amount,
                profit: b.profit,
            })
            .collect(),
        low_stock: r.low_stock.iter().map(stock_level).collect(),
    }
}

pub(crate) fn role(r: laris_core::Role) -> crate::dto::RoleView {
    match r {
        laris_core::Role::Owner => crate::dto::RoleView::Owner,
        laris_core::Role::Cashier => crate::dto::RoleView::Cashier,
    }
}

pub(crate) fn person(p: &laris_core::Person) -> crate::dto::PersonView {
    crate::dto::PersonView {
        id: p.id,
        name: p.name.clone(),
        role: role(p.role),
        active: p.active,
    }
}

pub(crate) fn on_duty(d: &laris_core::OnDuty) -> crate::dto::OnDutyView {
    crate::dto::OnDutyView {
        person: person(&d.person),
        since: d.since,
    }
}

pub(crate) fn audit_entry(e: &laris_core::AuditEntry) -> crate::dto::AuditEntryView {
    use crate::dto::{ApprovalView, AuditActionView};
    use laris_core::{Approval, AuditAction};
    crate::dto::AuditEntryView {
        id: e.id,
        at: e.at,
        actor_name: e.actor.as_ref().map(|a| a.name.clone()),
        action: match e.action {
            AuditAction::PersonAdded => AuditActionView::PersonAdded,
            AuditAction::PersonChanged => AuditActionView::PersonChanged,
            AuditAction::PinChanged => AuditActionView::PinChanged,
            AuditAction::PinLocked => AuditActionView::PinLocked,
            AuditAction::DutyStarted => AuditActionView::DutyStarted,
            AuditAction::DutyEnded => AuditActionView::DutyEnded,
            AuditAction::StockAdjusted => AuditActionView::StockAdjusted,
            AuditAction::ProductDeleted => AuditActionView::ProductDeleted,
            AuditAction::SettingsChanged => AuditActionView::SettingsChanged,
            AuditAction::SaleVoided => AuditActionView::SaleVoided,
            AuditAction::SaleRefunded => AuditActionView::SaleRefunded,
            AuditAction::CreditLimitSet => AuditActionView::CreditLimitSet,
            AuditAction::CreditLimitExceeded => AuditActionView::CreditLimitExceeded,
            AuditAction::PriceOverridden => AuditActionView::PriceOverridden,
            AuditAction::DiscountOverLimit => AuditActionView::DiscountOverLimit,
            AuditAction::StockCounted => AuditActionView::StockCounted,
            AuditAction::ShiftOpened => AuditActionView::ShiftOpened,
            AuditAction::ShiftClosed => AuditActionView::ShiftClosed,
            AuditAction::CashMoved => AuditActionView::CashMoved,
            AuditAction::ApprovalKeyEnrolled => AuditActionView::ApprovalKeyEnrolled,
            AuditAction::QrisConfirmed => AuditActionView::QrisConfirmed,
        },
        subject: e.subject.clone(),
        detail: e.detail.clone(),
        reason: e.reason.clone(),
        approval: e.approval.map(|a| match a {
            Approval::OwnerPin => ApprovalView::OwnerPin,
            Approval::FirstOwner => ApprovalView::FirstOwner,
            Approval::OwnPin => ApprovalView::OwnPin,
            Approval::NobodySetUp => ApprovalView::NobodySetUp,
            Approval::OwnerCode => ApprovalView::OwnerCode,
        }),
    }
}

pub(crate) fn sale_return(r: &laris_core::SaleReturn) -> crate::dto::ReturnView {
    crate::dto::ReturnView {
        id: r.id,
        sale_id: r.sale_id,
        kind: match r.kind {
            laris_core::ReturnKind::Void => crate::dto::ReturnKindView::Void,
            laris_core::ReturnKind::Refund => crate::dto::ReturnKindView::Refund,
        },
        created_at: r.created_at,
        cashier: r.cashier.clone(),
        reason: r.reason.clone(),
        method: method(r.method),
        amount: r.amount,
        lines: r
            .lines
            .iter()
            .map(|l| crate::dto::ReturnLineView {
                line_no: u32::try_from(l.line_no).unwrap_or(0),
                product_id: l.product_id,
                qty_milli: l.qty_milli,
                amount: l.amount,
            })
            .collect(),
    }
}

pub(crate) fn over_refund(o: &laris_core::OverRefund) -> crate::dto::OverRefundView {
    crate::dto::OverRefundView {
        sale_id: o.sale_id,
        receipt_no: o.receipt_no.clone(),
        line_no: u32::try_from(o.line_no).unwrap_or(0),
        sold_qty_milli: o.sold_qty_milli,
        returned_qty_milli: o.returned_qty_milli,
        returns: u32::try_from(o.returns).unwrap_or(u32::MAX),
    }
}
