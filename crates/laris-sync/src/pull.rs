//! Pulling the store's changes: pages after the cursor until the server has no more, each
//! page applied together with its new cursor in one local transaction.

use laris_protocol::v1::PullRequest;

use crate::error::Result;
use crate::from_wire;
use crate::round::{RoundReport, bad_reply};
use crate::shared_store::{SharedStore, with_store};
use crate::transport::Transport;

/// Pulls from `cursor` on; returns the cursor reached.
pub(crate) async fn pull_changes<T: Transport>(
    store: &SharedStore,
    transport: &T,
    mut cursor: u64,
    page_size: u32,
    report: &mut RoundReport,
) -> Result<u64> {
    loop {
        let page = transport
            .pull(&PullRequest {
                cursor,
                limit: page_size,
            })
            .await?;
        if page.next_cursor < cursor {
            return Err(bad_reply(format!(
                "the pull cursor went back from {cursor} to {}",
                page.next_cursor
            )));
        }
        if page.has_more && page.next_cursor == cursor {
            return Err(bad_reply(format!(
                "a page that moves nothing past cursor {cursor} says there is more"
            )));
        }
        if let Some(c) = page
            .changes
            .iter()
            .find(|c| c.change_seq <= cursor || c.change_seq > page.next_cursor)
        {
            return Err(bad_reply(format!(
                "change {} is outside the page ({cursor}, {}]",
                c.change_seq, page.next_cursor
            )));
        }
        let changes: Vec<_> = page.changes.iter().map(from_wire::change).collect();
        let applied = with_store(store, |s| s.apply_remote(&changes, page.next_cursor))?;
        report.pulled += changes.len() as u64;
        report.pages += 1;
        report.applied.sales += applied.sales;
        report.applied.movements += applied.movements;
        report.applied.products += applied.products;
        report.applied.unchanged += applied.unchanged;
        cursor = page.next_cursor;
        if !page.has_more {
            return Ok(cursor);
        }
    }
}
