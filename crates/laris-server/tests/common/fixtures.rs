//! Test data and the protocol steps a device takes: stores with owners, paired devices,
//! consistent sales, restocks, stamped products, handshake, push and paged pull.

use laris_protocol::hlc::Hlc;
use laris_protocol::v1::api::{
    self, OwnerLogin, OwnerSession, PairReply, PairRequest, PairingCode,
};
use laris_protocol::v1::{
    Change, Event, EventBody, Handshake, HandshakeReply, MovementKindV1, PROTOCOL_VERSION,
    PaymentMethodV1, PaymentStatusV1, ProductV1, PullReply, PullRequest, PushReply, PushRequest,
    SaleLineV1, SalePaymentV1, SaleV1, Stamped, StockMovementV1, TaxModeV1,
};
use laris_server::secret::random_uuid;
use uuid::Uuid;

use super::{ApiError, Client, TestServer};

pub const PASSWORD: &str = "rahasia-toko-123";

#[derive(Debug, Clone)]
pub struct Owner {
    pub store_id: Uuid,
    pub email: String,
    pub token: String,
}

#[derive(Debug, Clone)]
pub struct Device {
    pub id: Uuid,
    pub store_id: Uuid,
    pub code: String,
    pub token: String,
}

/// Creates a store (as the admin command does) and logs its owner in over HTTP.
pub async fn new_store(server: &TestServer, name: &str, email: &str) -> Owner {
    let store_id = laris_server::admin::create_store(
        server.storage.as_ref(),
        name,
        email,
        PASSWORD,
        server.clock.now_ms(),
    )
    .await
    .expect("create store");
    let session: OwnerSession = server
        .client()
        .post_json(
            api::OWNER_LOGIN,
            None,
            &OwnerLogin {
                email: email.to_string(),
                password: PASSWORD.to_string(),
            },
        )
        .await
        .expect("owner login");
    assert_eq!(session.store_id, store_id);
    Owner {
        store_id,
        email: email.to_string(),
        token: session.token,
    }
}

pub async fn pairing_code(client: &Client, owner: &Owner) -> String {
    let code: PairingCode = client
        .post_empty(api::OWNER_PAIRING_CODES, Some(&owner.token))
        .await
        .expect("pairing code");
    code.code
}

/// The key a test device pairs with: one per device id, so a retry sends the same.
pub fn key_of(device_id: Uuid) -> String {
    let s = laris_server::secret::sha256(device_id.as_bytes());
    laris_server::secret::hex(&s)
}

pub async fn pair_with(
    client: &Client,
    code: &str,
    device_id: Uuid,
    device_code: &str,
) -> Result<PairReply, ApiError> {
    pair_with_key(client, code, device_id, device_code, &key_of(device_id)).await
}

pub async fn pair_with_key(
    client: &Client,
    code: &str,
    device_id: Uuid,
    device_code: &str,
    device_key: &str,
) -> Result<PairReply, ApiError> {
    client
        .post_json(
            api::PAIR,
            None,
            &PairRequest {
                code: code.to_string(),
                device_id,
                device_name: format!("Kasir {device_code}"),
                device_code: device_code.to_string(),
                device_key: device_key.to_string(),
            },
        )
        .await
}

/// A new device of the owner's store, paired with a fresh code.
pub async fn pair(client: &Client, owner: &Owner, device_code: &str) -> Device {
    let code = pairing_code(client, owner).await;
    let id = random_uuid();
    let reply = pair_with(client, &code, id, device_code)
        .await
        .expect("pair");
    assert_eq!((reply.store_id, reply.device_id), (owner.store_id, id));
    Device {
        id,
        store_id: owner.store_id,
        code: device_code.to_string(),
        token: reply.credential,
    }
}

/// A consistent sale of `items` (product, whole units, unit price), paid in full by `method`.
pub fn sale(created_at: i64, method: PaymentMethodV1, items: &[(Uuid, i64, i64)]) -> SaleV1 {
    let lines: Vec<SaleLineV1> = items
        .iter()
        .enumerate()
        .map(|(i, &(product_id, qty, price))| SaleLineV1 {
            product_id,
            sku: format!("SKU{i}"),
            name: format!("Barang {i}"),
            unit: "pcs".into(),
            qty_milli: qty * 1000,
            unit_price: price,
            unit_cost: price * 8 / 10,
            gross: qty * price,
            discount: 0,
            cost: qty * (price * 8 / 10),
            moves_stock: true,
        })
        .collect();
    let total: i64 = lines.iter().map(|l| l.gross).sum();
    SaleV1 {
        // UUIDv7, as laris-core makes them.
        id: Uuid::now_v7(),
        receipt_no: format!("R-{}", random_uuid().simple()),
        created_at,
        cashier: Some("Rina".into()),
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

pub fn restock(product_id: Uuid, units: i64, created_at: i64) -> StockMovementV1 {
    StockMovementV1 {
        id: random_uuid(),
        product_id,
        kind: MovementKindV1::Restock,
        qty_milli: units * 1000,
        reason: None,
        created_at,
    }
}

/// A product with every field stamped `hlc`.
pub fn product(id: Uuid, name: &str, price: i64, hlc: Hlc) -> ProductV1 {
    ProductV1 {
        id,
        sku: Stamped::new(format!("P{}", &id.simple().to_string()[..8]), hlc),
        name: Stamped::new(name.to_string(), hlc),
        category: Stamped::new(Some("Minuman".into()), hlc),
        unit: Stamped::new("pcs".into(), hlc),
        price: Stamped::new(price, hlc),
        cost: Stamped::new(price * 8 / 10, hlc),
        sold_by_weight: Stamped::new(false, hlc),
        track_stock: Stamped::new(true, hlc),
        min_stock_milli: Stamped::new(0, hlc),
        active: Stamped::new(true, hlc),
        barcodes: Stamped::new(vec![], hlc),
        deleted: Stamped::new(false, hlc),
    }
}

/// Events numbered from `first_seq`.
pub fn numbered(first_seq: u64, bodies: Vec<EventBody>) -> Vec<Event> {
    (first_seq..)
        .zip(bodies)
        .map(|(seq, body)| Event { seq, body })
        .collect()
}

pub async fn push(
    client: &Client,
    device: &Device,
    events: Vec<Event>,
) -> Result<PushReply, ApiError> {
    client
        .sync(
            api::PUSH,
            &device.token,
            &PushRequest {
                device_id: device.id,
                events,
            },
        )
        .await
}

pub fn hello(device: &Device, last_seq: u64, now_ms: i64) -> Handshake {
    Handshake {
        protocol_version: PROTOCOL_VERSION,
        device_id: device.id,
        store_id: device.store_id,
        acked_seq: 0,
        last_seq,
        known_epoch: None,
        device_time_ms: now_ms,
    }
}

pub async fn handshake(
    client: &Client,
    device: &Device,
    last_seq: u64,
    now_ms: i64,
) -> Result<HandshakeReply, ApiError> {
    client
        .sync(
            api::HANDSHAKE,
            &device.token,
            &hello(device, last_seq, now_ms),
        )
        .await
}

pub async fn pull(
    client: &Client,
    device: &Device,
    cursor: u64,
    limit: u32,
) -> Result<PullReply, ApiError> {
    client
        .sync(api::PULL, &device.token, &PullRequest { cursor, limit })
        .await
}

/// Pulls pages from `cursor` until `has_more` is false: the changes, the final cursor and
/// the number of pages.
pub async fn pull_all(
    client: &Client,
    device: &Device,
    mut cursor: u64,
    limit: u32,
) -> (Vec<Change>, u64, usize) {
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let page = pull(client, device, cursor, limit).await.expect("pull");
        pages += 1;
        assert!(
            page.changes.len() <= limit as usize,
            "page larger than the limit"
        );
        assert!(page.next_cursor >= cursor, "the cursor never goes back");
        for c in &page.changes {
            assert!(c.change_seq > cursor && c.change_seq <= page.next_cursor);
        }
        all.extend(page.changes);
        cursor = page.next_cursor;
        if !page.has_more {
            return (all, cursor, pages);
        }
    }
}
