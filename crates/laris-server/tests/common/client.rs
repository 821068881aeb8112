//! A small HTTP client over reqwest speaking the protocol's types: binary sync bodies through
//! laris-protocol's codec, JSON for the rest, and every error as `ErrorBody`.

use laris_protocol::codec::{self, Encoding};
use laris_protocol::limits::MAX_DECODED_BYTES;
use laris_protocol::v1::ErrorBody;
use reqwest::header::{ACCEPT_ENCODING, AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A refused request: its status and JSON error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub body: ErrorBody,
}

impl ApiError {
    pub fn code(&self) -> &str {
        &self.body.code
    }
}

/// A raw response.
#[derive(Debug)]
pub struct Raw {
    pub status: StatusCode,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub bytes: Vec<u8>,
}

impl Raw {
    /// The JSON error body (panics if the body is not one).
    pub fn error(&self) -> ApiError {
        assert_eq!(
            self.content_type.as_deref(),
            Some("application/json"),
            "errors are JSON (status {})",
            self.status
        );
        let body: ErrorBody = serde_json::from_slice(&self.bytes).unwrap_or_else(|e| {
            panic!(
                "not an ErrorBody ({e}): {:?}",
                String::from_utf8_lossy(&self.bytes)
            )
        });
        assert!(!body.code.is_empty() && !body.message.is_empty());
        ApiError {
            status: self.status.as_u16(),
            body,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    pub fn new(base: &str) -> Self {
        Client {
            http: reqwest::Client::new(),
            base: base.to_string(),
        }
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let rb = self.http.request(method, format!("{}{path}", self.base));
        match token {
            Some(t) => rb.header(AUTHORIZATION, format!("Bearer {t}")),
            None => rb,
        }
    }

    pub async fn send(&self, rb: RequestBuilder) -> Raw {
        let resp = rb.send().await.expect("HTTP request");
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(CONTENT_TYPE);
        let content_encoding = header(CONTENT_ENCODING);
        let status = resp.status();
        let bytes = resp.bytes().await.expect("response body").to_vec();
        Raw {
            status,
            content_type,
            content_encoding,
            bytes,
        }
    }

    /// A sync call in `encoding`, the reply decoded by its headers.
    pub async fn sync_in<Req: Serialize, Rep: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        req: &Req,
        encoding: Encoding,
    ) -> Result<Rep, ApiError> {
        let body = codec::encode(req, encoding).expect("encode");
        let mut rb = self
            .request(Method::POST, path, Some(token))
            .header(CONTENT_TYPE, encoding.format.content_type())
            .header(ACCEPT_ENCODING, "zstd, gzip")
            .body(body);
        if encoding.compression != codec::Compression::Identity {
            rb = rb.header(CONTENT_ENCODING, encoding.compression.header_value());
        }
        let raw = self.send(rb).await;
        if !raw.status.is_success() {
            return Err(raw.error());
        }
        let enc =
            Encoding::from_headers(raw.content_type.as_deref(), raw.content_encoding.as_deref())
                .expect("reply headers");
        Ok(codec::decode(&raw.bytes, enc, MAX_DECODED_BYTES).expect("decode reply"))
    }

    /// A sync call in postcard + zstd.
    pub async fn sync<Req: Serialize, Rep: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        req: &Req,
    ) -> Result<Rep, ApiError> {
        self.sync_in(path, token, req, Encoding::BINARY_ZSTD).await
    }

    pub async fn post_json<Req: Serialize, Rep: DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
        req: &Req,
    ) -> Result<Rep, ApiError> {
        let rb = self.request(Method::POST, path, token).json_body(req);
        self.json_reply(rb).await
    }

    pub async fn post_empty<Rep: DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
    ) -> Result<Rep, ApiError> {
        self.json_reply(self.request(Method::POST, path, token))
            .await
    }

    pub async fn get_json<Rep: DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
    ) -> Result<Rep, ApiError> {
        self.json_reply(self.request(Method::GET, path, token))
            .await
    }

    async fn json_reply<Rep: DeserializeOwned>(&self, rb: RequestBuilder) -> Result<Rep, ApiError> {
        let raw = self.send(rb).await;
        if !raw.status.is_success() {
            return Err(raw.error());
        }
        Ok(serde_json::from_slice(&raw.bytes).expect("JSON reply"))
    }
}

/// `.json()` without reqwest's json feature.
pub trait JsonBody {
    fn json_body<T: Serialize>(self, value: &T) -> Self;
}

impl JsonBody for RequestBuilder {
    fn json_body<T: Serialize>(self, value: &T) -> Self {
        self.header(CONTENT_TYPE, "application/json")
            .body(serde_json::to_vec(value).expect("JSON"))
    }
}
