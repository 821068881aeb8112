//! The `laris-server` binary: admin subcommands on the storage, serving with `--listen
//! 127.0.0.1:0` (the address printed), and a graceful stop on SIGTERM. On each backend. And
//! where `store create` takes the owner password from: never an argument.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use common::fixtures::{Device, pair_with};
use common::{Backend, Client, T0, TestDb, with_backend};
use laris_protocol::v1::api;
use laris_protocol::v1::api::{OwnerLogin, OwnerSession};
use laris_server::cli::OWNER_PASSWORD_ENV;
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
    admin_with(db, args, &[])
}

fn admin_with(db: &TestDb, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .args(backend_args(db))
        .env("LARIS_LOG", "warn")
        .envs(env.iter().copied())
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
    let store = admin_with(
        &db,
        &[
            "store",
            "create",
            "--name",
            "Warung Pak Budi",
            "--owner-email",
            "budi@example.id",
        ],
        &[(OWNER_PASSWORD_ENV, "rahasia-budi")],
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
    let session: OwnerSession = c
        .post_json(
            api::OWNER_LOGIN,
            None,
            &OwnerLogin {
                email: "budi@example.id".into(),
                password: "rahasia-budi".into(),
            },
        )
        .await
        .expect("the password from the environment is the owner's");
    assert_eq!(session.store_id, store);

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

    store_list(&db, store);

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

    // The operator's one-time sign-up link, and a forgotten password reset: the till owner's
    // session ends, the new password signs in.
    let link = admin(&db, &["invite", "create"]);
    let token = link
        .trim()
        .split_once("/daftar?undangan=")
        .map(|(_, t)| t)
        .unwrap_or_else(|| panic!("a sign-up link: {link}"));
    assert_eq!(token.len(), 64, "{link}");
    let out = admin_with(
        &db,
        &["owner", "reset-password", "--email", "budi@example.id"],
        &[(OWNER_PASSWORD_ENV, "sandi-baru-budi")],
    );
    assert!(out.contains("signed out"), "{out}");
    let err = c
        .get_json::<serde_json::Value>(api::OWNER_DEVICES, Some(&session.token))
        .await
        .unwrap_err();
    assert_eq!(err.status, 401);
    let again: OwnerSession = c
        .post_json(
            api::OWNER_LOGIN,
            None,
            &OwnerLogin {
                email: "budi@example.id".into(),
                password: "sandi-baru-budi".into(),
            },
        )
        .await
        .expect("the new password");
    assert_eq!(again.store_id, store);
    let out = Command::new(BIN)
        .args(["owner", "reset-password", "--email", "nobody@example.id"])
        .args(backend_args(&db))
        .env(OWNER_PASSWORD_ENV, "sandi-baru-budi")
        .output()
        .unwrap();
    assert!(!out.status.success(), "an unknown account is an error");

    // SIGTERM: a graceful stop and a clean exit.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}

/// `store list`, with one store of one paired device: a table, and JSON.
fn store_list(db: &TestDb, store: uuid::Uuid) {
    let table = admin(db, &["store", "list"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2, "{table}");
    assert!(
        lines[0].starts_with("STORE ID") && lines[0].contains("DEVICES"),
        "{table}"
    );
    for part in [
        store.to_string().as_str(),
        "Warung Pak Budi",
        "budi@example.id",
        " 1 ",
    ] {
        assert!(lines[1].contains(part), "{part:?} in {table}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&admin(db, &["store", "list", "--json"])).unwrap();
    let stores = json.as_array().expect("an array");
    assert_eq!(stores.len(), 1);
    assert_eq!(stores[0]["store_id"], store.to_string());
    assert_eq!(stores[0]["name"], "Warung Pak Budi");
    assert_eq!(stores[0]["owner_email"], "budi@example.id");
    assert_eq!(stores[0]["devices"], 1);
    assert!(stores[0]["created_at_ms"].as_i64().unwrap() > 0);
    assert!(stores[0]["created_at"].as_str().unwrap().ends_with('Z'));
}

/// `store create` reads the owner password from stdin when asked (one line), refuses clearly
/// when no source is given, and knows no `--owner-password` flag.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owner_password_sources() {
    with_backend(Backend::Sqlite, "password_sources", |db| async move {
        let create = |email: &str| {
            let mut cmd = Command::new(BIN);
            cmd.args(["store", "create", "--name", "Toko", "--owner-email", email])
                .args(backend_args(&db))
                .env("LARIS_LOG", "warn")
                .env_remove(OWNER_PASSWORD_ENV);
            cmd
        };
        let mut child = create("stdin@example.id")
            .arg("--owner-password-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"dari-stdin-123\nnot this line\n")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let store = uuid::Uuid::try_parse(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
        // The binary's own file in the data directory.
        let StorageLocation::Sqlite(path) = &db.location else {
            unreachable!()
        };
        let file = path.with_file_name(laris_server::cli::SQLITE_FILE);
        let storage = laris_server::storage::open(&StorageLocation::Sqlite(file))
            .await
            .unwrap();
        let owner = storage
            .owner_by_email("stdin@example.id".into())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(owner.store_id, store);
        assert!(laris_server::secret::verify_password(
            "dari-stdin-123",
            &owner.password_hash
        ));

        let out = create("none@example.id")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(
            stderr.contains("no owner password") && stderr.contains(OWNER_PASSWORD_ENV),
            "{stderr}"
        );
        assert!(
            storage
                .owner_by_email("none@example.id".into())
                .await
                .unwrap()
                .is_none()
        );

        let out = create("flag@example.id")
            .args(["--owner-password", "rahasia-123"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(!out.status.success(), "the flag is gone");
        assert!(
            storage
                .owner_by_email("flag@example.id".into())
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}
