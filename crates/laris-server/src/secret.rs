//! Secrets: device credentials, owner session tokens, pairing codes and passwords. The server
//! stores only hashes: SHA-256 for random secrets (32 random bytes need no stretching), argon2id
//! for owners' passwords. Nothing here is ever logged.
//!
//! A token reads `<kind>.<store id>.<id>.<secret>` (ids as 32 hex digits, the secret as 64):
//! `lrd1` for a device credential (id = the device), `lro1` for an owner session (id = the
//! session). Carrying the ids lets the server find the row by its store-first key and compare
//! the secret's hash in constant time; clients treat the whole string as opaque.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The kind prefix of a device credential.
pub const DEVICE_TOKEN: &str = "lrd1";
/// The kind prefix of an owner session token.
pub const OWNER_TOKEN: &str = "lro1";
/// Pairing code symbols (no 0/O, 1/I/L look-alikes): the one rule the app reads codes by.
const CODE_ALPHABET: &[u8] = laris_protocol::PAIRING_CODE_ALPHABET.as_bytes();
pub use laris_protocol::PAIRING_CODE_LEN;

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::rng().fill_bytes(&mut b);
    b
}

/// A random (version 4) UUID.
pub fn random_uuid() -> Uuid {
    uuid::Builder::from_random_bytes(random_bytes()).into_uuid()
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// 64 hex digits as 32 bytes.
pub fn unhex32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Compares two hashes without an early exit.
pub fn same_hash(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A freshly issued token: the string for the client once, the hash for the database.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub hash: [u8; 32],
}

/// A token as presented: where to look it up, and the hash of its secret to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresentedToken {
    pub store_id: Uuid,
    pub id: Uuid,
    pub secret_hash: [u8; 32],
}

/// A new random secret and its hash.
pub fn new_secret() -> ([u8; 32], [u8; 32]) {
    let secret: [u8; 32] = random_bytes();
    (secret, sha256(&secret))
}

/// The token string of `kind` for (`store_id`, `id`) with `secret`.
pub fn format_token(kind: &str, store_id: Uuid, id: Uuid, secret: &[u8; 32]) -> String {
    format!(
        "{kind}.{}.{}.{}",
        store_id.simple(),
        id.simple(),
        hex(secret)
    )
}

/// Issues a token of `kind` for (`store_id`, `id`) with 32 random bytes of secret.
pub fn issue_token(kind: &str, store_id: Uuid, id: Uuid) -> IssuedToken {
    let (secret, hash) = new_secret();
    IssuedToken {
        token: format_token(kind, store_id, id, &secret),
        hash,
    }
}

/// Parses a token of `kind`; None if it is not one.
pub fn parse_token(kind: &str, token: &str) -> Option<PresentedToken> {
    let mut parts = token.trim().split('.');
    let (k, store, id, secret) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if k != kind || parts.next().is_some() || store.len() != 32 || id.len() != 32 {
        return None;
    }
    let secret = unhex32(secret)?;
    Some(PresentedToken {
        store_id: Uuid::try_parse(store).ok()?,
        id: Uuid::try_parse(id).ok()?,
        secret_hash: sha256(&secret),
    })
}

/// The kind prefix of a back-office session cookie: `lrw1.<session id>.<secret>` (an account
/// owns it, not a store).
pub const WEB_TOKEN: &str = "lrw1";

/// A new back-office session: the cookie's value, its hash for the database, and its CSRF
/// token.
pub fn issue_web_token(session_id: Uuid) -> (String, [u8; 32], String) {
    let (secret, hash) = new_secret();
    (
        format!("{WEB_TOKEN}.{}.{}", session_id.simple(), hex(&secret)),
        hash,
        csrf_token(&secret),
    )
}

/// A back-office cookie as presented: its session and secret.
pub fn parse_web_token(token: &str) -> Option<(Uuid, [u8; 32])> {
    let mut parts = token.trim().split('.');
    let (k, id, secret) = (parts.next()?, parts.next()?, parts.next()?);
    if k != WEB_TOKEN || parts.next().is_some() || id.len() != 32 {
        return None;
    }
    Some((Uuid::try_parse(id).ok()?, unhex32(secret)?))
}

/// The CSRF token of a session: derived from the cookie's secret, so it is never stored and
/// only a page that can read the session's own answers (same origin) learns it.
pub fn csrf_token(secret: &[u8; 32]) -> String {
    let mut bytes = b"laris-csrf:".to_vec();
    bytes.extend_from_slice(secret);
    hex(&sha256(&bytes))
}

/// A one-time sign-up link's token: 32 random bytes as hex.
pub fn new_invite_token() -> String {
    hex(&random_bytes::<32>())
}

/// The hash an invite is stored by (any string: an unknown one matches nothing).
pub fn invite_hash(token: &str) -> [u8; 32] {
    sha256(format!("laris-invite:{}", token.trim()).as_bytes())
}

/// A new pairing code: 8 symbols of 31 (about 40 bits), easy to type on a phone.
pub fn new_pairing_code() -> String {
    let bytes: [u8; PAIRING_CODE_LEN] = random_bytes();
    bytes
        .iter()
        // 256 = 8 × 31 + 8: the bias toward the first 8 symbols is negligible for a code
        // that is single-use and expires in minutes.
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

/// The hash a pairing code is stored and looked up by: read as `normalize_pairing_code` reads
/// it (case, spaces and dashes do not matter). A code no rule accepts is hashed as typed, so
/// it matches nothing.
pub fn pairing_code_hash(code: &str) -> [u8; 32] {
    let normalized = laris_protocol::normalize_pairing_code(code).unwrap_or_else(|_| code.into());
    sha256(format!("laris-pairing:{normalized}").as_bytes())
}

/// An argon2id PHC string of `password` with a random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches the PHC string `stored`.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_refuse_other_kinds() {
        let (store, dev) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let t = issue_token(DEVICE_TOKEN, store, dev);
        let p = parse_token(DEVICE_TOKEN, &t.token).unwrap();
        assert_eq!((p.store_id, p.id, p.secret_hash), (store, dev, t.hash));
        assert!(parse_token(OWNER_TOKEN, &t.token).is_none());
        assert!(parse_token(DEVICE_TOKEN, &t.token[..t.token.len() - 1]).is_none());
        assert!(parse_token(DEVICE_TOKEN, &format!("{}.x", t.token)).is_none());
        assert!(parse_token(DEVICE_TOKEN, "").is_none());
        let other = issue_token(DEVICE_TOKEN, store, dev);
        assert!(!same_hash(&other.hash, &t.hash));
    }

    #[test]
    fn pairing_codes_are_short_and_forgiving() {
        let c = new_pairing_code();
        assert_eq!(c.len(), PAIRING_CODE_LEN);
        assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_eq!(
            pairing_code_hash("abcd-efgh"),
            pairing_code_hash("ABCD EFGH")
        );
        assert_ne!(pairing_code_hash("ABCDEFGH"), pairing_code_hash("ABCDEFGJ"));
    }

    #[test]
    fn passwords_verify() {
        let h = hash_password("rahasia").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("rahasia", &h));
        assert!(!verify_password("Rahasia", &h));
        assert!(!verify_password("rahasia", "not a hash"));
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0, 255, 16]), "00ff10");
        assert_eq!(unhex32(&hex(&[7; 32])), Some([7; 32]));
    }
}
