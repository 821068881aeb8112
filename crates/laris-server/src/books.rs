//! The shop's books as the server keeps them (protocol v3's customers, kasbon entries,
//! shifts, stock counts, audit entries): each event is stored by a unique key with its body
//! (`book_events`), the counts' differences go into the stock movements, and what the owner
//! sees is derived here, the same for both backends: each customer's balance as the sum of
//! their ledger, and each till's shifts with expected vs counted.

use std::collections::HashMap;

use laris_protocol::v1::{EventBody, PaymentMethodV1, StockCountLineV1};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::prepare::{MovementRecord, encode_body};
use crate::stored::{EventKind, MovementKind};

/// One books event ready for `book_events`.
#[derive(Debug, Clone)]
pub struct BookRecord {
    /// Unique in the store across the books' kinds: derived from the kind and the record id
    /// (a shift's opening and closing name the same shift), and for a customer one per
    /// version (a new stamp is a new record).
    pub record_key: Uuid,
    pub entity_id: Uuid,
    /// The customer of a kasbon entry, the shift of a cash move or closing.
    pub subject_id: Option<Uuid>,
    pub created_at_ms: i64,
    /// A kasbon entry's effect on the balance, a cash move's amount, a float, a count's
    /// difference at cost; 0 otherwise.
    pub amount: i64,
    /// A customer version's stamp (text orders as the stamps do).
    pub stamp: Option<String>,
    pub movements: Vec<MovementRecord>,
    pub body: Vec<u8>,
}

/// The record of a books event; None for the other kinds.
pub fn record(body: &EventBody) -> Option<BookRecord> {
    let mut r = BookRecord {
        record_key: Uuid::new_v5(&body.entity_id(), body.kind().as_bytes()),
        entity_id: body.entity_id(),
        subject_id: None,
        created_at_ms: 0,
        amount: 0,
        stamp: None,
        movements: Vec::new(),
        body: encode_body(body),
    };
    match body {
        EventBody::Customer(c) => {
            let stamp = c.stamp.to_string();
            r.record_key = Uuid::new_v5(&c.id, format!("{}/{stamp}", body.kind()).as_bytes());
            r.created_at_ms = c.created_at;
            r.stamp = Some(stamp);
        }
        EventBody::KasbonEntry(k) => {
            r.subject_id = Some(k.customer_id);
            r.created_at_ms = k.created_at;
            r.amount = k.signed_amount();
        }
        EventBody::ShiftOpen(o) => {
            r.created_at_ms = o.opened_at;
            r.amount = o.float;
        }
        EventBody::CashMove(m) => {
            r.subject_id = Some(m.shift_id);
            r.created_at_ms = m.created_at;
            r.amount = m.amount;
        }
        EventBody::ShiftClose(c) => {
            r.subject_id = Some(c.shift_id);
            r.created_at_ms = c.closed_at;
        }
        EventBody::StockCount(c) => {
            r.created_at_ms = c.created_at;
            r.amount = c.lines.iter().map(StockCountLineV1::value).sum();
            r.movements = c
                .stock_movements()
                .map(|m| MovementRecord {
                    movement_id: m.id,
                    product_id: m.product_id,
                    kind: MovementKind::Count,
                    qty_milli: m.qty_milli,
                    sale_id: None,
                    reason: Some(c.id.to_string()),
                    created_at_ms: c.created_at,
                })
                .collect();
        }
        EventBody::Audit(a) => r.created_at_ms = a.at,
        EventBody::Sale(_)
        | EventBody::StockMovement(_)
        | EventBody::ProductUpsert(_)
        | EventBody::SaleReturn(_) => return None,
    }
    Some(r)
}

/// A stored books event as a backend reads it back.
#[derive(Debug, Clone)]
pub struct StoredBook {
    pub kind: EventKind,
    pub device_id: Uuid,
    pub body: EventBody,
}

/// A customer's standing on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KasbonBalance {
    pub customer_id: Uuid,
    /// The latest version's name (None: the customer's record has not arrived).
    pub name: Option<String>,
    pub balance: i64,
    pub entries: u64,
}

/// One payment method of a closed shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ShiftMethodRow {
    pub method: String,
    pub expected: i64,
    pub counted: Option<i64>,
    pub difference: Option<i64>,
}

/// A till's shift as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ShiftRow {
    pub shift_id: Uuid,
    pub device_id: Uuid,
    pub opened_at_ms: i64,
    pub opened_by: Option<String>,
    pub float: i64,
    pub cash_in: i64,
    pub cash_out: i64,
    pub closed_at_ms: Option<i64>,
    pub closed_by: Option<String>,
    pub sale_count: Option<u32>,
    pub sales_total: Option<i64>,
    pub methods: Vec<ShiftMethodRow>,
}

/// The owner's view of the books.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Books {
    /// Customers who owe (or are owed), the largest balance first.
    pub kasbon: Vec<KasbonBalance>,
    /// Σ balances.
    pub kasbon_total: i64,
    /// Shifts of every till, the latest first.
    pub shifts: Vec<ShiftRow>,
}

pub fn method_name(m: PaymentMethodV1) -> &'static str {
    match m {
        PaymentMethodV1::Cash => "cash",
        PaymentMethodV1::Qris => "qris",
        PaymentMethodV1::Transfer => "transfer",
        PaymentMethodV1::Kasbon => "kasbon",
    }
}

/// Derives the owner's view from every stored books event of a store.
pub fn books(events: &[StoredBook]) -> Books {
    let mut names: HashMap<Uuid, (String, String)> = HashMap::new();
    let mut balances: HashMap<Uuid, (i64, u64)> = HashMap::new();
    let mut shifts: HashMap<Uuid, ShiftRow> = HashMap::new();
    let mut moves: Vec<(Uuid, i64)> = Vec::new();
    let mut closes = Vec::new();
    for e in events {
        match &e.body {
            EventBody::Customer(c) => {
                let stamp = c.stamp.to_string();
                let newer = names.get(&c.id).is_none_or(|(s, _)| *s < stamp);
                if newer {
                    names.insert(c.id, (stamp, c.name.clone()));
                }
            }
            EventBody::KasbonEntry(k) => {
                let b = balances.entry(k.customer_id).or_default();
                b.0 += k.signed_amount();
                b.1 += 1;
            }
            EventBody::ShiftOpen(o) => {
                shifts.insert(
                    o.id,
                    ShiftRow {
                        shift_id: o.id,
                        device_id: e.device_id,
                        opened_at_ms: o.opened_at,
                        opened_by: o.opened_by.clone(),
                        float: o.float,
                        cash_in: 0,
                        cash_out: 0,
                        closed_at_ms: None,
                        closed_by: None,
                        sale_count: None,
                        sales_total: None,
                        methods: Vec::new(),
                    },
                );
            }
            EventBody::CashMove(m) => moves.push((m.shift_id, m.amount)),
            EventBody::ShiftClose(c) => closes.push(c.clone()),
            _ => {}
        }
    }
    for (shift, amount) in moves {
        if let Some(s) = shifts.get_mut(&shift) {
            if amount > 0 {
                s.cash_in += amount;
            } else {
                s.cash_out -= amount;
            }
        }
    }
    for c in closes {
        if let Some(s) = shifts.get_mut(&c.shift_id) {
            s.closed_at_ms = Some(c.closed_at);
            s.closed_by = c.closed_by.clone();
            s.sale_count = Some(c.sale_count);
            s.sales_total = Some(c.sales_total);
            s.methods = c
                .methods
                .iter()
                .map(|m| ShiftMethodRow {
                    method: method_name(m.method).into(),
                    expected: m.expected,
                    counted: m.counted,
                    difference: m.counted.map(|c| c - m.expected),
                })
                .collect();
        }
    }
    let mut kasbon: Vec<KasbonBalance> = balances
        .into_iter()
        .filter(|(_, (b, _))| *b != 0)
        .map(|(id, (balance, entries))| KasbonBalance {
            customer_id: id,
            name: names.get(&id).map(|(_, n)| n.clone()),
            balance,
            entries,
        })
        .collect();
    kasbon.sort_by(|a, b| {
        b.balance
            .cmp(&a.balance)
            .then(a.customer_id.cmp(&b.customer_id))
    });
    let mut shifts: Vec<ShiftRow> = shifts.into_values().collect();
    shifts.sort_by(|a, b| {
        b.opened_at_ms
            .cmp(&a.opened_at_ms)
            .then(a.shift_id.cmp(&b.shift_id))
    });
    Books {
        kasbon_total: kasbon.iter().map(|k| k.balance).sum(),
        kasbon,
        shifts,
    }
}
