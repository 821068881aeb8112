//! laris-protocol: the sync wire of Laris, and the only crate the device side and the server
//! share. Pure: no I/O, no database, no async runtime, no knowledge of laris-core.
//!
//! - [`hlc`]: the hybrid logical clock that orders edits of mutable records, with bounded drift.
//! - [`v1`]: the versioned messages (handshake, push, pull, errors) and events (sales, stock
//!   movements, product upserts) with their validation.
//! - [`codec`]: postcard or JSON bodies, compressed with zstd or gzip, decoded within a bound.
//! - [`limits`]: request and page bounds, and the batching of a push within them.
//! - [`pairing_code`]: the pairing code's alphabet and length, and how a typed code is read.

#![forbid(unsafe_code)]

pub mod codec;
mod codes;
mod error;
pub mod hlc;
pub mod limits;
pub mod order_code;
pub mod pairing_code;
pub mod v1;

pub use codec::{Compression, Encoding, Format, decode, encode};
pub use error::{ProtocolError, Result};
pub use hlc::{ClockOffset, Hlc, HlcClock};
pub use pairing_code::{
    PAIRING_CODE_ALPHABET, PAIRING_CODE_LEN, PAIRING_LINK_PATH, PairingCodeError,
    normalize_pairing_code, pairing_link, parse_pairing_link,
};
pub use v1::PROTOCOL_VERSION;
