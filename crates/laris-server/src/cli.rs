//! The `laris-server` command line: serve (the default), and admin subcommands that work on
//! the storage directly (create a store, make a pairing code, list and revoke devices, rotate
//! the epoch after a restore). Every command chooses the backend the same way: `--database-url
//! postgres://…` for PostgreSQL, otherwise the SQLite file in `--data-dir`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use uuid::Uuid;

use crate::clock::Clock;
use crate::error::ServerError;
use crate::state::{AppState, ServerConfig};
use crate::storage::{self, Storage, StorageError, StorageLocation};

/// The SQLite file's name inside the data directory.
pub const SQLITE_FILE: &str = "laris-server.db";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

#[derive(Debug, Parser)]
#[command(name = "laris-server", version, about = "Laris sync server")]
pub struct Cli {
    #[command(flatten)]
    pub backend: BackendArgs,
    /// Address to serve on (port 0: any free port; the chosen one is printed).
    #[arg(long, global = true, env = "LARIS_SERVER_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct BackendArgs {
    /// Directory of the embedded SQLite database (default: the platform data dir + laris-server).
    #[arg(long, global = true, env = "LARIS_SERVER_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Use PostgreSQL at this URL (postgres://user:password@host:port/db) instead of SQLite.
    #[arg(
        long,
        global = true,
        env = "LARIS_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

impl BackendArgs {
    pub fn location(&self) -> Result<StorageLocation, CliError> {
        if let Some(url) = &self.database_url {
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return Err(CliError::Usage(
                    "--database-url must be a postgres:// URL".into(),
                ));
            }
            return Ok(StorageLocation::Postgres(url.clone()));
        }
        let dir = match &self.data_dir {
            Some(d) => d.clone(),
            None => dirs::data_dir()
                .ok_or_else(|| CliError::Usage("no platform data dir: pass --data-dir".into()))?
                .join("laris-server"),
        };
        Ok(StorageLocation::Sqlite(dir.join(SQLITE_FILE)))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API (what no subcommand does too).
    Serve,
    /// Stores.
    #[command(subcommand)]
    Store(StoreCommand),
    /// Print a new single-use pairing code for a store (valid 10 minutes).
    PairingCode {
        #[arg(long)]
        store: Uuid,
        /// Re-enrol this device of the store instead (it lost its key, or was revoked): only
        /// it can use the code, and it gets a new credential.
        #[arg(long)]
        device: Option<Uuid>,
    },
    /// A store's devices.
    #[command(subcommand)]
    Devices(DevicesCommand),
    /// The server epoch.
    #[command(subcommand)]
    Epoch(EpochCommand),
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Create a store with its owner account; prints the store id.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        owner_email: String,
        /// At least 8 characters (or set LARIS_OWNER_PASSWORD).
        #[arg(long, env = "LARIS_OWNER_PASSWORD", hide_env_values = true)]
        owner_password: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// One line per device: id, code, name, acked seq, revoked or active.
    List {
        #[arg(long)]
        store: Uuid,
    },
    /// Revoke a device: its credential stops working at once.
    Revoke {
        #[arg(long)]
        store: Uuid,
        #[arg(long)]
        device: Uuid,
    },
}

#[derive(Debug, Subcommand)]
pub enum EpochCommand {
    /// Give a store (or every store) a new epoch. Run this after restoring a backup: devices
    /// then re-upload what the backup lacks and pull again from the start.
    Rotate {
        #[arg(long)]
        store: Option<Uuid>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{0}")]
    Server(#[from] ServerError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Runs the command line until done (serving: until Ctrl-C or SIGTERM).
pub async fn run(cli: Cli) -> Result<(), CliError> {
    let location = cli.backend.location()?;
    let storage = storage::open(&location).await?;
    let clock = Clock::system();
    let config = ServerConfig::default();
    let mut out = std::io::stdout().lock();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            drop(out);
            return serve(storage, clock, config, cli.listen).await;
        }
        Command::Store(StoreCommand::Create {
            name,
            owner_email,
            owner_password,
        }) => {
            let id = crate::admin::create_store(
                storage.as_ref(),
                &name,
                &owner_email,
                &owner_password,
                clock.now_ms(),
            )
            .await?;
            writeln!(out, "{id}")?;
        }
        Command::PairingCode { store, device } => {
            let (now, ttl) = (clock.now_ms(), config.pairing_code_ttl_ms);
            let code = match device {
                None => crate::admin::new_pairing_code(storage.as_ref(), store, now, ttl).await?,
                Some(d) => crate::admin::reenrol_code(storage.as_ref(), store, d, now, ttl).await?,
            };
            writeln!(out, "{}", code.code)?;
        }
        Command::Devices(DevicesCommand::List { store }) => {
            known_store(storage.as_ref(), store).await?;
            for d in storage.devices(store).await? {
                let state = if d.revoked_at_ms.is_some() {
                    "revoked"
                } else if d.last_seen_ms.is_none() {
                    "paired, never synced"
                } else {
                    "active"
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\tacked={}\t{state}",
                    d.device_id, d.code, d.name, d.acked_seq
                )?;
            }
        }
        Command::Devices(DevicesCommand::Revoke { store, device }) => {
            known_store(storage.as_ref(), store).await?;
            let d = storage
                .revoke_device(store, device, clock.now_ms())
                .await?
                .ok_or_else(|| CliError::Usage(format!("store {store} has no device {device}")))?;
            writeln!(out, "revoked {} ({})", d.device_id, d.name)?;
        }
        Command::Epoch(EpochCommand::Rotate { store }) => {
            if let Some(id) = store {
                known_store(storage.as_ref(), id).await?;
            }
            let n = storage.rotate_epoch(store).await?;
            writeln!(out, "rotated the epoch of {n} store(s)")?;
        }
    }
    Ok(())
}

async fn known_store(storage: &dyn Storage, store: Uuid) -> Result<(), CliError> {
    match storage.store(store).await? {
        Some(_) => Ok(()),
        None => Err(CliError::Usage(format!("no store {store}"))),
    }
}

async fn serve(
    storage: Arc<dyn Storage>,
    clock: Clock,
    config: ServerConfig,
    listen: SocketAddr,
) -> Result<(), CliError> {
    let backend = storage.backend();
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{addr}")?;
        out.flush()?;
    }
    tracing::info!(%addr, backend, "serving");
    crate::run(
        listener,
        AppState::new(storage, clock, config),
        shutdown_signal(),
    )
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
