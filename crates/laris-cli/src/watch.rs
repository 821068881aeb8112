//! `laris sync --watch`: keeps this till synced from a shell while `laris sell` runs in
//! another. The writer lock (the DeviceStore) is taken only for each round and dropped right
//! after, so a sale waits at most for one round (see `open::LOCK_WAIT`). Between rounds the
//! loop only reads, beside any writer: new outbox entries start a round soon (debounced like
//! the app's engine), a round runs every minute anyway to pull the other tills' changes, and
//! an unreachable server is retried with laris-sync's backoff.

use std::path::Path;
use std::time::{Duration, Instant};

use laris_core::DeviceReader;
use laris_sync::{
    Backoff, Connectivity, HttpTransport, RoundConfig, SyncStatus, Timeouts, shared, sync_round,
};

use crate::error::{CliError, Result};
use crate::open;
use crate::print::say;
use crate::sync_commands::{SALES_STAY, runtime, transport_for};

/// Short, so a round against a silent server gives the lock back well within a sale's wait.
const TIMEOUTS: Timeouts = Timeouts {
    connect: Duration::from_secs(3),
    request: Duration::from_secs(30),
};
/// How often the outbox is looked at between rounds.
const TICK: Duration = Duration::from_millis(250);
/// Quiet time after a new outbox entry before a round (more entries restart it)...
const DEBOUNCE: Duration = Duration::from_secs(1);
/// ...but no longer than this after the first entry not yet synced.
const MAX_DEBOUNCE: Duration = Duration::from_secs(5);
/// A round this long after the last one, sale or not.
const PERIOD: Duration = Duration::from_secs(60);

pub fn run(db: &Path, json: bool) -> Result<()> {
    let reader = open::reader(db)?;
    let transport = transport_for(&reader.sync_state()?, TIMEOUTS)?;
    runtime()?.block_on(watch(db, &reader, &transport, json))
}

async fn watch(
    db: &Path,
    reader: &DeviceReader,
    transport: &HttpTransport,
    json: bool,
) -> Result<()> {
    let start = Instant::now();
    let mut schedule = Schedule::new(start, reader.sync_state()?.last_seq);
    let mut shown = Shown::default();
    let mut connectivity = Connectivity::Syncing;
    let mut failures = 0u32;
    loop {
        let state = reader.sync_state()?;
        let now = Instant::now();
        schedule.saw_outbox(now, state.last_seq, state.pending() > 0);
        shown.update(&SyncStatus::from_state(&state, connectivity), json)?;
        if schedule.due(now) {
            match open::store_within(db, Duration::ZERO) {
                // A sale is being written right now: try again at the next tick.
                Err(CliError::InUse { .. }) => {}
                Err(e) => return Err(e),
                Ok(store) => {
                    shown.update(&SyncStatus::from_state(&state, Connectivity::Syncing), json)?;
                    let store = shared(store);
                    let outcome = sync_round(&store, transport, &RoundConfig::default()).await;
                    drop(store);
                    let now = Instant::now();
                    match outcome {
                        Ok(_) => {
                            failures = 0;
                            connectivity = Connectivity::Online;
                            schedule.synced(now);
                        }
                        Err(e) if e.is_terminal() => {
                            shown.update(
                                &SyncStatus::from_state(
                                    &reader.sync_state()?,
                                    Connectivity::Online,
                                ),
                                json,
                            )?;
                            return Err(CliError::from_sync(e, transport.base_url(), SALES_STAY));
                        }
                        Err(e) => {
                            failures = failures.saturating_add(1);
                            connectivity = if e.is_offline() {
                                Connectivity::Offline
                            } else {
                                Connectivity::Online
                            };
                            schedule.failed(now, Backoff::default().delay(failures, jitter()));
                        }
                    }
                    continue;
                }
            }
        }
        tokio::select! {
            () = tokio::time::sleep(TICK) => {}
            _ = tokio::signal::ctrl_c() => return Ok(()),
        }
    }
}

/// In [0, 1): the jitter only spreads tills that lost the link together, so the clock's
/// nanoseconds are random enough.
fn jitter() -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    f64::from(nanos) / 1e9
}

/// When the next round is due. Pure: the caller passes the time and what the outbox holds.
#[derive(Debug)]
struct Schedule {
    periodic: Instant,
    /// (first unsynced entry seen, debounced deadline)
    debounce: Option<(Instant, Instant)>,
    /// Set while backing off: the only timer that counts then.
    retry: Option<Instant>,
    last_seq: u64,
}

impl Schedule {
    fn new(now: Instant, last_seq: u64) -> Self {
        Schedule {
            periodic: now,
            debounce: None,
            retry: None,
            last_seq,
        }
    }

    /// The outbox now ends at `last_seq`; `pending`: some of it is not acknowledged.
    fn saw_outbox(&mut self, now: Instant, last_seq: u64, pending: bool) {
        let grew = last_seq != self.last_seq;
        self.last_seq = last_seq;
        if !pending || !(grew || self.debounce.is_none()) {
            return;
        }
        let first = self.debounce.map_or(now, |(first, _)| first);
        self.debounce = Some((first, (now + DEBOUNCE).min(first + MAX_DEBOUNCE)));
    }

    fn due(&self, now: Instant) -> bool {
        let at = match (self.retry, self.debounce) {
            (Some(retry), _) => retry,
            (None, Some((_, at))) => at.min(self.periodic),
            (None, None) => self.periodic,
        };
        now >= at
    }

    fn synced(&mut self, now: Instant) {
        self.debounce = None;
        self.retry = None;
        self.periodic = now + PERIOD;
    }

    fn failed(&mut self, now: Instant, delay: Duration) {
        self.debounce = None;
        self.retry = Some(now + delay);
    }
}

/// Prints each status once, as it changes: JSON lines (`SyncStatus`) or a line for people.
#[derive(Debug, Default)]
struct Shown(Option<SyncStatus>);

impl Shown {
    fn update(&mut self, status: &SyncStatus, json: bool) -> Result<()> {
        if self.0.as_ref() == Some(status) {
            return Ok(());
        }
        if json {
            let line = serde_json::to_string(status)
                .map_err(|e| CliError::Usage(format!("cannot encode output: {e}")))?;
            say!("{line}")?;
        } else {
            let error = status
                .last_error
                .as_ref()
                .map(|e| format!(", last error [{}] {}", e.code, e.message))
                .unwrap_or_default();
            say!(
                "{:?}: {} pending{error}",
                status.connectivity,
                status.pending
            )?;
        }
        self.0 = Some(status.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_entries_are_debounced_and_backoff_wins() {
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut s = Schedule::new(t0, 0);
        assert!(s.due(t0), "a first round at once");
        s.synced(t0);
        assert!(!s.due(at(59_000)));
        assert!(s.due(at(60_000)), "periodic");

        s.synced(t0);
        s.saw_outbox(at(100), 1, true);
        assert!(!s.due(at(1_000)));
        s.saw_outbox(at(900), 2, true);
        assert!(!s.due(at(1_800)), "a second sale restarts the quiet time");
        assert!(s.due(at(1_900)));
        for ms in (1_000..5_000).step_by(500) {
            s.saw_outbox(at(ms), ms / 100, true);
        }
        assert!(
            s.due(at(5_100)),
            "but no later than the max after the first"
        );

        s.failed(at(5_100), Duration::from_secs(8));
        s.saw_outbox(at(5_200), 99, true);
        assert!(!s.due(at(12_000)), "backing off");
        assert!(s.due(at(13_100)));
    }

    #[test]
    fn pending_entries_found_at_start_are_synced_soon() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, 5);
        s.synced(t0);
        s.saw_outbox(t0, 5, true);
        assert!(s.due(t0 + DEBOUNCE));
        s.synced(t0 + DEBOUNCE);
        s.saw_outbox(t0 + DEBOUNCE, 5, false);
        assert!(!s.due(t0 + DEBOUNCE * 2));
    }
}
