//! What the proxy does to a connection.

use std::fmt;
use std::time::Duration;

/// The fate of one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Relay faithfully.
    None,
    /// Close the client's connection at once, never reaching the server.
    Refuse,
    /// Read what the client sends but never forward it; close after the first bytes.
    DropRequest,
    /// Forward the request; when the server starts answering (it has committed), close the
    /// client's connection without relaying the answer.
    DropResponse,
    /// Relay this many bytes (both directions together), then cut both sides: a connection
    /// cut mid-body.
    CutAfter(u64),
    /// Wait this long before relaying anything.
    Delay(Duration),
    /// Relay faithfully, then send everything the client sent once more to the server on a
    /// new connection and discard the answer: a replayed request.
    Replay,
}

/// Decides each connection's fault; `n` counts connections from 0.
pub trait FaultSchedule: Send + Sync + fmt::Debug {
    fn fault_for(&self, n: u64) -> Fault;
}

/// The same fault for every connection.
#[derive(Debug, Clone, Copy)]
pub struct FixedFault(pub Fault);

impl FaultSchedule for FixedFault {
    fn fault_for(&self, _n: u64) -> Fault {
        self.0
    }
}
