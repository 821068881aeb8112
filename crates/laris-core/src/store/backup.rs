//! Consistent copies of a live device database, by SQLite's online backup.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

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
    // The copy holds what the till does, its credential included: private like it.
    crate::store::private_files::create_file(dest)?;
    let mut out = Connection::open(dest)?;
    {
        let backup = Backup::new(reader.conn(), &mut out)?;
        // One step copies everything from one read snapshot. Copying in small steps would
        // restart whenever the till commits in between, forever on a busy till. In WAL mode
        // the snapshot does not block the till's writes.
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                _ => std::thread::sleep(Duration::from_millis(5)),
            }
        }
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
