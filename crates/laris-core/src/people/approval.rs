//! [`OwnerApproval`]: proof, inside this process, that an owner typed their PIN for the action
//! at hand. Only [`DeviceStore::owner_approval`] makes one; it cannot be cloned, and each
//! owner-only method takes it by value, so one PIN typed allows one action. The Tauri
//! commands and the CLI reach owner-only methods only through it: there is no path around
//! the PIN but the first owner's set-up on an empty till.

use crate::audit::{Actor, Approval, AuditAction, NewEntry};
use crate::error::{CoreError, Result};
use crate::people::{Ctx, PinCheck, active_owners, check_pin};
use crate::store::{DeviceStore, immediate_tx};

#[derive(Debug)]
#[must_use = "an approval is for one owner-only action"]
pub struct OwnerApproval {
    owner: Actor,
}

impl OwnerApproval {
    /// The owner who approved.
    pub fn owner(&self) -> &Actor {
        &self.owner
    }
}

impl DeviceStore {
    /// An owner's approval for one action, given their PIN. The PIN is checked against every
    /// active owner not locked out; a wrong one counts against each of them (so trying it
    /// against two owners is no faster than against one). Fails with
    /// [`CoreError::NoOwner`] on a till that has no owner yet.
    pub fn owner_approval(&mut self, pin: &str) -> Result<OwnerApproval> {
        let now = self.clock.now_ms();
        let device = self.device()?.device_id;
        let ctx = Ctx {
            now,
            ids: &*self.ids,
            device,
        };
        let tx = immediate_tx(&mut self.conn)?;
        let owners = active_owners(&tx)?;
        if owners.is_empty() {
            return Err(CoreError::NoOwner);
        }
        let mut refusal: Option<CoreError> = None;
        for owner in &owners {
            match check_pin(&tx, &ctx, owner, pin)? {
                PinCheck::Right => {
                    tx.commit()?;
                    return Ok(OwnerApproval {
                        owner: owner.actor(),
                    });
                }
                // A wrong PIN outranks a lock: it says the PIN was checked and is wrong;
                // the shortest lock is the one to wait for.
                PinCheck::Wrong(e) => {
                    refusal = Some(match (refusal, e) {
                        (None, e) => e,
                        (Some(w @ CoreError::WrongPin { .. }), _) => w,
                        (Some(_), w @ CoreError::WrongPin { .. }) => w,
                        (
                            Some(CoreError::PinLocked { retry_after_ms: a }),
                            CoreError::PinLocked { retry_after_ms: b },
                        ) => CoreError::PinLocked {
                            retry_after_ms: a.min(b),
                        },
                        (Some(first), _) => first,
                    });
                }
            }
        }
        tx.commit()?;
        Err(refusal.unwrap_or(CoreError::WrongPin { locked_ms: 0 }))
    }
}

/// What an owner-only action runs under: an owner's approval, or, on a till where nobody has
/// been set up yet (a shop that does not use PINs, or a till from before people existed),
/// nobody's, recorded as such. Only [`DeviceStore::owner_authority`] makes one, and once a
/// person exists it always asks for the PIN: people are never deleted, so a till cannot go
/// back to having nobody.
#[derive(Debug)]
#[must_use = "an authority is for one owner-only action"]
pub struct OwnerAuthority {
    owner: Option<Actor>,
    /// An approval code typed at the till instead of the PIN: it allows only the action it
    /// was made for, once confirmed there (see `approval_code`).
    code: Option<crate::people::approval_code::PendingCode>,
}

impl OwnerAuthority {
    /// The approving owner; `None` on a till with nobody set up.
    pub fn owner(&self) -> Option<&Actor> {
        self.owner.as_ref()
    }

    pub(crate) fn from_code(code: crate::people::approval_code::PendingCode) -> Self {
        OwnerAuthority {
            owner: None,
            code: Some(code),
        }
    }

    /// The code this authority carries, to be confirmed against its action.
    pub(crate) fn code(&self) -> Option<&crate::people::approval_code::PendingCode> {
        self.code.as_ref()
    }

    /// The audit entry of the action this authority allowed. An approval code allows only
    /// the action it was confirmed for: for any other, this refuses, inside the action's
    /// transaction, so nothing of it is written.
    pub(crate) fn entry<'a>(
        &'a self,
        action: AuditAction,
        subject: Option<String>,
        detail: String,
        reason: Option<&'a str>,
    ) -> Result<NewEntry<'a>> {
        let approval = match (&self.code, &self.owner) {
            (Some(code), _) => match code.confirmed() {
                Some(a) if a.allows(action) => (Approval::OwnerCode, None),
                _ => return Err(CoreError::OwnerApprovalRequired),
            },
            (None, Some(o)) => (Approval::OwnerPin, Some(o.id)),
            (None, None) => (Approval::NobodySetUp, None),
        };
        Ok(NewEntry {
            actor: self.owner.as_ref(),
            action,
            subject,
            detail,
            reason,
            approval: Some(approval),
        })
    }
}

impl From<OwnerApproval> for OwnerAuthority {
    fn from(a: OwnerApproval) -> Self {
        OwnerAuthority {
            owner: Some(a.owner),
            code: None,
        }
    }
}

impl DeviceStore {
    /// The authority for one owner-only action: `pin` must be an owner's once anyone is set
    /// up on this till ([`CoreError::OwnerApprovalRequired`] without one); before that, no
    /// PIN is asked.
    pub fn owner_authority(&mut self, pin: Option<&str>) -> Result<OwnerAuthority> {
        let anyone: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM people)", [], |r| r.get(0))?;
        if !anyone {
            return Ok(OwnerAuthority {
                owner: None,
                code: None,
            });
        }
        let pin = pin.ok_or(CoreError::OwnerApprovalRequired)?;
        Ok(self.owner_approval(pin)?.into())
    }
}
