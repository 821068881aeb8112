//! Opening the device database from the command line. Every command but `init` (and `demo`,
//! which sets up its own shop) needs a database that exists: a typo in `--db` must say so,
//! not leave a new folder and an empty shop behind. Write commands wait a short, bounded time
//! for the writer lock, which `laris sync --watch` takes only while it applies a round.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use laris_core::{CoreError, DeviceReader, DeviceStore, RandomIds, SystemClock};

use crate::error::{CliError, Result};

/// How long a write command waits for another process's writer lock. A sync round on a
/// working link takes well under a second; an unreachable server fails its connect within
/// the watch's 3 s. Beyond this the user is told to try again rather than left waiting.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);
const LOCK_POLL: Duration = Duration::from_millis(50);

/// Fails, creating nothing, unless a database file is at `db`.
pub fn require_database(db: &Path) -> Result<()> {
    if db.is_file() {
        Ok(())
    } else {
        Err(CliError::NoDatabase { path: db.into() })
    }
}

/// Opens (creating if needed) the database for writing, failing at once if it is locked:
/// for `init`, `demo` and the watch loop's own rounds.
pub fn create_or_open(db: &Path) -> Result<DeviceStore> {
    Ok(DeviceStore::open(
        db,
        Arc::new(SystemClock),
        Arc::new(RandomIds),
    )?)
}

/// The existing database for writing, waiting up to [`LOCK_WAIT`] for the writer lock.
pub fn store(db: &Path) -> Result<DeviceStore> {
    store_within(db, LOCK_WAIT)
}

pub fn store_within(db: &Path, wait: Duration) -> Result<DeviceStore> {
    require_database(db)?;
    let deadline = Instant::now() + wait;
    loop {
        match create_or_open(db) {
            Err(CliError::Core(CoreError::DatabaseLocked { path })) => {
                if Instant::now() >= deadline {
                    return Err(CliError::InUse { path });
                }
                std::thread::sleep(LOCK_POLL);
            }
            other => return other,
        }
    }
}

/// The existing database read-only, beside any writer.
pub fn reader(db: &Path) -> Result<DeviceReader> {
    require_database(db)?;
    Ok(DeviceReader::open(db)?)
}

/// Where the headless till reads the owner's PIN from: an environment variable, not an
/// argument (arguments show in `ps` and in the shell's history).
pub const OWNER_PIN_VAR: &str = "LARIS_OWNER_PIN";

/// The owner's authority for one owner-only command: the PIN in [`OWNER_PIN_VAR`], needed
/// once anyone is set up on the till.
pub fn owner_authority(store: &mut DeviceStore) -> Result<laris_core::OwnerAuthority> {
    let pin = std::env::var(OWNER_PIN_VAR).ok();
    match store.owner_authority(pin.as_deref()) {
        Err(CoreError::OwnerApprovalRequired) => {
            Err(CliError::OwnerPinMissing { var: OWNER_PIN_VAR })
        }
        other => Ok(other?),
    }
}
