//! Bounds of requests and pages, and the pure batching that keeps a push within them.
//!
//! The server enforces the `MAX_*` limits (and announces them at the handshake); a device cuts
//! its outbox into batches well inside them with [`cut_batches`]. Any event that passes
//! `validate()` fits in one request even at its worst (1,000 lines with every text at its
//! longest in 4-byte characters: ~1.0 MB of postcard, ~1.2 MB of JSON, before compression), so
//! no valid event can wedge the queue by being too big to send.

use std::iter::Peekable;

use crate::v1::LimitsV1;

/// Events in one push request.
pub const MAX_EVENTS_PER_PUSH: usize = 2_000;
/// A request body as sent (compressed): the largest valid event even if incompressible;
/// about 35,000 typical sales.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// A request body once decompressed: the decompression-bomb guard. A full push of 2,000
/// typical sales is about 0.5 MB of binary encoding, ~1.5 MB of JSON.
pub const MAX_DECODED_BYTES: usize = 8 * 1024 * 1024;
/// Changes in one pull page.
pub const MAX_PULL_PAGE: usize = 2_000;
/// Room a push request needs besides its events (device id, lengths), in any encoding.
pub const PUSH_ENVELOPE_BYTES: usize = 128;

/// How a device cuts its outbox: at most `max_events` events, and at most `max_bytes` of
/// encoded (uncompressed) events, per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchBounds {
    pub max_events: usize,
    pub max_bytes: usize,
}

impl BatchBounds {
    /// A device's default: 1,000 events or 512 KiB before compression, whichever comes first
    /// (1,000 typical sales are ~300 KB). Compressed, such a batch is ~56 KB: a few requests
    /// fit within the 200,000 bytes a flaky link carries before it drops, and a cut wastes
    /// little; past 1,000 the bytes per sale hardly shrink (see `examples/wire_size.rs`).
    pub const DEVICE_DEFAULT: BatchBounds = BatchBounds {
        max_events: 1_000,
        max_bytes: 512 * 1024,
    };

    /// These bounds narrowed to what the server announced. The byte bound stays below both
    /// the decoded limit and the body limit (compression never grows a body by more than
    /// a few bytes per KB), leaving room for the request envelope.
    pub fn within(self, server: &LimitsV1) -> BatchBounds {
        let to_usize = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
        let server_bytes =
            to_usize(server.max_decoded_bytes.min(server.max_body_bytes)).saturating_mul(9) / 10;
        BatchBounds {
            max_events: self
                .max_events
                .min(usize::try_from(server.max_events_per_push).unwrap_or(usize::MAX))
                .max(1),
            max_bytes: self
                .max_bytes
                .min(server_bytes.saturating_sub(PUSH_ENVELOPE_BYTES)),
        }
    }
}

/// Cuts `items` (each with its encoded size in bytes) into batches in order, each within
/// `bounds`. A batch always takes at least one item, so an item larger than `max_bytes`
/// travels alone rather than blocking the rest.
pub fn cut_batches<I, T>(items: I, bounds: BatchBounds) -> Batches<I::IntoIter>
where
    I: IntoIterator<Item = (T, usize)>,
{
    Batches {
        items: items.into_iter().peekable(),
        bounds,
    }
}

/// The iterator of [`cut_batches`].
pub struct Batches<I: Iterator> {
    items: Peekable<I>,
    bounds: BatchBounds,
}

impl<I: Iterator> std::fmt::Debug for Batches<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batches")
            .field("bounds", &self.bounds)
            .finish_non_exhaustive()
    }
}

impl<I, T> Iterator for Batches<I>
where
    I: Iterator<Item = (T, usize)>,
{
    type Item = Vec<T>;

    fn next(&mut self) -> Option<Vec<T>> {
        let max_events = self.bounds.max_events.max(1);
        let mut batch = Vec::new();
        let mut bytes = 0usize;
        while let Some((item, size)) = self.items.next_if(|(_, size)| {
            batch.is_empty()
                || (batch.len() < max_events
                    && bytes.saturating_add(*size) <= self.bounds.max_bytes)
        }) {
            bytes = bytes.saturating_add(size);
            batch.push(item);
        }
        (!batch.is_empty()).then_some(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(sizes: &[usize], max_events: usize, max_bytes: usize) -> Vec<Vec<usize>> {
        cut_batches(
            sizes.iter().copied().enumerate(),
            BatchBounds {
                max_events,
                max_bytes,
            },
        )
        .collect()
    }

    #[test]
    fn cuts_by_count_and_by_bytes() {
        assert_eq!(cut(&[1; 5], 2, 100), vec![vec![0, 1], vec![2, 3], vec![4]]);
        assert_eq!(cut(&[40, 40, 40, 10], 10, 90), vec![vec![0, 1], vec![2, 3]]);
        assert_eq!(cut(&[], 10, 90), Vec::<Vec<usize>>::new());
    }

    #[test]
    fn an_oversized_item_travels_alone() {
        assert_eq!(
            cut(&[10, 500, 10], 10, 100),
            vec![vec![0], vec![1], vec![2]]
        );
        assert_eq!(cut(&[1, 1], 0, 100), vec![vec![0], vec![1]]);
    }

    #[test]
    fn bounds_narrow_to_the_server() {
        let server = LimitsV1 {
            max_events_per_push: 500,
            max_body_bytes: 100_000,
            max_decoded_bytes: 1_000_000,
            ..LimitsV1::default()
        };
        let b = BatchBounds::DEVICE_DEFAULT.within(&server);
        assert_eq!(b.max_events, 500);
        assert_eq!(b.max_bytes, 90_000 - PUSH_ENVELOPE_BYTES);
        let b = BatchBounds::DEVICE_DEFAULT.within(&LimitsV1::default());
        assert_eq!(b, BatchBounds::DEVICE_DEFAULT);
    }
}
