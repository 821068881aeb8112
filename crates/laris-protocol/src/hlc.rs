//! Hybrid logical clock (Kulkarni et al., 2014): stamps that follow physical time when clocks
//! are sane, never go backwards when they are not, and order every edit in the store totally
//! by (wall_ms, counter, node). The node (device id, or the server's id) breaks ties, so two
//! devices can never produce equal stamps. Field-level last-writer-wins of mutable records
//! compares these stamps.
//!
//! Time is passed in, never read: `tick(now_ms)` and `observe(remote, now_ms)`. The drift bound
//! is checked where the physical time is authoritative (the server, on every stamp a device
//! pushes): a stamp more than `max_drift_ms` ahead of it is refused, so a till whose clock runs
//! days ahead cannot make its edits win for days. Devices merge stamps pulled from the server
//! with [`HlcClock::absorb`] (already vetted), and should feed their clock the time corrected by
//! [`ClockOffset`], learned at the handshake.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::error::{ProtocolError, Result};

/// One hour. Large enough that honest clocks never trip it: phone clocks are NITZ/NTP synced,
/// a laptop RTC drifts seconds per week, a shopkeeper setting the time by hand is minutes off,
/// and Indonesia has no daylight saving (a WIB/WITA mix-up is exactly one hour: still accepted).
/// Small enough to refuse the clocks that would poison the order: a time zone set to UTC while
/// the hands show local time (7–9 hours ahead), a dead CMOS battery, a date days off. An
/// accepted stamp at most one hour ahead can win over edits made elsewhere in that hour only.
pub const DEFAULT_MAX_DRIFT_MS: u64 = 60 * 60 * 1000;

/// A hybrid logical clock stamp. The derived order is the total order of edits:
/// wall time, then counter, then node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    /// Unix milliseconds (physical time, or the largest time seen).
    pub wall_ms: u64,
    /// Orders stamps within one millisecond.
    pub counter: u32,
    /// The device (or server) that made the stamp: the tie-break.
    pub node: Uuid,
}

impl Hlc {
    /// Length of the text form: 16 + 8 + 32 lowercase hex digits.
    pub const TEXT_LEN: usize = 56;
    /// Length of the binary key form: 8 + 4 + 16 big-endian bytes.
    pub const BYTES_LEN: usize = 28;
    /// Orders before every real stamp; the value of a field never written.
    pub const ZERO: Hlc = Hlc::new(0, 0, Uuid::nil());

    pub const fn new(wall_ms: u64, counter: u32, node: Uuid) -> Self {
        Hlc {
            wall_ms,
            counter,
            node,
        }
    }

    /// A fixed-width big-endian key whose byte order (SQLite BLOB, memcmp) is the stamp order.
    pub fn to_bytes(&self) -> [u8; Self::BYTES_LEN] {
        let mut b = [0u8; Self::BYTES_LEN];
        b[..8].copy_from_slice(&self.wall_ms.to_be_bytes());
        b[8..12].copy_from_slice(&self.counter.to_be_bytes());
        b[12..].copy_from_slice(self.node.as_bytes());
        b
    }

    pub fn from_bytes(b: &[u8]) -> Result<Self> {
        let b: &[u8; Self::BYTES_LEN] = b.try_into().map_err(|_| {
            ProtocolError::BadHlc(format!("{} bytes, expected {}", b.len(), Self::BYTES_LEN))
        })?;
        let mut wall = [0u8; 8];
        wall.copy_from_slice(&b[..8]);
        let mut counter = [0u8; 4];
        counter.copy_from_slice(&b[8..12]);
        let mut node = [0u8; 16];
        node.copy_from_slice(&b[12..]);
        Ok(Hlc::new(
            u64::from_be_bytes(wall),
            u32::from_be_bytes(counter),
            Uuid::from_bytes(node),
        ))
    }

    /// Parses the text form written by `Display`: exactly 56 lowercase hex digits.
    pub fn parse(s: &str) -> Result<Self> {
        let bad = || ProtocolError::BadHlc(format!("{s:?} is not 56 lowercase hex digits"));
        if s.len() != Self::TEXT_LEN
            || !s
                .bytes()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        {
            return Err(bad());
        }
        let wall = u64::from_str_radix(&s[..16], 16).map_err(|_| bad())?;
        let counter = u32::from_str_radix(&s[16..24], 16).map_err(|_| bad())?;
        let node = u128::from_str_radix(&s[24..], 16).map_err(|_| bad())?;
        Ok(Hlc::new(wall, counter, Uuid::from_u128(node)))
    }
}

/// The text form for SQLite TEXT columns and JSON: fixed-width lowercase hex of wall time,
/// counter and node, so string order is stamp order. The first 16 digits read as the time.
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:016x}{:08x}{:032x}",
            self.wall_ms,
            self.counter,
            self.node.as_u128()
        )
    }
}

impl FromStr for Hlc {
    type Err = ProtocolError;
    fn from_str(s: &str) -> Result<Self> {
        Hlc::parse(s)
    }
}

/// JSON carries the text form; binary encodings carry (wall_ms, counter, node) as varints and
/// 16 bytes.
impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            (self.wall_ms, self.counter, self.node).serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        if d.is_human_readable() {
            let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
            Hlc::parse(&s).map_err(serde::de::Error::custom)
        } else {
            let (wall_ms, counter, node) = <(u64, u32, Uuid)>::deserialize(d)?;
            Ok(Hlc::new(wall_ms, counter, node))
        }
    }
}

/// One node's clock. Keep one per device (and one in the server), persist [`HlcClock::last`]
/// with every stamped edit, and [`HlcClock::resume`] from it at start-up, so stamps stay
/// monotonic across restarts even when the physical clock went backwards meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HlcClock {
    last: Hlc,
    max_drift_ms: u64,
}

impl HlcClock {
    /// A fresh clock for `node` with the default drift bound.
    pub fn new(node: Uuid) -> Self {
        HlcClock {
            last: Hlc::new(0, 0, node),
            max_drift_ms: DEFAULT_MAX_DRIFT_MS,
        }
    }

    /// A clock for `node` that continues after `last` (the largest stamp it made or merged).
    pub fn resume(node: Uuid, last: Hlc) -> Self {
        HlcClock {
            last: Hlc::new(last.wall_ms, last.counter, node),
            max_drift_ms: DEFAULT_MAX_DRIFT_MS,
        }
    }

    pub fn with_max_drift_ms(mut self, max_drift_ms: u64) -> Self {
        self.max_drift_ms = max_drift_ms;
        self
    }

    pub fn node(&self) -> Uuid {
        self.last.node
    }

    /// The last stamp made or merged (its node is this clock's).
    pub fn last(&self) -> Hlc {
        self.last
    }

    pub fn max_drift_ms(&self) -> u64 {
        self.max_drift_ms
    }

    /// A stamp for a local edit at physical time `now_ms`: greater than every stamp this clock
    /// made or merged before, whatever `now_ms` does.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        self.last = if now_ms > self.last.wall_ms {
            Hlc::new(now_ms, 0, self.last.node)
        } else {
            bump(self.last.wall_ms, self.last.counter, self.last.node)
        };
        self.last
    }

    /// Merges a remote stamp received at physical time `now_ms` and returns a stamp greater
    /// than both it and everything before. Refuses (and leaves the clock untouched) a stamp
    /// more than the drift bound ahead of `now_ms`.
    pub fn observe(&mut self, remote: Hlc, now_ms: u64) -> Result<Hlc> {
        check_drift(remote, now_ms, self.max_drift_ms)?;
        Ok(self.absorb(remote, now_ms))
    }

    /// Like [`Self::observe`] without the drift check: for stamps an authority already vetted
    /// (a device merging what it pulled from the server). A device clock days behind thus jumps
    /// forward to what it has seen, and its next edits order after it.
    pub fn absorb(&mut self, remote: Hlc, now_ms: u64) -> Hlc {
        let node = self.last.node;
        let wall = now_ms.max(self.last.wall_ms).max(remote.wall_ms);
        let last_here = wall == self.last.wall_ms;
        let remote_here = wall == remote.wall_ms;
        self.last = match (last_here, remote_here) {
            (true, true) => bump(wall, self.last.counter.max(remote.counter), node),
            (true, false) => bump(wall, self.last.counter, node),
            (false, true) => bump(wall, remote.counter, node),
            (false, false) => Hlc::new(wall, 0, node),
        };
        self.last
    }
}

/// The stamp after (wall, counter): the next counter, or, when the counter is exhausted
/// (4 billion stamps in one millisecond), the next millisecond. Saturates only at the end of
/// time (u64::MAX ms), which no accepted stamp reaches.
fn bump(wall_ms: u64, counter: u32, node: Uuid) -> Hlc {
    match counter.checked_add(1) {
        Some(c) => Hlc::new(wall_ms, c, node),
        None => Hlc::new(wall_ms.saturating_add(1), 0, node),
    }
}

/// Refuses `remote` when it is more than `max_drift_ms` ahead of `now_ms`.
pub fn check_drift(remote: Hlc, now_ms: u64, max_drift_ms: u64) -> Result<()> {
    let ahead_ms = remote.wall_ms.saturating_sub(now_ms);
    if ahead_ms > max_drift_ms {
        return Err(ProtocolError::ClockDrift {
            ahead_ms,
            max_drift_ms,
        });
    }
    Ok(())
}

/// How far a device's clock is from the server's, estimated from one round trip (the
/// handshake): the server's time is taken to be read halfway through it. A device adds the
/// offset to its physical time before stamping, so a till whose clock is days off still stamps
/// near true time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClockOffset {
    /// Server time minus device time, in milliseconds.
    pub offset_ms: i64,
    /// Uncertainty: half the round trip.
    pub error_ms: u64,
}

impl ClockOffset {
    /// From the device time the request was sent, the server's time in the reply and the device
    /// time the reply arrived (all Unix ms).
    pub fn estimate(sent_ms: i64, server_ms: i64, received_ms: i64) -> Self {
        let (sent, received) = (i128::from(sent_ms), i128::from(received_ms.max(sent_ms)));
        let midpoint = (sent + received) / 2;
        let offset = i128::from(server_ms) - midpoint;
        ClockOffset {
            offset_ms: i64::try_from(offset).unwrap_or(if offset < 0 {
                i64::MIN
            } else {
                i64::MAX
            }),
            error_ms: u64::try_from((received - sent) / 2).unwrap_or(u64::MAX),
        }
    }

    /// The device's physical time `device_ms` corrected to server time, as an HLC input.
    pub fn correct(&self, device_ms: i64) -> u64 {
        let t = i128::from(device_ms) + i128::from(self.offset_ms);
        u64::try_from(t.max(0)).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 24 * 60 * 60 * 1000;
    const NOW: u64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    fn node(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn tick_follows_physical_time_and_counts_within_a_millisecond() {
        let mut c = HlcClock::new(node(1));
        assert_eq!(c.tick(NOW), Hlc::new(NOW, 0, node(1)));
        assert_eq!(c.tick(NOW), Hlc::new(NOW, 1, node(1)));
        assert_eq!(c.tick(NOW + 5), Hlc::new(NOW + 5, 0, node(1)));
    }

    #[test]
    fn tick_stays_monotonic_when_the_clock_goes_three_days_back() {
        let mut c = HlcClock::new(node(1));
        let seen = c.observe(Hlc::new(NOW, 7, node(2)), NOW).unwrap();
        let behind = NOW - 3 * DAY;
        let a = c.tick(behind);
        let b = c.tick(behind + 1);
        assert!(seen < a && a < b);
        assert_eq!((a.wall_ms, b.wall_ms), (NOW, NOW));
        // After a restart from the persisted stamp, too.
        let mut again = HlcClock::resume(node(1), c.last());
        assert!(again.tick(behind) > b);
    }

    #[test]
    fn counter_overflow_moves_to_the_next_millisecond() {
        let mut c = HlcClock::resume(node(1), Hlc::new(NOW, u32::MAX, node(1)));
        assert_eq!(c.tick(NOW), Hlc::new(NOW + 1, 0, node(1)));
        let mut c = HlcClock::new(node(1));
        let got = c.absorb(Hlc::new(NOW, u32::MAX, node(2)), NOW);
        assert_eq!(got, Hlc::new(NOW + 1, 0, node(1)));
    }

    #[test]
    fn observe_orders_after_both_sides() {
        let mut c = HlcClock::new(node(1));
        let local = c.tick(NOW);
        let remote = Hlc::new(NOW + 10, 3, node(2));
        let merged = c.observe(remote, NOW + 2).unwrap();
        assert_eq!(merged, Hlc::new(NOW + 10, 4, node(1)));
        assert!(merged > remote && merged > local);
        // An older remote stamp still moves the counter on.
        let merged2 = c.observe(Hlc::new(NOW - 100, 9, node(3)), NOW + 2).unwrap();
        assert_eq!(merged2, Hlc::new(NOW + 10, 5, node(1)));
        // Physical time past everything: the counter restarts.
        assert_eq!(
            c.observe(remote, NOW + 20).unwrap(),
            Hlc::new(NOW + 20, 0, node(1))
        );
    }

    #[test]
    fn a_clock_three_days_ahead_is_refused_and_changes_nothing() {
        let mut server = HlcClock::new(node(9));
        server.tick(NOW);
        let before = server.clone();
        let poisoned = Hlc::new(NOW + 3 * DAY, 0, node(2));
        let err = server.observe(poisoned, NOW).unwrap_err();
        assert_eq!(err.code(), "clock_drift");
        assert_eq!(
            err,
            ProtocolError::ClockDrift {
                ahead_ms: 3 * DAY,
                max_drift_ms: DEFAULT_MAX_DRIFT_MS
            }
        );
        assert_eq!(server, before);
        // Exactly at the bound is fine; a custom bound applies.
        assert!(
            server
                .observe(Hlc::new(NOW + DEFAULT_MAX_DRIFT_MS, 0, node(2)), NOW)
                .is_ok()
        );
        let mut strict = HlcClock::new(node(9)).with_max_drift_ms(1000);
        assert!(
            strict
                .observe(Hlc::new(NOW + 1001, 0, node(2)), NOW)
                .is_err()
        );
    }

    #[test]
    fn the_node_breaks_ties() {
        let a = Hlc::new(NOW, 1, node(1));
        let b = Hlc::new(NOW, 1, node(2));
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
    }

    #[test]
    fn text_and_bytes_round_trip_and_reject_garbage() {
        let h = Hlc::new(
            NOW,
            42,
            Uuid::from_u128(0x0194_0000_aaaa_7bbb_8ccc_dddd_eeee_ffff),
        );
        let s = h.to_string();
        assert_eq!(s.len(), Hlc::TEXT_LEN);
        assert!(s.starts_with("0000019b"));
        assert_eq!(s.parse::<Hlc>().unwrap(), h);
        assert_eq!(Hlc::from_bytes(&h.to_bytes()).unwrap(), h);
        for bad in [
            "",
            "zz",
            &s[1..],
            &s.to_uppercase(),
            &format!("{s}0"),
            &s.replace('0', "g"),
        ] {
            assert_eq!(Hlc::parse(bad).unwrap_err().code(), "bad_hlc", "{bad}");
        }
        assert!(Hlc::from_bytes(&[0; 27]).is_err());
    }

    #[test]
    fn serde_uses_text_in_json() {
        let h = Hlc::new(NOW, 1, node(5));
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, format!("\"{h}\""));
        assert_eq!(serde_json::from_str::<Hlc>(&json).unwrap(), h);
        assert!(serde_json::from_str::<Hlc>("\"nope\"").is_err());
        let bin = postcard::to_stdvec(&h).unwrap();
        assert_eq!(postcard::from_bytes::<Hlc>(&bin).unwrap(), h);
    }

    #[test]
    fn offset_corrects_a_device_three_days_behind() {
        let device_now = (NOW - 3 * DAY) as i64;
        let off = ClockOffset::estimate(device_now, NOW as i64 + 100, device_now + 200);
        assert_eq!(off.offset_ms, (3 * DAY) as i64);
        assert_eq!(off.error_ms, 100);
        assert_eq!(off.correct(device_now + 1000), NOW + 1000);
        assert_eq!(ClockOffset::default().correct(-5), 0);
    }
}
