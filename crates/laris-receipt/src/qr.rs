//! The QR code's modules, for the raster the printer prints and the PNG.

use qrcode::{Color, EcLevel, QrCode};

/// The dark modules of `data`'s QR code, row by row, and the code's width in modules; `None`
/// when `data` does not fit a QR code.
pub(crate) fn modules(data: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some((code.width(), dark))
}

/// A monochrome bitmap `width` dots across, the QR code of `data` centred in it with
/// `module` dots per module and a quiet zone of four modules above and below.
pub(crate) fn bitmap(data: &str, width: usize, module: usize) -> Option<Bitmap> {
    let (n, dark) = modules(data)?;
    let side = n * module;
    if side > width {
        return None;
    }
    let quiet = 4 * module;
    let height = side + 2 * quiet;
    let left = (width - side) / 2;
    let mut dots = vec![false; width * height];
    for y in 0..side {
        for x in 0..side {
            if dark[(y / module) * n + x / module] {
                dots[(quiet + y) * width + left + x] = true;
            }
        }
    }
    Some(Bitmap {
        width,
        height,
        dots,
    })
}

/// Dots, row by row; `true` is ink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bitmap {
    pub width: usize,
    pub height: usize,
    pub dots: Vec<bool>,
}

impl Bitmap {
    /// Rows `from..to` packed eight dots to a byte, the leftmost dot in the high bit (what
    /// ESC/POS raster and 1-bit PNG rows both take).
    pub fn packed_rows(&self, from: usize, to: usize, ink_is_one: bool) -> Vec<u8> {
        let stride = self.width.div_ceil(8);
        let mut out = vec![if ink_is_one { 0 } else { 0xff }; stride * (to - from)];
        for y in from..to {
            for x in 0..self.width {
                let ink = self.dots[y * self.width + x];
                if ink == ink_is_one {
                    out[(y - from) * stride + x / 8] |= 0x80 >> (x % 8);
                } else {
                    out[(y - from) * stride + x / 8] &= !(0x80 >> (x % 8));
                }
            }
        }
        out
    }
}
