//! `laris receipt`: a sale's receipt on stdout (text, ESC/POS bytes or PNG) or on a printer.

use std::io::Write;
use std::path::Path;

use laris_receipt::{EscPosOptions, Paper, ReceiptInput};

use crate::error::{CliError, Result};
use crate::open;
use crate::output::json;

#[derive(Debug)]
pub struct ReceiptArgs {
    pub receipt_no: String,
    pub width: String,
    pub format: String,
    pub print: Option<String>,
    pub reprint: bool,
    pub open_drawer: bool,
}

pub fn receipt(db: &Path, as_json: bool, args: &ReceiptArgs) -> Result<()> {
    let paper = Paper::parse(&args.width)
        .ok_or_else(|| CliError::Usage(format!("--width is 58 or 80, not {:?}", args.width)))?;
    let reader = open::reader(db)?;
    let sale = reader
        .sale_by_receipt(&args.receipt_no)?
        .ok_or_else(|| CliError::Usage(format!("no sale with receipt {}", args.receipt_no)))?;
    let shop = reader.settings()?;
    let kasbon = reader.query().sale_kasbon(sale.id)?;
    let input = ReceiptInput {
        sale: &sale,
        shop: &shop,
        kasbon: kasbon.as_ref(),
        reprint: args.reprint,
    };
    let receipt = laris_receipt::layout(&input, paper);
    if let Some(target) = &args.print {
        let target = laris_printer::Target::parse(target)?;
        let job = receipt.escpos(EscPosOptions {
            open_drawer: args.open_drawer,
            ..EscPosOptions::default()
        });
        let report = laris_printer::print(
            &target,
            &laris_printer::Job { chunks: job.chunks },
            &laris_printer::Config::default(),
        )?;
        if as_json {
            return json(&serde_json::json!({
                "receipt_no": sale.receipt_no,
                "printer": target.to_string(),
                "chunks": report.chunks,
                "reconnects": report.reconnects,
                "confirmed": report.confirmed,
                "paper_near_end": report.paper_near_end,
            }));
        }
        let mut out = crate::print::stdout();
        writeln!(out, "{} printed on {target}", sale.receipt_no)?;
        if report.reconnects > 0 {
            writeln!(
                out,
                "the link dropped {} time(s); it went on where the printer stopped",
                report.reconnects
            )?;
        }
        if !report.confirmed {
            writeln!(
                out,
                "the printer does not answer status queries: check the receipt came out whole"
            )?;
        }
        if report.paper_near_end {
            writeln!(out, "the paper is running out")?;
        }
        return Ok(());
    }
    let bytes = match args.format.trim() {
        "text" if as_json => {
            return json(&serde_json::json!({
                "receipt_no": sale.receipt_no,
                "width": paper.mm(),
                "text": receipt.text(),
            }));
        }
        "text" => receipt.text().into_bytes(),
        "escpos" => receipt.escpos(EscPosOptions::default()).bytes(),
        "png" => receipt.png()?,
        other => {
            return Err(CliError::Usage(format!(
                "--format is text, escpos or png, not {other:?}"
            )));
        }
    };
    crate::print::stdout().write_all(&bytes)?;
    Ok(())
}
