//! The HTTP surface of sync v1: paths, and the JSON bodies of pairing, proof of sync and the
//! owner's endpoints. Sync bodies (handshake, push, pull) travel in the binary encoding of
//! [`crate::codec`] (`Content-Type: application/x-laris-v1+postcard`, `Content-Encoding:
//! zstd|gzip`, reply compression chosen from `Accept-Encoding`); everything else is JSON.
//! Every error is JSON [`super::ErrorBody`] `{code, message}` with a fitting status.
//!
//! Auth: device endpoints take `Authorization: Bearer <device credential>` (issued once by
//! [`PAIR`], stored hashed by the server, scoped to one store and one device); owner endpoints
//! take `Authorization: Bearer <owner session token>` from [`OWNER_LOGIN`].

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `GET`: liveness, `{"status":"ok"}`.
pub const HEALTHZ: &str = "/healthz";
/// `GET`: the OpenAPI 3 document of this API (JSON).
pub const OPENAPI: &str = "/v1/openapi.json";

/// `POST` JSON [`PairRequest`] → [`PairReply`]. No auth: the single-use code is the secret.
pub const PAIR: &str = "/v1/pair";
/// `POST` binary `Handshake` → `HandshakeReply`. Device auth.
pub const HANDSHAKE: &str = "/v1/sync/handshake";
/// `POST` binary `PushRequest` → `PushReply`. Device auth.
pub const PUSH: &str = "/v1/sync/push";
/// `POST` binary `PullRequest` → `PullReply`. Device auth. A device is not sent its own changes.
pub const PULL: &str = "/v1/sync/pull";
/// `GET` → JSON [`ProofV1`]: what the server holds of the calling device. Device auth.
pub const PROOF: &str = "/v1/sync/proof";
/// `POST` binary `RecoverRequest` → `RecoverReply`: the calling device's own events the server
/// holds, for a device restored from an older backup. Device auth.
pub const RECOVER: &str = "/v1/sync/recover";

/// `POST` JSON [`OwnerLogin`] → [`OwnerSession`].
pub const OWNER_LOGIN: &str = "/v1/owner/login";
/// A till's "Daftar toko": a new owner account with its shop, and a pairing code for the till
/// that asked (it pairs with it at once). The server's sign-up policy applies.
pub const SIGNUP: &str = "/v1/signup";
/// `POST` → JSON [`PairingCode`]: a new single-use, expiring code. Owner auth.
pub const OWNER_PAIRING_CODES: &str = "/v1/owner/pairing-codes";
/// `GET` → JSON `Vec<DeviceSummary>`. Owner auth.
pub const OWNER_DEVICES: &str = "/v1/owner/devices";
/// `POST /v1/owner/devices/{device_id}/revoke` → JSON [`DeviceSummary`]. Owner auth.
pub const OWNER_DEVICE_REVOKE: &str = "/v1/owner/devices/{device_id}/revoke";
/// `POST /v1/owner/devices/{device_id}/pairing-code` → JSON [`PairingCode`]: a single-use
/// code that re-enrols that device only (a new credential; a revoked device is taken back).
/// Owner auth. Pairing never replaces a device's credential otherwise.
pub const OWNER_DEVICE_PAIRING_CODE: &str = "/v1/owner/devices/{device_id}/pairing-code";
/// `GET ?from=YYYY-MM-DD&to=YYYY-MM-DD&tz_offset_minutes=420` → JSON [`SalesSummary`]. Owner auth.
pub const OWNER_SUMMARY: &str = "/v1/owner/summary";
/// `GET /v1/owner/devices/{device_id}/proof` → JSON [`ProofV1`]. Owner auth.
pub const OWNER_DEVICE_PROOF: &str = "/v1/owner/devices/{device_id}/proof";

/// `POST` → JSON [`OwnerSessionInfo`]: revokes the presenting session (logs out). Owner auth.
pub const OWNER_LOGOUT: &str = "/v1/owner/logout";
/// `GET` → JSON `Vec<OwnerSessionInfo>`: the store's sessions, newest first. Owner auth.
pub const OWNER_SESSIONS: &str = "/v1/owner/sessions";
/// `POST /v1/owner/sessions/{session_id}/revoke` → JSON [`OwnerSessionInfo`]. Owner auth.
pub const OWNER_SESSION_REVOKE: &str = "/v1/owner/sessions/{session_id}/revoke";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PairRequest {
    pub code: String,
    /// The id the device gave itself at setup (laris-core's device id).
    pub device_id: Uuid,
    /// A human name, e.g. "Kasir depan".
    pub device_name: String,
    /// Receipt prefix, e.g. "A"; unique in the store.
    pub device_code: String,
    /// A secret the device made for itself (32 random bytes as 64 hex digits) and keeps: the
    /// secret of its credential, of which the server stores only the hash. Asking again with
    /// the same code and key (the reply was lost) gets the same credential.
    pub device_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PairReply {
    pub store_id: Uuid,
    pub store_name: String,
    pub device_id: Uuid,
    /// The device's secret. Shown once; the server keeps only a hash.
    pub credential: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OwnerLogin {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SignupRequest {
    pub email: String,
    pub password: String,
    pub store_name: String,
    /// The token of a one-time sign-up link, where the server needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SignupReply {
    pub store_id: Uuid,
    pub store_name: String,
    /// A pairing code of the new shop, for the till that signed up.
    pub pairing: PairingCode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OwnerSession {
    pub store_id: Uuid,
    pub token: String,
    pub expires_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PairingCode {
    /// Short, easy to type on a phone (e.g. 8 characters without look-alikes).
    pub code: String,
    pub expires_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeviceSummary {
    pub device_id: Uuid,
    pub name: String,
    pub code: String,
    pub paired_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    pub acked_seq: u64,
    pub last_seen_ms: Option<i64>,
}

/// Proof of sync: what the server holds of one device, for the device to compare with its
/// own outbox ("Till A: 1,234 sales up to #1,234, 0 gaps, 0 doubles, totals match").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProofV1 {
    pub device_id: Uuid,
    pub server_epoch: Uuid,
    /// Lowest and highest seq held (None: nothing yet).
    pub first_seq: Option<u64>,
    pub last_seq: Option<u64>,
    /// Events held, of every kind.
    pub events: u64,
    /// Seqs missing between first and last (should be empty).
    pub gaps: Vec<SeqRange>,
    pub sales: u64,
    /// Σ total of those sales, whole Rupiah.
    pub sales_total: i64,
    /// Events received again and not applied again.
    pub duplicates_rejected: u64,
    pub quarantined: Vec<super::QuarantinedEvent>,
    /// The identities of every seq held, digested per block of `DIGEST_BLOCK` seqs: the
    /// device compares them with its own outbox's, so the proof can never pass when the
    /// server holds other events under the same seqs.
    #[serde(default)]
    pub digests: Vec<super::SeqDigest>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SeqRange {
    pub first: u64,
    pub last: u64,
}

/// The owner's view: sales totals by day, device and payment method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SalesSummary {
    pub from: String,
    pub to: String,
    pub sales: u64,
    pub total: i64,
    pub by_day: Vec<SummaryRow>,
    pub by_device: Vec<SummaryRow>,
    pub by_method: Vec<SummaryRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummaryRow {
    /// The day (YYYY-MM-DD), device code, or payment method.
    pub key: String,
    pub sales: u64,
    pub total: i64,
}

/// One owner session of a store. A revoked or expired session's token stops working at the
/// next request, on every server process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OwnerSessionInfo {
    pub session_id: Uuid,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    /// The session of the request that asked.
    pub current: bool,
}
