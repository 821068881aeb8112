//! Command-line arguments of `laris`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::labels::Lang;
use crate::product_set::ProductChanges;

#[derive(Debug, Parser)]
#[command(
    name = "laris",
    version,
    about = "Laris: the headless till and admin tool"
)]
pub struct Cli {
    /// The device database. Defaults to laris/device.db in the user's data directory.
    #[arg(long, global = true, env = "LARIS_DB")]
    pub db: Option<PathBuf>,
    /// Print results as JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// The language of the text report: id (Bahasa Indonesia) or en.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set up a new shop on this device.
    Init {
        #[arg(long)]
        name: String,
        /// Receipt prefix of this till, e.g. A.
        #[arg(long, default_value = "A")]
        device: String,
        /// WIB, WITA or WIT.
        #[arg(long, default_value = "WIB")]
        timezone: String,
        /// A catalog CSV to import right away.
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// Import a catalog CSV (all rows or none; same SKU updates the product).
    Import { file: PathBuf },
    /// Export the catalog as CSV to a file, or to stdout with `-`.
    Export {
        #[arg(default_value = "-")]
        file: PathBuf,
    },
    /// Find products by barcode, SKU or words of their name.
    Search {
        text: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Change products.
    Product {
        #[command(subcommand)]
        action: ProductCommand,
    },
    /// The shop's people: list, add, log in and out, the audit log. PINs are read from the
    /// environment (LARIS_PIN, LARIS_NEW_PIN, LARIS_OWNER_PIN), never from arguments.
    People {
        #[command(subcommand)]
        action: Option<PeopleCommand>,
    },
    /// Ring up and pay a sale.
    Sell {
        /// CODE or CODExQTY, e.g. 2000000000015x2 or W0010x0,5 (kg). Repeatable.
        #[arg(long = "item", required = true)]
        items: Vec<String>,
        /// LINE:AMOUNT, Rupiah off a line (1-based), e.g. 2:500.
        #[arg(long = "line-discount")]
        line_discounts: Vec<String>,
        /// Rupiah off the whole cart.
        #[arg(long, default_value_t = 0)]
        discount: i64,
        /// METHOD[:AMOUNT[:REF]] with METHOD cash, qris or transfer; no amount means the exact
        /// total. Repeatable for split payments, e.g. --pay qris:10000 --pay cash:20000.
        /// Default: cash, the exact total; with --kasbon: no down payment.
        #[arg(long = "pay")]
        payments: Vec<String>,
        #[arg(long)]
        cashier: Option<String>,
        /// Put what the payments leave on this customer's kasbon (by name). Over their
        /// credit limit it needs the owner's PIN in LARIS_OWNER_PIN.
        #[arg(long)]
        kasbon: Option<String>,
        /// The kasbon's due date, YYYY-MM-DD.
        #[arg(long, requires = "kasbon")]
        due: Option<String>,
        /// Over the customer's limit, instead of the owner's PIN: the code from the owner's
        /// device for this customer and the amount on kasbon.
        #[arg(long, requires = "kasbon")]
        approval_code: Option<String>,
    },
    /// A receipt again: as text, ESC/POS bytes or a PNG on stdout, or printed on a printer.
    Receipt {
        receipt_no: String,
        /// The paper: 58 (32 columns) or 80 (48 columns).
        #[arg(long, default_value = "58")]
        width: String,
        /// text, escpos (raw printer bytes) or png.
        #[arg(long, default_value = "text")]
        format: String,
        /// Print it on a printer instead: tcp://HOST[:9100], or a device such as /dev/usb/lp0,
        /// /dev/ttyUSB0 or /dev/rfcomm0.
        #[arg(long)]
        print: Option<String>,
        /// Mark it "CETAK ULANG" (a copy of a receipt already handed over).
        #[arg(long)]
        reprint: bool,
        /// With --print: also open the cash drawer.
        #[arg(long, requires = "print")]
        open_drawer: bool,
    },
    /// Void a whole sale of today (owner's PIN in LARIS_OWNER_PIN once anyone is set up).
    Void {
        receipt_no: String,
        #[arg(long)]
        reason: String,
        /// Instead of the owner's PIN: the code from the owner's device for this receipt
        /// and its total.
        #[arg(long)]
        approval_code: Option<String>,
    },
    /// Refund some lines of a sale, any day: `--line 2x1,5` takes back 1.5 of line 2.
    /// Owner's PIN in LARIS_OWNER_PIN once anyone is set up.
    Refund {
        receipt_no: String,
        /// LINEx QTY (line numbers as on the receipt, from 1); repeat for more lines.
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        /// How the money goes back: cash, qris or transfer.
        #[arg(long, default_value = "cash")]
        method: String,
        #[arg(long)]
        reason: String,
        /// Instead of the owner's PIN: the code from the owner's device for this receipt
        /// and the money back.
        #[arg(long)]
        approval_code: Option<String>,
    },
    /// Approval codes: the owner approves a void, refund or kasbon over the limit from
    /// their own device, with no network.
    Approval {
        #[command(subcommand)]
        action: ApprovalCommand,
    },
    /// Sale lines taken back beyond what was sold (refunds from two tills that met).
    OverRefunds,
    /// Add received stock; with --cost, the product's cost follows (moving average or last
    /// cost, as the settings say).
    Restock {
        code: String,
        qty: String,
        #[arg(long)]
        reason: Option<String>,
        /// The supplier's price per unit.
        #[arg(long)]
        cost: Option<String>,
        #[arg(long)]
        supplier: Option<String>,
    },
    /// Kasbon: who owes what, oldest first (no action), or customers and repayments.
    Kasbon {
        #[command(subcommand)]
        action: Option<KasbonCommand>,
    },
    /// This till's shift: its status (no action), open, cash in or out, close.
    Shift {
        #[command(subcommand)]
        action: Option<ShiftCommand>,
    },
    /// Count stock (stock opname) during trading: CODE=QTY for each product counted; each
    /// records its difference from what the till expected. Owner's PIN in LARIS_OWNER_PIN
    /// once anyone is set up.
    Opname {
        #[arg(required = true)]
        counts: Vec<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Correct stock by a signed quantity, with a reason.
    Adjust {
        code: String,
        #[arg(allow_hyphen_values = true)]
        delta: String,
        #[arg(long)]
        reason: String,
    },
    /// Stock levels: every tracked product, or only low and negative ones.
    Stock {
        #[arg(long)]
        low: bool,
    },
    /// Sales report for a shop-local day or range (default: today).
    Report {
        #[arg(long)]
        date: Option<String>,
        #[arg(long, conflicts_with = "date", requires = "to")]
        from: Option<String>,
        #[arg(long, conflicts_with = "date", requires = "from")]
        to: Option<String>,
        /// Only one till's sales: its receipt prefix (e.g. A), or `this` for this till.
        /// Default: the whole shop, as far as this till has synced.
        #[arg(long)]
        device: Option<String>,
    },
    /// Show or change shop settings.
    Settings {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        footer: Option<String>,
        #[arg(long)]
        timezone: Option<String>,
        /// none, inclusive or exclusive.
        #[arg(long)]
        tax_mode: Option<String>,
        /// PPN rate in percent, e.g. 11 or 11.5.
        #[arg(long)]
        tax_rate: Option<String>,
        /// none, 100 or 500.
        #[arg(long)]
        rounding: Option<String>,
        /// The shop's static QRIS payload (checked; `none` removes it).
        #[arg(long)]
        qris: Option<String>,
    },
    /// QRIS: check a payload, or make the shop's dynamic one for an amount.
    Qris {
        #[command(subcommand)]
        action: QrisCommand,
    },
    /// Write a consistent copy of the database, safe while a till is running.
    Backup { dest: PathBuf },
    /// Pair this till with a server, using a pairing code from the owner.
    Pair {
        /// The server, e.g. http://192.168.1.10:8080.
        server: String,
        /// The single-use pairing code.
        code: String,
        /// A name for this till on the server (default: "Till <device code>").
        #[arg(long)]
        name: Option<String>,
        /// Print receipts with this prefix from now on (when the server said another till of
        /// the store has this one's).
        #[arg(long)]
        device_code: Option<String>,
    },
    /// Sync with the server once: push this till's events, pull the store's changes.
    Sync {
        /// Then compare what the server holds with this till's outbox; exit non-zero if they
        /// differ.
        #[arg(long)]
        verify: bool,
        /// Keep syncing in the background (after sales, every minute, with backoff while the
        /// server is unreachable) and print the status until Ctrl-C.
        #[arg(long, conflicts_with = "verify")]
        watch: bool,
    },
    /// Show the sync status: server, pending events, last success and last error.
    Status,
    /// Create a demo shop from a catalog CSV, ring up a few sales and print today's report.
    Demo {
        #[arg(long)]
        catalog: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProductCommand {
    /// Change a product's price, cost, name, category or barcodes (synced like any edit).
    Set {
        /// Its barcode or SKU.
        code: String,
        #[command(flatten)]
        changes: ProductChanges,
    },
}

#[derive(Debug, Subcommand)]
pub enum QrisCommand {
    /// Check a QRIS payload (structure, checksum, Indonesian fields) and print its merchant.
    Check { payload: String },
    /// The payload for one payment of AMOUNT, from the shop's static QRIS (`settings --qris`).
    Dynamic { amount: String },
    /// Match the bank's QRIS settlement list (CSV) to the QRIS sales: matched, money with no
    /// sale, sales with no money, unreadable lines.
    Reconcile {
        file: PathBuf,
        /// Also confirm the matched sales still unverified.
        #[arg(long)]
        confirm: bool,
    },
    /// QRIS sales of the last month whose money no one has confirmed yet.
    Unverified,
    /// Confirm that a QRIS sale's money arrived.
    Confirm { receipt_no: String },
}

#[derive(Debug, Subcommand)]
pub enum ApprovalCommand {
    /// On the till, with the owner's PIN in LARIS_OWNER_PIN: make its approval key and print
    /// it once, for the owner's device (an earlier key stops working).
    Enrol,
    /// On the owner's device, with the till's key in LARIS_APPROVAL_KEY: the code for an
    /// action (void, refund or kasbon), its receipt number (kasbon: the customer's name)
    /// and the amount. Valid for 5 to 10 minutes, once.
    Code {
        #[arg(long)]
        action: String,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        amount: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KasbonCommand {
    /// Every customer with what they owe.
    Customers,
    /// Add a customer (a credit limit needs the owner's PIN in LARIS_OWNER_PIN).
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// Whole Rupiah.
        #[arg(long)]
        limit: Option<String>,
    },
    /// A customer's account: ledger, statement and WhatsApp reminder link.
    Show { name: String },
    /// Money paid back: AMOUNT by cash, qris or transfer.
    Repay {
        name: String,
        amount: String,
        #[arg(long, default_value = "cash")]
        method: String,
        #[arg(long)]
        reference: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShiftCommand {
    /// Open a shift with this float in the drawer (default: the last closing's cash).
    Open { float: Option<String> },
    /// Cash put into the drawer.
    In {
        amount: String,
        #[arg(long)]
        reason: String,
    },
    /// Cash taken out of the drawer.
    Out {
        amount: String,
        #[arg(long)]
        reason: String,
    },
    /// Close the shift with the cash counted (and QRIS and transfer, if counted).
    Close {
        #[arg(long)]
        cash: String,
        #[arg(long)]
        qris: Option<String>,
        #[arg(long)]
        transfer: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Shifts of every till, latest first.
    List {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Add a person with the PIN in LARIS_NEW_PIN. The first person of a till is its owner
    /// and needs no approval; everyone after needs the owner's PIN in LARIS_OWNER_PIN.
    Add {
        #[arg(long)]
        name: String,
        /// owner or cashier.
        #[arg(long, default_value = "cashier")]
        role: String,
    },
    /// Put a person on duty at this till with their PIN in LARIS_PIN: sales name them.
    Login {
        #[arg(long)]
        name: String,
    },
    /// Take whoever is on duty off it.
    Logout,
    /// The audit log, latest first.
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}
