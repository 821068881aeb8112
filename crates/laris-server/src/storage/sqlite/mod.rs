//! The embedded backend: one SQLite file in WAL mode with `synchronous=FULL` (a push is
//! acknowledged only once durable: a device deletes nothing, but it stops re-sending what the
//! server acknowledged). One writer connection behind a mutex makes every write transaction
//! serial, which is what makes change_seq allocation trivially ordered here; reads use their
//! own connections. All database work runs on tokio's blocking pool.
//!
//! Admin commands may open the same file while a server runs: SQLite serializes the writers
//! across processes (`BEGIN IMMEDIATE` and a busy timeout).

mod admin;
mod files;
mod owners;
mod push;
mod read;
mod returns;
mod web;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use laris_protocol::v1::api::{DeviceSummary, ProofV1};
use laris_protocol::v1::{ProductV1, PullReply, RecoverReply};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use uuid::Uuid;

use super::{
    CredentialRow, DeviceSeen, LoginFailure, NewDevice, NewPairingCode, NewSession, NewStore,
    OwnerRow, PairOutcome, PushOutcome, SessionInfo, SessionRow, StockLevel, Storage, StorageError,
    StorageFuture, StoreInfo, StoreListing, SummaryRange, SummaryRows, SyncHead,
};
use crate::config::LockoutPolicy;
use crate::prepare::PreparedEvent;
use crate::returns::OverRefund;

/// Server migrations for SQLite, in order. Shipped files are never edited.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../../../migrations/server-sqlite/0001_init.sql"),
    include_str!("../../../../../migrations/server-sqlite/0002_movements_by_origin.sql"),
    include_str!("../../../../../migrations/server-sqlite/0003_event_identity.sql"),
    include_str!("../../../../../migrations/server-sqlite/0004_pairing.sql"),
    include_str!("../../../../../migrations/server-sqlite/0005_owner_logins.sql"),
    include_str!("../../../../../migrations/server-sqlite/0006_sale_returns.sql"),
    include_str!("../../../../../migrations/server-sqlite/0007_device_protocol.sql"),
    include_str!("../../../../../migrations/server-sqlite/0008_books.sql"),
    include_str!("../../../../../migrations/server-sqlite/0009_back_office.sql"),
    include_str!("../../../../../migrations/server-sqlite/0010_storefront.sql"),
];
/// The schema that brought the back office (0009): sales held before it get their lines and
/// cashier from their change bodies when a database is upgraded to it.
const BACK_OFFICE_SCHEMA: usize = 9;
/// The schema version this binary writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
/// Idle reader connections kept open.
const MAX_IDLE_READERS: usize = 8;

type Result<T, E = StorageError> = std::result::Result<T, E>;

/// The SQLite storage. Cheap to clone; clones share the connections.
#[derive(Debug, Clone)]
pub struct SqliteStorage {
    path: PathBuf,
    writer: Arc<Mutex<Connection>>,
    readers: Arc<Mutex<Vec<Connection>>>,
}

impl SqliteStorage {
    /// Opens (creating the file and its directory if needed, both private to the server's
    /// user) and migrates.
    pub async fn open(path: PathBuf) -> Result<Self> {
        tokio::task::spawn_blocking(move || Self::open_blocking(path))
            .await
            .map_err(|source| StorageError::Task {
                what: "open",
                source,
            })?
    }

    fn open_blocking(path: PathBuf) -> Result<Self> {
        files::prepare(&path)?;
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn)?;
        retry_busy(|| Ok(conn.pragma_update(None, "journal_mode", "WAL")?))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Pushes insert keys all over the sales, movement and id indexes: a page cache that
        // holds them saves most reads and cache spills mid-transaction (64 MiB).
        conn.pragma_update(None, "cache_size", -65_536)?;
        // Fewer, larger checkpoints: each one fsyncs the database file.
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
        retry_busy(|| migrate(&mut conn))?;
        Ok(SqliteStorage {
            path,
            writer: Arc::new(Mutex::new(conn)),
            readers: Arc::new(Mutex::new(Vec::new())),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the writer connection, on the blocking pool.
    async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let writer = Arc::clone(&self.writer);
        tokio::task::spawn_blocking(move || {
            let mut conn = writer.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut conn)
        })
        .await
        .map_err(|source| StorageError::Task {
            what: "write",
            source,
        })?
    }

    /// Runs `f` on a reader connection, on the blocking pool.
    async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let readers = Arc::clone(&self.readers);
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let idle = readers.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let conn = match idle {
                Some(c) => c,
                None => open_reader(&path)?,
            };
            let out = f(&conn);
            let mut idle = readers.lock().unwrap_or_else(PoisonError::into_inner);
            if idle.len() < MAX_IDLE_READERS {
                idle.push(conn);
            }
            out
        })
        .await
        .map_err(|source| StorageError::Task {
            what: "read",
            source,
        })?
    }
}

/// Two processes opening a fresh file at once can get SQLITE_BUSY at once, without the busy
/// handler, while one of them switches it to WAL: try again for a few seconds.
fn retry_busy<T>(mut step: impl FnMut() -> Result<T>) -> Result<T> {
    let mut attempt = 0;
    loop {
        match step() {
            Err(StorageError::Sqlite(e))
                if attempt < 100
                    && e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) =>
            {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(25));
            }
            other => return other,
        }
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    // FULL: in WAL mode each commit fsyncs the WAL, so an acknowledged push survives a
    // power cut (the device would not send it again).
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = Transaction::new(conn, TransactionBehavior::Exclusive)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StorageError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let from = usize::try_from(found).unwrap_or(0);
    for sql in &MIGRATIONS[from..] {
        tx.execute_batch(sql)?;
    }
    if from > 0 && from < BACK_OFFICE_SCHEMA {
        web::backfill_sale_lines(&tx)?;
    }
    if from < MIGRATIONS.len() {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    Ok(())
}

/// An immediate (write-locking) transaction.
fn immediate(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

impl Storage for SqliteStorage {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn create_store(&self, new: NewStore) -> StorageFuture<'_, ()> {
        Box::pin(self.write(move |c| admin::create_store(c, &new)))
    }

    fn store(&self, store_id: Uuid) -> StorageFuture<'_, Option<StoreInfo>> {
        Box::pin(self.read(move |c| admin::store(c, store_id)))
    }

    fn stores(&self) -> StorageFuture<'_, Vec<StoreListing>> {
        Box::pin(self.read(admin::stores))
    }

    fn rotate_epoch(&self, store_id: Option<Uuid>) -> StorageFuture<'_, u64> {
        Box::pin(self.write(move |c| admin::rotate_epoch(c, store_id)))
    }

    fn add_pairing_code(&self, code: NewPairingCode) -> StorageFuture<'_, ()> {
        Box::pin(self.write(move |c| admin::add_pairing_code(c, &code)))
    }

    fn pair_device(&self, device: NewDevice) -> StorageFuture<'_, PairOutcome> {
        Box::pin(self.write(move |c| admin::pair_device(c, &device)))
    }

    fn device_credential(
        &self,
        store_id: Uuid,
        device_id: Uuid,
    ) -> StorageFuture<'_, Option<CredentialRow>> {
        Box::pin(self.read(move |c| admin::device_credential(c, store_id, device_id)))
    }

    fn devices(&self, store_id: Uuid) -> StorageFuture<'_, Vec<DeviceSummary>> {
        Box::pin(self.read(move |c| admin::devices(c, store_id, None)))
    }

    fn revoke_device(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        now_ms: i64,
    ) -> StorageFuture<'_, Option<DeviceSummary>> {
        Box::pin(self.write(move |c| admin::revoke_device(c, store_id, device_id, now_ms)))
    }

    fn owner_by_email(&self, email: String) -> StorageFuture<'_, Option<OwnerRow>> {
        Box::pin(self.read(move |c| admin::owner_by_email(c, &email)))
    }

    fn add_owner_session(&self, session: NewSession) -> StorageFuture<'_, ()> {
        Box::pin(self.write(move |c| admin::add_owner_session(c, &session)))
    }

    fn owner_session(
        &self,
        store_id: Uuid,
        session_id: Uuid,
    ) -> StorageFuture<'_, Option<SessionRow>> {
        Box::pin(self.read(move |c| admin::owner_session(c, store_id, session_id)))
    }

    fn owner_sessions(&self, store_id: Uuid) -> StorageFuture<'_, Vec<SessionInfo>> {
        Box::pin(self.read(move |c| owners::sessions(c, store_id)))
    }

    fn revoke_owner_session(
        &self,
        store_id: Uuid,
        session_id: Uuid,
        now_ms: i64,
    ) -> StorageFuture<'_, Option<SessionInfo>> {
        Box::pin(self.write(move |c| owners::revoke_session(c, store_id, session_id, now_ms)))
    }

    fn record_login_failure(
        &self,
        email: String,
        now_ms: i64,
        policy: LockoutPolicy,
    ) -> StorageFuture<'_, LoginFailure> {
        Box::pin(self.write(move |c| owners::record_failure(c, &email, now_ms, policy)))
    }

    fn reset_login_failures(&self, email: String) -> StorageFuture<'_, ()> {
        Box::pin(self.write(move |c| owners::reset_failures(c, &email)))
    }

    fn handshake(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        seen: DeviceSeen,
    ) -> StorageFuture<'_, SyncHead> {
        Box::pin(async move {
            let probe = seen.clone();
            let (head, stale) = self
                .read(move |c| read::handshake_head(c, store_id, device_id, &probe))
                .await?;
            if stale {
                self.write(move |c| read::touch(c, store_id, device_id, &seen))
                    .await?;
            }
            Ok(head)
        })
    }

    fn push(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        events: Vec<PreparedEvent>,
        now_ms: i64,
    ) -> StorageFuture<'_, PushOutcome> {
        Box::pin(self.write(move |c| push::push(c, store_id, device_id, &events, now_ms)))
    }

    fn pull(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        cursor: u64,
        limit: u32,
    ) -> StorageFuture<'_, PullReply> {
        Box::pin(self.read(move |c| read::pull(c, store_id, device_id, cursor, limit)))
    }

    fn proof(&self, store_id: Uuid, device_id: Uuid) -> StorageFuture<'_, Option<ProofV1>> {
        Box::pin(self.read(move |c| read::proof(c, store_id, device_id)))
    }

    fn recover(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        after_seq: u64,
        up_to_seq: u64,
        limit: u32,
    ) -> StorageFuture<'_, RecoverReply> {
        Box::pin(
            self.read(move |c| read::recover(c, store_id, device_id, after_seq, up_to_seq, limit)),
        )
    }

    fn summary(&self, store_id: Uuid, range: SummaryRange) -> StorageFuture<'_, SummaryRows> {
        Box::pin(self.read(move |c| read::summary(c, store_id, range)))
    }

    fn over_refunds(
        &self,
        store_id: Uuid,
        range: SummaryRange,
    ) -> StorageFuture<'_, Vec<OverRefund>> {
        Box::pin(self.read(move |c| returns::list(c, store_id, range)))
    }

    fn books(&self, store_id: Uuid) -> StorageFuture<'_, Vec<crate::books::StoredBook>> {
        Box::pin(self.read(move |c| read::books(c, store_id)))
    }

    fn stock_levels(&self, store_id: Uuid) -> StorageFuture<'_, Vec<StockLevel>> {
        Box::pin(self.read(move |c| read::stock_levels(c, store_id)))
    }

    fn product(&self, store_id: Uuid, product_id: Uuid) -> StorageFuture<'_, Option<ProductV1>> {
        Box::pin(self.read(move |c| read::product(c, store_id, product_id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Schema 2 rebuilds stock_movements: every row keeps its values and gets its origin.
    #[test]
    fn schema_2_keeps_movements_and_their_uniqueness() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let (store, sale, made) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let (m1, p, d) = (Uuid::from_u128(4), Uuid::from_u128(5), Uuid::from_u128(6));
        conn.execute(
            "INSERT INTO stock_movements (store_id, movement_id, product_id, device_id, kind,
                 qty_milli, sale_id, reason, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, 'sale', -1000, ?5, NULL, 10),
                    (?1, ?6, ?3, ?4, 'restock', 5000, NULL, 'opening', 11)",
            rusqlite::params![store, m1, p, d, sale, made],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let rows: Vec<(Uuid, Uuid, i64)> = conn
            .prepare("SELECT origin_id, movement_id, qty_milli FROM stock_movements ORDER BY 3")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows, vec![(sale, m1, -1000), (made, made, 5000)]);
        // A hand-made movement is still unique by (store, id); a sale's within its sale.
        let again = |origin: Uuid, id: Uuid, sale_id: Option<Uuid>| {
            conn.execute(
                "INSERT INTO stock_movements (store_id, origin_id, movement_id, product_id,
                     device_id, kind, qty_milli, sale_id, reason, created_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'restock', 1, ?6, NULL, 12) ON CONFLICT DO NOTHING",
                rusqlite::params![store, origin, id, p, d, sale_id],
            )
            .unwrap()
        };
        assert_eq!(again(made, made, None), 0);
        assert_eq!(again(sale, m1, Some(sale)), 0);
        // Schema 3 dropped the look-ups by id across stores.
        let indexes: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN
                     ('sales_by_id', 'stock_movements_by_id', 'products_by_id')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 0);
    }
}
