//! Views of this till's printer, its print queue, and QRIS at payment.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// This till's receipt printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrinterSettingsView {
    /// `tcp://192.168.1.50:9100`, `/dev/usb/lp0`, `/dev/rfcomm0`...; empty: no printer.
    pub target: String,
    /// 58 or 80.
    pub paper_mm: u32,
    /// Print the receipt after each sale.
    pub auto_print: bool,
    /// Open the cash drawer through the printer when a sale takes cash.
    pub open_drawer: bool,
}

/// Why a print job failed (laris-printer's codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PrintFailureView {
    BadTarget,
    /// Off, unplugged, out of range or a wrong address.
    Unreachable,
    Timeout,
    PaperOut,
    CoverOpen,
    PrinterError,
    /// The link kept dropping: the receipt may be cut short.
    Dropped,
    /// No printer is set up on this till.
    NoPrinter,
}

/// What became of one print job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintJobView {
    #[ts(type = "number")]
    pub id: u64,
    /// The receipt number, or `TES` for the test page.
    pub label: String,
    /// `queued`, `printing`, `printed` or `failed`.
    pub state: String,
    pub failure: Option<PrintFailureView>,
    /// The printer's words, for the details.
    pub message: Option<String>,
    /// Printed, but the printer could not confirm it (it does not answer status queries).
    pub unconfirmed: bool,
    pub paper_near_end: bool,
    /// How often the link dropped and the job went on where it stopped.
    pub reconnects: u32,
}

/// The print queue: jobs waiting or printing, and the last ones done, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintStatusView {
    pub jobs: Vec<PrintJobView>,
}

/// The QRIS to show at payment: the shop's payload for this exact amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QrisPaymentView {
    pub payload: String,
    #[ts(type = "number")]
    pub amount: i64,
    pub merchant_name: String,
    pub merchant_city: String,
}

/// A static QRIS payload as checked, for the owner to confirm whom it pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QrisCheckView {
    pub merchant_name: String,
    pub merchant_city: String,
    /// The national merchant id (NMID), when the payload has one.
    pub nmid: Option<String>,
}

/// A sale whose QRIS money no one has confirmed arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnverifiedQrisView {
    pub sale_id: Uuid,
    pub receipt_no: String,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub amount: i64,
    /// Made on this till.
    pub this_device: bool,
}

/// One credit of a settlement list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettlementRowView {
    pub line: u32,
    #[ts(type = "number")]
    pub at: i64,
    #[ts(type = "number")]
    pub amount: i64,
    pub reference: Option<String>,
}

/// A QRIS sale as a settlement list sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettlementSaleView {
    pub sale_id: Uuid,
    pub receipt_no: String,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub amount: i64,
    /// Still unverified: confirming it is one tap (`confirm_qris`).
    pub unverified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettlementMatchView {
    pub row: SettlementRowView,
    pub sale: SettlementSaleView,
}

/// A bank's settlement list matched to the QRIS sales.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationView {
    pub matched: Vec<SettlementMatchView>,
    /// Credits no QRIS sale accounts for.
    pub unmatched_rows: Vec<SettlementRowView>,
    /// QRIS sales of the list's period whose money is not on it.
    pub unmatched_sales: Vec<SettlementSaleView>,
    /// Lines of the file that could not be read, and why.
    pub unreadable: Vec<String>,
}

/// A receipt drawn as a picture, to save or send (WhatsApp takes an image where a link
/// carries only text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptImageView {
    /// `data:image/png;base64,...`
    pub data_url: String,
    /// A file name for it: `struk-A-20261127-0042.png`.
    pub file_name: String,
}

/// A file the till wrote for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFileView {
    pub path: String,
}
