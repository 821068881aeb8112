//! A model of an ESC/POS printer's input side, for tests: feed it the bytes a printer would
//! receive, in pieces of any size, and read back what it would have put on paper.
//!
//! It keeps what a printer keeps between bytes: the partial command, the line buffer and the
//! print modes. `LF` prints the buffered line with the modes it started with (a printer takes
//! alignment at the start of a line); `ESC @` drops the line buffer and resets the modes,
//! which is what the transport relies on after a reconnect. Queries (`DLE EOT n`, `GS r n`)
//! make the reply byte a fake printer should send, from a configurable [`Status`].
//!
//! Limits, on purpose: text bytes are kept as the char of the same number (no code page
//! translation); real-time commands are only seen between commands, not inside a raster
//! image's data as some printers do; an unknown command becomes [`Printed::Unknown`] and the
//! bytes after it are read afresh. It never panics, whatever the bytes.

const LF: u8 = 0x0A;
const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;
const DLE: u8 = 0x10;
const FS: u8 = 0x1C;

/// Where a line sits on the paper (`ESC a n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// What came out of the printer, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printed {
    Line {
        text: String,
        align: Align,
        bold: bool,
        double_height: bool,
        double_width: bool,
    },
    /// `ESC d n`: n blank lines.
    Feed(u8),
    /// `GS v 0`: a raster image, `width_bytes` × 8 dots wide.
    Image {
        width_bytes: usize,
        height: usize,
    },
    /// `GS ( fn pL pH data` (fn `k` is a QR or PDF417 symbol).
    Function {
        function: u8,
        data: Vec<u8>,
    },
    Cut,
    DrawerPulse,
    /// A command the model does not know, with the bytes it took.
    Unknown(Vec<u8>),
}

/// What the printer says about itself when asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Status {
    pub paper_out: bool,
    pub paper_near_end: bool,
    pub cover_open: bool,
    pub error: bool,
    pub drawer_open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Modes {
    align: Align,
    bold: bool,
    width: u8,
    height: u8,
}

impl Default for Modes {
    fn default() -> Self {
        Modes {
            align: Align::Left,
            bold: false,
            width: 1,
            height: 1,
        }
    }
}

/// Bytes still to come for a command with a length in its header.
#[derive(Debug)]
enum Data {
    Raster {
        width_bytes: usize,
        height: usize,
        left: usize,
    },
    Function {
        function: u8,
        data: Vec<u8>,
        left: usize,
    },
}

/// A printer's buffer and modes; see the module doc.
#[derive(Debug, Default)]
pub struct Printer {
    status: Status,
    modes: Modes,
    code_page: u8,
    /// The line being buffered and the modes it started with.
    line: Option<(String, Modes)>,
    command: Vec<u8>,
    data: Option<Data>,
    printed: Vec<Printed>,
}

/// What a fresh printer makes of `bytes`.
pub fn decode(bytes: &[u8]) -> Vec<Printed> {
    let mut printer = Printer::new();
    printer.feed(bytes);
    printer.into_printed()
}

enum Step {
    More,
    Done,
    Unknown,
}

impl Printer {
    pub fn new() -> Printer {
        Printer::default()
    }

    pub fn with_status(status: Status) -> Printer {
        Printer {
            status,
            ..Printer::default()
        }
    }

    pub fn set_status(&mut self, status: Status) {
        self.status = status;
    }

    /// Takes bytes as the printer receives them; returns the bytes it sends back.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut reply = Vec::new();
        for &b in bytes {
            self.byte(b, &mut reply);
        }
        reply
    }

    pub fn printed(&self) -> &[Printed] {
        &self.printed
    }

    pub fn into_printed(self) -> Vec<Printed> {
        self.printed
    }

    /// The text received since the last line was printed.
    pub fn buffered_text(&self) -> &str {
        self.line.as_ref().map_or("", |(text, _)| text)
    }

    /// The code page last chosen with `ESC t n`.
    pub fn code_page(&self) -> u8 {
        self.code_page
    }

    fn byte(&mut self, b: u8, reply: &mut Vec<u8>) {
        if let Some(data) = &mut self.data {
            let done = match data {
                Data::Raster { left, .. } => {
                    *left -= 1;
                    *left == 0
                }
                Data::Function { data, left, .. } => {
                    data.push(b);
                    *left -= 1;
                    *left == 0
                }
            };
            if done && let Some(data) = self.data.take() {
                self.printed.push(match data {
                    Data::Raster {
                        width_bytes,
                        height,
                        ..
                    } => Printed::Image {
                        width_bytes,
                        height,
                    },
                    Data::Function { function, data, .. } => Printed::Function { function, data },
                });
            }
            return;
        }
        if self.command.is_empty() {
            match b {
                LF => self.print_line(),
                ESC | GS | DLE | FS => self.command.push(b),
                // NUL and CR are ignored by printers (CR only matters with auto line feed).
                0x00 | 0x0D => {}
                0x09 | 0x20.. => self.text(b),
                _ => self.printed.push(Printed::Unknown(vec![b])),
            }
            return;
        }
        self.command.push(b);
        match self.command_step(reply) {
            Step::More => {}
            Step::Done => self.command.clear(),
            Step::Unknown => {
                let bytes = std::mem::take(&mut self.command);
                self.printed.push(Printed::Unknown(bytes));
            }
        }
    }

    fn command_step(&mut self, reply: &mut Vec<u8>) -> Step {
        // Commands with one parameter byte that only set a mode the model does not track.
        const ESC_IGNORED_1: &[u8] = b"-3MJR{GU ";
        const GS_IGNORED_1: &[u8] = b"BHhwfa";
        // And those with two (a position or a width, nL nH).
        const ESC_IGNORED_2: &[u8] = b"$\\";
        const GS_IGNORED_2: &[u8] = b"LW";
        match *self.command.as_slice() {
            [ESC] | [GS] | [DLE] | [FS] => Step::More,
            [ESC, b'@'] => {
                self.line = None;
                self.modes = Modes::default();
                self.code_page = 0;
                Step::Done
            }
            [ESC, b'2'] | [FS, b'.'] | [FS, b'&'] => Step::Done,
            [ESC, c] if b"aE!td".contains(&c) || ESC_IGNORED_1.contains(&c) => Step::More,
            [ESC, c] | [ESC, c, _] if ESC_IGNORED_2.contains(&c) => Step::More,
            [ESC, c, _, _] if ESC_IGNORED_2.contains(&c) => Step::Done,
            [ESC, b'p'] | [ESC, b'p', _] | [ESC, b'p', _, _] => Step::More,
            [ESC, b'p', _, _, _] => {
                self.printed.push(Printed::DrawerPulse);
                Step::Done
            }
            [ESC, c, n] => {
                match c {
                    b'a' => {
                        self.modes.align = match n {
                            1 | b'1' => Align::Center,
                            2 | b'2' => Align::Right,
                            _ => Align::Left,
                        }
                    }
                    b'E' => self.modes.bold = n & 1 == 1,
                    b'!' => {
                        self.modes.bold = n & 0x08 != 0;
                        self.modes.height = if n & 0x10 != 0 { 2 } else { 1 };
                        self.modes.width = if n & 0x20 != 0 { 2 } else { 1 };
                    }
                    b't' => self.code_page = n,
                    b'd' => {
                        if self.line.is_some() {
                            self.print_line();
                        }
                        self.printed.push(Printed::Feed(n));
                    }
                    _ => {}
                }
                Step::Done
            }
            [GS, c] if b"!rV".contains(&c) || GS_IGNORED_1.contains(&c) => Step::More,
            [GS, b'!', n] => {
                self.modes.width = (n >> 4) + 1;
                self.modes.height = (n & 0x0F) + 1;
                Step::Done
            }
            [GS, b'r', n] => {
                match n {
                    1 | b'1' => reply.push(self.sensor_reply()),
                    2 | b'2' => reply.push(u8::from(self.status.drawer_open)),
                    _ => {}
                }
                Step::Done
            }
            [GS, b'V', 0 | 1 | b'0' | b'1'] => {
                self.printed.push(Printed::Cut);
                Step::Done
            }
            [GS, b'V', 65 | 66 | 97 | 98 | 103 | 104] => Step::More,
            [GS, b'V', _, _] => {
                self.printed.push(Printed::Cut);
                Step::Done
            }
            [GS, b'V', _] => Step::Unknown,
            [GS, c, _] if GS_IGNORED_1.contains(&c) => Step::Done,
            [GS, c] | [GS, c, _] if GS_IGNORED_2.contains(&c) => Step::More,
            [GS, c, _, _] if GS_IGNORED_2.contains(&c) => Step::Done,
            [GS, b'v'] | [GS, b'v', b'0'] => Step::More,
            [GS, b'v', b'0', ..] if self.command.len() < 8 => Step::More,
            [GS, b'v', b'0', _m, xl, xh, yl, yh] => {
                let width_bytes = usize::from(xl) + usize::from(xh) * 256;
                let height = usize::from(yl) + usize::from(yh) * 256;
                match width_bytes * height {
                    0 => self.printed.push(Printed::Image {
                        width_bytes,
                        height,
                    }),
                    left => {
                        self.data = Some(Data::Raster {
                            width_bytes,
                            height,
                            left,
                        })
                    }
                }
                Step::Done
            }
            [GS, b'('] | [GS, b'(', _] | [GS, b'(', _, _] => Step::More,
            [GS, b'(', function, pl, ph] => {
                match usize::from(pl) + usize::from(ph) * 256 {
                    0 => self.printed.push(Printed::Function {
                        function,
                        data: Vec::new(),
                    }),
                    left => {
                        self.data = Some(Data::Function {
                            function,
                            data: Vec::with_capacity(left),
                            left,
                        })
                    }
                }
                Step::Done
            }
            [DLE, 0x04] => Step::More,
            [DLE, 0x04, n] => {
                if let Some(b) = self.status_reply(n) {
                    reply.push(b);
                }
                Step::Done
            }
            _ => Step::Unknown,
        }
    }

    fn text(&mut self, b: u8) {
        let modes = self.modes;
        self.line
            .get_or_insert_with(|| (String::new(), modes))
            .0
            .push(char::from(b));
    }

    fn print_line(&mut self) {
        let (text, modes) = self
            .line
            .take()
            .unwrap_or_else(|| (String::new(), self.modes));
        self.printed.push(Printed::Line {
            text,
            align: modes.align,
            bold: modes.bold,
            double_height: modes.height > 1,
            double_width: modes.width > 1,
        });
    }

    fn status_reply(&self, n: u8) -> Option<u8> {
        let s = &self.status;
        let bit = |on: bool, bits: u8| if on { bits } else { 0 };
        let offline = s.paper_out || s.cover_open || s.error;
        let rest = match n {
            1 => bit(offline, 0x08) | bit(s.drawer_open, 0x04),
            2 => bit(s.cover_open, 0x04) | bit(s.paper_out, 0x20) | bit(s.error, 0x40),
            3 => 0,
            4 => bit(s.paper_near_end, 0x0C) | bit(s.paper_out, 0x60),
            _ => return None,
        };
        Some(0x12 | rest)
    }

    fn sensor_reply(&self) -> u8 {
        let s = &self.status;
        (if s.paper_near_end { 0x03 } else { 0 }) | (if s.paper_out { 0x0C } else { 0 })
    }
}
