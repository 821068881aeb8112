//! Applying a page pulled from the server: other devices' sales (with their lines, payments
//! and stock movements), restocks and adjustments, and product versions, together with the
//! new pull cursor, in one transaction. Events are inserted by their ids and skipped when
//! already here, products merge field by field, so applying a page twice changes nothing.
//! Nothing applied here enters this device's outbox. Stock levels become store-wide: the
//! ledger now holds every device's movements.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::catalog::codes::{self, claim_barcode, settle_barcode, settle_sku, stand_in_sku};
use crate::catalog::record::{self, ProductRecord};
use crate::clock::IdSource;
use crate::error::Result;
use crate::ledger::{self, Cause, Movement};
use crate::sale::checkout::{ProductCheck, insert_sale_rows};
use crate::sale::returns::{SaleReturn, insert_return_rows};
use crate::store::{DeviceStore, immediate_tx};
use crate::sync::hlc::DeviceHlc;
use crate::sync::outbox_events::{SaleRecord, StockMovement};

/// One change pulled from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteChange {
    /// A sale made on another device (`sale.device_id`).
    Sale(SaleRecord),
    StockMovement(StockMovement),
    /// A product version to merge (the server sends its merged record).
    Product(Box<ProductRecord>),
    /// A void or refund made on another device (`device_id`).
    SaleReturn(SaleReturn),
    /// Kasbon, a shift, a stock count, a customer, an audit entry.
    Book(crate::books::BookEvent),
}

/// What applying a page did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct AppliedPage {
    pub sales: u64,
    pub movements: u64,
    pub products: u64,
    pub returns: u64,
    /// Kasbon entries, shifts, counts, customers and audit entries.
    pub books: u64,
    /// Changes already here (or a product version that changed nothing).
    pub unchanged: u64,
}

impl DeviceStore {
    /// Applies pulled changes and stores `new_cursor`, all in one transaction.
    pub fn apply_remote(
        &mut self,
        changes: &[RemoteChange],
        new_cursor: u64,
    ) -> Result<AppliedPage> {
        let now = self.clock.now_ms();
        let ids = self.ids.clone();
        // The search rank is rebuilt by the next search (it would notice the writes anyway).
        self.rank.get_mut().invalidate();
        let tx = immediate_tx(&mut self.conn)?;
        let mut applied = AppliedPage::default();
        let mut absorbed = false;
        for change in changes {
            absorbed |= apply_change(&tx, &mut self.hlc, ids.as_ref(), change, now, &mut applied)?;
        }
        if absorbed {
            self.hlc.save(&tx)?;
        }
        tx.execute(
            "UPDATE sync_state SET pull_cursor = ?1",
            [i64::try_from(new_cursor).unwrap_or(i64::MAX)],
        )?;
        tx.commit()?;
        Ok(applied)
    }
}

/// Applies one change inside `tx`, counting it in `applied`; true if a product's stamps were
/// absorbed into the clock (then the caller saves the clock with the transaction).
pub(crate) fn apply_change(
    tx: &Connection,
    hlc: &mut DeviceHlc,
    ids: &dyn IdSource,
    change: &RemoteChange,
    now: i64,
    applied: &mut AppliedPage,
) -> Result<bool> {
    let (new, absorbed) = match change {
        RemoteChange::Sale(s) => {
            let new = insert_sale(tx, s)?;
            applied.sales += u64::from(new);
            (new, false)
        }
        RemoteChange::StockMovement(m) => {
            let new = insert_movement(tx, m)?;
            applied.movements += u64::from(new);
            (new, false)
        }
        RemoteChange::SaleReturn(r) => {
            let new = insert_return_rows(tx, r)?;
            applied.returns += u64::from(new);
            (new, false)
        }
        RemoteChange::Book(b) => {
            let (new, absorbed) = crate::books::apply(tx, hlc, b, now)?;
            applied.books += u64::from(new);
            (new, absorbed)
        }
        RemoteChange::Product(p) => {
            hlc.absorb(p.max_hlc(), now);
            let new = merge_product(tx, p, ids, now)?;
            applied.products += u64::from(new);
            (new, true)
        }
    };
    applied.unchanged += u64::from(!new);
    Ok(absorbed)
}

/// `CODE-YYYYMMDD-NNNN` → (day, seq).
fn receipt_parts(receipt_no: &str) -> Option<(i64, i64)> {
    let mut parts = receipt_no.rsplitn(3, '-');
    let seq = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    parts.next()?;
    Some((day, seq))
}

/// A receipt number of another device that cannot be read (or clashes with one already
/// here, as after that device was restored from a backup) is filed under day 0 and a
/// negative number taken from the sale's id, so the sale is still kept.
fn stand_in_receipt(id: Uuid) -> (i64, i64) {
    let mut b = [0u8; 8];
    b.copy_from_slice(&id.as_bytes()[8..]);
    (0, -(i64::from_be_bytes(b) & i64::MAX) - 1)
}

/// Inserts a sale with its lines, payments and movements unless it is here. True if new.
fn insert_sale(tx: &Connection, rec: &SaleRecord) -> Result<bool> {
    let s = &rec.sale;
    let insert = |(day, seq): (i64, i64)| -> Result<usize> {
        Ok(tx
            .prepare_cached(
                "INSERT INTO sales (id, device_id, receipt_no, receipt_day, receipt_seq,
                     created_at, cashier, gross, line_discount, cart_discount, tax_mode,
                     tax_rate_bp, tax, rounding, total, tendered, change, cost, line_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                s.id,
                s.device_id,
                s.receipt_no,
                day,
                seq,
                s.created_at,
                s.cashier,
                s.gross,
                s.line_discount,
                s.cart_discount,
                s.tax_mode.as_str(),
                s.tax_rate_bp,
                s.tax,
                s.rounding,
                s.total,
                s.tendered,
                s.change,
                s.cost,
                s.lines.len() as i64
            ])?)
    };
    let parts = receipt_parts(&s.receipt_no).unwrap_or_else(|| stand_in_receipt(s.id));
    if insert(parts)? == 0 {
        let here = tx
            .prepare_cached("SELECT 1 FROM sales WHERE id = ?1")?
            .query_row([s.id], |_| Ok(()))
            .optional()?
            .is_some();
        if here {
            return Ok(false);
        }
        if insert(stand_in_receipt(s.id))? == 0 {
            return Err(crate::error::CoreError::invalid(
                "sale",
                format!("sale {} cannot be filed: its receipt number clashes", s.id),
            ));
        }
    }
    insert_sale_rows(
        tx,
        s,
        |i| rec.moves_stock(s.lines[i].line_no),
        s.created_at,
        ProductCheck::MayBeMissing,
    )?;
    Ok(true)
}

/// Inserts a restock or adjustment unless it is here. True if new.
fn insert_movement(tx: &Connection, m: &StockMovement) -> Result<bool> {
    ledger::insert_movement(
        tx,
        &Movement {
            id: m.id,
            product_id: m.product_id,
            device_id: m.device_id,
            qty_milli: m.qty_milli,
            cause: Cause::Manual {
                kind: m.kind,
                reason: m.reason.as_deref(),
            },
            created_at: m.created_at,
        },
    )
}

/// Merges a product version into the local record and shows the result. True if anything
/// changed.
fn merge_product(
    tx: &Connection,
    remote: &ProductRecord,
    ids: &dyn IdSource,
    now: i64,
) -> Result<bool> {
    let record = record::load(tx, remote.id)?;
    let had_record = record.is_some();
    let local = match record {
        Some(r) => Some(r),
        // Made here before sync kept stamps: every remote field is later.
        None => record::shown_values(tx, remote.id)?
            .map(|v| ProductRecord::new(remote.id, v, laris_protocol::hlc::Hlc::ZERO)),
    };
    let (merged, old) = match local {
        Some(mut l) => {
            let old = l.clone();
            if !l.merge(remote) && had_record {
                return Ok(false);
            }
            (l, Some(old))
        }
        None => (remote.clone(), None),
    };
    show_product(tx, &merged, old.as_ref(), ids, now)?;
    Ok(true)
}

/// Saves the merged record, writes it into `products` and `barcodes`, and settles the codes
/// it touches.
fn show_product(
    tx: &Connection,
    p: &ProductRecord,
    old: Option<&ProductRecord>,
    ids: &dyn IdSource,
    now: i64,
) -> Result<()> {
    let category_id = match p.category.value.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => Some(crate::catalog::category_id(tx, name, ids, now)?),
        _ => None,
    };
    let updated = tx
        .prepare_cached(
            "UPDATE products SET name = ?2, category_id = ?3, unit = ?4, price = ?5, cost = ?6,
                 sold_by_weight = ?7, track_stock = ?8, min_stock = ?9, active = ?10,
                 deleted = ?11, updated_at = ?12
             WHERE id = ?1",
        )?
        .execute(params![
            p.id,
            p.name.value,
            category_id,
            p.unit.value,
            p.price.value,
            p.cost.value,
            p.sold_by_weight.value,
            p.track_stock.value,
            p.min_stock_milli.value,
            p.active.value,
            p.deleted.value,
            now
        ])?;
    if updated == 0 {
        tx.prepare_cached(
            "INSERT INTO products (id, sku, name, category_id, unit, price, cost, sold_by_weight,
                 track_stock, min_stock, active, deleted, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        )?
        .execute(params![
            p.id,
            stand_in_sku(&p.sku.value, p.id),
            p.name.value,
            category_id,
            p.unit.value,
            p.price.value,
            p.cost.value,
            p.sold_by_weight.value,
            p.track_stock.value,
            p.min_stock_milli.value,
            p.active.value,
            p.deleted.value,
            now
        ])?;
    }
    record::save(tx, p)?;
    // The SKU it held before first, so that it can move to its new one.
    let shown_sku: String = tx
        .prepare_cached("SELECT sku FROM products WHERE id = ?1")?
        .query_row([p.id], |r| r.get(0))?;
    if shown_sku != p.sku.value && !shown_sku.contains(' ') {
        settle_sku(tx, &shown_sku)?;
    }
    if let Some(old) = old.filter(|o| o.sku.value != p.sku.value) {
        settle_sku(tx, &old.sku.value)?;
    }
    settle_sku(tx, &p.sku.value)?;
    // Barcodes: give up those no longer claimed (someone else may claim them), then claim.
    for code in codes::shown_barcodes(tx, p.id)? {
        if p.deleted.value || !p.barcodes.value.contains(&code) {
            settle_barcode(tx, &code)?;
        }
    }
    if !p.deleted.value {
        for code in &p.barcodes.value {
            claim_barcode(tx, code, p.id)?;
        }
    }
    Ok(())
}
