//! Running the `laris` binary as a user would, shared by the CLI test files.

use std::path::Path;
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
