//! Receipts printed in the background. A job is laid out and encoded under the store's lock
//! (quick: no I/O), then handed to one printer thread, so the till never waits on the printer:
//! a slow Bluetooth link, a printer that is off or a dropped connection delays only the paper,
//! never the next sale. The window polls [`App::print_status`] for what became of each job.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use laris_core::{DeviceStore, PaymentMethod, PrinterSettings, Sale};
use laris_printer::{Job, Target};
use laris_receipt::{EscPosOptions, Paper, Receipt, ReceiptInput};
use uuid::Uuid;

use crate::app::App;
use crate::dto::{
    PrintFailureView, PrintJobView, PrintStatusView, PrinterSettingsView, ReceiptImageView,
    SavedFileView,
};
use crate::error::{AppError, Result};

/// How many finished jobs the status keeps.
const KEPT_JOBS: usize = 20;

/// A job laid out, waiting for the printer thread.
#[derive(Debug)]
struct Pending {
    id: u64,
    target: Target,
    job: Job,
}

#[derive(Debug, Default)]
struct QueueState {
    next_id: u64,
    waiting: VecDeque<Pending>,
    /// Every job queued, printing or kept after it ended, newest first.
    jobs: VecDeque<PrintJobView>,
    worker_started: bool,
    closed: bool,
}

/// The till's print queue and its one printer thread (started by the first job).
#[derive(Debug)]
pub(crate) struct PrintQueue {
    shared: Arc<(Mutex<QueueState>, Condvar)>,
    config: laris_printer::Config,
}

impl PrintQueue {
    pub(crate) fn new(config: laris_printer::Config) -> Self {
        PrintQueue {
            shared: Arc::new((Mutex::new(QueueState::default()), Condvar::new())),
            config,
        }
    }

    fn push(&self, label: String, target: Target, job: Job) -> PrintJobView {
        let (lock, wake) = &*self.shared;
        let mut q = lock.lock().unwrap_or_else(PoisonError::into_inner);
        q.next_id += 1;
        let id = q.next_id;
        let view = PrintJobView {
            state: "queued".into(),
            ..new_job(id, label)
        };
        q.jobs.push_front(view.clone());
        q.waiting.push_back(Pending { id, target, job });
        if !q.worker_started {
            q.worker_started = true;
            let shared = Arc::clone(&self.shared);
            let config = self.config.clone();
            std::thread::Builder::new()
                .name("laris-printer".into())
                .spawn(move || work(&shared, &config))
                .ok();
        }
        wake.notify_one();
        view
    }

    fn failed(&self, label: String, failure: PrintFailureView, message: String) -> PrintJobView {
        let (lock, _) = &*self.shared;
        let mut q = lock.lock().unwrap_or_else(PoisonError::into_inner);
        q.next_id += 1;
        let view = PrintJobView {
            state: "failed".into(),
            failure: Some(failure),
            message: Some(message),
            ..new_job(q.next_id, label)
        };
        q.jobs.push_front(view.clone());
        trim(&mut q.jobs);
        view
    }

    fn status(&self) -> PrintStatusView {
        let (lock, _) = &*self.shared;
        let q = lock.lock().unwrap_or_else(PoisonError::into_inner);
        PrintStatusView {
            jobs: q.jobs.iter().cloned().collect(),
        }
    }
}

impl Drop for PrintQueue {
    fn drop(&mut self) {
        let (lock, wake) = &*self.shared;
        lock.lock().unwrap_or_else(PoisonError::into_inner).closed = true;
        wake.notify_all();
    }
}

/// A job's view before anything happened to it.
fn new_job(id: u64, label: String) -> PrintJobView {
    PrintJobView {
        id,
        label,
        state: String::new(),
        failure: None,
        message: None,
        unconfirmed: false,
        paper_near_end: false,
        reconnects: 0,
    }
}

/// Keeps the jobs still to print and the last [`KEPT_JOBS`] that ended.
fn trim(jobs: &mut VecDeque<PrintJobView>) {
    let mut ended = 0;
    jobs.retain(|j| {
        let done = j.state == "printed" || j.state == "failed";
        ended += usize::from(done);
        !done || ended <= KEPT_JOBS
    });
}

/// The printer thread: one job at a time, in order, until the queue closes.
fn work(shared: &(Mutex<QueueState>, Condvar), config: &laris_printer::Config) {
    let (lock, wake) = shared;
    loop {
        let next = {
            let mut q = lock.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if q.closed {
                    return;
                }
                if let Some(p) = q.waiting.pop_front() {
                    if let Some(j) = q.jobs.iter_mut().find(|j| j.id == p.id) {
                        j.state = "printing".into();
                    }
                    break p;
                }
                q = wake.wait(q).unwrap_or_else(PoisonError::into_inner);
            }
        };
        let outcome = laris_printer::print(&next.target, &next.job, config);
        let mut q = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(j) = q.jobs.iter_mut().find(|j| j.id == next.id) {
            match outcome {
                Ok(report) => {
                    j.state = "printed".into();
                    j.unconfirmed = !report.confirmed;
                    j.paper_near_end = report.paper_near_end;
                    j.reconnects = report.reconnects;
                }
                Err(e) => {
                    j.state = "failed".into();
                    j.failure = Some(failure(e.code()));
                    j.message = Some(e.to_string());
                }
            }
        }
        trim(&mut q.jobs);
    }
}

fn failure(code: laris_printer::ErrorCode) -> PrintFailureView {
    use laris_printer::ErrorCode as C;
    match code {
        C::BadTarget => PrintFailureView::BadTarget,
        C::Unreachable => PrintFailureView::Unreachable,
        C::Timeout => PrintFailureView::Timeout,
        C::PaperOut => PrintFailureView::PaperOut,
        C::CoverOpen => PrintFailureView::CoverOpen,
        C::PrinterError => PrintFailureView::PrinterError,
        C::Dropped => PrintFailureView::Dropped,
    }
}

fn paper(p: &PrinterSettings) -> Paper {
    if p.paper_mm == 80 {
        Paper::Mm80
    } else {
        Paper::Mm58
    }
}

fn view(p: &PrinterSettings) -> PrinterSettingsView {
    PrinterSettingsView {
        target: p.target.clone(),
        paper_mm: p.paper_mm,
        auto_print: p.auto_print,
        open_drawer: p.open_drawer,
    }
}

/// `sale`'s receipt as a job for this till's printer; `None` without a printer.
fn receipt_job(
    s: &DeviceStore,
    sale: &Sale,
    printer: &PrinterSettings,
    reprint: bool,
) -> laris_core::Result<Option<(Target, Job)>> {
    let Ok(target) = Target::parse(&printer.target) else {
        return Ok(None);
    };
    let takes_cash = sale
        .payments
        .iter()
        .any(|p| p.method == PaymentMethod::Cash);
    let job = receipt(s, sale, paper(printer), reprint)?.escpos(EscPosOptions {
        open_drawer: printer.open_drawer && takes_cash && !reprint,
        ..EscPosOptions::default()
    });
    Ok(Some((target, Job { chunks: job.chunks })))
}

/// `sale`'s receipt on `paper`, saying what it put on kasbon.
fn receipt(
    s: &DeviceStore,
    sale: &Sale,
    paper: Paper,
    reprint: bool,
) -> laris_core::Result<Receipt> {
    let shop = s.settings()?;
    let kasbon = s.query().sale_kasbon(sale.id)?;
    let input = ReceiptInput {
        sale,
        shop: &shop,
        kasbon: kasbon.as_ref(),
        reprint,
    };
    Ok(laris_receipt::layout(&input, paper))
}

fn sale_of(s: &DeviceStore, id: Uuid) -> laris_core::Result<Sale> {
    s.sale(id)?
        .ok_or_else(|| laris_core::CoreError::UnknownSale(id.to_string()))
}

impl App {
    pub fn printer_settings(&self) -> Result<PrinterSettingsView> {
        Ok(view(&self.with_store(|s| s.printer_settings())?))
    }

    pub fn save_printer_settings(
        &self,
        input: &PrinterSettingsView,
    ) -> Result<PrinterSettingsView> {
        let target = input.target.trim();
        if !target.is_empty() {
            Target::parse(target).map_err(|e| AppError::invalid("target", e.to_string()))?;
        }
        let saved = self.with_store(|s| {
            s.save_printer_settings(&PrinterSettings {
                target: target.to_string(),
                paper_mm: input.paper_mm,
                auto_print: input.auto_print,
                open_drawer: input.open_drawer,
            })
        })?;
        Ok(view(&saved))
    }

    /// Prints sale `sale_id`'s receipt (again, when `reprint`: it says "CETAK ULANG").
    pub fn print_receipt(&self, sale_id: Uuid, reprint: bool) -> Result<PrintJobView> {
        let job = self.with_store(|s| {
            let sale = sale_of(s, sale_id)?;
            let printer = s.printer_settings()?;
            Ok((
                sale.receipt_no.clone(),
                receipt_job(s, &sale, &printer, reprint)?,
            ))
        })?;
        Ok(match job {
            (label, Some((target, job))) => self.printer.push(label, target, job),
            (label, None) => self.no_printer(label),
        })
    }

    /// Prints the test page on this till's printer.
    pub fn test_printer(&self) -> Result<PrintJobView> {
        let (shop, printer, now) =
            self.with_store(|s| Ok((s.settings()?, s.printer_settings()?, s.now_ms())))?;
        let Ok(target) = Target::parse(&printer.target) else {
            return Ok(self.no_printer("TES".into()));
        };
        let page = laris_receipt::test_page(&shop, paper(&printer), &target.to_string(), now);
        let job = page.escpos(EscPosOptions::default());
        Ok(self
            .printer
            .push("TES".into(), target, Job { chunks: job.chunks }))
    }

    pub fn receipt_image(&self, sale_id: Uuid) -> Result<ReceiptImageView> {
        let (png, file_name) = self.receipt_png(sale_id)?;
        use base64::Engine as _;
        Ok(ReceiptImageView {
            data_url: format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&png)
            ),
            file_name,
        })
    }

    /// Writes the receipt's picture to the export folder (a webview's download of a data URL
    /// is not something every platform's webview does).
    pub fn save_receipt_image(&self, sale_id: Uuid) -> Result<SavedFileView> {
        let (png, file_name) = self.receipt_png(sale_id)?;
        let dir = self
            .config
            .export_dir
            .clone()
            .or_else(dirs::download_dir)
            .or_else(|| dirs::home_dir().map(|h| h.join("Downloads")))
            .unwrap_or_else(|| self.path.parent().map(PathBuf::from).unwrap_or_default());
        let io = |e: std::io::Error| {
            AppError::new(crate::AppErrorCode::Io, format!("{}: {e}", dir.display()))
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let path = dir.join(&file_name);
        std::fs::write(&path, png).map_err(io)?;
        Ok(SavedFileView {
            path: path.display().to_string(),
        })
    }

    /// The receipt of `sale_id` drawn on this till's paper, and a file name for it.
    fn receipt_png(&self, sale_id: Uuid) -> Result<(Vec<u8>, String)> {
        let (receipt, receipt_no) = self.with_store(|s| {
            let sale = sale_of(s, sale_id)?;
            let paper = paper(&s.printer_settings()?);
            Ok((receipt(s, &sale, paper, false)?, sale.receipt_no))
        })?;
        let png = receipt
            .png()
            .map_err(|e| AppError::new(crate::AppErrorCode::Io, e.to_string()))?;
        Ok((png, format!("struk-{receipt_no}.png")))
    }

    pub fn print_status(&self) -> Result<PrintStatusView> {
        Ok(self.printer.status())
    }

    /// After a sale: its receipt printed when this till prints every sale. A failure here
    /// is the print queue's to show, never the sale's.
    pub(crate) fn print_after_sale(&self, s: &DeviceStore, sale: &Sale) {
        let Ok(printer) = s.printer_settings() else {
            return;
        };
        if !printer.auto_print {
            return;
        }
        if let Ok(Some((target, job))) = receipt_job(s, sale, &printer, false) {
            self.printer.push(sale.receipt_no.clone(), target, job);
        }
    }

    fn no_printer(&self, label: String) -> PrintJobView {
        self.printer.failed(
            label,
            PrintFailureView::NoPrinter,
            "no printer is set up on this till".into(),
        )
    }
}
