//! The one error the window sees: a stable [`ErrorCode`] the UI translates, and an English
//! `message` for logs and for codes the UI does not know yet. Never a stack trace.

use serde::Serialize;
use ts_rs::TS;

use crate::error_code::{AppErrorCode, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    #[ts(type = "ErrorCode")]
    pub code: ErrorCode,
    pub message: String,
    /// The input field at fault, when there is one (`price`, `qty`, ...).
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: AppErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code: ErrorCode::App(code),
            message: message.into(),
            field: None,
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError {
            field: Some(field.to_string()),
            ..AppError::new(AppErrorCode::InvalidInput, message)
        }
    }

    /// True if this is `code` (an app code).
    pub fn is(&self, code: AppErrorCode) -> bool {
        self.code == ErrorCode::App(code)
    }
}

impl From<laris_core::CoreError> for AppError {
    fn from(e: laris_core::CoreError) -> Self {
        let field = match &e {
            laris_core::CoreError::Invalid { field, .. } => Some((*field).to_string()),
            _ => None,
        };
        AppError {
            code: ErrorCode::of_core(&e),
            message: e.to_string(),
            field,
        }
    }
}

impl From<laris_sync::SyncError> for AppError {
    fn from(e: laris_sync::SyncError) -> Self {
        match e {
            laris_sync::SyncError::Core(core) => core.into(),
            other => AppError {
                code: ErrorCode::of_sync(&other),
                message: other.to_string(),
                field: None,
            },
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
