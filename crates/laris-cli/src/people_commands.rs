//! `laris people`: the shop's people on the headless till. PINs come from environment
//! variables, never from arguments, which `ps` and the shell's history would show.

use std::path::Path;

use laris_core::Role;

use crate::cli::PeopleCommand;
use crate::error::{CliError, Result};
use crate::open::{self, OWNER_PIN_VAR};
use crate::output::json;
use crate::print::say;

/// The PIN of the person logging in.
const PIN_VAR: &str = "LARIS_PIN";
/// The PIN of a person being added.
const NEW_PIN_VAR: &str = "LARIS_NEW_PIN";

fn pin_from(var: &'static str) -> Result<String> {
    std::env::var(var).map_err(|_| CliError::Usage(format!("set {var} to the PIN (4 to 6 digits)")))
}

fn role(s: &str) -> Result<Role> {
    match s.trim().to_ascii_lowercase().as_str() {
        "owner" | "pemilik" => Ok(Role::Owner),
        "cashier" | "kasir" => Ok(Role::Cashier),
        other => Err(CliError::Usage(format!(
            "--role is owner or cashier, not {other:?}"
        ))),
    }
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Owner => "owner",
        Role::Cashier => "cashier",
    }
}

pub fn run(db: &Path, as_json: bool, action: Option<PeopleCommand>) -> Result<()> {
    match action {
        None => list(db, as_json),
        Some(PeopleCommand::Add { name, role: r }) => {
            let r = role(&r)?;
            let pin = pin_from(NEW_PIN_VAR)?;
            let mut store = open::store(db)?;
            let nobody = store.query().people()?.is_empty();
            let person = if nobody {
                if r != Role::Owner {
                    return Err(CliError::Usage(
                        "the first person of a till is its owner: add them with --role owner"
                            .into(),
                    ));
                }
                store.add_first_owner(&name, &pin)?
            } else {
                let owner_pin = std::env::var(OWNER_PIN_VAR)
                    .map_err(|_| CliError::OwnerPinMissing { var: OWNER_PIN_VAR })?;
                let approval = store.owner_approval(&owner_pin)?;
                store.add_person(approval, &name, r, &pin)?
            };
            if as_json {
                return json(&person);
            }
            say!("Added {} ({})", person.name, role_name(person.role))?;
            Ok(())
        }
        Some(PeopleCommand::Login { name }) => {
            let pin = pin_from(PIN_VAR)?;
            let mut store = open::store(db)?;
            let person = store
                .query()
                .people()?
                .into_iter()
                .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| laris_core::CoreError::UnknownPerson(name.clone()))?;
            let on = store.start_duty(person.id, &pin)?;
            if as_json {
                return json(&on);
            }
            say!("{} is on duty", on.person.name)?;
            Ok(())
        }
        Some(PeopleCommand::Logout) => {
            let mut store = open::store(db)?;
            store.end_duty()?;
            if !as_json {
                say!("Nobody is on duty")?;
            }
            Ok(())
        }
        Some(PeopleCommand::Audit { limit }) => {
            let reader = open::reader(db)?;
            let log = reader.query().audit_log(limit)?;
            if as_json {
                return json(&log);
            }
            for e in &log {
                let who = e.actor.as_ref().map_or("-", |a| a.name.as_str());
                say!(
                    "{}  {:<16} {:<10} {}{}",
                    e.at,
                    e.action.as_str(),
                    who,
                    e.detail,
                    e.reason
                        .as_deref()
                        .map(|r| format!(" (reason: {r})"))
                        .unwrap_or_default()
                )?;
            }
            Ok(())
        }
    }
}

fn list(db: &Path, as_json: bool) -> Result<()> {
    let reader = open::reader(db)?;
    let q = reader.query();
    let people = q.people()?;
    let on = q.on_duty()?;
    if as_json {
        return json(&serde_json::json!({ "people": people, "on_duty": on }));
    }
    if people.is_empty() {
        say!("Nobody is set up on this till: add the owner with `laris people add --role owner`")?;
        return Ok(());
    }
    for p in &people {
        let duty = if on.as_ref().is_some_and(|d| d.person.id == p.id) {
            "  (on duty)"
        } else {
            ""
        };
        let retired = if p.active { "" } else { "  (retired)" };
        say!("{:<24} {}{retired}{duty}", p.name, role_name(p.role))?;
    }
    Ok(())
}
