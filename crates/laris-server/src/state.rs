//! What every request handler shares: the storage, the clock, the configuration, the pool of
//! password checks and the in-process rate limiters. What must hold across server processes
//! (sessions, revocations, the lock-out of accounts) lives in the database; the rate limiters
//! bound what one process spends, so several processes allow several times their rates.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::ServerConfig;
use crate::guard::Guards;
use crate::hashing::PasswordPool;
use crate::storage::Storage;

/// The state of [`crate::app`].
#[derive(Debug, Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub clock: Clock,
    pub config: Arc<ServerConfig>,
    pub(crate) passwords: Arc<PasswordPool>,
    pub(crate) guards: Arc<Guards>,
}

impl AppState {
    /// Also starts the threads of the password checks (they end with the last clone).
    pub fn new(storage: Arc<dyn Storage>, clock: Clock, config: ServerConfig) -> Self {
        let passwords = PasswordPool::new(
            config.guard.password_checks,
            config.guard.password_check_wait,
        );
        let guards = Guards::new(&config.guard);
        AppState {
            storage,
            clock,
            config: Arc::new(config),
            passwords: Arc::new(passwords),
            guards: Arc::new(guards),
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}
