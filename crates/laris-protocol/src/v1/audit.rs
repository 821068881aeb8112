//! An audit entry on the wire (protocol version 3 on): who did an owner-only or sensitive
//! action, what, when, why and with which approval. Entries are only ever added; the server
//! keeps them as sent.
//!
//! Field order is the binary layout: never reorder, insert or remove fields.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::check::{self, MAX_PERSON_CHARS, MAX_REASON_CHARS};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditEntryV1 {
    pub id: Uuid,
    /// Unix ms.
    pub at: i64,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    /// The action's code (`sale_refunded`, `stock_counted`, ...): text, so a server need not
    /// know every action a newer till logs.
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
    pub reason: Option<String>,
    /// How it was allowed (`owner_pin`, `nobody_set_up`, ...).
    pub approval: Option<String>,
    pub approved_by: Option<Uuid>,
}

impl AuditEntryV1 {
    pub fn validate(&self) -> Result<()> {
        check::nonzero_id("audit.id", self.id)?;
        check::range("audit.at", self.at, 0, i64::MAX)?;
        check::opt_text(
            "audit.actor_name",
            self.actor_name.as_deref(),
            MAX_PERSON_CHARS,
        )?;
        check::text("audit.action", &self.action, 64)?;
        check::opt_text("audit.subject", self.subject.as_deref(), MAX_REASON_CHARS)?;
        check::opt_text(
            "audit.detail",
            Some(&self.detail)
                .filter(|d| !d.is_empty())
                .map(|d| d.as_str()),
            4 * MAX_REASON_CHARS,
        )?;
        check::opt_text("audit.reason", self.reason.as_deref(), MAX_REASON_CHARS)?;
        check::opt_text("audit.approval", self.approval.as_deref(), 64)
    }
}
