//! The SQLite data is private to the server's user: a data directory it creates is 0700, the
//! database and its -wal and -shm files 0600, and a database file others could read is
//! tightened to 0600 when the server opens it.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use laris_server::storage::{self, StorageLocation};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn beside(db: &Path, suffix: &str) -> std::path::PathBuf {
    db.with_file_name(format!(
        "{}{suffix}",
        db.file_name().unwrap().to_string_lossy()
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_files_are_private() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("srv").join("data");
    let db = data.join("laris-server.db");
    let location = StorageLocation::Sqlite(db.clone());
    let s = storage::open(&location).await.unwrap();
    laris_server::admin::create_store(s.as_ref(), "Toko", "toko@example.id", "rahasia-123", 1)
        .await
        .unwrap();
    assert_eq!(mode(&data), 0o700, "the data directory");
    assert_eq!(
        mode(&tmp.path().join("srv")),
        0o700,
        "every directory created"
    );
    assert_eq!(mode(&db), 0o600, "the database");
    for suffix in ["-wal", "-shm"] {
        let file = beside(&db, suffix);
        assert!(
            file.exists(),
            "{} is there while the server runs",
            file.display()
        );
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    drop(s);

    // A file made readable by others (a restore with cp, say) is tightened at open.
    for file in [db.clone(), beside(&db, "-wal")] {
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    let s = storage::open(&location).await.unwrap();
    assert_eq!(mode(&db), 0o600);
    assert!(
        s.owner_by_email("toko@example.id".into())
            .await
            .unwrap()
            .is_some()
    );
    for suffix in ["-wal", "-shm"] {
        let file = beside(&db, suffix);
        if file.exists() {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }
}
