//! `app`: the release app in a real window (under Xvfb, driven through tauri-driver and
//! WebKitWebDriver with `laris-webdriver`).
//!
//! - `binary_mb`: the size of the app binary as built (MiB).
//! - `start_ms`: from the moment the `laris-desktop` process starts (its start time in
//!   /proc/PID/stat, field 22, against /proc/uptime: both on the boot clock, 10 ms ticks)
//!   until the cashier screen is interactive: `[data-testid="scan-input"]` exists, is enabled
//!   and has the focus (polled through WebDriver). Median of `--runs` launches (default 5),
//!   each with a fresh database and fresh WebKit storage; each launch's figure is in
//!   `start_ms_runs`.
//! - `rss_mb`: after ringing up `--sales` (100) sales through the window (scan a barcode,
//!   Enter, pay, exact cash, confirm, new sale), the sum of VmRSS of the app process and all
//!   its descendants (WebKitWebProcess, WebKitNetworkProcess, ...). tauri-driver and
//!   WebKitWebDriver are not the app's descendants and are not counted.
//! - `empty_window_rss_mb`: the same sum for `laris-empty-window` (one Tauri 2 window, a
//!   static page) once its page has loaded; median of `--runs` launches.
//!
//! RSS counts shared pages (libwebkit2gtk, GTK) once per process that maps them; `pss_mb`
//! (proportional set size from smaps_rollup) divides them among the processes instead. Both
//! are given for the app and the empty window.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use laris_core::{DeviceStore, RandomIds, ShopSetup, ShopTimeZone, SystemClock};
use laris_webdriver::{ENTER, Session, TauriDriver, tauri_driver_binary};
use serde_json::Value;

use crate::report::Report;
use crate::stats::{round1, round2};
use crate::{BenchResult, Env, machine};

/// Indomie Goreng 85g (SKU W0001, Rp 3.500) in the shared warung catalog.
const BARCODE: &str = "2000000000015";
const SKU: &str = "W0001";
const SCAN_INPUT: &str = r#"[data-testid="scan-input"]"#;
/// The empty window's page: `bench/empty-window/dist/index.html`.
const EMPTY_READY: &str = "#ready";

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The release app (default: target/release/laris-desktop of this workspace).
    #[arg(long)]
    pub app: Option<PathBuf>,
    /// The empty Tauri 2 window (default: target/release/laris-empty-window).
    #[arg(long)]
    pub empty_window: Option<PathBuf>,
    /// Sales rung up through the window before the app's memory is read.
    #[arg(long, default_value_t = 100)]
    pub sales: usize,
    /// Seconds to wait after the last sale (or the empty window's page) before reading memory.
    #[arg(long, default_value_t = 2)]
    pub settle_s: u64,
}

/// Launches for `start_ms` and the empty window when `--runs` is not given.
pub const DEFAULT_RUNS: u32 = 5;

fn release_binary(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/release")
        .join(name)
}

fn css(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

pub fn run(env: &Env, args: &Args, runs: u32) -> BenchResult<Report> {
    let app = args
        .app
        .clone()
        .unwrap_or_else(|| release_binary("laris-desktop"));
    let empty = args
        .empty_window
        .clone()
        .unwrap_or_else(|| release_binary("laris-empty-window"));
    let app = existing(
        &app,
        "the app (cd ui && npm ci && npm run build; then cargo build --release -p laris-desktop)",
    )?;
    let empty = existing(
        &empty,
        "the empty window (cargo build --release -p laris-empty-window)",
    )?;
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        return Err(
            "DISPLAY is unset: start Xvfb first (Xvfb :99 -screen 0 1280x800x24 & \
                    export DISPLAY=:99)"
                .into(),
        );
    }
    let driver = tauri_driver_binary().ok_or(
        "tauri-driver not found (cargo install tauri-driver --locked, or LARIS_TAURI_DRIVER)",
    )?;
    if !on_path("WebKitWebDriver") {
        return Err("WebKitWebDriver is not on PATH (apt-get install webkit2gtk-driver)".into());
    }
    let catalog = std::fs::read(env.data_dir.join("catalog-warung.csv"))
        .map_err(|e| format!("{}: {e}", env.data_dir.join("catalog-warung.csv").display()))?;

    let mut r = Report::new("app");
    let bytes = std::fs::metadata(&app)?.len();
    r.set("binary_mb", round1(bytes as f64 / MIB));
    r.set("binary_bytes", bytes);
    if let Some(stripped) = stripped_size(env, &app) {
        r.set("binary_stripped_mb", round1(stripped as f64 / MIB));
    }
    let empty_bytes = std::fs::metadata(&empty)?.len();
    r.set("empty_window_binary_mb", round1(empty_bytes as f64 / MIB));

    // Launch 1 rings up the sales; every launch gives a start figure.
    let mut starts = Vec::new();
    let mut rss_start = Vec::new();
    let mut procs_start = Vec::new();
    let mut sales_report = None;
    for i in 1..=runs {
        let ring_up = if i == 1 { args.sales } else { 0 };
        let l = launch_app(env, &driver, &app, &catalog, ring_up, args.settle_s)?;
        eprintln!(
            "app: launch {i}/{runs}: start {} ms, rss at start {:.1} MB{}",
            l.start_ms,
            l.rss_start.rss_mb(),
            l.after_sales
                .as_ref()
                .map(|a| format!(
                    ", after {} sales {:.1} MB ({} processes)",
                    a.sales,
                    a.mem.rss_mb(),
                    a.mem.processes.len()
                ))
                .unwrap_or_default()
        );
        starts.push(l.start_ms);
        rss_start.push(l.rss_start.rss_mb());
        if let Some(a) = l.after_sales {
            // The same launch's memory before its sales, to see what the sales added.
            procs_start = l.rss_start.describe();
            sales_report = Some(a);
        }
    }
    let mut empty_rss = Vec::new();
    let mut empty_pss = Vec::new();
    let mut empty_starts = Vec::new();
    let mut empty_procs = Vec::new();
    for i in 1..=runs {
        let l = launch_empty(env, &driver, &empty, args.settle_s)?;
        eprintln!(
            "app: empty window {i}/{runs}: page in {} ms, rss {:.1} MB ({} processes)",
            l.start_ms,
            l.mem.rss_mb(),
            l.mem.processes.len()
        );
        empty_starts.push(l.start_ms);
        empty_rss.push(l.mem.rss_mb());
        empty_pss.push(l.mem.pss_mb());
        empty_procs = l.mem.describe();
    }
    let sales = sales_report.ok_or("no launch rang up the sales")?;

    let start_ms = median(&starts);
    let rss_mb = round1(sales.mem.rss_mb());
    let empty_rss_mb = round1(median(&empty_rss));
    r.set("start_ms", start_ms);
    r.set("rss_mb", rss_mb);
    r.set("empty_window_rss_mb", empty_rss_mb);
    r.set("sales", sales.sales);
    r.set("sales_in_db", sales.sales_in_db);
    r.set("runs", runs);
    r.set("start_ms_runs", starts.clone());
    r.set("rss_over_empty", round2(rss_mb / empty_rss_mb));
    r.set("pss_mb", round1(sales.mem.pss_mb()));
    r.set("empty_window_pss_mb", round1(median(&empty_pss)));
    r.set("rss_at_start_mb", round1(median(&rss_start)));
    r.set(
        "rss_at_start_mb_runs",
        rss_start.iter().map(|v| round1(*v)).collect::<Vec<_>>(),
    );
    r.set("sales_s", round1(sales.wall_s));
    r.set("rss_mb_every_25_sales", sales.rss_every_25.clone());
    r.set("processes", Value::from(sales.mem.describe()));
    r.set("processes_at_start", Value::from(procs_start));
    r.set("empty_window_processes", Value::from(empty_procs));
    r.set(
        "empty_window_rss_mb_runs",
        empty_rss.iter().map(|v| round1(*v)).collect::<Vec<_>>(),
    );
    r.set("empty_window_start_ms", median(&empty_starts));
    r.set("start_ok", start_ms < 1500.0);
    r.set("rss_ok", rss_mb <= 1.25 * empty_rss_mb);
    r.set("binary_ok", (bytes as f64) < 20.0 * MB);
    r.set("loadavg", crate::device::loadavg());
    r.extend(machine::fields(&env.tmp_dir));
    r.note(format!(
        "start_ms: process start (/proc stat) to a focused, enabled scan input; median of {runs} \
         launches. rss_mb: VmRSS of the app and its descendants after {} sales through the \
         window; empty_window_rss_mb the same for laris-empty-window. Targets: start < 1500 ms, \
         rss <= 1.25 x empty window, binary < 20 MB.",
        sales.sales
    ));
    Ok(r)
}

const MIB: f64 = 1024.0 * 1024.0;
const MB: f64 = 1_000_000.0;

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s.get(s.len() / 2).copied().unwrap_or(0.0)
}

fn existing(path: &Path, what: &str) -> BenchResult<PathBuf> {
    if !path.is_file() {
        return Err(format!(
            "{} not found: build {what}, or pass its path",
            path.display()
        )
        .into());
    }
    Ok(std::fs::canonicalize(path)?)
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).exists()))
}

/// The binary's size without symbols and line tables (`strip` on a copy), if `strip` runs.
fn stripped_size(env: &Env, binary: &Path) -> Option<u64> {
    let dir = tempfile::Builder::new()
        .prefix("laris-bench-strip-")
        .tempdir_in(&env.tmp_dir)
        .ok()?;
    let copy = dir.path().join("app");
    std::fs::copy(binary, &copy).ok()?;
    let ok = std::process::Command::new("strip")
        .arg(&copy)
        .status()
        .ok()?
        .success();
    ok.then(|| std::fs::metadata(&copy).ok().map(|m| m.len()))
        .flatten()
}

/// A fresh scratch directory with a prepared device database and empty XDG directories,
/// and the environment the app gets.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new(env: &Env) -> BenchResult<Scratch> {
        let dir = tempfile::Builder::new()
            .prefix("laris-bench-app-")
            .tempdir_in(&env.tmp_dir)?;
        Ok(Scratch { dir })
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("till.db")
    }

    fn envs(&self, with_db: bool) -> Vec<(&'static str, String)> {
        let p = |s: &str| self.dir.path().join(s).display().to_string();
        let mut v = vec![
            ("XDG_DATA_HOME", p("xdg-data")),
            ("XDG_CACHE_HOME", p("xdg-cache")),
            ("XDG_CONFIG_HOME", p("xdg-config")),
        ];
        if with_db {
            v.push(("LARIS_DB", self.db().display().to_string()));
        }
        v
    }
}

/// A shop as after `laris init` (device code A) and `laris import` of the warung catalog.
fn prepare_shop(db: &Path, catalog: &[u8]) -> BenchResult<()> {
    let mut store = DeviceStore::open(db, Arc::new(SystemClock), Arc::new(RandomIds))?;
    store.init_shop(&ShopSetup {
        name: "Warung Bu Sri".into(),
        device_code: "A".into(),
        timezone: ShopTimeZone::Wib,
    })?;
    store.import_catalog_csv(catalog)?;
    Ok(())
}

struct AppLaunch {
    start_ms: f64,
    rss_start: Memory,
    after_sales: Option<AfterSales>,
}

struct AfterSales {
    sales: usize,
    sales_in_db: i64,
    wall_s: f64,
    mem: Memory,
    /// The tree's RSS after every 25th sale (no settling pause).
    rss_every_25: Vec<f64>,
}

fn launch_app(
    env: &Env,
    driver_bin: &Path,
    app: &Path,
    catalog: &[u8],
    sales: usize,
    settle_s: u64,
) -> BenchResult<AppLaunch> {
    let scratch = Scratch::new(env)?;
    prepare_shop(&scratch.db(), catalog)?;
    let driver = TauriDriver::start(driver_bin, &scratch.envs(true));
    let mut s = driver.session(app);
    s.failure_shots = Some(env.tmp_dir.join("laris-bench-app-failure"));
    let pid = find_launched(app)?;
    let started = process_start_s(pid)?;
    let interactive = wait_interactive(&s, 60)?;
    let start_ms = ((interactive - started) * 1000.0).round();
    std::thread::sleep(Duration::from_secs(settle_s));
    let rss_start = Memory::of_tree(pid);
    let after_sales = if sales > 0 {
        let t = Instant::now();
        let mut steps = Vec::new();
        for i in 0..sales {
            ring_up_exact(&s);
            if (i + 1) % 25 == 0 {
                let mem = Memory::of_tree(pid);
                eprintln!(
                    "app: {} sales rung up; rss {:.1} MB ({})",
                    i + 1,
                    mem.rss_mb(),
                    mem.describe().join(", ")
                );
                steps.push(round1(mem.rss_mb()));
            }
        }
        let wall_s = t.elapsed().as_secs_f64();
        std::thread::sleep(Duration::from_secs(settle_s));
        let mem = Memory::of_tree(pid);
        Some((wall_s, mem, steps))
    } else {
        None
    };
    s.quit();
    drop(driver);
    let after_sales = match after_sales {
        Some((wall_s, mem, rss_every_25)) => Some(AfterSales {
            sales,
            sales_in_db: count_sales(&scratch.db())?,
            wall_s,
            mem,
            rss_every_25,
        }),
        None => None,
    };
    Ok(AppLaunch {
        start_ms,
        rss_start,
        after_sales,
    })
}

struct EmptyLaunch {
    start_ms: f64,
    mem: Memory,
}

fn launch_empty(
    env: &Env,
    driver_bin: &Path,
    empty: &Path,
    settle_s: u64,
) -> BenchResult<EmptyLaunch> {
    let scratch = Scratch::new(env)?;
    let driver = TauriDriver::start(driver_bin, &scratch.envs(false));
    let s = driver.session(empty);
    let pid = find_launched(empty)?;
    let started = process_start_s(pid)?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.find(EMPTY_READY).is_none() {
        if Instant::now() > deadline {
            return Err("the empty window's page never showed #ready".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let loaded = uptime_s()?;
    std::thread::sleep(Duration::from_secs(settle_s));
    let mem = Memory::of_tree(pid);
    s.quit();
    drop(driver);
    Ok(EmptyLaunch {
        start_ms: ((loaded - started) * 1000.0).round(),
        mem,
    })
}

/// Polls until the scan input exists, is enabled and has the focus; the boot-clock time then.
fn wait_interactive(s: &Session, secs: u64) -> BenchResult<f64> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let script = format!(
        "const e = document.querySelector('{SCAN_INPUT}'); \
         return !!e && !e.disabled && document.activeElement === e;"
    );
    loop {
        // find() answers None (no panic) while the page is still loading.
        if s.find(SCAN_INPUT).is_some() && s.execute(&script).as_bool() == Some(true) {
            return uptime_s();
        }
        if Instant::now() > deadline {
            return Err(format!("the cashier screen was not interactive after {secs} s").into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Scans the product, pays with the exact amount, starts a new sale (a step that does not
/// happen in time panics, with a screenshot in the scratch directory's
/// `laris-bench-app-failure/`).
fn ring_up_exact(s: &Session) {
    let input = s.wait_for(SCAN_INPUT, 20);
    s.type_into(&input, &format!("{BARCODE}{ENTER}"));
    s.wait_for(&format!("{}[data-sku=\"{SKU}\"]", css("cart-line")), 10);
    s.click_on(&css("pay-button"));
    s.click_on(&css("quick-cash-exact"));
    s.click_on(&css("confirm-pay"));
    s.wait_for(&css("receipt-view"), 10);
    s.wait_until("a receipt number", 10, || {
        Some(s.text_of(&css("receipt-no"))).filter(|r| r.starts_with("A-"))
    });
    s.click_on(&css("new-sale"));
}

fn count_sales(db: &Path) -> BenchResult<i64> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row("SELECT count(*) FROM sales", [], |r| r.get(0))?)
}

/// One line of /proc/PID/stat, split after the command name.
struct Stat {
    pid: u32,
    ppid: u32,
    comm: String,
    /// Field 22: start time in clock ticks after boot.
    starttime: u64,
}

fn read_stat(pid: u32) -> Option<Stat> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (head, rest) = text.rsplit_once(')')?;
    let comm = head.split_once('(')?.1.to_string();
    let f: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state): ppid is field 4, starttime field 22.
    Some(Stat {
        pid,
        ppid: f.get(1)?.parse().ok()?,
        comm,
        starttime: f.get(19)?.parse().ok()?,
    })
}

fn all_stats() -> Vec<Stat> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(read_stat)
        .collect()
}

/// `root` and every process below it.
fn descendants(root: u32, stats: &[Stat]) -> Vec<u32> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(stats.iter().filter(|s| s.ppid == parent).map(|s| s.pid));
        i += 1;
    }
    out
}

/// The process running `binary` that this bench launched (through tauri-driver and
/// WebKitWebDriver, so a descendant of this process); others' copies of the app are ignored.
fn find_launched(binary: &Path) -> BenchResult<u32> {
    let me = std::process::id();
    let name: String = binary
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(15).collect())
        .unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let stats = all_stats();
        let mine = descendants(me, &stats);
        let found = mine.iter().copied().find(|&pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary)
        });
        let found = found.or_else(|| {
            stats
                .iter()
                .find(|s| s.comm == name && mine.contains(&s.pid))
                .map(|s| s.pid)
        });
        if let Some(pid) = found {
            return Ok(pid);
        }
        if Instant::now() > deadline {
            return Err(format!("no {} process below this one", binary.display()).into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Seconds since boot (CLOCK_BOOTTIME, as /proc/uptime gives it, 10 ms resolution).
fn uptime_s() -> BenchResult<f64> {
    let text = std::fs::read_to_string("/proc/uptime")?;
    let first = text.split_whitespace().next().ok_or("empty /proc/uptime")?;
    Ok(first.parse()?)
}

/// When the process started, in seconds since boot (field 22 of its stat, at 100 ticks/s:
/// Linux's USER_HZ).
fn process_start_s(pid: u32) -> BenchResult<f64> {
    let stat = read_stat(pid).ok_or_else(|| format!("process {pid} is gone"))?;
    Ok(stat.starttime as f64 / 100.0)
}

/// Memory of a process tree, per process.
struct Memory {
    processes: Vec<ProcMem>,
}

struct ProcMem {
    comm: String,
    rss_kb: u64,
    pss_kb: u64,
}

impl Memory {
    fn of_tree(root: u32) -> Memory {
        let stats = all_stats();
        let processes = descendants(root, &stats)
            .into_iter()
            .filter_map(|pid| {
                let comm = stats.iter().find(|s| s.pid == pid)?.comm.clone();
                let rss_kb = crate::server::status_kb(&format!("/proc/{pid}/status"), "VmRSS:")?;
                let pss_kb = crate::server::status_kb(&format!("/proc/{pid}/smaps_rollup"), "Pss:")
                    .unwrap_or(0);
                Some(ProcMem {
                    comm,
                    rss_kb,
                    pss_kb,
                })
            })
            .collect();
        Memory { processes }
    }

    fn rss_mb(&self) -> f64 {
        self.processes.iter().map(|p| p.rss_kb).sum::<u64>() as f64 / 1024.0
    }

    fn pss_mb(&self) -> f64 {
        self.processes.iter().map(|p| p.pss_kb).sum::<u64>() as f64 / 1024.0
    }

    /// "name rss/pss MB" per process, for the report.
    fn describe(&self) -> Vec<String> {
        self.processes
            .iter()
            .map(|p| {
                format!(
                    "{} {:.1}/{:.1}",
                    p.comm,
                    p.rss_kb as f64 / 1024.0,
                    p.pss_kb as f64 / 1024.0
                )
            })
            .collect()
    }
}
