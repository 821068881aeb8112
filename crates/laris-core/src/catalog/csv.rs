//! Catalog import and export as CSV (the columns of `catalog-warung.csv`, plus optional ones).
//! An import is all-or-nothing: the first bad row is reported with its line and column and
//! nothing is written.

use std::collections::HashMap;
use std::io::{Read, Write};

use crate::catalog::edits::record_local_edit;
use crate::catalog::record::FieldValues;
use crate::catalog::{self, ProductDraft, Upserted};
use crate::error::{CoreError, Result};
use crate::qty::{format_qty, parse_qty};
use crate::sale::pricing::MAX_QTY_MILLI;
use crate::store::{DeviceStore, immediate_tx};

/// Why an import was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("catalog CSV line {line}{}: {message}", column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct ImportError {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    pub column: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// New products given their opening stock (the `stok_awal` column).
    pub opening_stock: usize,
}

const REQUIRED: [&str; 3] = ["sku", "name", "price_idr"];
/// The optional column of the stock counted when a product is first imported; rows of
/// products already in the catalog ignore it (their stock moves by restock and counts).
const OPENING_STOCK: &str = "stok_awal";
/// Barcodes in one cell are separated by `|`.
const BARCODE_SEPARATOR: char = '|';

struct Columns(HashMap<String, usize>);

impl Columns {
    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        self.0.get(name).and_then(|&i| record.get(i)).map(str::trim)
    }
}

/// Maps byte offsets to 1-based file lines. The csv crate's own line numbers drift with CRLF
/// line ends and blank lines, and the owner needs the line their editor shows.
struct LineIndex<'a> {
    bytes: &'a [u8],
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let newlines = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex { bytes, newlines }
    }

    /// The line of the record starting at `byte` (skipping the line ends before it).
    fn line_at(&self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        1 + self.newlines.partition_point(|&nl| nl < start) as u64
    }
}

/// A row: its line, the product, and its opening stock (milli-units; 0 when none).
type Row = (u64, ProductDraft, i64);

fn parse_rows(mut input: impl Read) -> std::result::Result<Vec<Row>, ImportError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| ImportError {
        line: 0,
        column: None,
        message: format!("unreadable file: {e}"),
    })?;
    let lines = LineIndex::new(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let headers = reader.headers().map_err(|e| ImportError {
        line: 1,
        column: None,
        message: format!("unreadable header: {e}"),
    })?;
    let columns = Columns(
        headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                (
                    h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase(),
                    i,
                )
            })
            .collect(),
    );
    for name in REQUIRED {
        if !columns.0.contains_key(name) {
            return Err(ImportError {
                line: 1,
                column: Some(name.into()),
                message: format!("the header has no {name} column"),
            });
        }
    }
    let mut drafts = Vec::new();
    let mut skus: HashMap<String, u64> = HashMap::new();
    let mut barcodes: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError {
            line: e.position().map_or(0, |p| lines.line_at(p.byte())),
            column: None,
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        let (draft, opening) =
            parse_row(&columns, &record).map_err(|(column, message)| ImportError {
                line,
                column: Some(column.into()),
                message,
            })?;
        if let Some(first) = skus.insert(draft.sku.clone(), line) {
            return Err(ImportError {
                line,
                column: Some("sku".into()),
                message: format!("SKU {} already appears on line {first}", draft.sku),
            });
        }
        for code in &draft.barcodes {
            if let Some(first) = barcodes.insert(code.clone(), line) {
                return Err(ImportError {
                    line,
                    column: Some("barcode".into()),
                    message: format!("barcode {code} already appears on line {first}"),
                });
            }
        }
        drafts.push((line, draft, opening));
    }
    Ok(drafts)
}

type FieldError = (&'static str, String);

fn parse_row(
    cols: &Columns,
    r: &csv::StringRecord,
) -> std::result::Result<(ProductDraft, i64), FieldError> {
    let text = |name: &'static str| cols.get(r, name).unwrap_or("").to_string();
    let money =
        |name: &'static str, default: Option<i64>| -> std::result::Result<i64, FieldError> {
            match cols.get(r, name) {
                None | Some("") => default.ok_or((name, "is empty".to_string())),
                Some(v) => v
                    .parse::<i64>()
                    .map_err(|_| (name, format!("{v:?} is not a whole Rupiah amount"))),
            }
        };
    let flag = |name: &'static str, default: bool| -> std::result::Result<bool, FieldError> {
        match cols.get(r, name).map(str::to_ascii_lowercase).as_deref() {
            None | Some("") => Ok(default),
            Some("true" | "1" | "yes" | "ya") => Ok(true),
            Some("false" | "0" | "no" | "tidak") => Ok(false),
            Some(v) => Err((name, format!("{v:?} is not true or false"))),
        }
    };
    let draft = ProductDraft {
        sku: text("sku"),
        name: text("name"),
        category: Some(text("category")).filter(|c| !c.is_empty()),
        unit: Some(text("unit"))
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "pcs".into()),
        price: money("price_idr", None)?,
        cost: money("cost_idr", Some(0))?,
        sold_by_weight: flag("sold_by_weight", false)?,
        track_stock: flag("track_stock", true)?,
        min_stock_milli: match cols.get(r, "min_stock") {
            None | Some("") => 0,
            Some(v) => parse_qty(v).map_err(|e| ("min_stock", e.to_string()))?,
        },
        active: flag("active", true)?,
        barcodes: cols
            .get(r, "barcode")
            .unwrap_or("")
            .split(BARCODE_SEPARATOR)
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect(),
    };
    draft.validate().map_err(|e| match e {
        CoreError::Invalid { field, reason } => (csv_column(field), reason),
        other => ("sku", other.to_string()),
    })?;
    let opening = match cols.get(r, OPENING_STOCK) {
        None | Some("") => 0,
        Some(v) => match parse_qty(v) {
            Ok(q) if q < 0 => return Err((OPENING_STOCK, format!("{v:?} is below zero"))),
            Ok(q) if q > MAX_QTY_MILLI => {
                return Err((OPENING_STOCK, format!("{v:?} is not a plausible quantity")));
            }
            Ok(q) if q > 0 && !draft.track_stock => {
                return Err((OPENING_STOCK, "stock of this product is not tracked".into()));
            }
            Ok(q) => q,
            Err(e) => return Err((OPENING_STOCK, e.to_string())),
        },
    };
    Ok((draft, opening))
}

fn csv_column(field: &'static str) -> &'static str {
    match field {
        "price" => "price_idr",
        "cost" => "cost_idr",
        other => other,
    }
}

impl DeviceStore {
    /// Imports a catalog CSV. Rows update the product with the same SKU or create one.
    pub fn import_catalog_csv(&mut self, input: impl Read) -> Result<ImportSummary> {
        let drafts = parse_rows(input)?;
        let device_id = self.device()?.device_id;
        let now = self.clock.now_ms();
        let ids = self.ids.clone();
        // The search rank is rebuilt by the next search (it would notice the writes anyway).
        self.rank.get_mut().invalidate();
        let tx = immediate_tx(&mut self.conn)?;
        let mut summary = ImportSummary::default();
        // Barcodes may move between products of one file (even swap): free every barcode the
        // file takes away from its product before giving any out.
        let mut released = std::collections::HashSet::new();
        for (_, draft, _) in &drafts {
            if catalog::release_barcodes(&tx, &draft.sku, &draft.barcodes)? {
                released.insert(draft.sku.as_str());
            }
        }
        for (line, draft, opening) in &drafts {
            let (id, outcome) =
                catalog::upsert(&tx, draft, ids.as_ref(), now).map_err(|e| match e {
                    CoreError::Invalid { field, reason } => CoreError::Import(ImportError {
                        line: *line,
                        column: Some(csv_column(field).into()),
                        message: reason,
                    }),
                    other => other,
                })?;
            let edit =
                record_local_edit(&tx, &mut self.hlc, id, &FieldValues::from_draft(draft), now)?;
            let outcome = match outcome {
                Upserted::Unchanged if released.contains(draft.sku.as_str()) || edit.revived => {
                    Upserted::Updated
                }
                o => o,
            };
            match outcome {
                Upserted::Created => {
                    summary.created += 1;
                    if *opening > 0 {
                        crate::ledger::record_opening_stock(
                            &tx,
                            device_id,
                            ids.new_id(now),
                            id,
                            *opening,
                            now,
                        )?;
                        summary.opening_stock += 1;
                    }
                }
                Upserted::Updated => summary.updated += 1,
                Upserted::Unchanged => summary.unchanged += 1,
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Writes the whole catalog as CSV, in a form [`Self::import_catalog_csv`] reads back.
    pub fn export_catalog_csv(&self, output: impl Write) -> Result<usize> {
        let products = catalog::list_products(&self.conn)?;
        let mut w = csv::Writer::from_writer(output);
        let io = |e: csv::Error| CoreError::Io {
            path: "catalog export".into(),
            source: std::io::Error::other(e),
        };
        w.write_record([
            "sku",
            "barcode",
            "name",
            "category",
            "unit",
            "price_idr",
            "cost_idr",
            "sold_by_weight",
            "track_stock",
            "min_stock",
            "active",
        ])
        .map_err(io)?;
        for p in &products {
            w.write_record([
                p.sku.as_str(),
                &p.barcodes.join(&BARCODE_SEPARATOR.to_string()),
                &p.name,
                p.category.as_deref().unwrap_or(""),
                &p.unit,
                &p.price.to_string(),
                &p.cost.to_string(),
                &p.sold_by_weight.to_string(),
                &p.track_stock.to_string(),
                &format_qty(p.min_stock_milli).replace(',', "."),
                &p.active.to_string(),
            ])
            .map_err(io)?;
        }
        w.flush().map_err(|source| CoreError::Io {
            path: "catalog export".into(),
            source,
        })?;
        Ok(products.len())
    }
}
