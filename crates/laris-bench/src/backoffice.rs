//! `backoffice`: a store with a year of sales from 5 tills (about 550,000 sales, generated
//! deterministically from the shared warung catalog) loaded into a fresh laris-server's
//! database through the storage's push path; then, through HTTP as a signed-in owner, the
//! dashboard of today, 7 and 30 days and the sales list (first and later pages), timed per
//! request; and the back office's first load: the compressed bytes of the JS and CSS that
//! `/` pulls in.

use std::io::Read;
use std::time::Instant;

use laris_protocol::Hlc;
use laris_protocol::codec::Format;
use laris_protocol::v1::{
    Event, EventBody, PaymentMethodV1, PaymentStatusV1, ProductV1, SaleLineV1, SalePaymentV1,
    SaleV1, Stamped, TaxModeV1,
};
use laris_server::prepare::{self, DecodedPush, Incoming};
use laris_server::storage::{NewDevice, Storage};
use laris_server::web::paths;
use laris_server::web::wire::{DashboardView, SalesPageView};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::push::runtime;
use crate::report::Report;
use crate::server::{Db, Server};
use crate::stats::{Samples, round2};
use crate::{BenchResult, Env, machine};

const DAY_MS: i64 = 86_400_000;
const WIB_MS: i64 = 7 * 3_600_000;
const EMAIL: &str = "pemilik@bench.example";
const PASSWORD: &str = "bench-password";

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Run the server on PostgreSQL (a fresh database beside the one this URL names).
    #[arg(long)]
    pub postgres: Option<String>,
    #[arg(long, default_value_t = 5)]
    pub tills: usize,
    #[arg(long, default_value_t = 365)]
    pub days: i64,
    /// Sales per till per day (5 × 365 × 301 = 549,325).
    #[arg(long, default_value_t = 301)]
    pub sales_per_day: usize,
    /// Events per push while loading.
    #[arg(long, default_value_t = 2_000)]
    pub batch: usize,
    /// Timed requests of each dashboard period and of the sales list.
    #[arg(long, default_value_t = 30)]
    pub rounds: usize,
}

pub fn run(env: &Env, args: &Args) -> BenchResult<Report> {
    runtime(2)?.block_on(run_async(env, args))
}

struct Catalog {
    products: Vec<ProductV1>,
}

fn catalog(env: &Env, node: Uuid, now: u64) -> BenchResult<Catalog> {
    let file = std::fs::File::open(env.data_dir.join("catalog-warung.csv"))
        .map_err(|e| format!("the shared catalog: {e}"))?;
    let mut products = Vec::new();
    let hlc = Hlc::new(now, 0, node);
    for (i, row) in csv::Reader::from_reader(file).records().enumerate() {
        let row = row.map_err(|e| format!("catalog: {e}"))?;
        let get = |n: usize| row.get(n).unwrap_or("").to_string();
        let num = |n: usize| get(n).parse::<i64>().unwrap_or(0);
        let s = |v| Stamped::new(v, hlc);
        products.push(ProductV1 {
            id: Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0000 + i as u128),
            sku: s(get(0)),
            name: s(get(2)),
            category: Stamped::new(Some(get(3)), hlc),
            unit: s(get(4)),
            price: Stamped::new(num(5), hlc),
            cost: Stamped::new(num(6), hlc),
            sold_by_weight: Stamped::new(get(7) == "true", hlc),
            track_stock: Stamped::new(true, hlc),
            min_stock_milli: Stamped::new(5_000, hlc),
            active: Stamped::new(true, hlc),
            barcodes: Stamped::new(vec![get(1)], hlc),
            deleted: Stamped::new(false, hlc),
        });
    }
    Ok(Catalog { products })
}

/// A UUIDv7 of `at_ms`, as a till makes a sale's id (so ids follow time, as they do).
fn sale_id(rng: &mut StdRng, at_ms: i64) -> Uuid {
    let random: [u8; 10] = rng.random();
    uuid::Builder::from_unix_timestamp_millis(u64::try_from(at_ms).unwrap_or(0), &random)
        .into_uuid()
}

/// One generated sale of `till` at `at_ms`.
fn sale(rng: &mut StdRng, cat: &Catalog, code: &str, n: u64, at_ms: i64) -> SaleV1 {
    let lines_n = rng.random_range(1..=4);
    let lines: Vec<SaleLineV1> = (0..lines_n)
        .map(|_| {
            let p = &cat.products[rng.random_range(0..cat.products.len())];
            let qty_milli = if p.sold_by_weight.value {
                rng.random_range(1..=8) * 250
            } else {
                rng.random_range(1..=3) * 1_000
            };
            let gross = (qty_milli * p.price.value + 500) / 1_000;
            let cost = (qty_milli * p.cost.value + 500) / 1_000;
            SaleLineV1 {
                product_id: p.id,
                sku: p.sku.value.clone(),
                name: p.name.value.clone(),
                unit: p.unit.value.clone(),
                qty_milli,
                unit_price: p.price.value,
                unit_cost: p.cost.value,
                gross,
                discount: 0,
                cost,
                moves_stock: true,
            }
        })
        .collect();
    let total: i64 = lines.iter().map(|l| l.gross).sum();
    let method = match rng.random_range(0..100) {
        0..70 => PaymentMethodV1::Cash,
        70..95 => PaymentMethodV1::Qris,
        _ => PaymentMethodV1::Transfer,
    };
    let cashiers = ["Rina", "Dewi", "Bu Sri"];
    SaleV1 {
        id: sale_id(rng, at_ms),
        receipt_no: format!("{code}-{n:06}"),
        created_at: at_ms,
        cashier: Some(cashiers[rng.random_range(0..cashiers.len())].to_string()),
        gross: total,
        line_discount: 0,
        cart_discount: 0,
        tax_mode: TaxModeV1::None,
        tax_rate_bp: 0,
        tax: 0,
        rounding: 0,
        total,
        tendered: total,
        change: 0,
        cost: lines.iter().map(|l| l.cost).sum(),
        lines,
        payments: vec![SalePaymentV1 {
            method,
            amount: total,
            tendered: total,
            reference: None,
            status: PaymentStatusV1::Settled,
        }],
    }
}

async fn push_all(
    storage: &dyn Storage,
    store: Uuid,
    device: Uuid,
    bodies: Vec<EventBody>,
    batch: usize,
    now_ms: i64,
) -> BenchResult<()> {
    let mut seq = 0u64;
    let mut bodies = bodies.into_iter().peekable();
    while bodies.peek().is_some() {
        let events: Vec<Incoming> = bodies
            .by_ref()
            .take(batch)
            .map(|body| {
                seq += 1;
                Incoming::Parsed(Event { seq, body })
            })
            .collect();
        let push = DecodedPush {
            device_id: device,
            events,
        };
        let prepared = prepare::prepare(
            push,
            Format::Postcard,
            now_ms,
            laris_protocol::hlc::DEFAULT_MAX_DRIFT_MS,
        );
        let outcome = storage.push(store, device, prepared, now_ms).await?;
        if outcome.acked_seq != seq {
            return Err(format!("push acked {} of {seq}", outcome.acked_seq).into());
        }
    }
    Ok(())
}

/// Loads the store: the catalog from till A, then every till's year of sales.
async fn load(env: &Env, args: &Args, storage: &dyn Storage, now_ms: i64) -> BenchResult<u64> {
    let store =
        laris_server::admin::create_store(storage, "Warung Bench", EMAIL, PASSWORD, now_ms).await?;
    let mut rng = StdRng::seed_from_u64(2026);
    let mut devices = Vec::new();
    for t in 0..args.tills {
        let code = laris_server::admin::new_pairing_code(storage, store, now_ms, 3_600_000).await?;
        let id = Uuid::from_u128(0x0196_0000_0000_7000_8000_0000_0000_0000 + t as u128);
        let code_letter = char::from(b'A' + u8::try_from(t % 26).unwrap_or(0)).to_string();
        storage
            .pair_device(NewDevice {
                code_hash: laris_server::secret::pairing_code_hash(&code.code),
                device_id: id,
                name: format!("Kasir {code_letter}"),
                code: code_letter.clone(),
                credential_hash: laris_server::secret::sha256(id.as_bytes()),
                now_ms,
            })
            .await?;
        devices.push((id, code_letter));
    }
    let now = u64::try_from(now_ms).unwrap_or(0);
    let cat = catalog(env, devices[0].0, now)?;
    let today = (now_ms + WIB_MS).div_euclid(DAY_MS);
    let mut sales = 0u64;
    for (t, (id, code)) in devices.iter().enumerate() {
        let started = Instant::now();
        let mut bodies: Vec<EventBody> = if t == 0 {
            cat.products
                .iter()
                .map(|p| EventBody::ProductUpsert(Box::new(p.clone())))
                .collect()
        } else {
            Vec::new()
        };
        let mut n = 0u64;
        for day in (today - args.days + 1)..=today {
            // Open 07:00 to 21:00 WIB; today only up to now.
            let open = day * DAY_MS - WIB_MS + 7 * 3_600_000;
            let span = 14 * 3_600_000 / i64::try_from(args.sales_per_day.max(1)).unwrap_or(1);
            for i in 0..args.sales_per_day {
                let at =
                    open + span * i64::try_from(i).unwrap_or(0) + rng.random_range(0..span.max(1));
                if at >= now_ms {
                    break;
                }
                n += 1;
                bodies.push(EventBody::Sale(sale(&mut rng, &cat, code, n, at)));
            }
        }
        sales += n;
        push_all(storage, store, *id, bodies, args.batch, now_ms).await?;
        eprintln!(
            "backoffice: till {code} loaded {n} sales in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(sales)
}

/// A minimal HTTP/1.1 client of the back office: the session cookie, gzip bodies kept as sent.
struct Owner {
    http: reqwest::Client,
    base: String,
    cookie: String,
}

impl Owner {
    async fn login(base: String) -> BenchResult<Owner> {
        let http = reqwest::Client::new();
        let resp = http
            .post(format!("{base}{}", paths::LOGIN))
            .header("content-type", "application/json")
            .body(format!(r#"{{"email":"{EMAIL}","password":"{PASSWORD}"}}"#))
            .send()
            .await
            .map_err(|e| format!("login: {e}"))?;
        let cookie = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|c| c.split(';').next())
            .ok_or_else(|| format!("login: {} without a cookie", resp.status()))?
            .to_string();
        Ok(Owner { http, base, cookie })
    }

    async fn get(&self, path: &str, gzip: bool) -> BenchResult<Vec<u8>> {
        let mut rb = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie);
        if gzip {
            rb = rb.header("accept-encoding", "gzip");
        }
        let resp = rb.send().await.map_err(|e| format!("GET {path}: {e}"))?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(|e| format!("GET {path}: {e}"))?;
        if !status.is_success() {
            return Err(format!("GET {path}: {status} {}", String::from_utf8_lossy(&body)).into());
        }
        Ok(body.to_vec())
    }
}

fn day(ms: i64) -> String {
    let d = time::OffsetDateTime::from_unix_timestamp((ms + WIB_MS) / 1_000)
        .map(|t| t.date())
        .unwrap_or(time::Date::MIN);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The compressed bytes of the JS and CSS the page at `/` loads.
async fn first_load(owner: &Owner) -> BenchResult<usize> {
    let gz = owner.get("/", true).await?;
    let mut html = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut html)
        .map_err(|e| format!("/ is not gzip: {e}"))?;
    let mut total = 0;
    let mut rest = html.as_str();
    while let Some(i) = rest.find("/assets/") {
        let tail = &rest[i..];
        let end = tail.find(['"', '\'', ' ', '>']).unwrap_or(tail.len());
        let asset = &tail[..end];
        if asset.ends_with(".js") || asset.ends_with(".css") {
            total += owner.get(asset, true).await?.len();
        }
        rest = &tail[end..];
    }
    if total == 0 {
        return Err("the page loads no /assets/*.js or .css: is the back office built?".into());
    }
    Ok(total)
}

async fn run_async(env: &Env, args: &Args) -> BenchResult<Report> {
    let db = Db::fresh(env, args.postgres.as_deref(), "backoffice").await?;
    let now_ms = laris_server::Clock::system().now_ms();
    let loaded = Instant::now();
    let sales = {
        let storage = db.open().await?;
        load(env, args, storage.as_ref(), now_ms).await?
    };
    let load_s = loaded.elapsed().as_secs_f64();
    let server = Server::start(&db).await?;
    let owner = Owner::login(format!("http://{}", server.addr)).await?;
    let store: serde_json::Value = serde_json::from_slice(&owner.get(paths::ME, false).await?)?;
    let store_id = store["stores"][0]["storeId"]
        .as_str()
        .ok_or("me: no store")?
        .to_string();
    let dash = paths::DASHBOARD.replace("{store_id}", &store_id);
    let list = paths::SALES.replace("{store_id}", &store_id);
    let today = day(now_ms);
    let periods = [
        today.clone(),
        day(now_ms - 6 * DAY_MS),
        day(now_ms - 29 * DAY_MS),
    ];
    let mut dashboard = Samples::with_capacity(args.rounds * periods.len());
    let mut dashboard_sales = 0;
    // One untimed round warms the caches, as an owner's second look would find them.
    for timed in [false, true] {
        for _ in 0..if timed { args.rounds } else { 1 } {
            for from in &periods {
                let path = format!("{dash}?from={from}&to={today}");
                let started = Instant::now();
                let body = owner.get(&path, false).await?;
                if timed {
                    dashboard.push(started.elapsed());
                }
                let view: DashboardView = serde_json::from_slice(&body)?;
                dashboard_sales = dashboard_sales.max(view.sales);
            }
        }
    }
    let mut list_samples = Samples::with_capacity(args.rounds * 5);
    for _ in 0..args.rounds {
        let mut before: Option<String> = None;
        for _ in 0..5 {
            let mut path = format!("{list}?from={}&to={today}", periods[2]);
            if let Some(b) = &before {
                path.push_str(&format!("&before={b}"));
            }
            let started = Instant::now();
            let body = owner.get(&path, false).await?;
            list_samples.push(started.elapsed());
            let page: SalesPageView = serde_json::from_slice(&body)?;
            before = page.next_before;
        }
    }
    let first_load_bytes = first_load(&owner).await?;
    drop(server);
    let mut r = Report::new("backoffice");
    r.set(
        "backend",
        if args.postgres.is_some() {
            "postgres"
        } else {
            "sqlite"
        },
    );
    r.set("sales", sales);
    r.set("load_s", round2(load_s));
    r.set("dashboard_30d_sales", dashboard_sales);
    r.set("dashboard_p50_ms", round2(dashboard.pct_us(50.0) / 1_000.0));
    r.set("dashboard_p99_ms", round2(dashboard.pct_us(99.0) / 1_000.0));
    r.set(
        "sales_list_p50_ms",
        round2(list_samples.pct_us(50.0) / 1_000.0),
    );
    r.set(
        "sales_list_p99_ms",
        round2(list_samples.pct_us(99.0) / 1_000.0),
    );
    #[allow(clippy::cast_precision_loss)]
    r.set("first_load_kb", round2(first_load_bytes as f64 / 1_024.0));
    r.extend(machine::fields(&env.tmp_dir));
    Ok(r)
}
