//! Running the `laris` binary as a user would, shared by the CLI test files.
// Each test file uses some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `laris --db <db> <args>`.
pub fn laris(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_laris"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LARIS_DB")
        .output()
        .expect("laris runs")
}

/// Its stdout, after asserting it succeeded.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "laris failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

/// The shared warung catalog (`LARIS_SHARED_DATA`, else `../shared/data` beside the repo).
pub fn catalog() -> PathBuf {
    std::env::var_os("LARIS_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
        .join("catalog-warung.csv")
}

/// Its stdout as JSON, after asserting it succeeded.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}
