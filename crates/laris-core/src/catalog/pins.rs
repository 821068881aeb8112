//! Favourites the cashier pinned on this till (the only writer of `favourite_pins`): they
//! lead the Kasir tiles in the order they were pinned, so a tile stays under the finger
//! whatever sells. Local to the till; never synced.

use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::catalog::product_by_id;
use crate::error::{CoreError, Result};
use crate::store::{DeviceStore, immediate_tx};

/// The most favourites a till shows, pinned ones included.
pub const MAX_FAVOURITES: usize = 12;

/// The pinned products' ids, first pinned first (deleted products left out).
pub(crate) fn pinned(conn: &Connection) -> Result<Vec<Uuid>> {
    Ok(conn
        .prepare_cached(
            "SELECT f.product_id FROM favourite_pins f JOIN products p ON p.id = f.product_id
             WHERE NOT p.deleted ORDER BY f.position",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

impl DeviceStore {
    /// Pins `product_id` to this till's favourites (after those pinned before) or unpins it.
    /// Pinning a pinned product, or unpinning one that is not, changes nothing.
    pub fn pin_favourite(&mut self, product_id: Uuid, pin: bool) -> Result<()> {
        let tx = immediate_tx(&mut self.conn)?;
        if pin {
            let product = product_by_id(&tx, product_id)?
                .ok_or_else(|| CoreError::UnknownProduct(product_id.to_string()))?;
            let already = pinned(&tx)?;
            if !already.contains(&product.id) {
                if already.len() >= MAX_FAVOURITES {
                    return Err(CoreError::invalid(
                        "pinned",
                        format!("at most {MAX_FAVOURITES} favourites can be pinned"),
                    ));
                }
                tx.execute(
                    "INSERT INTO favourite_pins (product_id, position)
                     VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM favourite_pins))
                     ON CONFLICT (product_id) DO NOTHING",
                    params![product.id],
                )?;
            }
        } else {
            tx.execute(
                "DELETE FROM favourite_pins WHERE product_id = ?1",
                params![product_id],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
