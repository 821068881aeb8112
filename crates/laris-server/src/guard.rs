//! The rate limits in front of guessing: owner logins per source and per account, failed
//! pairings per source and on the whole server. A login is counted before its password is
//! checked (each check costs argon2) and given back when it succeeds; a pairing costs the
//! server little, so only its failures are counted, after the fact (how many guesses a
//! source can have in flight at once is bounded by its connection cap).
//!
//! These limits bound one process; the lock-out of an account after failed logins is kept
//! in the database and holds across processes (see `routes::owner`).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use laris_protocol::v1::ErrorCode;

use crate::config::GuardConfig;
use crate::error::{Result, ServerError};
use crate::limiter::RateLimiter;
use crate::source::Source;
use crate::state::AppState;

/// Emails longer than an email can be are limited by their first this many bytes.
const MAX_ACCOUNT_KEY_BYTES: usize = 254;

#[derive(Debug)]
pub struct Guards {
    login_by_source: RateLimiter<Source>,
    login_by_account: RateLimiter<String>,
    pair_by_source: RateLimiter<Source>,
    pair_total: RateLimiter<()>,
}

/// A counted login attempt: [`LoginAttempt::refund`] gives it back when it turned out
/// legitimate (or was not tried at all).
#[derive(Debug)]
pub struct LoginAttempt<'a> {
    guards: &'a Guards,
    source: Source,
    account: String,
}

fn rate_limited(wait_ms: i64, what: &str) -> ServerError {
    ServerError::too_many(
        ErrorCode::RateLimited,
        format!(
            "too many {what}: try again in {} s",
            (wait_ms.max(1) + 999) / 1_000
        ),
        wait_ms,
    )
}

fn account_key(email: &str) -> String {
    let mut end = email.len().min(MAX_ACCOUNT_KEY_BYTES);
    while !email.is_char_boundary(end) {
        end -= 1;
    }
    email[..end].to_string()
}

impl Guards {
    pub fn new(config: &GuardConfig) -> Self {
        let keys = config.max_tracked_keys;
        Guards {
            login_by_source: RateLimiter::new(config.login_per_source, keys),
            login_by_account: RateLimiter::new(config.login_per_account, keys),
            pair_by_source: RateLimiter::new(config.pair_failures_per_source, keys),
            pair_total: RateLimiter::new(config.pair_failures_total, 1),
        }
    }

    /// Counts a login from `source` at the (normalized) `email`, or refuses it with 429.
    pub fn login(&self, source: Source, email: &str, now_ms: i64) -> Result<LoginAttempt<'_>> {
        let account = account_key(email);
        self.login_by_source
            .acquire(&source, now_ms)
            .map_err(|wait| rate_limited(wait, "logins from this address"))?;
        if let Err(wait) = self.login_by_account.acquire(&account, now_ms) {
            self.login_by_source.refund(&source, now_ms);
            return Err(rate_limited(wait, "logins at this account"));
        }
        Ok(LoginAttempt {
            guards: self,
            source,
            account,
        })
    }
}

impl LoginAttempt<'_> {
    pub fn refund(self, now_ms: i64) {
        self.guards.login_by_source.refund(&self.source, now_ms);
        self.guards.login_by_account.refund(&self.account, now_ms);
    }
}

/// The layer of `POST /v1/pair`: refused with 429 while the source or the server has used
/// up its failures; a reply that is a client error (a wrong code above all) counts as one.
pub(crate) async fn pairing(
    State(state): State<AppState>,
    source: Source,
    req: Request,
    next: Next,
) -> Response {
    let guards = &state.guards;
    let now = state.now_ms();
    if let Err(wait) = guards.pair_by_source.check(&source, now) {
        return rate_limited(wait, "failed pairings from this address").into_response();
    }
    if let Err(wait) = guards.pair_total.check(&(), now) {
        return rate_limited(wait, "failed pairings on this server").into_response();
    }
    let response = next.run(req).await;
    if response.status().is_client_error() {
        let now = state.now_ms();
        guards.pair_by_source.charge(&source, now);
        guards.pair_total.charge(&(), now);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Rate;

    #[test]
    fn logins_count_per_source_and_per_account() {
        let config = GuardConfig {
            login_per_source: Rate {
                burst: 3,
                every_ms: 1_000,
            },
            login_per_account: Rate {
                burst: 2,
                every_ms: 1_000,
            },
            ..GuardConfig::default()
        };
        let g = Guards::new(&config);
        let (one, two) = (
            Source::of([192, 0, 2, 1].into()),
            Source::of([192, 0, 2, 2].into()),
        );
        g.login(one, "a@x", 0).unwrap();
        g.login(one, "a@x", 0).unwrap();
        let e = g.login(two, "a@x", 0).unwrap_err();
        assert_eq!((e.code(), e.retry_after_secs()), ("rate_limited", Some(1)));
        // Refused by the account, the source's token came back.
        g.login(one, "b@x", 0).unwrap();
        assert_eq!(g.login(one, "c@x", 0).unwrap_err().code(), "rate_limited");
        // A success gives its tokens back.
        g.login(two, "c@x", 0).unwrap().refund(0);
        g.login(two, "c@x", 0).unwrap();
        g.login(two, "c@x", 0).unwrap();
        let long = "x".repeat(1_000) + "é";
        assert_eq!(account_key(&long).len(), MAX_ACCOUNT_KEY_BYTES);
    }
}
