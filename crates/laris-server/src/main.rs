//! `laris-server`: the thin binary over the library (see `laris_server::cli`).

#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing::Level;

fn log_level() -> Level {
    match std::env::var("LARIS_LOG").ok().as_deref() {
        Some("error") => Level::ERROR,
        Some("warn") => Level::WARN,
        Some("debug") => Level::DEBUG,
        Some("trace") => Level::TRACE,
        _ => Level::INFO,
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = laris_server::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_max_level(log_level())
        .with_target(false)
        .init();
    match laris_server::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("laris-server: {e}");
            ExitCode::FAILURE
        }
    }
}
