//! The receipt as plain text, the same lines as printed: what the window previews and what a
//! WhatsApp message carries.

use crate::{Align, Receipt};

impl Receipt {
    /// One line of text per printed line, centred lines padded on the left, each ending in a
    /// newline. The QR code is left out.
    pub fn text(&self) -> String {
        let width = self.paper.columns();
        let mut out = String::new();
        for line in &self.lines {
            if line.align == Align::Center {
                let pad = width.saturating_sub(line.text.chars().count()) / 2;
                out.extend(std::iter::repeat_n(' ', pad));
            }
            out.push_str(&line.text);
            out.push('\n');
        }
        out
    }
}
