//! [`ServerError`]: every way a request fails, with a stable machine-readable code and the
//! HTTP status it answers with. Every error reaches the client as JSON `{code, message}`
//! (`laris_protocol::v1::ErrorBody`); a 5xx hides its details from the client and logs them.
//! A 429 or 503 also says when to try again (`Retry-After`, in seconds).

use axum::Json;
use axum::http::header::{CONNECTION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use laris_protocol::ProtocolError;
use laris_protocol::v1::{ErrorBody, ErrorCode, SeqConflict};

use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A body or header that does not follow the protocol (status by its code).
    #[error(transparent)]
    Protocol(#[from] ProtocolError),

    /// Input that parses but makes no sense (400).
    #[error("{message}")]
    BadRequest { code: ErrorCode, message: String },

    /// No credential, or one that is unknown, wrong or expired (401).
    #[error("{message}")]
    Unauthorized { code: ErrorCode, message: String },

    /// A valid credential asking for what it may not: another store or device, or revoked (403).
    #[error("{message}")]
    Forbidden { code: ErrorCode, message: String },

    #[error("{0}")]
    NotFound(String),

    #[error("method not allowed")]
    MethodNotAllowed,

    /// The request conflicts with what exists (409).
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },

    /// A push sent another event under a seq the server holds (409, body [`SeqConflict`]).
    #[error("{}", .0.message)]
    SeqReused(Box<SeqConflict>),

    /// A body larger than the limit, before or after decompression (413).
    #[error("{0}")]
    TooLarge(String),

    /// A Content-Type or Content-Encoding the endpoint does not take (415).
    #[error("{0}")]
    UnsupportedMediaType(String),

    /// The request body did not arrive within the body timeout (408; the connection closes).
    #[error("{0}")]
    BodyTimeout(String),

    /// Too many attempts from a source or at an account, or an account locked after failed
    /// logins (429).
    #[error("{message}")]
    TooManyRequests {
        code: ErrorCode,
        message: String,
        retry_after_ms: i64,
    },

    /// Every password check is taken; the request was not looked at (503).
    #[error("the server is busy with other logins: try again in a moment")]
    Busy { retry_after_ms: i64 },

    /// The database failed; details go to the log only (500).
    #[error("storage: {0}")]
    Storage(#[from] StorageError),

    /// A bug or an unexpected failure; details go to the log only (500).
    #[error("internal: {0}")]
    Internal(String),
}

impl ServerError {
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        ServerError::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn unauthorized(code: ErrorCode, message: impl Into<String>) -> Self {
        ServerError::Unauthorized {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: ErrorCode, message: impl Into<String>) -> Self {
        ServerError::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn too_many(code: ErrorCode, message: impl Into<String>, retry_after_ms: i64) -> Self {
        ServerError::TooManyRequests {
            code,
            message: message.into(),
            retry_after_ms,
        }
    }

    /// Whole seconds to wait before trying again (at least 1), for 429 and 503.
    pub fn retry_after_secs(&self) -> Option<i64> {
        match self {
            ServerError::TooManyRequests { retry_after_ms, .. }
            | ServerError::Busy { retry_after_ms } => {
                Some(((*retry_after_ms).max(1) + 999) / 1_000)
            }
            _ => None,
        }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::Protocol(e) => protocol_status(e),
            ServerError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ServerError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ServerError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ServerError::Conflict { .. } | ServerError::SeqReused(_) => StatusCode::CONFLICT,
            ServerError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ServerError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ServerError::BodyTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ServerError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ServerError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ServerError::Storage(StorageError::EmailTaken | StorageError::SlugTaken(_)) => {
                StatusCode::CONFLICT
            }
            ServerError::Storage(StorageError::InvalidInvite) => StatusCode::FORBIDDEN,
            ServerError::Storage(
                StorageError::UnknownStore(_) | StorageError::UnknownAccount(_),
            ) => StatusCode::NOT_FOUND,
            ServerError::Storage(_) | ServerError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code of this error.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ServerError::Protocol(e) => e.error_code(),
            ServerError::BadRequest { code, .. }
            | ServerError::Unauthorized { code, .. }
            | ServerError::Forbidden { code, .. }
            | ServerError::Conflict { code, .. }
            | ServerError::TooManyRequests { code, .. } => *code,
            ServerError::SeqReused(_) => ErrorCode::SeqReused,
            ServerError::NotFound(_) => ErrorCode::NotFound,
            ServerError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ServerError::TooLarge(_) => ErrorCode::BodyTooLarge,
            ServerError::UnsupportedMediaType(_) => ErrorCode::UnsupportedEncoding,
            ServerError::BodyTimeout(_) => ErrorCode::BodyTimeout,
            ServerError::Busy { .. } => ErrorCode::Busy,
            ServerError::Storage(StorageError::EmailTaken) => ErrorCode::EmailTaken,
            ServerError::Storage(StorageError::SlugTaken(_)) => ErrorCode::SlugTaken,
            ServerError::Storage(StorageError::InvalidInvite) => ErrorCode::InvalidInvite,
            ServerError::Storage(
                StorageError::UnknownStore(_) | StorageError::UnknownAccount(_),
            ) => ErrorCode::NotFound,
            ServerError::Storage(_) | ServerError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The body sent to the client: 5xx details stay in the log (a busy server has none).
    pub fn body(&self) -> ErrorBody {
        let hidden = self.status().is_server_error() && !matches!(self, ServerError::Busy { .. });
        let message = if hidden {
            "internal server error (details are in the server log)".to_string()
        } else {
            self.to_string()
        };
        ErrorBody {
            code: self.code().to_string(),
            message,
        }
    }
}

fn protocol_status(e: &ProtocolError) -> StatusCode {
    match e {
        ProtocolError::TooLarge { .. } | ProtocolError::TooMany { .. } => {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        ProtocolError::UnsupportedEncoding(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ProtocolError::Encode(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() && !matches!(self, ServerError::Busy { .. }) {
            tracing::error!(error = %self, code = self.code(), "request failed");
        } else {
            tracing::debug!(error = %self, code = self.code(), status = status.as_u16(), "request refused");
        }
        let mut response = match &self {
            // The device needs where to renumber from: the error body and two seqs.
            ServerError::SeqReused(conflict) => (status, Json(conflict.as_ref())).into_response(),
            other => (status, Json(other.body())).into_response(),
        };
        if let Some(secs) = self.retry_after_secs() {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(secs));
        }
        if matches!(self, ServerError::BodyTimeout(_)) {
            // The rest of the body may still be on its way: this connection carries nothing more.
            response
                .headers_mut()
                .insert(CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

pub type Result<T, E = ServerError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_hidden_details() {
        let e = ServerError::Internal("disk on fire at /secret/path".into());
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.body().message.contains("secret"));
        let e = ServerError::from(ProtocolError::TooLarge { limit: 5 });
        assert_eq!((e.status().as_u16(), e.code()), (413, "body_too_large"));
        let e = ServerError::from(ProtocolError::UnsupportedEncoding("x".into()));
        assert_eq!(e.status().as_u16(), 415);
        let e = ServerError::from(ProtocolError::Decode("x".into()));
        assert_eq!((e.status().as_u16(), e.code()), (400, "malformed_body"));
        let e = ServerError::forbidden(ErrorCode::WrongStore, "no");
        assert_eq!(
            (e.status().as_u16(), e.body().message.as_str()),
            (403, "no")
        );
        assert_eq!(ServerError::from(StorageError::EmailTaken).status(), 409);
        let e = ServerError::too_many(ErrorCode::AccountLocked, "wait", 30_001);
        assert_eq!((e.status().as_u16(), e.retry_after_secs()), (429, Some(31)));
        let e = ServerError::Busy { retry_after_ms: 0 };
        assert_eq!((e.status().as_u16(), e.retry_after_secs()), (503, Some(1)));
        assert!(e.body().message.contains("busy"));
        let r = ServerError::too_many(ErrorCode::RateLimited, "slow down", 1_500).into_response();
        assert_eq!(r.headers()[RETRY_AFTER], "2");
    }
}
