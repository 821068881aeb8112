//! Where this device syncs and how far it got (`sync_state`): pairing, the seq the server
//! acknowledged, the pull cursor, the server's epoch, the clock offset, and the outcome of
//! the last round. laris-sync drives it; nothing here talks to a network.

use laris_protocol::hlc::Hlc;
use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::catalog::edits::{PRODUCT_EVENT, enqueue_catalog, sync_enabled};
use crate::catalog::record::STAMP_COLUMNS;
use crate::error::{CoreError, Result};
use crate::store::{DeviceStore, immediate_tx};
use crate::sync::hlc::hlc_to_sql;

/// The error of the last failed round.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyncFailure {
    pub at: i64,
    pub code: String,
    pub message: String,
}

/// This device's sync state. Its `Debug` and `Serialize` forms leave the credential out.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyncState {
    pub server_url: Option<String>,
    pub store_id: Option<Uuid>,
    pub store_name: Option<String>,
    /// The device's secret; never printed.
    #[serde(skip)]
    pub credential: Option<String>,
    pub paired_at: Option<i64>,
    /// Every outbox seq up to this one is held by the server.
    pub acked_seq: u64,
    /// The highest seq in the outbox (0: empty).
    pub last_seq: u64,
    pub pull_cursor: u64,
    pub server_epoch: Option<Uuid>,
    pub clock_offset_ms: i64,
    /// New outbox entries are numbered after this seq: the highest the server was found to
    /// hold beyond this database's own (0: never; see [`DeviceStore::adopt_server_head`]).
    pub seq_floor: u64,
    /// The server holds this device's events with seqs in `(lost_after, seq_floor]` that
    /// this database lacks (restored from an older backup): they are asked back.
    pub lost_after: Option<u64>,
    pub last_success_at: Option<i64>,
    pub last_error: Option<SyncFailure>,
}

impl std::fmt::Debug for SyncState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncState")
            .field("server_url", &self.server_url)
            .field("store_id", &self.store_id)
            .field(
                "credential",
                &self.credential.as_ref().map(|_| "<redacted>"),
            )
            .field("paired_at", &self.paired_at)
            .field("acked_seq", &self.acked_seq)
            .field("last_seq", &self.last_seq)
            .field("pull_cursor", &self.pull_cursor)
            .field("server_epoch", &self.server_epoch)
            .field("seq_floor", &self.seq_floor)
            .field("lost_after", &self.lost_after)
            .field("last_error", &self.last_error)
            .finish_non_exhaustive()
    }
}

impl SyncState {
    pub fn is_paired(&self) -> bool {
        self.paired_at.is_some() && self.credential.is_some() && self.server_url.is_some()
    }

    /// Outbox entries the server has not acknowledged.
    pub fn pending(&self) -> u64 {
        self.last_seq.saturating_sub(self.acked_seq)
    }

    /// The seqs `(after, up_to]` to ask the server back, if this device lost some.
    pub fn lost_range(&self) -> Option<(u64, u64)> {
        self.lost_after
            .filter(|after| *after < self.seq_floor)
            .map(|after| (after, self.seq_floor))
    }
}

/// What pairing with a server gave this device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    pub server_url: String,
    pub store_id: Uuid,
    pub store_name: String,
    pub credential: String,
}

/// What the server said at a handshake, with the protocol's reading of it
/// (`HandshakeReply::resume`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerHead {
    pub epoch: Uuid,
    /// The highest seq of this device the server holds.
    pub acked_seq: u64,
    /// The server lost or renumbered changes: pull again from cursor 0.
    pub reset_cursor: bool,
}

/// Where a round goes on after the handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncPosition {
    /// Push the outbox from this seq on.
    pub push_from: u64,
    /// Pull from this cursor.
    pub pull_cursor: u64,
    /// What this device believed the server acknowledged before the handshake.
    pub acked_before: u64,
    pub epoch_changed: bool,
}

pub(crate) fn last_seq(conn: &Connection) -> Result<u64> {
    let seq: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM outbox")?
        .query_row([], |r| r.get(0))?;
    Ok(u64::try_from(seq).unwrap_or(0))
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

pub(crate) fn load(conn: &Connection) -> Result<SyncState> {
    let mut state = conn
        .prepare_cached(
            "SELECT server_url, store_id, store_name, credential, paired_at, acked_seq,
                 pull_cursor, server_epoch, clock_offset_ms, seq_floor, lost_after,
                 last_success_at, last_error_at, last_error_code, last_error_message
             FROM sync_state",
        )?
        .query_row([], |r| {
            let error_at: Option<i64> = r.get(12)?;
            let code: Option<String> = r.get(13)?;
            let message: Option<String> = r.get(14)?;
            Ok(SyncState {
                server_url: r.get(0)?,
                store_id: r.get(1)?,
                store_name: r.get(2)?,
                credential: r.get(3)?,
                paired_at: r.get(4)?,
                acked_seq: to_u64(r.get(5)?),
                last_seq: 0,
                pull_cursor: to_u64(r.get(6)?),
                server_epoch: r.get(7)?,
                clock_offset_ms: r.get(8)?,
                seq_floor: to_u64(r.get(9)?),
                lost_after: r.get::<_, Option<i64>>(10)?.map(to_u64),
                last_success_at: r.get(11)?,
                last_error: error_at.map(|at| SyncFailure {
                    at,
                    code: code.unwrap_or_default(),
                    message: message.unwrap_or_default(),
                }),
            })
        })?;
    state.last_seq = last_seq(conn)?;
    Ok(state)
}

impl DeviceStore {
    pub fn sync_state(&self) -> Result<SyncState> {
        load(&self.conn)
    }

    /// The largest HLC stamp this device made or merged.
    pub fn hlc_last(&self) -> Hlc {
        self.hlc.last()
    }

    /// The highest seq in the outbox (0: empty).
    pub fn last_seq(&self) -> Result<u64> {
        last_seq(&self.conn)
    }

    /// Saves what pairing gave this device, and, on its first pairing, enqueues the whole
    /// catalog. Pairing again with the same store replaces the URL and credential; another
    /// store is refused. Returns the number of products enqueued.
    pub fn save_pairing(&mut self, pairing: &Pairing) -> Result<usize> {
        self.device()?;
        let now = self.clock.now_ms();
        let tx = immediate_tx(&mut self.conn)?;
        let state = load(&tx)?;
        if let Some(store) = state.store_id.filter(|s| *s != pairing.store_id) {
            return Err(CoreError::AlreadyPaired {
                store: state.store_name.unwrap_or_else(|| store.to_string()),
            });
        }
        let first = !sync_enabled(&tx)?;
        tx.execute(
            "UPDATE sync_state SET server_url = ?1, store_id = ?2, store_name = ?3,
                 credential = ?4, paired_at = COALESCE(paired_at, ?5)",
            params![
                pairing.server_url,
                pairing.store_id,
                pairing.store_name,
                pairing.credential,
                now
            ],
        )?;
        let enqueued = if first {
            // Customers sync like products: their latest records, once.
            crate::books::customers::enqueue_all(&tx, now)?;
            enqueue_catalog(&tx, &mut self.hlc, now)?
        } else {
            0
        };
        tx.commit()?;
        Ok(enqueued)
    }

    /// The key this device pairs with: the one it has, or `fresh()` (64 hex digits of 32
    /// random bytes, made by the caller), kept from then on. Kept before the request is sent,
    /// so a retry after a lost reply, even after a restart, sends the same key.
    pub fn device_key(&mut self, fresh: impl FnOnce() -> String) -> Result<String> {
        let have: Option<String> =
            self.conn
                .query_row("SELECT device_key FROM sync_state", [], |r| r.get(0))?;
        if let Some(key) = have {
            return Ok(key);
        }
        let key = fresh();
        if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(CoreError::invalid("device_key", "64 hex digits"));
        }
        self.conn.execute(
            "UPDATE sync_state SET device_key = ?1 WHERE device_key IS NULL",
            [&key],
        )?;
        Ok(self
            .conn
            .query_row("SELECT device_key FROM sync_state", [], |r| r.get(0))?)
    }

    /// Forgets the server's address and this till's credential: syncing stops until the till
    /// is paired again. The store it belongs to is kept, so it can only rejoin that store
    /// (its sales carry the store's numbering), and nothing in the outbox is lost: what was
    /// not acknowledged is sent after pairing again.
    pub fn forget_pairing(&mut self) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_state SET server_url = NULL, credential = NULL, last_error_at = NULL,
                 last_error_code = NULL, last_error_message = NULL",
            [],
        )?;
        Ok(())
    }

    /// Takes the server's view from a handshake. The server's acknowledged seq `m` against
    /// this device's `k`:
    /// - `m < k`: the server lost data (restored from a backup): push again from `m + 1`.
    /// - `m > k`: a reply was lost, or this database was restored from an older backup and
    ///   may have made other events under seqs the server holds. Entries in `(k, m]` are sent
    ///   again from `k + 1` for the server to compare with what it holds (it refuses another
    ///   event under a held seq: [`Self::move_after_server`]); with none there, `m` is taken.
    /// - `m` past this database's last seq: it was restored from an older backup. New entries
    ///   are numbered after `m` from now on, and the seqs it lacks are asked back
    ///   ([`SyncState::lost_range`]).
    ///
    /// The pull cursor restarts when the server says so.
    pub fn adopt_server_head(&mut self, head: &ServerHead) -> Result<SyncPosition> {
        let tx = immediate_tx(&mut self.conn)?;
        let state = load(&tx)?;
        if !state.is_paired() {
            return Err(CoreError::NotPaired);
        }
        let epoch_changed = state.server_epoch.is_some_and(|e| e != head.epoch);
        let (k, m) = (state.acked_seq, head.acked_seq);
        if m > state.last_seq {
            note_server_ahead(&tx, state.last_seq, m)?;
        }
        let acked = if m <= k || !has_entries_in(&tx, k, m)? {
            m
        } else {
            k
        };
        let cursor = if head.reset_cursor || epoch_changed {
            0
        } else {
            state.pull_cursor
        };
        tx.execute(
            "UPDATE sync_state SET acked_seq = ?1, server_epoch = ?2, pull_cursor = ?3",
            params![to_i64(acked), head.epoch, to_i64(cursor)],
        )?;
        tx.commit()?;
        Ok(SyncPosition {
            push_from: acked + 1,
            pull_cursor: cursor,
            acked_before: k,
            epoch_changed,
        })
    }

    /// Notes that the server holds every seq up to `seq`, all of them compared with this
    /// device's own. Never lowers the acknowledged seq; an acknowledgement past what this
    /// device holds or knows the server to hold is refused.
    pub fn mark_acked(&mut self, seq: u64) -> Result<u64> {
        let tx = immediate_tx(&mut self.conn)?;
        let state = load(&tx)?;
        if seq > state.last_seq.max(state.seq_floor) {
            return Err(CoreError::AckedBeyondOutbox {
                server_acked: seq,
                device_last: state.last_seq,
            });
        }
        tx.execute(
            "UPDATE sync_state SET acked_seq = MAX(acked_seq, ?1)",
            [to_i64(seq)],
        )?;
        let acked = load(&tx)?.acked_seq;
        tx.commit()?;
        Ok(acked)
    }

    /// The server refused a push: it holds another event of this device under `seq`, and
    /// every seq up to `server_acked`. This database was restored from an older backup and
    /// made new events under seqs the lost file had used. Those entries, `seq` and after,
    /// move (in order, without gaps) to follow `server_acked`, where the server expects this
    /// device's next event; the seqs they leave are the lost file's, asked back from the
    /// server. Returns
    /// the number of entries moved.
    pub fn move_after_server(&mut self, seq: u64, server_acked: u64) -> Result<u64> {
        let tx = immediate_tx(&mut self.conn)?;
        let state = load(&tx)?;
        if seq <= state.acked_seq || seq > server_acked {
            return Err(CoreError::OutboxBroken(format!(
                "the server refused #{seq} as reused, but this till's #{} is acknowledged and \
                 the server holds up to #{server_acked}",
                state.acked_seq
            )));
        }
        // Densely, in their order: entries made after the handshake raised the floor already
        // follow the server's seqs, and the server takes no gap.
        tx.execute(
            "UPDATE outbox SET seq = -seq WHERE seq >= ?1",
            [to_i64(seq)],
        )?;
        let moved = tx.execute(
            "UPDATE outbox SET seq = r.new_seq
             FROM (SELECT seq AS old, ?1 + ROW_NUMBER() OVER (ORDER BY seq DESC) AS new_seq
                   FROM outbox WHERE seq < 0) AS r
             WHERE outbox.seq = r.old",
            [to_i64(server_acked)],
        )?;
        // Every entry before `seq` was just compared and found held; the rest now follow.
        tx.execute(
            "UPDATE sync_state SET acked_seq = ?1",
            [to_i64(server_acked)],
        )?;
        note_server_ahead(&tx, seq - 1, server_acked)?;
        tx.commit()?;
        Ok(moved as u64)
    }

    /// Takes the server's clock offset learned at a handshake. If this device's clock had run
    /// further ahead than the server accepts (`max_drift_ms`), the clock restarts at the
    /// corrected time and every stamp past the bound is replaced by a fresh one (and, when
    /// paired, the products are enqueued again). Returns the number of products restamped.
    pub fn set_clock_offset(&mut self, offset_ms: i64, max_drift_ms: u64) -> Result<usize> {
        let now = self.clock.now_ms();
        let tx = immediate_tx(&mut self.conn)?;
        tx.execute("UPDATE sync_state SET clock_offset_ms = ?1", [offset_ms])?;
        let mut restamped = 0;
        if let Some(bound) = self.hlc.set_offset(offset_ms, now, max_drift_ms) {
            restamped = restamp_beyond(&tx, bound, &mut self.hlc, now)?;
        }
        self.hlc.save(&tx)?;
        tx.commit()?;
        Ok(restamped)
    }

    pub fn record_sync_success(&mut self) -> Result<()> {
        let now = self.clock.now_ms();
        self.conn.execute(
            "UPDATE sync_state SET last_success_at = ?1, last_error_at = NULL,
                 last_error_code = NULL, last_error_message = NULL",
            [now],
        )?;
        Ok(())
    }

    pub fn record_sync_error(&mut self, code: &str, message: &str) -> Result<()> {
        let now = self.clock.now_ms();
        self.conn.execute(
            "UPDATE sync_state SET last_error_at = ?1, last_error_code = ?2,
                 last_error_message = ?3",
            params![now, code, message],
        )?;
        Ok(())
    }
}

/// The server holds this device's seqs up to `server_acked`, and this database lacks those
/// after `have_up_to`: number new entries after them and ask them back.
fn note_server_ahead(tx: &Connection, have_up_to: u64, server_acked: u64) -> Result<()> {
    tx.execute(
        "UPDATE sync_state SET seq_floor = MAX(seq_floor, ?2),
             lost_after = MIN(COALESCE(lost_after, ?1), ?1)",
        params![to_i64(have_up_to), to_i64(server_acked)],
    )?;
    Ok(())
}

/// Whether the outbox has entries with seqs in `(after, up_to]`.
fn has_entries_in(conn: &Connection, after: u64, up_to: u64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM outbox WHERE seq > ?1 AND seq <= ?2)")?
        .query_row(params![to_i64(after), to_i64(up_to)], |r| r.get(0))?)
}

/// Replaces every product stamp past `bound` with one fresh stamp; returns how many products.
fn restamp_beyond(
    tx: &Connection,
    bound: Hlc,
    hlc: &mut crate::sync::hlc::DeviceHlc,
    now: i64,
) -> Result<usize> {
    let bound = hlc_to_sql(bound);
    let condition = STAMP_COLUMNS
        .iter()
        .map(|c| format!("{c} > ?1"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let ids: Vec<Uuid> = tx
        .prepare(&format!(
            "SELECT product_id FROM product_fields WHERE {condition}"
        ))?
        .query_map([&bound], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if ids.is_empty() {
        return Ok(0);
    }
    let fresh = hlc_to_sql(hlc.stamp(tx, now)?);
    for column in STAMP_COLUMNS {
        tx.execute(
            &format!("UPDATE product_fields SET {column} = ?2 WHERE {column} > ?1"),
            params![bound, fresh],
        )?;
    }
    if sync_enabled(tx)? {
        for id in &ids {
            crate::sync::outbox::append(tx, PRODUCT_EVENT, *id, now)?;
        }
    }
    Ok(ids.len())
}
