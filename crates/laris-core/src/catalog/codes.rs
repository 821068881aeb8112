//! Who shows a SKU or a barcode when two products claim it. Two tills offline can give one
//! code to two products, and `products.sku` and `barcodes.code` are unique, so the till shows
//! each code on one claimant: for a SKU, a live product before a tombstone, then the later
//! writer of the SKU field; for a barcode, the later writer of the barcodes field among live
//! products (a tombstone shows no barcodes). Ties go to the smaller id. Every device applies
//! the same rule to the same merged records, so all show the same. A product that lost its
//! SKU shows `SKU #<its id>` (a space never occurs in a real SKU); its synced record keeps
//! the claim and it takes the SKU back as soon as it wins.
//!
//! Invariant: the holder of a code is the best claimant, or nobody holds it when nobody
//! claims it. Every change of a claim settles the codes it touches.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::error::Result;
use crate::sync::hlc::hlc_from_row;

/// What a product that lost its SKU to another shows instead.
pub(crate) fn stand_in_sku(sku: &str, id: Uuid) -> String {
    format!("{sku} #{}", id.simple())
}

/// Gives `sku` to its best claimant, and moves a holder that is not to its stand-in.
pub(crate) fn settle_sku(conn: &Connection, sku: &str) -> Result<()> {
    let winner: Option<Uuid> = conn
        .prepare_cached(
            "SELECT product_id FROM product_fields WHERE sku = ?1
             ORDER BY deleted, sku_hlc DESC, product_id LIMIT 1",
        )?
        .query_row([sku], |r| r.get(0))
        .optional()?;
    let holder: Option<Uuid> = conn
        .prepare_cached("SELECT id FROM products WHERE sku = ?1")?
        .query_row([sku], |r| r.get(0))
        .optional()?;
    if winner == holder {
        return Ok(());
    }
    if let Some(h) = holder {
        let claimed: Option<String> = conn
            .prepare_cached("SELECT sku FROM product_fields WHERE product_id = ?1")?
            .query_row([h], |r| r.get(0))
            .optional()?;
        conn.prepare_cached("UPDATE products SET sku = ?2 WHERE id = ?1")?
            .execute(params![
                h,
                stand_in_sku(claimed.as_deref().unwrap_or(sku), h)
            ])?;
    }
    if let Some(w) = winner {
        conn.prepare_cached("UPDATE products SET sku = ?2 WHERE id = ?1")?
            .execute(params![w, sku])?;
    }
    Ok(())
}

/// Gives barcode `code` to its best claimant (scans the synced records: for released codes).
pub(crate) fn settle_barcode(conn: &Connection, code: &str) -> Result<()> {
    let winner: Option<Uuid> = conn
        .prepare_cached(
            "SELECT product_id FROM product_fields
             WHERE NOT deleted
               AND instr(char(31) || barcodes || char(31), char(31) || ?1 || char(31)) > 0
             ORDER BY barcodes_hlc DESC, product_id LIMIT 1",
        )?
        .query_row([code], |r| r.get(0))
        .optional()?;
    give_barcode(conn, code, winner)
}

/// Gives barcode `code`, claimed by live product `claimant`, to it if it beats the current
/// holder (who by the invariant beats every other claimant).
pub(crate) fn claim_barcode(conn: &Connection, code: &str, claimant: Uuid) -> Result<()> {
    let holder: Option<Uuid> = conn
        .prepare_cached("SELECT product_id FROM barcodes WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    let Some(holder) = holder else {
        return give_barcode(conn, code, Some(claimant));
    };
    if holder == claimant {
        return Ok(());
    }
    let stamp = |id: Uuid| -> Result<Option<laris_protocol::hlc::Hlc>> {
        Ok(conn
            .prepare_cached(
                "SELECT barcodes_hlc FROM product_fields WHERE product_id = ?1 AND NOT deleted",
            )?
            .query_row([id], |r| hlc_from_row(r, 0))
            .optional()?)
    };
    let wins = match (stamp(claimant)?, stamp(holder)?) {
        (Some(c), Some(h)) => c > h || (c == h && claimant < holder),
        (Some(_), None) => true,
        (None, _) => false,
    };
    if wins {
        give_barcode(conn, code, Some(claimant))?;
    }
    Ok(())
}

fn give_barcode(conn: &Connection, code: &str, to: Option<Uuid>) -> Result<()> {
    let holder: Option<Uuid> = conn
        .prepare_cached("SELECT product_id FROM barcodes WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    if holder == to {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM barcodes WHERE code = ?1")?
        .execute([code])?;
    if let Some(to) = to {
        conn.prepare_cached("INSERT INTO barcodes (code, product_id) VALUES (?1, ?2)")?
            .execute(params![code, to])?;
    }
    Ok(())
}

/// The barcodes product `id` shows.
pub(crate) fn shown_barcodes(conn: &Connection, id: Uuid) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT code FROM barcodes WHERE product_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}
