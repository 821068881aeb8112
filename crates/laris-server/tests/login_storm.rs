//! A storm of wrong owner logins at the real `laris-server` binary, on each backend: 100 at
//! once from one address at the owner's account, and 100 at once from 100 other loopback
//! addresses at unknown emails (these pass the rate limits and queue for the password checks).
//! The server's peak RSS (VmHWM) stays bounded, the one address is rate limited (429), no
//! request fails otherwise, and the owner's account ends locked: even the right password is
//! refused until the lock expires.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::process::{Child, Command, Stdio};

use common::client::JsonBody;
use common::{Backend, TestDb, with_backend};
use laris_protocol::v1::api::{self, OwnerLogin};
use laris_server::cli::OWNER_PASSWORD_ENV;
use laris_server::storage::StorageLocation;
use reqwest::header::RETRY_AFTER;

const BIN: &str = env!("CARGO_BIN_EXE_laris-server");
const STORM: usize = 100;
const MAX_PEAK_MIB: u64 = 300;
const EMAIL: &str = "sri@example.id";
const PASSWORD: &str = "rahasia-sri-123";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_storm_sqlite() {
    with_backend(Backend::Sqlite, "storm", storm).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_storm_postgres() {
    with_backend(Backend::Postgres, "storm", storm).await;
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

/// A field of /proc/<pid>/status in KiB (VmHWM: the peak resident set).
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// A server child process, killed if the test panics.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn create_store(db: &TestDb) {
    let out = Command::new(BIN)
        .args([
            "store",
            "create",
            "--name",
            "Warung Bu Sri",
            "--owner-email",
            EMAIL,
        ])
        .args(backend_args(db))
        .env(OWNER_PASSWORD_ENV, PASSWORD)
        .env("LARIS_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn start_server(db: &TestDb) -> Server {
    // One address sends 100 requests at once: more connections than the default cap of 64,
    // which would close the excess before the rate limits see them.
    let mut child = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--max-connections-per-source",
            "256",
        ])
        .args(backend_args(db))
        .env("LARIS_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    Server { child, base }
}

fn client(from: IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(from)
        .build()
        .unwrap()
}

fn login(c: &reqwest::Client, base: &str, email: &str, password: &str) -> reqwest::RequestBuilder {
    c.post(format!("{base}{}", api::OWNER_LOGIN))
        .json_body(&OwnerLogin {
            email: email.into(),
            password: password.into(),
        })
}

/// Sends every request at once: how many came back with each status.
async fn at_once(requests: Vec<reqwest::RequestBuilder>) -> BTreeMap<u16, usize> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|rb| tokio::spawn(async move { rb.send().await.map(|r| r.status().as_u16()) }))
        .collect();
    let mut statuses = BTreeMap::new();
    for t in tasks {
        let status = t.await.unwrap().expect("every login gets an answer");
        *statuses.entry(status).or_insert(0) += 1;
    }
    statuses
}

async fn storm(db: TestDb) {
    create_store(&db);
    let server = start_server(&db);
    let (base, pid) = (server.base.clone(), server.child.id());
    let at_start = status_kib(pid, "VmHWM");

    let one = client([127, 0, 0, 1].into());
    let from_one: Vec<_> = (0..STORM)
        .map(|_| login(&one, &base, EMAIL, "wrong-password"))
        .collect();
    let from_many: Vec<_> = (0..STORM)
        .map(|i| {
            let from = IpAddr::from([127, 0, 1, u8::try_from(i + 1).unwrap()]);
            login(
                &client(from),
                &base,
                &format!("nobody{i}@example.id"),
                "wrong-password",
            )
        })
        .collect();
    let (one_source, many_sources) = tokio::join!(at_once(from_one), at_once(from_many));
    let peak = status_kib(pid, "VmHWM");
    let count = |m: &BTreeMap<u16, usize>, s: u16| m.get(&s).copied().unwrap_or(0);
    eprintln!(
        "login storm ({:?}): peak rss {} MiB (at start {} MiB), 429s {}; one address {one_source:?}, \
         {STORM} addresses {many_sources:?}",
        db.backend,
        peak / 1024,
        at_start / 1024,
        count(&one_source, 429) + count(&many_sources, 429),
    );
    assert!(
        peak < MAX_PEAK_MIB * 1024,
        "peak RSS {} MiB over {MAX_PEAK_MIB} MiB",
        peak / 1024
    );
    assert!(count(&one_source, 429) > 0, "{one_source:?}");
    for statuses in [&one_source, &many_sources] {
        assert!(
            statuses.keys().all(|s| [401, 429, 503].contains(s)),
            "{statuses:?}"
        );
    }
    assert!(
        count(&one_source, 401) <= 10,
        "at most the burst of one address reached a password check: {one_source:?}"
    );

    // Five of those failures locked the account in the database: after a restart (the rate
    // limits forgotten), even the right password waits for the lock to expire.
    stop(server);
    let server = start_server(&db);
    let base = &server.base;
    let right = login(&client([127, 0, 2, 1].into()), base, EMAIL, PASSWORD)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status().as_u16(), 429);
    assert!(right.headers().contains_key(RETRY_AFTER));
    let body: serde_json::Value = serde_json::from_slice(&right.bytes().await.unwrap()).unwrap();
    assert_eq!(body["code"], "account_locked");
    stop(server);
}

/// SIGTERM, and a clean exit.
fn stop(mut server: Server) {
    let pid = server.child.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    assert!(server.child.wait().unwrap().success());
}
