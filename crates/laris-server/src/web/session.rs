//! The back office's sign-in: a session cookie and its CSRF token.
//!
//! - The cookie (`laris_session`) is HttpOnly (no script reads it), SameSite=Strict (no other
//!   site's page sends it), Path=/, and Secure behind TLS. It names its session row; the
//!   secret's SHA-256 is compared in constant time, and the row is read on every request, so
//!   a logout or revocation applies to the next request on every server process.
//! - Every state change (any method but GET and HEAD) must carry the session's CSRF token in
//!   `x-csrf-token` and must not come from another site (`Sec-Fetch-Site`, else `Origin`
//!   against `Host`); sign-up and login, which have no session yet, get the site check.
//! - A device credential or a till owner's bearer token is not a back-office session: a
//!   request with `Authorization` and no cookie is refused like one with nothing.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, HOST, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use laris_protocol::v1::ErrorCode;
use uuid::Uuid;

use super::paths::{CSRF_HEADER, SESSION_COOKIE};
use crate::error::{Result, ServerError};
use crate::secret::{csrf_token, parse_web_token, same_hash, sha256};
use crate::state::AppState;

/// A signed-in owner account.
#[derive(Debug, Clone)]
pub(crate) struct WebAuth {
    pub email: String,
    pub session_id: Uuid,
    /// The session's CSRF token.
    pub csrf: String,
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

fn not_signed_in() -> ServerError {
    ServerError::unauthorized(
        ErrorCode::InvalidSession,
        "not signed in, or the session ended: sign in again",
    )
}

/// Refuses a state change that another site's page made: the browser says so in
/// `Sec-Fetch-Site`, or an `Origin` that is not this server's own.
pub(crate) fn check_same_site(parts: &Parts) -> Result<()> {
    if matches!(parts.method, Method::GET | Method::HEAD) {
        return Ok(());
    }
    let refused = || {
        ServerError::forbidden(
            ErrorCode::CsrfRefused,
            "refused: this request came from another site",
        )
    };
    let headers = &parts.headers;
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err(refused()),
        };
    }
    if let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"))
            .unwrap_or("");
        if origin_host.is_empty() || !origin_host.eq_ignore_ascii_case(host) {
            return Err(refused());
        }
    }
    Ok(())
}

impl FromRequestParts<AppState> for WebAuth {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let value = cookie_value(&parts.headers, SESSION_COOKIE).ok_or_else(not_signed_in)?;
        let (session_id, secret) = parse_web_token(value).ok_or_else(not_signed_in)?;
        let row = state
            .storage
            .web_session(session_id)
            .await?
            .ok_or_else(not_signed_in)?;
        if !same_hash(&row.token_hash, &sha256(&secret))
            || row.revoked
            || row.expires_at_ms <= state.now_ms()
        {
            return Err(not_signed_in());
        }
        let csrf = csrf_token(&secret);
        check_same_site(parts)?;
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_hash(sent.as_bytes(), csrf.as_bytes()) {
                return Err(ServerError::forbidden(
                    ErrorCode::CsrfRefused,
                    "refused: the request lacks this session's CSRF token (reload the page)",
                ));
            }
        }
        Ok(WebAuth {
            email: row.email,
            session_id,
            csrf,
        })
    }
}

/// Whether the session cookie must be `Secure`: configured so, or a trusted proxy says the
/// request came over https.
pub(crate) fn secure(parts_headers: &HeaderMap, peer_trusted: bool, state: &AppState) -> bool {
    state.config.web.secure_cookies
        || (peer_trusted
            && parts_headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| p.eq_ignore_ascii_case("https")))
}

/// The `Set-Cookie` of a new session (`max_age_s` > 0) or of signing out (0).
pub(crate) fn set_cookie(
    value: &str,
    max_age_s: i64,
    secure: bool,
) -> (axum::http::HeaderName, HeaderValue) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={value}; Path=/; Max-Age={max_age_s}; HttpOnly; SameSite=Strict{secure}"
    );
    (
        SET_COOKIE,
        HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(method: Method, headers: &[(&str, &str)]) -> Parts {
        let mut req = Request::builder().method(method).uri("/v1/web/login");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(()).unwrap().into_parts().0
    }

    #[test]
    fn another_sites_post_is_refused_and_the_own_sites_is_not() {
        let ok = [
            parts(Method::POST, &[("sec-fetch-site", "same-origin")]),
            parts(
                Method::POST,
                &[
                    ("host", "laris.example:8080"),
                    ("origin", "http://laris.example:8080"),
                ],
            ),
            // curl and the tests' HTTP client send neither header.
            parts(Method::POST, &[]),
            parts(Method::GET, &[("sec-fetch-site", "cross-site")]),
        ];
        for p in &ok {
            assert!(check_same_site(p).is_ok(), "{:?}", p.headers);
        }
        let refused = [
            parts(Method::POST, &[("sec-fetch-site", "cross-site")]),
            parts(Method::POST, &[("sec-fetch-site", "same-site")]),
            parts(
                Method::POST,
                &[
                    ("host", "laris.example"),
                    ("origin", "https://evil.example"),
                ],
            ),
            parts(
                Method::POST,
                &[("host", "laris.example"), ("origin", "null")],
            ),
        ];
        for p in &refused {
            assert!(check_same_site(p).is_err(), "{:?}", p.headers);
        }
    }

    #[test]
    fn the_cookie_is_http_only_and_strict() {
        let (_, v) = set_cookie("lrw1.x.y", 60, true);
        let v = v.to_str().unwrap();
        assert!(v.contains("HttpOnly") && v.contains("SameSite=Strict") && v.contains("Secure"));
        assert!(
            !set_cookie("a", 60, false)
                .1
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }
}
