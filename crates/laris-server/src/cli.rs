//! The `laris-server` command line: serve (the default), and admin subcommands that work on
//! the storage directly (create and list stores, make a pairing code, list and revoke
//! devices, rotate the epoch after a restore). Every command chooses the backend the same way: `--database-url
//! postgres://…` for PostgreSQL, otherwise the SQLite file in `--data-dir`.
//!
//! Secrets never travel as arguments (other users see them in `ps`): the owner password of
//! `store create` comes from `LARIS_OWNER_PASSWORD`, from stdin (`--owner-password-stdin`),
//! or from a prompt without echo on a terminal (see [`owner_password`]).

use std::io::{BufRead, IsTerminal, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use uuid::Uuid;

use crate::clock::Clock;
use crate::config::ServerConfig;
use crate::error::ServerError;
use crate::state::AppState;
use crate::storage::{self, Storage, StorageError, StorageLocation};

/// The SQLite file's name inside the data directory.
pub const SQLITE_FILE: &str = "laris-server.db";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";
/// Where `store create` reads the owner password from when not told otherwise.
pub const OWNER_PASSWORD_ENV: &str = "LARIS_OWNER_PASSWORD";

#[derive(Debug, Parser)]
#[command(name = "laris-server", version, about = "Laris sync server")]
pub struct Cli {
    #[command(flatten)]
    pub backend: BackendArgs,
    /// Address to serve on (port 0: any free port; the chosen one is printed).
    #[arg(long, global = true, env = "LARIS_SERVER_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// A reverse proxy whose X-Forwarded-For is believed for the rate limits (repeat, or
    /// comma-separate in the variable). Without one the header is ignored.
    #[arg(
        long,
        global = true,
        env = "LARIS_SERVER_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxy: Vec<IpAddr>,
    /// Open connections one address may hold (default 64); behind a reverse proxy, the
    /// proxy's.
    #[arg(long, global = true, env = "LARIS_SERVER_MAX_CONNECTIONS_PER_SOURCE")]
    pub max_connections_per_source: Option<usize>,
    /// Who may sign up in the back office: anyone (`open`), or only with a one-time link
    /// made by `laris-server invite create` (`invite`).
    #[arg(
        long,
        global = true,
        env = "LARIS_SERVER_SIGNUP",
        value_enum,
        default_value = "open"
    )]
    pub signup: SignupArg,
    /// The address owners and tills reach this server at (e.g. https://laris.example), for
    /// pairing and sign-up links. Default: the address each request came to.
    #[arg(long, global = true, env = "LARIS_SERVER_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Send the back office's session cookie only over https (the server is behind TLS).
    /// Also on by itself when --public-url is https.
    #[arg(long, global = true, env = "LARIS_SERVER_SECURE_COOKIES")]
    pub secure_cookies: bool,
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

/// The sign-up policy as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignupArg {
    Open,
    Invite,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API and the back office (what no subcommand does too).
    Serve,
    /// One-time sign-up links (for `--signup invite`).
    #[command(subcommand)]
    Invite(InviteCommand),
    /// Owner accounts.
    #[command(subcommand)]
    Owner(OwnerCommand),
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
        /// Read the owner password (at least 8 characters) as one line from stdin. Without
        /// it: LARIS_OWNER_PASSWORD, else a prompt on a terminal.
        #[arg(long)]
        owner_password_stdin: bool,
    },
    /// Every store, oldest first: id, name, owner email, paired devices (revoked ones
    /// included), created.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// A store's books as JSON: kasbon owed per customer and every till's shifts.
    Books {
        #[arg(long)]
        store: Uuid,
    },
}

#[derive(Debug, Subcommand)]
pub enum InviteCommand {
    /// Print a new one-time sign-up link (valid 7 days).
    Create,
}

#[derive(Debug, Subcommand)]
pub enum OwnerCommand {
    /// Set a new password for an owner who forgot theirs (no mail server is assumed): lifts a
    /// lock-out and signs every session of the account out. The password comes as for
    /// `store create`.
    ResetPassword {
        #[arg(long)]
        email: String,
        /// Read the new password as one line from stdin.
        #[arg(long)]
        password_stdin: bool,
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
    // Asked before the storage is opened, so a refusal leaves nothing behind.
    let new_owner_password = match &cli.command {
        Some(Command::Store(StoreCommand::Create {
            owner_password_stdin,
            ..
        })) => owner_password(*owner_password_stdin)?,
        Some(Command::Owner(OwnerCommand::ResetPassword { password_stdin, .. })) => {
            owner_password(*password_stdin)?
        }
        _ => String::new(),
    };
    let storage = storage::open(&location).await?;
    let clock = Clock::system();
    let mut config = ServerConfig::default();
    config.http.trusted_proxies = cli.trusted_proxy;
    if let Some(n) = cli.max_connections_per_source {
        config.http.max_connections_per_source = n.max(1);
    }
    config.web.signup = match cli.signup {
        SignupArg::Open => crate::web::wire::SignupMode::Open,
        SignupArg::Invite => crate::web::wire::SignupMode::Invite,
    };
    if let Some(url) = &cli.public_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(CliError::Usage(
                "--public-url must start with http:// or https://".into(),
            ));
        }
        config.web.secure_cookies = url.starts_with("https://");
    }
    config.web.secure_cookies |= cli.secure_cookies;
    config.web.public_url = cli.public_url.clone();
    let mut out = std::io::stdout().lock();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            drop(out);
            return serve(storage, clock, config, cli.listen).await;
        }
        Command::Store(StoreCommand::Create {
            name, owner_email, ..
        }) => {
            let id = crate::admin::create_store(
                storage.as_ref(),
                &name,
                &owner_email,
                &new_owner_password,
                clock.now_ms(),
            )
            .await?;
            writeln!(out, "{id}")?;
        }
        Command::Invite(InviteCommand::Create) => {
            let token = crate::admin::new_invite(
                storage.as_ref(),
                clock.now_ms(),
                config.web.invite_ttl_ms,
            )
            .await?;
            let base = config
                .web
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", cli.listen));
            writeln!(
                out,
                "{}{}?undangan={token}",
                base.trim_end_matches('/'),
                crate::web::paths::SIGNUP_PAGE
            )?;
        }
        Command::Owner(OwnerCommand::ResetPassword { email, .. }) => {
            crate::admin::reset_password(
                storage.as_ref(),
                &email,
                &new_owner_password,
                clock.now_ms(),
            )
            .await?;
            writeln!(out, "password set; every session of {email} is signed out")?;
        }
        Command::Store(StoreCommand::List { json }) => {
            let stores = storage.stores().await?;
            let text = if json {
                crate::store_list::json(&stores)
            } else {
                crate::store_list::table(&stores)
            };
            out.write_all(text.as_bytes())?;
        }
        Command::Store(StoreCommand::Books { store }) => {
            known_store(storage.as_ref(), store).await?;
            let books = crate::books::books(&storage.books(store).await?);
            let text = serde_json::to_string_pretty(&books).map_err(std::io::Error::other)?;
            writeln!(out, "{text}")?;
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

/// The owner password for `store create`: one line of stdin when asked, else
/// [`OWNER_PASSWORD_ENV`], else a prompt without echo (twice) when stdin is a terminal.
pub fn owner_password(from_stdin: bool) -> Result<String, CliError> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let password = line.strip_suffix('\n').unwrap_or(&line);
        let password = password.strip_suffix('\r').unwrap_or(password);
        if password.is_empty() {
            return Err(CliError::Usage(
                "--owner-password-stdin: stdin gave no password line".into(),
            ));
        }
        return Ok(password.to_string());
    }
    if let Ok(password) = std::env::var(OWNER_PASSWORD_ENV) {
        return Ok(password);
    }
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Owner password: ")?;
        let again = rpassword::prompt_password("Again: ")?;
        if first != again {
            return Err(CliError::Usage("the two passwords differ".into()));
        }
        return Ok(first);
    }
    Err(CliError::Usage(format!(
        "no owner password: set {OWNER_PASSWORD_ENV}, pass --owner-password-stdin and write it \
         to stdin, or run on a terminal to be asked"
    )))
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
