//! Opening the device database: per-connection pragmas, the single-writer lock, migrations.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{CoreError, Result};

/// Device migrations, in order. Shipped files are never edited; add a new one instead.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../../migrations/device/0001_init.sql"),
    include_str!("../../../../migrations/device/0002_sync.sql"),
    include_str!("../../../../migrations/device/0003_category_index.sql"),
    include_str!("../../../../migrations/device/0004_seq_floor.sql"),
    include_str!("../../../../migrations/device/0005_favourite_pins.sql"),
    include_str!("../../../../migrations/device/0006_people.sql"),
    include_str!("../../../../migrations/device/0007_sale_returns.sql"),
    include_str!("../../../../migrations/device/0008_shop_books.sql"),
    include_str!("../../../../migrations/device/0009_approval_codes.sql"),
    include_str!("../../../../migrations/device/0010_printer.sql"),
];

/// The schema version this binary writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Held for as long as a writer has the database open. `flock`-style locks vanish with the
/// process, so a killed till never leaves a stale lock behind.
#[derive(Debug)]
pub(crate) struct WriterLock {
    _file: File,
}

impl WriterLock {
    pub(crate) fn acquire(db_path: &Path) -> Result<Self> {
        let lock_path = lock_path_for(db_path);
        crate::store::private_files::create_file(&lock_path)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|source| CoreError::Io {
                path: lock_path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(WriterLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(CoreError::DatabaseLocked {
                path: db_path.to_path_buf(),
            }),
            Err(TryLockError::Error(source)) => Err(CoreError::Io {
                path: lock_path,
                source,
            }),
        }
    }
}

fn lock_path_for(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_owned();
    name.push("-writer");
    PathBuf::from(name)
}

/// Opens (creating if needed) the database for the single writer and brings its schema up to date.
pub(crate) fn open_writer(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // A checkpoint fsyncs the database file; doing it every ~1000 pages would put that cost on
    // roughly every hundredth sale. Larger, rarer checkpoints keep the checkout commit at one fsync.
    conn.pragma_update(None, "wal_autocheckpoint", 8000)?;
    conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Opens the database read-only (reports, backup) without taking the writer lock.
pub(crate) fn open_reader(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(CoreError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such database"),
        });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(CoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // FULL: in WAL mode the commit fsyncs the WAL, so a paid sale survives a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = Transaction::new(conn, TransactionBehavior::Exclusive)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(CoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let from = usize::try_from(found).unwrap_or(0);
    for sql in &MIGRATIONS[from..] {
        tx.execute_batch(sql)?;
    }
    if from < MIGRATIONS.len() {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.db");
        drop(open_writer(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        let err = open_writer(&path).unwrap_err();
        assert_eq!(err.code(), "schema_too_new", "{err}");
        let err = open_reader(&path).unwrap_err();
        assert_eq!(err.code(), "schema_too_new", "{err}");
    }

    #[test]
    fn second_writer_is_refused_until_the_first_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.db");
        let first = WriterLock::acquire(&path).unwrap();
        let err = WriterLock::acquire(&path).unwrap_err();
        assert_eq!(err.code(), "database_locked", "{err}");
        drop(first);
        WriterLock::acquire(&path).unwrap();
    }

    #[test]
    fn migrations_are_idempotent_and_set_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.db");
        drop(open_writer(&path).unwrap());
        let conn = open_writer(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
