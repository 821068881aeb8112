//! The writer's in-memory ranking of products for search and category browse.
//!
//! Ranking every FTS5 match by joining it to `products` and sorting on `sold_count` costs
//! about 0.3 µs per matching product, and broad queries ("s", "sachet") match tens of
//! thousands. [`SearchRank`] keeps, per product, what the ranking needs (visible or not, sold
//! count, category, place in name order); FTS5 still decides what matches.
//!
//! Freshness: the rank is stamped with the connection's `total_changes()` (every row this
//! connection inserts, updates or deletes, in any table, committed or not) and the database's
//! `PRAGMA data_version` (moves when another connection commits). A rank whose stamp differs
//! from now is never used: it is rebuilt, lazily, by the next search. A checkout that started
//! on a fresh rank bumps the sold counts it wrote in memory and restamps, so selling does not
//! cost a rebuild; every other write (catalog edit, CSV import, delete, remote apply, sync
//! bookkeeping, raw SQL through `DeviceStore::conn`) just makes the rank stale.

use std::collections::HashMap;

use rusqlite::Connection;
use uuid::Uuid;

use crate::error::Result;

/// pid ranges wider than this many slots per product (plus slack) are not kept in a dense
/// vector; search then falls back to SQL.
const MAX_SLOTS_PER_PRODUCT: i64 = 8;
const SLOT_SLACK: i64 = 65_536;
const NO_CATEGORY: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Entry {
    present: bool,
    /// Active and not deleted.
    visible: bool,
    sold_count: i64,
    /// Place in `ORDER BY name, pid`.
    name_ord: u32,
    category: u32,
}

const ABSENT: Entry = Entry {
    present: false,
    visible: false,
    sold_count: 0,
    name_ord: 0,
    category: NO_CATEGORY,
};

struct Built {
    stamp: (u64, i64),
    /// Indexed by pid.
    entries: Vec<Entry>,
    /// Product id → pid, for the sales a checkout counts.
    pids: HashMap<Uuid, u32>,
    categories: HashMap<Vec<u8>, u32>,
}

/// Sort key: frequent sellers first, then name, then pid (`name_ord` orders both).
type Key = (std::cmp::Reverse<i64>, u32, i64);

#[derive(Default)]
pub(crate) struct SearchRank {
    built: Option<Built>,
    /// The last build found the pids too sparse to index; retried when the stamp moves.
    unusable_at: Option<(u64, i64)>,
}

impl std::fmt::Debug for SearchRank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchRank")
            .field("products", &self.built.as_ref().map(|b| b.entries.len()))
            .field("stamp", &self.built.as_ref().map(|b| b.stamp))
            .finish()
    }
}

fn stamp(conn: &Connection) -> Result<(u64, i64)> {
    let version: i64 = conn
        .prepare_cached("PRAGMA data_version")?
        .query_row([], |r| r.get(0))?;
    Ok((conn.total_changes(), version))
}

impl SearchRank {
    /// Forgets the rank; the next search rebuilds it.
    pub(crate) fn invalidate(&mut self) {
        self.built = None;
    }

    /// True if the rank is built and nothing was written since.
    pub(crate) fn is_fresh(&self, conn: &Connection) -> Result<bool> {
        match &self.built {
            Some(b) => Ok(b.stamp == stamp(conn)?),
            None => Ok(false),
        }
    }

    /// After a committed checkout that began on a fresh rank (`was_fresh`): counts one more
    /// sale line for each product of `ids` (one per line) and restamps. Otherwise (or if anything is off) forgets
    /// the rank. Never fails: the sale is already durable.
    pub(crate) fn sold(
        &mut self,
        conn: &Connection,
        was_fresh: bool,
        ids: impl IntoIterator<Item = Uuid>,
    ) {
        let kept = was_fresh && self.count_sold(conn, ids).is_some();
        if !kept {
            self.built = None;
        }
    }

    fn count_sold(&mut self, conn: &Connection, ids: impl IntoIterator<Item = Uuid>) -> Option<()> {
        let b = self.built.as_mut()?;
        for id in ids {
            let pid = *b.pids.get(&id)?;
            let e = b.entries.get_mut(pid as usize)?;
            if !e.present {
                return None;
            }
            e.sold_count += 1;
        }
        b.stamp = stamp(conn).ok()?;
        Some(())
    }

    /// The built rank, rebuilt first if stale; `None` if the pids cannot be indexed densely.
    fn current(&mut self, conn: &Connection) -> Result<Option<&Built>> {
        let now = stamp(conn)?;
        if self.built.as_ref().is_some_and(|b| b.stamp == now) {
            return Ok(self.built.as_ref());
        }
        self.built = None;
        if self.unusable_at == Some(now) {
            return Ok(None);
        }
        self.built = build(conn, now)?;
        self.unusable_at = self.built.is_none().then_some(now);
        Ok(self.built.as_ref())
    }

    /// The pids of the best `limit` visible products among `matches` (FTS rowids), best first.
    /// `None` if the rank cannot be used (the caller falls back to SQL).
    pub(crate) fn top_of(
        &mut self,
        conn: &Connection,
        matches: impl IntoIterator<Item = i64>,
        limit: usize,
    ) -> Result<Option<Vec<i64>>> {
        let Some(b) = self.current(conn)? else {
            return Ok(None);
        };
        let keys = matches.into_iter().filter_map(|pid| {
            let e = b.entries.get(usize::try_from(pid).ok()?)?;
            e.visible
                .then_some((std::cmp::Reverse(e.sold_count), e.name_ord, pid))
        });
        Ok(Some(top(keys, limit)))
    }

    /// The pids of the best `limit` visible products of the category with this id, best first.
    pub(crate) fn top_of_category(
        &mut self,
        conn: &Connection,
        category_id: &[u8],
        limit: usize,
    ) -> Result<Option<Vec<i64>>> {
        let Some(b) = self.current(conn)? else {
            return Ok(None);
        };
        let Some(&cat) = b.categories.get(category_id) else {
            return Ok(Some(Vec::new()));
        };
        let keys = b.entries.iter().enumerate().filter_map(|(pid, e)| {
            (e.visible && e.category == cat).then_some((
                std::cmp::Reverse(e.sold_count),
                e.name_ord,
                pid as i64,
            ))
        });
        Ok(Some(top(keys, limit)))
    }
}

fn top(keys: impl Iterator<Item = Key>, limit: usize) -> Vec<i64> {
    if limit == 0 {
        return Vec::new();
    }
    let mut keys: Vec<Key> = keys.collect();
    if keys.len() > limit {
        keys.select_nth_unstable(limit - 1);
        keys.truncate(limit);
    }
    keys.sort_unstable();
    keys.into_iter().map(|(_, _, pid)| pid).collect()
}

fn build(conn: &Connection, stamp: (u64, i64)) -> Result<Option<Built>> {
    let (count, max_pid): (i64, i64) = conn.query_row(
        "SELECT count(*), COALESCE(max(pid), 0) FROM products",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let min_pid: i64 = conn.query_row("SELECT COALESCE(min(pid), 0) FROM products", [], |r| {
        r.get(0)
    })?;
    if min_pid < 0 || max_pid > count * MAX_SLOTS_PER_PRODUCT + SLOT_SLACK {
        return Ok(None);
    }
    let mut entries = vec![ABSENT; max_pid as usize + 1];
    let mut categories: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut pids: HashMap<Uuid, u32> = HashMap::with_capacity(count as usize);
    // `name` has the BINARY collation: this is the order the SQL search sorts by.
    let mut stmt = conn.prepare(
        "SELECT pid, active AND NOT deleted, sold_count, category_id, id FROM products
         ORDER BY name, pid",
    )?;
    let mut rows = stmt.query([])?;
    let mut ord: u32 = 0;
    while let Some(r) = rows.next()? {
        let pid: i64 = r.get(0)?;
        let category = match r.get::<_, Option<Vec<u8>>>(3)?.as_deref() {
            Some(id) => {
                let next = categories.len() as u32;
                *categories.entry(id.to_vec()).or_insert(next)
            }
            None => NO_CATEGORY,
        };
        pids.insert(r.get(4)?, pid as u32);
        entries[pid as usize] = Entry {
            present: true,
            visible: r.get(1)?,
            sold_count: r.get(2)?,
            name_ord: ord,
            category,
        };
        ord += 1;
    }
    Ok(Some(Built {
        stamp,
        entries,
        pids,
        categories,
    }))
}

#[cfg(test)]
mod tests {
    use super::top;
    use std::cmp::Reverse;

    #[test]
    fn top_selects_and_orders_the_best() {
        let keys = vec![
            (Reverse(1), 5, 50),
            (Reverse(9), 7, 70),
            (Reverse(1), 2, 20),
            (Reverse(0), 1, 10),
            (Reverse(9), 3, 30),
        ];
        assert_eq!(top(keys.clone().into_iter(), 0), Vec::<i64>::new());
        assert_eq!(top(keys.clone().into_iter(), 1), [30]);
        assert_eq!(top(keys.clone().into_iter(), 3), [30, 70, 20]);
        assert_eq!(top(keys.into_iter(), 10), [30, 70, 20, 50, 10]);
    }
}
