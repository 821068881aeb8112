//! laris-empty-window: the smallest Tauri 2 app that opens one window, built with the same
//! tauri version and features as `src-tauri` (laris-desktop).
//!
//! It exists only as the baseline of `laris-bench app`: the resident memory of all its
//! processes (the app, WebKit's web and network processes) after its page has loaded is
//! `empty_window_rss_mb`, against which the cashier app's memory after 100 sales is judged
//! (target: at most 1.25 times this). It has no commands, no state and a static page
//! (`dist/index.html`, embedded in the binary).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the empty window");
}
