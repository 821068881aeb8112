//! laris-server: the sync server of Laris, as a library with a thin binary.
//!
//! Devices push their outbox events (sales, stock movements, product edits) and pull the
//! store's changes; the owner pairs devices, revokes them, and reads sales summaries and the
//! proof of sync of each device. The HTTP contract is `laris_protocol::v1::api`.
//!
//! - [`app`] builds the router over an [`AppState`]; [`run`] serves it on a listener until a
//!   shutdown future resolves (tests bind 127.0.0.1:0), with connection caps and timeouts.
//! - [`storage`]: one async [`storage::Storage`] trait with two backends, an embedded SQLite
//!   file ([`storage::sqlite`]) and PostgreSQL ([`storage::postgres`]). The server keeps no
//!   state between requests that another process would need (sessions, revocations and the
//!   lock-out of owner accounts are in the database), so any number of processes can serve
//!   one PostgreSQL database.
//! - [`prepare`]: the pure part of applying a push (validation, drift check, derived rows),
//!   shared by both backends; [`push_outcome`] derives what a push did from the facts a
//!   backend's statements report, once for both.
//! - [`admin`]: store creation, pairing codes, device listing and revocation, used by the
//!   binary's admin subcommands and by the owner endpoints alike.
//! - [`config`]: every limit and timeout, with its default.
//!
//! laris-server depends on laris-protocol only: it knows nothing of laris-core or laris-sync.

#![forbid(unsafe_code)]

pub mod admin;
pub mod books;
pub mod cli;
pub mod clock;
pub mod config;
pub mod error;
mod guard;
mod hashing;
pub mod limiter;
mod login;
pub mod openapi;
pub mod pairing_rules;
pub mod prepare;
mod product_edits;
pub mod push_outcome;
pub mod returns;
mod routes;
pub mod secret;
mod serve;
pub mod source;
mod state;
pub mod storage;
mod store_list;
pub mod stored;
pub mod summary;
pub mod web;

pub use clock::{Clock, ManualClock};
pub use config::{GuardConfig, HttpConfig, LockoutPolicy, Rate, ServerConfig};
pub use error::ServerError;
pub use routes::app;
pub use serve::run;
pub use state::AppState;
