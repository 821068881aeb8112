//! The back office through HTTP, on each backend: sign-up, the session cookie and its CSRF
//! token, every endpoint refused without a session, with another owner's, with a device's
//! credential or a till owner's token, and from another site; outlets kept apart; a till's
//! sales on the dashboard with its "complete up to" and the provisional flag; a price edited
//! here reaching the till by last-writer-wins; exports; logout; and the lock-out of an
//! account across a restart and two server processes on one database.

mod common;

use common::client::JsonBody;
use common::fixtures::*;
use common::{Backend, Client, TestDb, TestServer, with_backend};
use laris_protocol::v1::{
    AuditEntryV1, EventBody, PaymentMethodV1, ProductV1, ReturnKindV1, SaleReturnLineV1,
    SaleReturnV1, Stamped,
};
use laris_protocol::{Hlc, v1::api};
use laris_server::ManualClock;
use laris_server::web::paths;
use laris_server::web::wire::{DashboardView, MeView, ProductPageView, ProductView, SalesPageView};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_office_sqlite() {
    with_backend(Backend::Sqlite, "back_office", back_office).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_office_postgres() {
    with_backend(Backend::Postgres, "back_office", back_office).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_lockout_sqlite() {
    with_backend(Backend::Sqlite, "web_lockout", web_lockout).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_lockout_postgres() {
    with_backend(Backend::Postgres, "web_lockout", web_lockout).await;
}

/// A browser of the back office: its cookie and CSRF token.
#[derive(Debug, Clone)]
struct Web {
    client: Client,
    cookie: Option<String>,
    csrf: Option<String>,
}

#[derive(Debug)]
struct Reply {
    status: u16,
    set_cookie: Option<String>,
    body: Vec<u8>,
}

impl Reply {
    fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{e}: {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn code(&self) -> String {
        self.json::<Value>()["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

impl Web {
    fn new(server: &TestServer) -> Self {
        Web {
            client: server.client(),
            cookie: None,
            csrf: None,
        }
    }

    async fn send(&self, rb: reqwest::RequestBuilder) -> Reply {
        let mut rb = rb;
        if let Some(c) = &self.cookie {
            rb = rb.header("cookie", format!("{}={c}", paths::SESSION_COOKIE));
        }
        let resp = rb.send().await.expect("HTTP request");
        let set_cookie = resp
            .headers()
            .get("set-cookie")
            .map(|v| v.to_str().unwrap().to_string());
        Reply {
            status: resp.status().as_u16(),
            set_cookie,
            body: resp.bytes().await.unwrap().to_vec(),
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(self.client.request(Method::GET, path, None))
            .await
    }

    async fn post(&self, path: &str, body: &Value) -> Reply {
        let mut rb = self
            .client
            .request(Method::POST, path, None)
            .json_body(body);
        if let Some(t) = &self.csrf {
            rb = rb.header(paths::CSRF_HEADER, t);
        }
        self.send(rb).await
    }

    /// Takes the session a sign-up or login answered with.
    fn signed_in(&mut self, r: &Reply) -> MeView {
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let cookie = r.set_cookie.as_deref().expect("a session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        let value = cookie
            .split(';')
            .next()
            .unwrap()
            .strip_prefix(&format!("{}=", paths::SESSION_COOKIE))
            .unwrap();
        self.cookie = Some(value.to_string());
        let me: MeView = r.json();
        self.csrf = Some(me.csrf_token.clone());
        me
    }
}

fn store_path(template: &str, store: Uuid) -> String {
    template
        .replace("{store_id}", &store.to_string())
        .replace("{device_id}", &Uuid::nil().to_string())
        .replace("{product_id}", &Uuid::nil().to_string())
        .replace("{sale_id}", &Uuid::nil().to_string())
        .replace("{session_id}", &Uuid::nil().to_string())
        .replace("{dataset}", "sales")
}

/// Every back-office endpoint but the public ones, with the method it takes.
fn guarded() -> Vec<(Method, &'static str)> {
    let gets = [
        paths::ME,
        paths::SESSIONS,
        paths::DASHBOARD,
        paths::DEVICES,
        paths::PRODUCTS,
        paths::SALES,
        paths::SALE,
        paths::STOCK,
        paths::BOOKS,
        paths::RETURNS,
        paths::AUDIT,
        paths::MOVEMENTS,
        paths::STOREFRONT,
        paths::EXPORT,
    ];
    let posts = [
        paths::LOGOUT,
        paths::SESSION_REVOKE,
        paths::STORES,
        paths::DEVICE_RENAME,
        paths::DEVICE_REVOKE,
        paths::PAIRING_CODES,
        paths::PRODUCTS,
        paths::PRODUCT,
        paths::PRODUCTS_IMPORT,
        paths::STOREFRONT,
    ];
    let mut all: Vec<(Method, &str)> = gets.iter().map(|p| (Method::GET, *p)).collect();
    all.extend(posts.iter().map(|p| (Method::POST, *p)));
    // Every path is covered: the public ones are config, signup and login.
    for (_, p) in paths::ALL {
        assert!(
            all.iter().any(|(_, q)| q == p)
                || [paths::CONFIG, paths::SIGNUP, paths::LOGIN].contains(p),
            "{p} is not checked"
        );
    }
    all
}

fn product_input(name: &str, price: i64) -> Value {
    json!({
        "sku": format!("BO-{}", name.len()), "name": name, "category": "Minuman", "unit": "pcs",
        "price": price, "cost": price * 8 / 10, "barcodes": ["8990001112223"], "active": true,
        "soldByWeight": false, "trackStock": true, "minStockMilli": 2000
    })
}

async fn sign_up(server: &TestServer, email: &str, shop: &str) -> (Web, MeView) {
    let mut web = Web::new(server);
    let r = web
        .post(
            paths::SIGNUP,
            &json!({"email": email, "password": PASSWORD, "shopName": shop}),
        )
        .await;
    let me = web.signed_in(&r);
    (web, me)
}

async fn back_office(db: TestDb) {
    let clock = ManualClock::new(common::T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let anon = Web::new(&server);
    let config: Value = anon.get(paths::CONFIG).await.json();
    assert_eq!(config["signup"], "open");

    let (sri, me) = sign_up(&server, "Sri@Example.id ", "Warung Bu Sri").await;
    assert_eq!(me.email, "sri@example.id");
    assert_eq!(me.stores.len(), 1);
    let shop = me.stores[0].store_id;
    let again = anon
        .post(
            paths::SIGNUP,
            &json!({"email": "sri@example.id", "password": PASSWORD, "shopName": "Lagi"}),
        )
        .await;
    assert_eq!((again.status, again.code().as_str()), (409, "email_taken"));
    let (joko, joko_me) = sign_up(&server, "joko@example.id", "Toko Joko").await;
    let joko_shop = joko_me.stores[0].store_id;

    // A till of Sri's shop, paired with a code the back office made.
    let code: Value = sri
        .post(&store_path(paths::PAIRING_CODES, shop), &json!({}))
        .await
        .json();
    let link = code["link"].as_str().unwrap();
    assert!(
        link.ends_with(&format!("/pasang?kode={}", code["code"].as_str().unwrap())),
        "{link}"
    );
    let c = server.client();
    let id = laris_server::secret::random_uuid();
    let paired = pair_with(&c, code["code"].as_str().unwrap(), id, "A")
        .await
        .unwrap();
    let till = Device {
        id,
        store_id: shop,
        code: "A".into(),
        token: paired.credential,
    };

    // Refused: no session, another owner's, a device credential, a till owner's token.
    let till_owner: api::OwnerSession = c
        .post_json(
            api::OWNER_LOGIN,
            None,
            &api::OwnerLogin {
                email: "sri@example.id".into(),
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap();
    for (method, template) in guarded() {
        let path = store_path(template, shop);
        let body = json!({});
        for (who, web, bearer) in [
            ("nobody", &anon, None),
            ("a device", &anon, Some(till.token.as_str())),
            ("a till owner", &anon, Some(till_owner.token.as_str())),
        ] {
            let mut rb = web.client.request(method.clone(), &path, bearer);
            if method == Method::POST {
                rb = rb.json_body(&body);
            }
            let r = web.send(rb).await;
            assert_eq!(
                (r.status, r.code().as_str()),
                (401, "invalid_session"),
                "{who}: {method} {template}"
            );
        }
        if template.contains("{store_id}") {
            let r = match method {
                Method::GET => joko.get(&path).await,
                _ => joko.post(&path, &body).await,
            };
            assert_eq!(r.status, 404, "another owner: {method} {template}");
        }
    }
    // A state change without the CSRF token, or from another site, is refused.
    let no_csrf = Web {
        csrf: None,
        ..sri.clone()
    };
    let r = no_csrf
        .post(&store_path(paths::PRODUCTS, shop), &product_input("X", 1))
        .await;
    assert_eq!((r.status, r.code().as_str()), (403, "csrf_refused"));
    let r = sri
        .send(
            sri.client
                .request(Method::POST, &store_path(paths::PRODUCTS, shop), None)
                .header(paths::CSRF_HEADER, sri.csrf.clone().unwrap())
                .header("sec-fetch-site", "cross-site")
                .json_body(&product_input("X", 1)),
        )
        .await;
    assert_eq!((r.status, r.code().as_str()), (403, "csrf_refused"));
    let r = anon
        .send(
            anon.client
                .request(Method::POST, paths::LOGIN, None)
                .header("origin", "https://evil.example")
                .json_body(&json!({"email": "sri@example.id", "password": PASSWORD})),
        )
        .await;
    assert_eq!((r.status, r.code().as_str()), (403, "csrf_refused"));

    // A product whose name is markup: stored and answered as the text it is.
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let made: ProductView = sri
        .post(
            &store_path(paths::PRODUCTS, shop),
            &product_input(evil, 5_000),
        )
        .await
        .json();
    assert_eq!(made.name, evil);
    // The till has it on its next pull.
    let (changes, cursor, _) = pull_all(&c, &till, 0, 100).await;
    let pulled = |changes: &[laris_protocol::v1::Change]| -> Option<ProductV1> {
        changes.iter().rev().find_map(|ch| match &ch.body {
            EventBody::ProductUpsert(p) if p.id == made.product_id => Some((**p).clone()),
            _ => None,
        })
    };
    let on_till = pulled(&changes).expect("the till pulls the new product");
    assert_eq!(on_till.price.value, 5_000);

    // Sales from the till, then a sync: the dashboard counts them, complete up to the sync.
    clock.advance(60_000);
    let now = clock.now_ms();
    let s1 = sale(
        now - 30_000,
        PaymentMethodV1::Cash,
        &[(made.product_id, 2, 5_000)],
    );
    let s2 = sale(
        now - 20_000,
        PaymentMethodV1::Qris,
        &[(made.product_id, 1, 5_000)],
    );
    handshake(&c, &till, 2, now).await.unwrap();
    push(
        &c,
        &till,
        numbered(1, vec![EventBody::Sale(s1.clone()), EventBody::Sale(s2)]),
    )
    .await
    .unwrap();
    let dash: DashboardView = sri.get(&store_path(paths::DASHBOARD, shop)).await.json();
    assert_eq!((dash.sales, dash.total), (2, 15_000));
    assert_eq!(dash.gross_profit, 15_000 - 12_000);
    assert_eq!(dash.average_basket, 7_500);
    assert_eq!(dash.by_cashier[0].key, "Rina");
    assert_eq!(dash.best_sellers[0].name, evil);
    assert_eq!(dash.best_sellers[0].qty_milli, 3_000);
    let d = &dash.devices[0];
    assert_eq!((d.code.as_str(), d.pending, d.sales_held), ("A", 0, 2));
    // The tests' client names no laris-sync version; a real till's does (signup_window).
    assert_eq!(d.app_version, None);
    assert_eq!(d.complete_up_to_ms, Some(now));
    // Every till has delivered what it had up to now: today's figures so far are final.
    assert!(!dash.provisional, "{:?}", dash.incomplete_devices);
    let yesterday = "2025-12-31";
    let past: DashboardView = sri
        .get(&format!(
            "{}?from={yesterday}&to={yesterday}",
            store_path(paths::DASHBOARD, shop)
        ))
        .await
        .json();
    assert!(!past.provisional && past.sales == 0, "{past:?}");
    // The till rings up a sale it has not sent: pending, and complete only up to the last sync.
    clock.advance(60_000);
    handshake(&c, &till, 3, clock.now_ms()).await.unwrap();
    let devices: Vec<Value> = sri.get(&store_path(paths::DEVICES, shop)).await.json();
    assert_eq!(devices[0]["pending"], 1);
    let dash: DashboardView = sri.get(&store_path(paths::DASHBOARD, shop)).await.json();
    assert_eq!(dash.devices[0].pending, 1);
    assert_eq!(dash.devices[0].complete_up_to_ms, Some(now));
    assert!(dash.provisional);
    assert_eq!(dash.incomplete_devices, vec!["Kasir A".to_string()]);

    // The sales list and a receipt.
    let list: SalesPageView = sri.get(&store_path(paths::SALES, shop)).await.json();
    assert_eq!(list.sales.len(), 2);
    assert_eq!(list.sales[1].receipt_no, s1.receipt_no, "newest first");
    let receipt: Value = sri
        .get(
            &paths::SALE
                .replace("{store_id}", &shop.to_string())
                .replace("{sale_id}", &s1.id.to_string()),
        )
        .await
        .json();
    assert_eq!(receipt["total"], 10_000);
    assert_eq!(receipt["device"], "A");
    assert_eq!(receipt["lines"][0]["qtyMilli"], 2_000);

    // Last writer wins between the back office and a till edit made offline.
    clock.advance(60_000);
    let product_path = paths::PRODUCT
        .replace("{store_id}", &shop.to_string())
        .replace("{product_id}", &made.product_id.to_string());
    let edited: ProductView = sri
        .post(&product_path, &product_input(evil, 6_000))
        .await
        .json();
    assert_eq!(edited.price, 6_000);
    // The till had changed the price earlier, offline, and pushes it now: the later stamp
    // (the back office's) stays, on the server and on the till after its pull.
    let mut offline = on_till.clone();
    offline.price = Stamped::new(5_500, Hlc::new(u64::try_from(now).unwrap(), 0, till.id));
    push(
        &c,
        &till,
        numbered(3, vec![EventBody::ProductUpsert(Box::new(offline))]),
    )
    .await
    .unwrap();
    let (changes, _, _) = pull_all(&c, &till, cursor, 100).await;
    assert_eq!(pulled(&changes).unwrap().price.value, 6_000);
    let page: ProductPageView = sri.get(&store_path(paths::PRODUCTS, shop)).await.json();
    assert_eq!(page.products[0].price, 6_000);
    assert_eq!(page.products[0].stock_milli, -3_000);
    // A later till edit wins over the back office's.
    clock.advance(60_000);
    let mut later = pulled(&changes).unwrap();
    later.price = Stamped::new(
        6_500,
        Hlc::new(u64::try_from(clock.now_ms()).unwrap(), 0, till.id),
    );
    push(
        &c,
        &till,
        numbered(4, vec![EventBody::ProductUpsert(Box::new(later))]),
    )
    .await
    .unwrap();
    let page: ProductPageView = sri.get(&store_path(paths::PRODUCTS, shop)).await.json();
    assert_eq!(page.products[0].price, 6_500);

    // Two tills' refunds of the same line, more than was sold, a restock and an audit entry:
    // the returns list flags the over-refund, the movements and the audit log show.
    let refund = |units: i64| SaleReturnV1 {
        id: laris_server::secret::random_uuid(),
        sale_id: s1.id,
        kind: ReturnKindV1::Refund,
        created_at: clock.now_ms(),
        cashier: Some("Dewi".into()),
        reason: "kemasan rusak".into(),
        method: PaymentMethodV1::Cash,
        amount: units * 5_000,
        cost: units * 4_000,
        lines: vec![SaleReturnLineV1 {
            line_no: 1,
            product_id: made.product_id,
            qty_milli: units * 1_000,
            amount: units * 5_000,
            cost: units * 4_000,
            moves_stock: true,
        }],
        approved_by: None,
    };
    let audit = AuditEntryV1 {
        id: laris_server::secret::random_uuid(),
        at: clock.now_ms(),
        actor_id: None,
        actor_name: Some("Bu Sri".into()),
        action: "sale_refunded".into(),
        subject: Some(s1.receipt_no.clone()),
        detail: "Rp 10.000".into(),
        reason: Some("kemasan rusak".into()),
        approval: Some("owner_pin".into()),
        approved_by: None,
    };
    let reply = push(
        &c,
        &till,
        numbered(
            5,
            vec![
                EventBody::SaleReturn(refund(2)),
                EventBody::SaleReturn(refund(2)),
                EventBody::StockMovement(restock(made.product_id, 24, clock.now_ms())),
                EventBody::Audit(audit),
            ],
        ),
    )
    .await
    .unwrap();
    assert!(reply.quarantined.is_empty(), "{:?}", reply.quarantined);
    let returns: Vec<Value> = sri.get(&store_path(paths::RETURNS, shop)).await.json();
    assert_eq!(returns.len(), 2);
    assert!(
        returns
            .iter()
            .all(|r| r["overRefund"] == true && r["receiptNo"] == s1.receipt_no.as_str())
    );
    let moves: Vec<Value> = sri.get(&store_path(paths::MOVEMENTS, shop)).await.json();
    assert_eq!(moves.len(), 1, "{moves:?}");
    assert_eq!(
        (moves[0]["kind"].as_str(), moves[0]["qtyMilli"].as_i64()),
        (Some("restock"), Some(24_000))
    );
    assert_eq!(moves[0]["product"], evil);
    let log: Vec<Value> = sri.get(&store_path(paths::AUDIT, shop)).await.json();
    assert_eq!(
        (log.len(), log[0]["action"].as_str()),
        (1, Some("sale_refunded"))
    );
    let books: Value = sri.get(&store_path(paths::BOOKS, shop)).await.json();
    assert_eq!(books["kasbonTotal"], 0);

    // Exports: CSV keeps the name as text (a formula would be defused), XLSX is a workbook.
    let day = "2026-01-01";
    let csv = sri
        .get(&format!(
            "{}?format=csv&from={day}&to={day}",
            store_path(paths::EXPORT, shop).replace("sales", "sale_lines")
        ))
        .await;
    assert_eq!(csv.status, 200);
    let text = String::from_utf8(csv.body).unwrap();
    assert!(
        text.starts_with("receipt_no,time,line,product,qty"),
        "{text}"
    );
    assert!(text.contains(&s1.receipt_no));
    let xlsx = sri
        .get(&format!(
            "{}?format=xlsx&from={day}&to={day}",
            store_path(paths::EXPORT, shop)
        ))
        .await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK"));

    // A catalog CSV: every row or none.
    let import = store_path(paths::PRODUCTS_IMPORT, shop);
    let refused = sri
        .post(
            &import,
            &json!({"csv": "sku,name,price\nK1,Kopi Kapal Api,1500\nK2,Gula,mahal\n"}),
        )
        .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.json::<Value>()["message"]
            .as_str()
            .unwrap()
            .contains("line 3")
    );
    let done: Value = sri
        .post(
            &import,
            &json!({"csv": "sku,name,price\nK1,Kopi Kapal Api,1500\nK2,Gula,16000\n"}),
        )
        .await
        .json();
    assert_eq!(
        (done["added"].as_u64(), done["updated"].as_u64()),
        (Some(2), Some(0))
    );
    let again: Value = sri
        .post(
            &import,
            &json!({"csv": "sku,name,price\nK1,Kopi Kapal Api,1600\nK2,Gula,16000\n"}),
        )
        .await
        .json();
    assert_eq!(
        (again["updated"].as_u64(), again["unchanged"].as_u64()),
        (Some(1), Some(1))
    );

    // An outlet: a second shop of the same account, its data its own.
    let outlet: Value = sri
        .post(paths::STORES, &json!({"name": "Warung Bu Sri 2"}))
        .await
        .json();
    let outlet_id: Uuid = outlet["storeId"].as_str().unwrap().parse().unwrap();
    let me: MeView = sri.get(paths::ME).await.json();
    assert_eq!(me.stores.len(), 2);
    let empty: DashboardView = sri
        .get(&store_path(paths::DASHBOARD, outlet_id))
        .await
        .json();
    assert_eq!((empty.sales, empty.devices.len()), (0, 0));
    assert_eq!(
        joko.get(&store_path(paths::DASHBOARD, outlet_id))
            .await
            .status,
        404
    );
    assert_eq!(
        joko.get(&store_path(paths::DASHBOARD, joko_shop))
            .await
            .status,
        200
    );

    // Logout: the cookie is cleared and the old one no longer works.
    let out = sri.post(paths::LOGOUT, &json!({})).await;
    assert_eq!(out.status, 200);
    assert!(out.set_cookie.unwrap().contains("Max-Age=0"));
    let after = sri.get(paths::ME).await;
    assert_eq!(
        (after.status, after.code().as_str()),
        (401, "invalid_session")
    );
    server.stop().await;
}

async fn web_lockout(db: TestDb) {
    let clock = ManualClock::new(common::T0);
    let one = TestServer::start(db.open().await, clock.clone()).await;
    let two = TestServer::start(db.open().await, clock.clone()).await;
    let (_, _) = sign_up(&one, "kunci@example.id", "Toko Kunci").await;
    let policy = laris_server::ServerConfig::default().guard.lockout;
    let wrong = json!({"email": "kunci@example.id", "password": "salah-sekali"});
    let right = json!({"email": "kunci@example.id", "password": PASSWORD});
    // Failures alternate between the two processes; each counts.
    for i in 0..policy.after_failures {
        let server = if i % 2 == 0 { &one } else { &two };
        let r = Web::new(server).post(paths::LOGIN, &wrong).await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (401, "invalid_login"),
            "failure {i}"
        );
        clock.advance(1_000);
    }
    // The right password is refused on both processes while the lock holds, and after a
    // restart of one of them.
    for server in [&one, &two] {
        let r = Web::new(server).post(paths::LOGIN, &right).await;
        assert_eq!((r.status, r.code().as_str()), (429, "account_locked"));
    }
    // The till's owner login shares the lock.
    let r = one
        .client()
        .send(
            one.client()
                .request(Method::POST, api::OWNER_LOGIN, None)
                .json_body(&right),
        )
        .await;
    assert_eq!(r.status.as_u16(), 429);
    one.stop().await;
    let restarted = TestServer::start(db.open().await, clock.clone()).await;
    let r = Web::new(&restarted).post(paths::LOGIN, &right).await;
    assert_eq!((r.status, r.code().as_str()), (429, "account_locked"));
    // Once the lock is over the right password signs in, and the count starts again.
    clock.advance(policy.first_lock_ms + 1);
    let mut web = Web::new(&restarted);
    let r = web.post(paths::LOGIN, &right).await;
    web.signed_in(&r);
    assert_eq!(web.get(paths::ME).await.status, 200);
    restarted.stop().await;
    two.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invites_and_reset_sqlite() {
    with_backend(Backend::Sqlite, "invites", invites_and_reset).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invites_and_reset_postgres() {
    with_backend(Backend::Postgres, "invites", invites_and_reset).await;
}

/// `--signup invite`: no sign-up without a link, a link used once; and the operator's
/// password reset signs every session out.
async fn invites_and_reset(db: TestDb) {
    let clock = ManualClock::new(common::T0);
    let mut config = laris_server::ServerConfig::default();
    config.web.signup = laris_server::web::wire::SignupMode::Invite;
    let server = TestServer::start_with(db.open().await, clock.clone(), config).await;
    let anon = Web::new(&server);
    let config: Value = anon.get(paths::CONFIG).await.json();
    assert_eq!(config["signup"], "invite");
    let form = |invite: Option<&str>| {
        json!({"email": "undangan@example.id", "password": PASSWORD, "shopName": "Toko Undangan",
               "invite": invite})
    };
    let r = anon.post(paths::SIGNUP, &form(None)).await;
    assert_eq!((r.status, r.code().as_str()), (403, "signup_closed"));
    let r = anon
        .post(paths::SIGNUP, &form(Some("bukan-undangan")))
        .await;
    assert_eq!((r.status, r.code().as_str()), (403, "invalid_invite"));
    // The till's Daftar toko follows the same policy.
    let r = anon
        .send(
            anon.client
                .request(Method::POST, api::SIGNUP, None)
                .json_body(&json!({
                    "email": "till@example.id", "password": PASSWORD, "store_name": "Toko Kasir"
                })),
        )
        .await;
    assert_eq!((r.status, r.code().as_str()), (403, "signup_closed"));
    let token = laris_server::admin::new_invite(server.storage.as_ref(), clock.now_ms(), 60_000)
        .await
        .unwrap();
    let mut web = Web::new(&server);
    let r = web.post(paths::SIGNUP, &form(Some(&token))).await;
    web.signed_in(&r);
    let again = anon
        .post(
            paths::SIGNUP,
            &json!({"email": "lain@example.id", "password": PASSWORD, "shopName": "Lain",
                    "invite": token}),
        )
        .await;
    assert_eq!(
        (again.status, again.code().as_str()),
        (403, "invalid_invite"),
        "used once"
    );
    // An expired link is refused too.
    let late = laris_server::admin::new_invite(server.storage.as_ref(), clock.now_ms(), 60_000)
        .await
        .unwrap();
    clock.advance(60_001);
    let r = anon
        .post(
            paths::SIGNUP,
            &json!({"email": "telat@example.id", "password": PASSWORD, "shopName": "Telat",
                    "invite": late}),
        )
        .await;
    assert_eq!(r.code(), "invalid_invite");

    // The operator resets the forgotten password: the old session ends, the new one works.
    laris_server::admin::reset_password(
        server.storage.as_ref(),
        "Undangan@Example.id",
        "kata-sandi-baru",
        clock.now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(web.get(paths::ME).await.status, 401);
    let old = anon
        .post(
            paths::LOGIN,
            &json!({"email": "undangan@example.id", "password": PASSWORD}),
        )
        .await;
    assert_eq!(old.status, 401);
    let mut fresh = Web::new(&server);
    let r = fresh
        .post(
            paths::LOGIN,
            &json!({"email": "undangan@example.id", "password": "kata-sandi-baru"}),
        )
        .await;
    fresh.signed_in(&r);
    assert!(
        laris_server::admin::reset_password(server.storage.as_ref(), "nobody@x.id", "12345678", 0)
            .await
            .is_err()
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_sqlite() {
    with_backend(Backend::Sqlite, "storefront", storefront).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_postgres() {
    with_backend(Backend::Postgres, "storefront", storefront).await;
}

/// The shop's online page: off until turned on, then the catalog by category with the
/// store-wide stock's availability, every text escaped, hidden categories left out; an
/// address another shop has is refused.
async fn storefront(db: TestDb) {
    let clock = ManualClock::new(common::T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let (sri, me) = sign_up(&server, "sri@toko.example", "Warung <b>Sri</b>").await;
    let shop = me.stores[0].store_id;
    let settings: Value = sri.get(&store_path(paths::STOREFRONT, shop)).await.json();
    assert_eq!(
        (settings["enabled"].as_bool(), settings["slug"].as_str()),
        (Some(false), Some("warung-b-sri-b"))
    );
    let page = |slug: &str| {
        let web = Web::new(&server);
        let path = paths::SHOP_PAGE.replace("{slug}", slug);
        async move { web.get(&path).await }
    };
    assert_eq!(
        page("warung-b-sri-b").await.status,
        404,
        "off until turned on"
    );

    let saved: Value = sri
        .post(
            &store_path(paths::STOREFRONT, shop),
            &json!({"slug": "Bu-Sri", "enabled": true, "showStock": true,
                    "whatsapp": "0812 3456 7890", "address": "Jl. Melati <7>", "hours": "07-21",
                    "hiddenCategories": ["Rokok"]}),
        )
        .await
        .json();
    assert!(
        saved["url"].as_str().unwrap().ends_with("/t/bu-sri"),
        "{saved}"
    );
    let evil = "<script>alert(1)</script>";
    let mut drink = product_input(evil, 5_000);
    drink["minStockMilli"] = json!(2_000);
    let made: ProductView = sri
        .post(&store_path(paths::PRODUCTS, shop), &drink)
        .await
        .json();
    let mut smoke = product_input("Surya 12", 30_000);
    smoke["sku"] = json!("R1");
    smoke["category"] = json!("Rokok");
    sri.post(&store_path(paths::PRODUCTS, shop), &smoke).await;
    let mut sold_out = product_input("Kopi Kapal Api", 1_500);
    sold_out["sku"] = json!("K1");
    sri.post(&store_path(paths::PRODUCTS, shop), &sold_out)
        .await;

    // A till restocks the drink: the page says it is there.
    let code: Value = sri
        .post(&store_path(paths::PAIRING_CODES, shop), &json!({}))
        .await
        .json();
    let c = server.client();
    let id = laris_server::secret::random_uuid();
    let paired = pair_with(&c, code["code"].as_str().unwrap(), id, "A")
        .await
        .unwrap();
    let till = Device {
        id,
        store_id: shop,
        code: "A".into(),
        token: paired.credential,
    };
    push(
        &c,
        &till,
        numbered(
            1,
            vec![EventBody::StockMovement(restock(
                made.product_id,
                24,
                clock.now_ms(),
            ))],
        ),
    )
    .await
    .unwrap();
    let r = page("bu-sri").await;
    assert_eq!(r.status, 200);
    let html = String::from_utf8(r.body).unwrap();
    assert!(!html.contains("<script"), "no script on the page at all");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Warung &lt;b&gt;Sri&lt;/b&gt;"));
    assert!(html.contains("Jl. Melati &lt;7&gt;"));
    assert!(html.contains("Rp 5.000 / pcs"));
    assert!(
        html.contains(">Tersedia<") && html.contains(">Habis<"),
        "{html}"
    );
    assert!(
        !html.contains("Surya"),
        "a hidden category is not on the page"
    );
    assert!(html.contains("https://wa.me/6281234567890"));
    assert_eq!(
        page("BU-SRI").await.status,
        200,
        "addresses are not case-sensitive"
    );

    // "Pesan lewat WhatsApp": the form becomes a message to the shop with the order code,
    // which reads back as exactly the cart (the till's side: laris_protocol::order_code).
    assert!(html.contains("action=\"/t/bu-sri/pesan\""));
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let order = |form: String| {
        let url = format!(
            "{}{}",
            server.base,
            paths::SHOP_ORDER.replace("{slug}", "bu-sri")
        );
        let http = no_redirects.clone();
        async move {
            let r = http
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await
                .unwrap();
            let location = r
                .headers()
                .get("location")
                .map(|v| v.to_str().unwrap().to_string());
            (r.status().as_u16(), location)
        }
    };
    let sku = made.sku.clone();
    let (status, location) = order(format!("{}=2&K1=0", url_encode(&sku))).await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    let text = location
        .strip_prefix("https://wa.me/6281234567890?text=")
        .map(percent_decode)
        .unwrap_or_else(|| panic!("{location}"));
    assert!(
        text.starts_with("Halo Warung <b>Sri</b>, saya mau pesan:"),
        "{text}"
    );
    assert!(
        text.contains("- 2 pcs <script>alert(1)</script> (Rp 10.000)"),
        "{text}"
    );
    let code = text.split("Kode pesanan: ").nth(1).unwrap().trim();
    assert_eq!(
        laris_protocol::order_code::decode(shop, code).unwrap(),
        vec![laris_protocol::order_code::OrderItem {
            sku: sku.clone(),
            qty_milli: 2_000
        }]
    );
    for bad in ["K1=0", "R1=1", "K1=dua", "K1=5000"] {
        let (status, _) = order(bad.to_string()).await;
        assert_eq!(status, 400, "{bad}");
    }

    // Another shop cannot take the address; a bad one is refused with a reason.
    let (joko, joko_me) = sign_up(&server, "joko@toko.example", "Toko Joko").await;
    let joko_front = store_path(paths::STOREFRONT, joko_me.stores[0].store_id);
    let taken = joko
        .post(
            &joko_front,
            &json!({"slug": "bu-sri", "enabled": true, "showStock": false}),
        )
        .await;
    assert_eq!((taken.status, taken.code().as_str()), (409, "slug_taken"));
    let bad = joko
        .post(
            &joko_front,
            &json!({"slug": "daftar", "enabled": true, "showStock": false}),
        )
        .await;
    assert_eq!((bad.status, bad.code().as_str()), (400, "invalid_field"));
    // Turned off again: the page is gone.
    sri.post(
        &store_path(paths::STOREFRONT, shop),
        &json!({"slug": "bu-sri", "enabled": false, "showStock": true}),
    )
    .await;
    assert_eq!(page("bu-sri").await.status, 404);
    server.stop().await;
}

fn url_encode(text: &str) -> String {
    laris_server::web::storefront_page::url_encode(text)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
