//! [`StorageError`]: every way a storage call fails, one variant per case with its data.

use std::path::PathBuf;

use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {}", pg_message(.0))]
    Postgres(#[from] tokio_postgres::Error),
    #[error("postgres pool: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("postgres pool setup: {0}")]
    PoolSetup(#[from] deadpool_postgres::BuildError),
    #[error("the database has schema version {found}; this binary knows up to {supported}")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("no store {0}")]
    UnknownStore(Uuid),
    /// A credential was verified for a device the store no longer has.
    #[error("store {store_id} has no device {device_id}")]
    UnknownDevice { store_id: Uuid, device_id: Uuid },
    #[error("that email already has an account: sign in and add the shop there")]
    EmailTaken,
    #[error("the sign-up link is unknown, used or expired: ask for a new one")]
    InvalidInvite,
    #[error("another shop's online page has the address {0}")]
    SlugTaken(String),
    #[error("no owner account {0}")]
    UnknownAccount(String),
    #[error("stored {what} does not decode: {source}")]
    Corrupt {
        what: &'static str,
        source: laris_protocol::ProtocolError,
    },
    #[error("stored {0}")]
    UnknownValue(#[from] crate::stored::UnknownValue),
    /// Rows inserted with `ON CONFLICT DO NOTHING` and then not found under their lock:
    /// another transaction deleted them, which nothing in the server does.
    #[error("{missing} of {expected} products were neither inserted nor found")]
    ProductsVanished { missing: usize, expected: usize },
    #[error("{what} {}: {source}", path.display())]
    File {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A blocking database task panicked or was cancelled.
    #[error("the {what} task failed: {source}")]
    Task {
        what: &'static str,
        source: tokio::task::JoinError,
    },
}

/// A PostgreSQL error with the server's message and position (tokio-postgres' Display says
/// only "db error").
fn pg_message(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!(
            "{} ({}){}",
            db.message(),
            db.code().code(),
            db.detail().map_or_else(String::new, |d| format!(": {d}"))
        ),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_what_failed() {
        let e = StorageError::UnknownDevice {
            store_id: Uuid::from_u128(1),
            device_id: Uuid::from_u128(2),
        };
        assert_eq!(
            e.to_string(),
            "store 00000000-0000-0000-0000-000000000001 has no device \
             00000000-0000-0000-0000-000000000002"
        );
        let e = StorageError::from("Sale".parse::<crate::stored::EventKind>().unwrap_err());
        assert_eq!(
            e.to_string(),
            "stored event kind \"Sale\" is not a value this binary knows"
        );
        let e = StorageError::File {
            what: "creating",
            path: PathBuf::from("/data/laris-server.db"),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert_eq!(
            e.to_string(),
            "creating /data/laris-server.db: permission denied"
        );
    }
}
