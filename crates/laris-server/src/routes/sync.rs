//! The device's sync endpoints: handshake, push, pull (binary bodies) and proof (JSON).

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::USER_AGENT;
use axum::response::Response;
use laris_protocol::v1::ErrorCode;
use laris_protocol::v1::api::ProofV1;
use laris_protocol::v1::{
    Handshake, HandshakeReply, PROTOCOL_VERSION, PullRequest, PushReply, RecoverRequest,
};

use super::auth::DeviceAuth;
use super::body::{SyncBody, sync_reply};
use crate::error::{Result, ServerError};
use crate::prepare;
use crate::state::AppState;
use crate::storage::{DeviceSeen, MAX_APP_VERSION_CHARS};

pub(crate) async fn handshake(
    State(state): State<AppState>,
    auth: DeviceAuth,
    headers: HeaderMap,
    body: SyncBody,
) -> Result<Response> {
    let hello: Handshake = body.decode(&state)?;
    hello.check_version()?;
    if hello.store_id != auth.store_id {
        return Err(ServerError::forbidden(
            ErrorCode::WrongStore,
            "the handshake names another store than the credential's",
        ));
    }
    if hello.device_id != auth.device_id {
        return Err(ServerError::forbidden(
            ErrorCode::WrongDevice,
            "the handshake names another device than the credential's",
        ));
    }
    let now = state.now_ms();
    let head = state
        .storage
        .handshake(
            auth.store_id,
            auth.device_id,
            DeviceSeen {
                now_ms: now,
                protocol_version: hello.protocol_version,
                reported_seq: hello.last_seq,
                app_version: app_version(&headers),
            },
        )
        .await?;
    let reply = HandshakeReply {
        // The version both speak: a till not yet updated checks for its own.
        protocol_version: hello.protocol_version.min(PROTOCOL_VERSION),
        server_epoch: head.epoch,
        acked_seq: head.acked_seq,
        head_change_seq: head.head_change_seq,
        server_time_ms: now,
        limits: state.config.limits,
    };
    sync_reply(&reply, body.reply)
}

pub(crate) async fn push(
    State(state): State<AppState>,
    auth: DeviceAuth,
    body: SyncBody,
) -> Result<Response> {
    let limits = &state.config.limits;
    let decoded = prepare::decode_push(
        &body.bytes,
        body.encoding,
        state.config.max_decoded_bytes(),
        usize::try_from(limits.max_events_per_push).unwrap_or(usize::MAX),
    )?;
    if decoded.device_id != auth.device_id {
        return Err(ServerError::forbidden(
            ErrorCode::WrongDevice,
            "the push names another device than the credential's",
        ));
    }
    let now = state.now_ms();
    let events = prepare::prepare(
        decoded,
        body.encoding.format,
        now,
        limits.max_clock_drift_ms,
    );
    let received = events.len();
    let outcome = state
        .storage
        .push(auth.store_id, auth.device_id, events, now)
        .await?;
    tracing::info!(
        store = %auth.store_id,
        device = %auth.device_id,
        received,
        applied = outcome.applied,
        duplicates = outcome.duplicates,
        quarantined = outcome.quarantined.len(),
        acked_seq = outcome.acked_seq,
        gap = outcome.stopped_at_gap,
        seq_reused = outcome.seq_conflict,
        "push"
    );
    if let Some(seq) = outcome.seq_conflict {
        return Err(ServerError::SeqReused(Box::new(prepare::seq_conflict(
            seq,
            outcome.acked_seq,
        ))));
    }
    let reply = PushReply {
        acked_seq: outcome.acked_seq,
        quarantined: outcome.quarantined,
    };
    sync_reply(&reply, body.reply)
}

pub(crate) async fn pull(
    State(state): State<AppState>,
    auth: DeviceAuth,
    body: SyncBody,
) -> Result<Response> {
    let req: PullRequest = body.decode(&state)?;
    let limit = req.limit.clamp(1, state.config.limits.max_pull_page.max(1));
    let page = state
        .storage
        .pull(auth.store_id, auth.device_id, req.cursor, limit)
        .await?;
    sync_reply(&page, body.reply)
}

pub(crate) async fn recover(
    State(state): State<AppState>,
    auth: DeviceAuth,
    body: SyncBody,
) -> Result<Response> {
    let req: RecoverRequest = body.decode(&state)?;
    let limit = req.limit.clamp(1, state.config.limits.max_pull_page.max(1));
    let reply = state
        .storage
        .recover(
            auth.store_id,
            auth.device_id,
            req.after_seq,
            req.up_to_seq,
            limit,
        )
        .await?;
    tracing::info!(
        store = %auth.store_id,
        device = %auth.device_id,
        after = req.after_seq,
        events = reply.events.len(),
        "recover"
    );
    sync_reply(&reply, body.reply)
}

pub(crate) async fn proof(
    State(state): State<AppState>,
    auth: DeviceAuth,
) -> Result<Json<ProofV1>> {
    state
        .storage
        .proof(auth.store_id, auth.device_id)
        .await?
        .map(Json)
        .ok_or_else(|| ServerError::NotFound("no such device".into()))
}

/// The version a till's sync library names in `User-Agent` (`laris-sync/0.1.0`), if it does.
fn app_version(headers: &HeaderMap) -> Option<String> {
    let agent = headers.get(USER_AGENT)?.to_str().ok()?;
    let version = agent
        .split_whitespace()
        .next()?
        .strip_prefix("laris-sync/")?;
    let clean = version
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c));
    (clean && !version.is_empty()).then(|| version.chars().take(MAX_APP_VERSION_CHARS).collect())
}
