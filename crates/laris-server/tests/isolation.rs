//! Store isolation, run against each backend: a device or owner of store A tries every
//! endpoint on store B's data, and gets nothing of it.

mod common;

use common::client::JsonBody;
use common::fixtures::*;
use common::{Backend, T0, TestDb, TestServer, with_backend};
use laris_protocol::hlc::Hlc;
use laris_protocol::v1::api::{self, DeviceSummary, PairingCode, ProofV1, SalesSummary};
use laris_protocol::v1::{EventBody, PaymentMethodV1, PushRequest};
use laris_server::ManualClock;
use laris_server::secret::random_uuid;
use reqwest::Method;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn isolation_sqlite() {
    with_backend(Backend::Sqlite, "isolation", isolation).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn isolation_postgres() {
    with_backend(Backend::Postgres, "isolation", isolation).await;
}

fn device_path(template: &str, id: uuid::Uuid) -> String {
    template.replace("{device_id}", &id.to_string())
}

/// `token` with its store id swapped for `store`.
fn retarget(token: &str, store: uuid::Uuid) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    parts[1] = store.simple().to_string();
    parts.join(".")
}

async fn isolation(db: TestDb) {
    let clock = ManualClock::new(T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let c = server.client();
    let oa = new_store(&server, "Toko A", "a@example.id").await;
    let ob = new_store(&server, "Toko B", "b@example.id").await;
    let da = pair(&c, &oa, "A1").await;
    let db_ = pair(&c, &ob, "B1").await;

    // Store B holds a sale and a product.
    let pb = random_uuid();
    let sale_b = sale(T0, PaymentMethodV1::Cash, &[(pb, 1, 5_000)]);
    let prod_b = product(pb, "Milik B", 5_000, Hlc::new(T0 as u64, 0, db_.id));
    let r = push(
        &c,
        &db_,
        numbered(
            1,
            vec![
                EventBody::Sale(sale_b.clone()),
                EventBody::ProductUpsert(Box::new(prod_b.clone())),
            ],
        ),
    )
    .await
    .unwrap();
    assert_eq!(r.acked_seq, 2);

    // Handshake naming store B or its device: refused.
    for (store, device, code) in [
        (ob.store_id, da.id, "wrong_store"),
        (ob.store_id, db_.id, "wrong_store"),
        (oa.store_id, db_.id, "wrong_device"),
    ] {
        let mut h = hello(&da, 0, T0);
        h.store_id = store;
        h.device_id = device;
        let err = c
            .sync::<_, laris_protocol::v1::HandshakeReply>(api::HANDSHAKE, &da.token, &h)
            .await
            .unwrap_err();
        assert_eq!((err.status, err.code()), (403, code));
    }
    // Pushing as B's device: refused.
    let err = c
        .sync::<_, laris_protocol::v1::PushReply>(
            api::PUSH,
            &da.token,
            &PushRequest {
                device_id: db_.id,
                events: numbered(1, vec![EventBody::Sale(sale_b.clone())]),
            },
        )
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (403, "wrong_device"));
    // Writing records with B's ids: ids are scoped by store like every key, so A gets its own
    // rows, B's are untouched, and the reply is that of any fresh id (it tells A nothing
    // about whether another store uses them).
    let mut hijack = prod_b.clone();
    hijack.price = laris_protocol::v1::Stamped::new(1, Hlc::new(T0 as u64 + 1, 0, da.id));
    let r = push(
        &c,
        &da,
        numbered(
            1,
            vec![
                EventBody::Sale(sale_b.clone()),
                EventBody::ProductUpsert(Box::new(hijack.clone())),
            ],
        ),
    )
    .await
    .unwrap();
    assert_eq!(r.acked_seq, 2);
    assert!(r.quarantined.is_empty(), "{:?}", r.quarantined);
    assert_eq!(
        server
            .storage
            .product(ob.store_id, pb)
            .await
            .unwrap()
            .unwrap(),
        prod_b
    );
    assert_eq!(
        server.storage.product(oa.store_id, pb).await.unwrap(),
        Some(hijack)
    );
    // Pull and proof show only store A's data.
    let page = pull(&c, &da, 0, 100).await.unwrap();
    assert!(page.changes.is_empty(), "{:?}", page.changes);
    let proof: ProofV1 = c.get_json(api::PROOF, Some(&da.token)).await.unwrap();
    assert_eq!((proof.device_id, proof.sales, proof.events), (da.id, 1, 2));
    // A credential re-pointed at store B is no credential.
    let forged = retarget(&da.token, ob.store_id);
    let err = pull(
        &c,
        &Device {
            token: forged.clone(),
            ..db_.clone()
        },
        0,
        10,
    )
    .await
    .unwrap_err();
    assert_eq!((err.status, err.code()), (401, "invalid_credential"));
    assert_eq!(
        c.get_json::<ProofV1>(api::PROOF, Some(&forged))
            .await
            .unwrap_err()
            .status,
        401
    );
    // A device credential is not an owner session, nor the other way round.
    for path in [api::OWNER_DEVICES, api::OWNER_SUMMARY] {
        assert_eq!(
            c.get_json::<serde_json::Value>(path, Some(&da.token))
                .await
                .unwrap_err()
                .status,
            401
        );
    }
    assert_eq!(
        c.post_empty::<PairingCode>(api::OWNER_PAIRING_CODES, Some(&da.token))
            .await
            .unwrap_err()
            .status,
        401
    );
    assert_eq!(
        c.get_json::<ProofV1>(api::PROOF, Some(&oa.token))
            .await
            .unwrap_err()
            .status,
        401
    );
    assert_eq!(
        pull(
            &c,
            &Device {
                token: oa.token.clone(),
                ..da.clone()
            },
            0,
            1
        )
        .await
        .unwrap_err()
        .status,
        401
    );

    // Owner A sees and touches nothing of store B.
    let devices: Vec<DeviceSummary> = c
        .get_json(api::OWNER_DEVICES, Some(&oa.token))
        .await
        .unwrap();
    assert_eq!(
        devices.iter().map(|d| d.device_id).collect::<Vec<_>>(),
        [da.id]
    );
    let err = c
        .post_empty::<DeviceSummary>(
            &device_path(api::OWNER_DEVICE_REVOKE, db_.id),
            Some(&oa.token),
        )
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (404, "not_found"));
    handshake(&c, &db_, 2, T0)
        .await
        .expect("B's device still works");
    let err = c
        .get_json::<ProofV1>(
            &device_path(api::OWNER_DEVICE_PROOF, db_.id),
            Some(&oa.token),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status, 404);
    let sum: SalesSummary = c
        .get_json(
            &format!("{}?from=2026-01-01", api::OWNER_SUMMARY),
            Some(&oa.token),
        )
        .await
        .unwrap();
    // A's copy of B's sale, pushed by A's device above, is A's own; B's is counted by B only.
    assert_eq!((sum.sales, sum.total), (1, 5_000));
    let sum_b: SalesSummary = c
        .get_json(
            &format!("{}?from=2026-01-01", api::OWNER_SUMMARY),
            Some(&ob.token),
        )
        .await
        .unwrap();
    assert_eq!((sum_b.sales, sum_b.total), (1, 5_000));
    let forged_owner = retarget(&oa.token, ob.store_id);
    assert_eq!(
        c.get_json::<Vec<DeviceSummary>>(api::OWNER_DEVICES, Some(&forged_owner))
            .await
            .unwrap_err()
            .status,
        401
    );
    // Owner A's pairing code pairs into store A, even for B's device id.
    let code = pairing_code(&c, &oa).await;
    let reply = pair_with(&c, &code, db_.id, "X").await.unwrap();
    assert_eq!(reply.store_id, oa.store_id);
    let b_devices: Vec<DeviceSummary> = c
        .get_json(api::OWNER_DEVICES, Some(&ob.token))
        .await
        .unwrap();
    assert_eq!((b_devices.len(), b_devices[0].code.as_str()), (1, "B1"));
    // Owner login of A cannot be used with B's email.
    let err = c
        .send(
            c.request(Method::POST, api::OWNER_LOGIN, None)
                .json_body(&serde_json::json!({
                    "email": ob.email, "password": "wrong password"
                })),
        )
        .await
        .error();
    assert_eq!((err.status, err.code()), (401, "invalid_login"));

    server.stop().await;
}
