//! The sync workloads at a small size, through the real `laris-bench` binary: they must keep
//! running end to end and their counts must add up (timings are printed, never asserted).
//! Reads ../shared/data; writes only to a temporary directory.

use std::process::Command;

use serde_json::Value;

/// Runs `laris-bench <args> --json` and returns its last stdout line as JSON.
fn bench(args: &[&str]) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_laris-bench"))
        .args(args)
        .arg("--json")
        .arg("--tmp")
        .arg(tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "laris-bench {args:?} failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {last}"))
}

fn u(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} missing or not a count: {v}"))
}

fn push_pull_flaky(backend: &[&str]) {
    let push = bench(&[&["push", "--sales", "300"], backend].concat());
    assert_eq!(u(&push, "sales"), 300);
    assert!(
        u(&push, "bytes_up") > 0 && u(&push, "bytes_down") > 0,
        "{push}"
    );

    let pull = bench(&[&["pull", "--sales", "300"], backend].concat());
    assert_eq!(u(&pull, "sales"), 300, "{pull}");

    let flaky = bench(
        &[
            &[
                "flaky",
                "--skip",
                "0",
                "--sales",
                "400",
                "--cut-after",
                "20000",
            ],
            backend,
        ]
        .concat(),
    );
    assert_eq!(flaky["completed"], Value::Bool(true), "{flaky}");
    assert_eq!(u(&flaky, "server_sales"), 400, "{flaky}");
    assert_eq!(
        (u(&flaky, "duplicates"), u(&flaky, "lost")),
        (0, 0),
        "{flaky}"
    );
}

fn fanin(backend: &[&str]) {
    let args = [
        "fanin",
        "--devices",
        "12",
        "--sales-per-device",
        "5",
        "--devices-per-store",
        "4",
    ];
    let r = bench(&[&args[..], backend].concat());
    assert_eq!(u(&r, "errors"), 0, "{r}");
    assert_eq!(u(&r, "server_sales"), 60, "{r}");
    assert_eq!(u(&r, "server_duplicates"), 0, "{r}");
    // Setup synced the catalogs: the timed round moves the sales only, up and down.
    assert_eq!(u(&r, "events_pushed"), 60, "{r}");
    assert!(u(&r, "sales_pulled") <= 12 * 3 * 5, "{r}");
}

#[test]
fn sync_workloads_on_sqlite() {
    push_pull_flaky(&[]);
    fanin(&[]);
}

#[test]
fn sync_workloads_on_postgres() {
    let Some(url) = laris_tests::postgres::admin_url() else {
        return;
    };
    push_pull_flaky(&["--postgres", &url]);
    fanin(&["--postgres", &url]);
}
