//! Pairing over a bad link, end to end: a real till (laris-core + laris-sync) pairs with the
//! real server process through the fault-injecting proxy, on each backend. A lost reply is
//! asked again with the same code and key and gives the same credential: one device on the
//! server, and a till that syncs. When every attempt fails, the user's retry with the same
//! code still works.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use laris_core::{Cart, DeviceStore, SeededIds, ShopSetup, ShopTimeZone, SystemClock, Tender};
use laris_proxy::{Fault, FaultSchedule, Proxy};
use laris_sync::{RoundConfig, SharedStore, pair, prove, shared, sync_round};
use laris_tests::fleet::{http, starter_catalog};
use laris_tests::postgres::{TestDatabase, admin_url};
use laris_tests::server::{Backend, ServerProcess};

const SERVER: &str = env!("CARGO_BIN_EXE_e2e_server");

/// The replies of the next `n` connections are lost after the server has answered.
#[derive(Debug, Default)]
struct LoseReplies(AtomicU64);

impl FaultSchedule for LoseReplies {
    fn fault_for(&self, _n: u64) -> Fault {
        let left = self.0.load(Ordering::SeqCst);
        if left == 0 {
            return Fault::None;
        }
        self.0.store(left - 1, Ordering::SeqCst);
        Fault::DropResponse
    }
}

fn till(dir: &Path, code: &str, seed: u64) -> SharedStore {
    let mut db = DeviceStore::open(
        dir.join(format!("{code}.db")),
        Arc::new(SystemClock),
        Arc::new(SeededIds::new(seed)),
    )
    .unwrap();
    db.init_shop(&ShopSetup {
        name: "Warung Bu Sri".into(),
        device_code: code.into(),
        timezone: ShopTimeZone::Wib,
    })
    .unwrap();
    let (p, _) = db.upsert_product(&starter_catalog()[0]).unwrap();
    let mut cart = Cart::new();
    cart.add(&p, 1000).unwrap();
    db.checkout(&cart, &[Tender::cash(100_000)], None).unwrap();
    shared(db)
}

fn device_lines(server: &ServerProcess, store: uuid::Uuid) -> Vec<String> {
    server
        .admin(&["devices", "list", "--store", &store.to_string()])
        .lines()
        .map(str::to_string)
        .collect()
}

async fn lost_replies(backend: Backend) {
    let server = ServerProcess::start(Path::new(SERVER), &backend);
    let faults = Arc::new(LoseReplies::default());
    let proxy = Proxy::start(server.addr(), faults.clone()).await.unwrap();
    let url = proxy.url();
    let store = tokio::task::block_in_place(|| server.create_store("Warung Bu Sri"));
    let dir = tempfile::tempdir().unwrap();

    // The first reply is lost: pairing asks again by itself and gets the same credential.
    let a = till(dir.path(), "A", 1);
    let code = tokio::task::block_in_place(|| server.pairing_code(store));
    faults.0.store(1, Ordering::SeqCst);
    let paired = pair(&a, &http(&url, None), &url, &code, None)
        .await
        .unwrap();
    assert_eq!(paired.store_id, store);
    let lines = tokio::task::block_in_place(|| device_lines(&server, store));
    assert_eq!(lines.len(), 1, "one device: {lines:?}");
    let credential = a.lock().unwrap().sync_state().unwrap().credential;
    let report = sync_round(&a, &http(&url, credential.clone()), &RoundConfig::default())
        .await
        .unwrap();
    assert_eq!(
        report.pushed,
        2,
        "the product and the sale: {}",
        report.summary()
    );
    let proof = prove(&a, &http(&url, credential)).await.unwrap();
    assert!(proof.matches(), "{}", proof.summary());

    // Every attempt's reply is lost: pairing fails as offline, and the user's retry with the
    // same code (after the link is back) pairs the same device, once.
    let b = till(dir.path(), "B", 2);
    let code = tokio::task::block_in_place(|| server.pairing_code(store));
    faults.0.store(100, Ordering::SeqCst);
    let err = pair(&b, &http(&url, None), &url, &code, None)
        .await
        .unwrap_err();
    assert!(err.is_offline(), "{err}");
    assert!(!b.lock().unwrap().sync_state().unwrap().is_paired());
    faults.0.store(0, Ordering::SeqCst);
    pair(&b, &http(&url, None), &url, &code, None)
        .await
        .unwrap();
    let lines = tokio::task::block_in_place(|| device_lines(&server, store));
    assert_eq!(lines.len(), 2, "A and B, once each: {lines:?}");
    let credential = b.lock().unwrap().sync_state().unwrap().credential;
    let report = sync_round(&b, &http(&url, credential), &RoundConfig::default())
        .await
        .unwrap();
    assert_eq!(
        report.pulled,
        2,
        "A's product and sale: {}",
        report.summary()
    );

    // A third till that also calls itself "A" is refused and told a free prefix; the code
    // stays usable, and after changing its prefix the till pairs with it.
    let c = till(dir.path(), "a", 3);
    let code = tokio::task::block_in_place(|| server.pairing_code(store));
    let err = pair(&c, &http(&url, None), &url, &code, None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "device_code_taken", "{err}");
    assert!(err.to_string().contains("\"C\""), "{err}");
    c.lock().unwrap().set_device_code("C").unwrap();
    pair(&c, &http(&url, None), &url, &code, None)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairing_survives_lost_replies_sqlite() {
    lost_replies(Backend::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairing_survives_lost_replies_postgres() {
    if let Some(url) = admin_url() {
        lost_replies(Backend::Postgres(TestDatabase::create(&url))).await;
    }
}
