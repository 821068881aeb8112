//! `laris-server` built inside the tests crate, so end-to-end tests can run it as a real child
//! process (and SIGKILL it) through `CARGO_BIN_EXE_e2e_server`.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = laris_server::cli::Cli::parse();
    match laris_server::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("laris-server: {e}");
            ExitCode::FAILURE
        }
    }
}
