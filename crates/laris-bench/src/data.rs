//! The shared benchmark data (`../shared/data`): locating it and reading the sales files and
//! the warung catalog.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use serde::Deserialize;

use crate::BenchResult;

/// `--data` / `LARIS_SHARED_DATA` if given, else `../shared/data` beside the repository.
pub fn data_dir(explicit: Option<&Path>) -> PathBuf {
    match explicit {
        Some(dir) => dir.to_path_buf(),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// One line of a `bench-sales-*.ndjson.gz` file.
#[derive(Debug, Clone, Deserialize)]
pub struct SaleRecord {
    pub created_at: String,
    pub cashier: String,
    pub items: Vec<ItemRecord>,
    pub total: i64,
    pub payment_method: String,
    pub cash_tendered: i64,
    pub change: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ItemRecord {
    pub product_id: String,
    pub name: String,
    /// Whole units.
    pub qty: i64,
    pub unit_price: i64,
    /// Absolute Rupiah off the line.
    pub discount: i64,
}

impl SaleRecord {
    /// `created_at` (RFC 3339) in Unix milliseconds.
    pub fn created_at_ms(&self) -> BenchResult<i64> {
        let t = time::OffsetDateTime::parse(
            &self.created_at,
            &time::format_description::well_known::Rfc3339,
        )
        .map_err(|e| format!("created_at {:?}: {e}", self.created_at))?;
        Ok((t.unix_timestamp_nanos() / 1_000_000) as i64)
    }
}

/// The first `limit` sales of a gzipped NDJSON file.
pub fn read_sales(path: &Path, limit: usize) -> BenchResult<Vec<SaleRecord>> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let reader = BufReader::new(GzDecoder::new(file));
    let mut sales = Vec::with_capacity(limit.min(100_000));
    for (i, line) in reader.lines().take(limit).enumerate() {
        let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
        let sale: SaleRecord = serde_json::from_str(&line)
            .map_err(|e| format!("{} line {}: {e}", path.display(), i + 1))?;
        sales.push(sale);
    }
    Ok(sales)
}

/// One row of `catalog-warung.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogRow {
    pub sku: String,
    pub barcode: String,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub price_idr: i64,
    pub cost_idr: i64,
    pub sold_by_weight: bool,
}

pub fn read_catalog(path: &Path) -> BenchResult<Vec<CatalogRow>> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows = reader
        .deserialize()
        .collect::<Result<Vec<CatalogRow>, _>>()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(rows)
}
