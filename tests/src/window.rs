//! What a real-window test needs: a display, `tauri-driver`, Debian's `WebKitWebDriver` and
//! the built app. Under `CI=true` a missing one fails the test; elsewhere the test is skipped
//! with the reason.

use std::path::PathBuf;

use laris_webdriver::tauri_driver_binary;

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
pub fn app_env(db: &std::path::Path, tmp: &std::path::Path) -> Vec<(&'static str, String)> {
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
pub fn screenshots_dir(tmp: &std::path::Path) -> PathBuf {
    std::env::var_os("LARIS_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.join("screenshots"))
}
