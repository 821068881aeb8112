//! The books in the real window (step 7): the built `laris-desktop` under Xvfb through
//! tauri-driver, on a till with people, a kasbon customer and the shared warung catalog.
//!
//! One cashier's shift as it happens: Dewi logs in by tapping her PIN on the lock screen,
//! opens a shift with a float of Rp 100.000, rings up four Indomie Goreng (Rp 14.000) on
//! kasbon for Bu Ani with Rp 5.000 down in cash, takes Rp 4.000 of it back in cash on the
//! Kasbon screen, refunds one Indomie in cash from Laporan with the owner's PIN (a wrong one
//! first), and closes the shift Rp 500 short. The closing report's expected, counted and
//! difference per method are checked to the Rupiah, then the database itself once the app
//! has exited. Screenshots go to `LARIS_SCREENSHOTS`.

use std::sync::Arc;

use laris_core::{
    CustomerDraft, KasbonKind, PaymentMethod, RandomIds, ReturnKind, Role, ShopTimeZone,
    SystemClock,
};
use laris_tests::open_new_shop;
use laris_tests::window::{
    app_env, css, gone, notice, receipt_amount, rp, screenshots_dir, typed, value_of, wait_text,
    wait_text_containing, wait_until_closed, window_tools,
};
use laris_webdriver::{ENTER, TauriDriver};

/// Indomie Goreng 85g, Rp 3.500.
const INDOMIE: (&str, &str) = ("W0001", "2000000000015");
const PRICE: i64 = 3_500;
const OWNER: (&str, &str) = ("Bu Sri", "4821");
const CASHIER: (&str, &str) = ("Dewi", "1357");
const CUSTOMER: &str = "Bu Ani";

// The scenario's figures, each from the ones before it.
const FLOAT: i64 = 100_000;
const SOLD: i64 = 4;
const TOTAL: i64 = SOLD * PRICE; // 14.000
const DOWN: i64 = 5_000;
const CHARGED: i64 = TOTAL - DOWN; // 9.000 on Bu Ani's account
const REPAID: i64 = 4_000;
const OWED: i64 = CHARGED - REPAID; // 5.000
const REFUNDED: i64 = PRICE; // one Indomie back, in cash
const EXPECTED_CASH: i64 = FLOAT + DOWN + REPAID - REFUNDED; // 105.500
const SHORT: i64 = 500;
const COUNTED_CASH: i64 = EXPECTED_CASH - SHORT; // 105.000
const OPENING_STOCK: i64 = 40;

/// A closing's figures for one method: method, takings, expected, counted, difference.
type MethodFigures = (PaymentMethod, i64, i64, Option<i64>, Option<i64>);

/// A closing report's cell for one method.
fn report_cell(method: &str, cell: &str) -> String {
    format!(
        "{} [data-testid=\"shift-method-row\"][data-method=\"{method}\"] {}",
        css("shift-close-report"),
        css(cell)
    )
}

#[test]
fn a_cashiers_shift_with_kasbon_a_repayment_and_a_refund_in_the_real_window() {
    let Some(tools) = window_tools() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let shots = screenshots_dir(tmp.path());
    let db = tmp.path().join("till.db");
    let (owner_id, customer_id, indomie_id) = {
        let mut shop = open_new_shop(
            &db,
            Arc::new(SystemClock),
            Arc::new(RandomIds),
            ShopTimeZone::Wib,
        );
        let owner = shop
            .add_first_owner(OWNER.0, OWNER.1)
            .expect("the first owner");
        let approval = shop.owner_approval(OWNER.1).expect("the owner's approval");
        shop.add_person(approval, CASHIER.0, Role::Cashier, CASHIER.1)
            .expect("the cashier");
        let customer = shop
            .save_customer(
                &CustomerDraft {
                    name: CUSTOMER.into(),
                    phone: Some("0812 3456 7890".into()),
                    ..CustomerDraft::default()
                },
                None,
            )
            .expect("the kasbon customer");
        let indomie = shop.product_by_code(INDOMIE.0).expect("a catalog product");
        shop.restock(&indomie, OPENING_STOCK * 1000, Some("stok awal"))
            .expect("restock");
        (owner.id, customer.id, indomie.id)
        // The store closes here: the app takes the database's writer lock.
    };

    let driver = TauriDriver::start(&tools.tauri_driver, &app_env(&db, tmp.path()));
    let mut s = driver.session(&tools.app);
    s.failure_shots = Some(shots.clone());

    // 1. The lock screen: Dewi's tile, her PIN tapped on the pad; she is on duty.
    s.wait_for(&css("lock-screen"), 30);
    let tiles: Vec<String> = s
        .find_all(&css("lock-person"))
        .iter()
        .filter_map(|t| s.attribute(t, "data-name"))
        .collect();
    assert_eq!(tiles.len(), 2, "one tile per person: {tiles:?}");
    assert!(
        tiles.contains(&OWNER.0.to_string()) && tiles.contains(&CASHIER.0.to_string()),
        "{tiles:?}"
    );
    s.click_on(&format!(
        "{}[data-name=\"{}\"]",
        css("lock-person"),
        CASHIER.0
    ));
    for d in CASHIER.1.chars() {
        s.click_on(&css(&format!("pin-key-{d}")));
    }
    s.wait_until("four PIN dots", 10, || {
        let dots = s.find(&css("pin-dots"))?;
        (s.attribute(&dots, "data-count").as_deref() == Some("4")).then_some(())
    });
    s.screenshot(&shots.join("lock-screen.png"));
    s.click_on(&css("pin-submit"));
    // WebKitWebDriver's "displayed" check calls the top bar's name (overflow: hidden, for
    // its ellipsis) hidden, so its element text is empty: read what the page draws.
    s.wait_until("Dewi on duty in the top bar", 10, || {
        let name = s.execute(
            "const e = document.querySelector('[data-testid=\"on-duty-name\"]');
             return e && e.getBoundingClientRect().width > 0 ? e.innerText : null;",
        );
        (name.as_str() == Some(CASHIER.0)).then_some(())
    });
    s.wait_for(&css("scan-input"), 10);

    // 2. No shift yet: the notice on Kasir leads to the Shift screen; open with the float.
    s.click_on(&css("shift-notice-open"));
    let float = s.wait_for(&css("shift-float-input"), 10);
    s.clear(&float);
    s.type_into(&float, &typed(FLOAT));
    s.click_on(&css("shift-open"));
    notice(&s, &format!("Shift dibuka dengan modal {}", rp(FLOAT)));
    wait_text(&s, &css("shift-cash-now"), &rp(FLOAT));
    wait_text_containing(&s, &css("shift-current"), CASHIER.0);

    // 3. Four Indomie on kasbon for Bu Ani, Rp 5.000 down in cash.
    s.click_on(&css("nav-kasir"));
    gone(&s, "shift-notice");
    let line = format!("{}[data-sku=\"{}\"]", css("cart-line"), INDOMIE.0);
    for n in 1..=SOLD {
        let input = s.wait_for(&css("scan-input"), 10);
        s.type_into(&input, &format!("{}{ENTER}", INDOMIE.1));
        s.wait_for(&line, 10);
        wait_text(&s, &css("cart-total"), &rp(n * PRICE));
    }
    assert_eq!(
        s.find_all(&css("cart-line")).len(),
        1,
        "one line of four, not four lines"
    );
    s.click_on(&css("pay-button"));
    s.wait_for(&css("pay-dialog"), 10);
    s.click_on(&css("method-kasbon"));
    s.wait_for(&css("kasbon-picker"), 10);
    let search = s.wait_for(&css("kasbon-customer-search"), 10);
    s.type_into(&search, "ani");
    s.click_on(&format!(
        "{}[data-name=\"{CUSTOMER}\"]",
        css("kasbon-customer-option")
    ));
    s.wait_for(
        &format!("{}[data-name=\"{CUSTOMER}\"]", css("kasbon-customer")),
        10,
    );
    wait_text(&s, &css("kasbon-customer-balance"), &rp(0));
    wait_text(&s, &css("kasbon-charge"), &rp(TOTAL));
    let dp = s.wait_for(&css("kasbon-dp"), 10);
    s.type_into(&dp, &typed(DOWN));
    wait_text(&s, &css("kasbon-charge"), &rp(CHARGED));
    assert!(
        s.find(&css("kasbon-over-limit")).is_none(),
        "Bu Ani has no limit"
    );
    s.screenshot(&shots.join("bayar-kasbon-window.png"));
    s.click_on(&css("confirm-pay"));
    s.wait_for(&css("receipt-view"), 10);
    let receipt = s.wait_until("a receipt number", 10, || {
        Some(s.text_of(&css("receipt-no"))).filter(|r| r.starts_with("A-"))
    });
    let kasbon_line = wait_text_containing(&s, &css("receipt-kasbon"), CUSTOMER);
    assert!(kasbon_line.contains(&rp(CHARGED)), "{kasbon_line}");
    let text = wait_text_containing(&s, &css("receipt-text"), "TOTAL");
    assert_eq!(receipt_amount(&text, "TOTAL"), Some(rp(TOTAL)), "{text}");
    assert_eq!(receipt_amount(&text, "Tunai"), Some(rp(DOWN)), "{text}");
    assert_eq!(receipt_amount(&text, "Kasbon"), Some(rp(CHARGED)), "{text}");
    assert!(
        s.find(&css("receipt-change")).is_none(),
        "no change on a down payment"
    );
    s.screenshot(&shots.join("struk-kasbon-window.png"));
    s.click_on(&css("new-sale"));
    gone(&s, "receipt-view");

    // 4. Kasbon: Bu Ani owes Rp 9.000 and pays Rp 4.000 back in cash.
    s.click_on(&css("nav-kasbon"));
    wait_text(&s, &css("kasbon-total"), &rp(CHARGED));
    wait_text(&s, &css("kasbon-count"), "1 pelanggan berutang");
    let row = format!("{}[data-name=\"{CUSTOMER}\"]", css("customer-row"));
    wait_text(
        &s,
        &format!("{row} {}", css("customer-balance")),
        &rp(CHARGED),
    );
    s.click_on(&row);
    s.wait_for(&css("customer-account"), 10);
    wait_text(&s, &css("account-balance"), &rp(CHARGED));
    s.wait_until("one ledger row", 10, || {
        (s.find_all(&css("ledger-row")).len() == 1).then_some(())
    });
    s.click_on(&css("account-repay"));
    s.wait_for(&css("repay-dialog"), 10);
    wait_text(&s, &css("repay-owed"), &rp(CHARGED));
    let amount = s.wait_for(&css("repay-amount"), 10);
    s.type_into(&amount, &typed(REPAID));
    wait_text(&s, &css("repay-rest"), &rp(OWED));
    s.click_on(&css("repay-submit"));
    gone(&s, "repay-dialog");
    notice(
        &s,
        &format!(
            "Pembayaran {} dicatat. Sisa kasbon {}.",
            rp(REPAID),
            rp(OWED)
        ),
    );
    wait_text(&s, &css("account-balance"), &rp(OWED));
    let rows = s.wait_until("two ledger rows", 10, || {
        let rows = s.find_all(&css("ledger-row"));
        (rows.len() == 2).then_some(rows)
    });
    // Newest first: the repayment, then the charge, each with the balance after it.
    assert_eq!(
        s.attribute(&rows[0], "data-kind").as_deref(),
        Some("repayment")
    );
    assert_eq!(
        s.attribute(&rows[1], "data-kind").as_deref(),
        Some("charge")
    );
    let afters: Vec<String> = s
        .find_all(&format!("{} {}", css("ledger-row"), css("ledger-after")))
        .iter()
        .map(|e| s.text(e).trim().to_string())
        .collect();
    assert_eq!(afters, [rp(OWED), rp(CHARGED)]);
    s.screenshot(&shots.join("kasbon-window.png"));
    s.click_on(&format!(
        "{} {}",
        css("customer-account"),
        css("dialog-close")
    ));
    gone(&s, "customer-account");
    wait_text(&s, &css("kasbon-total"), &rp(OWED));

    // 5. Laporan: the sale's receipt, "Retur" of one Indomie in cash, with the owner's PIN.
    s.click_on(&css("nav-laporan"));
    s.click_on(&format!("{}[data-receipt=\"{receipt}\"]", css("sale-row")));
    s.wait_for(&css("receipt-view"), 10);
    s.click_on(&css("sale-refund"));
    s.wait_for(&css("refund-dialog"), 10);
    let qty = s.wait_for(&css("refund-qty-1"), 10);
    s.type_into(&qty, "1");
    wait_text(&s, &css("refund-estimate"), &rp(REFUNDED));
    // A kasbon sale offers Kasbon too, and starts on it (it paid the most): choose Tunai.
    let methods: Vec<String> = s
        .find_all(&format!("{} option", css("refund-method")))
        .iter()
        .filter_map(|o| s.attribute(o, "value"))
        .collect();
    assert_eq!(methods, ["cash", "qris", "transfer", "kasbon"]);
    s.click_on(&format!("{} option[value=\"cash\"]", css("refund-method")));
    s.wait_until("Tunai chosen", 10, || {
        (value_of(&s, "refund-method") == "cash").then_some(())
    });
    s.type_into(&s.wait_for(&css("refund-reason"), 5), "Kemasan rusak");
    s.click_on(&css("refund-submit"));
    s.wait_for(&css("owner-pin-dialog"), 10);
    wait_text(
        &s,
        &css("owner-pin-summary"),
        &format!("Retur barang dari {receipt}"),
    );
    // A wrong PIN is refused in the dialog, and nothing is taken back.
    s.type_into(&s.wait_for(&css("owner-pin-input"), 5), "1111");
    s.click_on(&css("owner-pin-submit"));
    wait_text(&s, &css("owner-pin-error"), "PIN salah.");
    assert!(s.find(&css("sale-return-row")).is_none());
    let pin = s.wait_for(&css("owner-pin-input"), 5);
    s.clear(&pin);
    s.type_into(&pin, OWNER.1);
    s.screenshot(&shots.join("owner-pin-window.png"));
    s.click_on(&css("owner-pin-submit"));
    gone(&s, "owner-pin-dialog");
    gone(&s, "refund-dialog");
    notice(
        &s,
        &format!("Retur dicatat: {} dikembalikan.", rp(REFUNDED)),
    );
    let returned = wait_text_containing(&s, &css("sale-return-row"), "Kemasan rusak");
    assert!(returned.contains("Tunai"), "{returned}");
    assert!(
        returned.contains(&format!("oleh {}", CASHIER.0)),
        "{returned}"
    );
    wait_text(&s, &css("sale-return-amount"), &rp(REFUNDED));
    s.screenshot(&shots.join("retur-window.png"));
    s.click_on(&format!("{} {}", css("receipt-view"), css("dialog-close")));
    gone(&s, "receipt-view");
    // A refund in cash leaves the kasbon as it was.
    s.click_on(&css("nav-kasbon"));
    wait_text(&s, &css("kasbon-total"), &rp(OWED));

    // 6. Shift: the drawer should hold float + down payment + repayment − refund; close short.
    s.click_on(&css("nav-shift"));
    wait_text(&s, &css("shift-cash-now"), &rp(EXPECTED_CASH));
    wait_text(
        &s,
        &format!("{} {}", css("shift-current"), css("shift-sales")),
        &format!("1 transaksi · {}", rp(TOTAL)),
    );
    wait_text(&s, &css("shift-kasbon"), &rp(CHARGED));
    wait_text(&s, &css("shift-refunds"), &rp(REFUNDED));
    s.click_on(&css("shift-close"));
    let counted = s.wait_for(&css("close-counted-cash"), 10);
    s.type_into(&counted, &typed(COUNTED_CASH));
    s.click_on(&css("close-submit"));
    s.wait_for(&css("shift-close-report"), 10);
    wait_text(
        &s,
        &format!("{} {}", css("shift-close-report"), css("shift-float")),
        &rp(FLOAT),
    );
    wait_text(
        &s,
        &format!("{} {}", css("shift-close-report"), css("shift-sales")),
        &format!("1 transaksi · {}", rp(TOTAL)),
    );
    wait_text(
        &s,
        &format!("{} {}", css("shift-close-report"), css("shift-kasbon")),
        &rp(CHARGED),
    );
    wait_text(
        &s,
        &format!("{} {}", css("shift-close-report"), css("shift-refunds")),
        &rp(REFUNDED),
    );
    let shown: Vec<(String, String, String, String)> = ["cash", "qris", "transfer"]
        .iter()
        .map(|m| {
            let tally = s
                .find(&format!(
                    "{} [data-testid=\"shift-method-row\"][data-method=\"{m}\"]",
                    css("shift-close-report")
                ))
                .and_then(|r| s.attribute(&r, "data-tally"))
                .unwrap_or_default();
            (
                s.text_of(&report_cell(m, "shift-expected")).trim().into(),
                s.text_of(&report_cell(m, "shift-counted")).trim().into(),
                s.text_of(&report_cell(m, "shift-difference")).trim().into(),
                tally,
            )
        })
        .collect();
    let row = |e: i64, c: &str, d: &str, k: &str| (rp(e), c.to_string(), d.to_string(), k.into());
    assert_eq!(
        shown,
        [
            row(
                EXPECTED_CASH,
                &rp(COUNTED_CASH),
                &format!("Kurang {}", rp(SHORT)),
                "short"
            ),
            row(0, "—", "—", "uncounted"),
            row(0, "—", "—", "uncounted"),
        ],
        "the closing report per method (expected, counted, difference, tally)"
    );
    s.screenshot(&shots.join("shift-close-window.png"));
    s.click_on(&css("shift-report-ok"));
    gone(&s, "shift-close-report");
    // Closed: the next float is offered from the count; the history shows the shortfall.
    s.wait_until("the next float from the count", 10, || {
        (value_of(&s, "shift-float-input") == typed(COUNTED_CASH)).then_some(())
    });
    wait_text(
        &s,
        &css("shift-row-difference"),
        &format!("Kurang {}", rp(SHORT)),
    );
    s.quit();

    // 7. The database, once the app has let go of it.
    let store = wait_until_closed(&db);
    let (account, entries) = store
        .customer_account(customer_id)
        .expect("Bu Ani's account");
    assert_eq!(account.balance, OWED, "Bu Ani's balance");
    let ledger: Vec<(KasbonKind, i64, Option<PaymentMethod>)> = entries
        .iter()
        .map(|e| (e.kind, e.amount, e.method))
        .collect();
    assert_eq!(ledger.len(), 2, "a charge and a repayment: {ledger:?}");
    assert!(
        ledger.contains(&(KasbonKind::Charge, CHARGED, None))
            && ledger.contains(&(KasbonKind::Repayment, REPAID, Some(PaymentMethod::Cash))),
        "{ledger:?}"
    );

    let sales = store.recent_sales(10, true).expect("the sales");
    assert_eq!(sales.len(), 1, "{sales:?}");
    assert_eq!(
        (sales[0].receipt_no.as_str(), sales[0].total),
        (receipt.as_str(), TOTAL)
    );
    let sale = store
        .query()
        .sale(sales[0].id)
        .expect("read the sale")
        .expect("the sale");
    let mut paid: Vec<(PaymentMethod, i64)> =
        sale.payments.iter().map(|p| (p.method, p.amount)).collect();
    paid.sort_by_key(|(m, _)| m.as_str());
    assert_eq!(
        paid,
        [
            (PaymentMethod::Cash, DOWN),
            (PaymentMethod::Kasbon, CHARGED)
        ]
    );
    assert_eq!(sale.cashier.as_deref(), Some(CASHIER.0));

    let returns = store.query().returns_of(sale.id).expect("the returns");
    assert_eq!(returns.len(), 1, "{returns:?}");
    let r = &returns[0];
    assert_eq!(
        (r.kind, r.method, r.amount, r.reason.as_str()),
        (
            ReturnKind::Refund,
            PaymentMethod::Cash,
            REFUNDED,
            "Kemasan rusak"
        )
    );
    let lines: Vec<(i64, i64)> = r.lines.iter().map(|l| (l.line_no, l.qty_milli)).collect();
    assert_eq!(lines, [(1, 1000)]);
    assert_eq!(r.cashier.as_deref(), Some(CASHIER.0));
    assert_eq!(r.approved_by, Some(owner_id), "approved by the owner's PIN");
    assert_eq!(
        store.query().stock_level(indomie_id).expect("stock"),
        (OPENING_STOCK - SOLD + 1) * 1000,
        "four sold, one back"
    );

    let shifts = store.shifts(10).expect("the shifts");
    assert_eq!(shifts.len(), 1, "{shifts:?}");
    let shift = &shifts[0];
    assert_eq!(shift.open.float, FLOAT);
    assert_eq!(shift.open.opened_by.as_deref(), Some(CASHIER.0));
    let close = shift.close.as_ref().expect("the shift is closed");
    assert_eq!(close.closed_by.as_deref(), Some(CASHIER.0));
    let f = &close.figures;
    assert_eq!(
        (f.sale_count, f.sales_total, f.kasbon_charged, f.refunds),
        (1, TOTAL, CHARGED, REFUNDED)
    );
    let methods: Vec<MethodFigures> = f
        .methods
        .iter()
        .map(|m| (m.method, m.takings, m.expected, m.counted, m.difference()))
        .collect();
    assert_eq!(
        methods,
        [
            (
                PaymentMethod::Cash,
                DOWN + REPAID - REFUNDED,
                EXPECTED_CASH,
                Some(COUNTED_CASH),
                Some(-SHORT)
            ),
            (PaymentMethod::Qris, 0, 0, None, None),
            (PaymentMethod::Transfer, 0, 0, None, None),
        ]
    );
    assert!(
        store.current_shift().expect("the current shift").is_none(),
        "no shift left open"
    );
}
