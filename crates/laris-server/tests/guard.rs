//! Guessing is limited, on each backend, against real servers: owner logins per source and
//! per account (429 `rate_limited`), the lock-out of an account after failed logins with a
//! growing delay (429 `account_locked`, even with the right password) that survives a restart
//! and holds on a second server on the same database, and failed pairings per source and on
//! the whole server. Sources are told apart by `X-Forwarded-For` from a trusted proxy (the
//! test's loopback client); time moves by the test's clock, never by sleeping.

mod common;

use common::client::JsonBody;
use common::fixtures::*;
use common::{Backend, Client, T0, TestDb, TestServer, with_backend};
use laris_protocol::v1::api::{self, OwnerLogin, PairRequest};
use laris_server::secret::random_uuid;
use laris_server::{HttpConfig, ManualClock, ServerConfig};
use reqwest::Method;
use reqwest::header::RETRY_AFTER;

const SECOND: i64 = 1_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guard_sqlite() {
    with_backend(Backend::Sqlite, "guard", guard).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guard_postgres() {
    with_backend(Backend::Postgres, "guard", guard).await;
}

fn config() -> ServerConfig {
    ServerConfig {
        http: HttpConfig {
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..HttpConfig::default()
        },
        ..ServerConfig::default()
    }
}

/// A reply's status, code (of an error) and Retry-After.
#[derive(Debug, PartialEq, Eq)]
struct Reply {
    status: u16,
    code: Option<String>,
    retry_after: Option<u64>,
}

impl Reply {
    fn is(&self, status: u16, code: &str) -> bool {
        self.status == status && self.code.as_deref() == Some(code)
    }
}

async fn send(rb: reqwest::RequestBuilder) -> Reply {
    let resp = rb.send().await.expect("HTTP request");
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(RETRY_AFTER)
        .map(|v| v.to_str().unwrap().parse().unwrap());
    let body: serde_json::Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    Reply {
        status,
        code: body["code"].as_str().map(str::to_string),
        retry_after,
    }
}

/// A login as if from documentation address 192.0.2.`source` behind the trusted proxy.
async fn login(c: &Client, source: u8, email: &str, password: &str) -> Reply {
    send(
        c.request(Method::POST, api::OWNER_LOGIN, None)
            .header("x-forwarded-for", format!("192.0.2.{source}"))
            .json_body(&OwnerLogin {
                email: email.into(),
                password: password.into(),
            }),
    )
    .await
}

async fn pair_from(c: &Client, source: &str, code: &str) -> Reply {
    send(
        c.request(Method::POST, api::PAIR, None)
            .header("x-forwarded-for", source)
            .json_body(&{
                let device_id = random_uuid();
                PairRequest {
                    code: code.into(),
                    device_id,
                    device_name: "Kasir".into(),
                    // Receipt prefixes are unique in a store: one per device.
                    device_code: device_id.simple().to_string()[..8].to_uppercase(),
                    device_key: key_of(device_id),
                }
            }),
    )
    .await
}

async fn guard(db: TestDb) {
    let clock = ManualClock::new(T0);
    let server = TestServer::start_with(db.open().await, clock.clone(), config()).await;
    let owner = new_store(&server, "Toko Aman", "aman@example.id").await;
    let server = lock_out(&db, server, &owner.email).await;
    two_servers(&db, &server).await;
    login_limits(&server).await;
    pairing_limits(&server, &owner).await;
    server.stop().await;
}

/// Five failures lock the account for 30 s, the next for 60 s; the lock is in the database.
async fn lock_out(db: &TestDb, server: TestServer, email: &str) -> TestServer {
    let (c, clock) = (server.client(), server.clock.clone());
    // Each from its own source, so that only the account's failures add up.
    for source in 1..=5 {
        let r = login(&c, source, email, "salah-salah").await;
        assert!(r.is(401, "invalid_login"), "failure {source}: {r:?}");
    }
    let r = login(&c, 6, email, PASSWORD).await;
    assert!(r.is(429, "account_locked"), "{r:?}");
    assert_eq!(r.retry_after, Some(30));
    // While locked, a wrong password is refused the same way (and is no new failure).
    let r = login(&c, 7, email, "salah-salah").await;
    assert!(r.is(429, "account_locked"), "{r:?}");

    // A restart: a new storage instance and server on the same database.
    server.stop().await;
    let server = TestServer::start_with(db.open().await, clock.clone(), config()).await;
    let c = server.client();
    clock.advance(20 * SECOND);
    let r = login(&c, 8, email, PASSWORD).await;
    assert!(r.is(429, "account_locked"), "after the restart: {r:?}");
    assert_eq!(r.retry_after, Some(10));

    // Expired: the sixth failure locks twice as long.
    clock.advance(10 * SECOND);
    let r = login(&c, 9, email, "salah-salah").await;
    assert!(r.is(401, "invalid_login"), "{r:?}");
    let r = login(&c, 10, email, PASSWORD).await;
    assert_eq!((r.status, r.retry_after), (429, Some(60)), "{r:?}");
    clock.advance(60 * SECOND);
    let r = login(&c, 11, email, PASSWORD).await;
    assert_eq!(r.status, 200, "the lock expired: {r:?}");

    // The success reset the count: four failures lock nothing.
    for source in 12..=15 {
        assert!(
            login(&c, source, email, "salah")
                .await
                .is(401, "invalid_login")
        );
    }
    assert_eq!(login(&c, 16, email, PASSWORD).await.status, 200);
    server
}

/// A lock made through one server holds on another server on the same database.
async fn two_servers(db: &TestDb, one: &TestServer) {
    let other = TestServer::start_with(db.open().await, one.clock.clone(), config()).await;
    let owner = new_store(one, "Toko Dua", "dua@example.id").await;
    for source in 21..=25 {
        let r = login(&one.client(), source, &owner.email, "salah-salah").await;
        assert!(r.is(401, "invalid_login"), "{r:?}");
    }
    let r = login(&other.client(), 26, &owner.email, PASSWORD).await;
    assert!(r.is(429, "account_locked"), "on the other server: {r:?}");
    one.clock.advance(30 * SECOND);
    assert_eq!(
        login(&other.client(), 27, &owner.email, PASSWORD)
            .await
            .status,
        200
    );
    other.stop().await;
}

/// Ten logins per source and per account at once, then one every 6 s; successes are free.
async fn login_limits(server: &TestServer) {
    let (c, clock) = (server.client(), &server.clock);
    for i in 0..10 {
        let r = login(&c, 100, &format!("nobody{i}@example.id"), "x").await;
        assert!(r.is(401, "invalid_login"), "{r:?}");
    }
    let r = login(&c, 100, "nobody-else@example.id", "x").await;
    assert!(r.is(429, "rate_limited"), "{r:?}");
    assert_eq!(r.retry_after, Some(6));
    clock.advance(6 * SECOND);
    assert!(
        login(&c, 100, "nobody-else@example.id", "x")
            .await
            .is(401, "invalid_login")
    );
    assert!(
        login(&c, 100, "nobody-else@example.id", "x")
            .await
            .is(429, "rate_limited")
    );

    // An unknown account is limited like a known one, whatever the source.
    for source in 110..120 {
        let r = login(&c, source, "ghost@example.id", "x").await;
        assert!(r.is(401, "invalid_login"), "{r:?}");
    }
    assert!(
        login(&c, 120, "ghost@example.id", "x")
            .await
            .is(429, "rate_limited")
    );

    // Successful logins are not counted.
    let owner = new_store(server, "Toko Sering", "sering@example.id").await;
    for _ in 0..15 {
        assert_eq!(login(&c, 130, &owner.email, PASSWORD).await.status, 200);
    }
}

/// Ten failed pairings per source, sixty on the whole server, then the limits refill.
async fn pairing_limits(server: &TestServer, owner: &Owner) {
    let (c, clock) = (server.client(), &server.clock);
    clock.advance(60 * SECOND);
    for _ in 0..10 {
        let r = pair_from(&c, "198.51.100.1", "AAAAAAAA").await;
        assert!(r.is(401, "invalid_pairing_code"), "{r:?}");
    }
    let r = pair_from(&c, "198.51.100.1", "AAAAAAAA").await;
    assert!(r.is(429, "rate_limited"), "{r:?}");
    assert_eq!(r.retry_after, Some(6));
    // Another source pairs with a good code, and a success costs nothing.
    let code = pairing_code(&c, owner).await;
    assert_eq!(pair_from(&c, "198.51.100.2", &code).await.status, 200);

    // Sixty failures on the server in all: ten above, fifty more from five other sources.
    for source in 3..=7 {
        for _ in 0..10 {
            let r = pair_from(&c, &format!("198.51.100.{source}"), "AAAAAAAA").await;
            assert!(r.is(401, "invalid_pairing_code"), "{r:?}");
        }
    }
    let r = pair_from(&c, "198.51.100.8", "AAAAAAAA").await;
    assert!(r.is(429, "rate_limited"), "the server-wide cap: {r:?}");
    let code = pairing_code(&c, owner).await;
    let r = pair_from(&c, "198.51.100.9", &code).await;
    assert!(
        r.is(429, "rate_limited"),
        "while capped, no pairing at all: {r:?}"
    );
    clock.advance(SECOND);
    assert_eq!(pair_from(&c, "198.51.100.9", &code).await.status, 200);
}
