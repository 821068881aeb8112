//! Slow and greedy clients against a real server through `laris_server::run` (on SQLite: what
//! a connection may cost does not depend on the backend). 200 connections trickling a request
//! head a byte a second, 10 saying nothing, 20 trickling a push body and 5 sitting idle after
//! a reply are all cut within the configured timeouts, while an honest device keeps
//! handshaking and pushing; and past the per-source cap a connection is closed at once.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::fixtures::*;
use common::{Backend, T0, TestDb, TestServer, with_backend};
use laris_protocol::v1::api;
use laris_protocol::v1::{EventBody, PaymentMethodV1};
use laris_server::{HttpConfig, ManualClock, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::Instant;

const HEAD_TRICKLERS: usize = 200;
const SILENT: usize = 10;
const BODY_TRICKLERS: usize = 20;
const IDLERS: usize = 5;
const HEAD_TIMEOUT: Duration = Duration::from_secs(2);
const BODY_TIMEOUT: Duration = Duration::from_secs(2);
const IDLE_TIMEOUT: Duration = Duration::from_secs(3);
/// Room for scheduling on a loaded machine: a cut comes within its timeout plus this.
const SLACK: Duration = Duration::from_secs(4);
/// A slow client that is never cut gives up after this (the test then fails).
const GIVE_UP: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut() {
    with_backend(Backend::Sqlite, "slow", slow_clients).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_are_closed_at_once() {
    with_backend(Backend::Sqlite, "cap", connection_cap).await;
}

fn addr(server: &TestServer) -> SocketAddr {
    server
        .base
        .strip_prefix("http://")
        .unwrap()
        .parse()
        .unwrap()
}

/// Reads until the server closes the connection (or resets it): what it sent, and when.
async fn until_closed(
    stream: &mut tokio::net::tcp::OwnedReadHalf,
    start: Instant,
) -> (Duration, Vec<u8>) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(start + GIVE_UP, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return (start.elapsed(), got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("a slow client was not cut within {GIVE_UP:?}"),
        }
    }
}

/// Connects, sends `at_once`, then `trickle` a byte a second: how long after connecting the
/// server cut it (a few of so many connects at once wait for a SYN to be sent again, so the
/// time starts once connected), and what it answered.
async fn slow(addr: SocketAddr, at_once: Vec<u8>, trickle: usize) -> (Duration, Vec<u8>) {
    let (mut rd, mut wr) = TcpStream::connect(addr).await.unwrap().into_split();
    let start = Instant::now();
    let writer = tokio::spawn(async move {
        if wr.write_all(&at_once).await.is_err() {
            return;
        }
        for _ in 0..trickle {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if wr.write_all(b"a").await.is_err() {
                return;
            }
        }
        // Keeps the write side open until the test is done with it.
        std::future::pending::<()>().await;
    });
    let cut = until_closed(&mut rd, start).await;
    writer.abort();
    cut
}

async fn idle(addr: SocketAddr) -> (Duration, Vec<u8>) {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    wr.write_all(b"GET /healthz HTTP/1.1\r\nHost: laris\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = rd.read(&mut buf).await.unwrap();
    assert!(
        buf[..n].starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&buf[..n])
    );
    let replied = Instant::now();
    let cut = until_closed(&mut rd, replied).await;
    drop(wr);
    cut
}

fn within(what: &str, cuts: &[(Duration, Vec<u8>)], timeout: Duration) {
    let slowest = cuts.iter().map(|c| c.0).max().unwrap();
    let fastest = cuts.iter().map(|c| c.0).min().unwrap();
    eprintln!(
        "slow clients: {} {what} cut after {:.1}-{:.1} s (timeout {timeout:?})",
        cuts.len(),
        fastest.as_secs_f64(),
        slowest.as_secs_f64()
    );
    assert!(
        fastest + Duration::from_millis(500) >= timeout,
        "{what}: cut before the timeout ({fastest:?})"
    );
    assert!(
        slowest <= timeout + SLACK,
        "{what}: cut only after {slowest:?}"
    );
}

async fn slow_clients(db: TestDb) {
    let config = ServerConfig {
        http: HttpConfig {
            header_read_timeout: HEAD_TIMEOUT,
            body_read_timeout: BODY_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            // Every client of this test comes from 127.0.0.1.
            max_connections_per_source: 1_000,
            ..HttpConfig::default()
        },
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(db.open().await, ManualClock::new(T0), config).await;
    let c = server.client();
    let owner = new_store(&server, "Toko Sabar", "sabar@example.id").await;
    let honest = pair(&c, &owner, "A").await;
    let slow_device = pair(&c, &owner, "S").await;
    let addr = addr(&server);

    // The honest device syncs all along.
    let done = Arc::new(AtomicBool::new(false));
    let syncing = {
        let (c, done) = (c.clone(), Arc::clone(&done));
        tokio::spawn(async move {
            let mut seq = 0;
            while !done.load(Ordering::SeqCst) {
                handshake(&c, &honest, seq, T0)
                    .await
                    .expect("honest handshake");
                let sale = sale(T0, PaymentMethodV1::Cash, &[(honest.id, 1, 5_000)]);
                let reply = push(&c, &honest, numbered(seq + 1, vec![EventBody::Sale(sale)]))
                    .await
                    .expect("honest push");
                seq += 1;
                assert_eq!(reply.acked_seq, seq);
            }
            seq
        })
    };

    let head = b"POST /v1/sync/push HTTP/1.1\r\nHost: laris\r\nX-Slow: ".to_vec();
    let body_head = format!(
        "POST {} HTTP/1.1\r\nHost: laris\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/x-laris-v1+postcard\r\nContent-Length: 4096\r\n\r\n",
        api::PUSH,
        slow_device.token
    )
    .into_bytes();
    let heads: Vec<_> = (0..HEAD_TRICKLERS)
        .map(|_| tokio::spawn(slow(addr, head.clone(), 60)))
        .collect();
    let silent: Vec<_> = (0..SILENT)
        .map(|_| tokio::spawn(slow(addr, Vec::new(), 0)))
        .collect();
    let bodies: Vec<_> = (0..BODY_TRICKLERS)
        .map(|_| tokio::spawn(slow(addr, body_head.clone(), 60)))
        .collect();
    let idlers: Vec<_> = (0..IDLERS).map(|_| tokio::spawn(idle(addr))).collect();
    let collect = |tasks: Vec<tokio::task::JoinHandle<(Duration, Vec<u8>)>>| async move {
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    };
    let (heads, silent, bodies, idlers) = tokio::join!(
        collect(heads),
        collect(silent),
        collect(bodies),
        collect(idlers)
    );
    done.store(true, Ordering::SeqCst);
    let rounds = syncing.await.unwrap();

    within("connections trickling a head", &heads, HEAD_TIMEOUT);
    within("silent connections", &silent, HEAD_TIMEOUT);
    within("connections trickling a body", &bodies, BODY_TIMEOUT);
    within("idle connections", &idlers, IDLE_TIMEOUT);
    assert!(heads.iter().chain(&silent).all(|(_, got)| got.is_empty()));
    // A body cut is answered 408 (unless the close overtook the reply: then a reset).
    let answered: Vec<String> = bodies
        .iter()
        .filter(|(_, got)| !got.is_empty())
        .map(|(_, got)| String::from_utf8_lossy(got).into_owned())
        .collect();
    assert!(!answered.is_empty());
    for reply in &answered {
        assert!(
            reply.starts_with("HTTP/1.1 408") && reply.contains("body_timeout"),
            "{reply}"
        );
    }
    eprintln!(
        "slow clients: {} of {BODY_TRICKLERS} body tricklers read their 408; the honest device \
         made {rounds} handshake+push rounds meanwhile",
        answered.len()
    );
    assert!(rounds > 0);
    server.stop().await;
}

/// A connection from `from` (a loopback address of its own) to the server.
async fn connect_from(from: [u8; 4], to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((from, 0))).unwrap();
    socket.connect(to).await.unwrap()
}

async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut buf = [0u8; 16];
    match tokio::time::timeout(wait, stream.read(&mut buf)).await {
        Ok(Ok(0) | Err(_)) => true,
        Ok(Ok(_)) => panic!("the server sent something unasked"),
        Err(_) => false,
    }
}

async fn healthz_on(stream: &mut TcpStream) -> bool {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: laris\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).await.unwrap();
    buf[..n].starts_with(b"HTTP/1.1 200")
}

async fn connection_cap(db: TestDb) {
    let cap = HttpConfig::default().max_connections_per_source;
    let server = TestServer::start(db.open().await, ManualClock::new(T0)).await;
    let to = addr(&server);
    let greedy = [127, 0, 0, 2];
    let mut held = Vec::new();
    for _ in 0..cap {
        held.push(connect_from(greedy, to).await);
    }
    let mut over = connect_from(greedy, to).await;
    let started = Instant::now();
    assert!(
        closed_within(&mut over, Duration::from_secs(2)).await,
        "connection {} from one address is closed",
        cap + 1
    );
    eprintln!(
        "connection cap: connection {} from one address closed after {} ms",
        cap + 1,
        started.elapsed().as_millis()
    );
    // The ones within the cap stay open and are served; so is everybody else.
    for stream in &mut held {
        assert!(!closed_within(stream, Duration::from_millis(20)).await);
    }
    assert!(healthz_on(&mut held[0]).await);
    let mut other = connect_from([127, 0, 0, 3], to).await;
    assert!(healthz_on(&mut other).await);
    let health: serde_json::Value = server.client().get_json(api::HEALTHZ, None).await.unwrap();
    assert_eq!(health["status"], "ok");
    // A connection that ends frees its place.
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut again = connect_from(greedy, to).await;
    assert!(healthz_on(&mut again).await);
    drop((held, over, other, again));
    server.stop().await;
}
