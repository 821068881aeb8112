//! The OpenAPI document as a real server serves it, run against each backend: it parses as
//! OpenAPI 3.1, every `$ref` resolves, every component is a valid JSON Schema, the router and
//! the document agree on every (method, path) and every path of `laris_protocol::v1::api` is
//! served; and the real replies of a small story (pairing, login, devices, summary, proof,
//! sync in JSON and postcard, errors) match the status, content type, headers and JSON Schema
//! the document gives for them.

mod common;

use std::collections::BTreeSet;

use common::client::JsonBody;
use common::fixtures::*;
use common::{Backend, Client, T0, TestDb, TestServer, with_backend};
use laris_protocol::codec::{self, CONTENT_TYPE_JSON, CONTENT_TYPE_POSTCARD, Encoding};
use laris_protocol::hlc::Hlc;
use laris_protocol::v1::api::{self, OwnerLogin, OwnerSession, PairReply, PairingCode};
use laris_protocol::v1::{
    EventBody, HandshakeReply, PaymentMethodV1, PullRequest, PushRequest, RecoverRequest,
};
use laris_server::ManualClock;
use laris_server::openapi::ROUTES;
use laris_server::secret::random_uuid;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_sqlite() {
    with_backend(Backend::Sqlite, "openapi", openapi).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_postgres() {
    with_backend(Backend::Postgres, "openapi", openapi).await;
}

async fn openapi(db: TestDb) {
    let server = TestServer::start(db.open().await, ManualClock::new(T0)).await;
    let c = server.client();
    let raw = send(c.request(Method::GET, api::OPENAPI, None)).await;
    assert_eq!(raw.status, 200);
    let doc: Value = serde_json::from_slice(&raw.bytes).expect("the document is JSON");
    let doc = Document::new(doc);
    doc.check(&raw, "get", api::OPENAPI);
    doc.is_openapi_3_1();
    doc.refs_resolve();
    doc.components_are_schemas();
    doc.agrees_with_the_router(&c).await;
    story(&server, &c, &doc).await;
    server.stop().await;
}

/// A reply as it came: status, headers (names in lower case) and body.
#[derive(Debug)]
struct Reply {
    status: StatusCode,
    headers: std::collections::BTreeMap<String, String>,
    content_type: Option<String>,
    content_encoding: Option<String>,
    bytes: Vec<u8>,
}

async fn send(rb: RequestBuilder) -> Reply {
    let resp = rb.send().await.expect("HTTP request");
    let headers: std::collections::BTreeMap<String, String> = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    Reply {
        status: resp.status(),
        content_type: headers.get("content-type").cloned(),
        content_encoding: headers.get("content-encoding").cloned(),
        headers,
        bytes: resp.bytes().await.expect("response body").to_vec(),
    }
}

/// The served document, and how to check a reply against it.
struct Document {
    doc: Value,
}

impl Document {
    fn new(doc: Value) -> Self {
        Document { doc }
    }

    fn is_openapi_3_1(&self) {
        let text = serde_json::to_string(&self.doc).unwrap();
        let spec = oas3::from_json(text).expect("the document parses as OpenAPI 3.1 (oas3)");
        let version = spec
            .validate_version()
            .expect("an OpenAPI version oas3 supports");
        assert_eq!((version.major, version.minor), (3, 1));
        let parsed: BTreeSet<(String, String)> = spec
            .operations()
            .map(|(path, method, _)| (method.as_str().to_lowercase(), path))
            .collect();
        let routes: BTreeSet<(String, String)> = ROUTES
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(parsed, routes, "oas3's operations are exactly the router's");
        for (_, _, op) in spec.operations() {
            assert!(op.operation_id.is_some(), "every operation has an id");
        }
    }

    fn refs_resolve(&self) {
        fn walk(doc: &Value, v: &Value, count: &mut usize) {
            match v {
                Value::Object(map) => {
                    if let Some(r) = map.get("$ref") {
                        let r = r.as_str().expect("a $ref is a string");
                        let pointer = r.strip_prefix('#').expect("refs are local");
                        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
                        *count += 1;
                    }
                    map.values().for_each(|v| walk(doc, v, count));
                }
                Value::Array(items) => items.iter().for_each(|v| walk(doc, v, count)),
                _ => {}
            }
        }
        let mut count = 0;
        walk(&self.doc, &self.doc, &mut count);
        assert!(
            count > 50,
            "the bodies refer to their components ({count} refs)"
        );
    }

    fn components_are_schemas(&self) {
        let schemas = self.doc["components"]["schemas"].as_object().unwrap();
        for name in [
            "ErrorBody",
            "SeqConflict",
            "PairRequest",
            "PairReply",
            "OwnerLogin",
            "OwnerSession",
            "PairingCode",
            "DeviceSummary",
            "ProofV1",
            "SeqRange",
            "SeqDigest",
            "QuarantinedEvent",
            "OwnerSummary",
            "OverRefund",
            "OverRefundLine",
            "SummaryRow",
            "OwnerSessionInfo",
            "Handshake",
            "HandshakeReply",
            "LimitsV1",
            "PushRequest",
            "PushReply",
            "PullRequest",
            "PullReply",
            "Change",
            "RecoverRequest",
            "RecoverReply",
            "Event",
            "EventBody",
            "SaleV1",
            "SaleLineV1",
            "SalePaymentV1",
            "StockMovementV1",
            "ProductV1",
        ] {
            assert!(schemas.contains_key(name), "components/schemas/{name}");
        }
        for name in schemas.keys() {
            self.validator(json!({ "$ref": format!("#/components/schemas/{name}") }));
        }
        // The validators assert types, bounds and formats.
        let code = self.validator(json!({ "$ref": "#/components/schemas/PairingCode" }));
        assert!(code.is_valid(&json!({ "code": "ABCD2345", "expires_at_ms": 1 })));
        assert!(!code.is_valid(&json!({ "code": "ABCD2345", "expires_at_ms": "soon" })));
        let range = self.validator(json!({ "$ref": "#/components/schemas/SeqRange" }));
        assert!(!range.is_valid(&json!({ "first": -1, "last": 2 })));
        let pair = self.validator(json!({ "$ref": "#/components/schemas/PairReply" }));
        let reply = json!({ "store_id": Uuid::nil(), "store_name": "Toko",
                            "device_id": "not-a-uuid", "credential": "x" });
        assert!(!pair.is_valid(&reply));
        // Every request and reply body is a component, or an array or binary string.
        for (path, item) in self.doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let request = op["requestBody"]["content"].as_object();
                let replies = op["responses"].as_object().unwrap().values();
                for content in replies
                    .filter_map(|r| r["content"].as_object())
                    .chain(request)
                {
                    for (media, body) in content {
                        let s = &body["schema"];
                        let ok = s.get("$ref").is_some()
                            || s["items"].get("$ref").is_some()
                            || (media == CONTENT_TYPE_POSTCARD && s["format"] == "binary");
                        assert!(ok, "{method} {path} {media}: {s}");
                    }
                }
            }
        }
    }

    /// A validator for `schema` (JSON Schema 2020-12, formats asserted) with the document's
    /// components beside it, where its `$ref`s point.
    fn validator(&self, mut schema: Value) -> jsonschema::Validator {
        schema["components"] = self.doc["components"].clone();
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("not a valid schema ({e}): {schema}"))
    }

    /// Checks a reply to `method path` against the document: its status is documented, its
    /// content type is one documented for it, the headers documented as required are there
    /// and valid, and a JSON body validates against its schema. Answers the JSON body.
    fn check(&self, raw: &Reply, method: &str, path: &str) -> Value {
        let op = &self.doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is not documented");
        let status = raw.status.as_u16().to_string();
        let reply = &op["responses"][&status];
        assert!(
            reply.is_object(),
            "{method} {path}: status {status} is not documented ({})",
            String::from_utf8_lossy(&raw.bytes)
        );
        for (name, header) in reply["headers"].as_object().into_iter().flatten() {
            if header["required"] == true {
                let value = raw
                    .headers
                    .get(&name.to_ascii_lowercase())
                    .unwrap_or_else(|| panic!("{method} {path} {status}: no {name} header"));
                let value: Value = value
                    .parse::<i64>()
                    .map_or_else(|_| Value::String(value.clone()), Value::from);
                let v = self.validator(header["schema"].clone());
                assert!(
                    v.is_valid(&value),
                    "{method} {path} {status}: {name}: {value}"
                );
            }
        }
        let media = raw
            .content_type
            .as_deref()
            .and_then(|ct| ct.split(';').next())
            .unwrap_or_else(|| panic!("{method} {path} {status}: no Content-Type"))
            .trim()
            .to_ascii_lowercase();
        let content = &reply["content"][&media];
        assert!(
            content.is_object(),
            "{method} {path} {status}: {media} is not a documented content type"
        );
        if media != CONTENT_TYPE_JSON {
            assert_eq!(content["schema"]["format"], "binary");
            return Value::Null;
        }
        let enc = Encoding::from_headers(Some(&media), raw.content_encoding.as_deref())
            .expect("a known content encoding");
        let body: Value = codec::decode(&raw.bytes, enc, 1 << 24).expect("a JSON body");
        let v = self.validator(content["schema"].clone());
        let errors: Vec<String> = v.iter_errors(&body).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status}: the body does not match its schema: {errors:?}\n{body}"
        );
        body
    }

    /// Every route answers (neither the unknown-path 404 nor a 405), and every path constant
    /// of `laris_protocol::v1::api` is a route.
    async fn agrees_with_the_router(&self, c: &Client) {
        for (method, path) in ROUTES {
            let concrete = path
                .replace("{device_id}", &random_uuid().to_string())
                .replace("{session_id}", &random_uuid().to_string());
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let raw = send(c.request(m, &concrete, None)).await;
            assert!(
                raw.status != 405 && raw.status != 404,
                "{method} {path}: {}",
                raw.status
            );
            self.check(&raw, method, path);
        }
        let source = include_str!("../../laris-protocol/src/v1/api.rs");
        let paths: Vec<&str> = source
            .lines()
            .filter_map(|l| l.strip_prefix("pub const "))
            .filter_map(|l| l.split_once(": &str = \"/"))
            .filter_map(|(_, rest)| rest.strip_suffix("\";"))
            .collect();
        assert!(paths.len() >= 18, "{paths:?}");
        for p in paths {
            let path = format!("/{p}");
            assert!(
                ROUTES.iter().any(|(_, r)| *r == path),
                "{path} of laris_protocol::v1::api is not in ROUTES"
            );
        }
    }
}

async fn story(server: &TestServer, c: &Client, doc: &Document) {
    let email = "toko@example.id";
    let store_id =
        laris_server::admin::create_store(server.storage.as_ref(), "Toko", email, PASSWORD, T0)
            .await
            .unwrap();
    let login = |password: &str| OwnerLogin {
        email: email.into(),
        password: password.into(),
    };
    let post = |path: &str, token: Option<&str>, body: &Value| {
        c.request(Method::POST, path, token).json_body(body)
    };

    // Owner login, and a wrong password.
    let raw = send(post(api::OWNER_LOGIN, None, &json!(login(PASSWORD)))).await;
    let session: OwnerSession =
        serde_json::from_value(doc.check(&raw, "post", api::OWNER_LOGIN)).unwrap();
    assert_eq!(session.store_id, store_id);
    let owner = session.token;
    let raw = send(post(
        api::OWNER_LOGIN,
        None,
        &json!(login("not-the-password")),
    ))
    .await;
    assert_eq!(raw.status, 401);
    doc.check(&raw, "post", api::OWNER_LOGIN);
    // An email PostgreSQL text cannot hold is no owner's (it once answered 500 there).
    let nul = json!({ "email": "toko\u{0}@example.id", "password": PASSWORD });
    let raw = send(post(api::OWNER_LOGIN, None, &nul)).await;
    assert_eq!(raw.status, 401);
    doc.check(&raw, "post", api::OWNER_LOGIN);
    let raw = send(
        c.request(Method::POST, api::OWNER_LOGIN, None)
            .header(CONTENT_TYPE, "text/plain")
            .body("hello"),
    )
    .await;
    assert_eq!(raw.status, 415);
    doc.check(&raw, "post", api::OWNER_LOGIN);

    // Pairing codes and two devices; a used code.
    let mut devices = Vec::new();
    for device_code in ["A", "B"] {
        let raw = send(c.request(Method::POST, api::OWNER_PAIRING_CODES, Some(&owner))).await;
        let code: PairingCode =
            serde_json::from_value(doc.check(&raw, "post", api::OWNER_PAIRING_CODES)).unwrap();
        let id = random_uuid();
        let request = json!({ "code": code.code, "device_id": id, "device_name": "Kasir",
                              "device_code": device_code, "device_key": key_of(id) });
        let raw = send(post(api::PAIR, None, &request)).await;
        let reply: PairReply = serde_json::from_value(doc.check(&raw, "post", api::PAIR)).unwrap();
        devices.push(Device {
            id,
            store_id,
            code: device_code.into(),
            token: reply.credential,
        });
        let raw = send(post(api::PAIR, None, &request)).await;
        assert_eq!(raw.status, 200, "a retry with the same code and key");
        doc.check(&raw, "post", api::PAIR);
        let mut other = request.clone();
        other["device_id"] = json!(random_uuid());
        let raw = send(post(api::PAIR, None, &other)).await;
        assert_eq!(raw.status, 401, "the code is used");
        doc.check(&raw, "post", api::PAIR);
    }
    let (a, b) = (&devices[0], &devices[1]);

    // Sync in JSON: handshake, a push of a product, a restock and a sale, a reused seq.
    let sync_json = |path: &str, token: &str, body: Value| {
        c.request(Method::POST, path, Some(token))
            .header(CONTENT_TYPE, CONTENT_TYPE_JSON)
            .header(ACCEPT_ENCODING, "gzip")
            .body(serde_json::to_vec(&body).unwrap())
    };
    let raw = send(sync_json(api::HANDSHAKE, &a.token, json!(hello(a, 3, T0)))).await;
    let reply: HandshakeReply =
        serde_json::from_value(doc.check(&raw, "post", api::HANDSHAKE)).unwrap();
    assert_eq!(raw.content_encoding.as_deref(), Some("gzip"));
    assert_eq!(reply.acked_seq, 0);
    let product_id = random_uuid();
    let hlc = Hlc::new(T0 as u64, 0, a.id);
    let events = numbered(
        1,
        vec![
            EventBody::ProductUpsert(Box::new(product(product_id, "Teh botol", 5_000, hlc))),
            EventBody::StockMovement(restock(product_id, 24, T0)),
            EventBody::Sale(sale(T0, PaymentMethodV1::Cash, &[(product_id, 2, 5_000)])),
        ],
    );
    let push = |events| {
        json!(PushRequest {
            device_id: a.id,
            events
        })
    };
    let raw = send(sync_json(api::PUSH, &a.token, push(events.clone()))).await;
    let body = doc.check(&raw, "post", api::PUSH);
    assert_eq!(body["acked_seq"], 3);
    let mut reused = events[2].clone();
    reused.body = EventBody::Sale(sale(T0, PaymentMethodV1::Qris, &[(product_id, 1, 5_000)]));
    let raw = send(sync_json(api::PUSH, &a.token, push(vec![reused]))).await;
    assert_eq!(raw.status, 409);
    assert_eq!(doc.check(&raw, "post", api::PUSH)["code"], "seq_reused");

    // B pulls A's changes (product, movement, sale) in JSON, and in postcard.
    let pull = json!(PullRequest {
        cursor: 0,
        limit: 10
    });
    let raw = send(sync_json(api::PULL, &b.token, pull.clone())).await;
    let page = doc.check(&raw, "post", api::PULL);
    assert_eq!(page["changes"].as_array().unwrap().len(), 3);
    let raw = send(
        c.request(Method::POST, api::PULL, Some(&b.token))
            .header(CONTENT_TYPE, CONTENT_TYPE_POSTCARD)
            .header(CONTENT_ENCODING, "zstd")
            .body(
                codec::encode(
                    &PullRequest {
                        cursor: 0,
                        limit: 10,
                    },
                    Encoding::BINARY_ZSTD,
                )
                .unwrap(),
            ),
    )
    .await;
    assert_eq!(raw.status, 200);
    doc.check(&raw, "post", api::PULL);
    let recover = json!(RecoverRequest {
        after_seq: 0,
        up_to_seq: 3,
        limit: 10
    });
    let raw = send(sync_json(api::RECOVER, &a.token, recover)).await;
    assert_eq!(
        doc.check(&raw, "post", api::RECOVER)["events"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let raw = send(sync_json(
        api::HANDSHAKE,
        &a.token,
        json!({ "protocol_version": 1 }),
    ))
    .await;
    assert_eq!(raw.status, 400);
    doc.check(&raw, "post", api::HANDSHAKE);
    let raw = send(sync_json(api::HANDSHAKE, &a.token, json!(hello(b, 0, T0)))).await;
    assert_eq!(raw.status, 403, "another device than the credential's");
    doc.check(&raw, "post", api::HANDSHAKE);
    let raw = send(sync_json(
        api::HANDSHAKE,
        "nonsense",
        json!(hello(a, 3, T0)),
    ))
    .await;
    assert_eq!(raw.status, 401);
    doc.check(&raw, "post", api::HANDSHAKE);

    // Proofs, devices, summary.
    let raw = send(c.request(Method::GET, api::PROOF, Some(&a.token))).await;
    assert_eq!(doc.check(&raw, "get", api::PROOF)["sales"], 1);
    let raw = send(c.request(Method::GET, api::OWNER_DEVICES, Some(&owner))).await;
    assert_eq!(
        doc.check(&raw, "get", api::OWNER_DEVICES)
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let of = |path: &str, device: Uuid| path.replace("{device_id}", &device.to_string());
    let raw = send(c.request(
        Method::GET,
        &of(api::OWNER_DEVICE_PROOF, a.id),
        Some(&owner),
    ))
    .await;
    assert_eq!(doc.check(&raw, "get", api::OWNER_DEVICE_PROOF)["events"], 3);
    for bad in [
        of(api::OWNER_DEVICE_PROOF, random_uuid()),
        api::OWNER_DEVICE_PROOF.replace("{device_id}", "nope"),
    ] {
        let raw = send(c.request(Method::GET, &bad, Some(&owner))).await;
        assert!(matches!(raw.status.as_u16(), 400 | 404), "{bad}");
        doc.check(&raw, "get", api::OWNER_DEVICE_PROOF);
    }
    for query in [
        "?from=2026-01-01&to=2026-01-31&tz_offset_minutes=420",
        "",
        "?tz_offset_minutes=9999",
        "?from=yesterday",
    ] {
        let raw = send(c.request(
            Method::GET,
            &format!("{}{query}", api::OWNER_SUMMARY),
            Some(&owner),
        ))
        .await;
        let body = doc.check(&raw, "get", api::OWNER_SUMMARY);
        if query.starts_with("?from=2026") {
            assert_eq!(
                (body["sales"].clone(), body["total"].clone()),
                (json!(1), json!(10_000))
            );
        } else if query.contains("9999") || query.contains("yesterday") {
            assert_eq!(raw.status, 400);
        }
    }
    let raw = send(c.request(
        Method::POST,
        &of(api::OWNER_DEVICE_PAIRING_CODE, b.id),
        Some(&owner),
    ))
    .await;
    doc.check(&raw, "post", api::OWNER_DEVICE_PAIRING_CODE);

    // Revoking B: its summary says when, and B is refused.
    let raw = send(c.request(
        Method::POST,
        &of(api::OWNER_DEVICE_REVOKE, b.id),
        Some(&owner),
    ))
    .await;
    assert!(doc.check(&raw, "post", api::OWNER_DEVICE_REVOKE)["revoked_at_ms"].is_i64());
    let raw = send(sync_json(api::PULL, &b.token, pull)).await;
    assert_eq!(raw.status, 403);
    doc.check(&raw, "post", api::PULL);
    let raw = send(c.request(Method::GET, api::PROOF, Some(&b.token))).await;
    assert_eq!(raw.status, 403);
    doc.check(&raw, "get", api::PROOF);

    // A malformed event quoting a NUL is quarantined with the NUL written as `\0` (it once
    // answered 500 on PostgreSQL, whose text cannot hold NUL, and so held up the device).
    let malformed = json!({ "device_id": a.id, "events": [{ "seq": 4, "body": { "\u{0}": 1 } }] });
    let raw = send(sync_json(api::PUSH, &a.token, malformed)).await;
    let body = doc.check(&raw, "post", api::PUSH);
    assert_eq!(body["acked_seq"], 4);
    let message = body["quarantined"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("`\\0`") && !message.contains('\0'),
        "{message}"
    );

    // Sessions: list, revoke one, log out; then the token is refused.
    let raw = send(post(api::OWNER_LOGIN, None, &json!(login(PASSWORD)))).await;
    let second: OwnerSession =
        serde_json::from_value(doc.check(&raw, "post", api::OWNER_LOGIN)).unwrap();
    let raw = send(c.request(Method::GET, api::OWNER_SESSIONS, Some(&owner))).await;
    let sessions = doc.check(&raw, "get", api::OWNER_SESSIONS);
    let other = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == false)
        .expect("the second session")["session_id"]
        .as_str()
        .unwrap()
        .to_string();
    let revoke = api::OWNER_SESSION_REVOKE.replace("{session_id}", &other);
    let raw = send(c.request(Method::POST, &revoke, Some(&owner))).await;
    assert!(doc.check(&raw, "post", api::OWNER_SESSION_REVOKE)["revoked_at_ms"].is_i64());
    let raw = send(c.request(Method::GET, api::OWNER_DEVICES, Some(&second.token))).await;
    assert_eq!(raw.status, 401);
    doc.check(&raw, "get", api::OWNER_DEVICES);
    let raw = send(c.request(Method::POST, api::OWNER_LOGOUT, Some(&owner))).await;
    assert_eq!(doc.check(&raw, "post", api::OWNER_LOGOUT)["current"], true);
    let raw = send(c.request(Method::POST, api::OWNER_PAIRING_CODES, Some(&owner))).await;
    assert_eq!(raw.status, 401);
    doc.check(&raw, "post", api::OWNER_PAIRING_CODES);

    // Failed logins lock the account: 429 with Retry-After.
    let mut locked = None;
    for _ in 0..8 {
        let raw = send(post(api::OWNER_LOGIN, None, &json!(login("still-not-it")))).await;
        doc.check(&raw, "post", api::OWNER_LOGIN);
        if raw.status == 429 {
            locked = Some(raw);
            break;
        }
    }
    let locked = locked.expect("locked after repeated failures");
    assert!(locked.headers.contains_key(RETRY_AFTER.as_str()));
}
