//! The pure part of voids and refunds, shared by both backends: the sold quantity a return's
//! line is held against, and which sales are over-refunded.
//!
//! A return is never refused or dropped for taking back more than was sold: two tills offline
//! may each refund the same line, and both refunds happened (the money went out). Each return
//! line keeps the sold quantity of its sale line as the server knew it when the return arrived
//! (`sale_return_lines.sold_qty_milli`), and the owner sees the sales the returns exceed.
//!
//! Where the sold quantity comes from: the server keeps every sale's body (postcard of its
//! `EventBody`, in the change it made), so it is decoded from there rather than kept a second
//! time in a per-line table written on every sale (which would add rows and index writes to
//! the push path, where sales are by far the most frequent event, for the rare return). A sale
//! in the same push as its return has no change row yet; its quantities come from the batch
//! itself ([`crate::prepare::SaleRecord::line_qty`]).

use std::collections::BTreeMap;

use laris_protocol::v1::{EventBody, SaleV1};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The quantity of each line of a sale, in line order (line_no 1 first).
pub fn line_quantities(sale: &SaleV1) -> Vec<i64> {
    sale.lines.iter().map(|l| l.qty_milli).collect()
}

/// [`line_quantities`] of a stored change body; None if it is not a sale (or not readable,
/// which the flag then reports as a sale the server does not know).
pub fn stored_line_quantities(change_body: &[u8]) -> Option<Vec<i64>> {
    match crate::prepare::decode_body(change_body).ok()? {
        EventBody::Sale(s) => Some(line_quantities(&s)),
        _ => None,
    }
}

/// The sold quantity of the sale's 1-based `line_no`: None if the sale or that line is not
/// known.
pub fn sold_qty(quantities: Option<&[i64]>, line_no: i64) -> Option<i64> {
    let index = usize::try_from(line_no.checked_sub(1)?).ok()?;
    quantities?.get(index).copied()
}

/// What a backend reads for one returned line of a sale: every return of the store's returned
/// sales, summed by (sale, line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnedLine {
    pub sale_id: Uuid,
    pub line_no: i64,
    /// The sale line's quantity as recorded with the returns (the largest any return saw; None
    /// when none of them knew the sale or the line).
    pub sold_qty_milli: Option<i64>,
    pub returned_qty_milli: i64,
    /// The sale as the server holds it now (None: not held).
    pub receipt_no: Option<String>,
    pub sale_total: Option<i64>,
    /// The money of every return of the sale (the same on each of its lines).
    pub returned_amount: i64,
}

/// A sale its returns exceed: some line taken back beyond what was sold (or the sale unknown to
/// the server), or more money paid back than the sale took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OverRefund {
    pub sale_id: Uuid,
    /// None when the server does not hold the sale.
    pub receipt_no: Option<String>,
    pub sale_total: Option<i64>,
    pub returned_amount: i64,
    /// Every returned line of the sale, in line order.
    pub lines: Vec<OverRefundLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OverRefundLine {
    pub line_no: i64,
    /// None when the server did not know the sale or the line when the returns arrived.
    pub sold_qty_milli: Option<i64>,
    pub returned_qty_milli: i64,
    /// Taken back beyond what was sold (or against a line the server does not know).
    pub over: bool,
}

/// The over-refunded sales among `lines` (in any order), by sale id.
pub fn over_refunds(lines: Vec<ReturnedLine>) -> Vec<OverRefund> {
    let mut sales: BTreeMap<Uuid, OverRefund> = BTreeMap::new();
    for l in lines {
        let sale = sales.entry(l.sale_id).or_insert_with(|| OverRefund {
            sale_id: l.sale_id,
            receipt_no: l.receipt_no.clone(),
            sale_total: l.sale_total,
            returned_amount: l.returned_amount,
            lines: Vec::new(),
        });
        sale.lines.push(OverRefundLine {
            line_no: l.line_no,
            sold_qty_milli: l.sold_qty_milli,
            returned_qty_milli: l.returned_qty_milli,
            over: l
                .sold_qty_milli
                .is_none_or(|sold| l.returned_qty_milli > sold),
        });
    }
    sales
        .into_values()
        .filter_map(|mut s| {
            let over_amount = s.sale_total.is_none_or(|total| s.returned_amount > total);
            if !over_amount && !s.lines.iter().any(|l| l.over) {
                return None;
            }
            s.lines.sort_by_key(|l| l.line_no);
            Some(s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sale: u128, line_no: i64, sold: Option<i64>, returned: i64) -> ReturnedLine {
        ReturnedLine {
            sale_id: Uuid::from_u128(sale),
            line_no,
            sold_qty_milli: sold,
            returned_qty_milli: returned,
            receipt_no: sold.map(|_| format!("A-{sale}")),
            sale_total: sold.map(|_| 10_000),
            returned_amount: 4_000,
        }
    }

    #[test]
    fn sold_quantities_by_line_number() {
        let q = [2_000, 500];
        assert_eq!(sold_qty(Some(&q), 1), Some(2_000));
        assert_eq!(sold_qty(Some(&q), 2), Some(500));
        assert_eq!(sold_qty(Some(&q), 3), None);
        assert_eq!(sold_qty(Some(&q), 0), None);
        assert_eq!(sold_qty(None, 1), None);
        assert_eq!(stored_line_quantities(b"not a sale"), None);
    }

    #[test]
    fn a_line_taken_back_beyond_what_was_sold_flags_its_sale() {
        let flagged = over_refunds(vec![
            line(1, 2, Some(1_000), 1_000),
            line(1, 1, Some(2_000), 3_000),
            line(2, 1, Some(2_000), 2_000),
        ]);
        assert_eq!(flagged.len(), 1, "sale 2 is returned exactly: {flagged:?}");
        let s = &flagged[0];
        assert_eq!(s.sale_id, Uuid::from_u128(1));
        assert_eq!(
            s.lines
                .iter()
                .map(|l| (l.line_no, l.over))
                .collect::<Vec<_>>(),
            [(1, true), (2, false)]
        );
    }

    #[test]
    fn more_money_back_than_the_sale_took_or_an_unknown_sale_flags_it() {
        let mut rich = line(1, 1, Some(2_000), 1_000);
        rich.returned_amount = 10_001;
        let unknown = line(2, 1, None, 1_000);
        let flagged = over_refunds(vec![rich, unknown]);
        assert_eq!(flagged.len(), 2);
        assert!(!flagged[0].lines[0].over, "only the money is over");
        assert_eq!(flagged[1].receipt_no, None);
        assert!(flagged[1].lines[0].over);
        let mut exact = line(3, 1, Some(2_000), 2_000);
        exact.returned_amount = 10_000;
        assert!(over_refunds(vec![exact]).is_empty());
    }
}
