//! `laris`: the headless till and admin command line. Parses arguments, runs one command
//! against the device database, prints the result; errors go to stderr with a non-zero exit.
//! Only the sync commands (`pair`, `sync`) start a tokio runtime.
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod output;
mod sync_commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    match commands::run(&db, cli.json, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if cli.json {
                let body = serde_json::json!({ "code": e.code(), "message": e.to_string() });
                eprintln!("{body}");
            } else {
                eprintln!("laris: error [{}]: {e}", e.code());
            }
            ExitCode::FAILURE
        }
    }
}

fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("laris")
        .join("device.db")
}
