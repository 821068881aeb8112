//! File modes of a till's data: the database holds the shop's sales and the till's credential
//! (the secret that lets it push as itself), so no other OS user of the machine may read it.
//! On Unix a directory Laris creates is 0700, the database, its writer lock and backups are
//! 0600 (SQLite gives its -wal and -shm files the database file's mode), and a database (or
//! leftover -wal/-shm) others could read is tightened to 0600 when the till opens it. Elsewhere
//! (Windows, Android, iOS) the app's data directory is already the user's or the app's own.

use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};

/// The files SQLite keeps beside a database.
const COMPANIONS: &[&str] = &["-wal", "-shm", "-journal"];

fn io(path: &Path, source: std::io::Error) -> CoreError {
    CoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Creates `dir` (and its parents) private to this user if missing.
pub(crate) fn create_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| io(dir, e))
}

/// Makes the database at `path` private: created empty with mode 0600 if missing (an empty
/// file is an empty database to SQLite), tightened with its companions otherwise.
pub(crate) fn database(path: &Path) -> Result<()> {
    create_file(path)?;
    for suffix in COMPANIONS {
        let file = companion(path, suffix);
        if file.exists() {
            tighten(&file)?;
        }
    }
    Ok(())
}

/// Creates `path` private if missing (0600), tightens it if it exists.
pub(crate) fn create_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => tighten(path),
        Err(e) => Err(io(path, e)),
    }
}

#[cfg(unix)]
fn tighten(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| io(path, e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))
            .map_err(|e| io(path, e))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn tighten(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_files_are_private_and_open_ones_are_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        create_dir(&sub).unwrap();
        assert_eq!(mode(&sub), 0o700);
        let db = sub.join("till.db");
        database(&db).unwrap();
        assert_eq!(mode(&db), 0o600);
        let wal = companion(&db, "-wal");
        std::fs::write(&wal, b"").unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o666)).unwrap();
        database(&db).unwrap();
        assert_eq!((mode(&db), mode(&wal)), (0o600, 0o600));
    }
}
