//! Latency samples and their percentiles (nearest-rank: p99 of 5,000 samples is the 4,950th
//! smallest).

use std::time::{Duration, Instant};

/// Latencies in nanoseconds, in the order they were taken.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    ns: Vec<u64>,
    sorted: Option<Vec<u64>>,
}

impl Samples {
    pub fn with_capacity(n: usize) -> Self {
        Samples {
            ns: Vec::with_capacity(n),
            sorted: None,
        }
    }

    pub fn push(&mut self, d: Duration) {
        self.ns
            .push(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        self.sorted = None;
    }

    /// Runs `f`, records how long it took, and returns its result.
    pub fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.push(start.elapsed());
        out
    }

    pub fn len(&self) -> usize {
        self.ns.len()
    }

    /// The samples in the order taken, in nanoseconds.
    pub fn raw(&self) -> &[u64] {
        &self.ns
    }

    fn sorted(&mut self) -> &[u64] {
        if self.sorted.is_none() {
            let mut v = self.ns.clone();
            v.sort_unstable();
            self.sorted = Some(v);
        }
        self.sorted.as_deref().unwrap_or_default()
    }

    /// Nearest-rank percentile in microseconds (0 when empty); `p` in 0..=100.
    pub fn pct_us(&mut self, p: f64) -> f64 {
        let v = self.sorted();
        if v.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
        us(v[rank.clamp(1, v.len()) - 1])
    }

    pub fn max_us(&mut self) -> f64 {
        self.sorted().last().copied().map_or(0.0, us)
    }

    pub fn mean_us(&self) -> f64 {
        if self.ns.is_empty() {
            return 0.0;
        }
        us(self.ns.iter().sum::<u64>() / self.ns.len() as u64)
    }
}

/// Nanoseconds to microseconds, rounded to 0.1 µs.
pub fn us(ns: u64) -> f64 {
    round1(ns as f64 / 1000.0)
}

pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut s = Samples::default();
        for i in 1..=100u64 {
            s.push(Duration::from_micros(i));
        }
        assert_eq!(s.pct_us(50.0), 50.0);
        assert_eq!(s.pct_us(99.0), 99.0);
        assert_eq!(s.pct_us(100.0), 100.0);
        assert_eq!(s.max_us(), 100.0);
        assert_eq!(Samples::default().pct_us(99.0), 0.0);
    }
}
