//! Kasbon, shifts and stock counts through the window: customers and their accounts (with
//! the statement and the WhatsApp reminder), repayments, this till's shift, and counts (the
//! owner's PIN in the input, as for adjustments).

use laris_core::{
    CashMove, CustomerBalance, CustomerDraft, DeviceStore, KasbonEntry, KasbonKind, PaymentMethod,
    Shift, ShiftCounts, StockCount,
};
use uuid::Uuid;

use crate::App;
use crate::dto::{
    CashMoveInput, CashMoveKind, CashMoveView, CloseShiftInput, CountInput, CountLineView,
    CountView, CustomerAccountView, CustomerInput, CustomerView, KasbonEntryKindView,
    KasbonEntryView, OpenShiftInput, RepaymentInput, ShiftMethodView, ShiftStatusView, ShiftView,
    TenderMethod,
};
use crate::error::Result;
use crate::views;

fn date(day: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day / 10_000,
        day / 100 % 100,
        day % 100
    )
}

fn customer(b: &CustomerBalance) -> CustomerView {
    CustomerView {
        id: b.customer.id,
        name: b.customer.name.clone(),
        phone: b.customer.phone.clone(),
        note: b.customer.note.clone(),
        credit_limit: b.customer.credit_limit,
        balance: b.balance,
        owing_since: b.owing_since,
        due_date: b.due_day.map(date),
    }
}

fn account(s: &DeviceStore, id: Uuid) -> laris_core::Result<CustomerAccountView> {
    let (standing, entries) = s.customer_account(id)?;
    // Each sale's receipt number once, for the ledger and the statement.
    let mut receipts = std::collections::HashMap::new();
    for sale_id in entries.iter().filter_map(|e| e.sale_id) {
        if let std::collections::hash_map::Entry::Vacant(v) = receipts.entry(sale_id)
            && let Some(sale) = s.sale(sale_id)?
        {
            v.insert(sale.receipt_no);
        }
    }
    let receipt_of = |sale_id: Option<Uuid>| sale_id.and_then(|id| receipts.get(&id).cloned());
    let shop = s.settings()?;
    let tz = shop.timezone;
    let mut running = 0;
    let views = entries
        .iter()
        .map(|e: &KasbonEntry| {
            running += e.signed();
            KasbonEntryView {
                id: e.id,
                kind: match e.kind {
                    KasbonKind::Charge => KasbonEntryKindView::Charge,
                    KasbonKind::Repayment => KasbonEntryKindView::Repayment,
                    KasbonKind::Refund => KasbonEntryKindView::Refund,
                },
                at: e.created_at,
                local_time: tz.format(e.created_at),
                amount: e.amount,
                balance_after: running,
                receipt_no: receipt_of(e.sale_id),
                method: e.method.map(views::method),
                due_date: e.due_day.map(date),
                cashier: e.cashier.clone(),
                note: e.note.clone(),
            }
        })
        .collect();
    Ok(CustomerAccountView {
        customer: customer(&standing),
        entries: views,
        statement_text: laris_core::statement_text(&shop.name, tz, &standing, &entries, |e| {
            receipt_of(e.sale_id)
        }),
        reminder_url: laris_core::reminder_url(&shop.name, tz, &standing),
    })
}

pub(crate) fn tender_method(m: TenderMethod) -> PaymentMethod {
    match m {
        TenderMethod::Cash => PaymentMethod::Cash,
        TenderMethod::Qris => PaymentMethod::Qris,
        TenderMethod::Transfer => PaymentMethod::Transfer,
        TenderMethod::Kasbon => PaymentMethod::Kasbon,
    }
}

fn cash_move(m: &CashMove) -> CashMoveView {
    CashMoveView {
        id: m.id,
        kind: if m.amount > 0 {
            CashMoveKind::In
        } else {
            CashMoveKind::Out
        },
        amount: m.amount.abs(),
        reason: m.reason.clone(),
        at: m.created_at,
        by: m.by.clone(),
    }
}

fn shift(sh: &Shift, me: Uuid, code: impl Fn(Uuid) -> Option<String>) -> ShiftView {
    ShiftView {
        id: sh.open.id,
        device_code: code(sh.open.device_id),
        this_till: sh.open.device_id == me,
        opened_at: sh.open.opened_at,
        opened_by: sh.open.opened_by.clone(),
        float: sh.open.float,
        closed_at: sh.close.as_ref().map(|c| c.closed_at),
        closed_by: sh.close.as_ref().and_then(|c| c.closed_by.clone()),
        sale_count: sh.figures.sale_count,
        sales_total: sh.figures.sales_total,
        kasbon_charged: sh.figures.kasbon_charged,
        refunds: sh.figures.refunds,
        cash_in: sh.cash_in(),
        cash_out: sh.cash_out(),
        methods: sh
            .figures
            .methods
            .iter()
            .map(|m| ShiftMethodView {
                method: views::method(m.method),
                takings: m.takings,
                expected: m.expected,
                counted: m.counted,
                difference: m.difference(),
            })
            .collect(),
        cash_moves: sh.moves.iter().map(cash_move).collect(),
        note: sh.close.as_ref().and_then(|c| c.note.clone()),
    }
}

fn shift_view(s: &DeviceStore, sh: &Shift) -> laris_core::Result<ShiftView> {
    let me = s.device()?.device_id;
    let my_code = s.device()?.code.clone();
    Ok(shift(sh, me, |d| (d == me).then(|| my_code.clone())))
}

fn count(s: &DeviceStore, c: &StockCount) -> laris_core::Result<CountView> {
    let me = s.device()?.device_id;
    let tz = s.settings()?.timezone;
    let lines = c
        .lines
        .iter()
        .map(|l| {
            let p = s.query().product(l.product_id)?;
            Ok(CountLineView {
                product_id: l.product_id,
                name: p
                    .as_ref()
                    .map_or_else(|| l.product_id.to_string(), |p| p.name.clone()),
                unit: p.map_or_else(String::new, |p| p.unit),
                expected_milli: l.expected_milli,
                counted_milli: l.counted_milli,
                difference_milli: l.difference_milli(),
                unit_cost: l.unit_cost,
                value: l.value(),
            })
        })
        .collect::<laris_core::Result<_>>()?;
    Ok(CountView {
        id: c.id,
        at: c.created_at,
        local_time: tz.format(c.created_at),
        by: c.by.clone(),
        note: c.note.clone(),
        this_till: c.device_id == me,
        lines,
        value: c.value(),
    })
}

impl App {
    pub fn customers(&self, query: Option<&str>) -> Result<Vec<CustomerView>> {
        let all = self.with_store(|s| s.customer_balances(query))?;
        Ok(all.iter().map(customer).collect())
    }

    pub fn kasbon_book(&self) -> Result<Vec<CustomerView>> {
        let book = self.with_store(|s| s.kasbon_book())?;
        Ok(book.iter().map(customer).collect())
    }

    pub fn save_customer(&self, input: &CustomerInput) -> Result<CustomerView> {
        let draft = CustomerDraft {
            id: input.id,
            name: input.name.clone(),
            phone: input.phone.clone(),
            note: input.note.clone(),
            credit_limit: input.credit_limit,
        };
        let view = self.with_store(|s| {
            let authority = match input.owner_pin.as_deref() {
                Some(pin) => Some(s.owner_authority(Some(pin))?),
                None => None,
            };
            let c = s.save_customer(&draft, authority)?;
            Ok(account(s, c.id)?.customer)
        })?;
        self.outbox_written();
        Ok(view)
    }

    pub fn customer_account(&self, id: Uuid) -> Result<CustomerAccountView> {
        self.with_store(|s| account(s, id))
    }

    pub fn repay_kasbon(&self, input: &RepaymentInput) -> Result<CustomerAccountView> {
        let view = self.with_store(|s| {
            s.repay_kasbon(
                input.customer_id,
                input.amount,
                tender_method(input.method),
                input.reference.as_deref(),
                input.note.as_deref(),
            )?;
            account(s, input.customer_id)
        })?;
        self.outbox_written();
        Ok(view)
    }

    pub fn shift_status(&self) -> Result<ShiftStatusView> {
        self.with_store(|s| {
            Ok(ShiftStatusView {
                open: s
                    .current_shift()?
                    .map(|sh| shift_view(s, &sh))
                    .transpose()?,
                last_counted_cash: s.last_counted_cash()?,
                sales_outside_shift: s.sales_outside_shift()?,
            })
        })
    }

    pub fn open_shift(&self, input: &OpenShiftInput) -> Result<ShiftView> {
        let view = self.with_store(|s| {
            let sh = s.open_shift(input.float)?;
            shift_view(s, &sh)
        })?;
        self.outbox_written();
        Ok(view)
    }

    pub fn cash_move(&self, input: &CashMoveInput) -> Result<ShiftView> {
        let amount = match input.kind {
            CashMoveKind::In => input.amount,
            CashMoveKind::Out => -input.amount,
        };
        if input.amount <= 0 {
            return Err(crate::AppError::invalid(
                "amount",
                "the amount must be more than Rp 0",
            ));
        }
        let view = self.with_store(|s| {
            let sh = s.cash_move(amount, &input.reason)?;
            shift_view(s, &sh)
        })?;
        self.outbox_written();
        Ok(view)
    }

    pub fn close_shift(&self, input: &CloseShiftInput) -> Result<ShiftView> {
        let counts = ShiftCounts {
            cash: input.counted_cash,
            qris: input.counted_qris,
            transfer: input.counted_transfer,
        };
        let view = self.with_store(|s| {
            let sh = s.close_shift(counts, input.note.as_deref())?;
            shift_view(s, &sh)
        })?;
        self.outbox_written();
        Ok(view)
    }

    pub fn shifts(&self, limit: u32) -> Result<Vec<ShiftView>> {
        self.with_store(|s| {
            s.shifts(limit as usize)?
                .iter()
                .map(|sh| shift_view(s, sh))
                .collect()
        })
    }

    pub fn record_count(&self, input: &CountInput) -> Result<CountView> {
        let lines: Vec<(Uuid, i64)> = input
            .lines
            .iter()
            .map(|l| (l.product_id, l.counted_milli))
            .collect();
        let view = self.with_store(|s| {
            let authority = s.owner_authority(input.owner_pin.as_deref())?;
            let c = s.record_count(authority, &lines, input.note.as_deref())?;
            count(s, &c)
        })?;
        self.outbox_written();
        Ok(view)
    }

    pub fn counts(&self, limit: u32) -> Result<Vec<CountView>> {
        self.with_store(|s| {
            s.stock_counts(limit as usize)?
                .iter()
                .map(|c| count(s, c))
                .collect()
        })
    }

    pub fn suppliers(&self) -> Result<Vec<String>> {
        self.with_store(|s| s.suppliers())
    }
}
