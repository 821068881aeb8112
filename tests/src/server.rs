//! A real `laris-server` in a child process, on SQLite or PostgreSQL, that a test can kill
//! with SIGKILL and start again on the same data.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use uuid::Uuid;

/// Where a server keeps its data.
#[derive(Debug)]
pub enum Backend {
    Sqlite(tempfile::TempDir),
    Postgres(crate::postgres::TestDatabase),
}

impl Backend {
    pub fn sqlite() -> Backend {
        Backend::Sqlite(tempfile::tempdir().expect("temp dir for the server"))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    fn args(&self) -> Vec<String> {
        match self {
            Backend::Sqlite(dir) => vec!["--data-dir".into(), dir.path().display().to_string()],
            Backend::Postgres(db) => vec!["--database-url".into(), db.url().to_string()],
        }
    }

    /// The SQLite file, for backup/restore tests.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        match self {
            Backend::Sqlite(dir) => Some(dir.path().join("laris-server.db")),
            Backend::Postgres(_) => None,
        }
    }
}

/// A running server process.
#[derive(Debug)]
pub struct ServerProcess {
    binary: PathBuf,
    args: Vec<String>,
    child: Option<Child>,
    addr: SocketAddr,
}

impl ServerProcess {
    /// Starts the server binary `binary` (the tests' `e2e_server`) on a free loopback port.
    pub fn start(binary: &Path, backend: &Backend) -> ServerProcess {
        let args = backend.args();
        let (child, addr) = spawn(binary, &args);
        ServerProcess {
            binary: binary.to_path_buf(),
            args,
            child: Some(child),
            addr,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// SIGKILL: no shutdown, no flush; what was committed is all that survives.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same data (on a new port: point the proxy at it).
    pub fn restart(&mut self) {
        self.kill();
        let (child, addr) = spawn(&self.binary, &self.args);
        self.child = Some(child);
        self.addr = addr;
    }

    /// Starts the server again on the same data and the same address (a paired till keeps
    /// the address it paired with). Retries while the old socket is still being released.
    pub fn restart_same_port(&mut self) {
        self.kill();
        let listen = self.addr.to_string();
        for attempt in 0.. {
            match try_spawn(&self.binary, &self.args, &listen) {
                Some((child, addr)) => {
                    self.child = Some(child);
                    self.addr = addr;
                    return;
                }
                None if attempt < 50 => std::thread::sleep(std::time::Duration::from_millis(100)),
                None => panic!("laris-server could not listen on {listen} again"),
            }
        }
    }

    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// Runs an admin subcommand on the same data and returns its stdout.
    pub fn admin(&self, args: &[&str]) -> String {
        self.admin_with(args, &[])
    }

    /// [`Self::admin`] with extra environment variables (secrets never go in arguments).
    pub fn admin_with(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = Command::new(&self.binary)
            .args(&self.args)
            .args(args)
            .env("LARIS_LOG", "warn")
            .envs(env.iter().copied())
            .output()
            .expect("run laris-server admin");
        assert!(
            out.status.success(),
            "laris-server {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Creates a store with an owner; returns its id.
    pub fn create_store(&self, name: &str) -> Uuid {
        let email = format!("owner-{}@example.test", Uuid::now_v7().simple());
        let out = self.admin_with(
            &["store", "create", "--name", name, "--owner-email", &email],
            &[("LARIS_OWNER_PASSWORD", "rahasia-sekali")],
        );
        first_uuid(&out).unwrap_or_else(|| panic!("no store id in {out:?}"))
    }

    pub fn pairing_code(&self, store: Uuid) -> String {
        let out = self.admin(&["pairing-code", "--store", &store.to_string()]);
        out.split_whitespace()
            .last()
            .unwrap_or_else(|| panic!("no pairing code in {out:?}"))
            .to_string()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

fn spawn(binary: &Path, args: &[String]) -> (Child, SocketAddr) {
    try_spawn(binary, args, "127.0.0.1:0").expect("laris-server exited before listening")
}

/// The child and its address, or None if it exited before listening.
fn try_spawn(binary: &Path, args: &[String], listen: &str) -> Option<(Child, SocketAddr)> {
    let mut child = Command::new(binary)
        .args(args)
        .args(["--listen", listen])
        .env("LARIS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start laris-server");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    break rest.trim().parse().expect("a socket address");
                }
            }
            _ => {
                let _ = child.wait();
                return None;
            }
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Some((child, addr))
}

fn first_uuid(text: &str) -> Option<Uuid> {
    text.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .find_map(|w| Uuid::parse_str(w).ok())
}
