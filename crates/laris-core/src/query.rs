//! Reads that run on any connection to a till's database: the writer's, or a
//! [`DeviceReader`]'s beside it (a year's report on a reader never waits for, nor delays, a
//! checkout). The connection itself never leaves this crate: callers get these typed reads.

use rusqlite::Connection;
use time::Date;
use uuid::Uuid;

use crate::catalog::{self, Product};
use crate::error::Result;
use crate::ledger::{self, StockLevel};
use crate::report::{self, Report};
use crate::sale::checkout::{self, Sale};
use crate::sync::outbox::{self, OutboxEntry};
use crate::{DeviceReader, DeviceStore, Lookup};

/// Typed reads over one connection, borrowed from [`DeviceStore::query`] or
/// [`DeviceReader::query`].
#[derive(Debug, Clone, Copy)]
pub struct Query<'c> {
    conn: &'c Connection,
}

impl<'c> Query<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Query { conn }
    }

    /// A product by barcode or SKU.
    pub fn product_by_code(&self, code: &str) -> Result<Option<Product>> {
        catalog::find_by_code(self.conn, code)
    }

    pub fn product(&self, id: Uuid) -> Result<Option<Product>> {
        catalog::product_by_id(self.conn, id)
    }

    /// Every product, by name.
    pub fn products(&self) -> Result<Vec<Product>> {
        catalog::list_products(self.conn)
    }

    /// The products pinned to this till's favourites, first pinned first.
    pub fn pinned_favourites(&self) -> Result<Vec<Uuid>> {
        catalog::pins::pinned(self.conn)
    }

    /// Everyone who works at the shop, owners first, then by name.
    pub fn people(&self) -> Result<Vec<crate::Person>> {
        crate::people::list(self.conn)
    }

    pub fn person(&self, id: Uuid) -> Result<Option<crate::Person>> {
        crate::people::by_id(self.conn, id)
    }

    /// Who is on duty at this till.
    pub fn on_duty(&self) -> Result<Option<crate::OnDuty>> {
        crate::people::on_duty(self.conn)
    }

    /// Every void and refund of a sale, oldest first.
    pub fn returns_of(&self, sale_id: Uuid) -> Result<Vec<crate::SaleReturn>> {
        crate::sale::returns::returns_of(self.conn, sale_id)
    }

    /// Sale lines taken back beyond what was sold (returns from several tills that met).
    pub fn over_refunds(&self) -> Result<Vec<crate::OverRefund>> {
        crate::sale::returns::over_refunds(self.conn)
    }

    /// The audit log, latest first, at most `limit` entries.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<crate::AuditEntry>> {
        crate::audit::latest(self.conn, limit)
    }

    pub fn categories(&self) -> Result<Vec<String>> {
        catalog::list_categories(self.conn)
    }

    /// A scan or typed text: the exact barcode/SKU, or name matches ranked by sales as stored
    /// (the writer's own ranking, kept in memory, is [`DeviceStore::lookup`]).
    pub fn lookup(&self, text: &str, limit: usize) -> Result<Lookup> {
        catalog::search::lookup(self.conn, text, limit)
    }

    pub fn stock_level(&self, product_id: Uuid) -> Result<i64> {
        ledger::level(self.conn, product_id)
    }

    /// Every stock-tracked product's level, by name.
    pub fn stock_levels(&self) -> Result<Vec<StockLevel>> {
        ledger::all_levels(self.conn)
    }

    /// Negative or at/below minimum, negative first.
    pub fn low_stock(&self) -> Result<Vec<StockLevel>> {
        ledger::low_stock(self.conn)
    }

    /// Sales from `from` to `to` (shop days, inclusive), of one device or the whole shop.
    pub fn report(&self, from: Date, to: Date, device_id: Option<Uuid>) -> Result<Report> {
        report::report(self.conn, from, to, device_id)
    }

    /// Each receipt prefix sales were made under, with the device that made them, by prefix.
    pub fn receipt_prefixes(&self) -> Result<Vec<(String, Uuid)>> {
        report::receipt_prefixes(self.conn)
    }

    pub fn sale(&self, id: Uuid) -> Result<Option<Sale>> {
        checkout::load_sale(self.conn, id)
    }

    /// QRIS sales of `[from_ms, to_ms)` whose money no one has confirmed arrived yet.
    pub fn unverified_qris(&self, from_ms: i64, to_ms: i64) -> Result<Vec<crate::UnverifiedQris>> {
        crate::sale::qris::unverified(self.conn, from_ms, to_ms)
    }

    /// What sale `id` put on a customer's account, for its receipt.
    pub fn sale_kasbon(&self, id: Uuid) -> Result<Option<crate::SaleKasbon>> {
        crate::books::kasbon::sale_kasbon(self.conn, id)
    }

    /// Outbox entries with `seq > after`, oldest first, at most `limit`.
    pub fn outbox_after(&self, after: i64, limit: usize) -> Result<Vec<OutboxEntry>> {
        outbox::entries_after(self.conn, after, limit)
    }
}

impl DeviceStore {
    /// Typed reads on the writer's connection.
    pub fn query(&self) -> Query<'_> {
        Query::new(self.conn())
    }
}

impl DeviceReader {
    pub fn query(&self) -> Query<'_> {
        Query::new(self.conn())
    }
}
