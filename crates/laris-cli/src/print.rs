//! Standard output for every result `laris` prints. Rust ignores SIGPIPE, so a reader that
//! went away (`laris report | head -1`) makes writes fail with EPIPE, which `println!` turns
//! into a panic. Here that is the end of the output, not a failure: the first EPIPE is
//! remembered, so `main` ends quietly whichever error type carried it up (a CSV export wraps
//! it in laris-core's error, for instance).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether stdout's reader has gone away.
pub fn closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

fn seen<T>(r: io::Result<T>) -> io::Result<T> {
    if let Err(e) = &r
        && e.kind() == io::ErrorKind::BrokenPipe
    {
        CLOSED.store(true, Ordering::Relaxed);
    }
    r
}

/// Stdout (line-buffered by std), with broken pipes remembered.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stdout;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        seen(io::stdout().lock().write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        // One lock for the whole buffer, so lines from two threads never interleave.
        seen(io::stdout().lock().write_all(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        seen(io::stdout().lock().flush())
    }
}

pub fn stdout() -> Stdout {
    Stdout
}

/// Writes one line to stdout: `say!(...)?` in place of `println!`.
macro_rules! say {
    ($($arg:tt)*) => {
        ::std::io::Write::write_fmt(
            &mut $crate::print::stdout(),
            format_args!("{}\n", format_args!($($arg)*)),
        )
    };
}
pub(crate) use say;

/// Writes to stderr, ignoring failure: a diagnostic that cannot be shown must not turn into
/// a panic or hide the exit status.
pub fn note(text: &str) {
    let _ = writeln!(io::stderr(), "{text}");
}
