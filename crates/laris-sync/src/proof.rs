//! Proof of sync: what the server says it holds of this device, compared with the device's
//! own outbox, down to one line the owner can read: "Till A: 1,234 sales up to #1,234,
//! 0 gaps, 0 doubles, totals match".

use laris_core::{OutboxTally, format_rupiah};
use laris_protocol::v1::api::{ProofV1, SeqRange};
use laris_protocol::v1::{DigestBuilder, EventIdentity, SeqDigest, differing_blocks};
use serde::Serialize;

use crate::error::Result;
use crate::shared_store::{SharedStore, with_store};
use crate::transport::Transport;

/// The server's account of this device next to the device's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofComparison {
    /// This till's receipt prefix, e.g. `A`.
    pub device_code: String,
    pub server: ProofV1,
    /// The device's outbox up to the server's last seq, quarantined seqs left out.
    pub local: OutboxTally,
    /// The highest seq the server holds (0: none).
    pub up_to: u64,
    /// The device's outbox end: entries past `up_to` are not sent yet.
    pub device_last_seq: u64,
    /// Seqs missing on the server between 1 and `up_to`.
    pub gaps: u64,
    /// Sales the server holds beyond the device's (counted twice).
    pub doubles: u64,
    /// The device's sales up to `up_to` that the server does not hold.
    pub missing: u64,
    pub totals_match: bool,
    /// Seq ranges where the events the server holds are not this device's (compared by
    /// identity digests): empty when every seq names the same event on both sides.
    pub differing: Vec<SeqRange>,
}

impl ProofComparison {
    /// `local_digests`: this device's outbox entries up to the server's last seq, digested.
    pub fn new(
        device_code: &str,
        server: ProofV1,
        local: OutboxTally,
        local_digests: &[SeqDigest],
        device_last_seq: u64,
    ) -> Self {
        let up_to = server.last_seq.unwrap_or(0);
        let before_first = server.first_seq.map_or(0, |f| f.saturating_sub(1));
        let gaps = before_first
            + server
                .gaps
                .iter()
                .map(|g| g.last.saturating_sub(g.first) + 1)
                .sum::<u64>();
        ProofComparison {
            differing: differing_blocks(local_digests, &server.digests),
            device_code: device_code.to_string(),
            doubles: server.sales.saturating_sub(local.sales),
            missing: local.sales.saturating_sub(server.sales),
            totals_match: server.sales_total == local.sales_total,
            gaps,
            up_to,
            device_last_seq,
            local,
            server,
        }
    }

    /// Everything the server holds agrees with the device: no gaps, doubles or missing sales,
    /// equal totals, and no seq the device does not have.
    pub fn matches(&self) -> bool {
        self.gaps == 0
            && self.doubles == 0
            && self.missing == 0
            && self.totals_match
            && self.differing.is_empty()
            && self.up_to <= self.device_last_seq
    }

    /// One line: "Till A: 1,234 sales up to #1,234, 0 gaps, 0 doubles, totals match".
    pub fn summary(&self) -> String {
        let mut text = format!(
            "Till {}: {} sale{} up to #{}, {} gap{}, {} double{}, ",
            self.device_code,
            thousands(self.server.sales),
            if self.server.sales == 1 { "" } else { "s" },
            thousands(self.up_to),
            thousands(self.gaps),
            if self.gaps == 1 { "" } else { "s" },
            thousands(self.doubles),
            if self.doubles == 1 { "" } else { "s" },
        );
        if let (Some(first), Some(last)) = (self.differing.first(), self.differing.last()) {
            // Equal totals say nothing when the events are not the same ones.
            text.push_str(&format!(
                "the server holds other events than this till's in #{}–#{}",
                thousands(first.first),
                thousands(last.last.min(self.up_to.max(self.device_last_seq)))
            ));
        } else if self.totals_match {
            text.push_str("totals match");
        } else {
            text.push_str(&format!(
                "totals differ (till {}, server {})",
                format_rupiah(self.local.sales_total),
                format_rupiah(self.server.sales_total)
            ));
        }
        if self.missing > 0 {
            text.push_str(&format!(
                ", {} missing on the server",
                thousands(self.missing)
            ));
        }
        if !self.server.quarantined.is_empty() {
            text.push_str(&format!(", {} quarantined", self.server.quarantined.len()));
        }
        if self.up_to > self.device_last_seq {
            text.push_str(&format!(
                ", the server holds #{} past this till's last #{}",
                thousands(self.up_to),
                thousands(self.device_last_seq)
            ));
        } else if self.device_last_seq > self.up_to {
            let pending = self.device_last_seq - self.up_to;
            text.push_str(&format!(
                ", {} event{} not sent yet",
                thousands(pending),
                if pending == 1 { "" } else { "s" }
            ));
        }
        text
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Fetches the server's proof and compares it with the outbox.
pub async fn prove<T: Transport>(store: &SharedStore, transport: &T) -> Result<ProofComparison> {
    let server = transport.proof().await?;
    with_store(store, |s| {
        let device = s.device()?.clone();
        let quarantined: Vec<u64> = server.quarantined.iter().map(|q| q.seq).collect();
        let up_to = server.last_seq.unwrap_or(0);
        let local = s.outbox_tally(up_to, &quarantined)?;
        let mut digests = DigestBuilder::new();
        s.outbox_identities(up_to, |seq, kind, entity_id| {
            digests.push(EventIdentity {
                seq,
                kind: crate::to_wire::kind(kind),
                entity_id,
            });
        })?;
        Ok(ProofComparison::new(
            &device.code,
            server,
            local,
            &digests.finish(),
            s.last_seq()?,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use laris_protocol::v1::QuarantinedEvent;
    use laris_protocol::v1::api::SeqRange;
    use uuid::Uuid;

    fn proof(last: u64, sales: u64, total: i64) -> ProofV1 {
        ProofV1 {
            device_id: Uuid::from_u128(1),
            server_epoch: Uuid::from_u128(2),
            first_seq: (last > 0).then_some(1),
            last_seq: (last > 0).then_some(last),
            events: last,
            gaps: vec![],
            sales,
            sales_total: total,
            duplicates_rejected: 3,
            quarantined: vec![],
            digests: vec![],
        }
    }

    fn tally(sales: u64, total: i64) -> OutboxTally {
        OutboxTally {
            events: sales,
            sales,
            sales_total: total,
        }
    }

    #[test]
    fn a_complete_sync_reads_as_the_owner_expects() {
        let c = ProofComparison::new(
            "A",
            proof(1234, 1234, 9_000_000),
            tally(1234, 9_000_000),
            &[],
            1234,
        );
        assert!(c.matches());
        assert_eq!(
            c.summary(),
            "Till A: 1,234 sales up to #1,234, 0 gaps, 0 doubles, totals match"
        );
    }

    #[test]
    fn gaps_doubles_missing_and_unsent_events_are_named() {
        let mut p = proof(10, 9, 100);
        p.gaps = vec![SeqRange { first: 4, last: 5 }];
        p.quarantined = vec![QuarantinedEvent {
            seq: 7,
            code: "invalid_field".into(),
            message: "x".into(),
        }];
        let c = ProofComparison::new("B", p, tally(8, 90), &[], 12);
        assert!(!c.matches());
        assert_eq!((c.gaps, c.doubles, c.missing), (2, 1, 0));
        assert_eq!(
            c.summary(),
            "Till B: 9 sales up to #10, 2 gaps, 1 double, totals differ (till Rp 90, server Rp 100), 1 quarantined, 2 events not sent yet"
        );
        let c = ProofComparison::new("B", proof(5, 4, 40), tally(5, 50), &[], 5);
        assert_eq!(c.missing, 1);
        assert!(
            c.summary().contains("1 missing on the server"),
            "{}",
            c.summary()
        );
        let c = ProofComparison::new("B", proof(9, 0, 0), tally(0, 0), &[], 5);
        assert!(!c.matches());
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn equal_totals_over_other_events_never_read_as_a_match() {
        let digest = |id: u128| {
            let mut b = DigestBuilder::new();
            b.push(EventIdentity {
                seq: 1,
                kind: "sale",
                entity_id: Uuid::from_u128(id),
            });
            b.finish()
        };
        let mut p = proof(1, 1, 100);
        p.digests = digest(5);
        let same = ProofComparison::new("A", p.clone(), tally(1, 100), &digest(5), 1);
        assert!(same.matches(), "{}", same.summary());
        let other = ProofComparison::new("A", p, tally(1, 100), &digest(6), 1);
        assert!(!other.matches());
        assert_eq!(
            other.summary(),
            "Till A: 1 sale up to #1, 0 gaps, 0 doubles, the server holds other events than \
             this till's in #1–#1"
        );
    }
}
