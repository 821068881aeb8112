//! [`DeviceStore`]: the one writer of a device database, and [`DeviceReader`] for everyone else.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use crate::catalog::search_rank::SearchRank;
use crate::clock::{Clock, IdSource};
use crate::error::{CoreError, Result};
use crate::settings::{self, ShopSettings};
use crate::shop_time::ShopTimeZone;
use crate::store::db::{self, WriterLock};
use crate::sync::hlc::DeviceHlc;

/// This device's identity, fixed when the shop is set up.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeviceInfo {
    pub device_id: Uuid,
    /// Short prefix of this till's receipt numbers, e.g. `A` in `A-20261127-0042`.
    pub code: String,
}

/// What `init` needs to set up a new shop on a fresh database.
#[derive(Debug, Clone)]
pub struct ShopSetup {
    pub name: String,
    pub device_code: String,
    pub timezone: ShopTimeZone,
}

/// The device database opened for writing. Only one may exist per database file at a time,
/// across processes; a second open fails with [`CoreError::DatabaseLocked`].
#[derive(Debug)]
pub struct DeviceStore {
    pub(crate) conn: Connection,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) ids: Arc<dyn IdSource>,
    pub(crate) device: Option<DeviceInfo>,
    /// Stamps this device's catalog edits.
    pub(crate) hlc: DeviceHlc,
    /// Search and browse ranking kept in memory; see [`crate::catalog::search_rank`].
    pub(crate) rank: RefCell<SearchRank>,
    path: PathBuf,
    _lock: WriterLock,
}

impl DeviceStore {
    pub fn open(
        path: impl AsRef<Path>,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
    ) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::store::private_files::create_dir(parent)?;
        }
        crate::store::private_files::database(&path)?;
        // Lock the file itself, not the name it was reached by: a symlink must not make a
        // second writer.
        let real = real_path(&path)?;
        let lock = WriterLock::acquire(&real)?;
        let conn = db::open_writer(&path)?;
        let device = load_device(&conn)?;
        let node = device.as_ref().map_or(Uuid::nil(), |d| d.device_id);
        let hlc = DeviceHlc::load(&conn, node)?;
        Ok(DeviceStore {
            conn,
            clock,
            ids,
            device,
            hlc,
            rank: RefCell::new(SearchRank::default()),
            path,
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The store's clock now (Unix ms): the time sync uses too.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Sets up a shop on a fresh database: this device's identity and the first settings.
    pub fn init_shop(&mut self, setup: &ShopSetup) -> Result<DeviceInfo> {
        if self.device.is_some() {
            return Err(CoreError::AlreadyInitialised);
        }
        let code = device_code(&setup.device_code)?;
        let now = self.clock.now_ms();
        let info = DeviceInfo {
            device_id: self.ids.new_id(now),
            code,
        };
        let mut shop = ShopSettings {
            name: setup.name.trim().to_string(),
            timezone: setup.timezone,
            ..ShopSettings::default()
        };
        if shop.name.is_empty() {
            shop.name = "Warung".into();
        }
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO device (singleton, device_id, code, created_at) VALUES (1, ?1, ?2, ?3)",
            params![info.device_id, info.code, now],
        )?;
        settings::save(&tx, &shop, now)?;
        tx.commit()?;
        self.hlc.set_node(info.device_id);
        self.device = Some(info.clone());
        Ok(info)
    }

    pub fn device(&self) -> Result<&DeviceInfo> {
        self.device.as_ref().ok_or(CoreError::NotInitialised)
    }

    /// Changes this till's receipt prefix (the server refused the one it had: another till of
    /// the store prints with it). Only before the till joins a store; receipts already
    /// printed keep their numbers.
    pub fn set_device_code(&mut self, code: &str) -> Result<()> {
        let code = device_code(code)?;
        self.device()?;
        if let Some(store) = crate::sync::state::load(&self.conn)?.store_id {
            return Err(CoreError::AlreadyPaired {
                store: store.to_string(),
            });
        }
        self.conn
            .execute("UPDATE device SET code = ?1", params![code])?;
        if let Some(d) = self.device.as_mut() {
            d.code = code;
        }
        Ok(())
    }

    pub fn settings(&self) -> Result<ShopSettings> {
        settings::load(&self.conn)
    }

    /// Saves the shop's settings with the owner's authority; the change is in the audit log.
    pub fn save_settings(
        &mut self,
        authority: crate::OwnerAuthority,
        shop: &ShopSettings,
    ) -> Result<()> {
        shop.validate()?;
        let now = self.clock.now_ms();
        let device_id = self.device()?.device_id;
        let before = settings::load(&self.conn)?;
        let changed = settings::changes(&before, shop);
        if changed.is_empty() {
            return Ok(());
        }
        let tx = immediate_tx(&mut self.conn)?;
        settings::save(&tx, shop, now)?;
        let entry = authority.entry(
            crate::AuditAction::SettingsChanged,
            None,
            changed.join("; "),
            None,
        )?;
        crate::audit::record(&tx, self.ids.new_id(now), now, device_id, &entry)?;
        tx.commit()?;
        Ok(())
    }

    /// Moves everything in the WAL into the main file. Cheap to call when the till is idle;
    /// SQLite also does it by itself when the WAL grows large.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// The raw connection, for tests and benches that inspect the file (feature `inspect`);
    /// everyone else reads through [`DeviceStore::query`].
    #[cfg(feature = "inspect")]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    #[cfg(not(feature = "inspect"))]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// An IMMEDIATE transaction: takes SQLite's write lock at BEGIN, so a write can never fail
    /// half-way for lack of it.
    pub(crate) fn write_tx(&mut self) -> Result<Transaction<'_>> {
        immediate_tx(&mut self.conn)
    }
}

/// The longest receipt prefix (a till's device code): letters and digits, kept upper case.
pub const MAX_DEVICE_CODE_LEN: usize = 8;

/// A receipt prefix as kept: 1 to [`MAX_DEVICE_CODE_LEN`] letters or digits, upper case.
fn device_code(raw: &str) -> Result<String> {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty()
        || code.len() > MAX_DEVICE_CODE_LEN
        || !code.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(CoreError::invalid(
            "device_code",
            "use 1 to 8 letters or digits, e.g. A",
        ));
    }
    Ok(code)
}

/// An IMMEDIATE transaction on `conn` alone, so the store's other fields stay usable while
/// it is open.
pub(crate) fn immediate_tx(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(Transaction::new(conn, TransactionBehavior::Immediate)?)
}

/// A read-only view of a device database, usable while the till has it open: reports, search,
/// backup.
#[derive(Debug)]
pub struct DeviceReader {
    conn: Connection,
}

impl DeviceReader {
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Ok(DeviceReader {
            conn: db::open_reader(path.as_ref())?,
        })
    }

    /// The raw connection, for tests and benches that inspect the file (feature `inspect`);
    /// everyone else reads through [`DeviceReader::query`].
    #[cfg(feature = "inspect")]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    #[cfg(not(feature = "inspect"))]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn settings(&self) -> Result<ShopSettings> {
        settings::load(&self.conn)
    }

    pub fn device(&self) -> Result<DeviceInfo> {
        load_device(&self.conn)?.ok_or(CoreError::NotInitialised)
    }

    /// As [`DeviceStore::sale_by_receipt`], without the writer's lock.
    pub fn sale_by_receipt(&self, receipt_no: &str) -> Result<Option<crate::Sale>> {
        crate::sale::checkout::sale_by_receipt(&self.conn, self.device()?.device_id, receipt_no)
    }

    pub fn sync_state(&self) -> Result<crate::SyncState> {
        crate::sync::state::load(&self.conn)
    }
}

fn real_path(path: &Path) -> Result<PathBuf> {
    let io = |source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    if path.exists() {
        return std::fs::canonicalize(path).map_err(io);
    }
    let parent = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => std::fs::canonicalize(p).map_err(io)?,
        None => std::env::current_dir().map_err(io)?,
    };
    Ok(match path.file_name() {
        Some(name) => parent.join(name),
        None => parent,
    })
}

fn load_device(conn: &Connection) -> Result<Option<DeviceInfo>> {
    Ok(conn
        .query_row("SELECT device_id, code FROM device", [], |r| {
            Ok(DeviceInfo {
                device_id: r.get(0)?,
                code: r.get(1)?,
            })
        })
        .optional()?)
}
