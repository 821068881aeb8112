//! One sync round: handshake → push the outbox → pull the store's changes → record the
//! outcome in the sync state. Each step reads or writes the device store under its lock only
//! briefly; every network call happens with the lock released. A round that fails part-way
//! keeps what it did (acknowledged seqs, applied pages) and the next round resumes from there.

use laris_core::{AppliedPage, ServerHead, SyncPosition};
use laris_protocol::hlc::ClockOffset;
use laris_protocol::limits::BatchBounds;
use laris_protocol::v1::{
    Handshake, HandshakeReply, LimitsV1, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, QuarantinedEvent,
};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{Result, SyncError};
use crate::shared_store::{SharedStore, with_store};
use crate::transport::Transport;

/// How a device cuts its pushes and pulls (always within what the server announces).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundConfig {
    pub push_bounds: BatchBounds,
    /// Changes asked for per pull page. Smaller pages hold the store's lock for less time.
    pub pull_page: u32,
}

impl Default for RoundConfig {
    fn default() -> Self {
        RoundConfig {
            push_bounds: BatchBounds::DEVICE_DEFAULT,
            pull_page: 500,
        }
    }
}

/// What a round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoundReport {
    /// Outbox entries newly acknowledged by the server.
    pub pushed: u64,
    pub push_requests: u32,
    /// Times a push failed in transport and was sent again as a batch half as large.
    pub batch_shrinks: u32,
    /// Events the server acknowledged without applying them, and why.
    pub quarantined: Vec<QuarantinedEvent>,
    /// Changes received.
    pub pulled: u64,
    pub pages: u32,
    pub applied: AppliedPage,
    /// The server was restored: its epoch changed.
    pub epoch_changed: bool,
    /// The server held less than this device believed: entries from here on were sent again.
    pub resent_from: Option<u64>,
    /// Entries moved after the server's seqs: this database was restored from an older backup
    /// and had made new events under seqs the server held for others.
    pub renumbered: u64,
    /// Times the server refused a reused seq this round.
    pub renumbered_rounds: u32,
    /// This device's own events given back by the server (lost with a restored database).
    pub recovered: u64,
    pub acked_seq: u64,
    pub pull_cursor: u64,
    /// The first event held back because the server speaks an older protocol that cannot
    /// read it: (seq, the version it needs). Everything before it was pushed and the pull
    /// ran; the round then fails with `server_too_old`.
    pub held_back: Option<(u64, u16)>,
}

/// One round against `transport`. Its outcome (success, or the error's code and message) is
/// recorded in the sync state.
pub async fn sync_round<T: Transport>(
    store: &SharedStore,
    transport: &T,
    config: &RoundConfig,
) -> Result<RoundReport> {
    let outcome = run(store, transport, config).await;
    let recorded = match &outcome {
        Ok(_) => with_store(store, |s| s.record_sync_success()),
        Err(e) => with_store(store, |s| s.record_sync_error(e.code(), &e.to_string())),
    };
    let report = outcome?;
    recorded?;
    Ok(report)
}

async fn run<T: Transport>(
    store: &SharedStore,
    transport: &T,
    config: &RoundConfig,
) -> Result<RoundReport> {
    let (device_id, position, limits, server_version) = handshake(store, transport).await?;
    let mut report = RoundReport {
        epoch_changed: position.epoch_changed,
        resent_from: (position.push_from <= position.acked_before).then_some(position.push_from),
        ..RoundReport::default()
    };
    let bounds = config.push_bounds.within(&limits);
    report.acked_seq = crate::push::push_outbox(
        store,
        transport,
        device_id,
        position.push_from,
        bounds,
        server_version,
        &mut report,
    )
    .await?;
    let page = config.pull_page.min(limits.max_pull_page).max(1);
    crate::recover::recover_lost(store, transport, device_id, page, &mut report).await?;
    report.pull_cursor =
        crate::pull::pull_changes(store, transport, position.pull_cursor, page, &mut report)
            .await?;
    if let Some((seq, needs)) = report.held_back {
        return Err(SyncError::ServerTooOld {
            seq,
            needs,
            has: server_version,
        });
    }
    Ok(report)
}

/// Says hello, learns the clock offset, and adopts the server's view of this device.
async fn handshake<T: Transport>(
    store: &SharedStore,
    transport: &T,
) -> Result<(Uuid, SyncPosition, LimitsV1, u16)> {
    let (hello, cursor) = with_store(store, |s| {
        let state = s.sync_state()?;
        if !state.is_paired() {
            return Err(laris_core::CoreError::NotPaired);
        }
        let store_id = state.store_id.ok_or(laris_core::CoreError::NotPaired)?;
        let hello = Handshake {
            protocol_version: PROTOCOL_VERSION,
            device_id: s.device()?.device_id,
            store_id,
            acked_seq: state.acked_seq,
            last_seq: state.last_seq,
            known_epoch: state.server_epoch,
            device_time_ms: s.now_ms(),
        };
        Ok((hello, state.pull_cursor))
    })?;
    let reply: HandshakeReply = transport.handshake(&hello).await?;
    if !(MIN_PROTOCOL_VERSION..=PROTOCOL_VERSION).contains(&reply.protocol_version) {
        return Err(laris_protocol::ProtocolError::UnsupportedVersion {
            got: reply.protocol_version,
            supported: PROTOCOL_VERSION,
        }
        .into());
    }
    let resume = reply.resume(&hello, cursor);
    let head = ServerHead {
        epoch: reply.server_epoch,
        acked_seq: reply.acked_seq,
        reset_cursor: resume.reset_cursor,
    };
    let position = with_store(store, |s| {
        let received = s.now_ms();
        let offset = ClockOffset::estimate(hello.device_time_ms, reply.server_time_ms, received);
        s.set_clock_offset(offset.offset_ms, reply.limits.max_clock_drift_ms)?;
        s.adopt_server_head(&head)
    })?;
    Ok((
        hello.device_id,
        position,
        reply.limits,
        reply.protocol_version,
    ))
}

impl RoundReport {
    /// One line for people: what moved.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "pushed {} event{} in {} request{}, pulled {} change{} ({} sale{}, {} stock movement{}, {} product{} new)",
            self.pushed,
            plural(self.pushed),
            self.push_requests,
            plural(u64::from(self.push_requests)),
            self.pulled,
            plural(self.pulled),
            self.applied.sales,
            plural(self.applied.sales),
            self.applied.movements,
            plural(self.applied.movements),
            self.applied.products,
            plural(self.applied.products),
        );
        if !self.quarantined.is_empty() {
            text.push_str(&format!(", {} quarantined", self.quarantined.len()));
        }
        if self.epoch_changed {
            text.push_str(", the server was restored");
        }
        match self.batch_shrinks {
            0 => {}
            1 => text.push_str(", a batch halved once after a broken connection"),
            n => text.push_str(&format!(
                ", batches halved {n} times after broken connections"
            )),
        }
        if let Some(from) = self.resent_from {
            text.push_str(&format!(", sent again from #{from}"));
        }
        if self.renumbered > 0 {
            text.push_str(&format!(
                ", {} event{} made after a restore renumbered after the server's",
                self.renumbered,
                plural(self.renumbered)
            ));
        }
        if self.recovered > 0 {
            text.push_str(&format!(
                ", {} event{} lost with a restore recovered from the server",
                self.recovered,
                plural(self.recovered)
            ));
        }
        text
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A quarantined event as a line for people.
pub fn describe_quarantined(q: &QuarantinedEvent) -> String {
    format!("#{} quarantined [{}]: {}", q.seq, q.code, q.message)
}

pub(crate) fn bad_reply(what: impl Into<String>) -> SyncError {
    SyncError::BadReply(what.into())
}
