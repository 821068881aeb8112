//! The printing loop: connect, ask status, send chunks counting the acknowledged ones, and on
//! a broken link reconnect and resume at the first chunk not known printed.

use std::time::{Duration, Instant};

use crate::escpos::{self, GS_R_PAPER, cause, roll, sensor};
use crate::link::{Failure, Link};
use crate::{Config, Job, PrintError, PrintReport, PrinterStatus, Target};

/// Enough NULs to finish any command header left half-received (the longest, `GS v 0`, is
/// 8 bytes), so the `ESC @` after them is read as a command.
const MIN_PAD: usize = 8;

/// How one connection ended.
enum End {
    /// The job is done.
    Done,
    /// The printer said no; retrying will not help.
    Stop(PrintError),
    /// The link failed; `progressed` if a chunk got printed on it.
    Fail { failure: Failure, progressed: bool },
}

impl From<Failure> for End {
    fn from(failure: Failure) -> End {
        End::Fail {
            failure,
            progressed: false,
        }
    }
}

struct Run<'a> {
    target: &'a Target,
    job: &'a Job,
    config: &'a Config,
    /// The first chunk not known printed; chunks before it are never sent again (but chunk 0).
    next: usize,
    connections: u32,
    confirmed: bool,
    paper_near_end: bool,
    /// NULs to send before `ESC @` on the next connection: as many as the chunk that was in
    /// flight, so a raster image cut off mid-data is completed (in white) rather than
    /// swallowing the bytes after it as pixels.
    pad: usize,
}

pub(crate) fn print(
    target: &Target,
    job: &Job,
    config: &Config,
) -> Result<PrintReport, PrintError> {
    let mut run = Run {
        target,
        job,
        config,
        next: 0,
        connections: 0,
        confirmed: true,
        paper_near_end: false,
        pad: 0,
    };
    if job.chunks.is_empty() {
        return Ok(run.report());
    }
    // Failed connections in a row without a chunk printed; a link that keeps dropping but
    // gets further each time is followed to the end (the job bounds it).
    let mut failures = 0u32;
    loop {
        match run.connection() {
            End::Done => return Ok(run.report()),
            End::Stop(e) => return Err(e),
            End::Fail {
                failure,
                progressed,
            } => {
                if progressed {
                    failures = 0;
                }
                if failures >= config.retries {
                    return Err(run.give_up(failure));
                }
                failures += 1;
                (config.sleep)(backoff(config.backoff, failures));
            }
        }
    }
}

/// The configured backoff, doubled per failure up to eight times it.
fn backoff(base: Duration, failures: u32) -> Duration {
    base.saturating_mul(1 << failures.saturating_sub(1).min(3))
}

impl Run<'_> {
    fn report(&self) -> PrintReport {
        PrintReport {
            chunks: self.next,
            reconnects: self.connections.saturating_sub(1),
            confirmed: self.confirmed,
            paper_near_end: self.paper_near_end,
        }
    }

    fn give_up(&self, failure: Failure) -> PrintError {
        let printed = self.next;
        match failure {
            Failure::Timeout => PrintError::Timeout { printed },
            Failure::Connect(why) if self.connections == 0 => PrintError::Unreachable(why),
            Failure::Connect(why) | Failure::Lost(why) => PrintError::Dropped { printed, why },
        }
    }

    fn connection(&mut self) -> End {
        let mut link = match Link::connect(self.target, self.config) {
            Ok(link) => link,
            Err(failure) => return failure.into(),
        };
        self.connections += 1;
        let end = self.send(&mut link);
        if matches!(end, End::Done) {
            link.close();
        }
        end
    }

    fn send(&mut self, link: &mut Link) -> End {
        let config = self.config;
        link.discard_input();
        if self.connections > 1 {
            let mut reset = vec![0u8; self.pad.max(MIN_PAD)];
            reset.extend_from_slice(&escpos::ESC_AT);
            if let Err(failure) = link.write_all(&reset, config.write_timeout) {
                return failure.into();
            }
        }
        let status = match probe(link, config) {
            Ok(status) => status,
            Err(failure) => return failure.into(),
        };
        if status.answers {
            let printed = self.next;
            if status.cover_open {
                return End::Stop(PrintError::CoverOpen { printed });
            }
            if status.paper_out {
                return End::Stop(PrintError::PaperOut { printed });
            }
            if status.error {
                return End::Stop(PrintError::PrinterError { printed });
            }
            self.paper_near_end |= status.paper_near_end;
            self.acknowledged(link)
        } else {
            self.confirmed = false;
            self.unacknowledged(link)
        }
    }

    /// Chunks to send on this connection: the init chunk, then where the last one stopped.
    fn order(&self) -> impl Iterator<Item = usize> + use<> {
        std::iter::once(0).chain(self.next.max(1)..self.job.chunks.len())
    }

    /// Each chunk followed by `GS r 1`; its reply means the chunk was processed.
    fn acknowledged(&mut self, link: &mut Link) -> End {
        let (config, job) = (self.config, self.job);
        let mut progressed = false;
        for i in self.order() {
            let chunk = &job.chunks[i];
            let mut bytes = Vec::with_capacity(chunk.len() + GS_R_PAPER.len());
            bytes.extend_from_slice(chunk);
            bytes.extend_from_slice(&GS_R_PAPER);
            let fail = |pad: &mut usize, failure| {
                *pad = (*pad).max(bytes.len());
                End::Fail {
                    failure,
                    progressed,
                }
            };
            if let Err(failure) = link.write_all(&bytes, config.write_timeout) {
                return fail(&mut self.pad, failure);
            }
            let reply = match read_reply(link, escpos::is_sensor_reply, config.reply_timeout) {
                Ok(Some(reply)) => reply,
                Ok(None) => return fail(&mut self.pad, Failure::Timeout),
                Err(failure) => return fail(&mut self.pad, failure),
            };
            // The reply came after everything before it, pad and `ESC @` included.
            self.pad = 0;
            if reply & sensor::END != 0 {
                // The printer stops at paper end; this chunk may be cut short, so it is not
                // counted.
                return End::Stop(PrintError::PaperOut { printed: self.next });
            }
            self.paper_near_end |= reply & sensor::NEAR_END != 0;
            if i >= self.next {
                self.next = i + 1;
                progressed |= i > 0;
            }
        }
        End::Done
    }

    /// Chunks written one after the other; a written chunk is counted though nothing says it
    /// arrived, which is why the report then says `confirmed: false`.
    fn unacknowledged(&mut self, link: &mut Link) -> End {
        let (config, job) = (self.config, self.job);
        let mut progressed = false;
        for i in self.order() {
            let chunk = &job.chunks[i];
            if let Err(failure) = link.write_all(chunk, config.write_timeout) {
                self.pad = self.pad.max(chunk.len());
                return End::Fail {
                    failure,
                    progressed,
                };
            }
            if i >= self.next {
                self.next = i + 1;
                progressed |= i > 0;
            }
        }
        End::Done
    }
}

/// The printer's status by `DLE EOT`, or `answers: false` when it does not reply to the
/// first query within the probe timeout.
pub(crate) fn probe(link: &mut Link, config: &Config) -> Result<PrinterStatus, Failure> {
    link.write_all(&escpos::dle_eot(1), config.write_timeout)?;
    let Some(printer) = read_reply(link, escpos::is_status_reply, config.probe_timeout)? else {
        return Ok(PrinterStatus::default());
    };
    let mut queries = escpos::dle_eot(2).to_vec();
    queries.extend_from_slice(&escpos::dle_eot(4));
    link.write_all(&queries, config.write_timeout)?;
    let mut next =
        || read_reply(link, escpos::is_status_reply, config.reply_timeout)?.ok_or(Failure::Timeout);
    let offline_cause = next()?;
    let paper = next()?;
    Ok(PrinterStatus {
        answers: true,
        online: printer & escpos::OFFLINE == 0,
        cover_open: offline_cause & cause::COVER_OPEN != 0,
        paper_out: offline_cause & cause::PAPER_END_STOP != 0 || paper & roll::END != 0,
        paper_near_end: paper & roll::NEAR_END != 0,
        error: offline_cause & cause::ERROR != 0,
    })
}

/// The first byte that looks like the reply asked for, skipping strays, within `timeout`.
fn read_reply(
    link: &mut Link,
    is_reply: fn(u8) -> bool,
    timeout: Duration,
) -> Result<Option<u8>, Failure> {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match link.read_byte(left)? {
            Some(b) if is_reply(b) => return Ok(Some(b)),
            Some(_) if !left.is_zero() => {}
            _ => return Ok(None),
        }
    }
}

pub(crate) fn status(target: &Target, config: &Config) -> Result<PrinterStatus, PrintError> {
    let mut link = Link::connect(target, config).map_err(|failure| match failure {
        Failure::Timeout => PrintError::Timeout { printed: 0 },
        Failure::Connect(why) | Failure::Lost(why) => PrintError::Unreachable(why),
    })?;
    link.discard_input();
    let status = probe(&mut link, config).map_err(|failure| match failure {
        Failure::Timeout => PrintError::Timeout { printed: 0 },
        Failure::Connect(why) | Failure::Lost(why) => PrintError::Dropped { printed: 0, why },
    })?;
    link.close();
    Ok(status)
}
