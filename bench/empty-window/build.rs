//! Tauri's build step (the app has no commands of its own).

fn main() {
    tauri_build::build();
}
