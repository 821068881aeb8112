//! Migrations, on each backend: two processes starting at once on an empty database both
//! succeed (migrations are serialized and idempotent), and a database whose schema is newer
//! than the binary is refused.

mod common;

use common::{Backend, TestDb, with_backend};
use laris_server::storage::{self, StorageError, StorageLocation};
use uuid::Uuid;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrade_sqlite() {
    with_backend(Backend::Sqlite, "upgrade", upgrade).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrade_postgres() {
    with_backend(Backend::Postgres, "upgrade", upgrade).await;
}

/// The schemas before the back office's, as they shipped.
const SQLITE_BEFORE: &[&str] = &[
    include_str!("../../../migrations/server-sqlite/0001_init.sql"),
    include_str!("../../../migrations/server-sqlite/0002_movements_by_origin.sql"),
    include_str!("../../../migrations/server-sqlite/0003_event_identity.sql"),
    include_str!("../../../migrations/server-sqlite/0004_pairing.sql"),
    include_str!("../../../migrations/server-sqlite/0005_owner_logins.sql"),
    include_str!("../../../migrations/server-sqlite/0006_sale_returns.sql"),
    include_str!("../../../migrations/server-sqlite/0007_device_protocol.sql"),
    include_str!("../../../migrations/server-sqlite/0008_books.sql"),
];
const POSTGRES_BEFORE: &[&str] = &[
    include_str!("../../../migrations/server-postgres/0001_init.sql"),
    include_str!("../../../migrations/server-postgres/0002_event_identity.sql"),
    include_str!("../../../migrations/server-postgres/0003_pairing.sql"),
    include_str!("../../../migrations/server-postgres/0004_owner_logins.sql"),
    include_str!("../../../migrations/server-postgres/0005_sale_returns.sql"),
    include_str!("../../../migrations/server-postgres/0006_device_protocol.sql"),
    include_str!("../../../migrations/server-postgres/0007_books.sql"),
];

/// A store with its owner, a failed login and a sale as the schema before the back office
/// held them; the upgrade keeps the owner's password and failures as an account, and gives the
/// sale its lines and cashier.
async fn upgrade(db: TestDb) {
    use common::fixtures::{PASSWORD, sale};
    use laris_protocol::v1::{EventBody, PaymentMethodV1};
    let store = laris_server::secret::random_uuid();
    let device = laris_server::secret::random_uuid();
    let product = laris_server::secret::random_uuid();
    let s = sale(
        common::T0,
        PaymentMethodV1::Cash,
        &[(product, 2, 3_500), (product, 1, 3_500)],
    );
    let body = laris_server::prepare::encode_body(&EventBody::Sale(s.clone()));
    let hash = laris_server::secret::hash_password(PASSWORD).unwrap();
    // Named values, numbered per statement as each backend wants them.
    let statements = [
        "INSERT INTO stores (store_id, name, epoch, last_change_seq, created_at_ms)
           VALUES (:store, 'Toko Lama', :epoch, 1, 0)",
        "INSERT INTO owners (store_id, email, password_hash, created_at_ms)
           VALUES (:store, 'lama@example.id', :hash, 0)",
        "INSERT INTO owner_logins (store_id, email, failures, locked_until_ms, last_failure_ms)
           VALUES (:store, 'lama@example.id', 2, 0, 5)",
        "INSERT INTO sales (store_id, sale_id, device_id, seq, receipt_no, created_at_ms,
             gross, discount, tax, total, cost, paid_cash, paid_qris, paid_transfer, line_count,
             paid_kasbon)
           VALUES (:store, :sale, :device, 1, 'R-1', :t0, 10500, 0, 0, 10500, 8400, 10500, 0, 0,
                   2, 0)",
        "INSERT INTO changes (store_id, change_seq, origin_device, origin_seq, kind, entity_id,
             body)
           VALUES (:store, 1, :device, 1, 'sale', :sale, :body)",
    ];
    let numbered = |stmt: &str, mark: char| -> (String, Vec<&'static str>) {
        let mut names = Vec::new();
        let mut out = stmt.to_string();
        for name in [
            ":store", ":epoch", ":hash", ":sale", ":device", ":t0", ":body",
        ] {
            while let Some(i) = out.find(name) {
                names.push(name);
                out.replace_range(i..i + name.len(), &format!("{mark}{}", names.len()));
            }
        }
        (out, names)
    };
    match &db.location {
        StorageLocation::Sqlite(path) => {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let conn = rusqlite::Connection::open(path).unwrap();
            for sql in SQLITE_BEFORE {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 8).unwrap();
            for stmt in statements {
                let (sql, names) = numbered(stmt, '?');
                let values: Vec<rusqlite::types::Value> = names
                    .iter()
                    .map(|n| match *n {
                        ":store" => store.into(),
                        ":epoch" => Uuid::nil().into(),
                        ":hash" => hash.clone().into(),
                        ":sale" => s.id.into(),
                        ":device" => device.into(),
                        ":t0" => common::T0.into(),
                        _ => body.clone().into(),
                    })
                    .collect();
                conn.execute(&sql, rusqlite::params_from_iter(values))
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
        }
        StorageLocation::Postgres(url) => {
            let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .unwrap();
            let task = tokio::spawn(conn);
            for sql in POSTGRES_BEFORE {
                client.batch_execute(sql).await.unwrap();
            }
            client
                .batch_execute(
                    "CREATE TABLE laris_schema (only_row boolean PRIMARY KEY DEFAULT true
                         CHECK (only_row), version bigint NOT NULL);
                     INSERT INTO laris_schema (version) VALUES (7)",
                )
                .await
                .unwrap();
            let nil = Uuid::nil();
            for stmt in statements {
                let (sql, names) = numbered(stmt, '$');
                let values: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = names
                    .iter()
                    .map(|n| -> &(dyn tokio_postgres::types::ToSql + Sync) {
                        match *n {
                            ":store" => &store,
                            ":epoch" => &nil,
                            ":hash" => &hash,
                            ":sale" => &s.id,
                            ":device" => &device,
                            ":t0" => &common::T0,
                            _ => &body,
                        }
                    })
                    .collect();
                client
                    .execute(&sql, &values)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
            drop(client);
            let _ = task.await;
        }
    }
    let storage = storage::open(&db.location).await.expect("the upgrade");
    let account = storage
        .account("lama@example.id".into())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((account.failures, account.password_hash), (2, hash));
    let range = storage::SummaryRange {
        from_ms: 0,
        to_ms: i64::MAX,
        tz_offset_ms: 0,
    };
    let lines = storage.sale_lines(store, range).await.unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!((lines[0].qty_milli, lines[0].total), (2_000, 7_000));
    let listed = storage.sales_page(store, range, None, 10).await.unwrap();
    assert_eq!(listed[0].cashier.as_deref(), Some("Rina"));
}
