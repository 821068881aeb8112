//! The pure part of applying a push, shared by both storage backends: decoding the request
//! (one malformed event of a JSON body is quarantined, not the whole request), validating each
//! event (`EventBody::validate`, and the HLC drift bound against the server's clock), and
//! deriving the rows to write (a sale's payments by method and its stock movements via
//! `SaleV1::stock_movements`, a return's lines and the movements of its goods back via
//! `SaleReturnV1::stock_movements`), and comparing an event sent under a held seq with the one held
//! there. What needs the database (the device's acknowledged seq, which records are new,
//! the stored products to merge into) is the backend's, and `push_outcome` derives what the
//! push did from what the backend found. Record ids are scoped by store like every key, so an
//! id another store also uses is no concern of a push (and a reply never tells whether one
//! does).

use laris_protocol::ProtocolError;
use laris_protocol::codec::{self, Encoding, Format};
use laris_protocol::hlc::HlcClock;
use laris_protocol::v1::{
    Event, EventBody, EventIdentity, PaymentMethodV1, ProductV1, PushRequest, QuarantinedEvent,
    SEQ_REUSED, SaleReturnV1, SaleV1, SeqConflict, StockMovementV1,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::stored::{EventKind, MovementKind, PaymentMethod, RawFormat, ReturnKind};

/// One event of a push as it arrived.
#[derive(Debug, Clone)]
pub enum Incoming {
    Parsed(Event),
    /// A JSON event that does not parse as an `Event` but says its seq.
    Malformed {
        seq: u64,
        error: ProtocolError,
        raw: Vec<u8>,
    },
}

impl Incoming {
    pub fn seq(&self) -> u64 {
        match self {
            Incoming::Parsed(e) => e.seq,
            Incoming::Malformed { seq, .. } => *seq,
        }
    }
}

/// A decoded push: the device it names and its events, shape-checked.
#[derive(Debug, Clone)]
pub struct DecodedPush {
    pub device_id: Uuid,
    pub events: Vec<Incoming>,
}

#[derive(Deserialize)]
struct LoosePush {
    device_id: Uuid,
    events: Vec<serde_json::Value>,
}

/// Decodes a push body within `max_decoded` bytes and checks its shape (at most
/// `max_events`, seqs from 1 strictly increasing).
pub fn decode_push(
    body: &[u8],
    encoding: Encoding,
    max_decoded: usize,
    max_events: usize,
) -> Result<DecodedPush, ProtocolError> {
    let raw = codec::decompress(body, encoding.compression, max_decoded)?;
    let push = match encoding.format {
        Format::Postcard => {
            let req: PushRequest = codec::deserialize(&raw, Format::Postcard)?;
            req.check_shape(max_events)?;
            DecodedPush {
                device_id: req.device_id,
                events: req.events.into_iter().map(Incoming::Parsed).collect(),
            }
        }
        Format::Json => {
            let loose: LoosePush = codec::deserialize(&raw, Format::Json)?;
            if loose.events.len() > max_events {
                return Err(ProtocolError::TooMany {
                    count: loose.events.len(),
                    max: max_events,
                });
            }
            let events = loose
                .events
                .into_iter()
                .map(json_event)
                .collect::<Result<Vec<_>, _>>()?;
            check_seqs(&events)?;
            DecodedPush {
                device_id: loose.device_id,
                events,
            }
        }
    };
    Ok(push)
}

fn json_event(value: serde_json::Value) -> Result<Incoming, ProtocolError> {
    let seq = value.get("seq").and_then(serde_json::Value::as_u64);
    match serde_json::from_value::<Event>(value.clone()) {
        Ok(event) => Ok(Incoming::Parsed(event)),
        Err(e) => match seq {
            Some(seq) => Ok(Incoming::Malformed {
                seq,
                error: ProtocolError::Decode(e.to_string()),
                raw: serde_json::to_vec(&value).unwrap_or_default(),
            }),
            None => Err(ProtocolError::Decode(format!(
                "an event without a seq: {e}"
            ))),
        },
    }
}

/// `PushRequest::check_shape`'s seq rule, for events decoded one by one.
fn check_seqs(events: &[Incoming]) -> Result<(), ProtocolError> {
    let mut prev = 0;
    for e in events {
        if e.seq() <= prev {
            return Err(ProtocolError::Invalid {
                field: "seq",
                reason: format!("seq {} after {prev}: seqs start at 1 and increase", e.seq()),
            });
        }
        prev = e.seq();
    }
    Ok(())
}

/// An event ready for the database.
#[derive(Debug, Clone)]
pub struct PreparedEvent {
    pub seq: u64,
    /// `EventBody::kind`, or `Unknown` for a malformed event.
    pub kind: EventKind,
    /// The id of the record the event is about (`EventBody::entity_id`; None if malformed):
    /// with `kind`, the event's identity.
    pub entity_id: Option<Uuid>,
    pub action: Action,
}

#[derive(Debug, Clone)]
pub enum Action {
    Sale(Box<SaleRecord>),
    Movement {
        record: MovementRecord,
        /// The change body (postcard of the event).
        body: Vec<u8>,
    },
    /// Merged into the server's row; the change carries the merged product.
    Product(Box<ProductV1>),
    /// A void or refund: kept even when it takes back more than was sold (flagged instead).
    SaleReturn(Box<ReturnRecord>),
    /// Kasbon, a shift, a stock count, a customer version, an audit entry.
    Book(Box<crate::books::BookRecord>),
    Quarantine(Box<QuarantineRecord>),
}

impl Action {
    /// The id of the record the event creates or edits.
    pub fn entity_id(&self) -> Option<Uuid> {
        match self {
            Action::Sale(s) => Some(s.sale_id),
            Action::Movement { record, .. } => Some(record.movement_id),
            Action::Product(p) => Some(p.id),
            Action::SaleReturn(r) => Some(r.return_id),
            Action::Book(b) => Some(b.entity_id),
            Action::Quarantine(_) => None,
        }
    }
}

/// A sale's columns for the owner's summary and proof, its movements and its change body.
#[derive(Debug, Clone)]
pub struct SaleRecord {
    pub sale_id: Uuid,
    pub receipt_no: String,
    pub created_at_ms: i64,
    pub gross: i64,
    pub discount: i64,
    pub tax: i64,
    pub total: i64,
    pub cost: i64,
    pub paid_cash: i64,
    pub paid_qris: i64,
    pub paid_transfer: i64,
    pub paid_kasbon: i64,
    pub line_count: i64,
    /// The cashier's name as the till recorded it.
    pub cashier: Option<String>,
    /// The lines as the back office's dashboard and exports read them.
    pub lines: Vec<SaleLineRecord>,
    /// The quantity of each line, in line order: what a return in the same push is held
    /// against (see `returns`).
    pub line_qty: Vec<i64>,
    pub movements: Vec<MovementRecord>,
    pub body: Vec<u8>,
}

/// A sale line's columns (`line_no` from 1).
#[derive(Debug, Clone)]
pub struct SaleLineRecord {
    pub line_no: i64,
    pub product_id: Uuid,
    pub name: String,
    pub unit: String,
    pub qty_milli: i64,
    /// gross − discount.
    pub total: i64,
    pub cost: i64,
}

/// A return's columns, its lines, the movements of the goods back (filed under the sale they
/// came from, `sale_id`, each by its own derived id) and its change body.
#[derive(Debug, Clone)]
pub struct ReturnRecord {
    pub return_id: Uuid,
    pub sale_id: Uuid,
    pub kind: ReturnKind,
    pub created_at_ms: i64,
    pub method: PaymentMethod,
    pub amount: i64,
    pub cost: i64,
    pub reason: String,
    pub cashier: Option<String>,
    pub approved_by: Option<Uuid>,
    pub lines: Vec<ReturnLineRecord>,
    pub movements: Vec<MovementRecord>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnLineRecord {
    pub line_no: i64,
    pub product_id: Uuid,
    pub qty_milli: i64,
    pub amount: i64,
    pub cost: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementRecord {
    pub movement_id: Uuid,
    pub product_id: Uuid,
    pub kind: MovementKind,
    pub qty_milli: i64,
    pub sale_id: Option<Uuid>,
    pub reason: Option<String>,
    pub created_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct QuarantineRecord {
    /// None for a malformed event.
    pub kind: Option<EventKind>,
    pub code: String,
    pub message: String,
    pub raw: Vec<u8>,
    pub raw_format: RawFormat,
}

impl QuarantineRecord {
    pub fn reply(&self, seq: u64) -> QuarantinedEvent {
        QuarantinedEvent {
            seq,
            code: self.code.clone(),
            message: self.message.clone(),
        }
    }
}

/// Validates and derives every event. `now_ms` is the server's time for the drift bound.
pub fn prepare(
    push: DecodedPush,
    format: Format,
    now_ms: i64,
    max_drift_ms: u64,
) -> Vec<PreparedEvent> {
    let now = u64::try_from(now_ms).unwrap_or(0);
    push.events
        .into_iter()
        .map(|incoming| match incoming {
            Incoming::Parsed(event) => prepare_event(event, format, now, max_drift_ms),
            Incoming::Malformed { seq, error, raw } => PreparedEvent {
                seq,
                kind: EventKind::Unknown,
                entity_id: None,
                action: quarantine(None, &error, raw, Format::Json),
            },
        })
        .collect()
}

fn prepare_event(event: Event, format: Format, now: u64, max_drift_ms: u64) -> PreparedEvent {
    let kind = EventKind::of(&event.body);
    let entity_id = Some(event.body.entity_id());
    let checked = event.body.validate().and_then(|()| match &event.body {
        EventBody::ProductUpsert(p) => HlcClock::new(Uuid::nil())
            .with_max_drift_ms(max_drift_ms)
            .observe(p.max_hlc(), now)
            .map(drop),
        _ => Ok(()),
    });
    let action = match checked {
        Err(err) => {
            let raw = codec::serialize(&event, format).unwrap_or_default();
            quarantine(Some(kind), &err, raw, format)
        }
        Ok(()) => match &event.body {
            EventBody::Sale(sale) => {
                Action::Sale(Box::new(sale_record(sale, encode_body(&event.body))))
            }
            EventBody::StockMovement(m) => Action::Movement {
                record: movement_record(m),
                body: encode_body(&event.body),
            },
            EventBody::ProductUpsert(p) => Action::Product(p.clone()),
            EventBody::SaleReturn(r) => {
                Action::SaleReturn(Box::new(return_record(r, encode_body(&event.body))))
            }
            body => match crate::books::record(body) {
                Some(b) => Action::Book(Box::new(b)),
                None => unreachable!("every other kind is matched above"),
            },
        },
    };
    PreparedEvent {
        seq: event.seq,
        kind,
        entity_id,
        action,
    }
}

fn quarantine(
    kind: Option<EventKind>,
    err: &ProtocolError,
    raw: Vec<u8>,
    format: Format,
) -> Action {
    Action::Quarantine(Box::new(QuarantineRecord {
        kind,
        code: err.code().to_string(),
        // A decoding error may quote the event's text, NUL included, which PostgreSQL text
        // cannot hold: written as `\0`, on every backend alike.
        message: err.to_string().replace('\0', "\\0"),
        raw,
        raw_format: format.into(),
    }))
}

/// A sale's lines as `sale_lines` keeps them (also what the upgrade to the back office's
/// schema derives from the sales already held).
pub fn sale_lines(sale: &SaleV1) -> Vec<SaleLineRecord> {
    sale.lines
        .iter()
        .zip(1..)
        .map(|(l, line_no)| SaleLineRecord {
            line_no,
            product_id: l.product_id,
            name: l.name.clone(),
            unit: l.unit.clone(),
            qty_milli: l.qty_milli,
            total: l.gross - l.discount,
            cost: l.cost,
        })
        .collect()
}

fn sale_record(sale: &SaleV1, body: Vec<u8>) -> SaleRecord {
    let paid = |method| -> i64 {
        sale.payments
            .iter()
            .filter(|p| p.method == method)
            .map(|p| p.amount)
            .sum()
    };
    SaleRecord {
        sale_id: sale.id,
        receipt_no: sale.receipt_no.clone(),
        created_at_ms: sale.created_at,
        gross: sale.gross,
        discount: sale.line_discount + sale.cart_discount,
        tax: sale.tax,
        total: sale.total,
        cost: sale.cost,
        paid_cash: paid(PaymentMethodV1::Cash),
        paid_qris: paid(PaymentMethodV1::Qris),
        paid_transfer: paid(PaymentMethodV1::Transfer),
        paid_kasbon: paid(PaymentMethodV1::Kasbon),
        line_count: i64::try_from(sale.lines.len()).unwrap_or(i64::MAX),
        cashier: sale.cashier.clone(),
        lines: sale_lines(sale),
        line_qty: crate::returns::line_quantities(sale),
        movements: sale
            .stock_movements()
            .map(|m| MovementRecord {
                movement_id: m.id,
                product_id: m.product_id,
                kind: MovementKind::Sale,
                qty_milli: m.qty_milli,
                sale_id: Some(sale.id),
                reason: None,
                created_at_ms: sale.created_at,
            })
            .collect(),
        body,
    }
}

fn return_record(r: &SaleReturnV1, body: Vec<u8>) -> ReturnRecord {
    ReturnRecord {
        return_id: r.id,
        sale_id: r.sale_id,
        kind: r.kind.into(),
        created_at_ms: r.created_at,
        method: r.method.into(),
        amount: r.amount,
        cost: r.cost,
        reason: r.reason.clone(),
        cashier: r.cashier.clone(),
        approved_by: r.approved_by,
        lines: r
            .lines
            .iter()
            .map(|l| ReturnLineRecord {
                line_no: i64::from(l.line_no),
                product_id: l.product_id,
                qty_milli: l.qty_milli,
                amount: l.amount,
                cost: l.cost,
            })
            .collect(),
        movements: r
            .stock_movements()
            .map(|m| MovementRecord {
                movement_id: m.id,
                product_id: m.product_id,
                kind: MovementKind::Return,
                qty_milli: m.qty_milli,
                sale_id: Some(r.sale_id),
                reason: None,
                created_at_ms: r.created_at,
            })
            .collect(),
        body,
    }
}

fn movement_record(m: &StockMovementV1) -> MovementRecord {
    MovementRecord {
        movement_id: m.id,
        product_id: m.product_id,
        kind: m.kind.into(),
        qty_milli: m.qty_milli,
        sale_id: None,
        reason: m.reason.clone(),
        created_at_ms: m.created_at,
    }
}

/// The stored form of a change body: postcard of the v1 `EventBody`.
pub fn encode_body(body: &EventBody) -> Vec<u8> {
    postcard::to_stdvec(body).expect("v1 types always serialize")
}

pub fn decode_body(bytes: &[u8]) -> Result<EventBody, ProtocolError> {
    codec::deserialize(bytes, Format::Postcard)
}

/// The stored form of a product row: postcard of `ProductV1`.
pub fn encode_product(p: &ProductV1) -> Vec<u8> {
    postcard::to_stdvec(p).expect("v1 types always serialize")
}

pub fn decode_product(bytes: &[u8]) -> Result<ProductV1, ProtocolError> {
    codec::deserialize(bytes, Format::Postcard)
}

/// How a batch splits against the device's acknowledged seq.
#[derive(Debug)]
pub struct BatchPlan<'a> {
    /// Seqs already held: acknowledged again, never applied again.
    pub duplicates: &'a [PreparedEvent],
    /// The run acked + 1, acked + 2, ... to apply.
    pub fresh: &'a [PreparedEvent],
    /// A seq after `fresh` skipped one: the batch stops there.
    pub stopped_at_gap: bool,
}

/// Splits `events` (seqs strictly increasing) against `acked`.
pub fn plan_batch(acked: u64, events: &[PreparedEvent]) -> BatchPlan<'_> {
    let dup = events.iter().take_while(|e| e.seq <= acked).count();
    let rest = &events[dup..];
    let mut expected = acked + 1;
    let fresh = rest
        .iter()
        .take_while(|e| {
            let ok = e.seq == expected;
            expected += 1;
            ok
        })
        .count();
    BatchPlan {
        duplicates: &events[..dup],
        fresh: &rest[..fresh],
        stopped_at_gap: fresh < rest.len(),
    }
}

/// What the server holds under one seq of a device (`device_events`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldEvent {
    pub seq: u64,
    pub kind: EventKind,
    /// None for a seq held before identities were recorded, or a malformed event.
    pub entity_id: Option<Uuid>,
}

/// The first event of `sent` (seqs the server already holds, in seq order) that names another
/// event than the one held under its seq; `held` is in seq order. A held seq without an
/// identity matches whatever is sent under it (nothing better is known of it).
pub fn first_reused_seq(held: &[HeldEvent], sent: &[PreparedEvent]) -> Option<u64> {
    sent.iter()
        .find(|ev| {
            let Ok(i) = held.binary_search_by_key(&ev.seq, |h| h.seq) else {
                return false;
            };
            let h = &held[i];
            h.entity_id.is_some_and(|id| {
                let identity = EventIdentity {
                    seq: h.seq,
                    kind: h.kind.as_str(),
                    entity_id: id,
                };
                !ev.entity_id
                    .is_some_and(|sent_id| identity.same_event(ev.kind.as_str(), sent_id))
            })
        })
        .map(|ev| ev.seq)
}

/// The refusal of a push that reuses a held seq for another event.
pub fn seq_conflict(seq: u64, server_acked_seq: u64) -> SeqConflict {
    SeqConflict {
        code: SEQ_REUSED.to_string(),
        message: format!(
            "#{seq} is already held for another event of this device (its database was \
             restored from an older backup?): number the events from #{seq} on after \
             #{server_acked_seq} and push them again"
        ),
        seq,
        server_acked_seq,
    }
}

#[cfg(test)]
#[path = "prepare_tests.rs"]
pub(crate) mod tests;
