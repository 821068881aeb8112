use std::fmt;

use thiserror::Error;

/// Why a job did not print. `printed` counts the job's chunks known printed (acknowledged by
/// the printer; in unacknowledged mode, written), chunk 0 included, so the window can say
/// how far the receipt got.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PrintError {
    #[error("not a printer address: {0}")]
    BadTarget(String),
    #[error("cannot reach the printer: {0}")]
    Unreachable(String),
    #[error("the printer stopped answering ({printed} parts of the receipt printed)")]
    Timeout { printed: usize },
    #[error("the printer is out of paper ({printed} parts of the receipt printed)")]
    PaperOut { printed: usize },
    #[error("the printer's cover is open")]
    CoverOpen { printed: usize },
    #[error("the printer reports an error (cutter jam or overheating)")]
    PrinterError { printed: usize },
    #[error(
        "the link to the printer dropped and did not come back: {why} ({printed} parts of the receipt printed)"
    )]
    Dropped { printed: usize, why: String },
}

/// The stable codes of [`PrintError`], for programs and translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    BadTarget,
    Unreachable,
    Timeout,
    PaperOut,
    CoverOpen,
    PrinterError,
    Dropped,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadTarget => "bad_target",
            ErrorCode::Unreachable => "unreachable",
            ErrorCode::Timeout => "timeout",
            ErrorCode::PaperOut => "paper_out",
            ErrorCode::CoverOpen => "cover_open",
            ErrorCode::PrinterError => "printer_error",
            ErrorCode::Dropped => "dropped",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PrintError {
    pub fn code(&self) -> ErrorCode {
        match self {
            PrintError::BadTarget(_) => ErrorCode::BadTarget,
            PrintError::Unreachable(_) => ErrorCode::Unreachable,
            PrintError::Timeout { .. } => ErrorCode::Timeout,
            PrintError::PaperOut { .. } => ErrorCode::PaperOut,
            PrintError::CoverOpen { .. } => ErrorCode::CoverOpen,
            PrintError::PrinterError { .. } => ErrorCode::PrinterError,
            PrintError::Dropped { .. } => ErrorCode::Dropped,
        }
    }

    /// How many of the job's chunks are known printed (0 when it never started).
    pub fn printed(&self) -> usize {
        match self {
            PrintError::BadTarget(_) | PrintError::Unreachable(_) => 0,
            PrintError::Timeout { printed }
            | PrintError::PaperOut { printed }
            | PrintError::CoverOpen { printed }
            | PrintError::PrinterError { printed }
            | PrintError::Dropped { printed, .. } => *printed,
        }
    }
}
