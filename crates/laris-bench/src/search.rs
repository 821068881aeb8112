//! `search`: a 50,000-product catalog (the real warung products plus brand × product × size
//! variants) imported through `import_catalog_csv`, given uneven sold counts by real
//! checkouts, then a deterministic mix of queries timed one by one: barcode scans
//! (`lookup` with an existing barcode), 1–3 word name prefixes taken from real product names
//! (`lookup`, 20 full `Product` records back, as the till's search box shows them), and
//! category browse (`browse_category`).

use std::sync::Arc;
use std::time::Instant;

use laris_core::{
    Cart, DeviceStore, Lookup, ManualClock, SeededIds, ShopSetup, ShopTimeZone, Tender,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::catalog_gen::{self, GenProduct};
use crate::report::Report;
use crate::stats::{Samples, round1, round2};
use crate::{BenchResult, Env, data, machine};

const BARCODE_P99_TARGET_US: f64 = 100.0;
const NAME_P99_TARGET_US: f64 = 2000.0;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Products in the catalog (the real ones plus generated variants).
    #[arg(long, default_value_t = 50_000)]
    products: usize,
    /// Queries to time.
    #[arg(long, default_value_t = 10_000)]
    queries: usize,
    /// Checkouts (10 lines each) rung up first so that products have uneven sold counts.
    #[arg(long, default_value_t = 2000)]
    checkouts: usize,
    /// Results asked of a name search.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Results asked of a category browse.
    #[arg(long, default_value_t = 50)]
    category_limit: usize,
    /// Seed of the product popularity and of the queries.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Keep the scratch directory (its path is printed to stderr).
    #[arg(long)]
    keep: bool,
    /// Experiment: set the connection's page cache to this many MiB before the queries
    /// (`PRAGMA cache_size`; laris-core leaves SQLite's 2 MiB). Reported as `cache_size_pragma`.
    #[arg(long)]
    cache_mib: Option<i64>,
    /// Experiment: let SQLite memory-map this many MiB of the database (`PRAGMA mmap_size`).
    /// Reported as `mmap_bytes`.
    #[arg(long)]
    mmap_mib: Option<i64>,
    /// Write the generated queries to this file, one a line (`kind<TAB>text`), for analysis.
    #[arg(long)]
    dump_queries: Option<std::path::PathBuf>,
}

enum Query {
    Barcode { code: String, sku: String },
    Name(String),
    Category(String),
}

pub fn run(env: &Env, args: &Args) -> BenchResult<Report> {
    let real = data::read_catalog(&env.data_dir.join("catalog-warung.csv"))?;
    let (products, csv) = catalog_gen::search_catalog(&real, args.products)?;
    let dir = tempfile::Builder::new()
        .prefix("laris-bench-search-")
        .tempdir_in(&env.tmp_dir)
        .map_err(|e| format!("scratch dir in {}: {e}", env.tmp_dir.display()))?;
    // 2026-11-27 08:00 WIB.
    let clock = Arc::new(ManualClock::new(1_795_741_200_000));
    let db_path = dir.path().join("device.db");
    let mut store = DeviceStore::open(&db_path, clock.clone(), Arc::new(SeededIds::new(7)))?;
    store.init_shop(&ShopSetup {
        name: "Warung Bench".into(),
        device_code: "A".into(),
        timezone: ShopTimeZone::Wib,
    })?;

    eprintln!(
        "search: importing {} products into {}",
        products.len(),
        dir.path().display()
    );
    let t = Instant::now();
    let summary = store.import_catalog_csv(&csv[..])?;
    let import_s = t.elapsed().as_secs_f64();
    if summary.created != products.len() {
        return Err(format!(
            "imported {} of {} products",
            summary.created,
            products.len()
        )
        .into());
    }

    let mut rng = StdRng::seed_from_u64(args.seed);
    eprintln!(
        "search: {} checkouts to rank frequent sellers",
        args.checkouts
    );
    let t = Instant::now();
    sell(&mut store, &clock, &products, args.checkouts, &mut rng)?;
    let sell_s = t.elapsed().as_secs_f64();

    let queries = make_queries(&products, args.queries, &mut rng);
    // Connection tuning only (no data is written): to measure what db.rs could configure.
    if let Some(mib) = args.cache_mib {
        store
            .conn()
            .pragma_update(None, "cache_size", -mib * 1024)?;
    }
    if let Some(mib) = args.mmap_mib {
        store
            .conn()
            .pragma_update(None, "mmap_size", mib * 1024 * 1024)?;
    }
    let cache_kib: i64 = store
        .conn()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    let mmap_bytes: i64 = store
        .conn()
        .query_row("PRAGMA mmap_size", [], |r| r.get(0))?;
    if let Some(path) = &args.dump_queries {
        dump(path, &queries)?;
    }
    eprintln!("search: {} queries", queries.len());
    let mut times = [Samples::default(), Samples::default(), Samples::default()];
    let mut wrong = 0usize;
    let mut empty_names = 0usize;
    let mut name_results = 0usize;
    let mut slow_names: Vec<(u64, String)> = Vec::new();
    for q in &queries {
        match q {
            Query::Barcode { code, sku } => {
                match times[0].time(|| store.lookup(code, args.limit))? {
                    Lookup::Exact(p) if &p.sku == sku => {}
                    _ => wrong += 1,
                }
            }
            Query::Name(text) => {
                let start = Instant::now();
                let found = store.lookup(text, args.limit)?;
                let took = start.elapsed();
                times[1].push(took);
                slow_names.push((took.as_nanos() as u64, text.clone()));
                match found {
                    Lookup::Matches(ps) if ps.is_empty() => empty_names += 1,
                    Lookup::Matches(ps) => name_results += ps.len(),
                    Lookup::Exact(_) => wrong += 1,
                }
            }
            Query::Category(name) => {
                if times[2]
                    .time(|| store.browse_category(name, args.category_limit))?
                    .is_empty()
                {
                    wrong += 1;
                }
            }
        }
    }
    slow_names.sort_unstable_by_key(|(ns, _)| std::cmp::Reverse(*ns));

    let count: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM products", [], |r| r.get(0))?;
    let db_bytes = std::fs::metadata(&db_path).map_or(0, |m| m.len());
    drop(store);

    let [barcode, name, category] = &mut times;
    let mut r = Report::new("search");
    r.set("products", count);
    r.set("queries", queries.len());
    r.set("barcode_queries", barcode.len());
    r.set("barcode_p50_us", barcode.pct_us(50.0));
    r.set("barcode_p99_us", barcode.pct_us(99.0));
    r.set("barcode_max_us", barcode.max_us());
    r.set("name_queries", name.len());
    r.set("name_p50_us", name.pct_us(50.0));
    r.set("name_p90_us", name.pct_us(90.0));
    r.set("name_p99_us", name.pct_us(99.0));
    r.set("name_max_us", name.max_us());
    r.set("name_limit", args.limit);
    r.set(
        "name_avg_results",
        round1(name_results as f64 / name.len().max(1) as f64),
    );
    r.set("name_empty", empty_names);
    r.set("category_queries", category.len());
    r.set("category_p50_us", category.pct_us(50.0));
    r.set("category_p99_us", category.pct_us(99.0));
    r.set("category_limit", args.category_limit);
    r.set("wrong_results", wrong);
    r.set("cache_size_pragma", cache_kib);
    r.set("mmap_bytes", mmap_bytes);
    r.set(
        "barcode_target_met",
        barcode.pct_us(99.0) < BARCODE_P99_TARGET_US,
    );
    r.set("name_target_met", name.pct_us(99.0) < NAME_P99_TARGET_US);
    let mut seen = std::collections::HashSet::new();
    let slowest: Vec<String> = slow_names
        .iter()
        .filter(|(_, t)| seen.insert(t.as_str()))
        .take(5)
        .map(|(ns, t)| format!("{t} ({:.0} us)", *ns as f64 / 1000.0))
        .collect();
    r.set("name_slowest", slowest);
    r.set("import_s", round2(import_s));
    r.set("checkouts", args.checkouts);
    r.set("checkouts_s", round2(sell_s));
    r.set("db_bytes", db_bytes);
    r.extend(machine::fields(&env.tmp_dir));
    r.note(format!(
        "targets: barcode p99 < {BARCODE_P99_TARGET_US} us, name p99 < {NAME_P99_TARGET_US} us \
         (name = DeviceStore::lookup returning up to {} full products)",
        args.limit
    ));
    if args.keep {
        eprintln!("search: kept {}", dir.keep().display());
    }
    Ok(r)
}

fn dump(path: &std::path::Path, queries: &[Query]) -> BenchResult<()> {
    let lines: String = queries
        .iter()
        .map(|q| match q {
            Query::Barcode { code, .. } => format!("barcode\t{code}\n"),
            Query::Name(text) => format!("name\t{text}\n"),
            Query::Category(name) => format!("category\t{name}\n"),
        })
        .collect();
    std::fs::write(path, lines).map_err(|e| format!("{}: {e}", path.display()).into())
}

/// Rings up `n` checkouts of 10 distinct products each, skewed so that a few products sell a
/// lot and most rarely or never (the order of popularity is a seeded shuffle).
fn sell(
    store: &mut DeviceStore,
    clock: &ManualClock,
    products: &[GenProduct],
    n: usize,
    rng: &mut StdRng,
) -> BenchResult<()> {
    let mut popularity: Vec<usize> = (0..products.len()).collect();
    popularity.shuffle(rng);
    let rules = store.settings()?.pricing();
    for _ in 0..n {
        clock.advance(30_000);
        let mut cart = Cart::new();
        let mut picked = Vec::with_capacity(10);
        while picked.len() < 10 {
            let u: f64 = rng.random();
            let i = popularity[((u.powi(4)) * products.len() as f64) as usize % products.len()];
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        for &i in &picked {
            let p = store.product_by_code(&products[i].sku)?;
            cart.add(&p, 1000)?;
        }
        let total = cart.totals(rules)?.total;
        store.checkout(&cart, &[Tender::qris(total)], Some("Bench"))?;
    }
    Ok(())
}

/// 40% barcode scans of any product, 45% name prefixes of real products, 15% category browse.
fn make_queries(products: &[GenProduct], n: usize, rng: &mut StdRng) -> Vec<Query> {
    let real: Vec<&GenProduct> = products.iter().filter(|p| p.real).collect();
    let mut categories: Vec<&str> = real.iter().map(|p| p.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    (0..n)
        .map(|_| match rng.random_range(0..100) {
            0..40 => {
                let p = &products[rng.random_range(0..products.len())];
                Query::Barcode {
                    code: p.barcode.clone(),
                    sku: p.sku.clone(),
                }
            }
            40..85 => Query::Name(name_prefix(
                &real[rng.random_range(0..real.len())].name,
                rng,
            )),
            _ => Query::Category(categories[rng.random_range(0..categories.len())].to_string()),
        })
        .collect()
}

/// 1–3 words of `name` (in order, not necessarily adjacent), each cut to a prefix of at least
/// 3 characters, lower-cased: "Indomie Goreng 85g" → "indo gor".
fn name_prefix(name: &str, rng: &mut StdRng) -> String {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let k = rng.random_range(1..=3).min(words.len());
    let mut chosen: Vec<usize> = rand::seq::index::sample(rng, words.len(), k).into_vec();
    chosen.sort_unstable();
    chosen
        .iter()
        .map(|&i| {
            let w: Vec<char> = words[i].to_lowercase().chars().collect();
            let len = rng.random_range(w.len().min(3)..=w.len());
            w[..len].iter().collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_prefixes_come_from_the_name() {
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..100 {
            let q = name_prefix("Indomie Goreng (dus 40)", &mut rng);
            let words: Vec<&str> = q.split(' ').collect();
            assert!((1..=3).contains(&words.len()), "{q}");
            for w in words {
                assert!(
                    ["indomie", "goreng", "dus", "40"]
                        .iter()
                        .any(|n| n.starts_with(w)),
                    "{q}"
                );
            }
        }
    }
}
