//! The words the server writes into its text columns (an event's kind, a held seq's outcome, a
//! movement's kind, a return's kind and payment method, a quarantined event's format), as enums: both backends write the same
//! spelling, and a value read back that this binary does not know is an error naming it, not a
//! silent mismatch.

use laris_protocol::codec::Format;
use laris_protocol::v1::{EventBody, MovementKindV1, PaymentMethodV1, ReturnKindV1};

/// A stored text value that names none of an enum's variants.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{column} {value:?} is not a value this binary knows")]
pub struct UnknownValue {
    pub column: &'static str,
    pub value: String,
}

/// Declares a stored enum with its spelling, `as_str` and a `FromStr` that fails with
/// [`UnknownValue`].
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident, $column:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The column's spelling.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue { column: $column, value: s.to_string() }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

stored_enum! {
    /// What an event is (`device_events.kind`, `changes.kind`, `quarantine.kind`): the
    /// protocol's `EventBody::kind`, or `unknown` for a JSON event that did not parse.
    EventKind, "event kind" {
        Sale = "sale",
        StockMovement = "stock_movement",
        ProductUpsert = "product_upsert",
        SaleReturn = "sale_return",
        Customer = "customer",
        KasbonEntry = "kasbon_entry",
        ShiftOpen = "shift_open",
        CashMove = "cash_move",
        ShiftClose = "shift_close",
        StockCount = "stock_count",
        Audit = "audit",
        Unknown = "unknown",
    }
}

impl EventKind {
    pub fn of(body: &EventBody) -> Self {
        match body {
            EventBody::Sale(_) => EventKind::Sale,
            EventBody::StockMovement(_) => EventKind::StockMovement,
            EventBody::ProductUpsert(_) => EventKind::ProductUpsert,
            EventBody::SaleReturn(_) => EventKind::SaleReturn,
            EventBody::Customer(_) => EventKind::Customer,
            EventBody::KasbonEntry(_) => EventKind::KasbonEntry,
            EventBody::ShiftOpen(_) => EventKind::ShiftOpen,
            EventBody::CashMove(_) => EventKind::CashMove,
            EventBody::ShiftClose(_) => EventKind::ShiftClose,
            EventBody::StockCount(_) => EventKind::StockCount,
            EventBody::Audit(_) => EventKind::Audit,
        }
    }
}

stored_enum! {
    /// What became of a held seq (`device_events.outcome`).
    EventOutcome, "event outcome" {
        /// A valid event held: it made its change, or (a product edit) merged into nothing new.
        Applied = "applied",
        /// A valid event whose record the store already had.
        Duplicate = "duplicate",
        Quarantined = "quarantined",
    }
}

stored_enum! {
    /// Why stock moved (`stock_movements.kind`).
    MovementKind, "movement kind" {
        Sale = "sale",
        Restock = "restock",
        Adjustment = "adjustment",
        /// Goods back from a void or refund (`sale_id` names the sale).
        Return = "return",
        /// A stock count's difference (`origin_id` names the count).
        Count = "count",
    }
}

impl From<MovementKindV1> for MovementKind {
    fn from(kind: MovementKindV1) -> Self {
        match kind {
            MovementKindV1::Restock => MovementKind::Restock,
            MovementKindV1::Adjustment => MovementKind::Adjustment,
        }
    }
}

stored_enum! {
    /// What a return is (`sale_returns.kind`).
    ReturnKind, "return kind" {
        /// The whole sale undone on its own day.
        Void = "void",
        Refund = "refund",
    }
}

impl From<ReturnKindV1> for ReturnKind {
    fn from(kind: ReturnKindV1) -> Self {
        match kind {
            ReturnKindV1::Void => ReturnKind::Void,
            ReturnKindV1::Refund => ReturnKind::Refund,
        }
    }
}

stored_enum! {
    /// How money was paid or paid back (`sale_returns.method`; the summary's method keys, in
    /// the order of the sales' `paid_*` columns).
    PaymentMethod, "payment method" {
        Cash = "cash",
        Qris = "qris",
        Transfer = "transfer",
        Kasbon = "kasbon",
    }
}

impl From<PaymentMethodV1> for PaymentMethod {
    fn from(method: PaymentMethodV1) -> Self {
        match method {
            PaymentMethodV1::Cash => PaymentMethod::Cash,
            PaymentMethodV1::Qris => PaymentMethod::Qris,
            PaymentMethodV1::Transfer => PaymentMethod::Transfer,
            PaymentMethodV1::Kasbon => PaymentMethod::Kasbon,
        }
    }
}

stored_enum! {
    /// How a quarantined event's raw bytes are encoded (`quarantine.raw_format`).
    RawFormat, "raw format" {
        Postcard = "postcard",
        Json = "json",
    }
}

impl From<Format> for RawFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Postcard => RawFormat::Postcard,
            Format::Json => RawFormat::Json,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back_and_others_are_named() {
        for k in EventKind::ALL {
            assert_eq!(k.as_str().parse::<EventKind>(), Ok(*k));
        }
        for o in EventOutcome::ALL {
            assert_eq!(o.as_str().parse::<EventOutcome>(), Ok(*o));
        }
        for m in MovementKind::ALL {
            assert_eq!(m.as_str().parse::<MovementKind>(), Ok(*m));
        }
        for k in ReturnKind::ALL {
            assert_eq!(k.as_str().parse::<ReturnKind>(), Ok(*k));
        }
        for m in PaymentMethod::ALL {
            assert_eq!(m.as_str().parse::<PaymentMethod>(), Ok(*m));
        }
        for f in RawFormat::ALL {
            assert_eq!(f.as_str().parse::<RawFormat>(), Ok(*f));
        }
        let err = "Sale".parse::<EventKind>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "event kind \"Sale\" is not a value this binary knows"
        );
    }

    #[test]
    fn event_kinds_are_the_protocols() {
        let movement = laris_protocol::v1::StockMovementV1 {
            id: uuid::Uuid::from_u128(1),
            product_id: uuid::Uuid::from_u128(2),
            kind: MovementKindV1::Restock,
            qty_milli: 1_000,
            reason: None,
            created_at: 0,
        };
        let body = EventBody::StockMovement(movement);
        assert_eq!(EventKind::of(&body).as_str(), body.kind());
    }
}
