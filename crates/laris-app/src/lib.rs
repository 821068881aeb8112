//! laris-app: everything the cashier window asks of the till, as plain Rust.
//!
//! [`App`] owns the device store (shared with the sync engine) and the engine's lifecycle:
//! it starts the engine when the till is paired, stops it on unpairing, and republishes its
//! status as a [`SyncView`] on a watch channel the shell forwards to the window. Every
//! method takes and returns the explicit view types of [`dto`] (camelCase, generated into
//! TypeScript by [`bindings`]), and fails with an [`AppError`] `{code, message}`.
//!
//! The Tauri shell (src-tauri) only moves arguments into these methods; the same facade is
//! tested here against real SQLite files and a real laris-server on a socket.
#![forbid(unsafe_code)]

mod app;
pub mod bindings;
mod books;
mod catalog;
pub mod contract;
pub mod dto;
mod error;
mod error_code;
mod people;
mod printing;
mod qris;
mod reports;
mod returns;
mod selling;
mod sync;
mod views;

pub use app::{App, AppConfig, SyncTimings};
pub use dto::SyncView;
pub use error::{AppError, Result};
pub use error_code::{AppErrorCode, ErrorCode};
