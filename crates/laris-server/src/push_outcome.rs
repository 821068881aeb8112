//! What a push did, derived once for both backends. A backend runs the statements and reports
//! facts: the device's acknowledged seq, what it holds under the batch's held seqs, and which
//! records its inserts and merges made new ([`InsertFacts`]). From those, [`derive`] decides
//! each event's outcome, the changes to append (in the order their change_seqs follow), the
//! rows to write and the counts, so the two backends cannot classify or count differently.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use laris_protocol::v1::QuarantinedEvent;
use uuid::Uuid;

use crate::prepare::{Action, BatchPlan, HeldEvent, PreparedEvent, QuarantineRecord};
use crate::stored::{EventKind, EventOutcome};

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PushOutcome {
    pub acked_seq: u64,
    /// The request's events held as quarantined (now or by an earlier request).
    pub quarantined: Vec<QuarantinedEvent>,
    /// Events that made a change in the store's log: a new sale, movement or return, a product edit
    /// that changed the store's row (one sent again under a held seq too).
    pub applied: u64,
    /// Seqs already held, and new seqs whose record the store already had.
    pub duplicates: u64,
    pub stopped_at_gap: bool,
    /// The push sent another event under this held seq: nothing was written.
    pub seq_conflict: Option<u64>,
}

impl PushOutcome {
    /// The refusal of a push that sent another event under a held seq (see
    /// [`crate::prepare::first_reused_seq`]), or None when every held seq matches.
    pub fn reused_seq(acked: u64, held: &[HeldEvent], sent: &[PreparedEvent]) -> Option<Self> {
        crate::prepare::first_reused_seq(held, sent).map(|seq| PushOutcome {
            acked_seq: acked,
            seq_conflict: Some(seq),
            ..PushOutcome::default()
        })
    }
}

/// What the backend's inserts and merges found.
#[derive(Debug, Default)]
pub struct InsertFacts {
    /// Ids of the batch's sales that were inserted (the store did not have them).
    pub new_sales: HashSet<Uuid>,
    /// Ids of the batch's movement events that were inserted (a sale's own movements aside).
    pub new_movements: HashSet<Uuid>,
    /// The change body (the merged product) of each product event that changed the store's
    /// row, by seq.
    pub product_changes: HashMap<u64, Vec<u8>>,
    /// Ids of the batch's returns that were inserted.
    pub new_returns: HashSet<Uuid>,
    /// Record keys of the batch's books events that were inserted.
    pub new_books: HashSet<Uuid>,
}

/// A change to append to the store's log; its change_seq is the next free one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChange<'a> {
    pub origin_seq: u64,
    pub kind: EventKind,
    pub entity_id: Uuid,
    pub body: Cow<'a, [u8]>,
}

/// A newly held seq (`device_events`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldSeq {
    pub seq: u64,
    pub kind: EventKind,
    pub outcome: EventOutcome,
    /// An applied sale's total.
    pub sale_total: Option<i64>,
    pub entity_id: Option<Uuid>,
    /// The index of its change in [`PushWrites::changes`], if it made one.
    pub change: Option<usize>,
}

/// Everything a push writes besides the records, and its outcome.
#[derive(Debug)]
pub struct PushWrites<'a> {
    /// In change_seq order.
    pub changes: Vec<NewChange<'a>>,
    pub held: Vec<HeldSeq>,
    /// New quarantine rows, by seq.
    pub quarantine: Vec<(u64, &'a QuarantineRecord)>,
    pub outcome: PushOutcome,
}

impl PushWrites<'_> {
    /// The sales this push applied: how many, and their totals' sum (the device's running
    /// counts, which the back office shows as the server's side of the proof of sync).
    pub fn applied_sales(&self) -> (i64, i64) {
        self.held
            .iter()
            .filter(|h| h.kind == EventKind::Sale && h.outcome == EventOutcome::Applied)
            .fold((0, 0), |(n, t), h| (n + 1, t + h.sale_total.unwrap_or(0)))
    }
}

/// The events' outcomes. `held_quarantine` is what the store holds in quarantine between the
/// first and the last held seq of the batch (so a replayed request gets the first one's
/// reply); `facts` are the inserts' and merges' findings. The first event of the batch with a
/// new sale, movement or return id applies, a later one with the same id is a duplicate.
pub fn derive<'a>(
    plan: &BatchPlan<'a>,
    acked: u64,
    held_quarantine: Vec<QuarantinedEvent>,
    mut facts: InsertFacts,
) -> PushWrites<'a> {
    let mut changes = Vec::new();
    let mut change = |ev: &PreparedEvent, entity_id: Uuid, body: Cow<'a, [u8]>| {
        changes.push(NewChange {
            origin_seq: ev.seq,
            kind: ev.kind,
            entity_id,
            body,
        });
        changes.len() - 1
    };
    let mut out = PushOutcome {
        acked_seq: acked,
        quarantined: held_quarantine
            .into_iter()
            .filter(|q| {
                plan.duplicates
                    .binary_search_by_key(&q.seq, |e| e.seq)
                    .is_ok()
            })
            .collect(),
        duplicates: plan.duplicates.len() as u64,
        stopped_at_gap: plan.stopped_at_gap,
        ..PushOutcome::default()
    };
    for ev in plan.duplicates {
        // A product edit under a held seq may be newer than the one held (made after a
        // restore): it was merged again, and its change is kept rather than lost.
        if let (Action::Product(p), Some(body)) =
            (&ev.action, facts.product_changes.remove(&ev.seq))
        {
            change(ev, p.id, Cow::Owned(body));
        }
    }
    let mut held = Vec::with_capacity(plan.fresh.len());
    let mut quarantine = Vec::new();
    for ev in plan.fresh {
        let (outcome, sale_total, made) = match &ev.action {
            Action::Quarantine(q) => {
                quarantine.push((ev.seq, q.as_ref()));
                out.quarantined.push(q.reply(ev.seq));
                (EventOutcome::Quarantined, None, None)
            }
            Action::Sale(s) if facts.new_sales.remove(&s.sale_id) => {
                let made = change(ev, s.sale_id, Cow::Borrowed(&s.body));
                (EventOutcome::Applied, Some(s.total), Some(made))
            }
            Action::Movement { record, body }
                if facts.new_movements.remove(&record.movement_id) =>
            {
                let made = change(ev, record.movement_id, Cow::Borrowed(body));
                (EventOutcome::Applied, None, Some(made))
            }
            Action::SaleReturn(r) if facts.new_returns.remove(&r.return_id) => {
                let made = change(ev, r.return_id, Cow::Borrowed(&r.body));
                (EventOutcome::Applied, None, Some(made))
            }
            Action::Book(b) if facts.new_books.remove(&b.record_key) => {
                let made = change(ev, b.entity_id, Cow::Borrowed(&b.body));
                (EventOutcome::Applied, None, Some(made))
            }
            Action::Sale(_) | Action::Movement { .. } | Action::SaleReturn(_) | Action::Book(_) => {
                out.duplicates += 1;
                (EventOutcome::Duplicate, None, None)
            }
            Action::Product(p) => {
                let made = facts
                    .product_changes
                    .remove(&ev.seq)
                    .map(|body| change(ev, p.id, Cow::Owned(body)));
                (EventOutcome::Applied, None, made)
            }
        };
        held.push(HeldSeq {
            seq: ev.seq,
            kind: ev.kind,
            outcome,
            sale_total,
            entity_id: ev.entity_id,
            change: made,
        });
        out.acked_seq = ev.seq;
    }
    out.applied = changes.len() as u64;
    PushWrites {
        changes,
        held,
        quarantine,
        outcome: out,
    }
}

/// The first and last seq of `events` (in seq order), for reading what is held between them.
pub fn seq_span(events: &[PreparedEvent]) -> Option<(u64, u64)> {
    Some((events.first()?.seq, events.last()?.seq))
}

#[cfg(test)]
#[path = "push_outcome_tests.rs"]
mod tests;
