//! The latest sales, newest first: the till's "recent transactions" list, for reprinting a
//! receipt or finding a sale after the app was closed. Sales pulled from other tills are
//! included when the whole shop is asked for.

use rusqlite::params;
use uuid::Uuid;

use crate::error::Result;
use crate::store::DeviceStore;

/// One line of the sales list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SaleSummary {
    pub id: Uuid,
    pub device_id: Uuid,
    pub receipt_no: String,
    pub created_at: i64,
    pub total: i64,
    pub line_count: i64,
    /// Payment methods used, comma separated (`cash`, `qris,cash`).
    pub methods: String,
}

/// The most sales a list returns.
pub const MAX_SALES_LISTED: usize = 500;

impl DeviceStore {
    /// The newest `limit` sales (at most [`MAX_SALES_LISTED`]), of this till or of the shop.
    pub fn recent_sales(&self, limit: usize, this_till_only: bool) -> Result<Vec<SaleSummary>> {
        let device = self.device()?.device_id;
        let limit = i64::try_from(limit.min(MAX_SALES_LISTED)).unwrap_or(0);
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.device_id, s.receipt_no, s.created_at, s.total, s.line_count,
                    (SELECT group_concat(method, ',') FROM
                        (SELECT DISTINCT p.method FROM sale_payments p WHERE p.sale_id = s.id))
             FROM sales s
             WHERE ?1 = 0 OR s.device_id = ?2
             ORDER BY s.created_at DESC, s.receipt_no DESC
             LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![this_till_only, device, limit], |r| {
            Ok(SaleSummary {
                id: r.get(0)?,
                device_id: r.get(1)?,
                receipt_no: r.get(2)?,
                created_at: r.get(3)?,
                total: r.get(4)?,
                line_count: r.get(5)?,
                methods: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
