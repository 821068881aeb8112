//! The receipt as a PNG, for a WhatsApp message with the receipt as a picture: the printed
//! lines in an 8×8 bitmap font drawn at twice its size (16 dots a column), bold as a second
//! stroke one dot to the right, double height as twice as tall, and the QR code below.

use font8x8::legacy::{BASIC_LEGACY, LATIN_LEGACY};

use crate::Receipt;
use crate::qr::{self, Bitmap};

const SCALE: usize = 2;
const CELL: usize = 8 * SCALE;
const LEADING: usize = 6;
const MARGIN: usize = 24;

#[derive(Debug, thiserror::Error)]
#[error("the receipt image could not be encoded: {0}")]
pub struct ImageError(#[from] png::EncodingError);

impl Receipt {
    /// A 1-bit greyscale PNG of the receipt, black on white.
    pub fn png(&self) -> Result<Vec<u8>, ImageError> {
        let bitmap = self.bitmap();
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, bitmap.width as u32, bitmap.height as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        let mut writer = encoder.write_header()?;
        // 1-bit greyscale: 1 is white, so ink is 0.
        writer.write_image_data(&bitmap.packed_rows(0, bitmap.height, false))?;
        writer.finish()?;
        Ok(out)
    }

    fn bitmap(&self) -> Bitmap {
        let columns = self.paper.columns();
        let width = columns * CELL + 2 * MARGIN;
        let code = self
            .qr
            .as_deref()
            .and_then(|d| qr::bitmap(d, width, 4 * SCALE));
        let text_height: usize = self
            .lines
            .iter()
            .map(|l| CELL * if l.tall { 2 } else { 1 } + LEADING)
            .sum();
        let height = MARGIN * 2 + text_height + code.as_ref().map_or(0, |c| c.height);
        let mut b = Bitmap {
            width,
            height,
            dots: vec![false; width * height],
        };
        let mut y = MARGIN;
        for line in &self.lines {
            let len = line.text.chars().count();
            let pad = match line.align {
                crate::Align::Left => 0,
                crate::Align::Center => columns.saturating_sub(len) / 2,
            };
            let tall = if line.tall { 2 } else { 1 };
            for (i, c) in line.text.chars().enumerate() {
                let x = MARGIN + (pad + i) * CELL;
                draw_glyph(&mut b, glyph(c), x, y, tall);
                if line.bold {
                    draw_glyph(&mut b, glyph(c), x + 1, y, tall);
                }
            }
            y += CELL * tall + LEADING;
        }
        if let Some(code) = code {
            for row in 0..code.height {
                let from = row * code.width;
                b.dots[(y + row) * width..(y + row) * width + code.width]
                    .copy_from_slice(&code.dots[from..from + code.width]);
            }
        }
        b
    }
}

fn glyph(c: char) -> [u8; 8] {
    let n = c as usize;
    match n {
        0x20..=0x7e => BASIC_LEGACY[n],
        0xa0..=0xff => LATIN_LEGACY[n - 0xa0],
        _ => BASIC_LEGACY[usize::from(b'?')],
    }
}

/// Draws `rows` (bit 0 the leftmost dot) at `x, y`, each dot `SCALE` wide and `SCALE * tall`
/// high.
fn draw_glyph(b: &mut Bitmap, rows: [u8; 8], x: usize, y: usize, tall: usize) {
    for (r, bits) in rows.iter().enumerate() {
        for col in 0..8 {
            if bits & (1 << col) == 0 {
                continue;
            }
            for dy in 0..SCALE * tall {
                for dx in 0..SCALE {
                    let (px, py) = (x + col * SCALE + dx, y + r * SCALE * tall + dy);
                    if px < b.width && py < b.height {
                        b.dots[py * b.width + px] = true;
                    }
                }
            }
        }
    }
}
