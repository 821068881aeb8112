//! Version 1 of the sync wire: the messages of handshake, push and pull, and the events they
//! carry. These types are the contract between devices and server, kept apart from laris-core's
//! domain types (the device maps domain → wire), so either side can change its internals.
//!
//! Evolution rule: the binary encoding is positional. Never reorder, insert or remove a field
//! of a v1 type; add enum variants only at the end, and send a new variant only to a server
//! whose handshake announced a protocol version that knows it.

pub mod api;
mod audit;
pub mod check;
mod count;
mod error_code;
mod identity;
mod kasbon;
mod product;
mod sale;
mod sale_return;
mod shift;
mod stock;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{ProtocolError, Result};
use crate::limits;

pub use audit::AuditEntryV1;
pub use check::{
    MAX_BARCODES_PER_PRODUCT, MAX_LINES_PER_SALE, MAX_MONEY, MAX_PAYMENTS_PER_SALE, MAX_PRICE,
    MAX_QTY_MILLI, line_amount,
};
pub use count::{StockCountLineV1, StockCountV1, count_movement_id};
pub use error_code::ErrorCode;
pub use identity::{
    DIGEST_BLOCK, DigestBuilder, EventIdentity, SEQ_REUSED, SeqConflict, SeqDigest,
    differing_blocks,
};
pub use kasbon::{CustomerV1, KasbonEntryV1, KasbonKindV1, MAX_PHONE_CHARS, SHOP_BOOKS_SINCE};
pub use product::{ProductV1, Stamped};
pub use sale::{
    DerivedMovement, PaymentMethodV1, PaymentStatusV1, SaleLineV1, SalePaymentV1, SaleV1,
    TaxModeV1, sale_movement_id,
};
pub use sale_return::{
    ReturnKindV1, SALE_RETURN_SINCE, SaleReturnLineV1, SaleReturnV1, return_movement_id,
};
pub use shift::{CashMoveV1, ShiftCloseV1, ShiftMethodV1, ShiftOpenV1};
pub use stock::{MovementKindV1, StockMovementV1};

/// The version this build speaks. 2 added [`EventBody::SaleReturn`]; 3 added customers and
/// kasbon (with [`PaymentMethodV1::Kasbon`]), shifts, stock counts and the audit log.
pub const PROTOCOL_VERSION: u16 = 3;
/// The oldest version this build still accepts from a peer: a server takes tills not yet
/// updated, and a till syncs with a server not yet updated (holding back only the events
/// that server cannot read, see [`EventBody::since`]).
pub const MIN_PROTOCOL_VERSION: u16 = 1;

/// Device → server, first request of every sync round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Handshake {
    pub protocol_version: u16,
    pub device_id: Uuid,
    pub store_id: Uuid,
    /// The highest outbox seq the device believes the server acknowledged (0: none).
    pub acked_seq: u64,
    /// The highest seq in the device's outbox, pushed or not.
    pub last_seq: u64,
    /// The server epoch the device saw last (None: never synced).
    pub known_epoch: Option<Uuid>,
    /// The device's clock (Unix ms) when it sent this, for the clock offset.
    pub device_time_ms: i64,
}

impl Handshake {
    /// Refuses a peer that speaks a version outside `MIN_PROTOCOL_VERSION..=PROTOCOL_VERSION`.
    pub fn check_version(&self) -> Result<()> {
        if !(MIN_PROTOCOL_VERSION..=PROTOCOL_VERSION).contains(&self.protocol_version) {
            return Err(ProtocolError::UnsupportedVersion {
                got: self.protocol_version,
                supported: PROTOCOL_VERSION,
            });
        }
        Ok(())
    }
}

/// What the server accepts, announced at the handshake; a device cuts its batches within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LimitsV1 {
    pub max_events_per_push: u32,
    /// Largest request body as sent (compressed).
    pub max_body_bytes: u64,
    /// Largest request body once decompressed.
    pub max_decoded_bytes: u64,
    pub max_pull_page: u32,
    /// How far ahead of the server's time an HLC stamp may be.
    pub max_clock_drift_ms: u64,
}

impl Default for LimitsV1 {
    fn default() -> Self {
        LimitsV1 {
            max_events_per_push: limits::MAX_EVENTS_PER_PUSH as u32,
            max_body_bytes: limits::MAX_BODY_BYTES as u64,
            max_decoded_bytes: limits::MAX_DECODED_BYTES as u64,
            max_pull_page: limits::MAX_PULL_PAGE as u32,
            max_clock_drift_ms: crate::hlc::DEFAULT_MAX_DRIFT_MS,
        }
    }
}

/// Server → device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandshakeReply {
    pub protocol_version: u16,
    /// Changes whenever the server's data is restored from a backup.
    pub server_epoch: Uuid,
    /// The highest seq of this device the server holds (0: none).
    pub acked_seq: u64,
    /// The store's latest change_seq.
    pub head_change_seq: u64,
    /// Unix ms.
    pub server_time_ms: i64,
    pub limits: LimitsV1,
}

/// What a device does after a handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    /// Push the outbox from this seq on: after what both sides agree is held. Lower than the
    /// device believed after a server restore (it then re-uploads what the server lost).
    /// When the server holds more than the device believed (a lost reply, or a device
    /// restored from a backup), the device still sends from its own acknowledged seq on:
    /// the server compares each event under a seq it holds with the one held there, and
    /// answers [`SEQ_REUSED`] where they differ, so a reused seq is never taken as seen.
    pub push_from: u64,
    /// The server has lost or re-numbered changes (new epoch, or the cursor is past its head):
    /// pull again from cursor 0.
    pub reset_cursor: bool,
    /// The server holds seqs this device does not have: the device database was restored from
    /// an older backup or replaced. Its new events must be numbered after the server's
    /// acknowledged seq, and it can ask the server for the events it lost (`RECOVER`).
    pub device_behind_server: bool,
}

impl HandshakeReply {
    /// The device's next steps, given what it sent and its pull cursor.
    pub fn resume(&self, sent: &Handshake, cursor: u64) -> Resume {
        let epoch_changed = sent.known_epoch.is_some_and(|e| e != self.server_epoch);
        Resume {
            push_from: self.acked_seq.min(sent.acked_seq).saturating_add(1),
            reset_cursor: epoch_changed || cursor > self.head_change_seq,
            device_behind_server: self.acked_seq > sent.last_seq,
        }
    }
}

/// One outbox entry: its gapless per-device seq and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Event {
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub seq: u64,
    pub body: EventBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventBody {
    Sale(SaleV1),
    StockMovement(StockMovementV1),
    /// Boxed: a product with its twelve stamps is several times the size of the others.
    ProductUpsert(Box<ProductV1>),
    /// A void or refund (protocol version 2 on).
    SaleReturn(SaleReturnV1),
    /// Protocol version 3 on, like all below.
    Customer(CustomerV1),
    KasbonEntry(KasbonEntryV1),
    ShiftOpen(ShiftOpenV1),
    CashMove(CashMoveV1),
    ShiftClose(ShiftCloseV1),
    StockCount(StockCountV1),
    Audit(AuditEntryV1),
}

impl EventBody {
    /// The event's kind, as its JSON tag (and laris-core's `outbox.kind` for sales and stock
    /// movements).
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::Sale(_) => "sale",
            EventBody::StockMovement(_) => "stock_movement",
            EventBody::ProductUpsert(_) => "product_upsert",
            EventBody::SaleReturn(_) => "sale_return",
            EventBody::Customer(_) => "customer",
            EventBody::KasbonEntry(_) => "kasbon_entry",
            EventBody::ShiftOpen(_) => "shift_open",
            EventBody::CashMove(_) => "cash_move",
            EventBody::ShiftClose(_) => "shift_close",
            EventBody::StockCount(_) => "stock_count",
            EventBody::Audit(_) => "audit",
        }
    }

    /// The first protocol version that knows this kind of event: a device never sends it to
    /// a server that announced an older one.
    pub fn since(&self) -> u16 {
        let kasbon = |m: PaymentMethodV1| m == PaymentMethodV1::Kasbon;
        match self {
            EventBody::Sale(s) if s.payments.iter().any(|p| kasbon(p.method)) => SHOP_BOOKS_SINCE,
            EventBody::Sale(_) | EventBody::StockMovement(_) | EventBody::ProductUpsert(_) => 1,
            EventBody::SaleReturn(r) if kasbon(r.method) => SHOP_BOOKS_SINCE,
            EventBody::SaleReturn(_) => SALE_RETURN_SINCE,
            EventBody::Customer(_)
            | EventBody::KasbonEntry(_)
            | EventBody::ShiftOpen(_)
            | EventBody::CashMove(_)
            | EventBody::ShiftClose(_)
            | EventBody::StockCount(_)
            | EventBody::Audit(_) => SHOP_BOOKS_SINCE,
        }
    }

    /// The id of the record the event is about.
    pub fn entity_id(&self) -> Uuid {
        match self {
            EventBody::Sale(s) => s.id,
            EventBody::StockMovement(m) => m.id,
            EventBody::ProductUpsert(p) => p.id,
            EventBody::SaleReturn(r) => r.id,
            EventBody::Customer(c) => c.id,
            EventBody::KasbonEntry(k) => k.id,
            EventBody::ShiftOpen(o) => o.id,
            EventBody::CashMove(m) => m.id,
            EventBody::ShiftClose(c) => c.shift_id,
            EventBody::StockCount(c) => c.id,
            EventBody::Audit(a) => a.id,
        }
    }

    /// Field bounds and consistency (HLC drift is checked by the server's clock, not here).
    pub fn validate(&self) -> Result<()> {
        match self {
            EventBody::Sale(s) => s.validate(),
            EventBody::StockMovement(m) => m.validate(),
            EventBody::ProductUpsert(p) => p.validate(),
            EventBody::SaleReturn(r) => r.validate(),
            EventBody::Customer(c) => c.validate(),
            EventBody::KasbonEntry(k) => k.validate(),
            EventBody::ShiftOpen(o) => o.validate(),
            EventBody::CashMove(m) => m.validate(),
            EventBody::ShiftClose(c) => c.validate(),
            EventBody::StockCount(c) => c.validate(),
            EventBody::Audit(a) => a.validate(),
        }
    }
}

/// Device → server: outbox events in seq order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PushRequest {
    pub device_id: Uuid,
    pub events: Vec<Event>,
}

impl PushRequest {
    /// The request as a whole: at most `max_events` events, seqs from 1 strictly increasing.
    /// (A gap between seqs is not malformed: the server applies up to it and stops there.)
    pub fn check_shape(&self, max_events: usize) -> Result<()> {
        if self.events.len() > max_events {
            return Err(ProtocolError::TooMany {
                count: self.events.len(),
                max: max_events,
            });
        }
        let mut prev = 0;
        for e in &self.events {
            if e.seq <= prev {
                return Err(ProtocolError::invalid(
                    "seq",
                    format!("seq {} after {prev}: seqs start at 1 and increase", e.seq),
                ));
            }
            prev = e.seq;
        }
        Ok(())
    }
}

/// An event the server acknowledged but did not apply, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuarantinedEvent {
    pub seq: u64,
    /// A [`ProtocolError::code`] or a server error code.
    pub code: String,
    pub message: String,
}

impl QuarantinedEvent {
    pub fn new(seq: u64, err: &ProtocolError) -> Self {
        QuarantinedEvent {
            seq,
            code: err.code().into(),
            message: err.to_string(),
        }
    }
}

/// Server → device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PushReply {
    /// Every seq up to this one is held (applied or quarantined). Lower than the request's last
    /// seq when the server stopped at a gap or an error: push again from `acked_seq + 1`.
    pub acked_seq: u64,
    /// Events of this request acknowledged without being applied.
    pub quarantined: Vec<QuarantinedEvent>,
}

/// Device → server: the store's changes after `cursor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PullRequest {
    pub cursor: u64,
    /// At most this many changes (the server caps it at its page size).
    pub limit: u32,
}

/// An accepted event as the store's other devices see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// Store-wide, strictly increasing.
    pub change_seq: u64,
    pub origin_device: Uuid,
    pub body: EventBody,
}

/// Server → device: apply the page and store `next_cursor` in one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PullReply {
    pub changes: Vec<Change>,
    pub next_cursor: u64,
    pub has_more: bool,
}

/// Device → server: this device's own events that the server holds with seqs in
/// `after_seq + 1 ..= up_to_seq`, for a device restored from an older backup to get back
/// what it lost. At most `limit` events (the server caps it at its page size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecoverRequest {
    pub after_seq: u64,
    pub up_to_seq: u64,
    pub limit: u32,
}

/// Server → device: the events in seq order, each as the server holds it (a sale or stock
/// movement as it was pushed, a product as the store has it now). Seqs the server
/// quarantined, or whose record came from another event, are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecoverReply {
    pub events: Vec<Event>,
    /// Ask again after this seq (the last one looked at).
    pub next_after: u64,
    pub has_more: bool,
}

/// The JSON body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl From<&ProtocolError> for ErrorBody {
    fn from(err: &ProtocolError) -> Self {
        ErrorBody {
            code: err.code().into(),
            message: err.to_string(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    pub(crate) use super::product::tests::sample_product;
    pub(crate) use super::sale::tests::sample_sale;
    pub(crate) use super::stock::tests::sample_movement;
    use super::*;

    fn hello() -> Handshake {
        Handshake {
            protocol_version: PROTOCOL_VERSION,
            device_id: Uuid::from_u128(1),
            store_id: Uuid::from_u128(2),
            acked_seq: 120,
            last_seq: 130,
            known_epoch: Some(Uuid::from_u128(7)),
            device_time_ms: 0,
        }
    }

    fn reply(epoch: u128, acked: u64, head: u64) -> HandshakeReply {
        HandshakeReply {
            protocol_version: PROTOCOL_VERSION,
            server_epoch: Uuid::from_u128(epoch),
            acked_seq: acked,
            head_change_seq: head,
            server_time_ms: 0,
            limits: LimitsV1::default(),
        }
    }

    #[test]
    fn resume_after_a_normal_round_a_lost_ack_and_a_restore() {
        let r = reply(7, 120, 500).resume(&hello(), 480);
        assert_eq!(
            (r.push_from, r.reset_cursor, r.device_behind_server),
            (121, false, false)
        );
        // The ack of seqs 121..125 was lost on the way (or the device was restored and made
        // other events under them): they are sent again for the server to compare.
        assert_eq!(reply(7, 125, 500).resume(&hello(), 480).push_from, 121);
        // Server restored from an older backup: new epoch, lower acked seq, lower head.
        let r = reply(8, 90, 400).resume(&hello(), 480);
        assert_eq!((r.push_from, r.reset_cursor), (91, true));
        // Same epoch but the cursor is past the head: re-pull too.
        assert!(reply(7, 120, 400).resume(&hello(), 480).reset_cursor);
        // The server holds more than the device: the device was restored.
        assert!(
            reply(7, 140, 500)
                .resume(&hello(), 480)
                .device_behind_server
        );
    }

    #[test]
    fn version_check() {
        let mut h = hello();
        for ok in MIN_PROTOCOL_VERSION..=PROTOCOL_VERSION {
            h.protocol_version = ok;
            h.check_version().unwrap();
        }
        for bad in [0, PROTOCOL_VERSION + 1] {
            h.protocol_version = bad;
            assert_eq!(h.check_version().unwrap_err().code(), "unsupported_version");
        }
    }

    #[test]
    fn push_shape() {
        let ev = |seq| Event {
            seq,
            body: EventBody::StockMovement(sample_movement()),
        };
        let req = |seqs: &[u64]| PushRequest {
            device_id: Uuid::from_u128(1),
            events: seqs.iter().copied().map(ev).collect(),
        };
        req(&[1, 2, 3]).check_shape(3).unwrap();
        req(&[4, 6]).check_shape(3).unwrap();
        assert_eq!(
            req(&[1, 2, 3]).check_shape(2).unwrap_err().code(),
            "too_many_items"
        );
        assert!(req(&[2, 2]).check_shape(9).is_err());
        assert!(req(&[0]).check_shape(9).is_err());
        assert!(req(&[3, 1]).check_shape(9).is_err());
    }

    #[test]
    fn events_dispatch() {
        let sale = EventBody::Sale(sample_sale());
        assert_eq!((sale.kind(), sale.entity_id()), ("sale", sample_sale().id));
        sale.validate().unwrap();
        let p = EventBody::ProductUpsert(Box::new(sample_product(crate::hlc::Hlc::ZERO)));
        assert_eq!(p.kind(), "product_upsert");
        p.validate().unwrap();
        let err = ProtocolError::invalid("x", "y");
        let q = QuarantinedEvent::new(5, &err);
        assert_eq!(
            (q.code.as_str(), q.message.as_str()),
            ("invalid_field", "x: y")
        );
        assert_eq!(ErrorBody::from(&err).code, "invalid_field");
    }
}
