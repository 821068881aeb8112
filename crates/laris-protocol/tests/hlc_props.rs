//! Properties of the hybrid logical clock and of last-writer-wins merging.

use laris_protocol::hlc::{DEFAULT_MAX_DRIFT_MS, check_drift};
use laris_protocol::v1::{ProductV1, Stamped};
use laris_protocol::{Hlc, HlcClock};
use proptest::prelude::*;
use uuid::Uuid;

const NOW: u64 = 1_767_225_600_000;
const DAY: i64 = 24 * 60 * 60 * 1000;

fn hlc() -> impl Strategy<Value = Hlc> {
    (
        prop_oneof![Just(0u64), Just(u64::MAX), any::<u64>(), NOW - 10..NOW + 10],
        prop_oneof![Just(0u32), Just(u32::MAX), any::<u32>(), 0u32..3],
        prop_oneof![any::<u128>(), 0u128..3],
    )
        .prop_map(|(w, c, n)| Hlc::new(w, c, Uuid::from_u128(n)))
}

#[derive(Debug, Clone)]
enum Step {
    /// The physical clock moves by this many ms (negative: set back), then a local edit.
    Tick(i64),
    /// The physical clock moves, then a remote stamp `ahead` ms from the new physical time.
    Observe(i64, i64, u32, u128),
}

fn step() -> impl Strategy<Value = Step> {
    let jump = prop_oneof![
        4 => 0i64..50,
        1 => -3 * DAY..3 * DAY,
        1 => Just(-3 * DAY),
    ];
    prop_oneof![
        jump.clone().prop_map(Step::Tick),
        (
            jump,
            -DAY..2 * DAY,
            prop_oneof![0u32..5, Just(u32::MAX)],
            0u128..4
        )
            .prop_map(|(j, a, c, n)| Step::Observe(j, a, c, n)),
    ]
}

proptest! {
    #[test]
    fn text_and_byte_order_are_stamp_order(a in hlc(), b in hlc()) {
        prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
        prop_assert_eq!(a.cmp(&b), a.to_bytes().cmp(&b.to_bytes()));
        prop_assert_eq!(a.to_string().len(), Hlc::TEXT_LEN);
        prop_assert_eq!(Hlc::parse(&a.to_string()).unwrap(), a);
        prop_assert_eq!(Hlc::from_bytes(&a.to_bytes()).unwrap(), a);
    }

    #[test]
    fn stamps_only_go_forward(steps in proptest::collection::vec(step(), 1..200)) {
        let me = Uuid::from_u128(10);
        let mut clock = HlcClock::new(me);
        let mut now = NOW as i64;
        let mut prev = clock.last();
        for s in steps {
            match s {
                Step::Tick(jump) => {
                    now += jump;
                    let t = clock.tick(now as u64);
                    prop_assert!(t > prev, "{t} after {prev}");
                    prop_assert!(t.wall_ms >= now as u64);
                    prop_assert_eq!(t.node, me);
                    prev = t;
                }
                Step::Observe(jump, ahead, counter, node) => {
                    now += jump;
                    let remote = Hlc::new((now + ahead) as u64, counter, Uuid::from_u128(node));
                    let before = clock.clone();
                    match clock.observe(remote, now as u64) {
                        Ok(t) => {
                            prop_assert!(ahead <= DEFAULT_MAX_DRIFT_MS as i64);
                            prop_assert!(t > prev && t > remote, "{t} after {prev}, {remote}");
                            prev = t;
                        }
                        Err(e) => {
                            prop_assert!(ahead > DEFAULT_MAX_DRIFT_MS as i64);
                            prop_assert_eq!(e.code(), "clock_drift");
                            prop_assert_eq!(&clock, &before);
                        }
                    }
                }
            }
            prop_assert_eq!(clock.last(), prev);
        }
    }

    #[test]
    fn drift_bound_is_exact(now in NOW - DAY as u64..NOW, ahead in 0u64..4 * DAY as u64, max in 0u64..2 * DAY as u64) {
        let remote = Hlc::new(now + ahead, 0, Uuid::from_u128(1));
        prop_assert_eq!(check_drift(remote, now, max).is_ok(), ahead <= max);
    }

    #[test]
    fn absorbed_stamps_order_later_edits_even_when_far_behind(remote in hlc(), behind in 0u64..10 * DAY as u64) {
        let mut clock = HlcClock::new(Uuid::from_u128(3));
        let now = remote.wall_ms.saturating_sub(behind);
        let merged = clock.absorb(remote, now);
        prop_assume!(remote.wall_ms < u64::MAX);
        prop_assert!(merged > remote);
        prop_assert!(clock.tick(now) > merged);
    }

    #[test]
    fn product_merge_converges_in_any_order(
        edits in proptest::collection::vec((0usize..4, 0u64..20, 0u128..3, 0i64..5), 1..12),
        order in any::<u64>(),
    ) {
        // Each edit sets one of four fields on a copy of the base, stamped (ms, node).
        let base = base_product();
        let versions: Vec<ProductV1> = edits
            .iter()
            .map(|&(field, ms, node, v)| {
                let hlc = Hlc::new(NOW + ms, 0, Uuid::from_u128(node));
                let mut p = base.clone();
                match field {
                    0 => p.price = Stamped::new(1_000 + v, hlc),
                    1 => p.name = Stamped::new(format!("Nama {v}"), hlc),
                    2 => p.deleted = Stamped::new(v % 2 == 0, hlc),
                    _ => p.barcodes = Stamped::new(vec![format!("200{v}")], hlc),
                }
                p
            })
            .collect();
        let merge_all = |vs: &[ProductV1]| {
            let mut acc = base.clone();
            for v in vs {
                acc.merge(v).unwrap();
            }
            acc
        };
        let forward = merge_all(&versions);
        let mut shuffled = versions.clone();
        let n = shuffled.len();
        let mut seed = order;
        for i in (1..n).rev() {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (seed >> 33) as usize % (i + 1));
        }
        let mut twice = shuffled.clone();
        twice.extend(versions.iter().cloned());
        prop_assert_eq!(&forward, &merge_all(&shuffled));
        prop_assert_eq!(&forward, &merge_all(&twice));
    }
}

fn base_product() -> ProductV1 {
    let h = Hlc::new(NOW, 0, Uuid::from_u128(9));
    ProductV1 {
        id: Uuid::from_u128(77),
        sku: Stamped::new("W0001".into(), h),
        name: Stamped::new("Indomie".into(), h),
        category: Stamped::new(None, h),
        unit: Stamped::new("pcs".into(), h),
        price: Stamped::new(3_500, h),
        cost: Stamped::new(3_000, h),
        sold_by_weight: Stamped::new(false, h),
        track_stock: Stamped::new(true, h),
        min_stock_milli: Stamped::new(0, h),
        active: Stamped::new(true, h),
        barcodes: Stamped::new(vec![], h),
        deleted: Stamped::new(false, h),
    }
}
