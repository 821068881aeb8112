//! Tauri's build step, with a permission generated for each app command so that the
//! capability file can allow exactly the commands the window uses.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(laris_desktop_commands())),
    )
    .expect("tauri build step");
}

/// Kept in step with `tauri::generate_handler!` in src/lib.rs (a command missing here is
/// refused at runtime, which the e2e tests would catch).
fn laris_desktop_commands() -> &'static [&'static str] {
    &[
        "shop",
        "setup_shop",
        "save_settings",
        "lookup",
        "categories",
        "browse",
        "favourites",
        "products",
        "save_product",
        "delete_product",
        "import_csv",
        "export_csv",
        "record_movement",
        "low_stock",
        "quote",
        "checkout",
        "sale",
        "sale_by_receipt",
        "recent_sales",
        "report",
        "sync_status",
        "pair",
        "unpair",
        "sync_now",
        "proof",
    ]
}
