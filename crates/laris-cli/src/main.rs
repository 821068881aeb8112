//! `laris`: the headless till and admin command line. Parses arguments, runs one command
//! against the device database, prints the result; errors go to stderr with a non-zero exit.
//! Only the sync commands (`pair`, `sync`) start a tokio runtime.
#![forbid(unsafe_code)]

mod books_commands;
mod cli;
mod commands;
mod error;
mod labels;
mod open;
mod output;
mod people_commands;
mod print;
mod product_set;
mod receipt_commands;
mod sync_commands;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    match commands::run(&db, cli.json, cli.lang, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        // Whatever the command did is done (a sale is paid and durable before it is printed);
        // only its output had nobody left to read it, as with `laris report | head -1`. A
        // failed proof of sync is a verdict, not output, and still fails.
        Err(e) if print::closed() && !matches!(e, error::CliError::ProofMismatch(_)) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            if cli.json {
                let body = serde_json::json!({ "code": e.code(), "message": e.to_string() });
                print::note(&body.to_string());
            } else {
                print::note(&format!("laris: error [{}]: {e}", e.code()));
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
