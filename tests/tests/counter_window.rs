//! The counter at a cashier's speed, in the real window (step 6): the built `laris-desktop`
//! under Xvfb through tauri-driver, on a till with the shared warung catalog.
//!
//! What a cashier trips over in the first week, tried where it happens: a scan after a search
//! that left its text, Enter and the arrow keys in the search list, Esc, an unknown barcode
//! added on the spot, exact cash by one key and by one tap, cash and QRIS split with the
//! reference on the receipt, amounts and quantities that must be refused, the cart's subtotal
//! against the receipt's, a parked cart resumed, dates in Indonesian, and the phone layout.
//! Screenshots go to `LARIS_SCREENSHOTS`.

use std::sync::Arc;

use laris_core::{RandomIds, ShopTimeZone, SystemClock};
use laris_tests::open_new_shop;
use laris_tests::window::{app_env, css, receipt_amount, screenshots_dir, value_of, window_tools};
use laris_webdriver::{ARROW_DOWN, ARROW_UP, ENTER, ESCAPE, F8, Session, TauriDriver};

/// Indomie Goreng 85g, Rp 3.500.
const INDOMIE: (&str, &str) = ("W0001", "2000000000015");
/// Indomie Soto Mie 70g, Rp 3.300.
const SOTO: (&str, &str) = ("W0002", "2000000000022");
/// Kopi Kapal Api Renceng (10), Rp 14.000.
const RENCENG: (&str, &str) = ("W0049", "2000000000497");
/// A barcode the catalog does not have.
const UNKNOWN: &str = "8999999999999";

const ID_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

fn line(sku: &str) -> String {
    format!("{}[data-sku=\"{sku}\"]", css("cart-line"))
}

fn shown(s: &Session, testid: &str) -> bool {
    s.find(&css(testid)).is_some_and(|e| s.displayed(&e))
}

fn scan(s: &Session, barcode: &str) {
    let input = s.wait_for(&css("scan-input"), 10);
    s.type_into(&input, &format!("{barcode}{ENTER}"));
}

/// The search results' SKUs once at least `n` show.
fn results(s: &Session, n: usize) -> Vec<String> {
    s.wait_until(&format!("{n} search results"), 10, || {
        let found = s.find_all(&css("search-result"));
        (found.len() >= n).then(|| {
            found
                .iter()
                .map(|e| s.attribute(e, "data-sku").unwrap_or_default())
                .collect()
        })
    })
}

fn wait_box_empty(s: &Session) {
    s.wait_until("an empty scan box", 10, || {
        value_of(s, "scan-input").is_empty().then_some(())
    });
}

fn receipt_text(s: &Session) -> String {
    s.wait_for(&css("receipt-view"), 10);
    s.wait_until("the receipt's text", 10, || {
        Some(s.text_of(&css("receipt-text"))).filter(|t| t.contains("TOTAL"))
    })
}

fn new_sale(s: &Session) {
    s.click_on(&css("new-sale"));
    s.wait_until("the receipt closed", 10, || {
        s.find(&css("receipt-view")).is_none().then_some(())
    });
}

#[test]
fn the_counter_at_a_cashiers_speed_in_the_real_window() {
    let Some(tools) = window_tools() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let shots = screenshots_dir(tmp.path());
    let db = tmp.path().join("till.db");
    {
        let mut shop = open_new_shop(
            &db,
            Arc::new(SystemClock),
            Arc::new(RandomIds),
            ShopTimeZone::Wib,
        );
        for sku in [INDOMIE.0, SOTO.0, RENCENG.0] {
            let p = shop.product_by_code(sku).expect("a catalog product");
            shop.restock(&p, 40_000, Some("stok awal"))
                .expect("restock");
        }
    }
    let driver = TauriDriver::start(&tools.tauri_driver, &app_env(&db, tmp.path()));
    let mut s = driver.session(&tools.app);
    s.failure_shots = Some(shots.clone());
    let input = s.wait_for(&css("scan-input"), 30);

    // 1. A search leaves "indo gor" in the box; the next scan still finds its own product.
    s.type_into(&input, "indo gor");
    let found = results(&s, 2);
    assert!(found.contains(&INDOMIE.0.to_string()), "{found:?}");
    scan(&s, SOTO.1);
    s.wait_for(&line(SOTO.0), 10);
    assert!(
        s.find(&line(INDOMIE.0)).is_none(),
        "the search's hit was not added"
    );
    wait_box_empty(&s);

    // 2. Enter adds the top hit; 3. the arrows move the highlight; 4. Esc closes the list.
    s.type_into(&input, "kopi");
    let kopi = results(&s, 3);
    s.press(ENTER);
    s.wait_for(&line(&kopi[0]), 10);
    wait_box_empty(&s);
    s.type_into(&input, "kopi");
    let kopi = results(&s, 3);
    s.press(&format!("{ARROW_DOWN}{ARROW_DOWN}{ARROW_UP}"));
    s.wait_until("the second result highlighted", 10, || {
        let el = s.find(&format!("{}[aria-selected=\"true\"]", css("search-result")))?;
        (s.attribute(&el, "data-sku").as_deref() == Some(kopi[1].as_str())).then_some(())
    });
    s.press(ENTER);
    s.wait_for(&line(&kopi[1]), 10);
    s.type_into(&input, "kopi");
    results(&s, 2);
    s.press(ESCAPE);
    s.wait_until("the list closed", 10, || {
        s.find(&css("search-results")).is_none().then_some(())
    });
    wait_box_empty(&s);

    // 5. An unknown barcode opens "Tambah barang" with the code filled; saved, it is sold.
    scan(&s, UNKNOWN);
    s.wait_for(&css("add-product-dialog"), 10);
    s.wait_until("the scanned code in the form", 10, || {
        s.find_all(&css("form-barcode"))
            .iter()
            .any(|_| value_of(&s, "form-barcode") == UNKNOWN)
            .then_some(())
    });
    s.screenshot(&shots.join("tambah-barang.png"));
    if value_of(&s, "form-sku").is_empty() {
        s.type_into(&s.wait_for(&css("form-sku"), 5), "W9001");
    }
    s.type_into(&s.wait_for(&css("form-name"), 5), "Sabun Cuci Piring 800ml");
    s.type_into(&s.wait_for(&css("form-price"), 5), "12.500");
    s.click_on(&css("form-save"));
    s.wait_until("the new product in the cart", 10, || {
        s.find_all(&css("cart-line"))
            .iter()
            .any(|l| s.text(l).contains("Sabun Cuci Piring"))
            .then_some(())
    });

    // 6. A line discount; the cart's subtotal is the receipt's.
    let before = s.text_of(&css("cart-subtotal"));
    s.click_on(&format!("{} {}", line(SOTO.0), css("line-discount")));
    let discount = s.wait_for(&css("discount-input"), 10);
    s.type_into(&discount, &format!("500{ENTER}"));
    s.wait_until("the discounted line", 10, || {
        Some(s.text_of(&format!("{} {}", line(SOTO.0), css("line-net"))))
            .filter(|t| t.contains("2.800"))
    });
    let subtotal = s.wait_until("the cart's new subtotal", 10, || {
        Some(s.text_of(&css("cart-subtotal"))).filter(|t| t.starts_with("Rp") && *t != before)
    });
    let total = s.text_of(&css("cart-total"));

    // 7. Exact cash by one key: F8, then Enter with the cash box empty.
    s.press(F8);
    s.wait_for(&css("pay-dialog"), 10);
    s.press(ENTER);
    let text = receipt_text(&s);
    assert_eq!(
        receipt_amount(&text, "Subtotal").as_deref(),
        Some(subtotal.as_str()),
        "cart subtotal {subtotal} vs receipt:\n{text}"
    );
    assert_eq!(
        receipt_amount(&text, "TOTAL").as_deref(),
        Some(total.as_str()),
        "{text}"
    );
    s.screenshot(&shots.join("struk-uang-pas.png"));
    new_sale(&s);

    // 8. Exact cash by one tap.
    scan(&s, INDOMIE.1);
    s.wait_for(&line(INDOMIE.0), 10);
    s.click_on(&css("pay-button"));
    s.click_on(&css("quick-cash-exact"));
    let text = receipt_text(&s);
    assert!(text.contains("Rp 3.500"), "{text}");
    new_sale(&s);

    // 9. Amounts that must be refused, with their message, and nothing paid.
    scan(&s, RENCENG.1);
    s.wait_for(&line(RENCENG.0), 10);
    s.press(F8);
    let cash = s.wait_for(&css("cash-input"), 10);
    for bad in ["-2500", "3.500,50"] {
        s.clear(&cash);
        s.type_into(&cash, bad);
        s.wait_until(&format!("the message for {bad}"), 10, || {
            Some(s.text_of(&css("cash-input-error"))).filter(|t| !t.is_empty())
        });
        s.press(ENTER);
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert!(s.find(&css("receipt-view")).is_none(), "{bad} paid a sale");
        assert_ne!(value_of(&s, "cash-input"), "", "{bad} was changed");
    }
    s.clear(&cash);

    // 10. Cash Rp 5.000 and the rest by QRIS, its reference on the receipt.
    s.click_on(&css("split-toggle"));
    let split_cash = s.wait_for(&css("split-cash"), 10);
    s.type_into(&split_cash, "5.000");
    s.click_on(&css("split-rest-qris"));
    s.wait_until("the rest of Rp 9.000", 10, || {
        Some(s.text_of(&css("split-rest"))).filter(|t| t.contains("9.000"))
    });
    s.type_into(&s.wait_for(&css("pay-reference"), 5), "QR123");
    s.screenshot(&shots.join("bayar-split.png"));
    s.press(ENTER);
    let text = receipt_text(&s);
    assert!(text.contains("Ref: QR123"), "{text}");
    assert!(text.contains("QRIS"), "{text}");
    new_sale(&s);

    // 11. A quantity of 99.999.999 is refused in the quantity dialog.
    scan(&s, INDOMIE.1);
    s.click_on(&format!("{} {}", line(INDOMIE.0), css("line-qty")));
    let qty = s.wait_for(&css("weight-input"), 10);
    s.clear(&qty);
    s.type_into(&qty, &format!("99999999{ENTER}"));
    s.wait_until("the message for 99999999", 10, || {
        Some(s.text_of(&css("weight-input-error"))).filter(|t| !t.is_empty())
    });
    assert!(shown(&s, "weight-input"), "the dialog stays open");
    s.press(ESCAPE);

    // 12. Park the cart (the customer went for money), serve another, resume the first.
    s.click_on(&css("park-cart"));
    s.wait_until("an empty cart", 10, || {
        s.find(&css("cart-line")).is_none().then_some(())
    });
    scan(&s, SOTO.1);
    s.wait_for(&line(SOTO.0), 10);
    // With a cart on the counter the parked ones are folded under their title.
    if !shown(&s, "resume-cart") {
        s.click_on(&css("parked-toggle"));
    }
    s.click_on(&css("resume-cart"));
    s.wait_for(&line(INDOMIE.0), 10);
    assert!(s.find(&line(SOTO.0)).is_none(), "the other cart was parked");
    s.wait_for(&css("parked-cart"), 10);
    s.press(F8);
    s.wait_for(&css("pay-dialog"), 10);
    s.press(ENTER);
    receipt_text(&s);
    new_sale(&s);

    // 13. Dates in Indonesian order and words.
    s.click_on(&css("nav-laporan"));
    s.wait_for(&css("sale-row"), 15);
    let page = s.wait_until("Laporan's dates", 10, || {
        let text = s.execute("return document.body.innerText");
        let text = text.as_str().unwrap_or_default().to_string();
        ID_MONTHS
            .iter()
            .any(|m| text.contains(&format!(" {m} 20")))
            .then_some(text)
    });
    assert!(
        !page
            .split(|c: char| !(c.is_ascii_digit() || c == '/'))
            .any(|w| w.matches('/').count() == 2),
        "a dd/mm/yyyy or mm/dd/yyyy date: {page}"
    );
    // The report's own day fields too (WebKitGTK draws <input type="date"> month first).
    let from = value_of(&s, "report-from");
    assert!(
        ID_MONTHS.iter().any(|m| from.contains(&format!(" {m} 20"))),
        "the report's first day: {from}"
    );
    s.screenshot(&shots.join("laporan-tanggal.png"));

    // 14. A phone's width: the cart and its total one tap away.
    s.click_on(&css("nav-kasir"));
    scan(&s, INDOMIE.1);
    s.wait_for(&line(INDOMIE.0), 10);
    s.set_window_size(360, 740)
        .expect("the window resized to a phone's width");
    s.wait_until("the cart bar on a phone's width", 10, || {
        shown(&s, "cart-bar").then_some(())
    });
    assert!(s.text_of(&css("cart-bar")).contains("Rp 3.500"));
    assert!(
        !s.text_of(&css("pay-button")).contains("F8"),
        "a key hint on a phone"
    );
    s.screenshot(&shots.join("kasir-360-window.png"));
    s.click_on(&css("cart-bar"));
    s.wait_until("the cart opened", 10, || {
        shown(&s, "cart-panel").then_some(())
    });
    s.screenshot(&shots.join("cart-360-window.png"));
    s.quit();
}
