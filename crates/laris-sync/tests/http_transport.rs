//! The HTTP transport against a tiny HTTP/1.1 server on 127.0.0.1:0 that records each
//! request and answers with a canned reply: paths, headers, auth, encodings, and errors.

use std::collections::HashMap;

use laris_protocol::codec::{self, Compression, Encoding, Format};
use laris_protocol::v1::api::{PairReply, PairRequest, ProofV1};
use laris_protocol::v1::{
    ErrorBody, Handshake, HandshakeReply, LimitsV1, PROTOCOL_VERSION, PullReply, PullRequest,
};
use laris_sync::{HttpTransport, SyncError, Transport};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use uuid::Uuid;

#[derive(Debug)]
struct Recorded {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

struct Canned {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn canned<T: serde::Serialize>(status: u16, value: &T, enc: Encoding) -> Canned {
    let mut headers = vec![("content-type", enc.format.content_type().to_string())];
    if enc.compression != Compression::Identity {
        headers.push((
            "content-encoding",
            enc.compression.header_value().to_string(),
        ));
    }
    Canned {
        status,
        headers,
        body: codec::encode(value, enc).unwrap(),
    }
}

/// Serves one connection per canned reply, in order; returns the base URL and the requests.
async fn serve(replies: Vec<Canned>) -> (String, JoinHandle<Vec<Recorded>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let mut seen = Vec::new();
        for reply in replies {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let head_end = loop {
                let n = sock.read(&mut chunk).await.unwrap();
                assert!(n > 0, "the client closed early");
                buf.extend_from_slice(&chunk[..n]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
            };
            let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
            let mut lines = head.split("\r\n");
            let mut first = lines.next().unwrap().split(' ');
            let (method, path) = (
                first.next().unwrap().to_string(),
                first.next().unwrap().to_string(),
            );
            let headers: HashMap<String, String> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect();
            let len: usize = headers
                .get("content-length")
                .map_or(0, |v| v.parse().unwrap());
            let mut body = buf[head_end..].to_vec();
            while body.len() < len {
                let n = sock.read(&mut chunk).await.unwrap();
                body.extend_from_slice(&chunk[..n]);
            }
            let mut out = format!("HTTP/1.1 {} X\r\nconnection: close\r\n", reply.status);
            for (k, v) in &reply.headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str(&format!("content-length: {}\r\n\r\n", reply.body.len()));
            sock.write_all(out.as_bytes()).await.unwrap();
            sock.write_all(&reply.body).await.unwrap();
            sock.shutdown().await.unwrap();
            seen.push(Recorded {
                method,
                path,
                headers,
                body,
            });
        }
        seen
    });
    (base, task)
}

fn hello() -> Handshake {
    Handshake {
        protocol_version: PROTOCOL_VERSION,
        device_id: Uuid::from_u128(1),
        store_id: Uuid::from_u128(2),
        acked_seq: 3,
        last_seq: 9,
        known_epoch: None,
        device_time_ms: 1_795_748_400_000,
    }
}

#[tokio::test]
async fn sync_calls_send_compressed_binary_with_the_credential_and_decode_any_reply_encoding() {
    let reply = HandshakeReply {
        protocol_version: PROTOCOL_VERSION,
        server_epoch: Uuid::from_u128(7),
        acked_seq: 3,
        head_change_seq: 40,
        server_time_ms: 1_795_748_400_500,
        limits: LimitsV1::default(),
    };
    let page = PullReply {
        changes: vec![],
        next_cursor: 40,
        has_more: false,
    };
    let (base, server) = serve(vec![
        canned(200, &reply, Encoding::BINARY_ZSTD),
        canned(200, &page, Encoding::BINARY_GZIP),
    ])
    .await;
    let t = HttpTransport::new(&format!("{base}/"), Some("s3cret".into())).unwrap();
    assert_eq!(t.handshake(&hello()).await.unwrap(), reply);
    let req = PullRequest {
        cursor: 0,
        limit: 500,
    };
    assert_eq!(t.pull(&req).await.unwrap(), page);

    let seen = server.await.unwrap();
    let h = &seen[0];
    assert_eq!(
        (h.method.as_str(), h.path.as_str()),
        ("POST", "/v1/sync/handshake")
    );
    assert_eq!(h.headers["authorization"], "Bearer s3cret");
    assert_eq!(h.headers["content-type"], codec::CONTENT_TYPE_POSTCARD);
    assert_eq!(h.headers["content-encoding"], "zstd");
    assert!(h.headers["accept-encoding"].contains("zstd"));
    let sent: Handshake = codec::decode(&h.body, Encoding::BINARY_ZSTD, 1 << 20).unwrap();
    assert_eq!(sent, hello());
    assert_eq!(seen[1].path, "/v1/sync/pull");
}

#[tokio::test]
async fn error_bodies_keep_the_servers_code_and_gateway_errors_count_as_offline() {
    let revoked = ErrorBody {
        code: "device_revoked".into(),
        message: "this device was revoked by the owner".into(),
    };
    let (base, server) = serve(vec![
        canned(403, &revoked, Encoding::JSON),
        Canned {
            status: 503,
            headers: vec![("content-type", "text/html".into())],
            body: b"<h1>maintenance</h1>".to_vec(),
        },
    ])
    .await;
    let t = HttpTransport::new(&base, Some("x".into())).unwrap();
    match t.handshake(&hello()).await.unwrap_err() {
        SyncError::Server {
            status,
            code,
            message,
        } => {
            assert_eq!((status, code.as_str()), (403, "device_revoked"));
            assert!(message.contains("revoked"));
        }
        other => panic!("{other:?}"),
    }
    let err = t.proof().await.unwrap_err();
    assert_eq!(err.code(), "http_503");
    assert!(err.is_offline());
    server.await.unwrap();
}

#[tokio::test]
async fn pairing_is_json_without_a_credential_and_proof_is_a_get() {
    let paired = PairReply {
        store_id: Uuid::from_u128(2),
        store_name: "Warung Bu Sri".into(),
        device_id: Uuid::from_u128(1),
        credential: "fresh".into(),
    };
    let proof = ProofV1 {
        device_id: Uuid::from_u128(1),
        server_epoch: Uuid::from_u128(7),
        first_seq: Some(1),
        last_seq: Some(2),
        events: 2,
        gaps: vec![],
        sales: 2,
        sales_total: 7_000,
        duplicates_rejected: 0,
        quarantined: vec![],
        digests: vec![],
    };
    let (base, server) = serve(vec![
        canned(200, &paired, Encoding::new(Format::Json, Compression::Gzip)),
        canned(200, &proof, Encoding::JSON),
    ])
    .await;
    let request = PairRequest {
        code: "K7PM2QXA".into(),
        device_id: Uuid::from_u128(1),
        device_name: "Kasir depan".into(),
        device_code: "A".into(),
        device_key: "ab".repeat(32),
    };
    let t = HttpTransport::new(&base, None).unwrap();
    assert_eq!(t.pair(&request).await.unwrap(), paired);
    let t = HttpTransport::new(&base, Some(paired.credential.clone())).unwrap();
    assert_eq!(t.proof().await.unwrap(), proof);

    let seen = server.await.unwrap();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("POST", "/v1/pair")
    );
    assert!(!seen[0].headers.contains_key("authorization"));
    let sent: PairRequest = serde_json::from_slice(&seen[0].body).unwrap();
    assert_eq!(sent, request);
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("GET", "/v1/sync/proof")
    );
    assert_eq!(seen[1].headers["authorization"], "Bearer fresh");
}
