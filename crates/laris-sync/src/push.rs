//! Pushing the outbox: events in seq order from the server's acknowledged seq on, in batches
//! bounded by count and encoded bytes. When the server acknowledges less than a batch (it
//! stopped at a gap or an error), the next batch starts right after what it acknowledged.
//!
//! A link that drops every connection after some bytes, or stalls on large bodies, would fail
//! the same large batch forever. So when a push fails in transport (the handshake just got
//! through, so the server was there), the batch is sent again at half the size, down to one
//! event, at most [`MAX_SHRINKS`] times a round; the smaller size holds for the rest of the
//! round. A batch the server did commit before the connection broke is acknowledged again
//! without being applied twice.
//!
//! An acknowledgement counts only up to the last event sent: the server compares every event
//! sent under a seq it holds with the one held there, and refuses another one
//! (`seq_reused`). Then this database was restored from an older backup and made new events
//! under the lost file's seqs: they move to follow the server's seqs and are pushed again, in
//! the same round.

use laris_protocol::codec::{self, Format};
use laris_protocol::limits::{BatchBounds, cut_batches};
use laris_protocol::v1::{Event, PushRequest};
use uuid::Uuid;

use crate::error::{Result, SyncError};
use crate::round::{RoundReport, bad_reply};
use crate::shared_store::{SharedStore, with_store};
use crate::to_wire;
use crate::transport::Transport;

/// Halvings of the batch size a round may make (1,000 events to 1 takes 10).
pub const MAX_SHRINKS: u32 = 12;
/// Times a round may move events after a `seq_reused` refusal (one is all a restore needs;
/// more means the server's seqs moved while this device was renumbering).
pub const MAX_RENUMBERS: u32 = 3;

/// Pushes everything after `push_from - 1`; returns the acknowledged seq.
///
/// While the last batch of a loaded page is in flight, the next page is read from the outbox
/// and encoded, so the device's work overlaps the server's instead of taking turns with it.
/// Requests still go one at a time, in seq order.
pub(crate) async fn push_outbox<T: Transport>(
    store: &SharedStore,
    transport: &T,
    device_id: Uuid,
    push_from: u64,
    bounds: BatchBounds,
    server_version: u16,
    report: &mut RoundReport,
) -> Result<u64> {
    let mut acked = push_from.saturating_sub(1);
    let mut bounds = bounds;
    let load = |after: u64, bounds: BatchBounds, report: &mut RoundReport| {
        load_page(store, after, bounds, server_version, report)
    };
    let mut page = load(acked, bounds, report)?;
    loop {
        let Some(page_last) = page.last().map(|(e, _)| e.seq) else {
            return Ok(acked);
        };
        let mut batches = cut_batches(page, bounds).peekable();
        let mut next_page = None;
        while let Some(batch) = batches.next() {
            let last = batch.last().map_or(acked, |e| e.seq);
            let request = PushRequest {
                device_id,
                events: batch,
            };
            let sent = if batches.peek().is_none() {
                let mut held = None;
                let (reply, prefetched) = tokio::join!(transport.push(&request), async {
                    let mut r = RoundReport::default();
                    let page = load_page(store, page_last, bounds, server_version, &mut r);
                    held = r.held_back;
                    page
                });
                if held.is_some() {
                    report.held_back = held;
                }
                next_page = Some(prefetched);
                reply
            } else {
                transport.push(&request).await
            };
            let reply = match sent {
                Ok(reply) => reply,
                Err(e)
                    if e.is_offline()
                        && request.events.len() > 1
                        && report.batch_shrinks < MAX_SHRINKS =>
                {
                    report.batch_shrinks += 1;
                    bounds.max_events = request.events.len() / 2;
                    next_page = None;
                    break;
                }
                Err(SyncError::SeqReused {
                    seq, server_acked, ..
                }) if report.renumbered_rounds < MAX_RENUMBERS => {
                    report.renumbered_rounds += 1;
                    report.renumbered +=
                        with_store(store, |s| s.move_after_server(seq, server_acked))?;
                    acked = server_acked;
                    next_page = None;
                    break;
                }
                Err(e) => return Err(e),
            };
            report.push_requests += 1;
            report.quarantined.extend(reply.quarantined);
            if reply.acked_seq < acked {
                return Err(bad_reply(format!(
                    "the server acknowledged #{} after #{acked}; it will be asked again",
                    reply.acked_seq
                )));
            }
            if reply.acked_seq == acked {
                return Err(SyncError::PushStalled { from: acked + 1 });
            }
            // Held seqs past the last one sent were not compared with this device's events.
            let confirmed = reply.acked_seq.min(last);
            let now_acked = with_store(store, |s| s.mark_acked(confirmed))?;
            // Counted by events: after a restore the outbox may skip seqs the server holds.
            report.pushed += request
                .events
                .iter()
                .filter(|e| e.seq > acked && e.seq <= now_acked)
                .count() as u64;
            acked = now_acked;
            if acked < last {
                break;
            }
        }
        // The prefetched page assumed the whole page would be acknowledged.
        page = match next_page {
            Some(prefetched) if acked == page_last => prefetched?,
            _ => load(acked, bounds, report)?,
        };
    }
}

/// Up to a batch's worth of outbox events after `after`, as wire events with their sizes,
/// stopping before the first one the server's protocol version cannot read (noted in
/// `report.held_back`: seqs are gapless, so nothing after it can go either).
fn load_page(
    store: &SharedStore,
    after: u64,
    bounds: BatchBounds,
    server_version: u16,
    report: &mut RoundReport,
) -> Result<Vec<(Event, usize)>> {
    let pending = with_store(store, |s| s.outbox_events_after(after, bounds.max_events))?;
    let mut page = Vec::with_capacity(pending.len());
    for e in &pending {
        let event = to_wire::event(e);
        let needs = event.body.since();
        if needs > server_version {
            report.held_back = Some((event.seq, needs));
            break;
        }
        let size = codec::serialize(&event, Format::Postcard)?.len();
        page.push((event, size));
    }
    Ok(page)
}
