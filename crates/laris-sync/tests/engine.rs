//! The background engine on paused tokio time: a round at start, after a sale once the till
//! is quiet, every period, and at once when connectivity returns; exponential backoff with
//! seeded jitter while the server is unreachable; status on the watch channel.

mod common;

use std::time::Duration;

use common::fake_server::Call;
use common::store_with_two_tills;
use laris_sync::{Backoff, Connectivity, EngineConfig, SyncEngine, SyncStatus};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::sync::watch;
use tokio::time::{Instant, sleep};

const SEED: u64 = 7;

fn config() -> EngineConfig {
    EngineConfig {
        seed: Some(SEED),
        ..EngineConfig::default()
    }
}

async fn wait_for(
    rx: &mut watch::Receiver<SyncStatus>,
    what: impl Fn(&SyncStatus) -> bool,
) -> SyncStatus {
    tokio::time::timeout(Duration::from_secs(3600), async {
        loop {
            {
                let s = rx.borrow_and_update();
                if what(&s) {
                    return s.clone();
                }
            }
            rx.changed().await.unwrap();
        }
    })
    .await
    .expect("the status never came")
}

fn online(s: &SyncStatus) -> bool {
    s.connectivity == Connectivity::Online
}

#[tokio::test(start_paused = true)]
async fn offline_backs_off_with_jitter_then_recovers_by_itself() {
    let (server, a, _b) = store_with_two_tills().await;
    let engine = SyncEngine::spawn(a.store.clone(), a.transport.clone(), config()).unwrap();
    let mut status = engine.status();
    let first = wait_for(&mut status, online).await;
    assert_eq!((first.pending, first.last_error), (0, None));
    assert!(first.last_success_at.is_some());

    a.transport.set_offline(true);
    a.sell(&["W0001"]);
    let before = a.transport.count(Call::Handshake);
    engine.sync_now();
    let off = wait_for(&mut status, |s| s.connectivity == Connectivity::Offline).await;
    assert_eq!(off.pending, 1);
    assert_eq!(off.last_error.unwrap().code, "unreachable");
    let failed_at = Instant::now();
    sleep(Duration::from_secs(40)).await;

    // The same seed gives the same jitter: attempts come exactly when the schedule says.
    let mut rng = StdRng::seed_from_u64(SEED);
    let backoff = Backoff::default();
    let attempts = a.transport.times(Call::Handshake).split_off(before);
    assert_eq!(attempts[0], failed_at);
    let mut checked = 0;
    for (n, at) in attempts.iter().enumerate().skip(1) {
        // Timers have millisecond resolution: each wait may end up to 1 ms late.
        let expected = attempts[n - 1] + backoff.delay(n as u32, rng.random());
        let late = at.duration_since(expected);
        assert!(
            *at >= expected && late <= Duration::from_millis(2),
            "attempt {n} at {:?}, expected {:?}",
            at.duration_since(failed_at),
            expected.duration_since(failed_at)
        );
        checked += 1;
    }
    assert!((3..=5).contains(&checked), "{checked} retries in 40 s");
    assert_eq!(server.sales(), 0);

    a.transport.set_offline(false);
    let back = wait_for(&mut status, online).await;
    assert_eq!((back.pending, back.last_error), (0, None));
    assert_eq!(server.sales(), 1);
    engine.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_sale_is_pushed_once_the_till_is_quiet_and_a_busy_till_still_syncs() {
    let (server, a, _b) = store_with_two_tills().await;
    let engine = SyncEngine::spawn(a.store.clone(), a.transport.clone(), config()).unwrap();
    let mut status = engine.status();
    wait_for(&mut status, online).await;
    let pushes = a.transport.count(Call::Push);

    a.sell(&["W0001"]);
    engine.sale_recorded();
    let waiting = wait_for(&mut status, |s| s.pending == 1).await;
    assert_eq!(waiting.connectivity, Connectivity::Online);
    sleep(Duration::from_millis(1500)).await;
    a.sell(&["W0002"]);
    engine.sale_recorded();
    sleep(Duration::from_millis(1900)).await;
    assert_eq!(
        a.transport.count(Call::Push),
        pushes,
        "still within the quiet time"
    );
    sleep(Duration::from_millis(200)).await;
    assert_eq!(
        a.transport.count(Call::Push),
        pushes + 1,
        "both sales in one push"
    );
    assert_eq!(server.sales(), 2);
    assert_eq!(status.borrow().pending, 0);

    // A sale every second never leaves 2 s of quiet, but syncs within 10 s of the first.
    let start = Instant::now();
    for _ in 0..12 {
        a.sell(&["W0003"]);
        engine.sale_recorded();
        sleep(Duration::from_secs(1)).await;
    }
    let first_push = a.transport.times(Call::Push)[pushes + 1];
    assert!(first_push.duration_since(start) <= Duration::from_millis(10_001));
    engine.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn other_tills_changes_arrive_every_period() {
    let (_server, a, b) = store_with_two_tills().await;
    a.sync().await.unwrap();
    let engine = SyncEngine::spawn(b.store.clone(), b.transport.clone(), config()).unwrap();
    let mut status = engine.status();
    wait_for(&mut status, online).await;
    a.sell(&["W0001"]);
    a.sync().await.unwrap();
    sleep(Duration::from_secs(59)).await;
    assert_eq!(b.sales(), 0);
    sleep(Duration::from_secs(2)).await;
    assert_eq!(b.sales(), 1);
    engine.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn sales_while_offline_wait_for_the_backoff_and_connectivity_skips_it() {
    let (server, a, _b) = store_with_two_tills().await;
    a.transport.set_offline(true);
    let engine = SyncEngine::spawn(a.store.clone(), a.transport.clone(), config()).unwrap();
    let mut status = engine.status();
    wait_for(&mut status, |s| s.connectivity == Connectivity::Offline).await;
    sleep(Duration::from_secs(120)).await;
    let attempts = a.transport.count(Call::Handshake);
    // Selling does not hammer an unreachable server.
    for _ in 0..5 {
        a.sell(&["W0001"]);
        engine.sale_recorded();
        sleep(Duration::from_millis(2500)).await;
    }
    assert!(a.transport.count(Call::Handshake) <= attempts + 1);
    assert_eq!(status.borrow().pending, 8);
    assert_eq!(status.borrow().connectivity, Connectivity::Offline);

    a.transport.set_offline(false);
    let restored = Instant::now();
    engine.connectivity_restored();
    wait_for(&mut status, |s| online(s) && s.pending == 0).await;
    assert!(
        restored.elapsed() < Duration::from_millis(5),
        "at once, not after the backoff"
    );
    assert_eq!(server.sales(), 5);
    engine.shutdown().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_revoked_till_stops_retrying_until_synced_by_hand() {
    let (server, a, _b) = store_with_two_tills().await;
    let engine = SyncEngine::spawn(a.store.clone(), a.transport.clone(), config()).unwrap();
    let mut status = engine.status();
    wait_for(&mut status, online).await;

    server.revoke(a.transport.device_id);
    a.sell(&["W0001"]);
    engine.sale_recorded();
    let refused = wait_for(&mut status, |s| s.connectivity == Connectivity::Refused).await;
    assert_eq!(refused.pending, 1);
    assert_eq!(refused.last_error.unwrap().code, "device_revoked");

    // Neither the period, nor backoff, nor new sales make it knock again.
    let attempts = a.transport.count(Call::Handshake);
    for _ in 0..3 {
        a.sell(&["W0001"]);
        engine.sale_recorded();
        sleep(Duration::from_secs(600)).await;
    }
    assert_eq!(a.transport.count(Call::Handshake), attempts);
    assert_eq!(status.borrow().connectivity, Connectivity::Refused);
    assert_eq!(status.borrow().pending, 4);

    // Connectivity returning does not help either; syncing by hand asks once more.
    engine.connectivity_restored();
    sleep(Duration::from_secs(1)).await;
    assert_eq!(a.transport.count(Call::Handshake), attempts + 1);
    engine.sync_now();
    sleep(Duration::from_secs(1)).await;
    assert_eq!(a.transport.count(Call::Handshake), attempts + 2);
    assert_eq!(status.borrow().connectivity, Connectivity::Refused);
    assert_eq!(server.sales(), 0);
    engine.shutdown().await.unwrap();
}
