//! Pushing the outbox: events in seq order from the server's acknowledged seq on, in batches
//! bounded by count and encoded bytes. When the server acknowledges less than a batch (it
//! stopped at a gap or an error), the next batch starts right after what it acknowledged.

use laris_protocol::codec::{self, Format};
use laris_protocol::limits::{BatchBounds, cut_batches};
use laris_protocol::v1::{Event, PushRequest};
use uuid::Uuid;

use crate::error::{Result, SyncError};
use crate::round::{RoundReport, bad_reply};
use crate::shared_store::{SharedStore, with_store};
use crate::to_wire;
use crate::transport::Transport;

/// Pushes everything after `push_from - 1`; returns the acknowledged seq.
pub(crate) async fn push_outbox<T: Transport>(
    store: &SharedStore,
    transport: &T,
    device_id: Uuid,
    push_from: u64,
    bounds: BatchBounds,
    report: &mut RoundReport,
) -> Result<u64> {
    let mut acked = push_from.saturating_sub(1);
    loop {
        let pending = with_store(store, |s| s.outbox_events_after(acked, bounds.max_events))?;
        if pending.is_empty() {
            return Ok(acked);
        }
        let sized = pending
            .iter()
            .map(|e| {
                let event = to_wire::event(e);
                let size = codec::serialize(&event, Format::Postcard)?.len();
                Ok((event, size))
            })
            .collect::<Result<Vec<(Event, usize)>>>()?;
        for batch in cut_batches(sized, bounds) {
            let first = batch.first().map_or(acked + 1, |e| e.seq);
            let last = batch.last().map_or(acked, |e| e.seq);
            if first != acked + 1 {
                // The previous batch was acknowledged only in part: reload from there.
                break;
            }
            let reply = transport
                .push(&PushRequest {
                    device_id,
                    events: batch,
                })
                .await?;
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
            let now_acked = with_store(store, |s| s.mark_acked(reply.acked_seq))?;
            report.pushed += now_acked - acked;
            acked = now_acked;
            if acked < last {
                break;
            }
        }
    }
}
