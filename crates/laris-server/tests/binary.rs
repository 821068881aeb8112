//! The `laris-server` binary: admin subcommands on the storage, serving with `--listen
//! 127.0.0.1:0` (the address printed), and a graceful stop on SIGTERM. On each backend.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::fixtures::{Device, pair_with};
use common::{Backend, Client, T0, TestDb, with_backend};
use laris_protocol::v1::api;
use laris_server::secret::random_uuid;
use laris_server::storage::StorageLocation;

const BIN: &str = env!("CARGO_BIN_EXE_laris-server");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_sqlite() {
    with_backend(Backend::Sqlite, "binary", binary).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_postgres() {
    with_backend(Backend::Postgres, "binary", binary).await;
}

fn backend_args(db: &TestDb) -> Vec<String> {
    match &db.location {
        StorageLocation::Sqlite(path) => vec![
            "--data-dir".into(),
            path.parent().unwrap().display().to_string(),
        ],
        StorageLocation::Postgres(url) => vec!["--database-url".into(), url.clone()],
    }
}

/// Runs an admin command to success: its stdout.
fn admin(db: &TestDb, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .args(backend_args(db))
        .env("LARIS_LOG", "warn")
        .output()
        .expect("run laris-server");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn binary(db: TestDb) {
    let store = admin(
        &db,
        &[
            "store",
            "create",
            "--name",
            "Warung Pak Budi",
            "--owner-email",
            "budi@example.id",
            "--owner-password",
            "rahasia-budi",
        ],
    );
    let store = uuid::Uuid::try_parse(store.trim()).expect("store create prints the store id");
    let code = admin(&db, &["pairing-code", "--store", &store.to_string()]);
    let code = code.trim().to_string();
    assert_eq!(code.len(), 8);
    // An unknown store is an error, not a crash.
    let out = Command::new(BIN)
        .args(["pairing-code", "--store", &random_uuid().to_string()])
        .args(backend_args(&db))
        .output()
        .unwrap();
    assert!(!out.status.success());

    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0"])
        .args(backend_args(&db))
        .env("LARIS_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start laris-server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let c = Client::new(&base);
    let health: serde_json::Value = c.get_json(api::HEALTHZ, None).await.unwrap();
    assert_eq!(health["status"], "ok");

    // The code made by the admin command pairs a device with the running server.
    let device_id = random_uuid();
    let reply = pair_with(&c, &code, device_id, "A").await.unwrap();
    assert_eq!(
        (reply.store_id, reply.store_name.as_str()),
        (store, "Warung Pak Budi")
    );
    let device = Device {
        id: device_id,
        store_id: store,
        code: "A".into(),
        token: reply.credential,
    };
    common::fixtures::handshake(&c, &device, 0, T0)
        .await
        .unwrap();

    let list = admin(&db, &["devices", "list", "--store", &store.to_string()]);
    assert!(
        list.contains(&device_id.to_string()) && list.contains("active"),
        "{list}"
    );
    let out = admin(
        &db,
        &[
            "devices",
            "revoke",
            "--store",
            &store.to_string(),
            "--device",
            &device_id.to_string(),
        ],
    );
    assert!(out.starts_with("revoked"), "{out}");
    let err = common::fixtures::handshake(&c, &device, 0, T0)
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (403, "device_revoked"));
    assert!(admin(&db, &["devices", "list", "--store", &store.to_string()]).contains("revoked"));
    let out = admin(&db, &["epoch", "rotate", "--store", &store.to_string()]);
    assert!(out.contains("1 store"), "{out}");

    // SIGTERM: a graceful stop and a clean exit.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}
