//! Deterministic catalogs for the benchmarks: in-store EAN-13 barcodes, and the 50,000-product
//! search catalog (the real warung products plus brand × product × size variants) as one CSV
//! in memory, in the columns of `catalog-warung.csv`.

use crate::BenchResult;
use crate::data::CatalogRow;

/// Made-up brand words put in front of the real product names (40 of them).
const BRANDS: &str = "Sinar Maju Jaya Berkah Sumber Mekar Cahaya Bintang Mulia Sentosa Abadi Makmur \
    Lestari Sejahtera Harapan Rejeki Barokah Utama Prima Indah Mentari Pelangi Nusantara Merapi \
    Rinjani Bahari Samudra Kencana Permata Mutiara Melati Kenanga Cempaka Anggrek Teratai Delima \
    Kartika Purnama Fajar Senja";

/// Size words put after the name, with their price factor in percent.
const SIZES: [(&str, i64); 10] = [
    ("Mini", 50),
    ("Kecil", 75),
    ("Sedang", 100),
    ("Besar", 150),
    ("Jumbo", 200),
    ("Hemat", 90),
    ("Ekonomis", 80),
    ("Family", 250),
    ("Refill", 85),
    ("Pack 3", 300),
];

/// An EAN-13 in the in-store range: a 3-digit prefix (200..=299), `n` in 9 digits, and the
/// check digit.
pub fn ean13(prefix: u16, n: u64) -> String {
    let body = format!("{prefix:03}{:09}", n % 1_000_000_000);
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// A product of the generated catalog, as the query generator needs it.
#[derive(Debug, Clone)]
pub struct GenProduct {
    pub sku: String,
    pub barcode: String,
    pub name: String,
    pub category: String,
    /// Whether this is one of the real warung products (the rest are variants).
    pub real: bool,
}

/// The real products followed by variants, `total` in all, and the catalog CSV of them all.
pub fn search_catalog(
    real: &[CatalogRow],
    total: usize,
) -> BenchResult<(Vec<GenProduct>, Vec<u8>)> {
    let mut products = Vec::with_capacity(total);
    let mut w = csv::Writer::from_writer(Vec::with_capacity(total * 100));
    w.write_record([
        "sku",
        "barcode",
        "name",
        "category",
        "unit",
        "price_idr",
        "cost_idr",
        "sold_by_weight",
    ])?;
    let mut write = |p: GenProduct, row: &CatalogRow, factor: i64| -> BenchResult<()> {
        let scale = |x: i64| ((x * factor / 100 + 50) / 100 * 100).max(100);
        w.write_record([
            p.sku.as_str(),
            &p.barcode,
            &p.name,
            &p.category,
            &row.unit,
            &scale(row.price_idr).to_string(),
            &scale(row.cost_idr).min(scale(row.price_idr)).to_string(),
            &row.sold_by_weight.to_string(),
        ])?;
        products.push(p);
        Ok(())
    };
    for row in real.iter().take(total) {
        let p = GenProduct {
            sku: row.sku.clone(),
            barcode: row.barcode.clone(),
            name: row.name.clone(),
            category: row.category.clone(),
            real: true,
        };
        write(p, row, 100)?;
    }
    let brands: Vec<&str> = BRANDS.split_whitespace().collect();
    let variants = total.saturating_sub(real.len());
    let per_brand = SIZES.len() * real.len();
    if real.is_empty() || variants > brands.len() * per_brand {
        return Err(format!("cannot make {variants} variants of {} products", real.len()).into());
    }
    for v in 0..variants {
        let brand = brands[v / per_brand];
        let (size, factor) = SIZES[v % per_brand / real.len()];
        let row = &real[v % real.len()];
        let p = GenProduct {
            sku: format!("V{:05}", v + 1),
            barcode: ean13(210, v as u64 + 1),
            name: format!("{brand} {} {size}", row.name),
            category: row.category.clone(),
            real: false,
        };
        write(p, row, factor)?;
    }
    let csv = w.into_inner().map_err(|e| e.to_string())?;
    Ok((products, csv))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ean13_check_digits() {
        // The first products of catalog-warung.csv.
        assert_eq!(ean13(200, 1), "2000000000015");
        assert_eq!(ean13(200, 2), "2000000000022");
        assert_eq!(ean13(200, 3), "2000000000039");
    }

    #[test]
    fn variants_are_unique() {
        let real: Vec<CatalogRow> = (0..3)
            .map(|i| CatalogRow {
                sku: format!("W{i}"),
                barcode: ean13(200, i),
                name: format!("Produk {i}"),
                category: "Lain".into(),
                unit: "pcs".into(),
                price_idr: 1000,
                cost_idr: 900,
                sold_by_weight: false,
            })
            .collect();
        let (products, csv) = search_catalog(&real, 500).unwrap();
        assert_eq!(products.len(), 500);
        let mut names: Vec<&str> = products.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 500);
        assert_eq!(csv.iter().filter(|&&b| b == b'\n').count(), 501);
    }
}
