//! Request bodies: the binary sync bodies (format from `Content-Type`, compression from
//! `Content-Encoding`, decoded within the decompressed-size bound) and the JSON bodies of the
//! other endpoints; replies in the request's format, compressed as `Accept-Encoding` allows.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use laris_protocol::codec::{self, Compression, Encoding, Format};
use laris_protocol::v1::ErrorCode;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Result, ServerError};
use crate::state::AppState;

fn header(headers: &HeaderMap, name: axum::http::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Reads the whole body within the router's limit (413 past it) and the accept loop's body
/// timeout (408 past it).
async fn read_bytes(req: Request, state: &AppState) -> Result<Bytes> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ServerError::TooLarge(format!(
                "body is larger than {} bytes",
                state.config.max_body_bytes()
            ))
        } else if crate::serve::is_body_timeout(&rejection) {
            ServerError::BodyTimeout(format!(
                "the body did not arrive within {} s",
                state.config.http.body_read_timeout.as_secs()
            ))
        } else {
            ServerError::bad_request(ErrorCode::UnreadableBody, rejection.body_text())
        }
    })
}

/// A sync request body, not yet decoded, and how to answer.
#[derive(Debug)]
pub(crate) struct SyncBody {
    pub bytes: Bytes,
    pub encoding: Encoding,
    /// The reply's encoding: the request's format, compressed as the client accepts.
    pub reply: Encoding,
}

impl SyncBody {
    pub fn decode<T: DeserializeOwned>(&self, state: &AppState) -> Result<T> {
        Ok(codec::decode(
            &self.bytes,
            self.encoding,
            state.config.max_decoded_bytes(),
        )?)
    }
}

impl FromRequest<AppState> for SyncBody {
    type Rejection = ServerError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self> {
        let headers = req.headers();
        // Refused before the body is read.
        let encoding = Encoding::from_headers(
            header(headers, CONTENT_TYPE),
            header(headers, CONTENT_ENCODING),
        )?;
        let reply = Encoding::new(
            encoding.format,
            Compression::negotiate(header(headers, ACCEPT_ENCODING)),
        );
        let bytes = read_bytes(req, state).await?;
        Ok(SyncBody {
            bytes,
            encoding,
            reply,
        })
    }
}

/// A sync reply in `encoding`.
pub(crate) fn sync_reply<T: Serialize>(value: &T, encoding: Encoding) -> Result<Response> {
    let bytes = codec::encode(value, encoding)?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(encoding.format.content_type()),
    );
    if encoding.compression != Compression::Identity {
        headers.insert(
            CONTENT_ENCODING,
            HeaderValue::from_static(encoding.compression.header_value()),
        );
    }
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    Ok(response)
}

/// A JSON request body (`Content-Type: application/json`, optionally gzip or zstd).
#[derive(Debug)]
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ServerError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self> {
        let headers = req.headers();
        let encoding = Encoding::from_headers(
            header(headers, CONTENT_TYPE),
            header(headers, CONTENT_ENCODING),
        )?;
        if encoding.format != Format::Json {
            return Err(ServerError::UnsupportedMediaType(
                "this endpoint takes application/json".into(),
            ));
        }
        let limit = state.config.max_json_body_bytes;
        let bytes = read_bytes(req, state).await?;
        if bytes.len() > limit {
            return Err(ServerError::TooLarge(format!(
                "body is larger than {limit} bytes"
            )));
        }
        Ok(JsonBody(codec::decode(&bytes, encoding, limit)?))
    }
}
