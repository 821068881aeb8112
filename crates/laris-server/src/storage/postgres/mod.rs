//! The PostgreSQL backend: a connection pool (deadpool) of tokio-postgres clients, without
//! TLS (run it next to the database, or through a TLS-terminating proxy). Nothing is cached
//! between calls, so any number of server processes can share one database.
//!
//! change_seq allocation: a push allocates its change_seqs by updating its store's row
//! (`last_change_seq`), which takes that row's lock until the push commits. Two pushes of one
//! store therefore commit in allocation order, and a committed head implies that every smaller
//! change_seq is committed too, so a pull bounded by the head it read can never skip a change
//! that commits later with a smaller change_seq. The lock is taken as late as possible: after
//! every insert and product merge (products are merged under their own rows' locks), just
//! before the changes are appended and the transaction commits.

mod admin;
mod owners;
mod push;
mod push_returns;
mod read;
mod returns;
mod rows;
mod web;

use std::str::FromStr;

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use laris_protocol::v1::api::{DeviceSummary, ProofV1};
use laris_protocol::v1::{ProductV1, PullReply, RecoverReply};
use tokio_postgres::NoTls;
use uuid::Uuid;

use super::{
    CredentialRow, DeviceSeen, LoginFailure, NewDevice, NewPairingCode, NewSession, NewStore,
    OwnerRow, PairOutcome, PushOutcome, SessionInfo, SessionRow, StockLevel, Storage, StorageError,
    StorageFuture, StoreInfo, StoreListing, SummaryRange, SummaryRows, SyncHead,
};
use crate::config::LockoutPolicy;
use crate::prepare::PreparedEvent;
use crate::returns::OverRefund;

/// Server migrations for PostgreSQL, in order. Shipped files are never edited.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../../../migrations/server-postgres/0001_init.sql"),
    include_str!("../../../../../migrations/server-postgres/0002_event_identity.sql"),
    include_str!("../../../../../migrations/server-postgres/0003_pairing.sql"),
    include_str!("../../../../../migrations/server-postgres/0004_owner_logins.sql"),
    include_str!("../../../../../migrations/server-postgres/0005_sale_returns.sql"),
    include_str!("../../../../../migrations/server-postgres/0006_device_protocol.sql"),
    include_str!("../../../../../migrations/server-postgres/0007_books.sql"),
    include_str!("../../../../../migrations/server-postgres/0008_back_office.sql"),
    include_str!("../../../../../migrations/server-postgres/0009_storefront.sql"),
];
/// The schema version this binary writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
/// Connections per server process.
pub const DEFAULT_POOL_SIZE: usize = 16;
/// Any constant: serializes migrations of server processes starting together.
const MIGRATION_LOCK: i64 = 0x6c61_7269_735f_6d67;

type Result<T, E = StorageError> = std::result::Result<T, E>;

/// The PostgreSQL storage. Cheap to clone; clones share the pool.
#[derive(Clone)]
pub struct PostgresStorage {
    pool: Pool,
}

impl std::fmt::Debug for PostgresStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The pool's configuration holds the password: show only its size.
        f.debug_struct("PostgresStorage")
            .field("pool_size", &self.pool.status().max_size)
            .finish()
    }
}

impl PostgresStorage {
    /// Connects to a `postgres://` URL and migrates.
    pub async fn connect(url: &str) -> Result<Self> {
        let config = tokio_postgres::Config::from_str(url)?;
        Self::connect_with(config, DEFAULT_POOL_SIZE).await
    }

    /// Connects with a parsed configuration and a pool size, and migrates.
    pub async fn connect_with(config: tokio_postgres::Config, pool_size: usize) -> Result<Self> {
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager).max_size(pool_size.max(1)).build()?;
        let storage = PostgresStorage { pool };
        let mut client = storage.client().await?;
        migrate(&mut client).await?;
        Ok(storage)
    }

    async fn client(&self) -> Result<Object> {
        Ok(self.pool.get().await?)
    }
}

/// The schema that brought the back office (0008): sales held before it get their lines and
/// cashier from their change bodies when a database is upgraded to it.
const BACK_OFFICE_SCHEMA: usize = 8;

async fn migrate(client: &mut Object) -> Result<()> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS laris_schema (
            only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
            version  bigint  NOT NULL)",
    )
    .await?;
    let found: i64 = tx
        .query_opt("SELECT version FROM laris_schema", &[])
        .await?
        .map_or(0, |r| r.get(0));
    if found > SCHEMA_VERSION {
        return Err(StorageError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let from = usize::try_from(found).unwrap_or(0);
    for sql in &MIGRATIONS[from..] {
        tx.batch_execute(sql).await?;
    }
    if from > 0 && from < BACK_OFFICE_SCHEMA {
        web::backfill_sale_lines(&tx).await?;
    }
    tx.execute(
        "INSERT INTO laris_schema (version) VALUES ($1)
         ON CONFLICT (only_row) DO UPDATE SET version = excluded.version",
        &[&SCHEMA_VERSION],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

impl Storage for PostgresStorage {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn create_store(&self, new: NewStore) -> StorageFuture<'_, ()> {
        Box::pin(async move { admin::create_store(&mut self.client().await?, &new).await })
    }

    fn store(&self, store_id: Uuid) -> StorageFuture<'_, Option<StoreInfo>> {
        Box::pin(async move { admin::store(&self.client().await?, store_id).await })
    }

    fn stores(&self) -> StorageFuture<'_, Vec<StoreListing>> {
        Box::pin(async move { admin::stores(&self.client().await?).await })
    }

    fn rotate_epoch(&self, store_id: Option<Uuid>) -> StorageFuture<'_, u64> {
        Box::pin(async move { admin::rotate_epoch(&self.client().await?, store_id).await })
    }

    fn add_pairing_code(&self, code: NewPairingCode) -> StorageFuture<'_, ()> {
        Box::pin(async move { admin::add_pairing_code(&mut self.client().await?, &code).await })
    }

    fn pair_device(&self, device: NewDevice) -> StorageFuture<'_, PairOutcome> {
        Box::pin(async move { admin::pair_device(&mut self.client().await?, &device).await })
    }

    fn device_credential(
        &self,
        store_id: Uuid,
        device_id: Uuid,
    ) -> StorageFuture<'_, Option<CredentialRow>> {
        Box::pin(async move {
            admin::device_credential(&self.client().await?, store_id, device_id).await
        })
    }

    fn devices(&self, store_id: Uuid) -> StorageFuture<'_, Vec<DeviceSummary>> {
        Box::pin(async move { admin::devices(&self.client().await?, store_id, None).await })
    }

    fn revoke_device(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        now_ms: i64,
    ) -> StorageFuture<'_, Option<DeviceSummary>> {
        Box::pin(async move {
            admin::revoke_device(&self.client().await?, store_id, device_id, now_ms).await
        })
    }

    fn owner_by_email(&self, email: String) -> StorageFuture<'_, Option<OwnerRow>> {
        Box::pin(async move { admin::owner_by_email(&self.client().await?, &email).await })
    }

    fn add_owner_session(&self, session: NewSession) -> StorageFuture<'_, ()> {
        Box::pin(async move { admin::add_owner_session(&self.client().await?, &session).await })
    }

    fn owner_session(
        &self,
        store_id: Uuid,
        session_id: Uuid,
    ) -> StorageFuture<'_, Option<SessionRow>> {
        Box::pin(
            async move { admin::owner_session(&self.client().await?, store_id, session_id).await },
        )
    }

    fn owner_sessions(&self, store_id: Uuid) -> StorageFuture<'_, Vec<SessionInfo>> {
        Box::pin(async move { owners::sessions(&self.client().await?, store_id).await })
    }

    fn revoke_owner_session(
        &self,
        store_id: Uuid,
        session_id: Uuid,
        now_ms: i64,
    ) -> StorageFuture<'_, Option<SessionInfo>> {
        Box::pin(async move {
            owners::revoke_session(&self.client().await?, store_id, session_id, now_ms).await
        })
    }

    fn record_login_failure(
        &self,
        email: String,
        now_ms: i64,
        policy: LockoutPolicy,
    ) -> StorageFuture<'_, LoginFailure> {
        Box::pin(async move {
            let mut c = self.client().await?;
            owners::record_failure(&mut c, &email, now_ms, policy).await
        })
    }

    fn reset_login_failures(&self, email: String) -> StorageFuture<'_, ()> {
        Box::pin(async move { owners::reset_failures(&self.client().await?, &email).await })
    }

    fn handshake(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        seen: DeviceSeen,
    ) -> StorageFuture<'_, SyncHead> {
        Box::pin(async move {
            let client = self.client().await?;
            read::handshake(&client, store_id, device_id, &seen).await
        })
    }

    fn push(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        events: Vec<PreparedEvent>,
        now_ms: i64,
    ) -> StorageFuture<'_, PushOutcome> {
        Box::pin(async move {
            let mut c = self.client().await?;
            push::push(&mut c, store_id, device_id, &events, now_ms).await
        })
    }

    fn pull(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        cursor: u64,
        limit: u32,
    ) -> StorageFuture<'_, PullReply> {
        Box::pin(async move {
            read::pull(&self.client().await?, store_id, device_id, cursor, limit).await
        })
    }

    fn proof(&self, store_id: Uuid, device_id: Uuid) -> StorageFuture<'_, Option<ProofV1>> {
        Box::pin(async move { read::proof(&self.client().await?, store_id, device_id).await })
    }

    fn recover(
        &self,
        store_id: Uuid,
        device_id: Uuid,
        after_seq: u64,
        up_to_seq: u64,
        limit: u32,
    ) -> StorageFuture<'_, RecoverReply> {
        Box::pin(async move {
            let client = self.client().await?;
            read::recover(&client, store_id, device_id, after_seq, up_to_seq, limit).await
        })
    }

    fn summary(&self, store_id: Uuid, range: SummaryRange) -> StorageFuture<'_, SummaryRows> {
        Box::pin(async move { read::summary(&self.client().await?, store_id, range).await })
    }

    fn over_refunds(
        &self,
        store_id: Uuid,
        range: SummaryRange,
    ) -> StorageFuture<'_, Vec<OverRefund>> {
        Box::pin(async move { returns::list(&self.client().await?, store_id, range).await })
    }

    fn books(&self, store_id: Uuid) -> StorageFuture<'_, Vec<crate::books::StoredBook>> {
        Box::pin(async move { read::books(&self.client().await?, store_id).await })
    }

    fn stock_levels(&self, store_id: Uuid) -> StorageFuture<'_, Vec<StockLevel>> {
        Box::pin(async move { read::stock_levels(&self.client().await?, store_id).await })
    }

    fn product(&self, store_id: Uuid, product_id: Uuid) -> StorageFuture<'_, Option<ProductV1>> {
        Box::pin(async move { read::product(&self.client().await?, store_id, product_id).await })
    }
}
