//! Receipts of sales rung up on real device databases: the shared cases of
//! tests/golden/receipts.json (which the window's mock also passes), and this crate's golden
//! files (tests/golden/: the text and the ESC/POS bytes, on both papers, of sales with long
//! names, many lines, discounts, split payments and kasbon). The bytes are also read back
//! through laris-printer's model of a printer, so what a printer would print is the text.
//! `LARIS_UPDATE_GOLDEN=1` writes the golden files anew (then read the diff).

use std::path::PathBuf;
use std::sync::Arc;

use laris_core::{
    Cart, CheckoutOptions, CustomerDraft, DeviceStore, KasbonCharge, ManualClock, ProductDraft,
    Rounding, Sale, SaleKasbon, SeededIds, ShopSettings, ShopSetup, ShopTimeZone, Tax, TaxMode,
    Tender,
};
use laris_printer::decode::{self, Printed};
use laris_receipt::{Align, EscPosOptions, Paper, Receipt, ReceiptInput};
use serde_json::Value;

fn repo_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn int(v: &Value) -> i64 {
    v.as_i64()
        .unwrap_or_else(|| panic!("{v} is not an integer"))
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("{v} is not a string"))
}

/// A new shop on its own database file (kept alive by the returned directory).
fn new_shop(device_code: &str, now_ms: i64) -> (tempfile::TempDir, DeviceStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = DeviceStore::open(
        dir.path().join("device.db"),
        Arc::new(ManualClock::new(now_ms)),
        Arc::new(SeededIds::new(7)),
    )
    .unwrap();
    store
        .init_shop(&ShopSetup {
            name: "Warung Golden".into(),
            device_code: device_code.into(),
            timezone: ShopTimeZone::Wib,
        })
        .unwrap();
    (dir, store)
}

fn add_product(store: &mut DeviceStore, sku: &str, name: &str, unit: &str, price: i64) {
    store
        .upsert_product(&ProductDraft {
            sku: sku.into(),
            name: name.into(),
            category: None,
            unit: unit.into(),
            price,
            cost: 0,
            sold_by_weight: unit != "pcs",
            track_stock: true,
            min_stock_milli: 0,
            active: true,
            barcodes: Vec::new(),
        })
        .unwrap();
}

fn save_settings(store: &mut DeviceStore, f: impl FnOnce(&mut ShopSettings)) -> ShopSettings {
    let mut settings = store.settings().unwrap();
    f(&mut settings);
    let authority = store.owner_authority(None).unwrap();
    store.save_settings(authority, &settings).unwrap();
    store.settings().unwrap()
}

fn tender(v: &Value) -> Tender {
    let amount = int(&v["amount"]);
    let mut t = match text(&v["method"]) {
        "cash" => Tender::cash(amount),
        "qris" => Tender::qris(amount),
        "transfer" => Tender::transfer(amount, None),
        other => panic!("unknown method {other}"),
    };
    t.reference = v["reference"].as_str().map(String::from);
    t
}

fn receipt(sale: &Sale, shop: &ShopSettings, kasbon: Option<&SaleKasbon>, paper: Paper) -> Receipt {
    let input = ReceiptInput {
        sale,
        shop,
        kasbon,
        reprint: false,
    };
    laris_receipt::layout(&input, paper)
}

#[test]
fn receipts_match_the_shared_golden_cases() {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_file("../../tests/golden/receipts.json")).unwrap(),
    )
    .unwrap();
    let mut failures = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        let (_dir, mut store) = new_shop(text(&case["device_code"]), int(&case["at_ms"]));
        let shop = &case["shop"];
        let settings = save_settings(&mut store, |s| {
            s.name = text(&shop["name"]).into();
            s.address = text(&shop["address"]).into();
            s.receipt_footer = text(&shop["footer"]).into();
            s.tax = Tax {
                mode: TaxMode::parse(text(&shop["tax_mode"])).unwrap(),
                rate_bp: int(&shop["tax_rate_bp"]),
            };
            s.rounding = Rounding::parse(text(&shop["rounding"])).unwrap();
        });
        for p in doc["products"].as_array().unwrap() {
            add_product(
                &mut store,
                text(&p["sku"]),
                text(&p["name"]),
                text(&p["unit"]),
                int(&p["price"]),
            );
        }
        let mut cart = Cart::new();
        for (i, line) in case["lines"].as_array().unwrap().iter().enumerate() {
            let p = store.product_by_code(text(&line["sku"])).unwrap();
            cart.add(&p, int(&line["qty_milli"])).unwrap();
            if int(&line["discount"]) != 0 {
                cart.set_line_discount(i, int(&line["discount"])).unwrap();
            }
        }
        if int(&case["cart_discount"]) != 0 {
            cart.set_discount(int(&case["cart_discount"])).unwrap();
        }
        let tenders: Vec<Tender> = case["tenders"]
            .as_array()
            .unwrap()
            .iter()
            .map(tender)
            .collect();
        let sale = store
            .checkout(&cart, &tenders, case["cashier"].as_str())
            .unwrap();
        let printed = receipt(&sale, &settings, None, Paper::Mm58).text();
        let expected: Vec<&str> = case["receipt"]
            .as_array()
            .unwrap()
            .iter()
            .map(text)
            .collect();
        let got: Vec<&str> = printed.lines().collect();
        if got != expected {
            failures.push(format!(
                "- {}:\n    expected {expected:#?}\n    got {got:#?}",
                case["why"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "tests/golden/receipts.json:\n{}",
        failures.join("\n")
    );
}

/// A busy sale: 24 lines, long names (one word longer than a line), line and cart discounts,
/// PPN on top, and paid partly in cash, partly by QRIS with a long reference, the rest on a
/// customer's kasbon with a due date, after an earlier kasbon of theirs.
fn busy_sale() -> (tempfile::TempDir, Sale, ShopSettings, SaleKasbon, i64) {
    // 27 Nov 2026 14:05 WIB.
    let (dir, mut store) = new_shop("B", 1_795_763_100_000);
    let settings = save_settings(&mut store, |s| {
        s.name = "Warung Sembako Bu Sri Rahayu Makmur Sejahtera".into();
        s.address = "Jl. Kenanga No. 12, RT 03/RW 05, Kel. Sukamaju, Kec. Cibinong".into();
        s.receipt_footer = "Barang yang sudah dibeli tidak dapat ditukar. Terima kasih!".into();
        s.tax = Tax {
            mode: TaxMode::Exclusive,
            rate_bp: 1100,
        };
        s.rounding = Rounding::parse("100").unwrap();
    });
    let names = [
        (
            "IDM",
            "Indomie Goreng Rasa Rendang Jumbo 129g",
            "pcs",
            4_200,
        ),
        ("BRS", "Beras Pandan Wangi Cap Bunga Mawar", "kg", 14_000),
        ("KOPI", "Kopi Kapal Api Special Mix 25g", "pcs", 1_500),
        (
            "LONG",
            "Supercalifragilisticexpialidocious-Keripik-Pedas Level 5",
            "pcs",
            12_500,
        ),
        (
            "GULA",
            "Gula Pasir Gulaku Premium Kemasan Kuning 1 kg",
            "pcs",
            18_500,
        ),
        ("TLR", "Telur Ayam Negeri", "kg", 28_000),
    ];
    for (sku, name, unit, price) in names {
        add_product(&mut store, sku, name, unit, price);
    }
    let customer = store
        .save_customer(
            &CustomerDraft {
                id: None,
                name: "Bu Ani (warung sebelah)".into(),
                phone: Some("0812-3456-7890".into()),
                note: None,
                credit_limit: None,
            },
            None,
        )
        .unwrap();
    let mut first = Cart::new();
    first
        .add(&store.product_by_code("KOPI").unwrap(), 10_000)
        .unwrap();
    let earlier = store
        .checkout_with(
            &first,
            &[],
            Some("Sri"),
            CheckoutOptions {
                kasbon: Some(KasbonCharge {
                    customer_id: customer.id,
                    due_day: None,
                }),
                authority: None,
            },
        )
        .unwrap();
    let mut cart = Cart::new();
    for i in 0..24 {
        let (sku, _, unit, _) = names[i % names.len()];
        let qty = if unit == "pcs" {
            1_000 + (i as i64 % 3) * 1_000
        } else {
            250 * (i as i64 % 4 + 1)
        };
        let line = cart.add(&store.product_by_code(sku).unwrap(), qty).unwrap();
        if i % 5 == 0 {
            cart.set_line_discount(line, 500).unwrap();
        }
    }
    cart.set_discount(2_000).unwrap();
    let total = cart.totals(settings.pricing()).unwrap().total;
    let mut qris = Tender::qris(50_000);
    qris.reference = Some("QRIS-ID-2026112714050012345678-BRI".into());
    let sale = store
        .checkout_with(
            &cart,
            &[Tender::cash(100_000), qris],
            Some("Sri Rahayu"),
            CheckoutOptions {
                kasbon: Some(KasbonCharge {
                    customer_id: customer.id,
                    due_day: Some(20_261_215),
                }),
                authority: None,
            },
        )
        .unwrap();
    assert!(total > 150_000, "the rest of {total} goes on kasbon");
    let kasbon = store
        .query()
        .sale_kasbon(sale.id)
        .unwrap()
        .expect("a kasbon part");
    (dir, sale, settings, kasbon, earlier.total)
}

fn hex_lines(bytes: &[Vec<u8>]) -> String {
    let mut out = String::new();
    for chunk in bytes {
        for row in chunk.chunks(32) {
            let hex: Vec<String> = row.iter().map(|b| format!("{b:02x}")).collect();
            out.push_str(&hex.join(" "));
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// `got` against the golden file `name`, or written there under `LARIS_UPDATE_GOLDEN=1`.
fn golden_file(name: &str, got: &str) {
    let path = repo_file("tests/golden").join(name);
    if std::env::var_os("LARIS_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (LARIS_UPDATE_GOLDEN=1 writes it)", path.display()));
    assert!(
        expected == got,
        "{name} differs from what is laid out now; if the change is meant, LARIS_UPDATE_GOLDEN=1 \
         and read the diff.\n--- got:\n{got}"
    );
}

/// The lines a printer prints from `bytes`, as the text rendering pads them, and the other
/// things it does.
fn as_printed(bytes: &[u8], paper: Paper) -> (Vec<String>, Vec<Printed>) {
    let mut lines = Vec::new();
    let mut other = Vec::new();
    for p in decode::decode(bytes) {
        match p {
            Printed::Line { text, align, .. } => {
                let pad = match align {
                    decode::Align::Center => {
                        paper.columns().saturating_sub(text.chars().count()) / 2
                    }
                    _ => 0,
                };
                lines.push(format!("{}{text}", " ".repeat(pad)));
            }
            other_thing => other.push(other_thing),
        }
    }
    (lines, other)
}

#[test]
fn a_busy_receipt_matches_its_golden_files_on_both_papers() {
    let (_dir, sale, shop, kasbon, _) = busy_sale();
    for paper in [Paper::Mm58, Paper::Mm80] {
        let r = receipt(&sale, &shop, Some(&kasbon), paper);
        let text = r.text();
        for line in text.lines() {
            assert!(
                line.chars().count() <= paper.columns(),
                "{line:?} is wider than {paper:?}"
            );
        }
        assert!(
            text.contains("Supercalifragilisticexpialidoci"),
            "a long word is cut, not dropped"
        );
        assert!(text.contains("Kasbon a.n. Bu Ani"));
        assert!(text.contains("Jatuh tempo"));
        golden_file(&format!("busy-{}.txt", paper.mm()), &text);

        let job = r.escpos(EscPosOptions {
            qr: true,
            cut: true,
            open_drawer: true,
        });
        golden_file(
            &format!("busy-{}.escpos.hex", paper.mm()),
            &hex_lines(&job.chunks),
        );

        let (lines, other) = as_printed(&job.bytes(), paper);
        let expected: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines, expected,
            "the printer prints the text, line for line"
        );
        assert_eq!(
            other.first(),
            Some(&Printed::DrawerPulse),
            "the drawer opens first"
        );
        assert_eq!(other.last(), Some(&Printed::Cut));
        let images = other
            .iter()
            .filter(|p| matches!(p, Printed::Image { .. }))
            .count();
        assert!(images >= 3, "the QR code prints in bands, got {images}");
        let bold_tall_total = decode::decode(&job.bytes()).into_iter().any(|p| {
            matches!(p, Printed::Line { ref text, bold: true, double_height: true, .. } if text.starts_with("TOTAL"))
        });
        assert!(bold_tall_total, "the total is bold and double height");
    }
}

#[test]
fn the_kasbon_block_says_what_was_charged_and_what_is_owed() {
    let (_dir, sale, shop, kasbon, earlier) = busy_sale();
    assert_eq!(
        kasbon.owed,
        kasbon.charged + earlier,
        "with the earlier kasbon"
    );
    assert_eq!(kasbon.due_day, Some(20_261_215));
    let text = receipt(&sale, &shop, Some(&kasbon), Paper::Mm80).text();
    let owed = laris_core::format_rupiah(kasbon.owed);
    assert!(
        text.lines()
            .any(|l| l.starts_with("Sisa kasbon") && l.ends_with(&owed)),
        "{text}"
    );
    assert!(text.contains("15/12/2026"), "{text}");
}

#[test]
fn a_reprint_says_so() {
    let (_dir, sale, shop, kasbon, _) = busy_sale();
    let input = ReceiptInput {
        sale: &sale,
        shop: &shop,
        kasbon: Some(&kasbon),
        reprint: true,
    };
    let r = laris_receipt::layout(&input, Paper::Mm58);
    assert!(
        r.lines
            .iter()
            .any(|l| l.text == "CETAK ULANG" && l.align == Align::Center)
    );
}

#[test]
fn the_png_is_the_receipt_drawn() {
    let (_dir, sale, shop, kasbon, _) = busy_sale();
    for paper in [Paper::Mm58, Paper::Mm80] {
        let r = receipt(&sale, &shop, Some(&kasbon), paper);
        let png = r.png().unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.width as usize, paper.columns() * 16 + 48);
        assert!(
            info.height as usize > r.lines.len() * 16,
            "every line has its rows"
        );
        let ink = buf[..info.buffer_size()]
            .iter()
            .map(|b| (!b).count_ones())
            .sum::<u32>();
        assert!(ink > 10_000, "there is text on it ({ink} dots)");
    }
}

#[test]
fn the_test_page_fills_the_paper() {
    let shop = ShopSettings {
        name: "Warung Bu Sri".into(),
        ..ShopSettings::default()
    };
    for paper in [Paper::Mm58, Paper::Mm80] {
        let page =
            laris_receipt::test_page(&shop, paper, "tcp://192.168.1.50:9100", 1_795_763_100_000);
        let text = page.text();
        assert!(text.contains("TES PRINTER"));
        assert!(
            text.lines().any(|l| l.chars().count() == paper.columns()),
            "a full-width ruler"
        );
        let (lines, other) = as_printed(&page.escpos(EscPosOptions::default()).bytes(), paper);
        assert_eq!(lines, text.lines().collect::<Vec<_>>());
        assert_eq!(other.last(), Some(&Printed::Cut));
    }
}
