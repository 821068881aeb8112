//! The one error type of the protocol. Every variant has a stable machine-readable
//! [`ProtocolError::code`]: the server puts it in JSON error bodies and in quarantine records,
//! and the device shows or matches on it, so codes never change once shipped.

use crate::v1::ErrorCode;

/// What went wrong while stamping, encoding, decoding or validating protocol data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// A remote HLC stamp is further ahead of our physical clock than the drift bound allows.
    #[error("clock stamp is {ahead_ms} ms ahead of this clock (at most {max_drift_ms} ms allowed)")]
    ClockDrift { ahead_ms: u64, max_drift_ms: u64 },

    /// The text form of an HLC stamp does not parse.
    #[error("not a clock stamp: {0}")]
    BadHlc(String),

    /// A field is out of its bounds (empty, too long, negative, implausible, ...).
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },

    /// Amounts that must add up do not.
    #[error("{what} is {actual}, but the parts make {expected}")]
    Inconsistent {
        what: &'static str,
        expected: i64,
        actual: i64,
    },

    /// The peer speaks a protocol version this build does not.
    #[error("protocol version {got} is not supported (this side speaks {supported})")]
    UnsupportedVersion { got: u16, supported: u16 },

    /// A Content-Type or Content-Encoding this codec does not know.
    #[error("unsupported encoding: {0}")]
    UnsupportedEncoding(String),

    /// The body (or its decompressed form) is larger than the limit.
    #[error("body is larger than {limit} bytes")]
    TooLarge { limit: usize },

    /// Too many events in one request or page.
    #[error("{count} items in one batch, at most {max} allowed")]
    TooMany { count: usize, max: usize },

    /// The compressed stream is corrupt.
    #[error("cannot decompress the body: {0}")]
    Decompress(String),

    /// The body does not decode into the expected message.
    #[error("malformed body: {0}")]
    Decode(String),

    /// A value could not be serialized (a bug: the v1 types always serialize).
    #[error("cannot encode: {0}")]
    Encode(String),
}

impl ProtocolError {
    /// The stable, machine-readable code of this error, as sent in an error body.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ProtocolError::ClockDrift { .. } => ErrorCode::ClockDrift,
            ProtocolError::BadHlc(_) => ErrorCode::BadHlc,
            ProtocolError::Invalid { .. } => ErrorCode::InvalidField,
            ProtocolError::Inconsistent { .. } => ErrorCode::InconsistentAmounts,
            ProtocolError::UnsupportedVersion { .. } => ErrorCode::UnsupportedVersion,
            ProtocolError::UnsupportedEncoding(_) => ErrorCode::UnsupportedEncoding,
            ProtocolError::TooLarge { .. } => ErrorCode::BodyTooLarge,
            ProtocolError::TooMany { .. } => ErrorCode::TooManyItems,
            ProtocolError::Decompress(_) => ErrorCode::BadCompression,
            ProtocolError::Decode(_) => ErrorCode::MalformedBody,
            ProtocolError::Encode(_) => ErrorCode::EncodeFailed,
        }
    }

    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        ProtocolError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

pub type Result<T, E = ProtocolError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case() {
        let all = [
            ProtocolError::ClockDrift {
                ahead_ms: 1,
                max_drift_ms: 0,
            },
            ProtocolError::BadHlc(String::new()),
            ProtocolError::invalid("x", "y"),
            ProtocolError::Inconsistent {
                what: "total",
                expected: 1,
                actual: 2,
            },
            ProtocolError::UnsupportedVersion {
                got: 9,
                supported: 1,
            },
            ProtocolError::UnsupportedEncoding(String::new()),
            ProtocolError::TooLarge { limit: 1 },
            ProtocolError::TooMany { count: 2, max: 1 },
            ProtocolError::Decompress(String::new()),
            ProtocolError::Decode(String::new()),
            ProtocolError::Encode(String::new()),
        ];
        let mut codes: Vec<_> = all.iter().map(ProtocolError::code).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'))
        );
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
