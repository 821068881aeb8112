//! Shared helpers for Laris's end-to-end tests: where the shared data lives, shops on real
//! on-disk databases.
#![forbid(unsafe_code)]

use std::path::PathBuf;

/// `../shared/data` beside the repository (read-only in CI), or `LARIS_SHARED_DATA`.
pub fn shared_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LARIS_SHARED_DATA") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")
}
