//! `laris people` as a headless till's user would run it: PINs from the environment, the
//! owner's PIN guarding owner-only commands, the person on duty on the sale.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{laris, ok};

fn with_env(db: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_laris"));
    cmd.arg("--db").arg(db).args(args).env_remove("LARIS_DB");
    for var in ["LARIS_PIN", "LARIS_NEW_PIN", "LARIS_OWNER_PIN"] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd.output().expect("laris runs")
}

fn refused(out: &Output, code: &str) {
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(code), "expected {code}: {err}");
}

#[test]
fn people_pins_and_the_owner_pin_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("till.db");
    let catalog = std::env::var_os("LARIS_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
        .join("catalog-warung.csv");
    ok(&laris(
        &db,
        &[
            "init",
            "--name",
            "Warung Bu Sri",
            "--device",
            "A",
            "--catalog",
            catalog.to_str().unwrap(),
        ],
    ));
    // Before anyone is set up, an adjustment needs no PIN.
    ok(&laris(
        &db,
        &["adjust", "W0001", "5", "--reason", "stok awal"],
    ));
    // The first person must be the owner.
    refused(
        &with_env(
            &db,
            &[("LARIS_NEW_PIN", "1357")],
            &["people", "add", "--name", "Dewi"],
        ),
        "owner",
    );
    ok(&with_env(
        &db,
        &[("LARIS_NEW_PIN", "4821")],
        &["people", "add", "--name", "Bu Sri", "--role", "owner"],
    ));
    refused(
        &with_env(
            &db,
            &[("LARIS_NEW_PIN", "1357")],
            &["people", "add", "--name", "Dewi"],
        ),
        "owner_approval_required",
    );
    refused(
        &with_env(
            &db,
            &[("LARIS_NEW_PIN", "1357"), ("LARIS_OWNER_PIN", "0000")],
            &["people", "add", "--name", "Dewi"],
        ),
        "wrong_pin",
    );
    ok(&with_env(
        &db,
        &[("LARIS_NEW_PIN", "1357"), ("LARIS_OWNER_PIN", "4821")],
        &["people", "add", "--name", "Dewi"],
    ));
    // Now an adjustment needs the owner's PIN.
    refused(
        &laris(&db, &["adjust", "W0001", "-1", "--reason", "rusak"]),
        "owner_approval_required",
    );
    ok(&with_env(
        &db,
        &[("LARIS_OWNER_PIN", "4821")],
        &["adjust", "W0001", "-1", "--reason", "rusak"],
    ));
    refused(
        &with_env(
            &db,
            &[("LARIS_PIN", "9999")],
            &["people", "login", "--name", "dewi"],
        ),
        "wrong_pin",
    );
    ok(&with_env(
        &db,
        &[("LARIS_PIN", "1357")],
        &["people", "login", "--name", "dewi"],
    ));
    let listed = ok(&laris(&db, &["people"]));
    assert!(
        listed.contains("Dewi") && listed.contains("(on duty)"),
        "{listed}"
    );
    let sale = ok(&laris(
        &db,
        &["--json", "sell", "--item", "W0001", "--pay", "cash:5000"],
    ));
    assert!(sale.contains("\"cashier\": \"Dewi\""), "{sale}");
    let audit = ok(&laris(&db, &["people", "audit"]));
    for action in ["stock_adjusted", "person_added", "duty_started"] {
        assert!(audit.contains(action), "{action} missing: {audit}");
    }
    assert!(!audit.contains("1357") && !audit.contains("4821"));
}
