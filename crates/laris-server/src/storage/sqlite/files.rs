//! File modes of the SQLite data: the database holds credential and password hashes and the
//! shops' sales, so a directory the server creates is 0700 and the database file 0600 (SQLite
//! gives its -wal and -shm files the database file's mode). A database file (or a leftover
//! -wal or -shm) that others may read is tightened to 0600 when the server opens it; a data
//! directory that already existed is left as it is, with a warning if others may enter it.

use std::path::{Path, PathBuf};

use crate::storage::StorageError;

/// The files SQLite keeps beside the database.
const COMPANIONS: &[&str] = &["-wal", "-shm", "-journal"];

fn io_error(what: &'static str, path: &Path, source: std::io::Error) -> StorageError {
    StorageError::File {
        what,
        path: path.to_path_buf(),
        source,
    }
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Creates the directory (0700) and the empty database file (0600) if missing, and tightens
/// an existing database file and its companions.
pub(super) fn prepare(path: &Path) -> Result<(), StorageError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dir(dir)?;
    }
    private_file(path)?;
    for suffix in COMPANIONS {
        let file = companion(path, suffix);
        if file.exists() {
            tighten(&file)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn private_dir(dir: &Path) -> Result<(), StorageError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if dir.is_dir() {
        let mode = std::fs::metadata(dir)
            .map_err(|e| io_error("reading", dir, e))?
            .permissions()
            .mode();
        if mode & 0o007 != 0 {
            tracing::warn!(
                dir = %dir.display(),
                mode = format_args!("{:o}", mode & 0o777),
                "the data directory is open to other users (its database files are 0600)"
            );
        }
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| io_error("creating", dir, e))
}

#[cfg(unix)]
fn private_file(path: &Path) -> Result<(), StorageError> {
    use std::os::unix::fs::OpenOptionsExt;
    // An empty file is an empty database to SQLite; creating it here gives it our mode.
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => tighten(path),
        Err(e) => Err(io_error("creating", path, e)),
    }
}

#[cfg(unix)]
fn tighten(path: &Path) -> Result<(), StorageError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| io_error("reading", path, e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| io_error("restricting", path, e))?;
        tracing::warn!(
            file = %path.display(),
            was = format_args!("{:o}", mode & 0o777),
            "the database file was readable by others: now 0600"
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_dir(dir: &Path) -> Result<(), StorageError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error("creating", dir, e))
}

#[cfg(not(unix))]
fn private_file(_path: &Path) -> Result<(), StorageError> {
    Ok(())
}

#[cfg(not(unix))]
fn tighten(_path: &Path) -> Result<(), StorageError> {
    Ok(())
}
