//! Exports of a shop's data for a period, as CSV or XLSX: sales, sale lines, products, stock
//! and kasbon. Money is whole Rupiah, quantities are in units (three decimals), times are the
//! shop's local time (WIB unless asked otherwise).
//!
//! A CSV cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is
//! written with a leading `'`; XLSX cells are typed, so text is never a formula there.

use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use laris_protocol::v1::ErrorCode;
use serde::Deserialize;
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

use super::catalog::listed;
use super::shop::{Shop, methods, period, stock_rows};
use super::wire::{Dataset, ExportFormat};
use crate::error::{Result, ServerError};
use crate::state::AppState;
use crate::storage::SummaryRange;
use crate::summary::day_string;

/// Rows one export holds at most.
pub const MAX_EXPORT_ROWS: u32 = 1_000_000;

/// One cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// Thousandths, shown as units with three decimals.
    Milli(i64),
}

/// A table to export.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn local_time(ms: i64, tz_offset_ms: i64) -> String {
    let offset = UtcOffset::from_whole_seconds(i32::try_from(tz_offset_ms / 1_000).unwrap_or(0))
        .unwrap_or(UtcOffset::UTC);
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|t| t.to_offset(offset))
        .map_or_else(
            |_| ms.to_string(),
            |t| {
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                    t.year(),
                    u8::from(t.month()),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            },
        )
}

/// `'`-prefixes a text a spreadsheet would read as a formula.
pub fn csv_safe(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

fn milli_text(m: i64) -> String {
    let sign = if m < 0 { "-" } else { "" };
    let a = m.unsigned_abs();
    format!("{sign}{}.{:03}", a / 1_000, a % 1_000)
}

pub fn to_csv(t: &Table) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| ServerError::Internal(format!("csv: {e}"));
    w.write_record(&t.headers).map_err(fail)?;
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => csv_safe(s).into_owned(),
                Cell::Int(n) => n.to_string(),
                Cell::Milli(m) => milli_text(*m),
            })
            .collect();
        w.write_record(&cells).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| ServerError::Internal(format!("csv: {e}")))
}

pub fn to_xlsx(t: &Table, sheet: &str) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| ServerError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let qty = Format::new().set_num_format("0.000");
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(fail)?;
    for (c, h) in (0u16..).zip(&t.headers) {
        ws.write_string_with_format(0, c, *h, &bold).map_err(fail)?;
    }
    for (r, row) in (1u32..).zip(&t.rows) {
        for (c, cell) in (0u16..).zip(row) {
            match cell {
                Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                // Rupiah below 2^53 are exact as doubles.
                #[allow(clippy::cast_precision_loss)]
                Cell::Int(n) => ws.write_number(r, c, *n as f64).map(|_| ()),
                #[allow(clippy::cast_precision_loss)]
                Cell::Milli(m) => ws
                    .write_number_with_format(r, c, *m as f64 / 1_000.0, &qty)
                    .map(|_| ()),
            }
            .map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}

/// The table of `dataset` for the store and period.
pub async fn table(
    state: &AppState,
    store_id: Uuid,
    dataset: Dataset,
    range: SummaryRange,
) -> Result<Table> {
    let tz = range.tz_offset_ms;
    Ok(match dataset {
        Dataset::Sales => {
            let rows = state
                .storage
                .sales_page(store_id, range, None, MAX_EXPORT_ROWS)
                .await?;
            Table {
                headers: vec![
                    "receipt_no",
                    "time",
                    "device",
                    "cashier",
                    "total",
                    "cost",
                    "profit",
                    "cash",
                    "qris",
                    "transfer",
                    "kasbon",
                    "lines",
                    "methods",
                ],
                rows: rows
                    .into_iter()
                    .rev()
                    .map(|s| {
                        vec![
                            text(s.receipt_no),
                            text(local_time(s.created_at_ms, tz)),
                            text(s.device_code),
                            text(s.cashier.unwrap_or_default()),
                            Cell::Int(s.total),
                            Cell::Int(s.cost),
                            Cell::Int(s.total - s.cost),
                            Cell::Int(s.paid[0]),
                            Cell::Int(s.paid[1]),
                            Cell::Int(s.paid[2]),
                            Cell::Int(s.paid[3]),
                            Cell::Int(s.line_count),
                            text(methods(s.paid).join(" ")),
                        ]
                    })
                    .collect(),
            }
        }
        Dataset::SaleLines => {
            let rows = state.storage.sale_lines(store_id, range).await?;
            Table {
                headers: vec![
                    "receipt_no",
                    "time",
                    "line",
                    "product",
                    "qty",
                    "unit",
                    "total",
                    "cost",
                    "profit",
                ],
                rows: rows
                    .into_iter()
                    .map(|l| {
                        vec![
                            text(l.receipt_no),
                            text(local_time(l.created_at_ms, tz)),
                            Cell::Int(l.line_no),
                            text(l.name),
                            Cell::Milli(l.qty_milli),
                            text(l.unit),
                            Cell::Int(l.total),
                            Cell::Int(l.cost),
                            Cell::Int(l.total - l.cost),
                        ]
                    })
                    .collect(),
            }
        }
        Dataset::Products => {
            let (products, _) = listed(state, store_id, "").await?;
            Table {
                headers: vec![
                    "sku", "name", "category", "unit", "price", "cost", "barcodes", "active",
                    "stock",
                ],
                rows: products
                    .into_iter()
                    .map(|p| {
                        vec![
                            text(p.sku),
                            text(p.name),
                            text(p.category.unwrap_or_default()),
                            text(p.unit),
                            Cell::Int(p.price),
                            Cell::Int(p.cost),
                            text(p.barcodes.join(" ")),
                            text(if p.active { "yes" } else { "no" }),
                            Cell::Milli(p.stock_milli),
                        ]
                    })
                    .collect(),
            }
        }
        Dataset::Stock => Table {
            headers: vec!["sku", "name", "unit", "qty", "min", "low"],
            rows: stock_rows(state, store_id)
                .await?
                .into_iter()
                .map(|s| {
                    vec![
                        text(s.sku),
                        text(s.name),
                        text(s.unit),
                        Cell::Milli(s.qty_milli),
                        Cell::Milli(s.min_stock_milli),
                        text(if s.low { "yes" } else { "no" }),
                    ]
                })
                .collect(),
        },
        Dataset::Kasbon => {
            let books = crate::books::books(&state.storage.books(store_id).await?);
            Table {
                headers: vec!["customer", "balance", "entries"],
                rows: books
                    .kasbon
                    .into_iter()
                    .map(|k| {
                        vec![
                            text(k.name.unwrap_or_else(|| k.customer_id.to_string())),
                            Cell::Int(k.balance),
                            Cell::Int(i64::try_from(k.entries).unwrap_or(i64::MAX)),
                        ]
                    })
                    .collect(),
            }
        }
    })
}

#[derive(Debug, Default, Deserialize)]
struct FormatParam {
    format: Option<ExportFormat>,
}

pub(crate) async fn export(
    State(state): State<AppState>,
    shop: Shop,
    Path((_, dataset)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response> {
    let store_id = shop.store_id;
    let dataset = Dataset::parse(&dataset).ok_or_else(|| {
        ServerError::NotFound("no such export: sales, sale_lines, products, stock or kasbon".into())
    })?;
    let Query(FormatParam { format }) = Query::<FormatParam>::try_from_uri(&uri)
        .map_err(|_| ServerError::bad_request(ErrorCode::InvalidQuery, "format: csv or xlsx"))?;
    let (days, range) = period(&uri, state.now_ms())?;
    let t = table(&state, store_id, dataset, range).await?;
    let format = format.unwrap_or(ExportFormat::Csv);
    let (bytes, mime, ext) = match format {
        ExportFormat::Csv => (to_csv(&t)?, "text/csv; charset=utf-8", "csv"),
        ExportFormat::Xlsx => (
            to_xlsx(&t, dataset.as_str())?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let name = format!(
        "laris-{}-{}-{}.{ext}",
        dataset.as_str(),
        day_string(days.first),
        day_string(days.last)
    );
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .map_err(|e| ServerError::Internal(format!("export name: {e}")))?;
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(mime)),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_in_csv() {
        let t = Table {
            headers: vec!["name", "qty"],
            rows: vec![vec![text("=HYPERLINK(\"x\")"), Cell::Milli(1_500)]],
        };
        let csv = String::from_utf8(to_csv(&t).unwrap()).unwrap();
        assert_eq!(csv, "name,qty\n\"'=HYPERLINK(\"\"x\"\")\",1.500\n");
        assert!(to_xlsx(&t, "sales").unwrap().starts_with(b"PK"));
    }

    #[test]
    fn times_are_local() {
        assert_eq!(local_time(0, 7 * 3_600_000), "1970-01-01 07:00:00");
    }
}
