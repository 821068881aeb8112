//! Catalog CSV import and export at the boundary: the shared catalog as shipped, re-imports,
//! rejected files (with the line and column a shopkeeper needs to fix them) that change
//! nothing, and the export → import round trip.

mod common;

use laris_core::{CoreError, DeviceStore, ImportError, ImportSummary, ProductDraft, ShopTimeZone};

use common::{catalog_text, count, empty_shop, shop};

fn summary(created: usize, updated: usize, unchanged: usize) -> ImportSummary {
    ImportSummary {
        created,
        updated,
        unchanged,
        opening_stock: 0,
    }
}

/// The catalog's lines (without line ends); index 0 is the header, i.e. file line 1.
fn catalog_lines() -> Vec<String> {
    catalog_text().lines().map(String::from).collect()
}

/// Replaces the row of `sku` with `row` and returns the file text and that row's file line.
fn with_row(sku: &str, row: &str) -> (String, u64) {
    let mut lines = catalog_lines();
    let i = lines
        .iter()
        .position(|l| l.starts_with(&format!("{sku},")))
        .unwrap();
    lines[i] = row.to_string();
    (lines.join("\r\n") + "\r\n", i as u64 + 1)
}

fn export(store: &DeviceStore) -> String {
    let mut out = Vec::new();
    store.export_catalog_csv(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Everything an import could touch, to prove a rejected one touched nothing.
fn snapshot(store: &DeviceStore) -> (String, [i64; 3]) {
    let c = store.conn();
    (
        export(store),
        [
            count(c, "products"),
            count(c, "barcodes"),
            count(c, "categories"),
        ],
    )
}

fn rejected(store: &mut DeviceStore, csv: &str) -> ImportError {
    match store.import_catalog_csv(csv.as_bytes()) {
        Err(CoreError::Import(e)) => {
            assert_eq!(CoreError::Import(e.clone()).code(), "import_rejected");
            e
        }
        other => panic!("expected the import to be rejected, got {other:?}"),
    }
}

#[test]
fn the_shared_catalog_imports_as_is() {
    let mut shop = empty_shop(ShopTimeZone::Wib);
    let got = shop
        .store
        .import_catalog_csv(catalog_text().as_bytes())
        .unwrap();
    assert_eq!(got, summary(125, 0, 0));
    let products = shop.store.products().unwrap();
    assert_eq!(products.len(), 125);
    assert!(products.iter().all(|p| p.active && p.track_stock));
    assert_eq!(products.iter().filter(|p| p.sold_by_weight).count(), 9);
    assert_eq!(count(shop.store.conn(), "barcodes"), 125);

    let indomie = shop.store.product_by_code("W0001").unwrap();
    assert_eq!(
        (
            indomie.name.as_str(),
            indomie.category.as_deref(),
            indomie.unit.as_str(),
            indomie.price,
            indomie.cost,
            indomie.sold_by_weight,
        ),
        (
            "Indomie Goreng 85g",
            Some("Mi Instan"),
            "pcs",
            3_500,
            3_050,
            false
        )
    );
    assert_eq!(indomie.barcodes, ["2000000000015"]);
    // The one quoted name keeps its comma.
    let gas = shop.store.product_by_code("2000000000817").unwrap();
    assert_eq!(gas.name, "Gas Bright 5,5kg (isi ulang)");
    let teri = shop.store.product_by_code("W0107").unwrap();
    assert_eq!((teri.unit.as_str(), teri.sold_by_weight), ("ons", true));
}

#[test]
fn reimporting_changes_nothing_and_a_changed_row_updates_only_that_product() {
    let mut shop = shop();
    let again = shop
        .store
        .import_catalog_csv(catalog_text().as_bytes())
        .unwrap();
    assert_eq!(again, summary(0, 0, 125));

    let (csv, _) = with_row(
        "W0001",
        "W0001,2000000000015,Indomie Goreng 85g,Mi Instan,pcs,3700,3100,false",
    );
    let got = shop.store.import_catalog_csv(csv.as_bytes()).unwrap();
    assert_eq!(got, summary(0, 1, 124));
    let indomie = shop.store.product_by_code("2000000000015").unwrap();
    assert_eq!((indomie.price, indomie.cost), (3_700, 3_100));

    // A new barcode alone is a change too; a new row creates a product. (This file still has
    // W0001 at its new price, so only W0002 changes.)
    let mut csv = csv.replace("W0002,2000000000022,", "W0002,2000000000022|8998866200301,");
    csv.push_str("W0200,2000000002002,Kerupuk Udang,Camilan,pcs,1000,700,false\r\n");
    let got = shop.store.import_catalog_csv(csv.as_bytes()).unwrap();
    assert_eq!(got, summary(1, 1, 124));
    assert_eq!(
        shop.store.product_by_code("8998866200301").unwrap().sku,
        "W0002"
    );
    assert_eq!(
        shop.store.product_by_code("W0200").unwrap().name,
        "Kerupuk Udang"
    );
}

/// A file that first changes a price and adds a product, then has a bad row: the error names
/// the bad row's line and column, and neither the price change nor the new product is applied.
#[test]
fn a_bad_row_rejects_the_whole_file_with_its_line_and_column() {
    let mut shop = shop();
    let before = snapshot(&shop.store);
    let good_head = "sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight\n\
         W0001,2000000000015,Indomie Goreng 85g,Mi Instan,pcs,9999,3050,false\n\
         W0300,2000000003009,Produk Baru,Camilan,pcs,1000,800,false\n";
    let cases: &[(&str, &str, u64, &str)] = &[
        (
            "price that is not a number",
            "W0004,2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,35OO,3000,false",
            4,
            "price_idr",
        ),
        (
            "negative price",
            "W0004,2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,-3500,3000,false",
            4,
            "price_idr",
        ),
        (
            "absurd price",
            "W0004,2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,1000000000000,3000,false",
            4,
            "price_idr",
        ),
        (
            "fractional rupiah",
            "W0004,2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,3500.5,3000,false",
            4,
            "price_idr",
        ),
        (
            "empty price",
            "W0004,2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,,3000,false",
            4,
            "price_idr",
        ),
        (
            "bad cost",
            "W0004,2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,3500,murah,false",
            4,
            "cost_idr",
        ),
        (
            "empty name",
            "W0004,2000000000046,,Mi Instan,pcs,3500,3000,false",
            4,
            "name",
        ),
        (
            "blank name",
            "W0004,2000000000046,   ,Mi Instan,pcs,3500,3000,false",
            4,
            "name",
        ),
        (
            "empty sku",
            ",2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,3500,3000,false",
            4,
            "sku",
        ),
        (
            "sku with a space",
            "W 0004,2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,3500,3000,false",
            4,
            "sku",
        ),
        (
            "duplicate sku in the file",
            "W0001,2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,3500,3000,false",
            4,
            "sku",
        ),
        (
            "barcode twice in the file",
            "W0004,2000000003009,Mie Sedaap Goreng 90g,Mi Instan,pcs,3500,3000,false",
            4,
            "barcode",
        ),
        (
            // 2000000000022 belongs to W0002, which this file does not mention.
            "barcode of another product in the database",
            "W0004,2000000000022,Mie Sedaap Goreng 90g,Mi Instan,pcs,3500,3000,false",
            4,
            "barcode",
        ),
        (
            "weight flag that is not a boolean",
            "W0004,2000000000046,Mie Sedaap Goreng 90g,Mi Instan,pcs,3500,3000,kadang",
            4,
            "sold_by_weight",
        ),
    ];
    for (what, row, line, column) in cases {
        let csv = format!("{good_head}{row}\n");
        let e = rejected(&mut shop.store, &csv);
        assert_eq!(
            (e.line, e.column.as_deref()),
            (*line, Some(*column)),
            "{what}: {e}"
        );
        assert_eq!(
            snapshot(&shop.store),
            before,
            "{what}: the import was applied"
        );
    }
}

/// The shared catalog itself has CRLF line ends (as Excel writes them): a shopkeeper told
/// "line 51" must find the bad row on line 51 of the file, whatever the line ends, and after
/// blank lines too.
#[test]
fn the_reported_line_is_the_file_line_with_crlf_line_ends_and_after_blank_lines() {
    let mut shop = shop();
    let before = snapshot(&shop.store);
    let (csv, line) = with_row(
        "W0050",
        "W0050,2000000000503,Teh Celup Sariwangi (25),Kopi & Teh,pcs,delapan ribu,6800,false",
    );
    assert_eq!(line, 51);
    let head = "sku,name,price_idr";
    let mut wrong = Vec::new();
    for (what, csv, line) in [
        ("the shared catalog, row W0050", csv, 51),
        ("LF", format!("{head}\nW1,Satu,1\nW2,Dua,x\n"), 3),
        ("CRLF", format!("{head}\r\nW1,Satu,1\r\nW2,Dua,x\r\n"), 3),
        ("CRLF, first row", format!("{head}\r\nW2,Dua,x\r\n"), 2),
        (
            "LF after a blank line",
            format!("{head}\nW1,Satu,1\n\nW2,Dua,x\n"),
            4,
        ),
    ] {
        let e = rejected(&mut shop.store, &csv);
        assert_eq!(e.column.as_deref(), Some("price_idr"), "{what}: {e}");
        if e.line != line {
            wrong.push(format!("{what}: want line {line}, got \"{e}\""));
        }
    }
    assert_eq!(snapshot(&shop.store), before);
    assert!(wrong.is_empty(), "wrong lines:\n{}", wrong.join("\n"));
}

#[test]
fn a_missing_required_column_is_reported_on_the_header() {
    let mut shop = shop();
    let before = snapshot(&shop.store);
    for (column, header) in [
        (
            "sku",
            "kode,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight",
        ),
        (
            "name",
            "sku,barcode,nama,category,unit,price_idr,cost_idr,sold_by_weight",
        ),
        (
            "price_idr",
            "sku,barcode,name,category,unit,harga,cost_idr,sold_by_weight",
        ),
    ] {
        let mut lines = catalog_lines();
        lines[0] = header.into();
        let e = rejected(&mut shop.store, &lines.join("\r\n"));
        assert_eq!((e.line, e.column.as_deref()), (1, Some(column)), "{e}");
        assert_eq!(snapshot(&shop.store), before);
    }
}

#[test]
fn the_line_is_the_file_line_even_after_a_quoted_multiline_name() {
    let mut shop = shop();
    let before = snapshot(&shop.store);
    // Line 2 holds a quoted name that spans two lines, so the bad row is on line 4, not 3.
    let csv = "sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight\n\
               W0301,,\"Paket Hemat\nIsi 3\",Camilan,pcs,5000,4000,false\n\
               W0302,,Kacang,Camilan,pcs,harga,4000,false\n";
    let e = rejected(&mut shop.store, csv);
    assert_eq!((e.line, e.column.as_deref()), (4, Some("price_idr")), "{e}");
    // A row with too many fields is reported on its own line too.
    let csv = "sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight\n\
               W0301,,Kacang,Camilan,pcs,5000,4000,false\n\
               W0302,,Kacang,Camilan,pcs,5000,4000,false,extra\n";
    let e = rejected(&mut shop.store, csv);
    assert_eq!(e.line, 3, "{e}");
    assert_eq!(snapshot(&shop.store), before);
}

#[test]
fn a_byte_order_mark_and_blank_lines_are_tolerated() {
    let mut shop = empty_shop(ShopTimeZone::Wib);
    let csv = format!("\u{feff}{}\r\n\r\n", catalog_text().trim_end());
    let got = shop.store.import_catalog_csv(csv.as_bytes()).unwrap();
    assert_eq!(got, summary(125, 0, 0));
}

#[test]
fn export_then_import_round_trips_unchanged() {
    let mut shop = shop();
    // Give the export every optional column something to carry.
    let mut p = shop.store.product_by_code("W0010").unwrap();
    p.barcodes.push("BERAS-5KG".into());
    for (sku, min_stock_milli, active, track_stock, barcodes) in [
        ("W0010", 12_500, true, true, p.barcodes.clone()),
        ("W0124", 0, true, false, vec!["2000000001241".into()]),
        ("W0051", 1_500, false, true, vec![]),
    ] {
        let p = shop.store.product_by_code(sku).unwrap();
        shop.store
            .upsert_product(&ProductDraft {
                sku: p.sku,
                name: p.name,
                category: p.category,
                unit: p.unit,
                price: p.price,
                cost: p.cost,
                sold_by_weight: p.sold_by_weight,
                track_stock,
                min_stock_milli,
                active,
                barcodes,
            })
            .unwrap();
    }
    let products = shop.store.products().unwrap();
    let exported = export(&shop.store);

    let again = shop.store.import_catalog_csv(exported.as_bytes()).unwrap();
    assert_eq!(again, summary(0, 0, 125));
    assert_eq!(export(&shop.store), exported);

    // Into a fresh shop: the same catalog field by field (ids aside), the same export.
    let mut fresh = empty_shop(ShopTimeZone::Wit);
    let got = fresh.store.import_catalog_csv(exported.as_bytes()).unwrap();
    assert_eq!(got, summary(125, 0, 0));
    let strip = |mut ps: Vec<laris_core::Product>| {
        for p in &mut ps {
            p.id = uuid::Uuid::nil();
        }
        ps
    };
    assert_eq!(strip(fresh.store.products().unwrap()), strip(products));
    assert_eq!(export(&fresh.store), exported);
}

/// Moving a barcode from one product to another in one file (a mislabelled shelf corrected)
/// is not a conflict: after the import each barcode still names exactly one product.
#[test]
fn a_barcode_moved_between_products_in_one_file_is_accepted() {
    let mut shop = shop();
    let csv = "sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight\n\
               W0001,2000000000022,Indomie Goreng 85g,Mi Instan,pcs,3500,3050,false\n\
               W0002,2000000000015,Indomie Soto Mie 70g,Mi Instan,pcs,3300,2900,false\n";
    let got = shop.store.import_catalog_csv(csv.as_bytes());
    assert_eq!(
        got.as_ref().map_err(|e| e.to_string()),
        Ok(&summary(0, 2, 0)),
        "swapping two barcodes"
    );
    assert_eq!(
        shop.store.product_by_code("2000000000022").unwrap().sku,
        "W0001"
    );
    assert_eq!(
        shop.store.product_by_code("2000000000015").unwrap().sku,
        "W0002"
    );
}
