//! What a real-window test needs: a display, `tauri-driver`, Debian's `WebKitWebDriver` and
//! the built app. Under `CI=true` a missing one fails the test; elsewhere the test is skipped
//! with the reason.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use laris_core::{DeviceStore, RandomIds, SystemClock};
use laris_webdriver::{Session, tauri_driver_binary};

/// The tools a real-window test uses.
#[derive(Debug)]
pub struct WindowTools {
    pub tauri_driver: PathBuf,
    /// The built `laris-desktop` binary.
    pub app: PathBuf,
}

/// `LARIS_APP_BINARY`, else `laris-desktop` beside the test binary's `deps/` directory (the
/// workspace's own target directory, built by `cargo build -p laris-desktop`).
fn app_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LARIS_APP_BINARY") {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    Some(profile_dir.join("laris-desktop")).filter(|p| p.exists())
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).exists()))
}

/// The tools, or None (with the reason printed) when this machine cannot run the window.
pub fn window_tools() -> Option<WindowTools> {
    let mut missing = Vec::new();
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        missing.push("a display (DISPLAY is unset; scripts/test starts Xvfb)".to_string());
    }
    if !on_path("WebKitWebDriver") {
        missing.push("WebKitWebDriver (apt-get install webkit2gtk-driver)".to_string());
    }
    let tauri_driver = tauri_driver_binary();
    if tauri_driver.is_none() {
        missing.push("tauri-driver (cargo install tauri-driver --locked)".to_string());
    }
    let app = app_binary();
    if app.is_none() {
        missing
            .push("the app binary (cargo build -p laris-desktop, after building ui/)".to_string());
    }
    if missing.is_empty() {
        return Some(WindowTools {
            tauri_driver: tauri_driver?,
            app: app?,
        });
    }
    let reason = missing.join("; ");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the real-window tests cannot run: missing {reason}"
    );
    eprintln!("skipping the real-window test: missing {reason}");
    None
}

/// The CSS selector of an element by its `data-testid`.
pub fn css(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

/// The app's environment for a test: its database and a window storage (WebKit's
/// localStorage, caches) of its own under `tmp`, so every run starts empty.
pub fn app_env(db: &Path, tmp: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("LARIS_DB", db.display().to_string()),
        ("XDG_DATA_HOME", tmp.join("xdg-data").display().to_string()),
        (
            "XDG_CACHE_HOME",
            tmp.join("xdg-cache").display().to_string(),
        ),
        (
            "XDG_CONFIG_HOME",
            tmp.join("xdg-config").display().to_string(),
        ),
    ]
}

/// Where a window test saves its screenshots: `LARIS_SCREENSHOTS` (the README's pictures come
/// from such a run), else a folder in the test's temp dir.
pub fn screenshots_dir(tmp: &Path) -> PathBuf {
    std::env::var_os("LARIS_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.join("screenshots"))
}

// What the window tests read and wait for.

/// Rupiah as the window writes them: "Rp 105.500".
pub fn rp(amount: i64) -> String {
    laris_core::format_rupiah(amount)
}

/// The same without "Rp ", as typed into a money field: "105.500".
pub fn typed(amount: i64) -> String {
    rp(amount).trim_start_matches("Rp ").to_string()
}

/// The live `value` of an input or select (WebDriver's attribute call gives the markup's).
pub fn value_of(s: &Session, testid: &str) -> String {
    s.execute(&format!(
        "const e = document.querySelector('[data-testid=\"{testid}\"]'); return e ? e.value : null;"
    ))
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Waits until the element's text is exactly `want` (a failure says what it read).
pub fn wait_text(s: &Session, selector: &str, want: &str) -> String {
    wait_text_by(s, selector, want, |got| got.trim() == want)
}

/// Waits until the element's text contains `want`; returns it.
pub fn wait_text_containing(s: &Session, selector: &str, want: &str) -> String {
    wait_text_by(s, selector, want, |got| got.contains(want))
}

pub fn wait_text_by(s: &Session, selector: &str, want: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = s.text_of(selector);
        if ok(&got) {
            return got;
        }
        if Instant::now() > deadline {
            if let Some(dir) = &s.failure_shots {
                s.screenshot(&dir.join("failure.png"));
            }
            panic!("{selector} reads {got:?}, not {want:?}");
        }
        std::thread::sleep(Duration::from_millis(150));
    }
}

/// The amount after `label` on a line of the receipt text ("Tunai      Rp 5.000").
pub fn receipt_amount(text: &str, label: &str) -> Option<String> {
    text.lines()
        .find(|l| l.trim_start().starts_with(label))
        .and_then(|l| l.rsplit("Rp ").next())
        .map(|a| format!("Rp {}", a.trim()))
}

/// The notice's text, then waits until it has gone (it lasts 4 s, and while it shows it lies
/// over the middle of a dialog's bottom, where the pay dialog has its confirm button).
pub fn notice(s: &Session, want: &str) {
    wait_text(s, &css("notice"), want);
    gone(s, "notice");
}

pub fn gone(s: &Session, testid: &str) {
    s.wait_until(&format!("{testid} gone"), 10, || {
        s.find(&css(testid)).is_none().then_some(())
    });
}

/// Waits until the closed window's process has let go of the till's database, and opens it.
pub fn wait_until_closed(db: &Path) -> DeviceStore {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match DeviceStore::open(db, Arc::new(SystemClock), Arc::new(RandomIds)) {
            Ok(store) => return store,
            Err(_) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => panic!("the closed app still holds its database: {e}"),
        }
    }
}
