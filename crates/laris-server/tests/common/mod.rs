//! The test harness: a fresh database per test on each backend (SQLite always; PostgreSQL when
//! LARIS_TEST_POSTGRES_URL is set, and required when CI=true), a real server on 127.0.0.1:0
//! through `laris_server::run`, and an HTTP client speaking the protocol's types and codec.

#![allow(dead_code)]

pub mod client;
pub mod fixtures;

use std::future::Future;
use std::sync::Arc;

use laris_server::storage::{self, Storage, StorageLocation};
use laris_server::{AppState, ManualClock, ServerConfig};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use client::{ApiError, Client};

/// 2026-01-01 03:00 UTC = 10:00 WIB.
pub const T0: i64 = 1_767_236_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database for one test.
#[derive(Debug, Clone)]
pub struct TestDb {
    pub backend: Backend,
    pub location: StorageLocation,
}

impl TestDb {
    /// A new storage instance on this database (a second one is a second "server process").
    pub async fn open(&self) -> Arc<dyn Storage> {
        storage::open(&self.location).await.expect("open storage")
    }
}

/// The PostgreSQL URL, or None to skip. Under CI=true a missing URL fails the test.
pub fn postgres_url() -> Option<String> {
    match std::env::var("LARIS_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but LARIS_TEST_POSTGRES_URL is not set: the PostgreSQL tests must run in CI"
            );
            eprintln!("LARIS_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run");
            None
        }
    }
}

/// `url` with its database name replaced.
fn with_dbname(url: &str, db: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let (authority, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let query = tail.find('?').map_or("", |i| &tail[i..]);
    format!("{scheme}://{authority}/{db}{query}")
}

async fn admin_client(url: &str) -> tokio_postgres::Client {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("connect to LARIS_TEST_POSTGRES_URL");
    tokio::spawn(conn);
    client
}

/// Runs `test` on a fresh database of `backend`, then removes it (also after a panic).
pub async fn with_backend<F, Fut>(backend: Backend, name: &str, test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("tempdir");
            let db = TestDb {
                backend,
                location: StorageLocation::Sqlite(dir.path().join("server.db")),
            };
            let outcome = tokio::spawn(test(db)).await;
            drop(dir);
            if let Err(e) = outcome {
                std::panic::resume_unwind(e.into_panic());
            }
        }
        Backend::Postgres => {
            let Some(url) = postgres_url() else { return };
            let dbname = format!(
                "laris_test_{name}_{}_{}",
                std::process::id(),
                laris_server::secret::random_uuid().simple()
            );
            let admin = admin_client(&url).await;
            admin
                .batch_execute(&format!("CREATE DATABASE \"{dbname}\""))
                .await
                .expect("create the test database");
            let db = TestDb {
                backend,
                location: StorageLocation::Postgres(with_dbname(&url, &dbname)),
            };
            let outcome = tokio::spawn(test(db)).await;
            admin
                .batch_execute(&format!(
                    "DROP DATABASE IF EXISTS \"{dbname}\" WITH (FORCE)"
                ))
                .await
                .expect("drop the test database");
            if let Err(e) = outcome {
                std::panic::resume_unwind(e.into_panic());
            }
        }
    }
}

/// A server running on 127.0.0.1:0 until stopped.
#[derive(Debug)]
pub struct TestServer {
    pub base: String,
    pub clock: ManualClock,
    pub storage: Arc<dyn Storage>,
    shutdown: Option<oneshot::Sender<()>>,
    handle: JoinHandle<std::io::Result<()>>,
}

impl TestServer {
    pub async fn start(storage: Arc<dyn Storage>, clock: ManualClock) -> Self {
        Self::start_with(storage, clock, ServerConfig::default()).await
    }

    pub async fn start_with(
        storage: Arc<dyn Storage>,
        clock: ManualClock,
        config: ServerConfig,
    ) -> Self {
        // Server errors show in a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_max_level(tracing::Level::WARN)
            .try_init();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let state = AppState::new(Arc::clone(&storage), clock.clock(), config);
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(laris_server::run(listener, state, async {
            let _ = rx.await;
        }));
        TestServer {
            base,
            clock,
            storage,
            shutdown: Some(tx),
            handle,
        }
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// Graceful shutdown: returns once the server has stopped.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        (&mut self.handle)
            .await
            .expect("server task")
            .expect("server stopped cleanly");
    }
}
