//! Migrations, on each backend: two processes starting at once on an empty database both
//! succeed (migrations are serialized and idempotent), and a database whose schema is newer
//! than the binary is refused.

mod common;

use common::{Backend, TestDb, with_backend};
use laris_server::storage::{self, StorageError, StorageLocation};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_sqlite() {
    with_backend(Backend::Sqlite, "schema", schema).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_postgres() {
    with_backend(Backend::Postgres, "schema", schema).await;
}

async fn schema(db: TestDb) {
    let (one, two) = tokio::join!(storage::open(&db.location), storage::open(&db.location));
    let (one, two) = (one.expect("first opener"), two.expect("second opener"));
    drop((one, two));
    let again = db.open().await;
    drop(again);

    match &db.location {
        StorageLocation::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        StorageLocation::Postgres(url) => {
            let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .unwrap();
            let task = tokio::spawn(conn);
            client
                .batch_execute("UPDATE laris_schema SET version = 99")
                .await
                .unwrap();
            drop(client);
            let _ = task.await;
        }
    }
    match storage::open(&db.location).await {
        Err(StorageError::SchemaTooNew {
            found: 99,
            supported,
        }) => assert!(supported < 99),
        other => panic!("a newer schema must be refused, got {other:?}"),
    }
}
