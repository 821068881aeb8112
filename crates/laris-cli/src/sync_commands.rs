//! `laris pair`, `laris sync` and `laris status`: thin wrappers over laris-sync. Only these
//! commands start a tokio runtime (one thread: the CLI does one thing at a time).

use std::path::Path;

use laris_core::{DeviceReader, ShopTimeZone, SyncState};
use laris_sync::{
    EngineConfig, HttpTransport, RoundConfig, RoundReport, SharedStore, SyncEngine,
    describe_quarantined, prove, shared, sync_round,
};

use crate::commands::{CliError, open_store};

type Result<T> = std::result::Result<T, CliError>;

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| CliError::Io {
            path: "tokio runtime".into(),
            source,
        })
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Usage(format!("cannot encode output: {e}")))?;
    println!("{text}");
    Ok(())
}

pub fn pair(
    db: &Path,
    json: bool,
    server: &str,
    code: &str,
    name: Option<&str>,
    device_code: Option<&str>,
) -> Result<()> {
    let mut till = open_store(db)?;
    if let Some(device_code) = device_code {
        till.set_device_code(device_code)?;
    }
    let store = shared(till);
    let transport = HttpTransport::new(server, None)?;
    let outcome = runtime()?.block_on(laris_sync::pair(&store, &transport, server, code, name))?;
    if json {
        return print_json(&outcome);
    }
    println!(
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
    );
    Ok(())
}

/// The store and a transport authenticated as this till.
fn paired(db: &Path) -> Result<(SharedStore, HttpTransport)> {
    let store = open_store(db)?;
    let state = store.sync_state()?;
    let (Some(url), Some(credential), true) = (
        state.server_url.clone(),
        state.credential.clone(),
        state.is_paired(),
    ) else {
        return Err(laris_core::CoreError::NotPaired.into());
    };
    Ok((shared(store), HttpTransport::new(&url, Some(credential))?))
}

pub fn sync(db: &Path, json: bool, verify: bool, watch: bool) -> Result<()> {
    let (store, transport) = paired(db)?;
    let rt = runtime()?;
    if watch {
        return rt.block_on(watch_status(store, transport, json));
    }
    let report = rt.block_on(sync_round(&store, &transport, &RoundConfig::default()))?;
    let proof = if verify {
        Some(rt.block_on(prove(&store, &transport))?)
    } else {
        None
    };
    if json {
        print_json(&serde_json::json!({ "round": report, "proof": proof }))?;
    } else {
        print_round(&report);
        if let Some(p) = &proof {
            println!("{}", p.summary());
        }
    }
    match proof {
        Some(p) if !p.matches() => Err(CliError::ProofMismatch(format!(
            "the server's record differs: {}",
            p.summary()
        ))),
        _ => Ok(()),
    }
}

fn print_round(r: &RoundReport) {
    println!("Synced: {}.", r.summary());
    for q in &r.quarantined {
        println!("  {}", describe_quarantined(q));
    }
    println!(
        "Server holds this till's events up to #{}; pulled up to change {}.",
        r.acked_seq, r.pull_cursor
    );
}

/// Runs the background engine until Ctrl-C, printing each status change.
async fn watch_status(store: SharedStore, transport: HttpTransport, json: bool) -> Result<()> {
    let engine = SyncEngine::spawn(store, transport, EngineConfig::default())?;
    let mut status = engine.status();
    loop {
        {
            let s = status.borrow_and_update().clone();
            if json {
                println!("{}", serde_json::to_string(&s).unwrap_or_default());
            } else {
                let error = s
                    .last_error
                    .as_ref()
                    .map(|e| format!(", last error [{}] {}", e.code, e.message))
                    .unwrap_or_default();
                println!("{:?}: {} pending{error}", s.connectivity, s.pending);
            }
        }
        tokio::select! {
            changed = status.changed() => if changed.is_err() { break },
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    engine.shutdown().await?;
    Ok(())
}

pub fn status(db: &Path, json: bool) -> Result<()> {
    let reader = DeviceReader::open(db)?;
    let state = reader.sync_state()?;
    if json {
        return print_json(&serde_json::json!({
            "paired": state.is_paired(),
            "pending": state.pending(),
            "state": state,
        }));
    }
    print_status(&state, reader.settings()?.timezone);
    Ok(())
}

fn print_status(s: &SyncState, tz: ShopTimeZone) {
    if !s.is_paired() {
        println!("Not paired with a server: run `laris pair <server> <code>`.");
        println!("{} event(s) in the outbox.", s.last_seq);
        return;
    }
    println!(
        "Paired with {} at {}.",
        s.store_name.as_deref().unwrap_or("?"),
        s.server_url.as_deref().unwrap_or("?")
    );
    println!(
        "{} of {} event(s) acknowledged by the server, {} pending; pulled up to change {}.",
        s.acked_seq,
        s.last_seq,
        s.pending(),
        s.pull_cursor
    );
    match s.last_success_at {
        Some(at) => println!("Last successful sync: {}.", tz.format(at)),
        None => println!("Never synced yet."),
    }
    if let Some(e) = &s.last_error {
        println!(
            "Last error ({}) [{}]: {}",
            tz.format(e.at),
            e.code,
            e.message
        );
    }
    if let Some((after, up_to)) = s.lost_range() {
        println!(
            "Restored from an older backup: events #{}..#{up_to} of this till are on the server \
             and are fetched back at the next sync; new events are numbered after #{}.",
            after + 1,
            s.seq_floor
        );
    }
}
