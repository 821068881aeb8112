//! The back office's files, embedded at build time (see `build.rs`): `index.html` for `/`
//! and every page path of the app (it routes in the browser), and the content-hashed
//! `/assets/*` cached for a year. Sent gzip-compressed to a browser that takes it, with a
//! content security policy that allows this server's own scripts only.

use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/backoffice_assets.rs"));
}

/// What the app may load: its own scripts and styles (Svelte sets inline styles), pictures
/// it makes (QR codes, charts), and requests to this server only.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "webmanifest" => "application/json",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn find(path: &str) -> Option<&'static Embedded> {
    embedded::FILES.iter().find(|(p, _, _)| *p == path)
}

/// Whether the back office was built into this binary.
pub fn built() -> bool {
    find("/index.html").is_some()
}

fn takes_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| e.trim().split(';').next() == Some("gzip"))
}

type Embedded = (&'static str, &'static [u8], &'static [u8]);

fn send(file: &Embedded, headers: &HeaderMap, cache: &'static str) -> Response {
    let (path, raw, gz) = *file;
    let mut out = HeaderMap::new();
    out.insert(CONTENT_TYPE, HeaderValue::from_static(mime(path)));
    out.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    out.insert(VARY, HeaderValue::from_static("accept-encoding"));
    out.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    out.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    out.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    out.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    let body = if takes_gzip(headers) {
        out.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        gz
    } else {
        raw
    };
    (StatusCode::OK, out, body).into_response()
}

/// `index.html`, for `/` and every page of the app.
pub fn page(headers: &HeaderMap) -> Response {
    match find("/index.html") {
        Some(f) => send(f, headers, "no-cache"),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            "The back office is not built into this laris-server: run `npm ci && npm run build` \
             in ui/ and build laris-server again.\n",
        )
            .into_response(),
    }
}

/// A file under `/assets/` or at the top (favicon), if the build has it.
pub fn file(path: &str, headers: &HeaderMap) -> Option<Response> {
    let f = find(path).filter(|(p, _, _)| *p != "/index.html")?;
    let cache = if path.starts_with("/assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Some(send(f, headers, cache))
}
