//! Finding products at the counter, on the shared catalog: word-prefix name search that ignores
//! case and accents and ranks frequent sellers first, and exact barcode/SKU lookup.

mod common;

use laris_core::{Cart, Lookup, Product, ProductDraft, Tender};

use common::shop;

fn names(found: &[Product]) -> Vec<String> {
    found.iter().map(|p| p.name.clone()).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort_unstable();
    v
}

fn sell(shop: &mut common::Shop, code: &str, times: usize) {
    let p = shop.store.product_by_code(code).unwrap();
    for _ in 0..times {
        let mut cart = Cart::new();
        cart.add(&p, 1000).unwrap();
        shop.store
            .checkout(&cart, &[Tender::cash(1_000_000)], None)
            .unwrap();
    }
}

#[test]
fn word_prefixes_match_in_any_order() {
    let shop = shop();
    // The catalog's two coffees with milk; not "Kopi Kapal Api", not "Susu Bear Brand".
    let want = ["Kopi ABC Susu Sachet", "Kopi Torabika Jahe Susu Sachet"];
    assert_eq!(
        sorted(names(&shop.store.search("kopi sus", 20).unwrap())),
        want
    );
    assert_eq!(
        sorted(names(&shop.store.search("susu kop", 20).unwrap())),
        want
    );

    let found = shop.store.search("indo gor", 20).unwrap();
    assert_eq!(
        sorted(names(&found)),
        ["Indomie Goreng (dus 40)", "Indomie Goreng 85g"]
    );
    // A prefix must start a word: "omie" is inside "Indomie", not at its start.
    assert!(shop.store.search("omie", 20).unwrap().is_empty());
    assert!(shop.store.search("kopi teh xyz", 20).unwrap().is_empty());
}

#[test]
fn search_ignores_case_and_accents() {
    let shop = shop();
    let indomie = sorted(names(&shop.store.search("indomie", 20).unwrap()));
    assert_eq!(indomie.len(), 4, "{indomie:?}");
    assert_eq!(
        sorted(names(&shop.store.search("INDOMIE", 20).unwrap())),
        indomie
    );
    assert_eq!(
        sorted(names(&shop.store.search("InDoMiE GOR", 20).unwrap())).len(),
        2
    );

    let kopi = sorted(names(&shop.store.search("kopi", 20).unwrap()));
    assert!(kopi.len() >= 7, "{kopi:?}");
    assert_eq!(sorted(names(&shop.store.search("kópi", 20).unwrap())), kopi);
    assert_eq!(sorted(names(&shop.store.search("KÓPÌ", 20).unwrap())), kopi);
    assert_eq!(
        sorted(names(&shop.store.search("kópi sùsu", 20).unwrap())),
        ["Kopi ABC Susu Sachet", "Kopi Torabika Jahe Susu Sachet"]
    );
}

#[test]
fn anything_typed_is_a_query_never_a_syntax_error() {
    let shop = shop();
    for text in [
        "",
        "   ",
        ",.;",
        "\"",
        "indo*",
        "\"indo* OR gor(",
        "NOT",
        "a AND",
        "-",
        "^kopi",
    ] {
        shop.store
            .search(text, 10)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
    assert!(shop.store.search("  ,.; ", 10).unwrap().is_empty());
    assert_eq!(shop.store.search("indo* gor(", 10).unwrap().len(), 2);
}

#[test]
fn frequent_sellers_rank_first() {
    let mut shop = shop();
    let before = shop.store.search("kopi sus", 10).unwrap();
    assert_eq!(
        before[0].name, "Kopi ABC Susu Sachet",
        "by name while nothing sold"
    );
    sell(&mut shop, "W0047", 3); // Kopi Torabika Jahe Susu Sachet
    sell(&mut shop, "W0046", 1); // Kopi ABC Susu Sachet
    assert_eq!(
        names(&shop.store.search("kopi sus", 10).unwrap()),
        ["Kopi Torabika Jahe Susu Sachet", "Kopi ABC Susu Sachet"]
    );

    let first = |shop: &common::Shop| shop.store.search("indo gor", 10).unwrap()[0].name.clone();
    sell(&mut shop, "2000000000015", 2); // Indomie Goreng 85g
    assert_eq!(first(&shop), "Indomie Goreng 85g");
    sell(&mut shop, "W0008", 3); // the box of 40
    assert_eq!(first(&shop), "Indomie Goreng (dus 40)");
    // The limit cuts the tail, not the best.
    assert_eq!(
        names(&shop.store.search("indo", 1).unwrap()),
        ["Indomie Goreng (dus 40)"]
    );
}

#[test]
fn barcode_and_sku_look_up_exactly() {
    let shop = shop();
    let by_barcode = shop.store.product_by_code("2000000000015").unwrap();
    assert_eq!(by_barcode.sku, "W0001");
    assert_eq!(shop.store.product_by_code("W0001").unwrap(), by_barcode);
    // A scanner types the digits and Enter.
    assert_eq!(
        shop.store.product_by_code(" 2000000000015\r\n").unwrap(),
        by_barcode
    );
    match shop.store.lookup("2000000000015", 10).unwrap() {
        Lookup::Exact(p) => assert_eq!(p, by_barcode),
        other => panic!("{other:?}"),
    }
    // Only whole codes match.
    for near in ["200000000001", "20000000000150", "w0001", "W000"] {
        let err = shop.store.product_by_code(near).unwrap_err();
        assert_eq!(err.code(), "unknown_product", "{near}");
        assert_eq!(shop.store.find_by_code(near).unwrap(), None, "{near}");
    }
    match shop.store.lookup("9999999999999", 10).unwrap() {
        Lookup::Matches(found) => assert!(found.is_empty()),
        other => panic!("{other:?}"),
    }
    match shop.store.lookup("indo gor", 10).unwrap() {
        Lookup::Matches(found) => assert_eq!(found.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_renamed_product_is_found_by_its_new_name_and_an_inactive_one_is_not_offered() {
    let mut shop = shop();
    let p = shop.store.product_by_code("W0046").unwrap();
    let draft = |name: &str, active: bool| ProductDraft {
        sku: p.sku.clone(),
        name: name.into(),
        category: p.category.clone(),
        unit: p.unit.clone(),
        price: p.price,
        cost: p.cost,
        sold_by_weight: p.sold_by_weight,
        track_stock: p.track_stock,
        min_stock_milli: p.min_stock_milli,
        active,
        barcodes: p.barcodes.clone(),
    };
    shop.store
        .upsert_product(&draft("Kapal Api Mocha Sachet", true))
        .unwrap();
    assert_eq!(
        names(&shop.store.search("kopi sus", 10).unwrap()),
        ["Kopi Torabika Jahe Susu Sachet"]
    );
    assert_eq!(
        names(&shop.store.search("mocha", 10).unwrap()),
        ["Kapal Api Mocha Sachet"]
    );

    shop.store
        .upsert_product(&draft("Kapal Api Mocha Sachet", false))
        .unwrap();
    assert!(shop.store.search("mocha", 10).unwrap().is_empty());
    // The scanner still knows it, but the cart refuses it.
    let inactive = shop.store.product_by_code("2000000000466").unwrap();
    assert!(!inactive.active);
    assert_eq!(
        Cart::new().add(&inactive, 1000).unwrap_err().code(),
        "invalid_input"
    );
}
