//! `laris` processes against a real laris-server on 127.0.0.1:0 (in this process, on its own
//! tokio runtime): `sync --watch` beside `sell` in other processes, `product set` reaching a
//! second till, `report --device` on another till's sales, and a server that is not there.

mod common;

use common::{laris, ok};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use laris_server::storage::{self, StorageLocation};
use laris_server::{AppState, Clock, ServerConfig};

struct Server {
    rt: tokio::runtime::Runtime,
    /// Kept running for as long as the server (the tills may be paired through it).
    _proxy: Option<laris_proxy::Proxy>,
    storage: std::sync::Arc<dyn storage::Storage>,
    store_id: uuid::Uuid,
    url: String,
    _dir: tempfile::TempDir,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

impl Server {
    fn start() -> Server {
        Self::start_with(ServerConfig::default(), None)
    }

    /// `delay`: every new connection waits this long in a proxy before it reaches the
    /// server (the tills are paired with the proxy's address).
    fn start_with(config: ServerConfig, delay: Option<Duration>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let location = StorageLocation::Sqlite(dir.path().join("server.db"));
        let (storage, store_id, url, proxy) = rt.block_on(async {
            let storage = storage::open(&location).await.unwrap();
            let store_id = laris_server::admin::create_store(
                storage.as_ref(),
                "Warung Bu Sri",
                "sri@example.test",
                "rahasia-sekali",
                now_ms(),
            )
            .await
            .unwrap();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let state = AppState::new(storage.clone(), Clock::system(), config);
            tokio::spawn(laris_server::run(
                listener,
                state,
                std::future::pending::<()>(),
            ));
            let proxy = match delay {
                Some(d) => Some(
                    laris_proxy::Proxy::start(
                        addr,
                        std::sync::Arc::new(laris_proxy::FixedFault(laris_proxy::Fault::Delay(d))),
                    )
                    .await
                    .unwrap(),
                ),
                None => None,
            };
            let url = proxy
                .as_ref()
                .map_or_else(|| format!("http://{addr}"), laris_proxy::Proxy::url);
            (storage, store_id, url, proxy)
        });
        Server {
            rt,
            _proxy: proxy,
            storage,
            store_id,
            url,
            _dir: dir,
        }
    }

    fn pairing_code(&self) -> String {
        self.rt
            .block_on(laris_server::admin::new_pairing_code(
                self.storage.as_ref(),
                self.store_id,
                now_ms(),
                600_000,
            ))
            .unwrap()
            .code
    }

    /// A till with its own database, set up and paired with this server.
    fn till(&self, dir: &Path, device: &str, catalog: bool) -> PathBuf {
        let db = dir.join(format!("till-{device}.db"));
        let mut init = vec!["init", "--name", "Warung Bu Sri", "--device", device];
        let csv = dir.join("catalog.csv");
        std::fs::write(
            &csv,
            "sku,barcode,name,price_idr,cost_idr\n\
             W0001,2000000000015,Indomie Goreng,3500,3000\n\
             W0002,2000000000022,Teh Botol,5000,4000\n",
        )
        .unwrap();
        if catalog {
            init.extend(["--catalog", csv.to_str().unwrap()]);
        }
        ok(&laris(&db, &init));
        let code = self.pairing_code();
        ok(&laris(&db, &["pair", &self.url, &code, "--name", device]));
        db
    }
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

fn failed_with(out: &Output, code: &str) -> String {
    assert!(!out.status.success(), "should have failed");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains(&format!("[{code}]")), "{stderr}");
    stderr
}

/// `laris sync --watch --json`, its status lines sent on a channel as they come.
fn watch(db: &Path) -> (Child, mpsc::Receiver<serde_json::Value>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_laris"))
        .arg("--db")
        .arg(db)
        .args(["--json", "sync", "--watch"])
        .env_remove("LARIS_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if tx.send(serde_json::from_str(&line).unwrap()).is_err() {
                return;
            }
        }
    });
    (child, rx)
}

/// Waits for a status line `ok` accepts.
fn wait_for(
    rx: &mpsc::Receiver<serde_json::Value>,
    what: &str,
    ok: impl Fn(&serde_json::Value) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(status) if ok(&status) => return,
            Ok(status) => seen.push(status),
            Err(_) => break,
        }
    }
    panic!("timed out waiting for {what}; saw {seen:?}");
}

#[test]
fn selling_from_another_shell_works_beside_sync_watch() {
    // Each round opens a new connection (the server drops idle ones at once) that waits in a
    // proxy, so a round holds the database for over half a second and sales land in rounds:
    // they wait for it, then go through.
    let mut config = ServerConfig::default();
    config.http.idle_timeout = Duration::from_millis(100);
    let server = Server::start_with(config, Some(Duration::from_millis(600)));
    let dir = tempfile::tempdir().unwrap();
    let db = server.till(dir.path(), "A", true);
    let (mut watcher, status) = watch(&db);
    wait_for(&status, "the first round", |s| {
        s["connectivity"] == "online" && s["pending"] == 0
    });

    let mut totals = 0;
    for i in 0..8u64 {
        let sale = json(&laris(
            &db,
            &["--json", "sell", "--item", "W0001", "--pay", "cash"],
        ));
        totals += sale["total"].as_i64().unwrap();
        // A round starts about a second after a sale; some sales land in one, some between.
        std::thread::sleep(Duration::from_millis(900 + 100 * (i % 4)));
    }
    // Read beside the watch, without the writer lock.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = json(&laris(&db, &["--json", "status"]));
        if now["pending"] == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the watch never synced: {now}");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        watcher.try_wait().unwrap().is_none(),
        "the watch kept running"
    );
    watcher.kill().unwrap();
    watcher.wait().unwrap();
    let out = json(&laris(&db, &["--json", "sync", "--verify"]));
    assert_eq!(out["round"]["pushed"], 0, "the watch had sent everything");
    assert_eq!(out["proof"]["server"]["sales"], 8);
    assert_eq!(out["proof"]["server"]["sales_total"], totals);
    assert_eq!(out["proof"]["totals_match"], true);
}

#[test]
fn product_set_and_sales_reach_a_second_till_and_report_by_device() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let a = server.till(dir.path(), "A", true);
    let b = server.till(dir.path(), "B", false);
    ok(&laris(&a, &["sync"]));
    ok(&laris(&b, &["sync"]));
    let seen = json(&laris(&b, &["--json", "search", "W0001"]));
    assert_eq!(seen[0]["product"]["price"], 3500);

    let set = ok(&laris(
        &a,
        &[
            "product",
            "set",
            "W0001",
            "--price",
            "4.000",
            "--name",
            "Indomie Goreng Jumbo",
        ],
    ));
    assert!(set.contains("queued for sync"), "{set}");
    failed_with(
        &laris(&a, &["product", "set", "W0001", "--price", "-1"]),
        "usage",
    );
    ok(&laris(&a, &["sell", "--item", "W0001x2", "--pay", "cash"]));
    ok(&laris(&a, &["sync"]));
    ok(&laris(&b, &["sell", "--item", "W0002", "--pay", "qris"]));
    ok(&laris(&b, &["sync"]));

    let product = &json(&laris(&b, &["--json", "search", "W0001"]))[0]["product"];
    assert_eq!(product["price"], 4000);
    assert_eq!(product["name"], "Indomie Goreng Jumbo");
    assert_eq!(product["cost"], 3000, "fields not set keep their value");

    let shop = json(&laris(&b, &["--json", "report"]));
    assert_eq!(shop["totals"]["sales"], 2);
    let till_a = json(&laris(&b, &["--json", "report", "--device", "A"]));
    assert_eq!(till_a["totals"]["sales"], 1);
    assert_eq!(till_a["totals"]["total"], 8000);
    let this = json(&laris(&b, &["--json", "report", "--device", "this"]));
    assert_eq!(this["totals"]["total"], 5000);
    assert_ne!(till_a["device_id"], this["device_id"]);
    let text = ok(&laris(&b, &["report", "--device", "a"]));
    assert!(text.contains("kasir A"), "{text}");
    let stderr = failed_with(&laris(&b, &["report", "--device", "C"]), "usage");
    assert!(stderr.contains("known: A, B"), "{stderr}");
}

#[test]
fn an_unreachable_server_is_said_in_plain_words() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let db = server.till(dir.path(), "A", true);
    ok(&laris(&db, &["sell", "--item", "W0001"]));
    // Port 9 (discard) on loopback: nothing listens there.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE sync_state SET server_url = 'http://127.0.0.1:9'",
        [],
    )
    .unwrap();
    drop(conn);
    let stderr = failed_with(&laris(&db, &["sync"]), "unreachable");
    assert!(
        stderr.contains(
            "cannot reach the sync server at http://127.0.0.1:9/ (connection refused); \
             the sales stay on this till and sync later"
        ),
        "{stderr}"
    );
    for internal in ["SendRequest", "client error", "os error", "tcp connect"] {
        assert!(!stderr.contains(internal), "{internal}: {stderr}");
    }
    let status = ok(&laris(&db, &["status"]));
    assert!(
        status.contains("[unreachable]: the server cannot be reached: connection refused"),
        "{status}"
    );
    assert!(
        status.contains("3 pending"),
        "two products and the sale wait: {status}"
    );

    let fresh = dir.path().join("fresh.db");
    ok(&laris(&fresh, &["init", "--name", "Warung"]));
    let stderr = failed_with(
        &laris(&fresh, &["pair", "http://127.0.0.1:9", "K7PM2QXA"]),
        "unreachable",
    );
    assert!(
        stderr.contains("cannot reach the sync server at http://127.0.0.1:9/ (connection refused)"),
        "{stderr}"
    );
}

#[test]
fn sync_into_a_closed_pipe_ends_quietly() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let db = server.till(dir.path(), "A", true);
    ok(&laris(&db, &["sell", "--item", "W0001"]));
    for args in [&["sync"][..], &["sync", "--verify"], &["--json", "sync"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_laris"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.is_empty(),
            "{args:?}: {stderr}"
        );
    }
    let out = Command::new("sh")
        .arg("-c")
        .arg("\"$0\" --db \"$1\" sync | head -1")
        .arg(env!("CARGO_BIN_EXE_laris"))
        .arg(&db)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Synced: "));
    let status = json(&laris(&db, &["--json", "status"]));
    assert_eq!(
        status["pending"], 0,
        "the round was done before the output was cut"
    );
}
