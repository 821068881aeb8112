//! A fresh `laris-server` for one sync workload: its database (SQLite in a scratch directory,
//! or a new PostgreSQL database created for the run and dropped after), the store and pairing
//! codes made through `laris_server::admin` before serving, and the server itself — the real
//! `laris-server` binary as a child process when it is built next to this one (so the bench
//! process's memory is the client's alone), else `laris_server::run` in this process.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use laris_server::storage::{self, Storage, StorageLocation};
use laris_server::{AppState, Clock, ServerConfig};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::{BenchResult, Env};

/// Every simulated device connects from 127.0.0.1: the server's cap of connections per
/// address (a shop's worth) is raised to its cap in all for the benches.
fn one_address_connections() -> usize {
    laris_server::HttpConfig::default().max_connections
}

/// The server database of one run.
#[derive(Debug)]
pub struct Db {
    pub location: StorageLocation,
    dir: tempfile::TempDir,
    /// (admin URL, database name) of a database this run created.
    pg: Option<(String, String)>,
}

impl Db {
    /// A fresh database: SQLite in a scratch directory, or with `postgres` (a URL whose user
    /// may create databases) a new database beside the one the URL names.
    pub async fn fresh(env: &Env, postgres: Option<&str>, tag: &str) -> BenchResult<Db> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("laris-bench-{tag}-"))
            .tempdir_in(&env.tmp_dir)
            .map_err(|e| format!("scratch dir in {}: {e}", env.tmp_dir.display()))?;
        let Some(admin_url) = postgres else {
            let location = StorageLocation::Sqlite(dir.path().join("server/laris-server.db"));
            return Ok(Db {
                location,
                dir,
                pg: None,
            });
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("laris_bench_{tag}_{}_{nanos}", std::process::id());
        pg_exec(admin_url, &format!("CREATE DATABASE {name}")).await?;
        let (base, _) = admin_url
            .split_once('?')
            .map_or((admin_url, ""), |(b, q)| (b, q));
        let (prefix, _) = base
            .rsplit_once('/')
            .ok_or_else(|| format!("{admin_url}: no database name"))?;
        Ok(Db {
            location: StorageLocation::Postgres(format!("{prefix}/{name}")),
            dir,
            pg: Some((admin_url.to_string(), name)),
        })
    }

    pub fn backend(&self) -> &'static str {
        match self.location {
            StorageLocation::Sqlite(_) => "sqlite",
            StorageLocation::Postgres(_) => "postgres",
        }
    }

    /// The scratch directory (device databases may go there too).
    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    pub async fn open(&self) -> BenchResult<Arc<dyn Storage>> {
        Ok(storage::open(&self.location).await?)
    }

    /// Sales the server holds (all stores), and how many distinct (device, receipt) among them.
    pub async fn count_sales(&self) -> BenchResult<(u64, u64)> {
        const SQL: &str = "SELECT (SELECT count(*) FROM sales), \
             (SELECT count(*) FROM (SELECT DISTINCT device_id, receipt_no FROM sales) d)";
        match &self.location {
            StorageLocation::Sqlite(path) => {
                let conn = rusqlite::Connection::open_with_flags(
                    path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )?;
                let (n, d): (i64, i64) = conn.query_row(SQL, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok((n as u64, d as u64))
            }
            StorageLocation::Postgres(url) => {
                let client = pg_connect(url).await?;
                let row = client.query_one(SQL, &[]).await?;
                let (n, d): (i64, i64) = (row.get(0), row.get(1));
                Ok((n as u64, d as u64))
            }
        }
    }

    /// Drops the PostgreSQL database this run created (the scratch directory goes with `self`).
    pub async fn drop_database(self) -> BenchResult<()> {
        if let Some((admin_url, name)) = &self.pg {
            pg_exec(
                admin_url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await?;
        }
        Ok(())
    }
}

async fn pg_connect(url: &str) -> BenchResult<tokio_postgres::Client> {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .map_err(|e| format!("postgres {}: {e}", url.split('@').next_back().unwrap_or("")))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(client)
}

async fn pg_exec(url: &str, sql: &str) -> BenchResult<()> {
    let client = pg_connect(url).await?;
    client
        .batch_execute(sql)
        .await
        .map_err(|e| format!("{sql}: {e}"))?;
    Ok(())
}

/// Creates a store with its owner; returns its id.
pub async fn create_store(storage: &dyn Storage, n: usize) -> BenchResult<Uuid> {
    let now = Clock::system().now_ms();
    Ok(laris_server::admin::create_store(
        storage,
        &format!("Warung Bench {n}"),
        &format!("owner{n}@bench.example"),
        "bench-password",
        now,
    )
    .await?)
}

/// A single-use pairing code for `store`, valid for an hour.
pub async fn pairing_code(storage: &dyn Storage, store: Uuid) -> BenchResult<String> {
    let now = Clock::system().now_ms();
    let code = laris_server::admin::new_pairing_code(storage, store, now, 3_600_000).await?;
    Ok(code.code)
}

/// A running server.
#[derive(Debug)]
pub struct Server {
    pub addr: SocketAddr,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Child(Child),
    InProcess {
        stop: oneshot::Sender<()>,
        task: JoinHandle<std::io::Result<()>>,
    },
}

impl Server {
    /// Serves `db` on 127.0.0.1 (a free port): the `laris-server` binary next to this
    /// executable if there is one, else in this process.
    pub async fn start(db: &Db) -> BenchResult<Server> {
        let binary = std::env::current_exe()?.with_file_name("laris-server");
        if binary.is_file() {
            return Self::spawn(&binary, db);
        }
        eprintln!(
            "server: {} not built; serving in-process (client RSS then includes the server)",
            binary.display()
        );
        let storage = db.open().await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let mut config = ServerConfig::default();
        config.http.max_connections_per_source = one_address_connections();
        let state = AppState::new(storage, Clock::system(), config);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(laris_server::run(listener, state, async {
            let _ = stopped.await;
        }));
        Ok(Server {
            addr,
            kind: Kind::InProcess { stop, task },
        })
    }

    fn spawn(binary: &std::path::Path, db: &Db) -> BenchResult<Server> {
        let mut cmd = Command::new(binary);
        cmd.args(["--listen", "127.0.0.1:0"]);
        match &db.location {
            StorageLocation::Sqlite(path) => {
                let dir = path.parent().ok_or("sqlite path without a directory")?;
                cmd.arg("--data-dir").arg(dir);
            }
            StorageLocation::Postgres(url) => {
                cmd.env("LARIS_DATABASE_URL", url);
            }
        }
        cmd.env("LARIS_LOG", "warn")
            .env(
                "LARIS_SERVER_MAX_CONNECTIONS_PER_SOURCE",
                one_address_connections().to_string(),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("{}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(addr) = line.trim().strip_prefix("listening on http://") else {
            let _ = child.kill();
            return Err(format!("laris-server said {line:?} instead of its address").into());
        };
        let addr: SocketAddr = addr.parse()?;
        Ok(Server {
            addr,
            kind: Kind::Child(child),
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// "process" (the real binary, a child) or "in-process".
    pub fn mode(&self) -> &'static str {
        match self.kind {
            Kind::Child(_) => "process",
            Kind::InProcess { .. } => "in-process",
        }
    }

    /// The child server's peak resident memory so far (MB), if it is a child.
    pub fn peak_rss_mb(&self) -> Option<f64> {
        match &self.kind {
            Kind::Child(c) => status_kb(&format!("/proc/{}/status", c.id()), "VmHWM:")
                .map(|kb| crate::stats::round1(kb as f64 / 1024.0)),
            Kind::InProcess { .. } => None,
        }
    }

    /// CPU seconds (user + system) the child server has used so far; None in-process.
    pub fn cpu_s(&self) -> Option<f64> {
        match &self.kind {
            Kind::Child(c) => cpu_s_of(&format!("/proc/{}/stat", c.id())),
            Kind::InProcess { .. } => None,
        }
    }

    /// Stops the server gracefully (SIGTERM to a child) and waits for it.
    pub async fn stop(self) -> BenchResult<()> {
        match self.kind {
            Kind::Child(mut child) => {
                let pid = child.id().to_string();
                let _ = Command::new("kill").args(["-TERM", &pid]).status();
                tokio::task::spawn_blocking(move || child.wait()).await??;
            }
            Kind::InProcess { stop, task } => {
                let _ = stop.send(());
                task.await??;
            }
        }
        Ok(())
    }
}

/// A `VmHWM:`-style field of a /proc status file, in kB.
pub fn status_kb(path: &str, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resets this process's peak RSS (VmHWM) to its current RSS (Linux: `5` to clear_refs);
/// false if the kernel refused.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// This process's peak RSS in MB since start or since [`reset_peak_rss`].
pub fn peak_rss_mb() -> f64 {
    status_kb("/proc/self/status", "VmHWM:")
        .map_or(0.0, |kb| crate::stats::round1(kb as f64 / 1024.0))
}

pub fn rss_mb() -> f64 {
    status_kb("/proc/self/status", "VmRSS:")
        .map_or(0.0, |kb| crate::stats::round1(kb as f64 / 1024.0))
}

/// User + system CPU seconds of a process from its /proc stat file (fields 14 and 15, in
/// clock ticks of 1/100 s, as on Linux by default).
pub fn cpu_s_of(path: &str) -> Option<f64> {
    let text = std::fs::read_to_string(path).ok()?;
    // The command name (field 2) may hold spaces; fields after it follow the last ')'.
    let rest = text.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// CPU seconds this process has used so far.
pub fn own_cpu_s() -> f64 {
    cpu_s_of("/proc/self/stat").unwrap_or(0.0)
}

/// CPU seconds used so far by every process named `postgres` (the local PostgreSQL's
/// backends and helpers), by pid: the database's share of a run is the difference between two
/// readings ([`cpu_since`]).
pub fn postgres_cpu_by_pid() -> std::collections::HashMap<u32, f64> {
    let mut out = std::collections::HashMap::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim_end() == "postgres"
            && let Some(cpu) = cpu_s_of(&format!("/proc/{pid}/stat"))
        {
            out.insert(pid, cpu);
        }
    }
    out
}

/// CPU seconds the processes of `before` (and any started since) used between the two
/// readings; a process that ended in between is not counted.
pub fn cpu_since(
    before: &std::collections::HashMap<u32, f64>,
    after: &std::collections::HashMap<u32, f64>,
) -> f64 {
    after
        .iter()
        .map(|(pid, cpu)| cpu - before.get(pid).copied().unwrap_or(0.0))
        .sum()
}
