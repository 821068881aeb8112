//! The receipt as ESC/POS bytes, the command set of the cheap 58 and 80 mm thermal printers.
//! The job is cut into chunks, each setting its own alignment, emphasis and size before its
//! text, so a link that drops (Bluetooth does, mid-receipt) can be resumed at any chunk
//! boundary after the printer is reset (laris-printer does). The QR code is a raster image
//! (`GS v 0`), which every such printer prints, in bands of 24 dots so a drop costs one band.
//! Text is sent as ASCII: letters with accents lose them, anything else prints as `?`.

use crate::qr::{self, Bitmap};
use crate::{Align, Line, Receipt};

const ESC: u8 = 0x1b;
const GS: u8 = 0x1d;
const LF: u8 = 0x0a;
/// Dot rows per raster band.
const BAND: usize = 24;

/// What else goes with the receipt's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscPosOptions {
    /// Print the QR code of the receipt number.
    pub qr: bool,
    /// Feed to the cutter and cut at the end.
    pub cut: bool,
    /// Pulse the cash drawer (pin 2) first, so it opens while the receipt prints.
    pub open_drawer: bool,
}

impl Default for EscPosOptions {
    fn default() -> Self {
        EscPosOptions {
            qr: true,
            cut: true,
            open_drawer: false,
        }
    }
}

/// An ESC/POS job in resumable chunks; `chunks[0]` resets the printer (`ESC @`) and selects
/// the code page, and is what a resumed job sends again first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscPos {
    pub chunks: Vec<Vec<u8>>,
}

impl EscPos {
    /// The whole job as one stream, for a printer that takes it at once (or stdout).
    pub fn bytes(&self) -> Vec<u8> {
        self.chunks.concat()
    }
}

impl Receipt {
    pub fn escpos(&self, options: EscPosOptions) -> EscPos {
        // ESC @: initialise; ESC t 0: code page PC437, whose lower half is ASCII.
        let mut chunks = vec![vec![ESC, b'@', ESC, b't', 0]];
        if options.open_drawer {
            // ESC p 0 t1 t2: pin 2, on 50 ms, off 500 ms (units of 2 ms).
            chunks.push(vec![ESC, b'p', 0, 25, 250]);
        }
        chunks.extend(self.lines.iter().map(line));
        if options.qr
            && let Some(bitmap) = self
                .qr
                .as_deref()
                .and_then(|d| qr::bitmap(d, self.paper.dots(), 5))
        {
            chunks.extend(raster(&bitmap));
        }
        if options.cut {
            // ESC d 3: feed the printed lines past the cutter; GS V 66 0: feed and partial cut.
            chunks.push(vec![ESC, b'd', 3, GS, b'V', 66, 0]);
        }
        EscPos { chunks }
    }
}

fn line(l: &Line) -> Vec<u8> {
    let align = match l.align {
        Align::Left => 0,
        Align::Center => 1,
    };
    let mut out = vec![
        ESC,
        b'a',
        align,
        ESC,
        b'E',
        u8::from(l.bold),
        GS,
        b'!',
        if l.tall { 0x01 } else { 0x00 },
    ];
    out.extend(l.text.chars().map(ascii));
    out.push(LF);
    out
}

/// `GS v 0` bands of `bitmap`, each a chunk of its own, back to left alignment after.
fn raster(bitmap: &Bitmap) -> Vec<Vec<u8>> {
    let stride = bitmap.width.div_ceil(8);
    let mut chunks = Vec::new();
    let mut y = 0;
    while y < bitmap.height {
        let rows = BAND.min(bitmap.height - y);
        let mut c = vec![ESC, b'a', 0, GS, b'v', b'0', 0];
        c.extend_from_slice(&(stride as u16).to_le_bytes());
        c.extend_from_slice(&(rows as u16).to_le_bytes());
        c.extend(bitmap.packed_rows(y, y + rows, true));
        chunks.push(c);
        y += rows;
    }
    chunks
}

/// The byte a character prints as: ASCII as it is, accented Latin letters without the
/// accent, anything else `?` (a name must not turn into a printer command).
fn ascii(c: char) -> u8 {
    if c.is_ascii_graphic() || c == ' ' {
        return c as u8;
    }
    let base = match c {
        'à'..='å' => 'a',
        'À'..='Å' => 'A',
        'è'..='ë' => 'e',
        'È'..='Ë' => 'E',
        'ì'..='ï' => 'i',
        'Ì'..='Ï' => 'I',
        'ò'..='ö' | 'ø' => 'o',
        'Ò'..='Ö' | 'Ø' => 'O',
        'ù'..='ü' => 'u',
        'Ù'..='Ü' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201c}' | '\u{201d}' => '"',
        '\u{2013}' | '\u{2014}' => '-',
        _ => '?',
    };
    base as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_printable_ascii_reaches_the_printer() {
        assert_eq!(ascii('a'), b'a');
        assert_eq!(ascii('é'), b'e');
        assert_eq!(ascii('\u{1b}'), b'?');
        assert_eq!(ascii('\n'), b'?');
        assert_eq!(ascii('漢'), b'?');
    }
}
