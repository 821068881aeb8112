//! The shop's people at this till: the first owner, adding and changing people with the
//! owner's PIN, logging in and out, and the audit log. Every owner-only call takes the owner's
//! PIN in its input and turns it into laris-core's one-use `OwnerApproval` under the same
//! store lock as the action, so no command reaches an owner-only method without it.

use laris_core::{PersonChange, Role};

use crate::App;
use crate::dto::{
    AuditEntryView, LogInInput, OnDutyView, OwnPinInput, OwnerSetupInput, PersonChangeInput,
    PersonInput, PersonView, PinResetInput, RoleView,
};
use crate::error::Result;
use crate::views;

fn role(r: RoleView) -> Role {
    match r {
        RoleView::Owner => Role::Owner,
        RoleView::Cashier => Role::Cashier,
    }
}

impl App {
    /// Everyone who works at the shop, owners first.
    pub fn people(&self) -> Result<Vec<PersonView>> {
        let people = self.with_store(|s| s.query().people())?;
        Ok(people.iter().map(views::person).collect())
    }

    /// Who is on duty at this till (`None`: the lock screen shows).
    pub fn on_duty(&self) -> Result<Option<OnDutyView>> {
        let on = self.with_store(|s| s.query().on_duty())?;
        Ok(on.as_ref().map(views::on_duty))
    }

    /// The first owner, on a till with nobody yet; they are put on duty.
    pub fn set_up_owner(&self, input: &OwnerSetupInput) -> Result<OnDutyView> {
        let on = self.with_store(|s| {
            let owner = s.add_first_owner(&input.name, &input.pin)?;
            s.start_duty(owner.id, &input.pin)
        })?;
        Ok(views::on_duty(&on))
    }

    pub fn add_person(&self, input: &PersonInput) -> Result<PersonView> {
        let p = self.with_store(|s| {
            let approval = s.owner_approval(&input.owner_pin)?;
            s.add_person(approval, &input.name, role(input.role), &input.pin)
        })?;
        Ok(views::person(&p))
    }

    pub fn change_person(&self, input: &PersonChangeInput) -> Result<PersonView> {
        let change = PersonChange {
            name: input.name.clone(),
            role: input.role.map(role),
            active: input.active,
        };
        let p = self.with_store(|s| {
            let approval = s.owner_approval(&input.owner_pin)?;
            s.change_person(approval, input.id, &change)
        })?;
        Ok(views::person(&p))
    }

    pub fn reset_pin(&self, input: &PinResetInput) -> Result<()> {
        self.with_store(|s| {
            let approval = s.owner_approval(&input.owner_pin)?;
            s.reset_pin(approval, input.id, &input.new_pin)
        })
    }

    pub fn change_own_pin(&self, input: &OwnPinInput) -> Result<()> {
        self.with_store(|s| s.change_own_pin(input.id, &input.old_pin, &input.new_pin))
    }

    pub fn log_in(&self, input: &LogInInput) -> Result<OnDutyView> {
        let on = self.with_store(|s| s.start_duty(input.person_id, &input.pin))?;
        Ok(views::on_duty(&on))
    }

    pub fn log_out(&self) -> Result<()> {
        self.with_store(|s| s.end_duty())
    }

    /// A new approval-code key for this till, with the owner's PIN: shown once, for the
    /// owner's device.
    pub fn enrol_approval_key(&self, owner_pin: &str) -> Result<String> {
        self.with_store(|s| {
            let approval = s.owner_approval(owner_pin)?;
            s.enrol_approval_key(approval)
        })
    }

    /// On the owner's device: the code for an action, from the till's key (no network, no
    /// database: the key and the clock are all it needs).
    pub fn approval_code(&self, input: &crate::dto::ApprovalCodeInput) -> Result<String> {
        let key = laris_core::parse_key(&input.key)?;
        let action = laris_core::CodeAction::parse(&input.action)?;
        let now = self.with_store(|s| Ok(s.now_ms()))?;
        Ok(laris_core::approval_code(
            &key,
            action,
            &input.subject,
            input.amount,
            now,
        ))
    }

    /// The audit log, latest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntryView>> {
        let entries = self.with_store(|s| s.query().audit_log(limit as usize))?;
        Ok(entries.iter().map(views::audit_entry).collect())
    }
}
