//! Relaying one connection under its fault.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::Stats;
use crate::fault::Fault;

const CHUNK: usize = 16 * 1024;

pub(crate) async fn serve(
    mut client: TcpStream,
    upstream: SocketAddr,
    fault: Fault,
    stats: Arc<Stats>,
) {
    if fault != Fault::None {
        stats.faults.fetch_add(1, Ordering::Relaxed);
    }
    match fault {
        Fault::Refuse => return,
        Fault::DropRequest => {
            let mut buf = [0u8; 1024];
            let _ = client.read(&mut buf).await;
            return;
        }
        Fault::Delay(d) => tokio::time::sleep(d).await,
        _ => {}
    }
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let budget = match fault {
        Fault::CutAfter(n) => Some(Arc::new(AtomicU64::new(n))),
        _ => None,
    };
    // For a replay: what the client sent so far. The server answers only after reading the
    // whole request, so at its first answer byte this holds one complete request.
    let sent = matches!(fault, Fault::Replay).then(|| Arc::new(std::sync::Mutex::new(Vec::new())));
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let up_stats = stats.clone();
    let up_budget = budget.clone();
    let up_sent = sent.clone();
    let up = async move {
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = match client_read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let n = take_budget(up_budget.as_deref(), n);
            if n == 0 || server_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
            up_stats.bytes_up.fetch_add(n as u64, Ordering::Relaxed);
            if let Some(sent) = &up_sent {
                sent.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&buf[..n]);
            }
            if up_budget
                .as_deref()
                .is_some_and(|b| b.load(Ordering::Relaxed) == 0)
            {
                break;
            }
        }
        let _ = server_write.shutdown().await;
    };
    let drop_response = fault == Fault::DropResponse;
    let down_stats = stats.clone();
    let down = async move {
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = match server_read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if let Some(sent) = sent.as_ref() {
                let request = std::mem::take(&mut *sent.lock().unwrap_or_else(|e| e.into_inner()));
                if !request.is_empty() {
                    tokio::spawn(async move { replay(upstream, &request).await });
                }
            }
            if drop_response {
                break;
            }
            let n = take_budget(budget.as_deref(), n);
            if n == 0 || client_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
            down_stats.bytes_down.fetch_add(n as u64, Ordering::Relaxed);
            if budget
                .as_deref()
                .is_some_and(|b| b.load(Ordering::Relaxed) == 0)
            {
                break;
            }
        }
        let _ = client_write.shutdown().await;
    };
    match fault {
        // A cut ends the whole connection at once.
        Fault::CutAfter(_) => {
            tokio::select! {
                () = up => {},
                () = down => {},
            }
        }
        _ => {
            tokio::join!(up, down);
        }
    }
}

/// Takes up to `want` bytes from the budget; all of them when there is none.
fn take_budget(budget: Option<&AtomicU64>, want: usize) -> usize {
    let Some(budget) = budget else {
        return want;
    };
    let mut left = budget.load(Ordering::Relaxed);
    loop {
        let take = left.min(want as u64);
        match budget.compare_exchange(left, left - take, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return take as usize,
            Err(now) => left = now,
        }
    }
}

async fn replay(upstream: SocketAddr, request: &[u8]) {
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    if server.write_all(request).await.is_err() {
        return;
    }
    let _ = server.shutdown().await;
    let mut sink = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        server.read_to_end(&mut sink),
    )
    .await;
}
