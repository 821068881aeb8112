//! [`SyncError`]: every way a sync call can fail, each with a stable machine code.

use laris_core::CoreError;
use laris_protocol::ProtocolError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The device database refused (its code: `not_paired`, `outbox_broken`, ...).
    #[error(transparent)]
    Core(#[from] CoreError),
    /// Encoding or decoding a body, or a version mismatch.
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    /// No connection to the server (DNS, refused, reset, cut mid-body).
    #[error("the server cannot be reached: {0}")]
    Unreachable(String),
    #[error("the server did not answer in time: {0}")]
    Timeout(String),
    /// The server answered with an error body (`code` is the server's).
    #[error("the server refused ({status} {code}): {message}")]
    Server {
        status: u16,
        code: String,
        message: String,
    },
    /// The server's answer breaks the protocol (a cursor going back, an oversized reply).
    #[error("the server's reply makes no sense: {0}")]
    BadReply(String),
    /// The server holds another event of this device under `seq` (this database was restored
    /// from an older backup), and every seq up to `server_acked`. The push renumbers and
    /// goes on by itself; this reaches a caller only if that fails.
    #[error("the server refused a reused seq: {message}")]
    SeqReused {
        seq: u64,
        server_acked: u64,
        message: String,
    },
    /// A push whose reply acknowledged nothing new: the server is stuck on this seq.
    #[error("the server acknowledged nothing of a push from #{from}")]
    PushStalled { from: u64 },
    /// The server speaks an older protocol than an event waiting to be pushed needs.
    #[error(
        "event #{seq} needs sync protocol {needs} but the server speaks {has}: update the server; \
         nothing is lost, the till keeps it and sends it then"
    )]
    ServerTooOld { seq: u64, needs: u16, has: u16 },
    #[error("{0}")]
    InvalidUrl(String),
    #[error("the sync engine has stopped")]
    EngineStopped,
}

impl SyncError {
    /// A short, stable identifier for programs and translations.
    pub fn code(&self) -> &str {
        match self {
            SyncError::Core(e) => e.code(),
            SyncError::Protocol(e) => e.code(),
            SyncError::Unreachable(_) => "unreachable",
            SyncError::Timeout(_) => "timeout",
            SyncError::Server { code, .. } => code,
            SyncError::BadReply(_) => "bad_reply",
            SyncError::SeqReused { .. } => laris_protocol::v1::SEQ_REUSED,
            SyncError::PushStalled { .. } => "push_stalled",
            SyncError::ServerTooOld { .. } => "server_too_old",
            SyncError::InvalidUrl(_) => "invalid_url",
            SyncError::EngineStopped => "engine_stopped",
        }
    }

    /// The server refuses this device itself (401: its credential is unknown; 403: revoked, or
    /// another store or device than the credential's), or it is not paired: retrying cannot
    /// help until someone pairs it again, so the engine stops.
    pub fn is_terminal(&self) -> bool {
        match self {
            SyncError::Server { status, .. } => matches!(status, 401 | 403),
            SyncError::Core(CoreError::NotPaired) => true,
            _ => false,
        }
    }

    /// The server could not be reached or is temporarily unavailable: retry later.
    pub fn is_offline(&self) -> bool {
        match self {
            SyncError::Unreachable(_) | SyncError::Timeout(_) => true,
            SyncError::Server { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }
}

pub type Result<T, E = SyncError> = std::result::Result<T, E>;
