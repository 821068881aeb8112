//! `laris pair`, `laris sync [--verify]` and `laris status`, driven as a user would, against
//! a canned HTTP server on 127.0.0.1:0 that records each request and answers in turn.

mod common;

use common::{laris, ok};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Output;
use std::thread::JoinHandle;

use laris_protocol::codec::{self, Encoding};
use laris_protocol::v1::api::{PairReply, ProofV1};
use laris_protocol::v1::{
    EventBody, HandshakeReply, LimitsV1, PROTOCOL_VERSION, PullReply, PushReply, PushRequest,
};
use uuid::Uuid;

fn failed_with(out: &Output, code: &str) -> String {
    assert!(!out.status.success(), "should have failed");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains(&format!("[{code}]")), "{stderr}");
    stderr
}

struct Request {
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// Answers one connection per reply, in order, and returns what it was sent.
fn serve(replies: Vec<(u16, &'static str, Vec<u8>)>) -> (String, JoinHandle<Vec<Request>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for (status, content_type, body) in replies {
            let (mut sock, _) = listener.accept().unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 8192];
            let head_end = loop {
                let n = sock.read(&mut chunk).unwrap();
                assert!(n > 0);
                buf.extend_from_slice(&chunk[..n]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
            };
            let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
            let path = head.split(' ').nth(1).unwrap().to_string();
            let headers: HashMap<String, String> = head
                .split("\r\n")
                .skip(1)
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect();
            let len: usize = headers
                .get("content-length")
                .map_or(0, |v| v.parse().unwrap());
            let mut got = buf[head_end..].to_vec();
            while got.len() < len {
                let n = sock.read(&mut chunk).unwrap();
                got.extend_from_slice(&chunk[..n]);
            }
            let encoding = if content_type == codec::CONTENT_TYPE_POSTCARD {
                "content-encoding: zstd\r\n"
            } else {
                ""
            };
            write!(
                sock,
                "HTTP/1.1 {status} X\r\nconnection: close\r\ncontent-type: {content_type}\r\n{encoding}content-length: {}\r\n\r\n",
                body.len()
            )
            .unwrap();
            sock.write_all(&body).unwrap();
            seen.push(Request {
                path,
                headers,
                body: got,
            });
        }
        seen
    });
    (base, handle)
}

fn binary<T: serde::Serialize>(v: &T) -> (u16, &'static str, Vec<u8>) {
    (
        200,
        codec::CONTENT_TYPE_POSTCARD,
        codec::encode(v, Encoding::BINARY_ZSTD).unwrap(),
    )
}

fn json_reply<T: serde::Serialize>(status: u16, v: &T) -> (u16, &'static str, Vec<u8>) {
    (
        status,
        codec::CONTENT_TYPE_JSON,
        serde_json::to_vec(v).unwrap(),
    )
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn handshake(acked: u64) -> (u16, &'static str, Vec<u8>) {
    binary(&HandshakeReply {
        protocol_version: PROTOCOL_VERSION,
        server_epoch: Uuid::from_u128(7),
        acked_seq: acked,
        head_change_seq: 0,
        server_time_ms: now_ms(),
        limits: LimitsV1::default(),
    })
}

fn empty_page() -> (u16, &'static str, Vec<u8>) {
    binary(&PullReply {
        changes: vec![],
        next_cursor: 0,
        has_more: false,
    })
}

/// The identity digests of the till's outbox, as a server holding exactly its events has.
fn outbox_digests(db: &std::path::Path) -> Vec<laris_protocol::v1::SeqDigest> {
    let reader = laris_core::DeviceReader::open(db).unwrap();
    let mut b = laris_protocol::v1::DigestBuilder::new();
    for e in &reader.query().outbox_after(0, 1_000).unwrap() {
        b.push(laris_protocol::v1::EventIdentity {
            seq: e.seq as u64,
            kind: laris_sync::to_wire::kind(&e.kind),
            entity_id: e.entity_id,
        });
    }
    b.finish()
}

fn proof(
    device_id: Uuid,
    sales_total: i64,
    digests: Vec<laris_protocol::v1::SeqDigest>,
) -> ProofV1 {
    ProofV1 {
        device_id,
        server_epoch: Uuid::from_u128(7),
        first_seq: Some(1),
        last_seq: Some(2),
        events: 2,
        gaps: vec![],
        sales: 1,
        sales_total,
        duplicates_rejected: 0,
        quarantined: vec![],
        digests,
    }
}

#[test]
fn pair_sync_and_verify_against_a_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    let csv = dir.path().join("catalog.csv");
    std::fs::write(
        &csv,
        "sku,barcode,name,price_idr\nW0001,2000000000015,Indomie,3500\n",
    )
    .unwrap();
    ok(&laris(
        &db,
        &[
            "init",
            "--name",
            "Warung Uji",
            "--device",
            "B",
            "--catalog",
            csv.to_str().unwrap(),
        ],
    ));
    assert!(ok(&laris(&db, &["status"])).contains("Not paired"));
    failed_with(&laris(&db, &["sync"]), "not_paired");
    failed_with(&laris(&db, &["pair", "ftp://x", "CODE"]), "invalid_url");

    let device_id: Uuid = {
        let reader = laris_core::DeviceReader::open(&db).unwrap();
        reader.device().unwrap().device_id
    };
    let paired = PairReply {
        store_id: Uuid::from_u128(2),
        store_name: "Warung Uji".into(),
        device_id,
        credential: "cred-b".into(),
    };
    let (base, server) = serve(vec![json_reply(200, &paired)]);
    let out = ok(&laris(
        &db,
        &["pair", &base, "K7PM2QXA", "--name", "Kasir depan"],
    ));
    assert!(out.contains("Paired with Warung Uji"), "{out}");
    assert!(out.contains("1 product queued"), "{out}");
    let sent = server.join().unwrap();
    let pair_body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(pair_body["device_name"], "Kasir depan");
    assert_eq!(pair_body["code"], "K7PM2QXA");

    let sale: serde_json::Value = serde_json::from_str(&ok(&laris(
        &db,
        &["--json", "sell", "--item", "2000000000015x2"],
    )))
    .unwrap();
    let total = sale["total"].as_i64().unwrap();
    let digests = outbox_digests(&db);
    let (base2, server) = serve(vec![
        handshake(0),
        binary(&PushReply {
            acked_seq: 2,
            quarantined: vec![],
        }),
        empty_page(),
        json_reply(200, &proof(device_id, total, digests.clone())),
    ]);
    // The server moved: pairing again with the same store updates the URL.
    let (base_pair, pair_server) = serve(vec![json_reply(200, &paired)]);
    ok(&laris(&db, &["pair", &base_pair, "SECOND01"]));
    pair_server.join().unwrap();
    let status: serde_json::Value =
        serde_json::from_str(&ok(&laris(&db, &["--json", "status"]))).unwrap();
    assert_eq!(status["pending"], 2);
    // Point the till at the sync server (as `laris pair` would have).
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE sync_state SET server_url = ?1", [&base2])
        .unwrap();
    drop(conn);

    let out = ok(&laris(&db, &["sync", "--verify"]));
    assert!(out.contains("pushed 2 events in 1 request"), "{out}");
    assert!(
        out.contains("Till B: 1 sale up to #2, 0 gaps, 0 doubles, totals match"),
        "{out}"
    );
    let sent = server.join().unwrap();
    let paths: Vec<&str> = sent.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/v1/sync/handshake",
            "/v1/sync/push",
            "/v1/sync/pull",
            "/v1/sync/proof"
        ]
    );
    assert!(
        sent.iter()
            .all(|r| r.headers["authorization"] == "Bearer cred-b")
    );
    let push: PushRequest = codec::decode(&sent[1].body, Encoding::BINARY_ZSTD, 1 << 20).unwrap();
    assert_eq!(push.device_id, device_id);
    assert_eq!(
        push.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(matches!(&push.events[0].body, EventBody::ProductUpsert(p) if p.sku.value == "W0001"));
    assert!(matches!(&push.events[1].body, EventBody::Sale(s) if s.total == total));

    let status = ok(&laris(&db, &["status"]));
    assert!(status.contains("2 of 2 event(s) acknowledged"), "{status}");

    // A server that reports another total: the proof fails, and says why.
    let (base3, server) = serve(vec![
        handshake(2),
        empty_page(),
        json_reply(200, &proof(device_id, total + 1000, digests.clone())),
    ]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE sync_state SET server_url = ?1", [&base3])
        .unwrap();
    drop(conn);
    let stderr = failed_with(&laris(&db, &["sync", "--verify"]), "proof_mismatch");
    assert!(stderr.contains("totals differ"), "{stderr}");
    server.join().unwrap();

    // A revoked till hears the server's own code.
    let (base4, server) = serve(vec![json_reply(
        403,
        &laris_protocol::v1::ErrorBody {
            code: "device_revoked".into(),
            message: "revoked by the owner".into(),
        },
    )]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE sync_state SET server_url = ?1", [&base4])
        .unwrap();
    drop(conn);
    failed_with(&laris(&db, &["sync"]), "device_revoked");
    server.join().unwrap();
    let status = ok(&laris(&db, &["status"]));
    assert!(status.contains("[device_revoked]"), "{status}");
}
