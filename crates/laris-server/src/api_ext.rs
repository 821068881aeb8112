//! The owner-session endpoints' paths and JSON bodies. They belong with the rest of the
//! contract in `laris_protocol::v1::api` and are declared here only until they move there.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST` → JSON [`OwnerSessionInfo`]: revokes the presenting session (logs out). Owner auth.
pub const OWNER_LOGOUT: &str = "/v1/owner/logout";
/// `GET` → JSON `Vec<OwnerSessionInfo>`: the store's sessions, newest first. Owner auth.
pub const OWNER_SESSIONS: &str = "/v1/owner/sessions";
/// `POST /v1/owner/sessions/{session_id}/revoke` → JSON [`OwnerSessionInfo`]. Owner auth.
pub const OWNER_SESSION_REVOKE: &str = "/v1/owner/sessions/{session_id}/revoke";

/// One owner session of a store. A revoked or expired session's token stops working at the
/// next request, on every server process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerSessionInfo {
    pub session_id: Uuid,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    /// The session of the request that asked.
    pub current: bool,
}
