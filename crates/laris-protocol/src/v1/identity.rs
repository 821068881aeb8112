//! What a device's seq names, so that both sides can tell "the same event sent again" from
//! "another event under a seq already used" (a till restored from an old backup numbers its
//! new events from where the backup ended, and those seqs may already be held).
//!
//! An event's identity is its kind and the id of the record it is about. Sales and stock
//! movements are immutable, so that names them exactly; a product event names the product,
//! and the server merges a product event under a held seq again (merging is idempotent), so
//! a product edit is never lost to an identity that matches.
//!
//! The proof of sync compares identities, not only counts and totals: each side digests the
//! identities it holds in blocks of [`DIGEST_BLOCK`] seqs, and a block whose digest differs
//! names where the two disagree.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The error code of a push that sent another event under a seq the server already holds.
/// The reply's body is a [`SeqConflict`]; nothing of the push was applied.
pub const SEQ_REUSED: &str = super::ErrorCode::SeqReused.as_str();

/// Seqs per proof digest block: block `b` covers seqs `b * DIGEST_BLOCK + 1 ..= (b + 1) *
/// DIGEST_BLOCK`. A till with 100,000 events sends about 100 digests.
pub const DIGEST_BLOCK: u64 = 1024;

/// The JSON body of a `409 seq_reused` reply to a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SeqConflict {
    /// Always [`SEQ_REUSED`].
    pub code: String,
    pub message: String,
    /// The first seq of the push that names another event than the one the server holds.
    pub seq: u64,
    /// Every seq of the device up to this one is held by the server: the device renumbers
    /// its events from `seq` on to follow it.
    pub server_acked_seq: u64,
}

/// What one seq names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventIdentity<'a> {
    pub seq: u64,
    /// `EventBody::kind`.
    pub kind: &'a str,
    pub entity_id: Uuid,
}

impl EventIdentity<'_> {
    /// Whether an event sent under a held seq is the one held there.
    pub fn same_event(&self, kind: &str, entity_id: Uuid) -> bool {
        self.kind == kind && self.entity_id == entity_id
    }
}

/// The digest of one block of seqs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SeqDigest {
    /// The block's number (see [`DIGEST_BLOCK`]).
    pub block: u64,
    /// Seqs of the block held.
    pub events: u64,
    /// SHA-256 (first 16 bytes, hex) over the block's identities in seq order.
    pub digest: String,
}

/// Digests identities given in increasing seq order, a block at a time.
#[derive(Debug, Default)]
pub struct DigestBuilder {
    current: Option<(u64, u64, Sha256)>,
    done: Vec<SeqDigest>,
}

impl DigestBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one identity; seqs must come in increasing order.
    pub fn push(&mut self, id: EventIdentity<'_>) {
        let block = id.seq.saturating_sub(1) / DIGEST_BLOCK;
        if self.current.as_ref().is_some_and(|(b, _, _)| *b != block) {
            self.finish_block();
        }
        let (_, events, hasher) = self
            .current
            .get_or_insert_with(|| (block, 0, Sha256::new()));
        *events += 1;
        hasher.update(id.seq.to_le_bytes());
        hasher.update(id.kind.as_bytes());
        hasher.update([0]);
        hasher.update(id.entity_id.as_bytes());
    }

    fn finish_block(&mut self) {
        if let Some((block, events, hasher)) = self.current.take() {
            let digest = hasher.finalize();
            self.done.push(SeqDigest {
                block,
                events,
                digest: digest[..16].iter().map(|b| format!("{b:02x}")).collect(),
            });
        }
    }

    /// The digests of every block that holds at least one seq, in block order.
    pub fn finish(mut self) -> Vec<SeqDigest> {
        self.finish_block();
        self.done
    }
}

/// The seq ranges where two digest lists disagree (a block held by one side only counts).
pub fn differing_blocks(ours: &[SeqDigest], theirs: &[SeqDigest]) -> Vec<super::api::SeqRange> {
    let mut out: Vec<super::api::SeqRange> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < ours.len() || j < theirs.len() {
        let block = match (ours.get(i), theirs.get(j)) {
            (Some(x), Some(y)) if x.block == y.block => {
                i += 1;
                j += 1;
                (x != y).then_some(x.block)
            }
            (Some(x), Some(y)) if x.block < y.block => {
                i += 1;
                Some(x.block)
            }
            (Some(x), None) => {
                i += 1;
                Some(x.block)
            }
            (_, Some(y)) => {
                j += 1;
                Some(y.block)
            }
            (None, None) => break,
        };
        if let Some(block) = block {
            let range = super::api::SeqRange {
                first: block * DIGEST_BLOCK + 1,
                last: (block + 1) * DIGEST_BLOCK,
            };
            match out.last_mut() {
                Some(prev) if prev.last + 1 == range.first => prev.last = range.last,
                _ => out.push(range),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digests(ids: &[(u64, &str, u128)]) -> Vec<SeqDigest> {
        let mut b = DigestBuilder::new();
        for &(seq, kind, id) in ids {
            b.push(EventIdentity {
                seq,
                kind,
                entity_id: Uuid::from_u128(id),
            });
        }
        b.finish()
    }

    #[test]
    fn equal_identities_digest_equally_and_any_difference_shows() {
        let base = [
            (1, "sale", 10),
            (2, "sale", 11),
            (1025, "product_upsert", 3),
        ];
        let d = digests(&base);
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].block, d[0].events, d[1].block), (0, 2, 1));
        assert_eq!(d, digests(&base));
        assert!(differing_blocks(&d, &d).is_empty());
        // Another event under seq 2, another kind, or seq 2 missing: block 0 differs.
        for other in [
            digests(&[
                (1, "sale", 10),
                (2, "sale", 12),
                (1025, "product_upsert", 3),
            ]),
            digests(&[
                (1, "sale", 10),
                (2, "stock_movement", 11),
                (1025, "product_upsert", 3),
            ]),
            digests(&[(1, "sale", 10), (1025, "product_upsert", 3)]),
        ] {
            assert_eq!(
                differing_blocks(&d, &other),
                vec![super::super::api::SeqRange {
                    first: 1,
                    last: 1024
                }]
            );
        }
        // A block only one side has, next to a differing one: one merged range.
        let more = digests(&[
            (1, "sale", 99),
            (1025, "product_upsert", 3),
            (2049, "sale", 1),
        ]);
        assert_eq!(
            differing_blocks(&d, &more),
            vec![
                super::super::api::SeqRange {
                    first: 1,
                    last: 1024
                },
                super::super::api::SeqRange {
                    first: 2049,
                    last: 3072
                }
            ]
        );
    }

    #[test]
    fn same_event_compares_kind_and_id() {
        let held = EventIdentity {
            seq: 5,
            kind: "sale",
            entity_id: Uuid::from_u128(1),
        };
        assert!(held.same_event("sale", Uuid::from_u128(1)));
        assert!(!held.same_event("sale", Uuid::from_u128(2)));
        assert!(!held.same_event("stock_movement", Uuid::from_u128(1)));
    }
}
