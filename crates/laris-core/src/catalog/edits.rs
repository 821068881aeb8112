//! Catalog edits made on this till, as sync sees them: each changed field gets this device's
//! HLC stamp, a deletion is a tombstone, and, once the device is paired, each edited product
//! gets a `product` outbox entry in the edit's own transaction. A till that was never paired
//! keeps no catalog history: pairing enqueues the whole catalog once (last-writer-wins needs
//! only each field's latest value and stamp).

use rusqlite::Connection;
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::catalog::codes::{self, settle_barcode};
use crate::catalog::record::{self, FieldValues, ProductRecord};
use crate::error::{CoreError, Result};
use crate::people::OwnerAuthority;
use crate::store::{DeviceStore, immediate_tx};
use crate::sync::hlc::DeviceHlc;

/// The outbox kind of a product's latest synced state (an upsert or a tombstone).
pub const PRODUCT_EVENT: &str = "product";

/// What recording a local edit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EditOutcome {
    /// Some synced field changed (and was stamped).
    pub stamped: bool,
    /// The product was a tombstone and is live again.
    pub revived: bool,
}

/// Whether this device is paired, i.e. its edits go to the outbox.
pub(crate) fn sync_enabled(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT paired_at IS NOT NULL FROM sync_state")?
        .query_row([], |r| r.get(0))?)
}

/// Records, in the caller's transaction, that product `id` now has `values` locally: stamps
/// the fields that changed, shows the tombstone flag, hands released barcodes to whoever
/// else claims them, and appends an outbox entry when sync is on.
pub(crate) fn record_local_edit(
    tx: &Connection,
    hlc: &mut DeviceHlc,
    id: Uuid,
    values: &FieldValues,
    now: i64,
) -> Result<EditOutcome> {
    let old = record::load(tx, id)?;
    let record = match &old {
        None => ProductRecord::new(id, values.clone(), hlc.stamp(tx, now)?),
        Some(r) if !r.differs(values) => {
            return Ok(EditOutcome {
                stamped: false,
                revived: false,
            });
        }
        Some(r) => {
            let mut r = r.clone();
            let stamp = hlc.stamp(tx, now)?;
            r.set_changed(values, stamp);
            r
        }
    };
    record::save(tx, &record)?;
    let revived = tx
        .prepare_cached("UPDATE products SET deleted = ?2 WHERE id = ?1 AND deleted != ?2")?
        .execute(rusqlite::params![id, values.deleted])?
        > 0
        && !values.deleted;
    if let Some(old) = &old {
        for code in &old.barcodes.value {
            if values.deleted || !values.barcodes.contains(code) {
                settle_barcode(tx, code)?;
            }
        }
        if old.sku.value != values.sku {
            codes::settle_sku(tx, &old.sku.value)?;
        }
    }
    if values.deleted {
        for code in codes::shown_barcodes(tx, id)? {
            settle_barcode(tx, &code)?;
        }
    }
    if sync_enabled(tx)? {
        crate::sync::outbox::append(tx, PRODUCT_EVENT, id, now)?;
    }
    Ok(EditOutcome {
        stamped: true,
        revived,
    })
}

/// Gives every product without a synced record one (stamped now) and enqueues every
/// product, tombstones too: what pairing sends of the catalog. Returns how many.
pub(crate) fn enqueue_catalog(tx: &Connection, hlc: &mut DeviceHlc, now: i64) -> Result<usize> {
    let ids: Vec<Uuid> = tx
        .prepare("SELECT id FROM products ORDER BY pid")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for &id in &ids {
        if record::load(tx, id)?.is_none() {
            let values = record::shown_values(tx, id)?
                .ok_or_else(|| CoreError::UnknownProduct(id.to_string()))?;
            let stamp = hlc.stamp(tx, now)?;
            record::save(tx, &ProductRecord::new(id, values, stamp))?;
        }
        crate::sync::outbox::append(tx, PRODUCT_EVENT, id, now)?;
    }
    Ok(ids.len())
}

impl DeviceStore {
    /// Deletes a product: it keeps its row and its sales, is offered nowhere (search, lookup,
    /// lists, stock), and its barcodes are free for other products. Saving a product with its
    /// SKU again brings it back. Returns false if it was already deleted.
    pub fn delete_product(&mut self, authority: OwnerAuthority, id: Uuid) -> Result<bool> {
        let now = self.clock.now_ms();
        let device_id = self.device()?.device_id;
        // The search rank is rebuilt by the next search (it would notice the writes anyway).
        self.rank.get_mut().invalidate();
        let tx = immediate_tx(&mut self.conn)?;
        let mut values = match record::load(&tx, id)? {
            Some(r) => r.values(),
            None => record::shown_values(&tx, id)?
                .ok_or_else(|| CoreError::UnknownProduct(id.to_string()))?,
        };
        if values.deleted {
            return Ok(false);
        }
        values.deleted = true;
        record_local_edit(&tx, &mut self.hlc, id, &values, now)?;
        let entry = authority.entry(
            AuditAction::ProductDeleted,
            Some(id.to_string()),
            format!("{} ({}) deleted", values.name, values.sku),
            None,
        )?;
        crate::audit::record(&tx, self.ids.new_id(now), now, device_id, &entry)?;
        tx.commit()?;
        Ok(true)
    }

    /// Every product as it syncs (each field with its stamp), tombstones too, by id.
    pub fn product_records(&self) -> Result<Vec<ProductRecord>> {
        record::all_records(&self.conn)
    }

    /// The synced record of one product.
    pub fn product_record(&self, id: Uuid) -> Result<Option<ProductRecord>> {
        record::load(&self.conn, id)
    }
}
