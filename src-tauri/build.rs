//! Tauri's build step, with a permission generated for each app command so that the
//! capability file (also generated, from the same list) allows exactly the window's commands.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(laris_desktop_commands())),
    )
    .expect("tauri build step");
}

/// Generated from laris-app's contract (its drift test fails when this is stale).
fn laris_desktop_commands() -> &'static [&'static str] {
    include!("commands.gen.rs")
}
