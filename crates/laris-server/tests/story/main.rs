//! The sync story, run against each backend: pairing, handshake, pushes of sales, stock
//! movements and products, duplicates, a gap, quarantine, pull paging without one's own
//! changes, the product merge, replay, proof of sync, the owner's summary and revocation.
//! One story in steps: each step leaves the store as the next expects.

#[path = "../common/mod.rs"]
mod common;
mod owner_views;
mod sync_rules;

use common::fixtures::*;
use common::{Backend, Client, T0, TestDb, TestServer, with_backend};
use laris_protocol::codec::Encoding;
use laris_protocol::v1::api::{self, DeviceSummary, ProofV1};
use laris_protocol::v1::{LimitsV1, PushReply, PushRequest};
use laris_server::ManualClock;
use laris_server::secret::random_uuid;

pub const MINUTE: i64 = 60_000;
pub const DAY: i64 = 24 * 60 * MINUTE;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_sqlite() {
    with_backend(Backend::Sqlite, "story", story).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_postgres() {
    with_backend(Backend::Postgres, "story", story).await;
}

/// What every step shares.
#[derive(Debug)]
pub struct Story {
    pub clock: ManualClock,
    pub server: TestServer,
    pub c: Client,
    pub owner: Owner,
    pub a: Device,
    pub b: Device,
    pub epoch: uuid::Uuid,
}

async fn story(db: TestDb) {
    let st = begin(db).await;
    let goods = sync_rules::push_rules(&st).await;
    sync_rules::pull_and_merge(&st, &goods).await;
    owner_views::reports(&st, &goods).await;
    revocation(&st).await;
    st.server.stop().await;
}

async fn begin(db: TestDb) -> Story {
    let clock = ManualClock::new(T0);
    let server = TestServer::start(db.open().await, clock.clone()).await;
    let c = server.client();
    let owner = new_store(&server, "Warung Bu Sri", "Sri@Example.id").await;

    // Pairing: a code pairs one device, once; an expired code pairs none.
    let code = pairing_code(&c, &owner).await;
    assert_eq!(code.len(), 8);
    let a_id = random_uuid();
    let paired = pair_with(&c, &code.to_lowercase(), a_id, "A")
        .await
        .unwrap();
    assert_eq!(paired.store_name, "Warung Bu Sri");
    let err = pair_with(&c, &code, random_uuid(), "X").await.unwrap_err();
    assert_eq!((err.status, err.code()), (401, "invalid_pairing_code"));
    let stale = pairing_code(&c, &owner).await;
    clock.advance(10 * MINUTE + 1);
    let err = pair_with(&c, &stale, random_uuid(), "X").await.unwrap_err();
    assert_eq!((err.status, err.code()), (401, "invalid_pairing_code"));
    let fresh = pairing_code(&c, &owner).await;
    clock.advance(9 * MINUTE);
    let b_id = random_uuid();
    let b_reply = pair_with(&c, &fresh, b_id, "B").await.unwrap();
    let a = Device {
        id: a_id,
        store_id: owner.store_id,
        code: "A".into(),
        token: paired.credential,
    };
    let b = Device {
        id: b_id,
        store_id: owner.store_id,
        code: "B".into(),
        token: b_reply.credential,
    };

    // Handshake: the store's epoch, nothing acknowledged, head 0, the server's time and limits.
    let store = server.storage.store(owner.store_id).await.unwrap().unwrap();
    let h = handshake(&c, &a, 0, clock.now_ms()).await.unwrap();
    assert_eq!(
        (h.server_epoch, h.acked_seq, h.head_change_seq),
        (store.epoch, 0, 0)
    );
    assert_eq!(
        (h.server_time_ms, h.limits),
        (clock.now_ms(), LimitsV1::default())
    );
    // A handshake records when the device was last seen, at most once a minute.
    let seen = || async {
        let devices = server.storage.devices(owner.store_id).await.unwrap();
        devices
            .into_iter()
            .find(|d| d.device_id == a_id)
            .and_then(|d| d.last_seen_ms)
    };
    let first_seen = clock.now_ms();
    assert_eq!(seen().await, Some(first_seen));
    clock.advance(30_000);
    handshake(&c, &a, 0, clock.now_ms()).await.unwrap();
    assert_eq!(
        seen().await,
        Some(first_seen),
        "not again within the minute"
    );
    clock.advance(31_000);
    handshake(&c, &a, 0, clock.now_ms()).await.unwrap();
    assert_eq!(seen().await, Some(clock.now_ms()));
    let json_reply: laris_protocol::v1::HandshakeReply = c
        .sync_in(api::HANDSHAKE, &a.token, &hello(&a, 0, 0), Encoding::JSON)
        .await
        .unwrap();
    assert_eq!(json_reply.server_epoch, store.epoch);
    let mut wrong_store = hello(&a, 0, 0);
    wrong_store.store_id = random_uuid();
    let mut wrong_device = hello(&a, 0, 0);
    wrong_device.device_id = b_id;
    let mut wrong_version = hello(&a, 0, 0);
    wrong_version.protocol_version = 99;
    for (hs, status, code) in [
        (wrong_store, 403, "wrong_store"),
        (wrong_device, 403, "wrong_device"),
        (wrong_version, 400, "unsupported_version"),
    ] {
        let err = c
            .sync::<_, laris_protocol::v1::HandshakeReply>(api::HANDSHAKE, &a.token, &hs)
            .await
            .unwrap_err();
        assert_eq!((err.status, err.code()), (status, code));
    }

    let epoch = store.epoch;
    Story {
        clock,
        server,
        c,
        owner,
        a,
        b,
        epoch,
    }
}

async fn revocation(st: &Story) {
    let Story {
        clock,
        c,
        owner,
        a,
        b,
        ..
    } = st;
    // Revocation: B is refused everywhere at once, and cannot pair again.
    let revoked: DeviceSummary = c
        .post_empty(
            &device_path(api::OWNER_DEVICE_REVOKE, b.id),
            Some(&owner.token),
        )
        .await
        .unwrap();
    assert_eq!(revoked.revoked_at_ms, Some(clock.now_ms()));
    let err = handshake(c, b, 2, clock.now_ms()).await.unwrap_err();
    assert_eq!((err.status, err.code()), (403, "device_revoked"));
    assert_eq!(
        push(c, b, numbered(3, vec![])).await.unwrap_err().status,
        403
    );
    assert_eq!(pull(c, b, 0, 10).await.unwrap_err().status, 403);
    assert_eq!(
        c.get_json::<ProofV1>(api::PROOF, Some(&b.token))
            .await
            .unwrap_err()
            .status,
        403
    );
    let code = pairing_code(c, owner).await;
    let err = pair_with(c, &code, b.id, "B").await.unwrap_err();
    assert_eq!((err.status, err.code()), (403, "device_revoked"));
    // The code was not used up by the refused pairing.
    let c_dev = pair_with(c, &code, random_uuid(), "C").await.unwrap();
    let devices: Vec<DeviceSummary> = c
        .get_json(api::OWNER_DEVICES, Some(&owner.token))
        .await
        .unwrap();
    let mut listed: Vec<_> = devices
        .iter()
        .map(|d| (d.code.as_str(), d.revoked_at_ms.is_some(), d.acked_seq))
        .collect();
    listed.sort_unstable();
    assert_eq!(listed, [("A", false, 13), ("B", true, 2), ("C", false, 0)]);
    assert!(devices.iter().any(|d| d.device_id == c_dev.device_id));

    // A request with the wrong device in the push body is refused.
    let err = c
        .sync::<_, PushReply>(
            api::PUSH,
            &a.token,
            &PushRequest {
                device_id: b.id,
                events: vec![],
            },
        )
        .await
        .unwrap_err();
    assert_eq!((err.status, err.code()), (403, "wrong_device"));
}

pub fn device_path(template: &str, id: uuid::Uuid) -> String {
    template.replace("{device_id}", &id.to_string())
}
