//! Finding products at the counter: exact barcode/SKU, word-prefix name search ranked by how
//! often each product sells, and category browse.

use rusqlite::{Connection, Row, params};

use crate::catalog::{self, Product};
use crate::error::Result;
use crate::store::DeviceStore;

/// What a scan or a typed query resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The text was a barcode or SKU.
    Exact(Product),
    /// Name matches, best first.
    Matches(Vec<Product>),
}

/// Turns what the cashier typed into an FTS5 query: every word must match the start of some
/// word of the name, in any order. Punctuation is dropped, so no input is a syntax error.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The full records of the ranked rows of a `top(pid, sold_count, name)` CTE, in rank order,
/// with each product's barcodes, in one statement: fetching 20 results used to cost 40 more
/// queries (the product, then its barcodes). Barcodes are joined with the unit separator
/// (U+001F), which a barcode cannot hold (they are printable ASCII, see `catalog`).
const RANKED_PRODUCTS: &str = "
    SELECT p.id, p.sku, p.name, c.name, p.unit, p.price, p.cost, p.sold_by_weight,
           p.track_stock, p.min_stock, p.active,
           (SELECT group_concat(b.code, char(31) ORDER BY b.code) FROM barcodes b
             WHERE b.product_id = p.id)
    FROM top JOIN products p ON p.pid = top.pid
    LEFT JOIN categories c ON c.id = p.category_id
    ORDER BY top.sold_count DESC, top.name, top.pid";

fn ranked_product(r: &Row<'_>) -> rusqlite::Result<Product> {
    let barcodes: Option<String> = r.get(11)?;
    Ok(Product {
        id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        category: r.get(3)?,
        unit: r.get(4)?,
        price: r.get(5)?,
        cost: r.get(6)?,
        sold_by_weight: r.get(7)?,
        track_stock: r.get(8)?,
        min_stock_milli: r.get(9)?,
        active: r.get(10)?,
        barcodes: barcodes
            .map(|b| b.split('\u{1f}').map(String::from).collect())
            .unwrap_or_default(),
    })
}

/// Active products whose name words start with every word of `text`, frequent sellers first
/// (then by name).
pub fn search_names(conn: &Connection, text: &str, limit: usize) -> Result<Vec<Product>> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(&format!(
        "WITH top AS (
             SELECT p.pid, p.sold_count, p.name
             FROM product_search s JOIN products p ON p.pid = s.rowid
             WHERE product_search MATCH ?1 AND p.active AND NOT p.deleted
             ORDER BY p.sold_count DESC, p.name, p.pid LIMIT ?2)
         {RANKED_PRODUCTS}"
    ))?;
    let found = stmt
        .query_map(params![query, limit as i64], ranked_product)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

/// Active products of a category (named case-insensitively), frequent sellers first.
pub fn browse_category(conn: &Connection, category: &str, limit: usize) -> Result<Vec<Product>> {
    // The category's id first, so that the scan of products compares one column instead of
    // joining every product to its category.
    let mut stmt = conn.prepare_cached(&format!(
        "WITH top AS (
             SELECT p.pid, p.sold_count, p.name FROM products p
             WHERE p.category_id = (SELECT id FROM categories WHERE name = ?1) AND p.active
               AND NOT p.deleted
             ORDER BY p.sold_count DESC, p.name, p.pid LIMIT ?2)
         {RANKED_PRODUCTS}"
    ))?;
    let found = stmt
        .query_map(params![category, limit as i64], ranked_product)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

/// A scan or a typed query: an exact barcode/SKU wins, otherwise a name search.
pub fn lookup(conn: &Connection, text: &str, limit: usize) -> Result<Lookup> {
    if let Some(p) = catalog::find_by_code(conn, text)? {
        return Ok(Lookup::Exact(p));
    }
    Ok(Lookup::Matches(search_names(conn, text, limit)?))
}

impl DeviceStore {
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Product>> {
        search_names(&self.conn, text, limit)
    }

    pub fn lookup(&self, text: &str, limit: usize) -> Result<Lookup> {
        lookup(&self.conn, text, limit)
    }

    pub fn browse_category(&self, category: &str, limit: usize) -> Result<Vec<Product>> {
        browse_category(&self.conn, category, limit)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::fts_query;
    use crate::{
        Cart, DeviceStore, Lookup, ManualClock, Product, ProductDraft, SeededIds, ShopSetup,
        ShopTimeZone, Tender,
    };

    #[test]
    fn builds_prefix_queries_and_survives_syntax() {
        assert_eq!(fts_query("kopi sus").as_deref(), Some("\"kopi\"* \"sus\"*"));
        assert_eq!(
            fts_query("\"indo* OR gor(").as_deref(),
            Some("\"indo\"* \"OR\"* \"gor\"*")
        );
        assert_eq!(fts_query("  ,.; "), None);
    }

    fn store(dir: &tempfile::TempDir) -> DeviceStore {
        let clock = Arc::new(ManualClock::new(1_795_748_400_000));
        let mut store =
            DeviceStore::open(dir.path().join("d.db"), clock, Arc::new(SeededIds::new(3))).unwrap();
        store
            .init_shop(&ShopSetup {
                name: "Warung".into(),
                device_code: "A".into(),
                timezone: ShopTimeZone::Wib,
            })
            .unwrap();
        let products = [
            (
                "K1",
                "Kopi Susu ABC",
                "Kopi & Teh",
                vec!["2000000000019", "2000000000102"],
                true,
            ),
            (
                "K2",
                "Kopi Kapal Api",
                "Kopi & Teh",
                vec!["2000000000026"],
                true,
            ),
            ("K3", "Susu Kopi Kapal Api", "Kopi & Teh", vec![], true),
            ("K4", "Kopi Susu Lama", "Kopi & Teh", vec![], false),
            (
                "C1",
                "Café Latte Botol",
                "Minuman",
                vec!["2000000000033"],
                true,
            ),
        ];
        for (sku, name, category, barcodes, active) in products {
            store
                .upsert_product(&ProductDraft {
                    sku: sku.into(),
                    name: name.into(),
                    category: Some(category.into()),
                    unit: "pcs".into(),
                    price: 2_000,
                    cost: 1_500,
                    sold_by_weight: false,
                    track_stock: true,
                    min_stock_milli: 0,
                    active,
                    barcodes: barcodes.into_iter().map(String::from).collect(),
                })
                .unwrap();
        }
        store
    }

    fn sell(store: &mut DeviceStore, sku: &str, times: usize) {
        let p = store.product_by_code(sku).unwrap();
        for _ in 0..times {
            let mut cart = Cart::new();
            cart.add(&p, 1000).unwrap();
            store.checkout(&cart, &[Tender::cash(2_000)], None).unwrap();
        }
    }

    fn skus(found: &[Product]) -> Vec<&str> {
        found.iter().map(|p| p.sku.as_str()).collect()
    }

    #[test]
    fn name_search_ranks_frequent_sellers_first_and_returns_full_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(&dir);
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K2", "K1", "K3"]);
        sell(&mut store, "K3", 2);
        sell(&mut store, "K1", 1);
        let found = store.search("KOP", 10).unwrap();
        assert_eq!(skus(&found), ["K3", "K1", "K2"]);
        for p in &found {
            assert_eq!(p, &store.product_by_code(&p.sku).unwrap());
        }
        assert_eq!(found[1].barcodes, ["2000000000019", "2000000000102"]);
        assert_eq!(found[1].category.as_deref(), Some("Kopi & Teh"));
        // Any word order; the inactive K4 never shows.
        assert_eq!(skus(&store.search("sus kop", 10).unwrap()), ["K3", "K1"]);
        assert_eq!(skus(&store.search("kop", 1).unwrap()), ["K3"]);
        assert_eq!(skus(&store.search("cafe lat", 10).unwrap()), ["C1"]);
        assert!(store.search("teh botol", 10).unwrap().is_empty());
        match store.lookup("2000000000033", 10).unwrap() {
            Lookup::Exact(p) => assert_eq!(p.sku, "C1"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn category_browse_ranks_and_ignores_case() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(&dir);
        sell(&mut store, "K2", 1);
        let found = store.browse_category("kopi & TEH", 10).unwrap();
        assert_eq!(skus(&found), ["K2", "K1", "K3"]);
        for p in &found {
            assert_eq!(p, &store.product_by_code(&p.sku).unwrap());
        }
        assert_eq!(skus(&store.browse_category("Minuman", 10).unwrap()), ["C1"]);
        assert!(store.browse_category("Rokok", 10).unwrap().is_empty());
    }
}
