//! What must hold after any faults, once healed: checked against a model the test keeps of
//! what the tills did, not against the code under test.

use std::collections::BTreeMap;

use laris_core::{Product, Sale};
use laris_protocol::v1::api::ProofV1;
use uuid::Uuid;

use crate::fleet::Device;

/// A sale as the model knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelSale {
    pub device: Uuid,
    pub total: i64,
    pub lines: i64,
    /// Lines of stock-tracked products: one movement each.
    pub tracked: i64,
}

/// Everything the tills did, recomputed independently.
#[derive(Debug, Default)]
pub struct Model {
    pub sales: BTreeMap<Uuid, ModelSale>,
    /// Expected stock level (milli-units) of every tracked product.
    pub stock: BTreeMap<Uuid, i64>,
    /// Each sale's stock deltas, to forget a sale that a till's dead disk took with it.
    sale_stock: BTreeMap<Uuid, Vec<(Uuid, i64)>>,
    /// The shop's kasbon customer's balance: Σ charges − repayments.
    pub kasbon: i64,
    /// Every refund made, with the money it paid back.
    pub returns: BTreeMap<Uuid, i64>,
    /// Every stock count made.
    pub counts: BTreeMap<Uuid, ()>,
    /// Shifts opened, and those closed.
    pub shifts_opened: usize,
    pub shifts_closed: usize,
}

impl Model {
    pub fn sale(&mut self, sale: &Sale, tracked: &dyn Fn(Uuid) -> bool) {
        let mut n_tracked = 0;
        let mut deltas = Vec::new();
        for line in &sale.lines {
            if tracked(line.product_id) {
                n_tracked += 1;
                *self.stock.entry(line.product_id).or_default() -= line.qty_milli;
                deltas.push((line.product_id, -line.qty_milli));
            }
        }
        self.sale_stock.insert(sale.id, deltas);
        let lines = i64::try_from(sale.lines.len()).unwrap();
        let entry = ModelSale {
            device: sale.device_id,
            total: sale.total,
            lines,
            tracked: n_tracked,
        };
        assert!(
            self.sales.insert(sale.id, entry).is_none(),
            "sale id reused"
        );
    }

    /// A sale that never left a till whose disk then died: it is gone, stock and all.
    pub fn forget_sale(&mut self, id: Uuid) {
        self.sales.remove(&id);
        for (product, delta) in self.sale_stock.remove(&id).unwrap_or_default() {
            *self.stock.entry(product).or_default() -= delta;
        }
    }

    pub fn movement(&mut self, product: &Product, delta: i64) {
        *self.stock.entry(product.id).or_default() += delta;
    }

    fn device_sales(&self, device: Uuid) -> (u64, i64) {
        let mine = self.sales.values().filter(|s| s.device == device);
        let (n, total) = mine.fold((0u64, 0i64), |(n, t), s| (n + 1, t + s.total));
        (n, total)
    }
}

type Res = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(format!($($fmt)*));
        }
    };
}

/// The server's proof of every device, with the replay counter left out (a replay may raise
/// it and nothing else).
pub async fn proofs(devices: &[Device]) -> Result<Vec<ProofV1>, String> {
    let mut out = Vec::new();
    for d in devices {
        let mut p = d
            .prove()
            .await
            .map_err(|e| format!("proof {}: {e}", d.code))?;
        p.server.duplicates_rejected = 0;
        out.push(p.server);
    }
    Ok(out)
}

/// No sale lost or doubled on the server, each device's seqs contiguous up to its outbox end.
pub async fn server_holds_every_sale_once(devices: &[Device], model: &Model) -> Res {
    for d in devices {
        let c = d
            .prove()
            .await
            .map_err(|e| format!("proof {}: {e}", d.code))?;
        let (n, total) = model.device_sales(d.device_id);
        ensure!(c.matches(), "proof of {}: {}", d.code, c.summary());
        ensure!(
            c.server.sales == n && c.server.sales_total == total,
            "server holds {} sales / Rp {} of till {}, the till made {n} / Rp {total}",
            c.server.sales,
            c.server.sales_total,
            d.code
        );
        ensure!(
            c.server.gaps.is_empty(),
            "gaps of {}: {:?}",
            d.code,
            c.server.gaps
        );
        ensure!(
            c.server.quarantined.is_empty(),
            "quarantined of {}: {:?}",
            d.code,
            c.server.quarantined
        );
        let last = (c.device_last_seq > 0).then_some(c.device_last_seq);
        ensure!(
            c.server.last_seq == last && c.server.first_seq == last.map(|_| 1),
            "till {}: server holds seqs {:?}..={:?}, outbox ends at {}",
            d.code,
            c.server.first_seq,
            c.server.last_seq,
            c.device_last_seq
        );
    }
    Ok(())
}

/// Every till holds every sale of the store exactly once, whole: its lines, payments summing
/// to its total, one movement per tracked line, and nothing orphaned.
pub fn tills_hold_every_sale_whole(devices: &[Device], model: &Model) -> Res {
    for d in devices {
        let rows: Vec<(Uuid, ModelSale, i64, i64, i64)> = d.with(|s| {
            let mut stmt = s
                .conn()
                .prepare(
                    "SELECT s.id, s.device_id, s.total, s.line_count,
                       (SELECT COUNT(*) FROM sale_lines l WHERE l.sale_id = s.id),
                       (SELECT COALESCE(SUM(amount), 0) FROM sale_payments p WHERE p.sale_id = s.id),
                       (SELECT COUNT(*) FROM stock_movements m
                        WHERE m.sale_id = s.id AND m.kind = 'sale')
                     FROM sales s",
                )
                .unwrap();
            let rows = stmt.query_map([], |r| {
                let id: Vec<u8> = r.get(0)?;
                let dev: Vec<u8> = r.get(1)?;
                let sale = ModelSale {
                    device: Uuid::from_slice(&dev).unwrap(),
                    total: r.get(2)?,
                    lines: r.get(3)?,
                    tracked: r.get(6)?,
                };
                Ok((Uuid::from_slice(&id).unwrap(), sale, r.get(4)?, r.get(5)?, 0))
            });
            rows.unwrap().collect::<Result<_, _>>().unwrap()
        });
        ensure!(
            rows.len() == model.sales.len(),
            "till {} holds {} sales, the store made {}",
            d.code,
            rows.len(),
            model.sales.len()
        );
        for (id, held, lines, paid, _) in &rows {
            let Some(want) = model.sales.get(id) else {
                return Err(format!("till {} holds unknown sale {id}", d.code));
            };
            ensure!(
                held == want,
                "till {}: sale {id} is {held:?}, want {want:?}",
                d.code
            );
            ensure!(
                *lines == want.lines && *paid == want.total,
                "till {}: sale {id} has {lines} of {} lines, payments Rp {paid} of Rp {}",
                d.code,
                want.lines,
                want.total
            );
        }
        let orphans: i64 = d.with(|s| {
            s.conn()
                .query_row(
                    "SELECT (SELECT COUNT(*) FROM sale_lines WHERE sale_id NOT IN (SELECT id FROM sales))
                      + (SELECT COUNT(*) FROM sale_payments WHERE sale_id NOT IN (SELECT id FROM sales))
                      + (SELECT COUNT(*) FROM stock_movements
                         WHERE sale_id IS NOT NULL AND sale_id NOT IN (SELECT id FROM sales))",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        });
        ensure!(
            orphans == 0,
            "till {}: {orphans} orphaned sale rows",
            d.code
        );
    }
    Ok(())
}

/// Stock on every till = initial + Σ movements of the model; catalogs equal everywhere.
pub fn stock_and_catalog_converged(devices: &[Device], model: &Model) -> Res {
    for d in devices {
        for (product, want) in &model.stock {
            let level = d.with(|s| s.stock_level(*product).unwrap());
            ensure!(
                level == *want,
                "till {}: stock of {product} is {level}, the movements sum to {want}",
                d.code
            );
        }
    }
    let first = laris_sync::catalog_snapshot(&devices[0].store).map_err(|e| e.to_string())?;
    for d in &devices[1..] {
        let other = laris_sync::catalog_snapshot(&d.store).map_err(|e| e.to_string())?;
        ensure!(
            other == first,
            "catalog of till {} differs from till {}",
            d.code,
            devices[0].code
        );
        let prices = |d: &Device| -> Vec<(String, i64)> {
            d.products().into_iter().map(|p| (p.sku, p.price)).collect()
        };
        ensure!(
            prices(d) == prices(&devices[0]),
            "prices of till {} differ from till {}",
            d.code,
            devices[0].code
        );
    }
    Ok(())
}

/// Every till holds every refund and count once, and the customer's kasbon balance on every
/// till (the sum of its ledger) and on the server is what the tills charged less what they
/// took back.
pub fn books_converged(
    devices: &[Device],
    model: &Model,
    customer: Uuid,
    server: &laris_server::books::Books,
) -> Res {
    for d in devices {
        let closings: i64 = d.with(|s| {
            s.conn()
                .query_row("SELECT COUNT(*) FROM shift_closings", [], |r| r.get(0))
                .unwrap()
        });
        ensure!(
            closings == model.shifts_closed as i64,
            "till {} holds {closings} shift closings, the tills closed {}",
            d.code,
            model.shifts_closed
        );
        let (returns, returned, counts, balance, ledger): (i64, i64, i64, i64, i64) = d.with(|s| {
            let c = s.conn();
            let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
            (
                q("SELECT COUNT(*) FROM sale_returns"),
                q("SELECT COALESCE(SUM(amount), 0) FROM sale_returns"),
                q("SELECT COUNT(*) FROM stock_counts"),
                s.customer_account(customer).unwrap().0.balance,
                s.customer_account(customer)
                    .unwrap()
                    .1
                    .iter()
                    .map(|e| e.signed())
                    .sum(),
            )
        });
        let want_returned: i64 = model.returns.values().sum();
        ensure!(
            returns == model.returns.len() as i64 && returned == want_returned,
            "till {} holds {returns} refunds / Rp {returned}, the tills made {} / Rp {want_returned}",
            d.code,
            model.returns.len()
        );
        ensure!(
            counts == model.counts.len() as i64,
            "till {} holds {counts} stock counts, the tills made {}",
            d.code,
            model.counts.len()
        );
        ensure!(
            balance == model.kasbon && ledger == balance,
            "till {}: kasbon balance {balance} (ledger {ledger}), the tills' entries sum to {}",
            d.code,
            model.kasbon
        );
    }
    let closed = server
        .shifts
        .iter()
        .filter(|s| s.closed_at_ms.is_some())
        .count();
    ensure!(
        server.shifts.len() == model.shifts_opened && closed == model.shifts_closed,
        "the server holds {} shifts ({closed} closed), the tills opened {} and closed {}",
        server.shifts.len(),
        model.shifts_opened,
        model.shifts_closed
    );
    ensure!(
        server.kasbon_total == model.kasbon,
        "the server's kasbon is {}, the tills' entries sum to {}",
        server.kasbon_total,
        model.kasbon
    );
    Ok(())
}

/// All the checks after healing.
pub async fn check_all(devices: &[Device], model: &Model) -> Res {
    server_holds_every_sale_once(devices, model).await?;
    tills_hold_every_sale_whole(devices, model)?;
    stock_and_catalog_converged(devices, model)
}
