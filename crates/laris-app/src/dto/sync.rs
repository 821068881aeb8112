use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SyncConnectivity {
    /// Not paired with a server: nothing syncs.
    Unpaired,
    /// The last round reached the server.
    Online,
    /// The last round could not reach it; retrying with backoff.
    Offline,
    /// A round is running.
    Syncing,
    /// The server refuses this till (revoked, unknown credential, another store): syncing
    /// stopped; `last_error_code` says why. Pairing again (or "sync now") starts it.
    Refused,
}

/// What the sync badge shows; sent as the `sync-status` event whenever it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncView {
    pub connectivity: SyncConnectivity,
    /// Events (sales, stock movements, product edits) the server has not acknowledged.
    #[ts(type = "number")]
    pub pending: u64,
    /// Unix ms of the last completed round.
    #[ts(type = "number | null")]
    pub last_success_at: Option<i64>,
    #[ts(type = "ErrorCode | null")]
    pub last_error_code: Option<crate::ErrorCode>,
    pub last_error_message: Option<String>,
    pub server_url: Option<String>,
    pub store_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PairInput {
    /// `http://host:port` of the laris-server.
    pub server_url: String,
    /// The owner's single-use pairing code.
    pub code: String,
    pub device_name: Option<String>,
    /// The receipt prefix to print with from now on, when the server said another till of the
    /// store has this one's (None or the current one: unchanged).
    pub device_code: Option<String>,
}

/// "Daftar toko" from the till: the owner's new account and shop on the server.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignUpInput {
    /// `http://host:port` of the laris-server.
    pub server_url: String,
    pub email: String,
    pub password: String,
    /// The shop's name on the server (the till's own name by default).
    pub shop_name: Option<String>,
    /// The token of a one-time sign-up link, where the server needs one.
    pub invite: Option<String>,
    pub device_name: Option<String>,
}

/// The proof of sync for this till: the server's account next to the till's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProofView {
    pub device_code: String,
    /// Sales of this till the server holds.
    #[ts(type = "number")]
    pub server_sales: u64,
    #[ts(type = "number")]
    pub server_total: i64,
    /// Sales of this till up to the server's last seq.
    #[ts(type = "number")]
    pub local_sales: u64,
    #[ts(type = "number")]
    pub local_total: i64,
    /// The highest event number the server holds.
    #[ts(type = "number")]
    pub up_to: u64,
    /// The till's last event number; beyond `upTo` not sent yet.
    #[ts(type = "number")]
    pub device_last_seq: u64,
    #[ts(type = "number")]
    pub gaps: u64,
    #[ts(type = "number")]
    pub doubles: u64,
    #[ts(type = "number")]
    pub missing: u64,
    pub totals_match: bool,
    /// Everything agrees.
    pub matches: bool,
    /// The one-line English summary, as `laris sync --verify` prints it.
    pub summary: String,
}
