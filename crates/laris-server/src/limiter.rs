//! An in-process rate limiter: a token bucket per key, kept as one timestamp (the generic
//! cell rate algorithm: the time at which the bucket would be full again). At most
//! `max_keys` keys are tracked, so a caller inventing keys (addresses, emails) cannot grow
//! its memory: once the table is full of live buckets, new keys share one overflow bucket,
//! which throttles them together instead of handing each a fresh one.
//!
//! Time comes from the caller (the server's clock), so tests move it by hand.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

use crate::config::Rate;

/// A full table is swept of refilled buckets at most this often.
const SWEEP_EVERY_MS: i64 = 1_000;

#[derive(Debug)]
pub struct RateLimiter<K> {
    /// Milliseconds one token takes to come back.
    every_ms: i64,
    /// How far ahead of now the full-again time may be while a token is still free.
    tolerance_ms: i64,
    /// A whole burst's refill: the longest wait [`Self::charge`] imposes.
    burst_ms: i64,
    max_keys: usize,
    inner: Mutex<Inner<K>>,
}

#[derive(Debug)]
struct Inner<K> {
    /// Per key: when its bucket is full again. A time in the past is the same as no entry.
    full_at: HashMap<K, i64>,
    overflow: i64,
    last_sweep_ms: i64,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(rate: Rate, max_keys: usize) -> Self {
        let every_ms = rate.every_ms.max(1);
        RateLimiter {
            every_ms,
            tolerance_ms: every_ms.saturating_mul(i64::from(rate.burst.max(1)) - 1),
            burst_ms: every_ms.saturating_mul(i64::from(rate.burst.max(1))),
            max_keys: max_keys.max(1),
            inner: Mutex::new(Inner {
                full_at: HashMap::new(),
                overflow: i64::MIN,
                last_sweep_ms: i64::MIN,
            }),
        }
    }

    /// Takes a token of `key`, or tells how many milliseconds until one is free.
    pub fn acquire(&self, key: &K, now_ms: i64) -> Result<(), i64> {
        self.with_slot(key, now_ms, |slot, this| {
            let start = (*slot).max(now_ms);
            this.wait(start, now_ms)?;
            *slot = start + this.every_ms;
            Ok(())
        })
    }

    /// Whether `key` has a token, without taking it.
    pub fn check(&self, key: &K, now_ms: i64) -> Result<(), i64> {
        self.with_slot(key, now_ms, |slot, this| {
            this.wait((*slot).max(now_ms), now_ms)
        })
    }

    /// Takes a token of `key` even when none is free: attempts let through together and
    /// found bad afterwards are paid for by a longer wait, at most a whole burst's refill.
    pub fn charge(&self, key: &K, now_ms: i64) {
        self.with_slot(key, now_ms, |slot, this| {
            let most = now_ms + this.tolerance_ms + this.burst_ms;
            *slot = ((*slot).max(now_ms) + this.every_ms).min(most);
        });
    }

    /// Gives back a token taken by [`Self::acquire`] (the attempt turned out legitimate).
    pub fn refund(&self, key: &K, now_ms: i64) {
        self.with_slot(key, now_ms, |slot, this| {
            *slot = (*slot - this.every_ms).max(now_ms);
        });
    }

    fn wait(&self, start: i64, now_ms: i64) -> Result<(), i64> {
        let ahead = start - now_ms;
        if ahead > self.tolerance_ms {
            Err(ahead - self.tolerance_ms)
        } else {
            Ok(())
        }
    }

    fn with_slot<T>(&self, key: &K, now_ms: i64, f: impl FnOnce(&mut i64, &Self) -> T) -> T {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let inner = &mut *guard;
        if !inner.full_at.contains_key(key)
            && inner.full_at.len() >= self.max_keys
            && now_ms.saturating_sub(inner.last_sweep_ms) >= SWEEP_EVERY_MS
        {
            inner.last_sweep_ms = now_ms;
            inner.full_at.retain(|_, full_at| *full_at > now_ms);
        }
        let slot = if inner.full_at.contains_key(key) || inner.full_at.len() < self.max_keys {
            inner.full_at.entry(key.clone()).or_insert(now_ms)
        } else {
            &mut inner.overflow
        };
        f(slot, self)
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .full_at
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: Rate = Rate {
        burst: 3,
        every_ms: 1_000,
    };

    #[test]
    fn a_burst_then_one_per_period() {
        let l = RateLimiter::new(RATE, 10);
        for _ in 0..3 {
            assert_eq!(l.acquire(&"a", 0), Ok(()));
        }
        assert_eq!(l.acquire(&"a", 0), Err(1_000));
        assert_eq!(l.acquire(&"a", 400), Err(600));
        assert_eq!(
            l.acquire(&"b", 400),
            Ok(()),
            "another key has its own bucket"
        );
        assert_eq!(l.acquire(&"a", 1_000), Ok(()));
        assert_eq!(l.acquire(&"a", 1_000), Err(1_000));
        assert_eq!(l.check(&"a", 5_000), Ok(()));
        for _ in 0..3 {
            assert_eq!(
                l.acquire(&"a", 5_000),
                Ok(()),
                "refilled to the burst, no more"
            );
        }
        assert!(l.acquire(&"a", 5_000).is_err());
    }

    #[test]
    fn refunds_and_charges() {
        let l = RateLimiter::new(RATE, 10);
        for _ in 0..10 {
            l.acquire(&"a", 0).unwrap();
            l.refund(&"a", 0);
        }
        assert_eq!(l.check(&"a", 0), Ok(()), "refunded attempts cost nothing");
        for _ in 0..100 {
            l.charge(&"a", 0);
        }
        // Charged far past the burst: the wait is bounded by a whole burst's refill.
        assert_eq!(l.check(&"a", 0), Err(3_000));
        assert_eq!(l.check(&"a", 3_000), Ok(()));
    }

    #[test]
    fn the_table_is_bounded_and_full_tables_share_a_bucket() {
        let l = RateLimiter::new(RATE, 4);
        for k in 0..4 {
            l.acquire(&k, 0).unwrap();
        }
        // Keys past the bound share the overflow bucket.
        for k in 4..7 {
            assert_eq!(l.acquire(&k, 0), Ok(()));
        }
        assert!(l.acquire(&100, 0).is_err());
        assert_eq!(l.tracked(), 4);
        // Once the tracked buckets have refilled, they are swept and new keys get their own.
        assert_eq!(l.acquire(&100, 5_000), Ok(()));
        assert_eq!(l.tracked(), 1);
    }
}
