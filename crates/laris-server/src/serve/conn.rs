//! One connection: hyper's HTTP/1 over the socket, watched for time. The socket wrapper notes
//! each read and write, the service notes where each request starts and ends, and a watchdog
//! closes the connection when a request's head takes longer than `header_read_timeout` (from
//! the connection's start, or from the first byte after a reply) or when it sits idle longer
//! than `idle_timeout` after a reply. While a request is being handled the watchdog waits:
//! the body has its own deadline ([`TimedBody`]) and handlers bound their own waits.

use std::error::Error as StdError;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use http_body::{Body, Frame, SizeHint};
use hyper::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{Notify, watch};
use tokio::time::{Instant, Sleep};
use tower_service::Service;

use super::caps::Slot;
use crate::config::HttpConfig;

type BoxError = Box<dyn StdError + Send + Sync>;

/// Reading a request head (also a new connection before its first byte).
const HEAD: u8 = 0;
/// A request is being handled.
const BUSY: u8 = 1;
/// Waiting for the next request after a reply.
const IDLE: u8 = 2;

/// Where a connection is, and since when (milliseconds since its start).
#[derive(Debug)]
struct Activity {
    start: Instant,
    phase: AtomicU8,
    since_ms: AtomicU64,
    /// Wakes the watchdog when a request ends (it sleeps without a deadline meanwhile).
    idle_again: Notify,
}

impl Activity {
    fn new() -> Self {
        Activity {
            start: Instant::now(),
            phase: AtomicU8::new(HEAD),
            since_ms: AtomicU64::new(0),
            idle_again: Notify::new(),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Bytes came in: on an idle connection, they start the next request's head. The time
    /// is set before the phase, so the watchdog never sees a head that started when the
    /// connection went idle.
    fn read(&self) {
        if self.phase.load(Ordering::SeqCst) == IDLE {
            self.since_ms.store(self.now_ms(), Ordering::SeqCst);
            let _ = self
                .phase
                .compare_exchange(IDLE, HEAD, Ordering::SeqCst, Ordering::SeqCst);
        }
    }

    /// Bytes went out: a reply still being written keeps the connection from counting as idle.
    fn wrote(&self) {
        if self.phase.load(Ordering::SeqCst) == IDLE {
            self.since_ms.store(self.now_ms(), Ordering::SeqCst);
        }
    }

    fn request_started(&self) {
        self.phase.store(BUSY, Ordering::SeqCst);
    }

    fn request_done(&self) {
        self.since_ms.store(self.now_ms(), Ordering::SeqCst);
        self.phase.store(IDLE, Ordering::SeqCst);
        self.idle_again.notify_one();
    }

    /// When the connection is to be closed if nothing changes (None while a request runs).
    fn deadline(&self, http: &HttpConfig) -> Option<Instant> {
        let limit = match self.phase.load(Ordering::SeqCst) {
            HEAD => http.header_read_timeout,
            IDLE => http.idle_timeout,
            _ => return None,
        };
        let since = Duration::from_millis(self.since_ms.load(Ordering::SeqCst));
        Some(self.start + since + limit)
    }
}

/// The socket, noting its reads and writes in the connection's [`Activity`].
struct Watched {
    io: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.io).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.activity.read();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.wrote();
        }
        polled
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.wrote();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// The body of a request that did not arrive within the body timeout.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
struct BodyTimedOut;

/// Whether `e` (a body rejection, say) comes from [`BodyTimedOut`].
pub(crate) fn is_body_timeout(e: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(err) = next {
        if err.is::<BodyTimedOut>() {
            return true;
        }
        next = err.source();
    }
    false
}

/// A request body that fails with [`BodyTimedOut`] once its deadline passes, however slowly
/// or steadily its bytes trickle in.
struct TimedBody {
    inner: Incoming,
    deadline: Instant,
    timer: Option<Pin<Box<Sleep>>>,
}

impl TimedBody {
    fn new(inner: Incoming, timeout: Duration) -> Self {
        TimedBody {
            inner,
            deadline: Instant::now() + timeout,
            timer: None,
        }
    }
}

impl Body for TimedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        if Instant::now() >= this.deadline {
            return Poll::Ready(Some(Err(Box::new(BodyTimedOut))));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame.map(|f| f.map_err(Into::into))),
            Poll::Pending => {
                let deadline = this.deadline;
                let timer = this
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimedOut)))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Serves one connection until it ends, a timeout closes it, or the server stops.
pub(super) async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    http: Arc<HttpConfig>,
    _slot: Slot,
    mut stopping: watch::Receiver<bool>,
) {
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        io: stream,
        activity: Arc::clone(&activity),
    });
    let body_timeout = http.body_read_timeout;
    let noted = Arc::clone(&activity);
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        noted.request_started();
        req.extensions_mut().insert(ConnectInfo(peer));
        let req = req.map(|body| TimedBody::new(body, body_timeout));
        let mut router = router.clone();
        let noted = Arc::clone(&noted);
        async move {
            let response = router.call(req).await;
            noted.request_done();
            response
        }
    });
    let mut builder = http1::Builder::new();
    // The watchdog below keeps the head's time (hyper's own timer would also cut idle
    // connections after the head timeout).
    builder.header_read_timeout(None).keep_alive(true);
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    let mut shutting_down = *stopping.borrow();
    if shutting_down {
        connection.as_mut().graceful_shutdown();
    }
    loop {
        let deadline = activity.deadline(&http);
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(e) = served {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
                return;
            }
            () = sleep_until(deadline) => {
                if activity.deadline(&http).is_some_and(|d| d <= Instant::now()) {
                    tracing::debug!(%peer, "connection closed: too slow or idle too long");
                    return;
                }
            }
            () = activity.idle_again.notified() => {}
            changed = stopping.changed(), if !shutting_down => {
                shutting_down = true;
                if changed.is_ok() {
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}
