//! `laris-bench`: runs one benchmark workload of `../shared/WORKLOADS.md` and prints its figures.
//!
//! `cargo run --release -p laris-bench -- <workload> [--json]`. Without `--json` it prints a
//! human-readable summary; with it, the last line of stdout is one JSON object. Progress goes to
//! stderr. Benchmarks print figures; nothing here asserts a timing.
//!
//! One module per workload (`ringup`, `search`, and the sync workloads `push`, `pull`, `flaky`,
//! `fanin`; `readers`, checkout beside a year's report; `receipt`, a receipt laid out, encoded and drawn; `app`, the release app in a real window), shared pieces in `data` (the shared data set), `catalog_gen`
//! (generated catalogs and barcodes), `stats` (percentiles), `disk` (the fsync floor), `machine`
//! (what we ran on), `report` (output, and the median of `--runs`), and for sync `server` (a
//! fresh laris-server and its database) and `device` (rung-up devices, pairing, timed requests).

mod app;
mod backoffice;
mod catalog_gen;
mod data;
mod device;
mod disk;
mod fanin;
mod flaky;
mod machine;
mod pull;
mod push;
mod readers;
mod receipt;
mod report;
mod ringup;
mod search;
mod server;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::report::Report;

#[derive(Debug, Parser)]
#[command(
    name = "laris-bench",
    about = "Laris benchmark workloads (see ../shared/WORKLOADS.md)"
)]
struct Cli {
    #[command(subcommand)]
    workload: Workload,
    /// Print one JSON object on the last line of stdout instead of a summary.
    #[arg(long, global = true)]
    json: bool,
    /// The shared data directory (default: ../shared/data next to the repository).
    #[arg(long, global = true, env = "LARIS_SHARED_DATA")]
    data: Option<PathBuf>,
    /// Where temporary databases go (default: $TMPDIR or /tmp). Keep it on the disk you measure.
    #[arg(long, global = true, env = "LARIS_BENCH_TMP")]
    tmp: Option<PathBuf>,
    /// Run the workload this many times (each from scratch) and report the per-key median;
    /// each run's own JSON line goes to stderr (default 1). `app` instead launches the app and
    /// the empty window this many times itself (default 5) and reports the median launch.
    #[arg(long, global = true, value_parser = clap::value_parser!(u32).range(1..))]
    runs: Option<u32>,
}

#[derive(Debug, Subcommand)]
enum Workload {
    /// Ring up sales of device A one at a time into a fresh on-disk database; measure the
    /// durable commit against this disk's fsync floor.
    Ringup(ringup::Args),
    /// Barcode, name-prefix and category queries against a 50,000-product catalog.
    Search(search::Args),
    /// Device A's 20,000 unsynced sales pushed by one sync to a fresh laris-server, through a
    /// byte-counting proxy.
    Push(push::Args),
    /// After a push, a fresh device B of the same store pulls everything.
    Pull(push::Args),
    /// 5,000 sales pushed through a proxy that cuts every connection after 200,000 bytes,
    /// until done; then what the server holds.
    Flaky(flaky::Args),
    /// 1,000 devices in one process push 50 sales each and pull, at once, to one server.
    Fanin(fanin::Args),
    /// Checkout p99 alone and while a one-year report runs in a loop on the same database,
    /// through laris-app as the window drives it.
    Readers(readers::Args),
    /// A 40-line receipt laid out and encoded as ESC/POS on 58 and 80 mm paper, and as a PNG.
    Receipt(receipt::Args),
    /// A year of sales from 5 tills (about 550,000): the back office's dashboard and sales
    /// list through HTTP, and its first load's compressed JS and CSS.
    Backoffice(backoffice::Args),
    /// The release app under Xvfb: binary size, launch to an interactive cashier screen, and
    /// the memory of all its processes after 100 sales, against an empty Tauri 2 window.
    App(app::Args),
}

/// Where the run found its inputs and puts its scratch files.
#[derive(Debug, Clone)]
pub struct Env {
    pub data_dir: PathBuf,
    pub tmp_dir: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let env = Env {
        data_dir: data::data_dir(cli.data.as_deref()),
        tmp_dir: cli.tmp.clone().unwrap_or_else(std::env::temp_dir),
    };
    if let Workload::App(args) = &cli.workload {
        return match app::run(&env, args, cli.runs.unwrap_or(app::DEFAULT_RUNS)) {
            Ok(report) => {
                report.print(cli.json);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("laris-bench: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let runs = cli.runs.unwrap_or(1);
    let mut reports = Vec::new();
    for run in 1..=runs {
        let outcome = match &cli.workload {
            Workload::Ringup(args) => ringup::run(&env, args),
            Workload::Search(args) => search::run(&env, args),
            Workload::Push(args) => push::run(&env, args),
            Workload::Pull(args) => pull::run(&env, args),
            Workload::Flaky(args) => flaky::run(&env, args),
            Workload::Fanin(args) => fanin::run(&env, args),
            Workload::Readers(args) => readers::run(&env, args),
            Workload::Receipt(args) => receipt::run(&env, args),
            Workload::Backoffice(args) => backoffice::run(&env, args),
            Workload::App(_) => unreachable!("handled above"),
        };
        match outcome {
            Ok(report) => {
                if runs > 1 {
                    eprintln!("run {run}: {}", report.to_json_line());
                }
                reports.push(report);
            }
            Err(e) => {
                eprintln!("laris-bench: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let report = if reports.len() == 1 {
        reports.remove(0)
    } else {
        Report::median(&reports)
    };
    report.print(cli.json);
    ExitCode::SUCCESS
}

/// Any failure of a run: the message says what was being done.
pub type BenchResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;
