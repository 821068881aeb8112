//! The one error the window sees: a stable `code` the UI translates, and an English `message`
//! for logs and for codes the UI does not know yet. Never a stack trace.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    pub code: String,
    pub message: String,
    /// The input field at fault, when there is one (`price`, `qty`, ...).
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AppError {
            code: code.to_string(),
            message: message.into(),
            field: None,
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError {
            field: Some(field.to_string()),
            ..AppError::new("invalid_input", message)
        }
    }
}

impl From<laris_core::CoreError> for AppError {
    fn from(e: laris_core::CoreError) -> Self {
        let field = match &e {
            laris_core::CoreError::Invalid { field, .. } => Some((*field).to_string()),
            _ => None,
        };
        AppError {
            code: e.code().to_string(),
            message: e.to_string(),
            field,
        }
    }
}

impl From<laris_sync::SyncError> for AppError {
    fn from(e: laris_sync::SyncError) -> Self {
        match e {
            laris_sync::SyncError::Core(core) => core.into(),
            other => AppError::new(other.code(), other.to_string()),
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
