//! The background sync engine: one tokio task per device that runs a round soon after a sale
//! (debounced), periodically, and at once when asked or when connectivity returns, with
//! exponential backoff and jitter while the server is unreachable. A refusal that retrying
//! cannot heal (the device revoked, its credential unknown, another store) stops the timers:
//! the status says `Refused`, and only a round asked for by hand runs. Its status goes out on a
//! watch channel. Time is tokio's (tests pause and advance it) and the jitter comes from a
//! seedable generator, so tests are deterministic.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep_until};

use crate::backoff::Backoff;
use crate::error::{Result, SyncError};
use crate::round::{RoundConfig, RoundReport, sync_round};
use crate::shared_store::{SharedStore, with_store};
use crate::status::{Connectivity, SyncStatus};
use crate::transport::Transport;

#[derive(Debug, Clone, PartialEq)]
pub struct EngineConfig {
    /// Quiet time after a sale before a round starts (more sales restart it)...
    pub debounce: Duration,
    /// ...but no longer than this after the first sale not yet synced.
    pub max_debounce: Duration,
    /// A round this long after the last one, sale or not (pulls other devices' changes).
    pub period: Duration,
    pub backoff: Backoff,
    pub round: RoundConfig,
    /// Seeds the jitter (None: from the OS).
    pub seed: Option<u64>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            debounce: Duration::from_secs(2),
            max_debounce: Duration::from_secs(10),
            period: Duration::from_secs(60),
            backoff: Backoff::default(),
            round: RoundConfig::default(),
            seed: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    SaleRecorded,
    SyncNow,
    ConnectivityRestored,
}

/// A running engine. Dropping it (or [`SyncEngine::shutdown`]) stops the task after its
/// current round.
#[derive(Debug)]
pub struct SyncEngine {
    commands: mpsc::Sender<Command>,
    status: watch::Receiver<SyncStatus>,
    task: JoinHandle<()>,
}

impl SyncEngine {
    /// Starts the engine on the current tokio runtime. It runs a first round at once.
    pub fn spawn<T: Transport + 'static>(
        store: SharedStore,
        transport: T,
        config: EngineConfig,
    ) -> Result<Self> {
        let state = with_store(&store, |s| s.sync_state())?;
        let (status_tx, status) =
            watch::channel(SyncStatus::from_state(&state, Connectivity::Syncing));
        let (commands, rx) = mpsc::channel(64);
        let rng = match config.seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        let worker = Worker {
            store,
            transport,
            config,
            status: status_tx,
            rng,
            failures: 0,
            last_report: None,
        };
        let task = tokio::spawn(worker.run(rx));
        Ok(SyncEngine {
            commands,
            status,
            task,
        })
    }

    /// A sale (or any outbox event) was recorded: sync soon, once the till is quiet.
    pub fn sale_recorded(&self) {
        self.send(Command::SaleRecorded);
    }

    /// Sync now (the user asked), whatever the schedule.
    pub fn sync_now(&self) {
        self.send(Command::SyncNow);
    }

    /// The OS says the network is back: forget the backoff and sync now.
    pub fn connectivity_restored(&self) {
        self.send(Command::ConnectivityRestored);
    }

    /// The status channel; `borrow()` for the current value, `changed()` to wait.
    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    /// Stops the engine after its current round.
    pub async fn shutdown(self) -> Result<()> {
        drop(self.commands);
        self.task.await.map_err(|_| SyncError::EngineStopped)
    }

    fn send(&self, command: Command) {
        // A full queue already holds a wake-up; a closed one means the engine stopped.
        let _ = self.commands.try_send(command);
    }
}

struct Worker<T> {
    store: SharedStore,
    transport: T,
    config: EngineConfig,
    status: watch::Sender<SyncStatus>,
    rng: StdRng,
    /// Failed rounds in a row.
    failures: u32,
    last_report: Option<RoundReport>,
}

/// When the next round is due.
struct Schedule {
    periodic: Instant,
    /// (first unsynced sale, debounced deadline)
    debounce: Option<(Instant, Instant)>,
    /// Set while backing off: the only timer that counts then.
    retry: Option<Instant>,
    /// The server refused this device: no timer runs.
    refused: bool,
}

/// Far enough to never come while the engine runs (tokio's timers cap at about two years).
const NEVER: Duration = Duration::from_secs(365 * 24 * 3600);

impl Schedule {
    fn due(&self) -> Instant {
        if self.refused {
            return Instant::now() + NEVER;
        }
        if let Some(retry) = self.retry {
            return retry;
        }
        match self.debounce {
            Some((_, at)) => at.min(self.periodic),
            None => self.periodic,
        }
    }
}

impl<T: Transport> Worker<T> {
    async fn run(mut self, mut commands: mpsc::Receiver<Command>) {
        let now = Instant::now();
        let mut schedule = Schedule {
            periodic: now,
            debounce: None,
            retry: None,
            refused: false,
        };
        loop {
            tokio::select! {
                () = sleep_until(schedule.due()) => self.round(&mut schedule).await,
                command = commands.recv() => match command {
                    None => return,
                    Some(Command::SaleRecorded) => {
                        self.refresh_pending();
                        if schedule.retry.is_none() && !schedule.refused {
                            let now = Instant::now();
                            let first = schedule.debounce.map_or(now, |(first, _)| first);
                            let at = (now + self.config.debounce)
                                .min(first + self.config.max_debounce);
                            schedule.debounce = Some((first, at));
                        }
                    }
                    Some(Command::SyncNow) => self.round(&mut schedule).await,
                    Some(Command::ConnectivityRestored) => {
                        self.failures = 0;
                        self.round(&mut schedule).await;
                    }
                },
            }
        }
    }

    async fn round(&mut self, schedule: &mut Schedule) {
        self.publish(Connectivity::Syncing);
        let outcome = sync_round(&self.store, &self.transport, &self.config.round).await;
        let now = Instant::now();
        schedule.debounce = None;
        let connectivity = match outcome {
            Err(e) if e.is_terminal() => {
                schedule.refused = true;
                schedule.retry = None;
                Connectivity::Refused
            }
            Ok(report) => {
                self.failures = 0;
                schedule.refused = false;
                schedule.retry = None;
                schedule.periodic = now + self.config.period;
                self.last_report = Some(report);
                Connectivity::Online
            }
            Err(e) => {
                schedule.refused = false;
                self.failures = self.failures.saturating_add(1);
                let jitter: f64 = self.rng.random();
                schedule.retry = Some(now + self.config.backoff.delay(self.failures, jitter));
                if e.is_offline() {
                    Connectivity::Offline
                } else {
                    Connectivity::Online
                }
            }
        };
        self.publish(connectivity);
    }

    fn refresh_pending(&self) {
        if let Ok(state) = with_store(&self.store, |s| s.sync_state()) {
            let pending = state.pending();
            self.status.send_if_modified(|s| {
                let changed = s.pending != pending;
                s.pending = pending;
                changed
            });
        }
    }

    fn publish(&self, connectivity: Connectivity) {
        match with_store(&self.store, |s| s.sync_state()) {
            Ok(state) => {
                let new = SyncStatus::from_state(&state, connectivity);
                self.status.send_if_modified(|s| {
                    let changed = *s != new;
                    *s = new;
                    changed
                });
            }
            Err(_) => {
                self.status.send_if_modified(|s| {
                    let changed = s.connectivity != connectivity;
                    s.connectivity = connectivity;
                    changed
                });
            }
        }
    }
}
