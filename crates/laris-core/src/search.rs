//! Finding products at the counter: exact barcode/SKU, word-prefix name search ranked by how
//! often each product sells, and category browse.

use rusqlite::Connection;

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

/// Active products whose name words start with every word of `text`, frequent sellers first.
pub fn search_names(conn: &Connection, text: &str, limit: usize) -> Result<Vec<Product>> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT p.id FROM product_search s JOIN products p ON p.pid = s.rowid
         WHERE product_search MATCH ?1 AND p.active
         ORDER BY p.sold_count DESC, p.name LIMIT ?2",
    )?;
    let ids: Vec<uuid::Uuid> = stmt
        .query_map(rusqlite::params![query, limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    products_in_order(conn, ids)
}

/// Active products of a category, frequent sellers first.
pub fn browse_category(conn: &Connection, category: &str, limit: usize) -> Result<Vec<Product>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id
         WHERE c.name = ?1 AND p.active ORDER BY p.sold_count DESC, p.name LIMIT ?2",
    )?;
    let ids: Vec<uuid::Uuid> = stmt
        .query_map(rusqlite::params![category, limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    products_in_order(conn, ids)
}

fn products_in_order(conn: &Connection, ids: Vec<uuid::Uuid>) -> Result<Vec<Product>> {
    ids.into_iter()
        .filter_map(|id| catalog::product_by_id(conn, id).transpose())
        .collect()
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
    use super::fts_query;

    #[test]
    fn builds_prefix_queries_and_survives_syntax() {
        assert_eq!(fts_query("kopi sus").as_deref(), Some("\"kopi\"* \"sus\"*"));
        assert_eq!(
            fts_query("\"indo* OR gor(").as_deref(),
            Some("\"indo\"* \"OR\"* \"gor\"*")
        );
        assert_eq!(fts_query("  ,.; "), None);
    }
}
