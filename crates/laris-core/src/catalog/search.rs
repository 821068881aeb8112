//! Finding products at the counter: exact barcode/SKU, word-prefix name search ranked by how
//! often each product sells, and category browse.

use rusqlite::{Connection, OptionalExtension, Row, params};

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

/// The full records of the products whose pids are in the JSON array `?1`, in that order (the
/// writer's ranking, see [`crate::catalog::search_rank`]), in one statement like [`RANKED_PRODUCTS`].
const PRODUCTS_IN_ORDER: &str = "
    WITH top AS (SELECT key AS ord, value AS pid FROM json_each(?1))
    SELECT p.id, p.sku, p.name, c.name, p.unit, p.price, p.cost, p.sold_by_weight,
           p.track_stock, p.min_stock, p.active,
           (SELECT group_concat(b.code, char(31) ORDER BY b.code) FROM barcodes b
             WHERE b.product_id = p.id)
    FROM top JOIN products p ON p.pid = top.pid
    LEFT JOIN categories c ON c.id = p.category_id
    ORDER BY top.ord";

fn products_in_order(conn: &Connection, pids: &[i64]) -> Result<Vec<Product>> {
    if pids.is_empty() {
        return Ok(Vec::new());
    }
    let json = format!(
        "[{}]",
        pids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut stmt = conn.prepare_cached(PRODUCTS_IN_ORDER)?;
    let found = stmt
        .query_map([json], ranked_product)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
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
    /// Like [`search_names`], ranked in memory (FTS5 still decides what matches): the same
    /// results, without joining every match to `products`.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Product>> {
        let Some(query) = fts_query(text) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let matches: Vec<i64> = self
            .conn
            .prepare_cached("SELECT rowid FROM product_search WHERE product_search MATCH ?1")?
            .query_map([query], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match self.rank.borrow_mut().top_of(&self.conn, matches, limit)? {
            Some(pids) => products_in_order(&self.conn, &pids),
            None => search_names(&self.conn, text, limit),
        }
    }

    pub fn lookup(&self, text: &str, limit: usize) -> Result<Lookup> {
        if let Some(p) = catalog::find_by_code(&self.conn, text)? {
            return Ok(Lookup::Exact(p));
        }
        Ok(Lookup::Matches(self.search(text, limit)?))
    }

    /// Like [`browse_category`], ranked in memory.
    pub fn browse_category(&self, category: &str, limit: usize) -> Result<Vec<Product>> {
        let id: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT id FROM categories WHERE name = ?1")?
            .query_row([category], |r| r.get(0))
            .optional()?;
        let Some(id) = id else {
            return Ok(Vec::new());
        };
        match self
            .rank
            .borrow_mut()
            .top_of_category(&self.conn, &id, limit)?
        {
            Some(pids) => products_in_order(&self.conn, &pids),
            None => browse_category(&self.conn, category, limit),
        }
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
        store_seeded(dir, 3)
    }

    fn store_seeded(dir: &tempfile::TempDir, seed: u64) -> DeviceStore {
        let clock = Arc::new(ManualClock::new(1_795_748_400_000));
        let mut store = DeviceStore::open(
            dir.path().join("d.db"),
            clock,
            Arc::new(SeededIds::new(seed)),
        )
        .unwrap();
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

    /// Every query and limit gives what the SQL-only functions (used by readers) give.
    fn assert_same_as_sql(store: &DeviceStore) {
        for text in [
            "k", "kop", "kopi sus", "sus", "api kap", "caf", "x", "lat bot",
        ] {
            for limit in [0, 1, 2, 3, 10] {
                assert_eq!(
                    store.search(text, limit).unwrap(),
                    super::search_names(store.conn(), text, limit).unwrap(),
                    "{text:?} {limit}"
                );
            }
        }
        for category in ["kopi & teh", "MINUMAN", "Rokok"] {
            for limit in [0, 1, 2, 10] {
                assert_eq!(
                    store.browse_category(category, limit).unwrap(),
                    super::browse_category(store.conn(), category, limit).unwrap(),
                    "{category:?} {limit}"
                );
            }
        }
    }

    fn draft(store: &DeviceStore, sku: &str) -> ProductDraft {
        let p = store.product_by_code(sku).unwrap();
        ProductDraft {
            sku: p.sku,
            name: p.name,
            category: p.category,
            unit: p.unit,
            price: p.price,
            cost: p.cost,
            sold_by_weight: p.sold_by_weight,
            track_stock: p.track_stock,
            min_stock_milli: p.min_stock_milli,
            active: p.active,
            barcodes: p.barcodes,
        }
    }

    #[test]
    fn sales_keep_the_rank_fresh_without_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(&dir);
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K2", "K1", "K3"]);
        assert!(store.rank.borrow().is_fresh(store.conn()).unwrap());
        sell(&mut store, "K3", 1);
        // The checkout counted its line in memory: still fresh, and ranked by it.
        assert!(store.rank.borrow().is_fresh(store.conn()).unwrap());
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K3", "K2", "K1"]);
        assert_eq!(
            skus(&store.browse_category("Kopi & Teh", 10).unwrap()),
            ["K3", "K2", "K1"]
        );
        sell(&mut store, "K1", 2);
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K1", "K3", "K2"]);
        assert_same_as_sql(&store);
        // A failed checkout (unknown product, rolled back) leaves nothing wrong behind.
        let mut ghost = store.product_by_code("K2").unwrap();
        ghost.id = uuid::Uuid::from_u128(7);
        let mut cart = Cart::new();
        cart.add(&ghost, 1000).unwrap();
        assert!(store.checkout(&cart, &[Tender::cash(2_000)], None).is_err());
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K1", "K3", "K2"]);
        assert_same_as_sql(&store);
    }

    #[test]
    fn catalog_edits_are_never_served_stale() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(&dir);
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K2", "K1", "K3"]);
        assert_eq!(skus(&store.browse_category("minuman", 10).unwrap()), ["C1"]);

        // Rename: the old words stop matching, the new ones match.
        let mut k2 = draft(&store, "K2");
        k2.name = "Teh Kapal Api".into();
        store.upsert_product(&k2).unwrap();
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K1", "K3"]);
        assert_eq!(skus(&store.search("kap", 10).unwrap()), ["K3", "K2"]);
        assert_same_as_sql(&store);

        // Deactivate, then reactivate.
        let mut k1 = draft(&store, "K1");
        k1.active = false;
        store.upsert_product(&k1).unwrap();
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K3"]);
        assert_eq!(
            skus(&store.browse_category("Kopi & Teh", 10).unwrap()),
            ["K3", "K2"]
        );
        k1.active = true;
        store.upsert_product(&k1).unwrap();
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K1", "K3"]);

        // Move to another category.
        k1.category = Some("Minuman".into());
        store.upsert_product(&k1).unwrap();
        assert_eq!(
            skus(&store.browse_category("minuman", 10).unwrap()),
            ["C1", "K1"]
        );
        assert_same_as_sql(&store);

        // Delete (tombstone): offered nowhere.
        let id = store.product_by_code("K3").unwrap().id;
        let authority = store.owner_authority(None).unwrap();
        assert!(store.delete_product(authority, id).unwrap());
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K1"]);
        assert_eq!(
            skus(&store.browse_category("Kopi & Teh", 10).unwrap()),
            ["K2"]
        );
        assert_same_as_sql(&store);

        // CSV import: a new product, and a rename through the file.
        let csv = "sku,name,category,price_idr\n\
                   K9,Kopi Tubruk,Kopi & Teh,3000\n\
                   C1,Kopi Latte Botol,Minuman,2000\n";
        store.import_catalog_csv(csv.as_bytes()).unwrap();
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["C1", "K1", "K9"]);
        assert!(store.search("caf", 10).unwrap().is_empty());
        assert_same_as_sql(&store);

        // Raw SQL through the public connection is noticed too.
        store
            .conn()
            .execute("UPDATE products SET active = 0 WHERE sku = 'K9'", [])
            .unwrap();
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["C1", "K1"]);
        store
            .conn()
            .execute("UPDATE products SET sold_count = 5 WHERE sku = 'K1'", [])
            .unwrap();
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K1", "C1"]);
        assert_same_as_sql(&store);
    }

    #[test]
    fn another_connections_commit_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K2", "K1", "K3"]);
        // Not the writer lock's way, but a sqlite3 shell could do it.
        let other = rusqlite::Connection::open(dir.path().join("d.db")).unwrap();
        other
            .execute("UPDATE products SET deleted = 1 WHERE sku = 'K2'", [])
            .unwrap();
        drop(other);
        assert_eq!(skus(&store.search("kop", 10).unwrap()), ["K1", "K3"]);
        assert_same_as_sql(&store);
    }

    #[test]
    fn remote_products_and_sales_reach_the_rank() {
        use crate::{OutboxEvent, RemoteChange};
        let dir_a = tempfile::tempdir().unwrap();
        let mut a = store(&dir_a);
        assert_eq!(skus(&a.search("kop", 10).unwrap()), ["K2", "K1", "K3"]);
        // Till B's catalog and sales, as a pulled page: B's own products (other ids, other
        // SKUs), then a sale of one of them twice.
        let dir_b = tempfile::tempdir().unwrap();
        let mut b = store_seeded(&dir_b, 4);
        let mut page: Vec<RemoteChange> = b
            .product_records()
            .unwrap()
            .into_iter()
            .filter(|r| r.values().name == "Kopi Kapal Api")
            .map(|mut r| {
                r.sku.value = "B2".into();
                r.barcodes.value.clear();
                RemoteChange::Product(Box::new(r))
            })
            .collect();
        assert_eq!(page.len(), 1);
        assert_eq!(a.apply_remote(&page, 1).unwrap().products, 1);
        let found = skus(&a.search("kop", 10).unwrap())
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        // Same name as K2: the older pid first.
        assert_eq!(found, ["K2", "B2", "K1", "K3"]);
        assert_same_as_sql(&a);

        sell(&mut b, "K2", 2);
        page = b
            .outbox_events_after(0, 100)
            .unwrap()
            .into_iter()
            .filter_map(|e| match e.event {
                OutboxEvent::Sale(s) => Some(RemoteChange::Sale(s)),
                _ => None,
            })
            .collect();
        assert_eq!(page.len(), 2);
        sell(&mut a, "K1", 1);
        assert_eq!(
            skus(&a.search("kop", 10).unwrap()),
            ["K1", "K2", "B2", "K3"]
        );
        a.apply_remote(&page, 3).unwrap();
        assert_eq!(
            skus(&a.search("kop", 10).unwrap()),
            ["B2", "K1", "K2", "K3"]
        );
        assert_same_as_sql(&a);
    }
}
