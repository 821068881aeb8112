//! Pairing's rules over HTTP, on each backend: a retry with the same code and key gets the
//! same credential and one device; pairing never replaces an existing device's credential
//! (another key, a fresh code, even the code it used); a receipt prefix is unique in a store
//! (case aside), refused with a free one named and the code left usable; the owner re-enrols
//! a device with a code made for it, and only that device can use it.

mod common;

use common::fixtures::*;
use common::{Backend, T0, TestDb, TestServer, with_backend};
use laris_protocol::v1::api::{self, DeviceSummary, PairingCode};
use laris_server::ManualClock;
use laris_server::secret::random_uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairing_sqlite() {
    with_backend(Backend::Sqlite, "pairing", pairing).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairing_postgres() {
    with_backend(Backend::Postgres, "pairing", pairing).await;
}

fn device_path(template: &str, id: uuid::Uuid) -> String {
    template.replace("{device_id}", &id.to_string())
}

async fn pairing(db: TestDb) {
    let clock = ManualClock::new(T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let c = server.client();
    let owner = new_store(&server, "Warung Bu Sri", "sri@example.id").await;
    let devices = || async {
        c.get_json::<Vec<DeviceSummary>>(api::OWNER_DEVICES, Some(&owner.token))
            .await
            .unwrap()
    };

    // The reply was lost: the same code and key again give the same credential, one device.
    let code = pairing_code(&c, &owner).await;
    let a_id = random_uuid();
    let first = pair_with(&c, &code, a_id, "A").await.unwrap();
    clock.advance(60_000);
    let again = pair_with(&c, &code, a_id, "A").await.unwrap();
    assert_eq!(again, first);
    assert_eq!(devices().await.len(), 1);
    let a = Device {
        id: a_id,
        store_id: owner.store_id,
        code: "A".into(),
        token: first.credential.clone(),
    };
    handshake(&c, &a, 0, T0)
        .await
        .expect("A's credential works");

    // Someone naming A's device id (visible to every till of the store) cannot take it over:
    // not with the code A used, not with a fresh one. A keeps working.
    let thief = "cd".repeat(32);
    let err = pair_with_key(&c, &code, a_id, "A", &thief)
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (409, "device_exists"));
    let fresh = pairing_code(&c, &owner).await;
    let err = pair_with_key(&c, &fresh, a_id, "X", &thief)
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (409, "device_exists"));
    handshake(&c, &a, 0, T0)
        .await
        .expect("A's credential still works");
    assert_eq!(devices().await.len(), 1);

    // Another till calling itself "a": refused, a free prefix named, the code still usable.
    let b_id = random_uuid();
    let err = pair_with(&c, &fresh, b_id, "a").await.unwrap_err();
    assert_eq!((err.status, err.code()), (409, "device_code_taken"));
    assert!(err.body.message.contains("\"B\""), "{}", err.body.message);
    let b = pair_with(&c, &fresh, b_id, "B").await.unwrap();
    assert_eq!(devices().await.len(), 2);
    // The used code pairs nobody else.
    let err = pair_with(&c, &fresh, random_uuid(), "C").await.unwrap_err();
    assert_eq!((err.status, err.code()), (401, "invalid_pairing_code"));

    // Re-enrolling is the owner's: a code made for A pairs A alone, with a new key; A's old
    // credential stops working.
    let reenrol: PairingCode = c
        .post_empty(
            &device_path(api::OWNER_DEVICE_PAIRING_CODE, a_id),
            Some(&owner.token),
        )
        .await
        .unwrap();
    let err = pair_with(&c, &reenrol.code, random_uuid(), "D")
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (401, "invalid_pairing_code"));
    let new_key = "ef".repeat(32);
    let renewed = pair_with_key(&c, &reenrol.code, a_id, "A", &new_key)
        .await
        .unwrap();
    assert_ne!(renewed.credential, first.credential);
    let err = handshake(&c, &a, 0, T0).await.unwrap_err();
    assert_eq!((err.status, err.code()), (401, "invalid_credential"));
    let a2 = Device {
        token: renewed.credential,
        ..a.clone()
    };
    handshake(&c, &a2, 0, T0).await.expect("re-enrolled");
    let err = c
        .post_empty::<PairingCode>(
            &device_path(api::OWNER_DEVICE_PAIRING_CODE, random_uuid()),
            Some(&owner.token),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status, 404);

    // A revoked till stays revoked with its own key; the owner's code takes it back.
    let b_dev = Device {
        id: b_id,
        store_id: owner.store_id,
        code: "B".into(),
        token: b.credential,
    };
    c.post_empty::<DeviceSummary>(
        &device_path(api::OWNER_DEVICE_REVOKE, b_id),
        Some(&owner.token),
    )
    .await
    .unwrap();
    let code = pairing_code(&c, &owner).await;
    let err = pair_with(&c, &code, b_id, "B").await.unwrap_err();
    assert_eq!((err.status, err.code()), (403, "device_revoked"));
    let back: PairingCode = c
        .post_empty(
            &device_path(api::OWNER_DEVICE_PAIRING_CODE, b_id),
            Some(&owner.token),
        )
        .await
        .unwrap();
    let b2 = pair_with(&c, &back.code, b_id, "B").await.unwrap();
    handshake(
        &c,
        &Device {
            token: b2.credential,
            ..b_dev
        },
        0,
        T0,
    )
    .await
    .expect("taken back");
    server.stop().await;
}
