//! Printer transports: send an ESC/POS job to a thermal receipt printer over TCP (raw port
//! 9100) or a device file (USB printer class, USB serial, Bluetooth rfcomm) so that it
//! prints once and completely, even when the link drops mid-receipt, as Bluetooth printers
//! do. Blocking I/O with deadlines everywhere; the app calls [`print()`] from its own thread.
//!
//! # How a job gets printed once
//!
//! A [`Job`] is cut into self-contained chunks by the receipt encoder. [`print()`] connects,
//! asks the printer's status with `DLE EOT` (paper out, cover open or an error stop it before
//! anything is sent) and then, if the printer answered:
//!
//! - **acknowledged mode**: sends each chunk followed by `GS r 1`. The printer runs `GS r`
//!   in order, after everything before it, so its one-byte reply means the chunk was
//!   processed; only then is the chunk counted. A reply saying paper end stops the job with
//!   [`PrintError::PaperOut`].
//! - On a broken link (write error, EOF, EIO, a reply that does not come) it reconnects
//!   (`Config::retries` failures in a row without progress, `Config::backoff` between), sends
//!   NULs and `ESC @` to drop the partial line the printer holds, re-sends chunk 0 (the init
//!   chunk) and resumes at the first chunk not acknowledged. What printed is not printed
//!   again and nothing is missing.
//!
//! A printer that does not answer `DLE EOT` within `Config::probe_timeout` gets the
//! **unacknowledged mode**: chunks are written, a failed write resumes at that chunk after
//! `ESC @` and chunk 0, and the report says `confirmed: false`, because a write only says the
//! bytes left this machine: bytes queued before a TCP reset can be lost unseen, and a
//! printer that accepts but never prints a small job looks like success. The window should
//! then ask the cashier to check the receipt.
//!
//! # What cannot be made exact
//!
//! - **A lost reply.** If a chunk reached the printer whole (its final LF printed the line)
//!   but the link dropped before its `GS r` reply came back, the chunk is not known printed
//!   and is sent again: that one line prints twice. Nothing is ever missing; at most the one
//!   chunk in flight at the drop is repeated, and only in this case.
//! - **A drop inside a raster image.** The printer waits for the rest of the image data; the
//!   NULs sent before `ESC @` complete it (white), then the whole image prints again. The
//!   encoder keeps the damage small by cutting images into bands of a few rows per chunk.
//! - **A drop inside a command's parameters** (`GS V 66` without its `n`): the printer
//!   completes it with the next byte, so that command (a cut, say) happens, and again on
//!   resume.
//!
//! Not handled: a printer with Automatic Status Back turned on (its unsolicited 4-byte
//! reports could be read as `GS r` replies), and XON/XOFF flow control on serial lines
//! (the raw tty passes 0x11/0x13 through as data; printers sold here use RTS/CTS or none).

mod error;
mod escpos;
mod link;
mod protocol;
mod target;

pub mod decode;

use std::time::Duration;

pub use error::{ErrorCode, PrintError};
pub use target::{DEFAULT_PORT, Target};

/// An ESC/POS job cut into chunks; each chunk is self-contained (sets its own
/// alignment/bold/size before its text and ends with its LF, or is a whole image/cut/drawer
/// command), so after a reconnect and `ESC @` the job can resume at any chunk boundary.
/// `chunks[0]` is the init chunk (`ESC @` plus code page), re-sent after every reconnect
/// before resuming.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Job {
    pub chunks: Vec<Vec<u8>>,
}

impl Job {
    /// The job's bytes as they would go to a printer on a link that never drops.
    pub fn bytes(&self) -> Vec<u8> {
        self.chunks.concat()
    }
}

/// Timeouts and retries. `Default` suits a real printer; tests shorten the timeouts and pass a
/// `sleep` that does not wait.
#[derive(Debug, Clone)]
pub struct Config {
    /// TCP connect (opening a device file does not wait).
    pub connect_timeout: Duration,
    /// How long the first `DLE EOT` may take before the printer is taken as one that never
    /// answers status (then unacknowledged mode).
    pub probe_timeout: Duration,
    /// How long a `GS r` reply may take: the printer replies after printing the chunk, and
    /// a logo band on a slow printer takes a while.
    pub reply_timeout: Duration,
    /// One write, as a stalled printer stops reading.
    pub write_timeout: Duration,
    /// Failed connections in a row, without a chunk printed, before giving up.
    pub retries: u32,
    /// The wait before the first retry; doubled per retry, up to 8×.
    pub backoff: Duration,
    /// Serial speed to set on a tty (a USB serial adapter); `None` keeps the device's.
    pub baud: Option<u32>,
    /// How to wait between retries.
    pub sleep: fn(Duration),
}

impl Default for Config {
    fn default() -> Self {
        Config {
            connect_timeout: Duration::from_secs(5),
            probe_timeout: Duration::from_millis(400),
            reply_timeout: Duration::from_secs(15),
            write_timeout: Duration::from_secs(10),
            retries: 4,
            backoff: Duration::from_millis(500),
            baud: None,
            sleep: std::thread::sleep,
        }
    }
}

/// How a job went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintReport {
    /// Chunks printed (all of the job's).
    pub chunks: usize,
    /// Connections made after the first.
    pub reconnects: u32,
    /// `false` when some of the job went out unacknowledged: check the receipt.
    pub confirmed: bool,
    /// The paper roll is nearly out.
    pub paper_near_end: bool,
}

/// What the printer says about itself (`DLE EOT 1, 2, 4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PrinterStatus {
    /// `false`: the printer does not answer status queries; the rest is then unknown (false).
    pub answers: bool,
    pub online: bool,
    pub paper_out: bool,
    pub paper_near_end: bool,
    pub cover_open: bool,
    pub error: bool,
}

/// Prints `job` on the printer at `target`, once and completely; see the crate doc.
pub fn print(target: &Target, job: &Job, config: &Config) -> Result<PrintReport, PrintError> {
    protocol::print(target, job, config)
}

/// Only asks the printer's status (the settings screen's "Tes printer"); one connection, no
/// retries. A printer that does not answer gives `answers: false`, not an error.
pub fn status(target: &Target, config: &Config) -> Result<PrinterStatus, PrintError> {
    protocol::status(target, config)
}
