//! The proxy against a real loopback server that answers each request line with a count.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use laris_proxy::{Fault, FixedFault, Proxy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Reads until the client half-closes, counts the request, answers "got N bytes".
async fn counting_server() -> (SocketAddr, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicU64::new(0));
    let seen = requests.clone();
    tokio::spawn(async move {
        loop {
            let (mut conn, _) = listener.accept().await.unwrap();
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut body = Vec::new();
                if conn.read_to_end(&mut body).await.is_ok() && !body.is_empty() {
                    seen.fetch_add(1, Ordering::SeqCst);
                    let _ = conn
                        .write_all(format!("got {} bytes", body.len()).as_bytes())
                        .await;
                }
            });
        }
    });
    (addr, requests)
}

async fn exchange(proxy: &Proxy, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut conn = TcpStream::connect(proxy.addr()).await?;
    conn.write_all(request).await?;
    conn.shutdown().await?;
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).await?;
    Ok(answer)
}

#[tokio::test]
async fn relays_and_counts_both_directions() {
    let (server, requests) = counting_server().await;
    let proxy = Proxy::start(server, Arc::new(FixedFault(Fault::None)))
        .await
        .unwrap();
    let answer = exchange(&proxy, &[7u8; 100_000]).await.unwrap();
    assert_eq!(answer, b"got 100000 bytes");
    assert_eq!(proxy.stats().up(), 100_000);
    assert_eq!(proxy.stats().down(), answer.len() as u64);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_dropped_response_still_reaches_the_server() {
    let (server, requests) = counting_server().await;
    let proxy = Proxy::start(server, Arc::new(FixedFault(Fault::DropResponse)))
        .await
        .unwrap();
    let answer = exchange(&proxy, b"sale").await.unwrap_or_default();
    assert!(answer.is_empty(), "the client never hears back");
    assert_eq!(requests.load(Ordering::SeqCst), 1, "but the server got it");
}

#[tokio::test]
async fn refused_and_dropped_requests_never_reach_the_server() {
    let (server, requests) = counting_server().await;
    for fault in [Fault::Refuse, Fault::DropRequest] {
        let proxy = Proxy::start(server, Arc::new(FixedFault(fault)))
            .await
            .unwrap();
        let answer = exchange(&proxy, b"sale").await.unwrap_or_default();
        assert!(answer.is_empty());
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(requests.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_cut_connection_carries_no_more_than_its_budget() {
    let (server, _requests) = counting_server().await;
    let proxy = Proxy::start(server, Arc::new(FixedFault(Fault::CutAfter(1000))))
        .await
        .unwrap();
    let _ = exchange(&proxy, &[1u8; 50_000]).await;
    assert!(proxy.stats().up() + proxy.stats().down() <= 1000);
}

#[tokio::test]
async fn a_replayed_request_reaches_the_server_twice() {
    let (server, requests) = counting_server().await;
    let proxy = Proxy::start(server, Arc::new(FixedFault(Fault::Replay)))
        .await
        .unwrap();
    let answer = exchange(&proxy, b"sale").await.unwrap();
    assert_eq!(answer, b"got 4 bytes");
    for _ in 0..100 {
        if requests.load(Ordering::SeqCst) == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}
