//! [`OwnerApproval`]: proof, inside this process, that an owner typed their PIN for the action
//! at hand. Only [`DeviceStore::owner_approval`] makes one; it cannot be cloned, and each
//! owner-only method takes it by value, so one PIN typed allows one action. The Tauri
//! commands and the CLI reach owner-only methods only through it: there is no path around
//! the PIN but the first owner's set-up on an empty till.

use crate::audit::Actor;
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
