//! The product edits of a push, merged field by field (last writer wins by HLC) in seq order,
//! the same on both backends: a backend inserts each product as if new and, where the store
//! already has it, merges the edits into the stored row under that row's lock. Each edit that
//! changed the row gets a change carrying the merged product.

use std::collections::BTreeMap;

use laris_protocol::v1::{EventBody, ProductV1};
use uuid::Uuid;

use crate::prepare::{Action, PreparedEvent, encode_body, encode_product};
use crate::storage::{StorageError, decode_stored_product};

/// A push's product edits by product id (so rows are locked in id order), each product's in seq
/// order.
#[derive(Debug, Default)]
pub struct ProductEdits<'a> {
    by_id: BTreeMap<Uuid, Vec<(u64, &'a ProductV1)>>,
}

/// A product as the batch alone makes it: its first edit, with the later ones merged in.
#[derive(Debug)]
pub struct AsNew {
    pub id: Uuid,
    /// The row's body (postcard of the product).
    pub body: Vec<u8>,
    /// The change bodies by seq, if this row is the one inserted.
    pub changes: Vec<(u64, Vec<u8>)>,
}

/// The edits merged into the row the store has.
#[derive(Debug)]
pub struct Merged {
    /// The row's new body, if it changed.
    pub body: Option<Vec<u8>>,
    pub changes: Vec<(u64, Vec<u8>)>,
}

impl<'a> ProductEdits<'a> {
    pub fn new(events: impl IntoIterator<Item = &'a PreparedEvent>) -> Self {
        let mut by_id: BTreeMap<Uuid, Vec<(u64, &ProductV1)>> = BTreeMap::new();
        for ev in events {
            if let Action::Product(p) = &ev.action {
                by_id.entry(p.id).or_default().push((ev.seq, p));
            }
        }
        ProductEdits { by_id }
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Every edited product as if the store lacked it, in id order.
    pub fn as_new(&self) -> Result<Vec<AsNew>, StorageError> {
        self.by_id
            .iter()
            .map(|(id, edits)| {
                let (first_seq, first) = edits[0];
                let mut current = first.clone();
                let mut changes = vec![(first_seq, change_body(&current))];
                for &(seq, p) in &edits[1..] {
                    if merge(&mut current, p)? {
                        changes.push((seq, change_body(&current)));
                    }
                }
                Ok(AsNew {
                    id: *id,
                    body: encode_product(&current),
                    changes,
                })
            })
            .collect()
    }

    /// Merges the edits of product `id` into its stored row `stored`.
    pub fn merge_into(&self, id: Uuid, stored: &[u8]) -> Result<Merged, StorageError> {
        let mut current = decode_stored_product(stored)?;
        let mut changes = Vec::new();
        for &(seq, p) in self.by_id.get(&id).map(Vec::as_slice).unwrap_or_default() {
            if merge(&mut current, p)? {
                changes.push((seq, change_body(&current)));
            }
        }
        Ok(Merged {
            body: (!changes.is_empty()).then(|| encode_product(&current)),
            changes,
        })
    }
}

fn merge(current: &mut ProductV1, edit: &ProductV1) -> Result<bool, StorageError> {
    // Edits are grouped by id, so ids always match; a mismatch means the stored row is not
    // the product its key names.
    current.merge(edit).map_err(|source| StorageError::Corrupt {
        what: "product row",
        source,
    })
}

fn change_body(p: &ProductV1) -> Vec<u8> {
    encode_body(&EventBody::ProductUpsert(Box::new(p.clone())))
}
