//! A sale laid out as a receipt for thermal paper. [`layout`] makes the [`Receipt`]: lines
//! with their alignment, bold and double height, and the QR code of the receipt number, for
//! 58 mm (32 columns) or 80 mm (48 columns) paper. A receipt renders as plain text (the
//! WhatsApp message and the window's preview), as ESC/POS bytes cut into chunks a printer
//! link can resume between ([`EscPos`]), and as a PNG image. The customer reads it, so it
//! speaks Bahasa Indonesia. Pure: no I/O.

mod escpos;
mod image;
mod layout;
mod qr;
mod text;
mod wrap;

pub use escpos::{EscPos, EscPosOptions};
pub use image::ImageError;
pub use layout::{Align, Line, Receipt, ReceiptInput, layout, test_page};

/// The paper a receipt is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Paper {
    /// 58 mm paper: 32 columns of the standard font, 384 dots across.
    #[default]
    Mm58,
    /// 80 mm paper: 48 columns, 576 dots across.
    Mm80,
}

impl Paper {
    pub fn columns(self) -> usize {
        match self {
            Paper::Mm58 => 32,
            Paper::Mm80 => 48,
        }
    }

    /// Printable dots across at 203 dpi, the width of a raster line.
    pub fn dots(self) -> usize {
        match self {
            Paper::Mm58 => 384,
            Paper::Mm80 => 576,
        }
    }

    /// The paper's width in millimetres: 58 or 80.
    pub fn mm(self) -> u32 {
        match self {
            Paper::Mm58 => 58,
            Paper::Mm80 => 80,
        }
    }

    /// `58` or `80` (with or without "mm").
    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().trim_end_matches("mm").trim() {
            "58" => Some(Paper::Mm58),
            "80" => Some(Paper::Mm80),
            _ => None,
        }
    }
}
