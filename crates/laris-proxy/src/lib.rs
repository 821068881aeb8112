//! laris-proxy: a TCP proxy on 127.0.0.1 between a sync client and a server, that counts the
//! bytes crossing it (the wire cost of sync, headers included) and injects faults per
//! connection: refused connections, requests that never arrive, responses lost after the
//! server committed, connections cut after N bytes, delays, and replayed requests.
//!
//! It knows nothing of HTTP: faults act on byte streams, which is what a flaky mobile link
//! does too.
#![forbid(unsafe_code)]

mod fault;
mod relay;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use fault::{Fault, FaultSchedule, FixedFault};

/// Byte and connection counters, updated as traffic flows.
#[derive(Debug, Default)]
pub struct Stats {
    /// Client → server.
    pub bytes_up: AtomicU64,
    /// Server → client.
    pub bytes_down: AtomicU64,
    pub connections: AtomicU64,
    /// Connections a fault acted on.
    pub faults: AtomicU64,
}

impl Stats {
    pub fn up(&self) -> u64 {
        self.bytes_up.load(Ordering::Relaxed)
    }
    pub fn down(&self) -> u64 {
        self.bytes_down.load(Ordering::Relaxed)
    }
}

/// A running proxy. Dropping it stops accepting; open connections end with their peers.
#[derive(Debug)]
pub struct Proxy {
    addr: SocketAddr,
    upstream: Arc<Mutex<SocketAddr>>,
    stats: Arc<Stats>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Proxy {
    /// Listens on 127.0.0.1 (a free port) and relays to `upstream`, asking `faults` what to do
    /// with each new connection.
    pub async fn start(
        upstream: SocketAddr,
        faults: Arc<dyn FaultSchedule>,
    ) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let upstream = Arc::new(Mutex::new(upstream));
        let stats = Arc::new(Stats::default());
        let (stop, mut stopped) = watch::channel(false);
        let task = {
            let upstream = upstream.clone();
            let stats = stats.clone();
            tokio::spawn(async move {
                loop {
                    tokio::select! {
                        _ = stopped.changed() => break,
                        accepted = listener.accept() => {
                            let Ok((client, _)) = accepted else { continue };
                            let n = stats.connections.fetch_add(1, Ordering::Relaxed);
                            let fault = faults.fault_for(n);
                            let to = *upstream.lock().unwrap_or_else(|e| e.into_inner());
                            tokio::spawn(relay::serve(client, to, fault, stats.clone()));
                        }
                    }
                }
            })
        };
        Ok(Proxy {
            addr,
            upstream,
            stats,
            stop,
            task,
        })
    }

    /// Where clients connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Points new connections at another server (e.g. one restarted on a new port).
    pub fn set_upstream(&self, upstream: SocketAddr) {
        *self.upstream.lock().unwrap_or_else(|e| e.into_inner()) = upstream;
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        self.task.abort();
    }
}
