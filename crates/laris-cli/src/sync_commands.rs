//! `laris pair`, `laris sync` and `laris status`: thin wrappers over laris-sync. Only these
//! commands start a tokio runtime (one thread: the CLI does one thing at a time).

use std::path::Path;

use laris_core::{CoreError, ShopTimeZone, SyncState};
use laris_sync::{
    HttpTransport, RoundConfig, RoundReport, SyncError, describe_quarantined, prove, shared,
    sync_round,
};

use crate::error::{CliError, Result};
use crate::open;
use crate::output::json as print_json;
use crate::print::say;

/// What an unreachable server means for a sync: nothing is lost.
pub(crate) const SALES_STAY: &str = "the sales stay on this till and sync later";
const NOT_PAIRED_YET: &str = "this till is not paired yet; try again when the server is reachable";

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| CliError::Io {
            path: "tokio runtime".into(),
            source,
        })
}

pub fn pair(
    db: &Path,
    json: bool,
    server: &str,
    code: &str,
    name: Option<&str>,
    device_code: Option<&str>,
) -> Result<()> {
    open::require_database(db)?;
    // Checked before the store is opened: a bad URL changes nothing, not even the prefix.
    let transport = HttpTransport::new(server, None)?;
    let mut till = open::store(db)?;
    if let Some(device_code) = device_code {
        till.set_device_code(device_code)?;
    }
    let store = shared(till);
    let outcome = runtime()?
        .block_on(laris_sync::pair(&store, &transport, server, code, name))
        .map_err(|e| CliError::from_sync(e, transport.base_url(), NOT_PAIRED_YET))?;
    if json {
        return print_json(&outcome);
    }
    say!(
        "Paired with {} ({}) at {}; {} product{} queued for the store. Run `laris sync` to send them.",
        outcome.store_name,
        outcome.store_id,
        transport.base_url(),
        outcome.products_enqueued,
        if outcome.products_enqueued == 1 {
            ""
        } else {
            "s"
        },
    )?;
    Ok(())
}

/// A transport authenticated as this till, from its sync state (read beside any writer).
pub(crate) fn transport_for(
    state: &SyncState,
    timeouts: laris_sync::Timeouts,
) -> Result<HttpTransport> {
    let (Some(url), Some(credential), true) = (
        state.server_url.clone(),
        state.credential.clone(),
        state.is_paired(),
    ) else {
        return Err(CoreError::NotPaired.into());
    };
    Ok(HttpTransport::with_timeouts(
        &url,
        Some(credential),
        timeouts,
    )?)
}

pub fn sync(db: &Path, json: bool, verify: bool, watch: bool) -> Result<()> {
    if watch {
        return crate::watch::run(db, json);
    }
    let state = open::reader(db)?.sync_state()?;
    let transport = transport_for(&state, laris_sync::Timeouts::default())?;
    let store = shared(open::store(db)?);
    let offline = |e: SyncError| CliError::from_sync(e, transport.base_url(), SALES_STAY);
    let rt = runtime()?;
    let report = rt
        .block_on(sync_round(&store, &transport, &RoundConfig::default()))
        .map_err(offline)?;
    let proof = if verify {
        Some(rt.block_on(prove(&store, &transport)).map_err(offline)?)
    } else {
        None
    };
    // The lock is not needed to print, and a slow reader of stdout must not hold up a sale.
    drop(store);
    let printed = if json {
        print_json(&serde_json::json!({ "round": report, "proof": proof }))
    } else {
        print_round(&report).and_then(|()| match &proof {
            Some(p) => say!("{}", p.summary()).map_err(CliError::from),
            None => Ok(()),
        })
    };
    // The verdict stands even when nobody reads the output any more.
    match proof {
        Some(p) if !p.matches() => Err(CliError::ProofMismatch(format!(
            "the server's record differs: {}",
            p.summary()
        ))),
        _ => printed,
    }
}

fn print_round(r: &RoundReport) -> Result<()> {
    say!("Synced: {}.", r.summary())?;
    for q in &r.quarantined {
        say!("  {}", describe_quarantined(q))?;
    }
    say!(
        "Server holds this till's events up to #{}; pulled up to change {}.",
        r.acked_seq,
        r.pull_cursor
    )?;
    Ok(())
}

pub fn status(db: &Path, json: bool) -> Result<()> {
    let reader = open::reader(db)?;
    let state = reader.sync_state()?;
    if json {
        return print_json(&serde_json::json!({
            "paired": state.is_paired(),
            "pending": state.pending(),
            "state": state,
        }));
    }
    print_status(&state, reader.settings()?.timezone)
}

fn print_status(s: &SyncState, tz: ShopTimeZone) -> Result<()> {
    if !s.is_paired() {
        say!("Not paired with a server: run `laris pair <server> <code>`.")?;
        say!("{} event(s) in the outbox.", s.last_seq)?;
        return Ok(());
    }
    say!(
        "Paired with {} at {}.",
        s.store_name.as_deref().unwrap_or("?"),
        s.server_url.as_deref().unwrap_or("?")
    )?;
    say!(
        "{} of {} event(s) acknowledged by the server, {} pending; pulled up to change {}.",
        s.acked_seq,
        s.last_seq,
        s.pending(),
        s.pull_cursor
    )?;
    match s.last_success_at {
        Some(at) => say!("Last successful sync: {}.", tz.format(at))?,
        None => say!("Never synced yet.")?,
    }
    if let Some(e) = &s.last_error {
        say!(
            "Last error ({}) [{}]: {}",
            tz.format(e.at),
            e.code,
            e.message
        )?;
    }
    if let Some((after, up_to)) = s.lost_range() {
        say!(
            "Restored from an older backup: events #{}..#{up_to} of this till are on the server \
             and are fetched back at the next sync; new events are numbered after #{}.",
            after + 1,
            s.seq_floor
        )?;
    }
    Ok(())
}
