//! [`HttpTransport`]: the sync v1 HTTP contract (`laris_protocol::v1::api`) over reqwest.
//! Sync bodies are postcard compressed with zstd (replies: whatever `Accept-Encoding` let the
//! server choose, decoded within a bound); pairing and proof are JSON; device calls carry
//! `Authorization: Bearer <credential>`; error replies are JSON `{code, message}` and become
//! [`SyncError::Server`] with the server's code. No OpenSSL: plain HTTP, or HTTPS through
//! rustls when built with the `rustls` feature.

use std::time::Duration;

use laris_protocol::codec::{self, Encoding, Format};
use laris_protocol::v1::api::{self, PairReply, PairRequest, ProofV1, SignupReply, SignupRequest};
use laris_protocol::v1::{
    ErrorBody, Handshake, HandshakeReply, PullReply, PullRequest, PushReply, PushRequest,
    RecoverReply, RecoverRequest, SEQ_REUSED, SeqConflict,
};
use reqwest::header::{ACCEPT, ACCEPT_ENCODING, AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Result, SyncError};
use crate::transport::Transport;

/// Largest reply accepted, compressed or not (a pull page of 500 typical sales is ~150 KB).
pub const MAX_REPLY_BYTES: usize = 64 * 1024 * 1024;
const ACCEPT_ENCODINGS: &str = "zstd, gzip;q=0.5";

/// Timeouts of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    /// The whole request, reply included.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(60),
        }
    }
}

#[derive(Debug, Clone)]
pub struct HttpTransport {
    client: reqwest::Client,
    /// Without a trailing slash; API paths are appended.
    base: String,
    credential: Option<String>,
}

impl HttpTransport {
    /// A transport to the server at `base_url` (`http://host:port`, optionally with a path
    /// prefix), authenticating as the device with `credential` (None: pairing only).
    pub fn new(base_url: &str, credential: Option<String>) -> Result<Self> {
        Self::with_timeouts(base_url, credential, Timeouts::default())
    }

    pub fn with_timeouts(
        base_url: &str,
        credential: Option<String>,
        timeouts: Timeouts,
    ) -> Result<Self> {
        let base = normalize_url(base_url)?;
        let client = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.request)
            .user_agent(concat!("laris-sync/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::InvalidUrl(error_chain(&e)))?;
        Ok(HttpTransport {
            client,
            base,
            credential,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn authorized(&self, req: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder> {
        let credential = self
            .credential
            .as_deref()
            .ok_or(SyncError::Core(laris_core::CoreError::NotPaired))?;
        Ok(req.header(AUTHORIZATION, format!("Bearer {credential}")))
    }

    async fn post_binary<Req: Serialize, Rep: DeserializeOwned>(
        &self,
        path: &str,
        body: &Req,
    ) -> Result<Rep> {
        let bytes = codec::encode(body, Encoding::BINARY_ZSTD)?;
        let req = self
            .client
            .post(self.url(path))
            .header(CONTENT_TYPE, Format::Postcard.content_type())
            .header(CONTENT_ENCODING, codec::ENCODING_ZSTD)
            .header(ACCEPT, Format::Postcard.content_type())
            .header(ACCEPT_ENCODING, ACCEPT_ENCODINGS)
            .body(bytes);
        reply(self.authorized(req)?.send().await).await
    }
}

/// `base_url` checked (http, or https when TLS is built in) and without a trailing slash.
fn normalize_url(base_url: &str) -> Result<String> {
    let trimmed = base_url.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed)
        .map_err(|e| SyncError::InvalidUrl(format!("{base_url:?} is not a server URL: {e}")))?;
    match url.scheme() {
        "http" => {}
        "https" if cfg!(feature = "rustls") => {}
        "https" => {
            return Err(SyncError::InvalidUrl(format!(
                "{base_url}: this build has no TLS; use http:// on a trusted network or build \
                 laris-sync with the rustls feature"
            )));
        }
        other => {
            return Err(SyncError::InvalidUrl(format!(
                "{base_url}: use http:// or https://, not {other}://"
            )));
        }
    }
    if url.host_str().is_none() {
        return Err(SyncError::InvalidUrl(format!("{base_url}: no host")));
    }
    Ok(trimmed.to_string())
}

/// The error and its sources, for messages (reqwest's own text names only the URL).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn transport_error(e: reqwest::Error) -> SyncError {
    if e.is_timeout() {
        SyncError::Timeout(plain_cause(&e))
    } else if e.is_builder() {
        SyncError::InvalidUrl(error_chain(&e))
    } else {
        SyncError::Unreachable(plain_cause(&e))
    }
}

/// Why a request failed, in a few plain words for the cashier and the sync status
/// ("connection refused"), not reqwest's and hyper's layers ("client error (SendRequest)").
fn plain_cause(e: &reqwest::Error) -> String {
    let mut innermost = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if text.starts_with("dns error") {
            return "the server's name was not found".into();
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            let plain = match io.kind() {
                ConnectionRefused => Some("connection refused"),
                ConnectionReset | ConnectionAborted | BrokenPipe => Some("connection reset"),
                TimedOut => Some("timed out"),
                UnexpectedEof => Some("connection closed before the reply"),
                NetworkUnreachable | HostUnreachable => Some("no route to the server"),
                _ => None,
            };
            if let Some(plain) = plain {
                return plain.into();
            }
        }
        innermost = text;
        source = s.source();
    }
    if e.is_timeout() {
        return "timed out".into();
    }
    if e.is_connect() {
        return format!("cannot connect: {innermost}");
    }
    if innermost.contains("connection closed") {
        return "connection closed before the reply".into();
    }
    innermost
}

/// The body of `resp`, refusing more than [`MAX_REPLY_BYTES`].
async fn read_body(mut resp: reqwest::Response) -> Result<Vec<u8>> {
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_REPLY_BYTES as u64)
    {
        return Err(SyncError::BadReply(format!(
            "a reply of {} bytes (at most {MAX_REPLY_BYTES})",
            resp.content_length().unwrap_or(0)
        )));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > MAX_REPLY_BYTES {
            return Err(SyncError::BadReply(format!(
                "a reply of more than {MAX_REPLY_BYTES} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Decodes a reply by its headers: the message on success, [`SyncError::Server`] otherwise.
async fn reply<Rep: DeserializeOwned>(
    sent: std::result::Result<reqwest::Response, reqwest::Error>,
) -> Result<Rep> {
    let resp = sent.map_err(transport_error)?;
    let status = resp.status();
    let header = |name| {
        resp.headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(String::from)
    };
    let (content_type, content_encoding) = (header(CONTENT_TYPE), header(CONTENT_ENCODING));
    let body = read_body(resp).await?;
    let encoding = Encoding::from_headers(content_type.as_deref(), content_encoding.as_deref());
    if status.is_success() {
        return Ok(codec::decode(&body, encoding?, MAX_REPLY_BYTES)?);
    }
    let error = encoding
        .as_ref()
        .ok()
        .and_then(|enc| codec::decode::<ErrorBody>(&body, *enc, MAX_REPLY_BYTES).ok());
    if let Some(e) = &error
        && e.code == SEQ_REUSED
        && let Ok(conflict) = codec::decode::<SeqConflict>(&body, encoding?, MAX_REPLY_BYTES)
    {
        return Err(SyncError::SeqReused {
            seq: conflict.seq,
            server_acked: conflict.server_acked_seq,
            message: conflict.message,
        });
    }
    Err(match error {
        Some(e) => SyncError::Server {
            status: status.as_u16(),
            code: e.code,
            message: e.message,
        },
        None => SyncError::Server {
            status: status.as_u16(),
            code: format!("http_{}", status.as_u16()),
            message: String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned(),
        },
    })
}

impl HttpTransport {
    /// A till's "Daftar toko" (`/v1/signup`): a new owner account with its shop, and a
    /// pairing code for this till. Not retried: a reply lost after the shop was made is
    /// answered `email_taken` the second time.
    pub async fn sign_up(&self, req: &SignupRequest) -> Result<SignupReply> {
        let body = codec::encode(req, Encoding::JSON)?;
        let sent = self
            .client
            .post(self.url(api::SIGNUP))
            .header(CONTENT_TYPE, Format::Json.content_type())
            .header(ACCEPT, Format::Json.content_type())
            .header(ACCEPT_ENCODING, ACCEPT_ENCODINGS)
            .body(body)
            .send()
            .await;
        reply(sent).await
    }
}

impl Transport for HttpTransport {
    async fn pair(&self, req: &PairRequest) -> Result<PairReply> {
        let body = codec::encode(req, Encoding::JSON)?;
        let sent = self
            .client
            .post(self.url(api::PAIR))
            .header(CONTENT_TYPE, Format::Json.content_type())
            .header(ACCEPT, Format::Json.content_type())
            .header(ACCEPT_ENCODING, ACCEPT_ENCODINGS)
            .body(body)
            .send()
            .await;
        reply(sent).await
    }

    async fn handshake(&self, req: &Handshake) -> Result<HandshakeReply> {
        self.post_binary(api::HANDSHAKE, req).await
    }

    async fn push(&self, req: &PushRequest) -> Result<PushReply> {
        self.post_binary(api::PUSH, req).await
    }

    async fn pull(&self, req: &PullRequest) -> Result<PullReply> {
        self.post_binary(api::PULL, req).await
    }

    async fn recover(&self, req: &RecoverRequest) -> Result<RecoverReply> {
        self.post_binary(api::RECOVER, req).await
    }

    async fn proof(&self) -> Result<ProofV1> {
        let req = self
            .client
            .get(self.url(api::PROOF))
            .header(ACCEPT, Format::Json.content_type())
            .header(ACCEPT_ENCODING, ACCEPT_ENCODINGS);
        reply(self.authorized(req)?.send().await).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_trimmed() {
        assert_eq!(
            normalize_url(" http://127.0.0.1:8080/ ").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            normalize_url("http://toko.example/laris/").unwrap(),
            "http://toko.example/laris"
        );
        assert_eq!(normalize_url("ftp://x").unwrap_err().code(), "invalid_url");
        assert_eq!(
            normalize_url("not a url").unwrap_err().code(),
            "invalid_url"
        );
        if !cfg!(feature = "rustls") {
            let err = normalize_url("https://toko.example").unwrap_err();
            assert!(err.to_string().contains("rustls"), "{err}");
        }
        let t = HttpTransport::new("http://127.0.0.1:9/", None).unwrap();
        assert_eq!(t.url(api::PUSH), "http://127.0.0.1:9/v1/sync/push");
    }

    #[tokio::test]
    async fn an_unreachable_server_is_offline_and_no_credential_is_not_paired() {
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        let t = HttpTransport::with_timeouts(
            "http://127.0.0.1:9",
            Some("secret".into()),
            Timeouts {
                connect: Duration::from_secs(2),
                request: Duration::from_secs(5),
            },
        )
        .unwrap();
        let err = t.proof().await.unwrap_err();
        assert!(err.is_offline(), "{err:?}");
        assert_eq!(
            err.to_string(),
            "the server cannot be reached: connection refused"
        );
        let unpaired = HttpTransport::new("http://127.0.0.1:9", None).unwrap();
        assert_eq!(unpaired.proof().await.unwrap_err().code(), "not_paired");
    }
}
