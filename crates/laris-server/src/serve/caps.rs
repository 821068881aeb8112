//! Open connections per source and in all. A slot is taken at accept and given back when its
//! connection ends (on drop); the table holds only sources with open connections, so it is
//! bounded by the total cap.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::source::Source;

#[derive(Debug)]
pub(super) struct ConnectionCaps {
    max_total: usize,
    max_per_source: usize,
    open: Mutex<Open>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_source: HashMap<Source, usize>,
}

/// One open connection; dropping it frees its place.
#[derive(Debug)]
pub(super) struct Slot {
    caps: Arc<ConnectionCaps>,
    source: Source,
}

impl ConnectionCaps {
    pub fn new(max_total: usize, max_per_source: usize) -> Self {
        ConnectionCaps {
            max_total,
            max_per_source,
            open: Mutex::new(Open::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A place for one more connection from `source`, or None when a cap is reached.
    pub fn open(self: &Arc<Self>, source: Source) -> Option<Slot> {
        let mut open = self.lock();
        let of_source = open.by_source.get(&source).copied().unwrap_or(0);
        if open.total >= self.max_total || of_source >= self.max_per_source {
            return None;
        }
        open.total += 1;
        open.by_source.insert(source, of_source + 1);
        Some(Slot {
            caps: Arc::clone(self),
            source,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.caps.lock();
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_source.get_mut(&self.source) {
            *n -= 1;
            if *n == 0 {
                open.by_source.remove(&self.source);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_per_source_and_in_all() {
        let caps = Arc::new(ConnectionCaps::new(3, 2));
        let (a, b) = (
            Source::of([192, 0, 2, 1].into()),
            Source::of([192, 0, 2, 2].into()),
        );
        let a1 = caps.open(a).unwrap();
        let _a2 = caps.open(a).unwrap();
        assert!(caps.open(a).is_none(), "per source");
        let _b1 = caps.open(b).unwrap();
        assert!(caps.open(b).is_none(), "in all");
        drop(a1);
        assert!(
            caps.open(a).is_some(),
            "a closed connection frees its place"
        );
        assert_eq!(caps.lock().by_source.len(), 2);
    }
}
