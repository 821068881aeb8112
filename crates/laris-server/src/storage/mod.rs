//! Storage: one async trait, two backends. [`sqlite`] keeps everything in one embedded file
//! (one server process per file; admin commands may open it alongside); [`postgres`] serves
//! any number of stateless server processes on one database.
//!
//! Every method is scoped by a store id the caller took from a verified credential, and every
//! table keys by store first, so no method can reach another store's rows. Migrations are
//! embedded, run in one transaction, and a database with a newer schema is refused.

mod error;
pub mod postgres;
pub mod sqlite;
pub mod web;

pub use error::StorageError;

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use laris_protocol::v1::api::{DeviceSummary, ProofV1};
use laris_protocol::v1::{Change, Event, ProductV1, PullReply, RecoverReply};
use uuid::Uuid;

use crate::config::LockoutPolicy;
use crate::prepare::{PreparedEvent, decode_body, decode_product};
pub use crate::push_outcome::PushOutcome;
use crate::returns::OverRefund;
use crate::stored::{EventKind, PaymentMethod};

/// What a storage method returns.
pub type StorageFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StorageError>> + Send + 'a>>;

/// A store to create, with its owner.
#[derive(Debug, Clone)]
pub struct NewStore {
    pub store_id: Uuid,
    pub name: String,
    pub epoch: Uuid,
    pub owner_email: String,
    /// argon2id PHC string of a new account's password (unused for an existing account).
    pub owner_password_hash: String,
    /// Adds the shop to the account `owner_email` has (an outlet); otherwise the account is
    /// made with the shop, and an email that has one is refused ([`StorageError::EmailTaken`]).
    pub existing_account: bool,
    /// A sign-up link's token hash, used in the same transaction (once).
    pub invite_hash: Option<[u8; 32]>,
    pub now_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreInfo {
    pub store_id: Uuid,
    pub name: String,
    pub epoch: Uuid,
    pub last_change_seq: u64,
}

/// A pairing code to store (its hash: the code itself is shown once).
#[derive(Debug, Clone)]
pub struct NewPairingCode {
    pub store_id: Uuid,
    pub code_hash: [u8; 32],
    pub now_ms: i64,
    pub expires_at_ms: i64,
    /// Re-enrols this device of the store only (an owner action); None: pairs a new device.
    pub for_device: Option<Uuid>,
}

/// A device pairing with a code.
#[derive(Debug, Clone)]
pub struct NewDevice {
    pub code_hash: [u8; 32],
    pub device_id: Uuid,
    pub name: String,
    /// The receipt prefix.
    pub code: String,
    /// SHA-256 of the device's own key: its credential's secret.
    pub credential_hash: [u8; 32],
    pub now_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairOutcome {
    Paired {
        store_id: Uuid,
        store_name: String,
    },
    /// Nothing changed (the code stays as it was).
    Refused(crate::pairing_rules::PairRefusal),
    /// Another device of the store prints with this prefix: nothing changed.
    DeviceCodeTaken {
        code: String,
        suggestion: String,
    },
}

impl PairOutcome {
    /// What pairing `device` writes by [`crate::pairing_rules::writes`], or its refusal.
    pub(crate) fn writes(
        code: Option<&crate::pairing_rules::CodeRow>,
        existing: Option<&crate::pairing_rules::DeviceRow>,
        device: &NewDevice,
    ) -> Result<crate::pairing_rules::PairWrites, Self> {
        crate::pairing_rules::writes(
            code,
            existing,
            device.device_id,
            &device.credential_hash,
            device.now_ms,
        )
        .map_err(PairOutcome::Refused)
    }

    /// The refusal of `device`'s receipt prefix, which another device of the store prints
    /// with (`taken`: the store's prefixes as `pairing_rules::code_key` spells them), with a
    /// free one to suggest.
    pub(crate) fn code_taken(device: &NewDevice, taken: &[String]) -> Self {
        PairOutcome::DeviceCodeTaken {
            code: device.code.clone(),
            suggestion: crate::pairing_rules::free_code(taken),
        }
    }
}

/// A store as the operator's listing shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoreListing {
    pub store_id: Uuid,
    pub name: String,
    /// None only for a store whose owner row is missing (none is made that way).
    pub owner_email: Option<String>,
    /// Paired devices, revoked ones included.
    pub devices: u64,
    pub created_at_ms: i64,
}

/// The listing's query, the same SQL on both backends.
pub(crate) const STORE_LISTING_SQL: &str = "
    SELECT s.store_id, s.name,
           (SELECT MIN(o.email) FROM owners o WHERE o.store_id = s.store_id),
           (SELECT COUNT(*) FROM devices d WHERE d.store_id = s.store_id),
           s.created_at_ms
    FROM stores s ORDER BY s.created_at_ms, s.store_id";

/// What authenticating a device needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialRow {
    pub credential_hash: Vec<u8>,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRow {
    /// The account's first shop: where the till's owner login signs in.
    pub store_id: Uuid,
    pub password_hash: String,
    /// Consecutive failed logins since the last success.
    pub failed_logins: u32,
    /// Logins are refused until then (0: never locked).
    pub locked_until_ms: i64,
}

/// An owner account after one more failed login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailure {
    pub failures: u32,
    pub locked_until_ms: i64,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub store_id: Uuid,
    pub session_id: Uuid,
    pub token_hash: [u8; 32],
    pub now_ms: i64,
    pub expires_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub token_hash: Vec<u8>,
    pub expires_at_ms: i64,
    pub revoked: bool,
}

/// An owner session as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub session_id: Uuid,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
}

/// What a handshake says of the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSeen {
    pub now_ms: i64,
    pub protocol_version: u16,
    /// Its outbox head.
    pub reported_seq: u64,
    /// The sync library's version its requests name (`User-Agent: laris-sync/0.1.0`), cut to
    /// [`MAX_APP_VERSION_CHARS`].
    pub app_version: Option<String>,
}

/// The longest app version kept.
pub const MAX_APP_VERSION_CHARS: usize = 40;

/// What a handshake tells the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncHead {
    pub epoch: Uuid,
    pub acked_seq: u64,
    pub head_change_seq: u64,
}

/// Sales whose time falls in [from_ms, to_ms), days counted at `tz_offset_ms` from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryRange {
    pub from_ms: i64,
    pub to_ms: i64,
    pub tz_offset_ms: i64,
}

/// One group of a summary: a key and its sales count and total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryGroup<K> {
    pub key: K,
    pub sales: u64,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SummaryRows {
    /// Day number since 1970-01-01 in the range's time zone.
    pub by_day: Vec<SummaryGroup<i64>>,
    /// Device code (its id when the device is unknown).
    pub by_device: Vec<SummaryGroup<String>>,
    /// cash | qris | transfer: sales paid (partly) that way and the amount.
    pub by_method: Vec<SummaryGroup<&'static str>>,
    /// The voids and refunds made in the range (by their own time, whatever the sale's day),
    /// and the money they paid back.
    pub returns: u64,
    pub returns_total: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StockLevel {
    pub product_id: Uuid,
    pub qty_milli: i64,
}

/// The server's database. Implementations must be safe for concurrent use, and keep every
/// invariant in the database itself (no state across calls that another process would miss).
pub trait Storage: web::WebStorage + Send + Sync + fmt::Debug {
    /// "sqlite" or "postgres".
    fn backend(&self) -> &'static str;

    fn create_store(&self, new: NewStore) -> StorageFuture<'_, ()>;
    fn store(&self, store_id: Uuid) -> StorageFuture<'_, Option<StoreInfo>>;
    /// Every store, oldest first.
    fn stores(&self) -> StorageFuture<'_, Vec<StoreListing>>;
    /// Gives `store_id` (or every store) a new random epoch. Run after restoring a backup:
    /// devices then re-upload what the restored data lacks and pull again from the start.
    fn rotate_epoch(&self, store_id: Option<Uuid>) -> StorageFuture<'_, u64>;

    fn add_pairing_code(&self, code: NewPairingCode) -> StorageFuture<'_, ()>;
    /// Pairs the device by `pairing_rules::plan`, using the code (atomically, once), in one
    /// transaction.
    fn pair_device(&self, device: NewDevice) -> StorageFuture<'_, PairOutcome>;
    fn device_credential(
        &self,
        store_id: Uuid,
        device_id: Uuid,
    ) -> StorageFuture<'_, Option<CredentialRow>>;
    fn devices(&self, store_id: Uuid) -> StorageFuture<'_, Vec<DeviceSummary>>;
    /// Revokes a device (the first revocation's time stays); None if the store has no such device.
    fn revoke_device(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        now_ms: i64,
    ) -> StorageFuture<'_, Option<DeviceSummary>>;

    fn owner_by_email(&self, email: String) -> StorageFuture<'_, Option<OwnerRow>>;
    fn add_owner_session(&self, session: NewSession) -> StorageFuture<'_, ()>;
    fn owner_session(
        &self,
        store_id: Uuid,
        session_id: Uuid,
    ) -> StorageFuture<'_, Option<SessionRow>>;
    /// The store's sessions, newest first, at most [`SESSION_LIST_MAX`].
    fn owner_sessions(&self, store_id: Uuid) -> StorageFuture<'_, Vec<SessionInfo>>;
    /// Revokes a session (the first revocation's time stays); None if the store has no such
    /// session.
    fn revoke_owner_session(
        &self,
        store_id: Uuid,
        session_id: Uuid,
        now_ms: i64,
    ) -> StorageFuture<'_, Option<SessionInfo>>;
    /// Counts one more failed login of the account `email` (the till's owner login and the
    /// back office's share it) and locks the account as `policy` says, atomically
    /// (concurrent failures on any process each count).
    fn record_login_failure(
        &self,
        email: String,
        now_ms: i64,
        policy: LockoutPolicy,
    ) -> StorageFuture<'_, LoginFailure>;
    /// A successful login: the failures are forgotten and the lock lifted.
    fn reset_login_failures(&self, email: String) -> StorageFuture<'_, ()>;

    /// The epoch, the device's acknowledged seq and the head; notes the device was seen, the
    /// protocol version it speaks (for [`hold_back_unreadable`] in its pulls) and its outbox
    /// head `reported_seq`: once every seq up to it is held, the device is complete up to
    /// this handshake's time (see [`web::DeviceStatus`]).
    fn handshake(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        seen: DeviceSeen,
    ) -> StorageFuture<'_, SyncHead>;
    /// Applies a push in one transaction (see `prepare` and the backends for the rules).
    fn push(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        events: Vec<PreparedEvent>,
        now_ms: i64,
    ) -> StorageFuture<'_, PushOutcome>;
    /// Changes after `cursor` not made by `device_id`, at most `limit` (≥ 1).
    fn pull(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        cursor: u64,
        limit: u32,
    ) -> StorageFuture<'_, PullReply>;
    fn proof(&self, store_id: Uuid, device_id: Uuid) -> StorageFuture<'_, Option<ProofV1>>;
    /// The device's own held events with seqs in `(after_seq, up_to_seq]`, at most `limit`:
    /// a sale or movement as it was pushed, a product as the store has it now; a seq that was
    /// quarantined or made no change of its own is passed over.
    fn recover(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        after_seq: u64,
        up_to_seq: u64,
        limit: u32,
    ) -> StorageFuture<'_, RecoverReply>;
    fn summary(&self, store_id: Uuid, range: SummaryRange) -> StorageFuture<'_, SummaryRows>;
    /// The sales with a return made in the range that their returns (all of them, any day)
    /// exceed ([`crate::returns::over_refunds`]), by sale id.
    fn over_refunds(
        &self,
        store_id: Uuid,
        range: SummaryRange,
    ) -> StorageFuture<'_, Vec<OverRefund>>;

    /// Every customer version, kasbon entry and shift event of the store, for
    /// [`crate::books::books`].
    fn books(&self, store_id: Uuid) -> StorageFuture<'_, Vec<crate::books::StoredBook>>;

    /// Σ movements per product: for the owner's tools and the end-to-end tests.
    fn stock_levels(&self, store_id: Uuid) -> StorageFuture<'_, Vec<StockLevel>>;
    fn product(&self, store_id: Uuid, product_id: Uuid) -> StorageFuture<'_, Option<ProductV1>>;
}

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageLocation {
    /// An embedded SQLite file (created with its directory if missing).
    Sqlite(PathBuf),
    /// A `postgres://` URL.
    Postgres(String),
}

/// Opens (and migrates) the storage at `location`.
pub async fn open(location: &StorageLocation) -> Result<Arc<dyn Storage>, StorageError> {
    Ok(match location {
        StorageLocation::Sqlite(path) => Arc::new(sqlite::SqliteStorage::open(path.clone()).await?),
        StorageLocation::Postgres(url) => Arc::new(postgres::PostgresStorage::connect(url).await?),
    })
}

/// u64 ↔ i64 for database integers (seqs never reach 2^63).
pub(crate) fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(crate) fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

pub(crate) fn to_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

/// A device's last-seen time is written at most this often by handshakes (a handshake then
/// writes nothing, which on SQLite keeps it off the single writer).
pub(crate) const SEEN_EVERY_MS: i64 = 60_000;

/// Pairing codes and sessions this long past their expiry are deleted (when the next one of
/// the store is made).
pub(crate) const EXPIRED_KEPT_MS: i64 = 24 * 60 * 60 * 1000;

/// A change body as stored, decoded.
pub(crate) fn decode_change(bytes: &[u8]) -> Result<laris_protocol::v1::EventBody, StorageError> {
    decode_body(bytes).map_err(|source| StorageError::Corrupt {
        what: "change body",
        source,
    })
}

/// A product row's body, decoded.
pub(crate) fn decode_stored_product(bytes: &[u8]) -> Result<ProductV1, StorageError> {
    decode_product(bytes).map_err(|source| StorageError::Corrupt {
        what: "product row",
        source,
    })
}

/// Owner sessions a listing shows at most (the newest).
pub const SESSION_LIST_MAX: i64 = 200;

/// Rows of gaps and quarantined events a proof lists at most.
pub(crate) const PROOF_LIST_MAX: i64 = 1_000;

/// The reply of a pull whose cursor is at or past the head (nothing to read), or None.
pub(crate) fn nothing_after(cursor: u64, head: u64) -> Option<PullReply> {
    (cursor >= head).then(|| PullReply {
        changes: Vec::new(),
        next_cursor: cursor,
        has_more: false,
    })
}

/// A page cut before the first change the device's protocol version cannot read: the device
/// stops there (its cursor stays before it, `has_more` false) and, once updated and its
/// handshake says so, gets it and everything after. Nothing is skipped for good.
pub(crate) fn hold_back_unreadable(
    reply: PullReply,
    device_version: u16,
    cursor: u64,
) -> PullReply {
    let Some(cut) = reply
        .changes
        .iter()
        .position(|c| c.body.since() > device_version)
    else {
        return reply;
    };
    let mut changes = reply.changes;
    changes.truncate(cut);
    let next_cursor = changes.last().map_or(cursor, |c| c.change_seq);
    PullReply {
        changes,
        next_cursor,
        has_more: false,
    }
}

/// Cuts `changes` (up to `limit + 1` of them) into a page.
pub(crate) fn page(mut changes: Vec<Change>, limit: u32, head: u64) -> PullReply {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if changes.len() > limit {
        changes.truncate(limit);
        let next_cursor = changes.last().map_or(head, |c| c.change_seq);
        PullReply {
            changes,
            next_cursor,
            has_more: true,
        }
    } else {
        // Everything up to the head was looked at: the device's own changes are passed too.
        PullReply {
            changes,
            next_cursor: head,
            has_more: false,
        }
    }
}

/// One held seq as recovery reads it: its kind and record id, and the body of the change it
/// made (if any).
pub(crate) struct RecoveredRow {
    pub seq: u64,
    pub kind: EventKind,
    pub entity_id: Option<Uuid>,
    pub change_body: Option<Vec<u8>>,
}

/// The reply of a recovery from the rows read (at most `limit` of them, in seq order) and the
/// current product records they name (`product` looks one up).
pub(crate) fn recovered(
    rows: Vec<RecoveredRow>,
    limit: u32,
    up_to_seq: u64,
    mut product: impl FnMut(Uuid) -> Result<Option<ProductV1>, StorageError>,
) -> Result<RecoverReply, StorageError> {
    let has_more = rows.len() >= usize::try_from(limit).unwrap_or(usize::MAX);
    let next_after = match rows.last() {
        Some(last) if has_more => last.seq,
        _ => up_to_seq,
    };
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let body = if row.kind == EventKind::ProductUpsert {
            // The store's record now: every edit merged, not only this event's.
            let Some(p) = row.entity_id.map(&mut product).transpose()?.flatten() else {
                continue;
            };
            laris_protocol::v1::EventBody::ProductUpsert(Box::new(p))
        } else if let Some(body) = &row.change_body {
            decode_change(body)?
        } else {
            continue;
        };
        events.push(Event { seq: row.seq, body });
    }
    Ok(RecoverReply {
        events,
        next_after,
        has_more,
    })
}

/// cash, qris, transfer, kasbon: the methods that were used.
pub(crate) fn method_groups(sums: [(i64, i64); 4]) -> Vec<SummaryGroup<&'static str>> {
    PaymentMethod::ALL
        .iter()
        .map(|m| m.as_str())
        .zip(sums)
        .filter(|(_, (n, _))| *n > 0)
        .map(|(key, (n, total))| SummaryGroup {
            key,
            sales: to_u64(n),
            total,
        })
        .collect()
}
