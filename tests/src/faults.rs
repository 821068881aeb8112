//! Seeded per-connection faults for the proxy: the same seed gives the same fault to the n-th
//! connection of a schedule, whatever else ran before it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use laris_proxy::{Fault, FaultSchedule};
use rand::{Rng, SeedableRng, rngs::StdRng};

#[derive(Debug, Default)]
pub struct SeededFaults {
    seed: AtomicU64,
    next: AtomicU64,
    on: AtomicBool,
    /// Connections that got a fault, for the report.
    pub injected: AtomicU64,
}

impl SeededFaults {
    /// Starts a schedule: connections count from 0 again, faults on.
    pub fn start(&self, seed: u64) {
        self.seed.store(seed, Ordering::SeqCst);
        self.next.store(0, Ordering::SeqCst);
        self.on.store(true, Ordering::SeqCst);
    }

    pub fn set_on(&self, on: bool) {
        self.on.store(on, Ordering::SeqCst);
    }

    /// The fault of the n-th connection of schedule `seed`.
    pub fn draw(seed: u64, n: u64) -> Fault {
        let mut rng = StdRng::seed_from_u64(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        match rng.random_range(0..100u32) {
            0..62 => Fault::None,
            62..66 => Fault::Refuse,
            66..71 => Fault::DropRequest,
            71..80 => Fault::DropResponse,
            80..89 => Fault::CutAfter(rng.random_range(0..2_500)),
            89..94 => Fault::Delay(Duration::from_millis(rng.random_range(1..25))),
            _ => Fault::Replay,
        }
    }
}

impl FaultSchedule for SeededFaults {
    fn fault_for(&self, _n: u64) -> Fault {
        if !self.on.load(Ordering::SeqCst) {
            return Fault::None;
        }
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        let fault = Self::draw(self.seed.load(Ordering::SeqCst), n);
        if fault != Fault::None {
            self.injected.fetch_add(1, Ordering::Relaxed);
        }
        fault
    }
}
