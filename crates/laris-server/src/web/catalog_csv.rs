//! A catalog CSV read for the back office's import: columns found by their header, in the
//! back office's export (`sku,name,category,unit,price,cost,barcodes,active,…`) or the till's
//! catalog format (`sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight`). Every
//! row is read and checked before anything is written; a bad one refuses the whole file,
//! naming its line.

use laris_protocol::v1::ErrorCode;

use super::wire::ProductInput;
use crate::error::{Result, ServerError};

/// Rows one import takes at most.
pub const MAX_IMPORT_ROWS: usize = 10_000;

fn bad(line: usize, what: impl std::fmt::Display) -> ServerError {
    ServerError::bad_request(ErrorCode::InvalidField, format!("line {line}: {what}"))
}

fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}

fn yes(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" => None,
        "true" | "yes" | "ya" | "1" => Some(true),
        "false" | "no" | "tidak" | "0" => Some(false),
        _ => Some(false),
    }
}

/// Whole Rupiah as a spreadsheet may write them: `3500`, `3.500`, `3,500`, `Rp 3.500`.
fn rupiah(text: &str) -> Option<i64> {
    let digits: String = text
        .trim()
        .trim_start_matches("Rp")
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' '))
        .collect();
    digits.parse().ok()
}

/// The rows of `text` as product inputs, with their line numbers.
pub fn read(text: &str) -> Result<Vec<(usize, ProductInput)>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().map_err(|e| bad(1, e))?.clone();
    let need = |names: &[&str], what: &str| {
        column(&headers, names).ok_or_else(|| bad(1, format!("no {what} column")))
    };
    let sku = need(&["sku"], "sku")?;
    let name = need(&["name", "nama"], "name")?;
    let price = need(&["price", "price_idr", "harga"], "price")?;
    let cost = column(&headers, &["cost", "cost_idr", "hpp"]);
    let category = column(&headers, &["category", "kategori"]);
    let unit = column(&headers, &["unit", "satuan"]);
    let barcodes = column(&headers, &["barcodes", "barcode"]);
    let active = column(&headers, &["active", "aktif"]);
    let weight = column(&headers, &["sold_by_weight", "timbang"]);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| bad(line, e))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_IMPORT_ROWS {
            return Err(bad(
                line,
                format!("at most {MAX_IMPORT_ROWS} products at once"),
            ));
        }
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
        let price_v = rupiah(get(Some(price))).ok_or_else(|| bad(line, "price is not a number"))?;
        let cost_v = match get(cost) {
            "" => 0,
            t => rupiah(t).ok_or_else(|| bad(line, "cost is not a number"))?,
        };
        rows.push((
            line,
            ProductInput {
                sku: get(Some(sku)).to_string(),
                name: get(Some(name)).to_string(),
                category: Some(get(category).to_string()).filter(|c| !c.is_empty()),
                unit: Some(get(unit).to_string())
                    .filter(|u| !u.is_empty())
                    .unwrap_or_else(|| "pcs".into()),
                price: price_v,
                cost: cost_v,
                barcodes: get(barcodes)
                    .split([' ', ';', '|'])
                    .map(str::trim)
                    .filter(|b| !b.is_empty())
                    .map(str::to_string)
                    .collect(),
                active: yes(get(active)).unwrap_or(true),
                sold_by_weight: yes(get(weight)).unwrap_or(false),
                track_stock: true,
                min_stock_milli: 0,
            },
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (line, p) in &rows {
        if p.sku.is_empty() {
            return Err(bad(*line, "sku is empty"));
        }
        if !seen.insert(p.sku.as_str()) {
            return Err(bad(*line, format!("sku {} is listed twice", p.sku)));
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_read_and_a_bad_row_names_its_line() {
        let till = "sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight\n\
                    W0001,2000000000015,Indomie Goreng 85g,Mi Instan,pcs,3500,3050,false\n\
                    W0002,,Beras Curah,Sembako,kg,\"14.000\",12500,true\n";
        let rows = read(till).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1.barcodes, vec!["2000000000015"]);
        assert_eq!((rows[1].1.price, rows[1].1.sold_by_weight), (14_000, true));
        let export = "sku,name,category,unit,price,cost,barcodes,active,stock\n\
                      P0001,Teh,,pcs,5000,4000,111 222,no,3.000\n";
        let rows = read(export).unwrap();
        assert_eq!(rows[0].1.barcodes, vec!["111", "222"]);
        assert!(!rows[0].1.active);
        let err = read("sku,name,price\nA,Teh,lima ribu\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(
            read("name,price\nTeh,1\n")
                .unwrap_err()
                .to_string()
                .contains("sku")
        );
        assert!(
            read("sku,name,price\nA,x,1\nA,y,2\n")
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
    }
}
