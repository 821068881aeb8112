//! Owner sessions, on each backend: logout revokes the presenting session, the owner lists
//! the store's sessions and revokes any of them, a revoked token gets 401 `invalid_session`
//! at its next request, also on another server on the same database, and another store's
//! sessions are out of reach.

mod common;

use common::fixtures::*;
use common::{Backend, Client, TestDb, TestServer, with_backend};
use laris_protocol::v1::api::{self, DeviceSummary, OwnerLogin, OwnerSession, OwnerSessionInfo};
use laris_server::ManualClock;
use laris_server::secret::random_uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_sqlite() {
    with_backend(Backend::Sqlite, "sessions", sessions).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_postgres() {
    with_backend(Backend::Postgres, "sessions", sessions).await;
}

async fn login(c: &Client, email: &str) -> String {
    let s: OwnerSession = c
        .post_json(
            api::OWNER_LOGIN,
            None,
            &OwnerLogin {
                email: email.into(),
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap();
    s.token
}

async fn devices_status(c: &Client, token: &str) -> Result<(), (u16, String)> {
    c.get_json::<Vec<DeviceSummary>>(api::OWNER_DEVICES, Some(token))
        .await
        .map(|_| ())
        .map_err(|e| (e.status, e.code().to_string()))
}

fn revoke_path(id: impl std::fmt::Display) -> String {
    api::OWNER_SESSION_REVOKE.replace("{session_id}", &id.to_string())
}

async fn sessions(db: TestDb) {
    let clock = ManualClock::new(common::T0);
    let one = TestServer::start(db.open().await, clock.clone()).await;
    let two = TestServer::start(db.open().await, clock.clone()).await;
    let (c, c2) = (one.client(), two.client());
    let owner = new_store(&one, "Toko Sesi", "sesi@example.id").await;
    clock.advance(1_000);
    let phone = login(&c, &owner.email).await;
    clock.advance(1_000);
    let laptop = login(&c, &owner.email).await;

    // Newest first, the asking session marked.
    let list: Vec<OwnerSessionInfo> = c.get_json(api::OWNER_SESSIONS, Some(&phone)).await.unwrap();
    assert_eq!(list.len(), 3);
    assert!(
        list.windows(2)
            .all(|w| w[0].created_at_ms > w[1].created_at_ms)
    );
    assert_eq!(
        list.iter().map(|s| s.current).collect::<Vec<_>>(),
        [false, true, false]
    );
    assert!(
        list.iter().all(|s| s.revoked_at_ms.is_none()
            && s.expires_at_ms == s.created_at_ms + 7 * 24 * 3_600_000)
    );
    let laptop_id = list[0].session_id;

    // The phone revokes the laptop: at once, on both servers.
    devices_status(&c2, &laptop).await.unwrap();
    clock.advance(1_000);
    let revoked: OwnerSessionInfo = c
        .post_empty(&revoke_path(laptop_id), Some(&phone))
        .await
        .unwrap();
    assert_eq!(
        (revoked.session_id, revoked.revoked_at_ms, revoked.current),
        (laptop_id, Some(clock.now_ms()), false)
    );
    for client in [&c, &c2] {
        assert_eq!(
            devices_status(client, &laptop).await,
            Err((401, "invalid_session".into()))
        );
    }
    // Revoking again keeps the first time.
    clock.advance(1_000);
    let again: OwnerSessionInfo = c
        .post_empty(&revoke_path(laptop_id), Some(&phone))
        .await
        .unwrap();
    assert_eq!(again.revoked_at_ms, revoked.revoked_at_ms);

    // Unknown, malformed and another store's session ids.
    let err = c
        .post_empty::<OwnerSessionInfo>(&revoke_path(random_uuid()), Some(&phone))
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (404, "not_found"));
    let err = c
        .post_empty::<OwnerSessionInfo>(&revoke_path("nope"), Some(&phone))
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (400, "invalid_field"));
    let other = new_store(&one, "Toko Lain", "lain@example.id").await;
    let others: Vec<OwnerSessionInfo> = c
        .get_json(api::OWNER_SESSIONS, Some(&other.token))
        .await
        .unwrap();
    assert_eq!(others.len(), 1, "only its own store's sessions");
    let err = c
        .post_empty::<OwnerSessionInfo>(&revoke_path(others[0].session_id), Some(&phone))
        .await
        .unwrap_err();
    assert_eq!(err.status, 404);
    devices_status(&c, &other.token).await.unwrap();

    // Logout through the second server: the phone's token stops working everywhere.
    let out: OwnerSessionInfo = c2
        .post_empty(api::OWNER_LOGOUT, Some(&phone))
        .await
        .unwrap();
    assert!(out.current && out.revoked_at_ms.is_some());
    for client in [&c, &c2] {
        assert_eq!(
            devices_status(client, &phone).await,
            Err((401, "invalid_session".into()))
        );
    }
    let err = c
        .post_empty::<OwnerSessionInfo>(api::OWNER_LOGOUT, Some(&phone))
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (401, "invalid_session"));
    let err = c
        .get_json::<Vec<OwnerSessionInfo>>(api::OWNER_SESSIONS, None)
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (401, "missing_credential"));

    // The first session is untouched and sees both revocations.
    let list: Vec<OwnerSessionInfo> = c
        .get_json(api::OWNER_SESSIONS, Some(&owner.token))
        .await
        .unwrap();
    let revoked: Vec<bool> = list.iter().map(|s| s.revoked_at_ms.is_some()).collect();
    assert_eq!(revoked, [true, true, false]);
    one.stop().await;
    two.stop().await;
}
