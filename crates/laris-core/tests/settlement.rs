//! A bank's QRIS settlement list matched to the till's QRIS sales, offline: by amount and
//! nearest time within the window, each sale once, what is left on either side shown, rows
//! that cannot be read reported with their line; and confirming the matched ones.

mod common;

use common::shop;
use laris_core::{Cart, Tender};

const MIN: i64 = 60_000;

fn qris_sale(s: &mut common::Shop, qty: i64) -> laris_core::Sale {
    let p = s.store.product_by_code("2000000000015").unwrap(); // Rp 3.500
    let mut cart = Cart::new();
    cart.add(&p, qty * 1000).unwrap();
    let total = cart
        .totals(s.store.settings().unwrap().pricing())
        .unwrap()
        .total;
    s.store
        .checkout(&cart, &[Tender::qris(total)], None)
        .unwrap()
}

#[test]
fn a_settlement_list_matches_qris_sales_by_amount_and_time() {
    let mut s = shop();
    // 10:00 WIB: Rp 7.000; 10:05: Rp 7.000 again; 10:40: Rp 10.500; 12:00: Rp 3.500.
    let a = qris_sale(&mut s, 2);
    s.clock.advance(5 * MIN);
    let b = qris_sale(&mut s, 2);
    s.clock.advance(35 * MIN);
    let c = qris_sale(&mut s, 3);
    s.clock.advance(80 * MIN);
    let late = qris_sale(&mut s, 1);
    // The bank's list (semicolons, a separate date and time, amounts with sen): the 10:05
    // credit arrived at 10:06, the 10:00 one at 10:01; one credit no sale accounts for; a
    // row the bank wrote wrong; the 10:40 sale's money is not on it; the 12:00 sale is after
    // the list's last row by more than the window, so outside its period.
    let list = "Tanggal;Jam;Nominal;RRN\n\
                27/11/2026;10:06:10;7.000,00;RRN002\n\
                27/11/2026;10:01:02;Rp 7.000;RRN001\n\
                27/11/2026;10:20:00;25.000;RRN003\n\
                27/11/2026;25:61:00;5.000;RRN004\n";
    let r = s.store.reconcile_settlement(list).unwrap();
    let pairs: Vec<(&str, &str)> = r
        .matched
        .iter()
        .map(|(row, sale)| (row.reference.as_deref().unwrap(), sale.receipt_no.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("RRN002", b.receipt_no.as_str()),
            ("RRN001", a.receipt_no.as_str())
        ],
        "each credit with the sale nearest in time, not the first of its amount"
    );
    assert_eq!(r.unmatched_rows.len(), 1);
    assert_eq!(r.unmatched_rows[0].amount, 25_000);
    assert_eq!(r.unreadable.len(), 1);
    assert_eq!(r.unreadable[0].0, 5, "the line of the file");
    assert!(
        r.unmatched_sales.is_empty(),
        "10:40 and 12:00 are after the list's last credit"
    );
    assert!(r.matched.iter().all(|(_, sale)| sale.unverified));

    // A list covering the whole morning: the 10:40 sale's money is missing from it.
    let list = "Waktu Transaksi,Amount,Reference\n\
                2026-11-27 10:01:02,7000.00,RRN001\n\
                2026-11-27 10:06:10,7000,RRN002\n\
                2026-11-27 12:30:00,3500,RRN005\n";
    let r = s.store.reconcile_settlement(list).unwrap();
    assert_eq!(r.matched.len(), 3, "{r:#?}");
    assert!(r.matched.iter().any(|(_, sale)| sale.sale_id == late.id));
    assert_eq!(
        r.unmatched_sales
            .iter()
            .map(|u| u.sale_id)
            .collect::<Vec<_>>(),
        [c.id]
    );

    // Confirming what matched takes them off the unverified list.
    for (_, sale) in &r.matched {
        s.store
            .confirm_qris(sale.sale_id, Some("settlement"))
            .unwrap();
    }
    let left = s.store.query().unverified_qris(0, i64::MAX).unwrap();
    assert_eq!(left.iter().map(|u| u.sale_id).collect::<Vec<_>>(), [c.id]);
    let r = s.store.reconcile_settlement(list).unwrap();
    assert!(r.matched.iter().all(|(_, sale)| !sale.unverified));
}

#[test]
fn a_list_without_the_columns_is_refused_plainly() {
    let s = shop();
    for bad in [
        "",
        "Nama,Keterangan\nBudi,x\n",
        "Tanggal,Keterangan\n2026-11-27 10:00,x\n",
    ] {
        let e = s.store.reconcile_settlement(bad).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{bad:?}: {e}");
    }
    let empty = s.store.reconcile_settlement("Tanggal,Nominal\n").unwrap();
    assert!(empty.matched.is_empty() && empty.unmatched_rows.is_empty());
}
