//! [`CliError`]: every way a `laris` command fails, each with a stable code for `--json` and
//! scripts (the codes of laris-core and laris-sync pass through unchanged).

use std::path::PathBuf;

use laris_core::CoreError;
use laris_sync::SyncError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// The proof of sync found a difference (the message is its summary).
    #[error("{0}")]
    ProofMismatch(String),
    #[error(
        "no shop database at {}: set one up with `laris init --name \"...\"`, or pass the \
         right --db (nothing was created)",
        path.display()
    )]
    NoDatabase { path: PathBuf },
    /// The writer lock stayed taken for the whole bounded wait.
    #[error(
        "the database {} is in use by another laris process (sync --watch?); try again",
        path.display()
    )]
    InUse { path: PathBuf },
    /// An owner-only command on a till with people set up, and no PIN given.
    #[error("this needs the owner's PIN: set {var} for this command")]
    OwnerPinMissing { var: &'static str },
    /// The sync server could not be reached or did not answer; `then` says what that means
    /// for the user (nothing is lost).
    #[error("{what} the sync server at {server} ({reason}); {then}")]
    Offline {
        code: &'static str,
        what: &'static str,
        server: String,
        reason: String,
        then: &'static str,
    },
    #[error("the printer: {0}")]
    Print(#[from] laris_printer::PrintError),
    #[error(transparent)]
    Image(#[from] laris_receipt::ImageError),
    /// Writing the results failed (other than the reader going away, which ends quietly).
    #[error("cannot write the output: {0}")]
    Output(#[source] std::io::Error),
}

impl CliError {
    pub fn code(&self) -> &str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::Io { .. } => "io",
            CliError::Usage(_) => "usage",
            CliError::Sync(e) => e.code(),
            CliError::ProofMismatch(_) => "proof_mismatch",
            CliError::NoDatabase { .. } => "no_database",
            // The same code as laris-core's, so scripts that already retry on it still do.
            CliError::InUse { .. } => "database_locked",
            // laris-core's code for the same refusal.
            CliError::OwnerPinMissing { .. } => "owner_approval_required",
            CliError::Offline { code, .. } => code,
            CliError::Print(e) => e.code().as_str(),
            CliError::Image(_) => "image",
            CliError::Output(_) => "output",
        }
    }

    /// `e` from a call to the server at `server`, with an unreachable server said in plain
    /// words; `then` finishes the sentence (what became of the user's data).
    pub fn from_sync(e: SyncError, server: &str, then: &'static str) -> CliError {
        let shown = format!("{}/", server.trim_end_matches('/'));
        match e {
            SyncError::Unreachable(reason) => CliError::Offline {
                code: "unreachable",
                what: "cannot reach",
                server: shown,
                reason,
                then,
            },
            SyncError::Timeout(reason) => CliError::Offline {
                code: "timeout",
                what: "no answer in time from",
                server: shown,
                reason,
                then,
            },
            other => CliError::Sync(other),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Output(e)
    }
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;
