//! Getting back what a restore lost: when this database turned out to lack seqs the server
//! holds of this device (it was restored from an older backup), those events are asked back
//! a page at a time and put back under their own seqs (`DeviceStore::apply_recovered`), so
//! the till's sales, stock and outbox are whole again. Runs after the push, which has by then
//! compared every event of this device up to the server's acknowledged seq.

use laris_core::RecoveredEvent;
use laris_protocol::v1::RecoverRequest;
use uuid::Uuid;

use crate::error::Result;
use crate::from_wire;
use crate::round::{RoundReport, bad_reply};
use crate::shared_store::{SharedStore, with_store};
use crate::transport::Transport;

/// Asks back every lost seq; returns when none is left.
pub(crate) async fn recover_lost<T: Transport>(
    store: &SharedStore,
    transport: &T,
    device_id: Uuid,
    page_size: u32,
    report: &mut RoundReport,
) -> Result<()> {
    loop {
        let Some((after, up_to)) = with_store(store, |s| Ok(s.sync_state()?.lost_range()))? else {
            return Ok(());
        };
        let reply = transport
            .recover(&RecoverRequest {
                after_seq: after,
                up_to_seq: up_to,
                limit: page_size,
            })
            .await?;
        if reply.has_more && reply.next_after <= after {
            return Err(bad_reply(format!(
                "a recovery page that moves nothing past #{after} says there is more"
            )));
        }
        let events: Vec<RecoveredEvent> = reply
            .events
            .iter()
            .map(|e| RecoveredEvent {
                seq: e.seq,
                change: from_wire::body(&e.body, device_id),
            })
            .collect();
        let done = !reply.has_more;
        // Counted apart from what the pull applies: these are this till's own events.
        with_store(store, |s| {
            s.apply_recovered(&events, reply.next_after, done)
        })?;
        report.recovered += events.len() as u64;
        if done {
            return Ok(());
        }
    }
}
