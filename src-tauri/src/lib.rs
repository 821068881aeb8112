//! laris-desktop: the Tauri 2 shell of the Laris cashier app, and nothing more.
//!
//! It opens the till's database in the platform's app data directory (or `LARIS_DB`), starts
//! the sync engine as a background task, forwards its status to the window as the
//! `sync-status` event, and exposes laris-app's facade as commands (errors as
//! `{code, message, field}`), and lets the window open wa.me links (the opener plugin). A second instance finds the database locked and shows that in
//! its window instead of opening a second writer. The same library is the app on Android and
//! iOS (`mobile_entry_point`).

mod commands;
mod config;
mod till;

use tauri::{Emitter, Manager, RunEvent};

use crate::till::Till;

/// The event the window listens to for the sync badge.
const SYNC_STATUS_EVENT: &str = "sync-status";

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            webview_settings(app.handle())?;
            let db = config::database_path(app.handle())?;
            let till = Till::open(&db, config::app_config());
            if let Till::Ready(facade) = &till {
                let facade = facade.clone();
                let handle = app.handle().clone();
                tauri::async_runtime::spawn(async move {
                    if let Err(e) = facade.start_sync() {
                        eprintln!("laris: sync not started: {e}");
                    }
                    let mut status = facade.subscribe();
                    let _ = handle.emit(SYNC_STATUS_EVENT, status.borrow_and_update().clone());
                    while status.changed().await.is_ok() {
                        let view = status.borrow_and_update().clone();
                        let _ = handle.emit(SYNC_STATUS_EVENT, view);
                    }
                });
            } else if let Till::Unavailable(e) = &till {
                eprintln!("laris: {}", e.message);
            }
            app.manage(till);
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!())
        .expect("the Laris window could not be built");
    app.run(|handle, event| {
        if let RunEvent::Exit = event
            && let Some(Till::Ready(facade)) = handle.try_state::<Till>().as_deref()
        {
            // Let a round in flight finish its local transaction before the process ends.
            tauri::async_runtime::block_on(facade.stop_sync());
        }
    });
}

/// The cashier screen is flat 2D: WebKitGTK's accelerated compositing buys nothing here and
/// costs the web process about 150 MB (measured with `laris-bench app`), which a phone-class
/// device or an old warung PC cannot spare. Other platforms keep their defaults.
#[cfg(target_os = "linux")]
fn webview_settings(app: &tauri::AppHandle) -> tauri::Result<()> {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    for window in app.webview_windows().values() {
        window.with_webview(|webview| {
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        })?;
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn webview_settings(_app: &tauri::AppHandle) -> tauri::Result<()> {
    Ok(())
}
