//! [`ServerConfig`]: every bound and lifetime the server enforces, with its default, in one
//! place. The binary serves the defaults (a few can be changed by flags, see `cli`); tests
//! shorten the timeouts and lifetimes they exercise.

use std::net::IpAddr;
use std::time::Duration;

use laris_protocol::v1::LimitsV1;

/// Bounds and lifetimes the server enforces.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Announced at the handshake and enforced: events per push, body sizes, page size and
    /// the HLC drift bound.
    pub limits: LimitsV1,
    /// Largest JSON body of the pairing and owner endpoints.
    pub max_json_body_bytes: usize,
    /// How long a pairing code stays usable.
    pub pairing_code_ttl_ms: i64,
    /// How long an owner session lasts (unless revoked or logged out first).
    pub owner_session_ttl_ms: i64,
    /// Connections: timeouts and caps of the accept loop.
    pub http: HttpConfig,
    /// Password checks, rate limits and the lock-out of owner accounts.
    pub guard: GuardConfig,
    /// The owner's back office.
    pub web: WebConfig,
}

/// The back office's policy: who may sign up, how its cookie is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebConfig {
    pub signup: crate::web::wire::SignupMode,
    /// Mark the session cookie `Secure` (the server is reached over TLS, e.g. behind a
    /// proxy). Also set for a request a trusted proxy says came over https.
    pub secure_cookies: bool,
    /// The address owners and tills reach this server at (for pairing links and sign-up
    /// links); None: the request's own `Host`.
    pub public_url: Option<String>,
    /// How long a one-time sign-up link stays usable.
    pub invite_ttl_ms: i64,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            signup: crate::web::wire::SignupMode::Open,
            secure_cookies: false,
            public_url: None,
            invite_ttl_ms: 7 * 24 * 60 * 60 * 1000,
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            limits: LimitsV1::default(),
            max_json_body_bytes: 64 * 1024,
            pairing_code_ttl_ms: 10 * 60 * 1000,
            owner_session_ttl_ms: 7 * 24 * 60 * 60 * 1000,
            http: HttpConfig::default(),
            guard: GuardConfig::default(),
            web: WebConfig::default(),
        }
    }
}

impl ServerConfig {
    pub(crate) fn max_body_bytes(&self) -> usize {
        usize::try_from(self.limits.max_body_bytes).unwrap_or(usize::MAX)
    }

    pub(crate) fn max_decoded_bytes(&self) -> usize {
        usize::try_from(self.limits.max_decoded_bytes).unwrap_or(usize::MAX)
    }
}

/// What a connection may cost: how long it may take to send a request, how long it may sit
/// idle, and how many one source (and everybody) may hold open. A connection past a cap is
/// closed at once, before anything is read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpConfig {
    /// A request's whole head (request line and headers), from the connection's start or its
    /// first byte after a reply: a client trickling headers is cut after this.
    pub header_read_timeout: Duration,
    /// A request's whole body, from the end of its head; past it the server answers 408
    /// `body_timeout` and closes the connection. As long as a device waits for a whole
    /// request (laris-sync's `Timeouts::request`, 60 s): a push the device is still sending
    /// on a slow 3G link is never cut by the server first (2 MiB, the largest body, in 60 s
    /// is 35 KB/s, and laris-sync sends a batch that fails in transport again at half the
    /// size), while a client trickling a body holds its connection no longer than that.
    pub body_read_timeout: Duration,
    /// A kept-alive connection with no new request for this long is closed.
    pub idle_timeout: Duration,
    /// Open connections from one source address (an IPv6 source counts by its /64). A shop's
    /// tills behind one NAT use one each; behind a reverse proxy this is the proxy's cap.
    pub max_connections_per_source: usize,
    /// Open connections in all (mind the process's open-file limit, `ulimit -n`).
    pub max_connections: usize,
    /// Peers whose `X-Forwarded-For` is believed: the rate limits then key by its last
    /// (rightmost) address, the one the proxy saw. Empty: the header is ignored.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(60),
            max_connections_per_source: 64,
            max_connections: 4_096,
            trusted_proxies: Vec::new(),
        }
    }
}

/// A token bucket: `burst` attempts at once, then one more every `every_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub every_ms: i64,
}

/// After `after_failures` consecutive failed logins an account is locked for `first_lock_ms`,
/// twice as long for each further failure, at most `max_lock_ms`. A success resets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub after_failures: u32,
    pub first_lock_ms: i64,
    pub max_lock_ms: i64,
}

impl LockoutPolicy {
    /// How long an account is locked after its `failures`-th consecutive failure (None: not).
    pub fn lock_ms(&self, failures: u32) -> Option<i64> {
        let beyond = failures.checked_sub(self.after_failures.max(1))?;
        let doubled = self
            .first_lock_ms
            .checked_shl(beyond.min(62))
            .filter(|ms| *ms >= self.first_lock_ms)
            .unwrap_or(self.max_lock_ms);
        Some(doubled.min(self.max_lock_ms))
    }
}

/// Password checks, rate limits and lock-out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardConfig {
    /// argon2 checks running at once (each needs its ~19 MiB of memory, kept by its thread).
    pub password_checks: usize,
    /// How long a login waits for a free password check before it is answered 503 `busy`.
    pub password_check_wait: Duration,
    /// Logins per source address (a successful one is not counted).
    pub login_per_source: Rate,
    /// Logins per account, that is per email, known or not (a successful one is not counted).
    pub login_per_account: Rate,
    /// Failed pairings per source address.
    pub pair_failures_per_source: Rate,
    /// Failed pairings on the whole server, whatever their source: with 8 symbols of 31 per
    /// code, 60 a minute leave a guesser no chance against codes that live 10 minutes.
    pub pair_failures_total: Rate,
    /// Keys each rate limiter tracks at most; past it new keys share one bucket.
    pub max_tracked_keys: usize,
    pub lockout: LockoutPolicy,
}

impl Default for GuardConfig {
    fn default() -> Self {
        GuardConfig {
            password_checks: 2,
            password_check_wait: Duration::from_secs(2),
            login_per_source: Rate {
                burst: 10,
                every_ms: 6_000,
            },
            login_per_account: Rate {
                burst: 10,
                every_ms: 6_000,
            },
            pair_failures_per_source: Rate {
                burst: 10,
                every_ms: 6_000,
            },
            pair_failures_total: Rate {
                burst: 60,
                every_ms: 1_000,
            },
            max_tracked_keys: 10_000,
            lockout: LockoutPolicy {
                after_failures: 5,
                first_lock_ms: 30_000,
                max_lock_ms: 15 * 60_000,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_doubles_from_the_fifth_failure_up_to_the_cap() {
        let p = GuardConfig::default().lockout;
        let locks: Vec<Option<i64>> = (1..=11).map(|n| p.lock_ms(n)).collect();
        let s = |secs: i64| Some(secs * 1_000);
        assert_eq!(
            locks,
            [
                None,
                None,
                None,
                None,
                s(30),
                s(60),
                s(120),
                s(240),
                s(480),
                s(900),
                s(900)
            ]
        );
        assert_eq!(p.lock_ms(u32::MAX), s(900), "no overflow");
    }
}
