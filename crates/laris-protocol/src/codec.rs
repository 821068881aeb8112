//! Bodies on the wire: a format (what the bytes mean) and a compression (how they travel).
//!
//! The format is postcard (serde, varint integers, positional fields: a sale is ~300 bytes
//! before compression) or JSON (for debugging, curl and error bodies). Postcard is chosen over
//! a hand-rolled columnar layout because the v1 types stay the single source of truth for both
//! formats via serde, its wire format is specified and stable since 1.0, and zstd over a batch
//! already removes most of the redundancy a columnar layout would (see
//! `examples/wire_size.rs` for the figures). Compression is zstd (default), gzip (for clients
//! without zstd) or none, carried in `Content-Encoding`.
//!
//! Decoding is bounded: [`decode`] refuses input, or decompressed output, larger than
//! `max_decoded_bytes` (the decompression-bomb guard), caps the zstd window to that size, and
//! refuses trailing bytes.

use std::borrow::Cow;
use std::io::{Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ProtocolError, Result};

pub const CONTENT_TYPE_POSTCARD: &str = "application/x-laris-v1+postcard";
pub const CONTENT_TYPE_JSON: &str = "application/json";
pub const ENCODING_ZSTD: &str = "zstd";
pub const ENCODING_GZIP: &str = "gzip";
pub const ENCODING_IDENTITY: &str = "identity";
/// On pushes of 1,000 benchmark sales: 56 bytes/sale against 66 at zstd's usual level 3, for
/// ~40% more encoding time (still well over 100,000 sales/s on one core); levels past 9 gain
/// little more and cost several times the time. Decoding speed does not depend on the level.
pub const ZSTD_DEFAULT_LEVEL: i32 = 7;
pub const GZIP_DEFAULT_LEVEL: i32 = 6;

/// What the bytes of a body mean (`Content-Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Postcard,
    Json,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Postcard => CONTENT_TYPE_POSTCARD,
            Format::Json => CONTENT_TYPE_JSON,
        }
    }

    /// From a `Content-Type` header value; parameters (`; charset=utf-8`) are ignored.
    pub fn from_content_type(value: &str) -> Result<Self> {
        let mime = value.split(';').next().unwrap_or("").trim();
        if mime.eq_ignore_ascii_case(CONTENT_TYPE_POSTCARD) {
            Ok(Format::Postcard)
        } else if mime.eq_ignore_ascii_case(CONTENT_TYPE_JSON) {
            Ok(Format::Json)
        } else {
            Err(ProtocolError::UnsupportedEncoding(format!(
                "Content-Type {value:?} (use {CONTENT_TYPE_POSTCARD} or {CONTENT_TYPE_JSON})"
            )))
        }
    }
}

/// How a body is compressed (`Content-Encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compression {
    Identity,
    Zstd,
    Gzip,
}

impl Compression {
    pub fn header_value(self) -> &'static str {
        match self {
            Compression::Identity => ENCODING_IDENTITY,
            Compression::Zstd => ENCODING_ZSTD,
            Compression::Gzip => ENCODING_GZIP,
        }
    }

    /// From a `Content-Encoding` header value; no header means identity.
    pub fn from_content_encoding(value: Option<&str>) -> Result<Self> {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(Compression::Identity);
        };
        Self::from_token(value).ok_or_else(|| {
            ProtocolError::UnsupportedEncoding(format!(
                "Content-Encoding {value:?} (use zstd, gzip or identity)"
            ))
        })
    }

    fn from_token(token: &str) -> Option<Self> {
        [Compression::Zstd, Compression::Gzip, Compression::Identity]
            .into_iter()
            .find(|c| token.eq_ignore_ascii_case(c.header_value()))
    }

    /// The compression to answer with, given the request's `Accept-Encoding`: the highest
    /// q-value the client allows, zstd before gzip before identity on equal q.
    pub fn negotiate(accept_encoding: Option<&str>) -> Self {
        let mut best: Option<(u16, Compression)> = None;
        for item in accept_encoding.unwrap_or("").split(',') {
            let mut parts = item.split(';');
            let token = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .next()
                .map_or(1000, parse_q);
            let candidate = if token == "*" {
                Some(Compression::Zstd)
            } else {
                Self::from_token(token)
            };
            let Some(c) = candidate else { continue };
            let better = match best {
                None => true,
                Some((bq, bc)) => q > bq || (q == bq && rank(c) < rank(bc)),
            };
            if q > 0 && better {
                best = Some((q, c));
            }
        }
        best.map_or(Compression::Identity, |(_, c)| c)
    }
}

fn rank(c: Compression) -> u8 {
    match c {
        Compression::Zstd => 0,
        Compression::Gzip => 1,
        Compression::Identity => 2,
    }
}

/// A q-value in thousandths (`0.5` → 500); unparsable counts as 0 (refused).
fn parse_q(s: &str) -> u16 {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let whole: u16 = match int {
        "0" => 0,
        "1" => 1000,
        _ => return 0,
    };
    let digits: String = frac.chars().take(3).collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return 0;
    }
    let frac: u16 = format!("{digits:0<3}").parse().unwrap_or(0);
    (whole + frac).min(1000)
}

/// A format and a compression: everything needed to read or write a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Encoding {
    pub format: Format,
    pub compression: Compression,
}

impl Encoding {
    /// The default for sync requests and replies.
    pub const BINARY_ZSTD: Encoding = Encoding::new(Format::Postcard, Compression::Zstd);
    pub const BINARY_GZIP: Encoding = Encoding::new(Format::Postcard, Compression::Gzip);
    /// For debugging and error bodies.
    pub const JSON: Encoding = Encoding::new(Format::Json, Compression::Identity);

    pub const fn new(format: Format, compression: Compression) -> Self {
        Encoding {
            format,
            compression,
        }
    }

    /// From the `Content-Type` and `Content-Encoding` headers of a request or reply.
    pub fn from_headers(
        content_type: Option<&str>,
        content_encoding: Option<&str>,
    ) -> Result<Self> {
        let format = Format::from_content_type(content_type.unwrap_or(""))?;
        Ok(Encoding::new(
            format,
            Compression::from_content_encoding(content_encoding)?,
        ))
    }
}

/// Serializes and compresses `value` at the default level.
pub fn encode<T: Serialize + ?Sized>(value: &T, encoding: Encoding) -> Result<Vec<u8>> {
    let level = match encoding.compression {
        Compression::Gzip => GZIP_DEFAULT_LEVEL,
        Compression::Zstd | Compression::Identity => ZSTD_DEFAULT_LEVEL,
    };
    encode_with_level(value, encoding, level)
}

/// Serializes and compresses `value` at `level` (zstd 1..=22, gzip 0..=9; clamped).
pub fn encode_with_level<T: Serialize + ?Sized>(
    value: &T,
    encoding: Encoding,
    level: i32,
) -> Result<Vec<u8>> {
    let raw = serialize(value, encoding.format)?;
    compress(raw, encoding.compression, level)
}

/// The uncompressed bytes of `value` in `format` (its size is what batches are cut by).
pub fn serialize<T: Serialize + ?Sized>(value: &T, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Postcard => {
            postcard::to_stdvec(value).map_err(|e| ProtocolError::Encode(e.to_string()))
        }
        Format::Json => serde_json::to_vec(value).map_err(|e| ProtocolError::Encode(e.to_string())),
    }
}

/// Compresses `raw` (identity returns it as is).
pub fn compress(raw: Vec<u8>, compression: Compression, level: i32) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| ProtocolError::Encode(e.to_string());
    match compression {
        Compression::Identity => Ok(raw),
        Compression::Zstd => {
            let range = zstd::compression_level_range();
            let level = level.clamp(*range.start(), *range.end());
            // Bulk compression records the content size and fits the window to it, so the
            // decoder's window cap never refuses an honest body.
            zstd::bulk::compress(&raw, level).map_err(io)
        }
        Compression::Gzip => {
            let level = flate2::Compression::new(level.clamp(0, 9).unsigned_abs());
            let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(raw.len() / 4), level);
            enc.write_all(&raw).map_err(io)?;
            enc.finish().map_err(io)
        }
    }
}

/// Decompresses `body`, refusing input or output larger than `max_decoded_bytes`.
pub fn decompress(
    body: &[u8],
    compression: Compression,
    max_decoded_bytes: usize,
) -> Result<Cow<'_, [u8]>> {
    let too_large = ProtocolError::TooLarge {
        limit: max_decoded_bytes,
    };
    if body.len() > max_decoded_bytes {
        return Err(too_large);
    }
    let bad = |e: std::io::Error| ProtocolError::Decompress(e.to_string());
    let limit = u64::try_from(max_decoded_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut out = Vec::new();
    match compression {
        Compression::Identity => return Ok(Cow::Borrowed(body)),
        Compression::Zstd => {
            let mut dec = zstd::stream::read::Decoder::with_buffer(body).map_err(bad)?;
            dec.window_log_max(window_log_for(max_decoded_bytes))
                .map_err(bad)?;
            dec.take(limit).read_to_end(&mut out).map_err(bad)?;
        }
        Compression::Gzip => {
            flate2::read::GzDecoder::new(body)
                .take(limit)
                .read_to_end(&mut out)
                .map_err(bad)?;
        }
    }
    if out.len() > max_decoded_bytes {
        return Err(too_large);
    }
    Ok(Cow::Owned(out))
}

/// The largest zstd window (log2 bytes) a frame may ask for when at most `max` bytes may come
/// out: a window past the whole output is never needed, so a frame asking for more is refused
/// before its memory is allocated. Between zstd's minimum (1 KiB) and its default cap
/// (128 MiB). [`compress`] fits the window to the content; a streaming encoder that does not
/// know the size declares its level's window (2^23 at level 19), which the 8 MiB
/// `MAX_DECODED_BYTES` allows.
fn window_log_for(max: usize) -> u32 {
    let bits = usize::BITS - max.saturating_sub(1).leading_zeros();
    bits.clamp(10, 27)
}

/// Parses `bytes` in `format`, refusing trailing bytes.
pub fn deserialize<T: DeserializeOwned>(bytes: &[u8], format: Format) -> Result<T> {
    match format {
        Format::Postcard => {
            let (value, rest) = postcard::take_from_bytes::<T>(bytes)
                .map_err(|e| ProtocolError::Decode(e.to_string()))?;
            if !rest.is_empty() {
                return Err(ProtocolError::Decode(format!(
                    "{} trailing bytes",
                    rest.len()
                )));
            }
            Ok(value)
        }
        Format::Json => {
            serde_json::from_slice(bytes).map_err(|e| ProtocolError::Decode(e.to_string()))
        }
    }
}

/// Decompresses and parses a body, within `max_decoded_bytes`.
pub fn decode<T: DeserializeOwned>(
    body: &[u8],
    encoding: Encoding,
    max_decoded_bytes: usize,
) -> Result<T> {
    let raw = decompress(body, encoding.compression, max_decoded_bytes)?;
    deserialize(&raw, encoding.format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_parse_both_ways() {
        for f in [Format::Postcard, Format::Json] {
            assert_eq!(Format::from_content_type(f.content_type()).unwrap(), f);
        }
        assert_eq!(
            Format::from_content_type("Application/JSON; charset=utf-8").unwrap(),
            Format::Json
        );
        assert_eq!(
            Format::from_content_type("text/html").unwrap_err().code(),
            "unsupported_encoding"
        );
        for c in [Compression::Identity, Compression::Zstd, Compression::Gzip] {
            assert_eq!(
                Compression::from_content_encoding(Some(c.header_value())).unwrap(),
                c
            );
        }
        assert_eq!(
            Compression::from_content_encoding(None).unwrap(),
            Compression::Identity
        );
        assert!(Compression::from_content_encoding(Some("br")).is_err());
        let enc = Encoding::from_headers(Some(CONTENT_TYPE_POSTCARD), Some("zstd")).unwrap();
        assert_eq!(enc, Encoding::BINARY_ZSTD);
        assert!(Encoding::from_headers(None, None).is_err());
    }

    #[test]
    fn negotiation_prefers_zstd_then_gzip_and_honours_q() {
        use Compression::*;
        assert_eq!(Compression::negotiate(None), Identity);
        assert_eq!(Compression::negotiate(Some("gzip, deflate, br")), Gzip);
        assert_eq!(Compression::negotiate(Some("gzip, zstd")), Zstd);
        assert_eq!(Compression::negotiate(Some("zstd;q=0, gzip")), Gzip);
        assert_eq!(Compression::negotiate(Some("zstd;q=0.5, gzip;q=0.8")), Gzip);
        assert_eq!(Compression::negotiate(Some("*")), Zstd);
        assert_eq!(Compression::negotiate(Some("br")), Identity);
    }

    #[test]
    fn q_values() {
        assert_eq!(parse_q("1"), 1000);
        assert_eq!(parse_q("0.5"), 500);
        assert_eq!(parse_q("0.123"), 123);
        assert_eq!(parse_q("0"), 0);
        assert_eq!(parse_q("x"), 0);
        assert_eq!(parse_q("1.000"), 1000);
    }

    #[test]
    fn window_cap_follows_the_limit() {
        assert_eq!(window_log_for(0), 10);
        assert_eq!(window_log_for(1024), 10);
        assert_eq!(window_log_for(1025), 11);
        assert_eq!(window_log_for(8 * 1024 * 1024), 23);
        assert_eq!(window_log_for(usize::MAX), 27);
    }
}
