//! The retry schedule while the server is unreachable: exponential backoff with jitter.
//! Pure: the jitter is passed in, so tests know every delay.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The delay after the first failure (before jitter).
    pub base: Duration,
    /// The longest delay (before jitter).
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(2),
            max: Duration::from_secs(5 * 60),
        }
    }
}

impl Backoff {
    /// The delay after `failures` failures in a row (1 or more): `base × 2^(failures-1)`
    /// capped at `max`, of which the second half is scaled by `jitter` in [0, 1) ("equal
    /// jitter": never less than half, so tills that lost the link together spread out
    /// without hammering the server).
    pub fn delay(&self, failures: u32, jitter: f64) -> Duration {
        let exp = failures.saturating_sub(1).min(31);
        let full = self
            .base
            .saturating_mul(1u32 << exp)
            .min(self.max)
            .max(Duration::from_millis(1));
        let half = full / 2;
        half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_with_jitter_in_the_upper_half() {
        let b = Backoff::default();
        let secs = |f, j| b.delay(f, j).as_secs_f64();
        assert_eq!(secs(1, 0.0), 1.0);
        assert!(secs(1, 0.999_999) < 2.0);
        assert_eq!(secs(2, 0.5), 3.0);
        assert_eq!(secs(3, 0.0), 4.0);
        assert_eq!(secs(9, 0.0), 150.0);
        assert_eq!(secs(10, 0.0), 150.0);
        assert_eq!(secs(u32::MAX, 1.0), 300.0);
        assert_eq!(secs(0, 0.0), 1.0, "0 failures is treated as the first");
    }
}
