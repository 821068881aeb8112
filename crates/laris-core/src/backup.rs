//! Consistent copies of a live device database, by SQLite's online backup.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;

use crate::error::{CoreError, Result};
use crate::store::DeviceReader;

/// Copies the database at `source` to `dest` while a till may be writing to it. The copy is a
/// snapshot of one moment; `dest` must not exist yet.
pub fn backup_to(source: &Path, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(CoreError::invalid(
            "destination",
            format!("{} already exists; choose a new file", dest.display()),
        ));
    }
    let reader = DeviceReader::open(source)?;
    let mut out = Connection::open(dest)?;
    {
        let backup = Backup::new(reader.conn(), &mut out)?;
        // Small steps let the till keep committing while we copy.
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
    }
    let ok: String = out.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(CoreError::invalid(
            "backup",
            format!("the copy failed its integrity check: {ok}"),
        ));
    }
    Ok(())
}
