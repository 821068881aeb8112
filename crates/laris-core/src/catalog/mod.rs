//! The catalog: products with their barcodes and categories, as edited here and as they sync
//! (every field stamped), who shows a code two products claim, CSV import and export, and
//! finding products at the counter, and the favourites a till pinned.

pub(crate) mod codes;
pub(crate) mod csv;
pub(crate) mod edits;
pub(crate) mod pins;
mod products;
pub(crate) mod record;
pub(crate) mod search;
pub(crate) mod search_rank;

pub use products::*;
