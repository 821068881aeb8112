//! Where the database lives and how sync is paced; environment variables override both so
//! that tests and the demo can point the app at their own files and shorter timers.

use std::path::PathBuf;
use std::time::Duration;

use laris_app::AppConfig;
use laris_sync::{Backoff, EngineConfig};
use tauri::{AppHandle, Manager};

/// `LARIS_DB`, or `laris.db` in the platform's app data directory.
pub fn database_path(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(path) = std::env::var_os("LARIS_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    Ok(app.path().app_data_dir()?.join("laris.db"))
}

fn millis(var: &str) -> Option<Duration> {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
}

/// At the counter a lost connection is retried at most every 30 s (not the engine's 5 min
/// default for servers and the CLI): the badge should turn green soon after the link is back.
pub fn app_config() -> AppConfig {
    let defaults = EngineConfig::default();
    let backoff = Backoff {
        base: millis("LARIS_SYNC_BACKOFF_BASE_MS").unwrap_or(Duration::from_secs(2)),
        max: millis("LARIS_SYNC_BACKOFF_MAX_MS").unwrap_or(Duration::from_secs(30)),
    };
    AppConfig {
        engine: EngineConfig {
            debounce: millis("LARIS_SYNC_DEBOUNCE_MS").unwrap_or(defaults.debounce),
            period: millis("LARIS_SYNC_PERIOD_MS").unwrap_or(defaults.period),
            backoff,
            ..defaults
        },
    }
}
