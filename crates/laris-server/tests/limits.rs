//! Edges of the HTTP surface, run against each backend: health and OpenAPI, JSON 404/405,
//! body and batch limits (413), content types (415), malformed bodies (400), credentials
//! (401), owner sessions and logins, and the email already taken (409).

mod common;

use common::client::JsonBody;
use common::fixtures::*;
use common::{Backend, T0, TestDb, TestServer, with_backend};
use laris_protocol::codec::{self, CONTENT_TYPE_POSTCARD, Compression, Encoding, Format};
use laris_protocol::v1::api::{self, DeviceSummary, OwnerLogin};
use laris_protocol::v1::{EventBody, LimitsV1, PaymentMethodV1, PullRequest, PushRequest};
use laris_server::openapi::ROUTES;
use laris_server::{ManualClock, ServerConfig};
use reqwest::Method;
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_sqlite() {
    with_backend(Backend::Sqlite, "limits", limits).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_postgres() {
    with_backend(Backend::Postgres, "limits", limits).await;
}

async fn limits(db: TestDb) {
    let clock = ManualClock::new(T0);
    let config = ServerConfig {
        limits: LimitsV1 {
            max_events_per_push: 3,
            max_pull_page: 2,
            ..LimitsV1::default()
        },
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(db.open().await, clock.clone(), config).await;
    let c = server.client();
    let owner = new_store(&server, "Toko", "toko@example.id").await;
    let dev = pair(&c, &owner, "A").await;

    // Health, OpenAPI, and JSON errors for unknown paths and methods.
    let health: serde_json::Value = c.get_json(api::HEALTHZ, None).await.unwrap();
    assert_eq!(health["status"], "ok");
    let doc: serde_json::Value = c.get_json(api::OPENAPI, None).await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (method, path) in ROUTES {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    let raw = c.send(c.request(Method::GET, "/v1/nothing", None)).await;
    assert_eq!(
        (raw.status.as_u16(), raw.error().code()),
        (404, "not_found")
    );
    let raw = c
        .send(c.request(Method::GET, api::PUSH, Some(&dev.token)))
        .await;
    assert_eq!(
        (raw.status.as_u16(), raw.error().code()),
        (405, "method_not_allowed")
    );

    // Credentials.
    let err = c
        .sync::<_, laris_protocol::v1::PullReply>(
            api::PULL,
            "garbage",
            &PullRequest {
                cursor: 0,
                limit: 1,
            },
        )
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (401, "invalid_credential"));
    let raw = c
        .send(
            c.request(Method::POST, api::PULL, None)
                .header(CONTENT_TYPE, CONTENT_TYPE_POSTCARD),
        )
        .await;
    assert_eq!(
        (raw.status.as_u16(), raw.error().code()),
        (401, "missing_credential")
    );

    // Too large as sent, too large once decompressed, too many events.
    let limit = LimitsV1::default().max_body_bytes as usize;
    let raw = c
        .send(
            c.request(Method::POST, api::PUSH, Some(&dev.token))
                .header(CONTENT_TYPE, CONTENT_TYPE_POSTCARD)
                .body(vec![0u8; limit + 1]),
        )
        .await;
    assert_eq!(
        (raw.status.as_u16(), raw.error().code()),
        (413, "body_too_large")
    );
    let bomb = codec::compress(vec![0u8; 9 << 20], Compression::Zstd, 3).unwrap();
    assert!(bomb.len() < 64 * 1024);
    let raw = c
        .send(
            c.request(Method::POST, api::PUSH, Some(&dev.token))
                .header(CONTENT_TYPE, CONTENT_TYPE_POSTCARD)
                .header(CONTENT_ENCODING, "zstd")
                .body(bomb),
        )
        .await;
    assert_eq!(
        (raw.status.as_u16(), raw.error().code()),
        (413, "body_too_large")
    );
    let four = numbered(
        1,
        (0..4)
            .map(|_| EventBody::Sale(sale(T0, PaymentMethodV1::Cash, &[(dev.id, 1, 1_000)])))
            .collect(),
    );
    let err = push(&c, &dev, four).await.unwrap_err();
    assert_eq!((err.status, err.code()), (413, "too_many_items"));

    // Content types and encodings.
    let pull_body = codec::encode(
        &PullRequest {
            cursor: 0,
            limit: 10,
        },
        Encoding::BINARY_ZSTD,
    )
    .unwrap();
    for (ct, ce) in [("text/plain", "zstd"), (CONTENT_TYPE_POSTCARD, "br")] {
        let raw = c
            .send(
                c.request(Method::POST, api::PULL, Some(&dev.token))
                    .header(CONTENT_TYPE, ct)
                    .header(CONTENT_ENCODING, ce)
                    .body(pull_body.clone()),
            )
            .await;
        assert_eq!(
            (raw.status.as_u16(), raw.error().code()),
            (415, "unsupported_encoding")
        );
    }
    let raw = c
        .send(
            c.request(Method::POST, api::PAIR, None)
                .header(CONTENT_TYPE, CONTENT_TYPE_POSTCARD)
                .body(vec![1, 2, 3]),
        )
        .await;
    assert_eq!(raw.status.as_u16(), 415);
    raw.error();
    let raw = c
        .send(c.request(Method::POST, api::OWNER_LOGIN, None).body("{}"))
        .await;
    assert_eq!(raw.status.as_u16(), 415);
    raw.error();

    // Malformed bodies.
    let raw = c
        .send(
            c.request(Method::POST, api::PUSH, Some(&dev.token))
                .header(CONTENT_TYPE, CONTENT_TYPE_POSTCARD)
                .body(vec![0xff; 40]),
        )
        .await;
    assert_eq!(
        (raw.status.as_u16(), raw.error().code()),
        (400, "malformed_body")
    );
    let raw = c
        .send(
            c.request(Method::POST, api::PAIR, None)
                .header(CONTENT_TYPE, "application/json")
                .body("{\"code\":"),
        )
        .await;
    assert_eq!(
        (raw.status.as_u16(), raw.error().code()),
        (400, "malformed_body")
    );
    let raw = c.send(c.request(Method::POST, api::PAIR, None).json_body(&serde_json::json!({
        "code": "ABCDEFGH", "device_id": uuid::Uuid::nil(), "device_name": "x", "device_code": "x",
        "device_key": "ab".repeat(32)
    }))).await;
    assert_eq!(
        (raw.status.as_u16(), raw.error().code()),
        (400, "invalid_field")
    );
    // A key that is not 32 bytes in hex: refused before any code is looked at.
    let raw = c
        .send(
            c.request(Method::POST, api::PAIR, None)
                .json_body(&serde_json::json!({
                    "code": "ABCDEFGH", "device_id": uuid::Uuid::from_u128(5), "device_name": "x",
                    "device_code": "x", "device_key": "short"
                })),
        )
        .await;
    assert_eq!(
        (raw.status.as_u16(), raw.error().code()),
        (400, "invalid_field")
    );
    let push_json = codec::encode(
        &PushRequest {
            device_id: dev.id,
            events: vec![],
        },
        Encoding::new(Format::Json, Compression::Gzip),
    )
    .unwrap();
    let raw = c
        .send(
            c.request(Method::POST, api::PUSH, Some(&dev.token))
                .header(CONTENT_TYPE, "application/json")
                .header(CONTENT_ENCODING, "gzip")
                .body(push_json),
        )
        .await;
    assert_eq!(raw.status.as_u16(), 200, "an empty gzip JSON push is fine");

    // The page size is capped at the server's.
    let events = numbered(
        1,
        (0..3)
            .map(|_| EventBody::Sale(sale(T0, PaymentMethodV1::Cash, &[(dev.id, 1, 1_000)])))
            .collect(),
    );
    assert_eq!(push(&c, &dev, events).await.unwrap().acked_seq, 3);
    let other = pair(&c, &owner, "B").await;
    let page = pull(&c, &other, 0, 1_000).await.unwrap();
    assert_eq!(
        (page.changes.len(), page.has_more, page.next_cursor),
        (2, true, 2)
    );

    // Logins and sessions.
    let bad = |email: &str, password: &str| OwnerLogin {
        email: email.into(),
        password: password.into(),
    };
    for login in [
        bad("toko@example.id", "wrong-password"),
        bad("nobody@example.id", PASSWORD),
    ] {
        let err = c
            .post_json::<_, serde_json::Value>(api::OWNER_LOGIN, None, &login)
            .await
            .unwrap_err();
        assert_eq!((err.status, err.code()), (401, "invalid_login"));
    }
    let ok: serde_json::Value = c
        .post_json(api::OWNER_LOGIN, None, &bad(" TOKO@example.id ", PASSWORD))
        .await
        .unwrap();
    assert_eq!(ok["store_id"], owner.store_id.to_string());
    clock.advance(7 * 24 * 3_600_000 + 1);
    let err = c
        .get_json::<Vec<DeviceSummary>>(api::OWNER_DEVICES, Some(&owner.token))
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (401, "invalid_session"));

    // One email owns one store.
    let err = laris_server::admin::create_store(
        server.storage.as_ref(),
        "Toko 2",
        "toko@example.id",
        PASSWORD,
        T0,
    )
    .await
    .unwrap_err();
    assert_eq!((err.status().as_u16(), err.code()), (409, "email_taken"));
    let err = laris_server::admin::create_store(
        server.storage.as_ref(),
        "Toko 3",
        "x@example.id",
        "short",
        T0,
    )
    .await
    .unwrap_err();
    assert_eq!(err.status().as_u16(), 400);
    let err = laris_server::admin::new_pairing_code(
        server.storage.as_ref(),
        uuid::Uuid::from_u128(5),
        T0,
        1,
    )
    .await
    .unwrap_err();
    assert_eq!(err.status().as_u16(), 404);

    server.stop().await;
}
