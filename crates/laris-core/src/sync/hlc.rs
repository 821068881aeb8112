//! This device's hybrid logical clock: the stamps of its catalog edits. It ticks at the
//! physical time from the store's [`crate::Clock`] corrected by the offset to the server's
//! clock learned at the last handshake, and its last stamp is saved with every stamped edit
//! (in the edit's transaction), so stamps keep increasing across restarts.

use laris_protocol::hlc::{Hlc, HlcClock};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::error::{CoreError, Result};

#[derive(Debug, Clone)]
pub(crate) struct DeviceHlc {
    clock: HlcClock,
    /// Server time minus device time, in ms.
    offset_ms: i64,
}

impl DeviceHlc {
    /// The clock of `node` as saved in `sync_state`.
    pub(crate) fn load(conn: &Connection, node: Uuid) -> Result<Self> {
        let row: Option<(Option<String>, i64)> = conn
            .query_row(
                "SELECT hlc_last, clock_offset_ms FROM sync_state",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (last, offset_ms) = row.unwrap_or((None, 0));
        let last = match last {
            Some(text) => Hlc::parse(&text)
                .map_err(|e| CoreError::invalid("sync_state.hlc_last", e.to_string()))?,
            None => Hlc::ZERO,
        };
        Ok(DeviceHlc {
            clock: HlcClock::resume(node, last),
            offset_ms,
        })
    }

    /// The same clock for another node (after the shop is set up and the device has its id).
    pub(crate) fn set_node(&mut self, node: Uuid) {
        self.clock = HlcClock::resume(node, self.clock.last());
    }

    pub(crate) fn last(&self) -> Hlc {
        self.clock.last()
    }

    /// `now_ms` of the device corrected to the server's time.
    pub(crate) fn corrected(&self, now_ms: i64) -> u64 {
        let t = i128::from(now_ms) + i128::from(self.offset_ms);
        u64::try_from(t.max(0)).unwrap_or(u64::MAX)
    }

    /// A stamp for a local edit, saved as the clock's last in `conn`'s transaction.
    pub(crate) fn stamp(&mut self, conn: &Connection, now_ms: i64) -> Result<Hlc> {
        let hlc = self.clock.tick(self.corrected(now_ms));
        save_last(conn, hlc)?;
        Ok(hlc)
    }

    /// Moves the clock past a stamp pulled from the server (already vetted for drift there).
    pub(crate) fn absorb(&mut self, remote: Hlc, now_ms: i64) {
        let now = self.corrected(now_ms);
        self.clock.absorb(remote, now);
    }

    /// Saves the clock's last stamp in `conn`'s transaction.
    pub(crate) fn save(&self, conn: &Connection) -> Result<()> {
        save_last(conn, self.clock.last())
    }

    /// Takes a new offset to the server's clock. When the clock ran ahead of the corrected
    /// time by more than `max_drift_ms` (a device clock that was days ahead before its first
    /// handshake), it restarts at the corrected time: its stamps past the bound would be
    /// refused by the server anyway. Returns the bound in that case.
    pub(crate) fn set_offset(
        &mut self,
        offset_ms: i64,
        now_ms: i64,
        max_drift_ms: u64,
    ) -> Option<Hlc> {
        self.offset_ms = offset_ms;
        let now = self.corrected(now_ms);
        let bound = now.saturating_add(max_drift_ms);
        if self.clock.last().wall_ms <= bound {
            return None;
        }
        let node = self.clock.node();
        self.clock = HlcClock::resume(node, Hlc::new(now, 0, node));
        Some(Hlc::new(bound, u32::MAX, Uuid::max()))
    }
}

fn save_last(conn: &Connection, hlc: Hlc) -> Result<()> {
    conn.prepare_cached("UPDATE sync_state SET hlc_last = ?1")?
        .execute(params![hlc.to_string()])?;
    Ok(())
}

/// An HLC stamp as stored in a BLOB column.
pub(crate) fn hlc_to_sql(hlc: Hlc) -> Vec<u8> {
    hlc.to_bytes().to_vec()
}

/// Reads an HLC stamp from a BLOB column.
pub(crate) fn hlc_from_row(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Hlc> {
    let bytes: Vec<u8> = row.get(idx)?;
    Hlc::from_bytes(&bytes).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Blob, Box::new(e))
    })
}
