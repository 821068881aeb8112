//! A product edited in the back office, stamped by the server as a till stamps its own: every
//! field the owner changed gets a stamp later than any the store's row carries (and than
//! now), the others keep theirs, so the edit merges by the same last-writer-wins rule as a
//! till's and never overwrites a field it did not change. The change it makes is pulled by
//! every till like a till's edit.

use laris_protocol::Hlc;
use laris_protocol::v1::{EventBody, ProductV1, Stamped};
use uuid::Uuid;

use super::wire::ProductInput;
use crate::prepare::{encode_body, encode_product};
use crate::storage::StorageError;
use crate::stored::EventKind;

/// The origin of the back office's changes in the change log: no device has the nil id, so
/// every till pulls them.
pub const ORIGIN: Uuid = Uuid::nil();
/// The kind of the change a product edit makes.
pub const KIND: &str = EventKind::ProductUpsert.as_str();

/// The HLC node of a store's back office: derived from the store, so it is no device's.
pub fn node(store_id: Uuid) -> Uuid {
    Uuid::new_v5(&store_id, b"laris-back-office")
}

/// The stamp of an edit made at `now_ms` after every stamp in `after`.
pub fn next_stamp(after: Hlc, now_ms: i64, node: Uuid) -> Hlc {
    let now = u64::try_from(now_ms).unwrap_or(0);
    if now > after.wall_ms {
        Hlc::new(now, 0, node)
    } else {
        Hlc::new(after.wall_ms, after.counter.saturating_add(1), node)
    }
}

fn field<T: Clone + PartialEq>(stored: Option<&Stamped<T>>, value: T, stamp: Hlc) -> Stamped<T> {
    match stored {
        Some(s) if s.value == value => s.clone(),
        _ => Stamped { value, hlc: stamp },
    }
}

/// The record of `input` for product `id`: a new product when `stored` is None (every field
/// stamped), else the stored record with the changed fields restamped.
pub fn stamped(
    id: Uuid,
    stored: Option<&ProductV1>,
    input: &ProductInput,
    now_ms: i64,
    node: Uuid,
) -> ProductV1 {
    let stamp = next_stamp(stored.map_or(Hlc::ZERO, ProductV1::max_hlc), now_ms, node);
    let mut barcodes: Vec<String> = input
        .barcodes
        .iter()
        .map(|b| b.trim().to_string())
        .collect();
    barcodes.retain(|b| !b.is_empty());
    let category = input
        .category
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    ProductV1 {
        id,
        sku: field(stored.map(|p| &p.sku), input.sku.trim().to_string(), stamp),
        name: field(
            stored.map(|p| &p.name),
            input.name.trim().to_string(),
            stamp,
        ),
        category: field(stored.map(|p| &p.category), category, stamp),
        unit: field(
            stored.map(|p| &p.unit),
            input.unit.trim().to_string(),
            stamp,
        ),
        price: field(stored.map(|p| &p.price), input.price, stamp),
        cost: field(stored.map(|p| &p.cost), input.cost, stamp),
        sold_by_weight: field(
            stored.map(|p| &p.sold_by_weight),
            input.sold_by_weight,
            stamp,
        ),
        track_stock: field(stored.map(|p| &p.track_stock), input.track_stock, stamp),
        min_stock_milli: field(
            stored.map(|p| &p.min_stock_milli),
            input.min_stock_milli,
            stamp,
        ),
        active: field(stored.map(|p| &p.active), input.active, stamp),
        barcodes: field(stored.map(|p| &p.barcodes), barcodes, stamp),
        deleted: field(stored.map(|p| &p.deleted), false, stamp),
    }
}

/// What a backend writes for an edit.
#[derive(Debug)]
pub struct ProductWrite {
    pub product: ProductV1,
    /// The row's new body (postcard).
    pub row_body: Vec<u8>,
    /// The change's body: the merged product as a product upsert.
    pub change_body: Vec<u8>,
}

/// `edit` merged into the row the store has (None: the product is new), or None when the
/// edit changes nothing (a till's later edit won every field it touched).
pub fn merged(
    stored: Option<ProductV1>,
    edit: &ProductV1,
) -> Result<Option<ProductWrite>, StorageError> {
    let product = match stored {
        None => edit.clone(),
        Some(mut current) => {
            let changed = current
                .merge(edit)
                .map_err(|source| StorageError::Corrupt {
                    what: "product row",
                    source,
                })?;
            if !changed {
                return Ok(None);
            }
            current
        }
    };
    Ok(Some(ProductWrite {
        row_body: encode_product(&product),
        change_body: encode_body(&EventBody::ProductUpsert(Box::new(product.clone()))),
        product,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProductInput {
        ProductInput {
            sku: "W1".into(),
            name: "Teh Botol".into(),
            category: Some("Minuman".into()),
            unit: "pcs".into(),
            price: 5_000,
            cost: 4_000,
            barcodes: vec!["8991234567890".into()],
            active: true,
            sold_by_weight: false,
            track_stock: true,
            min_stock_milli: 0,
        }
    }

    #[test]
    fn only_changed_fields_get_a_new_stamp_later_than_any_stored() {
        let id = Uuid::from_u128(7);
        let node = node(Uuid::from_u128(1));
        let first = stamped(id, None, &input(), 1_000, node);
        assert_eq!(first.price.hlc, Hlc::new(1_000, 0, node));
        // A till edited the name with a stamp ahead of the server's clock.
        let mut stored = first.clone();
        stored.name = Stamped::new(
            "Teh Botol 350ml".into(),
            Hlc::new(5_000, 3, Uuid::from_u128(9)),
        );
        let mut edit = input();
        edit.name = "Teh Botol 350ml".into();
        edit.price = 5_500;
        let second = stamped(id, Some(&stored), &edit, 2_000, node);
        assert_eq!(
            second.name, stored.name,
            "unchanged: keeps the till's stamp"
        );
        assert_eq!(second.cost, stored.cost);
        assert_eq!(second.price.value, 5_500);
        assert_eq!(second.price.hlc, Hlc::new(5_000, 4, node));
        let write = merged(Some(stored.clone()), &second).unwrap().unwrap();
        assert_eq!(write.product.price.value, 5_500);
        assert!(
            merged(Some(write.product.clone()), &second)
                .unwrap()
                .is_none()
        );
    }
}
