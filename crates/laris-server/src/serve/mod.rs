//! The accept loop of [`crate::run`]: hyper's HTTP/1 connections over the router, with what
//! a server on a public address needs: caps on open connections per source and in all
//! (checked at accept, before anything is read: a connection past them is closed at once),
//! and timeouts for a request's head, its body and an idle kept-alive connection (see
//! [`HttpConfig`]). Every request carries its peer as `ConnectInfo<SocketAddr>`.
//!
//! Graceful shutdown: the listener closes, idle connections close, requests in flight finish
//! (still under their timeouts), then `run` returns.

mod caps;
mod conn;

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::config::HttpConfig;
use crate::routes::app;
use crate::source::Source;
use crate::state::AppState;
use caps::ConnectionCaps;
pub(crate) use conn::is_body_timeout;

/// After an accept error that is not the peer's (out of file descriptors, say), the loop
/// waits this long instead of spinning.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_secs(1);

/// Serves the router of `state` on `listener` until `shutdown` resolves, then shuts down
/// gracefully.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let http: Arc<HttpConfig> = Arc::new(state.config.http.clone());
    let router = app(state);
    let caps = Arc::new(ConnectionCaps::new(
        http.max_connections,
        http.max_connections_per_source,
    ));
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        while connections.try_join_next().is_some() {}
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) if is_peer_error(&e) => continue,
            Err(e) => {
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                continue;
            }
        };
        let Some(slot) = caps.open(Source::of(peer.ip())) else {
            tracing::debug!(%peer, "connection refused: over the connection cap");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        connections.spawn(conn::serve(
            stream,
            peer,
            router.clone(),
            Arc::clone(&http),
            slot,
            stopping.clone(),
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// Errors of one incoming connection, not of the listener.
fn is_peer_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
