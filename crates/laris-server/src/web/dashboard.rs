//! The dashboard's figures from the period's sales, product sums and devices, the same for
//! both backends: groups by day, hour, payment method, device and cashier, best sellers and
//! slow movers, and whether the figures are provisional (some till has not delivered
//! everything it recorded up to the period's end).

use std::collections::{BTreeMap, HashMap};

use laris_protocol::v1::ProductV1;
use uuid::Uuid;

use super::wire::{DashboardView, DeviceView, GroupView, ProductSalesView};
use crate::storage::SummaryRange;
use crate::storage::web::{DeviceStatus, ProductSum, SaleFact};
use crate::stored::PaymentMethod;
use crate::summary::{DAY_MS, day_string};

/// Best sellers and slow movers listed at most.
pub const TOP_PRODUCTS: usize = 10;

#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    sales: u64,
    total: i64,
    cost: i64,
}

impl Acc {
    fn add(&mut self, total: i64, cost: i64) {
        self.sales += 1;
        self.total = self.total.saturating_add(total);
        self.cost = self.cost.saturating_add(cost);
    }

    fn view(self, key: String, label: Option<String>) -> GroupView {
        GroupView {
            key,
            label,
            sales: self.sales,
            total: self.total,
            profit: self.total.saturating_sub(self.cost),
        }
    }
}

pub fn device_view(d: &DeviceStatus) -> DeviceView {
    DeviceView {
        device_id: d.device_id,
        name: d.name.clone(),
        code: d.code.clone(),
        paired_at_ms: d.paired_at_ms,
        revoked_at_ms: d.revoked_at_ms,
        last_seen_ms: d.last_seen_ms,
        protocol_version: d.protocol_version,
        app_version: d.app_version.clone(),
        acked_seq: d.acked_seq,
        pending: d.reported_seq.saturating_sub(d.acked_seq),
        complete_up_to_ms: d.complete_up_to_ms,
        sales_held: d.sales_held,
        sales_total_held: d.sales_total_held,
        duplicates_rejected: d.duplicates_rejected,
    }
}

/// What the dashboard is made of.
#[derive(Debug)]
pub struct Inputs<'a> {
    pub from: String,
    pub to: String,
    pub range: SummaryRange,
    pub now_ms: i64,
    pub sales: &'a [SaleFact],
    pub products: Vec<ProductSum>,
    pub catalog: &'a [ProductV1],
    pub devices: &'a [DeviceStatus],
    pub returns_total: i64,
    pub over_refunds: u64,
    pub kasbon_owed: i64,
}

pub fn dashboard(i: Inputs<'_>) -> DashboardView {
    let tz = i.range.tz_offset_ms;
    let mut all = Acc::default();
    let mut by_day: BTreeMap<i64, Acc> = BTreeMap::new();
    let mut by_hour: BTreeMap<i64, Acc> = BTreeMap::new();
    let mut by_device: HashMap<Uuid, Acc> = HashMap::new();
    let mut by_cashier: BTreeMap<String, Acc> = BTreeMap::new();
    let mut by_method = [(0u64, 0i64); 4];
    for s in i.sales {
        let local = s.created_at_ms.saturating_add(tz);
        all.add(s.total, s.cost);
        by_day
            .entry(local.div_euclid(DAY_MS))
            .or_default()
            .add(s.total, s.cost);
        by_hour
            .entry(local.rem_euclid(DAY_MS) / 3_600_000)
            .or_default()
            .add(s.total, s.cost);
        by_device
            .entry(s.device_id)
            .or_default()
            .add(s.total, s.cost);
        by_cashier
            .entry(s.cashier.clone().unwrap_or_default())
            .or_default()
            .add(s.total, s.cost);
        for (m, paid) in by_method.iter_mut().zip(s.paid) {
            if paid > 0 {
                m.0 += 1;
                m.1 = m.1.saturating_add(paid);
            }
        }
    }
    let names: HashMap<Uuid, &DeviceStatus> = i.devices.iter().map(|d| (d.device_id, d)).collect();
    let mut devices: Vec<GroupView> = by_device
        .into_iter()
        .map(|(id, acc)| {
            let d = names.get(&id);
            acc.view(
                d.map_or_else(|| id.simple().to_string(), |d| d.code.clone()),
                d.map(|d| d.name.clone()),
            )
        })
        .collect();
    devices.sort_by(|a, b| a.key.cmp(&b.key));
    let period_end = i.range.to_ms.min(i.now_ms);
    let incomplete: Vec<String> = i
        .devices
        .iter()
        .filter(|d| d.revoked_at_ms.is_none() && d.paired_at_ms < period_end)
        .filter(|d| d.complete_up_to_ms.is_none_or(|c| c < period_end))
        .map(|d| d.name.clone())
        .collect();
    let (best, slow) = products(i.products, i.catalog);
    DashboardView {
        from: i.from,
        to: i.to,
        sales: all.sales,
        total: all.total,
        returns_total: i.returns_total,
        net_total: all.total.saturating_sub(i.returns_total),
        gross_profit: all.total.saturating_sub(all.cost),
        average_basket: if all.sales == 0 {
            0
        } else {
            all.total / i64::try_from(all.sales).unwrap_or(i64::MAX)
        },
        by_day: by_day
            .into_iter()
            .map(|(d, a)| a.view(day_string(d), None))
            .collect(),
        by_hour: by_hour
            .into_iter()
            .map(|(h, a)| a.view(h.to_string(), None))
            .collect(),
        by_method: PaymentMethod::ALL
            .iter()
            .zip(by_method)
            .filter(|(_, (n, _))| *n > 0)
            .map(|(m, (n, total))| GroupView {
                key: m.as_str().to_string(),
                label: None,
                sales: n,
                total,
                profit: 0,
            })
            .collect(),
        by_device: devices,
        by_cashier: by_cashier
            .into_iter()
            .map(|(c, a)| a.view(c, None))
            .collect(),
        best_sellers: best,
        slow_movers: slow,
        over_refunds: i.over_refunds,
        kasbon_owed: i.kasbon_owed,
        provisional: !incomplete.is_empty(),
        incomplete_devices: incomplete,
        devices: i.devices.iter().map(device_view).collect(),
    }
}

/// Best sellers by money taken; slow movers: the active, undeleted products that sold least
/// (none at all first), by quantity.
fn products(
    sums: Vec<ProductSum>,
    catalog: &[ProductV1],
) -> (Vec<ProductSalesView>, Vec<ProductSalesView>) {
    let by_id: HashMap<Uuid, &ProductV1> = catalog.iter().map(|p| (p.id, p)).collect();
    let view = |s: &ProductSum| {
        let known = by_id.get(&s.product_id);
        ProductSalesView {
            product_id: s.product_id,
            name: known.map_or_else(
                || format!("({})", s.product_id.simple()),
                |p| p.name.value.clone(),
            ),
            unit: known.map_or_else(String::new, |p| p.unit.value.clone()),
            qty_milli: s.qty_milli,
            total: s.total,
            profit: s.total.saturating_sub(s.cost),
        }
    };
    let mut best: Vec<&ProductSum> = sums.iter().collect();
    best.sort_by(|a, b| b.total.cmp(&a.total).then(a.product_id.cmp(&b.product_id)));
    let sold: HashMap<Uuid, &ProductSum> = sums.iter().map(|s| (s.product_id, s)).collect();
    let mut slow: Vec<ProductSalesView> = catalog
        .iter()
        .filter(|p| p.active.value && !p.deleted.value)
        .map(|p| match sold.get(&p.id) {
            Some(s) => view(s),
            None => ProductSalesView {
                product_id: p.id,
                name: p.name.value.clone(),
                unit: p.unit.value.clone(),
                qty_milli: 0,
                total: 0,
                profit: 0,
            },
        })
        .collect();
    slow.sort_by(|a, b| {
        a.qty_milli
            .cmp(&b.qty_milli)
            .then(a.total.cmp(&b.total))
            .then(a.name.cmp(&b.name))
    });
    slow.truncate(TOP_PRODUCTS);
    (
        best.into_iter().take(TOP_PRODUCTS).map(view).collect(),
        slow,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::DAY_MS;

    const WIB: i64 = 7 * 3_600_000;
    /// 2026-01-01 00:00 WIB.
    const DAY0: i64 = 20_454 * DAY_MS - WIB;

    fn fact(at: i64, device: u128, cashier: Option<&str>, total: i64, paid: [i64; 4]) -> SaleFact {
        SaleFact {
            created_at_ms: at,
            device_id: Uuid::from_u128(device),
            cashier: cashier.map(str::to_string),
            total,
            cost: total / 2,
            paid,
        }
    }

    fn device(id: u128, complete: Option<i64>) -> DeviceStatus {
        DeviceStatus {
            device_id: Uuid::from_u128(id),
            name: format!("Kasir {id}"),
            code: format!("{id}"),
            paired_at_ms: DAY0 - DAY_MS,
            revoked_at_ms: None,
            last_seen_ms: complete,
            protocol_version: 3,
            app_version: Some("0.1.0".into()),
            acked_seq: 10,
            reported_seq: 12,
            complete_up_to_ms: complete,
            sales_held: 0,
            sales_total_held: 0,
            duplicates_rejected: 0,
        }
    }

    #[test]
    fn groups_follow_the_shops_day_and_hour_and_a_late_till_makes_it_provisional() {
        let sales = [
            // 23:59 WIB on the first day, 00:00 on the second: two days, hours 23 and 0.
            fact(
                DAY0 + DAY_MS - 60_000,
                1,
                Some("Rina"),
                10_000,
                [10_000, 0, 0, 0],
            ),
            fact(DAY0 + DAY_MS, 2, None, 6_000, [1_000, 5_000, 0, 0]),
        ];
        let devices = [
            device(1, Some(DAY0 + 2 * DAY_MS)),
            device(2, Some(DAY0 + DAY_MS)),
        ];
        let range = SummaryRange {
            from_ms: DAY0,
            to_ms: DAY0 + 2 * DAY_MS,
            tz_offset_ms: WIB,
        };
        let view = dashboard(Inputs {
            from: "2026-01-01".into(),
            to: "2026-01-02".into(),
            range,
            now_ms: DAY0 + 3 * DAY_MS,
            sales: &sales,
            products: Vec::new(),
            catalog: &[],
            devices: &devices,
            returns_total: 1_000,
            over_refunds: 0,
            kasbon_owed: 0,
        });
        assert_eq!(
            view.by_day
                .iter()
                .map(|g| (g.key.as_str(), g.total))
                .collect::<Vec<_>>(),
            [("2026-01-01", 10_000), ("2026-01-02", 6_000)]
        );
        assert_eq!(
            view.by_hour
                .iter()
                .map(|g| (g.key.as_str(), g.sales))
                .collect::<Vec<_>>(),
            [("0", 1), ("23", 1)]
        );
        assert_eq!(
            (view.total, view.net_total, view.gross_profit),
            (16_000, 15_000, 8_000)
        );
        assert_eq!(view.average_basket, 8_000);
        assert_eq!(
            view.by_method
                .iter()
                .map(|g| (g.key.as_str(), g.sales, g.total))
                .collect::<Vec<_>>(),
            [("cash", 2, 11_000), ("qris", 1, 5_000)]
        );
        assert_eq!(view.by_cashier[0].key, "", "no one signed in comes first");
        assert_eq!(view.by_device[1].label.as_deref(), Some("Kasir 2"));
        // Till 2 is complete only up to the second day's start: the period is provisional.
        assert!(view.provisional);
        assert_eq!(view.incomplete_devices, ["Kasir 2"]);
        assert_eq!(view.devices[1].pending, 2);
    }
}
