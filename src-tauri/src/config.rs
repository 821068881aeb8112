//! Where the database lives and how sync is paced; environment variables override both so
//! that tests and the demo can point the app at their own files and shorter timers.

use std::path::PathBuf;
use std::time::Duration;

use laris_app::{AppConfig, SyncTimings};
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

/// The counter's sync pacing, with `LARIS_SYNC_*_MS` overrides, and `LARIS_EXPORT_DIR`.
pub fn app_config() -> AppConfig {
    AppConfig {
        // Where a saved receipt picture goes (tests point it at their own folder).
        export_dir: std::env::var_os("LARIS_EXPORT_DIR").map(PathBuf::from),
        ..AppConfig::counter(SyncTimings {
            debounce: millis("LARIS_SYNC_DEBOUNCE_MS"),
            period: millis("LARIS_SYNC_PERIOD_MS"),
            backoff_base: millis("LARIS_SYNC_BACKOFF_BASE_MS"),
            backoff_max: millis("LARIS_SYNC_BACKOFF_MAX_MS"),
        })
    }
}
