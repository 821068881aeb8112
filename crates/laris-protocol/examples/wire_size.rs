//! Bytes per sale on the wire, for each encoding, compression and batch size, on the benchmark
//! workload (the first 20,000 sales of device A, ../shared/WORKLOADS.md).
//!
//! `cargo run -p laris-protocol --example wire_size [-- SALES.ndjson.gz [CATALOG.csv] [COUNT]]`
//!
//! Sales map onto v1 events as the device will map them: fresh UUIDv7 sale ids (stamped with
//! the sale's time) and product ids (the incompressible part), `SKU-00NN` onto the catalog's
//! NN-th product (its SKU, unit and cost ratio), name and price as rung up. It also measures
//! layout variants, to show what each part of a sale costs after compression.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::time::Instant;

use laris_protocol::codec::{self, Compression, Encoding, Format, ZSTD_DEFAULT_LEVEL};
use laris_protocol::limits::MAX_DECODED_BYTES;
use laris_protocol::v1::*;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Deserialize)]
struct BenchSale {
    created_at: String,
    cashier: String,
    items: Vec<BenchItem>,
    total: i64,
    payment_method: String,
    cash_tendered: i64,
    change: i64,
}

#[derive(Deserialize)]
struct BenchItem {
    product_id: String,
    name: String,
    qty: i64,
    unit_price: i64,
    discount: i64,
}

struct CatalogRow {
    sku: String,
    unit: String,
    price: i64,
    cost: i64,
}

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let sales_path = args
        .next()
        .unwrap_or_else(|| "/work/shared/data/bench-sales-A-25k.ndjson.gz".into());
    let catalog_path = args.next().unwrap_or_else(|| {
        std::path::Path::new(&sales_path)
            .with_file_name("catalog-warung.csv")
            .to_string_lossy()
            .into_owned()
    });
    let count: usize = args.next().map_or(Ok(20_000), |c| c.parse())?;

    let catalog = read_catalog(&catalog_path)?;
    let sales = read_sales(&sales_path, &catalog, count)?;
    let lines: usize = sales.iter().map(|s| s.lines.len()).sum();
    println!(
        "{} sales, {lines} lines ({:.2} per sale), from {sales_path}\n",
        sales.len(),
        lines as f64 / sales.len() as f64
    );

    let n = sales.len() as f64;
    let encodings: [(&str, Encoding, i32); 10] = [
        ("json", Encoding::JSON, 0),
        (
            "json+gzip6",
            Encoding::new(Format::Json, Compression::Gzip),
            6,
        ),
        (
            "json+zstd7",
            Encoding::new(Format::Json, Compression::Zstd),
            7,
        ),
        (
            "postcard",
            Encoding::new(Format::Postcard, Compression::Identity),
            0,
        ),
        ("postcard+zstd1", Encoding::BINARY_ZSTD, 1),
        ("postcard+zstd3", Encoding::BINARY_ZSTD, 3),
        ("postcard+zstd7 *", Encoding::BINARY_ZSTD, 7),
        ("postcard+zstd9", Encoding::BINARY_ZSTD, 9),
        ("postcard+zstd19", Encoding::BINARY_ZSTD, 19),
        ("postcard+gzip6", Encoding::BINARY_GZIP, 6),
    ];
    let device = Uuid::now_v7();
    println!("PUSH request bodies, bytes per sale (body only, no HTTP headers; * = default)");
    println!(
        "{:<16} {:>8} {:>8} {:>8}",
        "encoding", "500", "1000", "2000"
    );
    for (name, enc, level) in encodings {
        let per_sale: Vec<f64> = [500, 1000, 2000]
            .iter()
            .map(|&b| push_bytes(&sales, device, b, enc, level).map(|t| t as f64 / n))
            .collect::<Result<_, _>>()?;
        println!(
            "{name:<16} {:>8.1} {:>8.1} {:>8.1}",
            per_sale[0], per_sale[1], per_sale[2]
        );
    }

    println!("\nPULL reply bodies (Change: change_seq + origin device + sale), bytes per sale");
    for page in [1000, 2000] {
        let bytes = pull_bytes(
            &sales,
            device,
            page,
            Encoding::BINARY_ZSTD,
            ZSTD_DEFAULT_LEVEL,
        )?;
        println!(
            "postcard+zstd{ZSTD_DEFAULT_LEVEL}, pages of {page}: {:.1}",
            bytes as f64 / n
        );
    }

    println!(
        "\nLayout variants, postcard+zstd{ZSTD_DEFAULT_LEVEL}, pushes of 1000 (bytes per sale; what a part costs)"
    );
    let base = push_bytes(
        &sales,
        device,
        1000,
        Encoding::BINARY_ZSTD,
        ZSTD_DEFAULT_LEVEL,
    )? as f64
        / n;
    let variants: [(&str, Variant); 6] = [
        ("v1 as is", |_, _| {}),
        ("product ids as batch indexes", |s, ix| {
            for l in &mut s.lines {
                l.product_id = Uuid::from_u128(ix[&l.product_id]);
            }
        }),
        ("no sku/name/unit copies", |s, _| {
            for l in &mut s.lines {
                l.sku.clear();
                l.name.clear();
                l.unit.clear();
            }
        }),
        ("created_at taken from the v7 id", |s, _| s.created_at = 0),
        ("no derived amounts (gross/cost/..)", |s, _| {
            for l in &mut s.lines {
                (l.gross, l.cost) = (0, 0);
            }
            (s.gross, s.line_discount, s.cost, s.tendered, s.change) = (0, 0, 0, 0, 0);
        }),
        ("sale ids sequential (impossible)", |s, _| {
            s.id = Uuid::from_u128(u128::from(s.created_at.unsigned_abs()))
        }),
    ];
    let index: Ix = sales
        .iter()
        .flat_map(|s| s.lines.iter().map(|l| l.product_id))
        .fold(BTreeMap::new(), |mut m, id| {
            let next = m.len() as u128;
            m.entry(id).or_insert(next);
            m
        });
    for (name, change) in variants {
        let mut varied = sales.clone();
        varied.iter_mut().for_each(|s| change(s, &index));
        let b = push_bytes(
            &varied,
            device,
            1000,
            Encoding::BINARY_ZSTD,
            ZSTD_DEFAULT_LEVEL,
        )? as f64
            / n;
        println!("{name:<36} {b:>6.1}  ({:+.1})", b - base);
    }

    println!("\nA hand-rolled columnar layout (estimate: not implemented in the codec)");
    for level in [3, ZSTD_DEFAULT_LEVEL] {
        let mut total = 0;
        for chunk in sales.chunks(1000) {
            total += zstd::bulk::compress(&columnar(chunk), level)?.len();
        }
        println!(
            "columnar+zstd{level}, pushes of 1000: {:.1}",
            total as f64 / n
        );
    }

    let reply = PushReply {
        acked_seq: 20_000,
        quarantined: vec![],
    };
    let reply_bytes = codec::encode(&reply, Encoding::BINARY_ZSTD)?.len();
    // A typical request and response head: POST line, Host, Authorization with a ~60 char
    // token, Content-Type/-Encoding/-Length, Accept-Encoding; status line, Content-Type/-Length.
    let (req_head, resp_head) = (330usize, 160usize);
    let per_push = (req_head + resp_head + reply_bytes) as f64;
    println!(
        "\nPer push round trip besides the body: ~{} bytes of HTTP heads + {reply_bytes} bytes of \
         reply = {:.2} bytes/sale at 1000 sales per push",
        req_head + resp_head,
        per_push / 1000.0
    );

    time_codec(&sales, device)?;
    Ok(())
}

type Ix = BTreeMap<Uuid, u128>;
/// Changes a sale to show what one of its parts costs on the wire.
type Variant = fn(&mut SaleV1, &Ix);

fn push_bytes(
    sales: &[SaleV1],
    device: Uuid,
    batch: usize,
    enc: Encoding,
    level: i32,
) -> Result<usize, Error> {
    let mut total = 0;
    for (b, chunk) in sales.chunks(batch).enumerate() {
        let events = chunk
            .iter()
            .enumerate()
            .map(|(i, s)| Event {
                seq: (b * batch + i + 1) as u64,
                body: EventBody::Sale(s.clone()),
            })
            .collect();
        let req = PushRequest {
            device_id: device,
            events,
        };
        let bytes = codec::encode_with_level(&req, enc, level)?;
        let back: PushRequest = codec::decode(&bytes, enc, MAX_DECODED_BYTES)?;
        assert_eq!(back, req);
        total += bytes.len();
    }
    Ok(total)
}

fn pull_bytes(
    sales: &[SaleV1],
    origin: Uuid,
    page: usize,
    enc: Encoding,
    level: i32,
) -> Result<usize, Error> {
    let mut total = 0;
    for (p, chunk) in sales.chunks(page).enumerate() {
        let changes: Vec<Change> = chunk
            .iter()
            .enumerate()
            .map(|(i, s)| Change {
                change_seq: (p * page + i + 1) as u64,
                origin_device: origin,
                body: EventBody::Sale(s.clone()),
            })
            .collect();
        let reply = PullReply {
            next_cursor: changes.last().map_or(0, |c| c.change_seq),
            has_more: true,
            changes,
        };
        total += codec::encode_with_level(&reply, enc, level)?.len();
    }
    Ok(total)
}

/// What a columnar layout would send: per batch, a table of distinct (product, sku, name, unit,
/// price, cost) and of cashiers; then one column per field, times as deltas, amounts that
/// follow from others (line gross and cost, sums, change) left out.
fn columnar(sales: &[SaleV1]) -> Vec<u8> {
    fn varint(out: &mut Vec<u8>, v: i64) {
        let mut z = ((v << 1) ^ (v >> 63)) as u64;
        while z >= 0x80 {
            out.push((z as u8) | 0x80);
            z >>= 7;
        }
        out.push(z as u8);
    }
    let mut products: Vec<(Uuid, &str, &str, &str, i64, i64)> = Vec::new();
    let mut cashiers: Vec<&str> = Vec::new();
    let mut cols: Vec<Vec<u8>> = vec![Vec::new(); 10];
    let mut prev_time = 0;
    for s in sales {
        cols[0].extend_from_slice(s.id.as_bytes());
        varint(&mut cols[1], s.created_at - prev_time);
        prev_time = s.created_at;
        cols[2].extend_from_slice(s.receipt_no.as_bytes());
        let cashier = s.cashier.as_deref().unwrap_or("");
        let ci = cashiers
            .iter()
            .position(|c| *c == cashier)
            .unwrap_or_else(|| {
                cashiers.push(cashier);
                cashiers.len() - 1
            });
        varint(&mut cols[3], ci as i64);
        varint(&mut cols[4], s.lines.len() as i64);
        for l in &s.lines {
            let key = (
                l.product_id,
                &*l.sku,
                &*l.name,
                &*l.unit,
                l.unit_price,
                l.unit_cost,
            );
            let pi = products.iter().position(|p| *p == key).unwrap_or_else(|| {
                products.push(key);
                products.len() - 1
            });
            varint(&mut cols[5], pi as i64);
            varint(&mut cols[6], l.qty_milli);
            varint(&mut cols[7], l.discount);
        }
        for p in &s.payments {
            cols[8].push(p.method as u8);
            varint(&mut cols[9], p.tendered - p.amount);
        }
    }
    let mut out = Vec::new();
    for (id, sku, name, unit, price, cost) in products {
        out.extend_from_slice(id.as_bytes());
        for t in [sku, name, unit] {
            out.extend_from_slice(t.as_bytes());
            out.push(0);
        }
        varint(&mut out, price);
        varint(&mut out, cost);
    }
    for c in cashiers {
        out.extend_from_slice(c.as_bytes());
        out.push(0);
    }
    for c in cols {
        varint(&mut out, c.len() as i64);
        out.extend_from_slice(&c);
    }
    out
}

fn time_codec(sales: &[SaleV1], device: Uuid) -> Result<(), Error> {
    let requests: Vec<PushRequest> = sales
        .chunks(1000)
        .map(|chunk| PushRequest {
            device_id: device,
            events: chunk
                .iter()
                .enumerate()
                .map(|(i, s)| Event {
                    seq: i as u64 + 1,
                    body: EventBody::Sale(s.clone()),
                })
                .collect(),
        })
        .collect();
    println!(
        "\nCodec time for all {} sales in pushes of 1000 (median of 5 runs)",
        sales.len()
    );
    for (name, enc, level) in [
        ("postcard+zstd3", Encoding::BINARY_ZSTD, 3),
        ("postcard+zstd7", Encoding::BINARY_ZSTD, 7),
        ("postcard+gzip6", Encoding::BINARY_GZIP, 6),
        (
            "json+gzip6",
            Encoding::new(Format::Json, Compression::Gzip),
            6,
        ),
    ] {
        let (mut enc_ms, mut dec_ms) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            let t = Instant::now();
            let bodies: Vec<Vec<u8>> = requests
                .iter()
                .map(|r| codec::encode_with_level(r, enc, level))
                .collect::<Result<_, _>>()?;
            enc_ms.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            for b in &bodies {
                let _: PushRequest = codec::decode(b, enc, MAX_DECODED_BYTES)?;
            }
            dec_ms.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (e, d) = (median(&mut enc_ms), median(&mut dec_ms));
        println!(
            "{name:<16} encode {e:>7.1} ms ({:>9.0} sales/s)   decode {d:>7.1} ms ({:>9.0} sales/s)",
            sales.len() as f64 / e * 1e3,
            sales.len() as f64 / d * 1e3
        );
    }
    Ok(())
}

fn read_catalog(path: &str) -> Result<Vec<CatalogRow>, Error> {
    let mut rows = Vec::new();
    for rec in csv::Reader::from_path(path)?.records() {
        let rec = rec?;
        rows.push(CatalogRow {
            sku: rec[0].to_string(),
            unit: rec[4].to_string(),
            price: rec[5].parse()?,
            cost: rec[6].parse()?,
        });
    }
    Ok(rows)
}

fn read_sales(path: &str, catalog: &[CatalogRow], count: usize) -> Result<Vec<SaleV1>, Error> {
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(path)?);
    let mut product_ids: BTreeMap<String, Uuid> = BTreeMap::new();
    let mut day_seq: BTreeMap<String, u32> = BTreeMap::new();
    let mut sales = Vec::with_capacity(count);
    for line in BufReader::new(gz).lines().take(count) {
        let b: BenchSale = serde_json::from_str(&line?)?;
        let created_at = parse_utc_ms(&b.created_at)?;
        // Receipt numbers count per shop-local (WIB, UTC+7) day, as laris-core's.
        let day = local_day(created_at + 7 * 3_600_000);
        let seq = day_seq.entry(day.clone()).or_insert(0);
        *seq += 1;
        let lines: Vec<SaleLineV1> = b
            .items
            .iter()
            .map(|it| {
                let n: usize = it
                    .product_id
                    .trim_start_matches("SKU-")
                    .parse()
                    .unwrap_or(1);
                let row = &catalog[(n - 1) % catalog.len()];
                let id = *product_ids
                    .entry(it.product_id.clone())
                    .or_insert_with(Uuid::now_v7);
                let unit_cost = it.unit_price * row.cost / row.price.max(1);
                SaleLineV1 {
                    product_id: id,
                    sku: row.sku.clone(),
                    name: it.name.clone(),
                    unit: row.unit.clone(),
                    qty_milli: it.qty * 1000,
                    unit_price: it.unit_price,
                    unit_cost,
                    gross: it.qty * it.unit_price,
                    discount: it.discount,
                    cost: it.qty * unit_cost,
                    moves_stock: true,
                }
            })
            .collect();
        let gross: i64 = lines.iter().map(|l| l.gross).sum();
        let line_discount: i64 = lines.iter().map(|l| l.discount).sum();
        let cash = b.payment_method.eq_ignore_ascii_case("cash");
        let tendered = if cash { b.cash_tendered } else { b.total };
        let secs = u64::try_from(created_at / 1000)?;
        let nanos = u32::try_from(created_at % 1000)? * 1_000_000;
        let sale = SaleV1 {
            id: Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, secs, nanos)),
            receipt_no: format!("A-{day}-{seq:04}"),
            created_at,
            cashier: Some(b.cashier),
            gross,
            line_discount,
            cart_discount: 0,
            tax_mode: TaxModeV1::None,
            tax_rate_bp: 0,
            tax: 0,
            rounding: 0,
            total: b.total,
            tendered,
            change: if cash { b.change } else { 0 },
            cost: lines.iter().map(|l| l.cost).sum(),
            lines,
            payments: vec![SalePaymentV1 {
                method: if cash {
                    PaymentMethodV1::Cash
                } else {
                    PaymentMethodV1::Qris
                },
                amount: b.total,
                tendered,
                reference: None,
                status: if cash {
                    PaymentStatusV1::Settled
                } else {
                    PaymentStatusV1::Unverified
                },
            }],
        };
        sale.validate()?;
        sales.push(sale);
    }
    Ok(sales)
}

/// `2025-01-06T00:00:17.250Z` → Unix ms.
fn parse_utc_ms(s: &str) -> Result<i64, Error> {
    let bad = || format!("not a UTC time: {s}");
    let num = |r: std::ops::Range<usize>| -> Result<i64, Error> {
        Ok(s.get(r).ok_or_else(bad)?.parse::<i64>()?)
    };
    if s.len() != 24 || !s.ends_with('Z') {
        return Err(bad().into());
    }
    let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
    let secs = days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?;
    Ok(secs * 1000 + num(20..23)?)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYYMMDD` of a Unix ms time.
fn local_day(ms: i64) -> String {
    let z = ms.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}{m:02}{d:02}")
}
