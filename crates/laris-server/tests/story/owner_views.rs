//! The story's owner views: stock levels, proof of sync (device and owner) and the sales
//! summary by day, device and payment method.

use laris_protocol::v1::api::{self, ProofV1, SalesSummary, SeqRange};
use laris_server::storage::StockLevel;

use super::sync_rules::Goods;
use super::{Story, device_path};

pub async fn reports(st: &Story, g: &Goods) {
    let Story {
        server,
        c,
        owner,
        a,
        b,
        epoch,
        ..
    } = st;
    let (p1, p2) = (g.p1, g.p2);
    // Stock is the sum of every device's movements.
    let mut stock = server.storage.stock_levels(owner.store_id).await.unwrap();
    stock.sort_by_key(|s| s.product_id);
    let mut want = vec![
        StockLevel {
            product_id: p1,
            qty_milli: (50 - 2 - 1 - 2 - 1 - 1) * 1000,
        },
        StockLevel {
            product_id: p2,
            qty_milli: -(1 + 3 + 1 + 2) * 1000,
        },
    ];
    want.sort_by_key(|s| s.product_id);
    assert_eq!(stock, want);

    // Proof of sync, as the device and as the owner sees it.
    let proof: ProofV1 = c.get_json(api::PROOF, Some(&a.token)).await.unwrap();
    assert_eq!((proof.device_id, proof.server_epoch), (a.id, *epoch));
    assert_eq!(
        (proof.first_seq, proof.last_seq, proof.events),
        (Some(1), Some(13), 13)
    );
    assert_eq!(proof.gaps, Vec::<SeqRange>::new());
    assert_eq!((proof.sales, proof.sales_total), (7, 74_500));
    assert_eq!(proof.duplicates_rejected, 2 + 3 + 5);
    assert_eq!(
        proof.quarantined.iter().map(|q| q.seq).collect::<Vec<_>>(),
        [8, 10, 11]
    );
    let owner_view: ProofV1 = c
        .get_json(
            &device_path(api::OWNER_DEVICE_PROOF, a.id),
            Some(&owner.token),
        )
        .await
        .unwrap();
    assert_eq!(owner_view, proof);
    let pb: ProofV1 = c
        .get_json(
            &device_path(api::OWNER_DEVICE_PROOF, b.id),
            Some(&owner.token),
        )
        .await
        .unwrap();
    assert_eq!(
        (pb.events, pb.sales, pb.sales_total, pb.duplicates_rejected),
        (2, 1, 20_000, 0)
    );

    // The owner's summary: by day (WIB), device and payment method.
    let sum: SalesSummary = c
        .get_json(
            &format!("{}?from=2026-01-01&to=2026-01-02", api::OWNER_SUMMARY),
            Some(&owner.token),
        )
        .await
        .unwrap();
    let rows = |r: &[api::SummaryRow]| {
        r.iter()
            .map(|r| (r.key.clone(), r.sales, r.total))
            .collect::<Vec<_>>()
    };
    assert_eq!((sum.sales, sum.total), (8, 94_500));
    assert_eq!(
        rows(&sum.by_day),
        [
            ("2026-01-01".into(), 7, 64_500),
            ("2026-01-02".into(), 1, 30_000)
        ]
    );
    assert_eq!(
        rows(&sum.by_device),
        [("A".into(), 7, 74_500), ("B".into(), 1, 20_000)]
    );
    assert_eq!(
        rows(&sum.by_method),
        [
            ("cash".into(), 5, 57_500),
            ("qris".into(), 2, 7_000),
            ("transfer".into(), 1, 30_000)
        ]
    );
    // In UTC the sale at 10:00 WIB on Jan 2 is still Jan 2; at UTC-12 both days shift.
    let utc: SalesSummary = c
        .get_json(
            &format!("{}?from=2026-01-02&tz_offset_minutes=0", api::OWNER_SUMMARY),
            Some(&owner.token),
        )
        .await
        .unwrap();
    assert_eq!(
        (utc.from.as_str(), utc.to.as_str(), utc.sales, utc.total),
        ("2026-01-02", "2026-01-02", 1, 30_000)
    );
    let err = c
        .get_json::<SalesSummary>(
            &format!("{}?from=2026-02-01&to=2026-01-01", api::OWNER_SUMMARY),
            Some(&owner.token),
        )
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (400, "invalid_query"));
}
