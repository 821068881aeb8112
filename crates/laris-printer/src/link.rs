//! One connection to the printer: a TCP stream or an open device file, written and read with
//! deadlines so that no call blocks past the configured timeouts.

use std::fs::{File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::fs::OFlags;
use rustix::termios::{self, ControlModes, OptionalActions, OutputModes};

use crate::{Config, Target};

/// Why a connection ended before the job did; the retry loop decides what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Could not connect or open the device.
    Connect(String),
    /// A connect, write or reply took longer than allowed.
    Timeout,
    /// The link broke: EOF, reset, EIO.
    Lost(String),
}

fn io_failure(e: &io::Error) -> Failure {
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => Failure::Timeout,
        _ => Failure::Lost(e.to_string()),
    }
}

#[derive(Debug)]
pub(crate) enum Link {
    Tcp(TcpStream),
    /// Opened non-blocking: every wait goes through `poll` with a deadline.
    Device(File),
}

impl Link {
    pub(crate) fn connect(target: &Target, config: &Config) -> Result<Link, Failure> {
        match target {
            Target::Tcp { host, port } => connect_tcp(host, *port, config.connect_timeout),
            Target::Device(path) => open_device(path, config.baud)
                .map(Link::Device)
                .map_err(|e| Failure::Connect(format!("{}: {e}", path.display()))),
        }
    }

    pub(crate) fn write_all(&mut self, mut bytes: &[u8], timeout: Duration) -> Result<(), Failure> {
        match self {
            Link::Tcp(stream) => {
                stream
                    .set_write_timeout(Some(nonzero(timeout)))
                    .map_err(|e| io_failure(&e))?;
                stream.write_all(bytes).map_err(|e| io_failure(&e))
            }
            Link::Device(file) => {
                let deadline = Instant::now() + timeout;
                while !bytes.is_empty() {
                    match file.write(bytes) {
                        Ok(0) => return Err(Failure::Lost("the device took no bytes".into())),
                        Ok(n) => bytes = &bytes[n..],
                        Err(e) if e.kind() == ErrorKind::WouldBlock => {
                            wait(file, PollFlags::OUT, deadline)?;
                        }
                        Err(e) if e.kind() == ErrorKind::Interrupted => {}
                        Err(e) => return Err(io_failure(&e)),
                    }
                }
                Ok(())
            }
        }
    }

    /// One byte, or `None` when none came within `timeout`.
    pub(crate) fn read_byte(&mut self, timeout: Duration) -> Result<Option<u8>, Failure> {
        let mut byte = [0u8; 1];
        let closed = || Failure::Lost("the printer closed the link".into());
        match self {
            Link::Tcp(stream) => {
                stream
                    .set_read_timeout(Some(nonzero(timeout)))
                    .map_err(|e| io_failure(&e))?;
                loop {
                    return match stream.read(&mut byte) {
                        Ok(0) => Err(closed()),
                        Ok(_) => Ok(Some(byte[0])),
                        Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                        Err(e) => match io_failure(&e) {
                            Failure::Timeout => Ok(None),
                            failure => Err(failure),
                        },
                    };
                }
            }
            Link::Device(file) => {
                let deadline = Instant::now() + timeout;
                loop {
                    match file.read(&mut byte) {
                        Ok(0) => return Err(closed()),
                        Ok(_) => return Ok(Some(byte[0])),
                        Err(e) if e.kind() == ErrorKind::WouldBlock => {
                            match wait(file, PollFlags::IN, deadline) {
                                Err(Failure::Timeout) => return Ok(None),
                                other => other?,
                            }
                        }
                        Err(e) if e.kind() == ErrorKind::Interrupted => {}
                        Err(e) => return Err(io_failure(&e)),
                    }
                }
            }
        }
    }

    /// Drops bytes already waiting (a serial line keeps a reply that came after the previous
    /// connection gave up on it; a new TCP connection starts empty).
    pub(crate) fn discard_input(&mut self) {
        if let Link::Device(file) = self {
            let mut buf = [0u8; 256];
            while matches!(file.read(&mut buf), Ok(n) if n > 0) {}
        }
    }

    /// Ends the connection so that what was written still reaches the printer.
    pub(crate) fn close(self) {
        if let Link::Tcp(mut stream) = self {
            // Unread bytes at close make the kernel send a reset and drop what is still
            // queued for the printer; read them first.
            let _ = stream.shutdown(Shutdown::Write);
            let _ = stream.set_nonblocking(true);
            let mut buf = [0u8; 256];
            while matches!(stream.read(&mut buf), Ok(n) if n > 0) {}
        }
    }
}

fn nonzero(timeout: Duration) -> Duration {
    timeout.max(Duration::from_millis(1))
}

fn connect_tcp(host: &str, port: u16, timeout: Duration) -> Result<Link, Failure> {
    let addrs = (host, port)
        .to_socket_addrs()
        .map_err(|e| Failure::Connect(format!("{host}: {e}")))?;
    let mut last = Failure::Connect(format!("{host}: no address"));
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => {
                // Each chunk and its status query go out at once, not after the ack delay.
                let _ = stream.set_nodelay(true);
                return Ok(Link::Tcp(stream));
            }
            Err(e) if e.kind() == ErrorKind::TimedOut => last = Failure::Timeout,
            Err(e) => last = Failure::Connect(format!("{addr}: {e}")),
        }
    }
    Err(last)
}

fn open_device(path: &Path, baud: Option<u32>) -> io::Result<File> {
    // NOCTTY: a serial printer must never become the app's controlling terminal (a hangup
    // would then signal the app).
    let flags = OFlags::NOCTTY | OFlags::NONBLOCK;
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(flags.bits() as i32)
        .open(path)?;
    if termios::isatty(&file) {
        let mut tio = termios::tcgetattr(&file)?;
        tio.make_raw();
        // Raw already clears OPOST; said again because ONLCR would turn every 0x0A inside
        // a raster image into 0x0D 0x0A and shift the picture.
        tio.output_modes
            .remove(OutputModes::OPOST | OutputModes::ONLCR);
        // Ignore modem lines: many USB-serial adapters of cheap printers leave DCD low.
        tio.control_modes
            .insert(ControlModes::CLOCAL | ControlModes::CREAD);
        if let Some(baud) = baud {
            tio.set_speed(baud)?;
        }
        termios::tcsetattr(&file, OptionalActions::Now, &tio)?;
    }
    Ok(file)
}

/// Waits until `file` is ready for `flags`, the deadline passes (`Timeout`), or it hangs up.
fn wait(file: &File, flags: PollFlags, deadline: Instant) -> Result<(), Failure> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::Timeout);
        }
        let timeout = Timespec::try_from(left).unwrap_or(Timespec {
            tv_sec: i64::MAX,
            tv_nsec: 0,
        });
        let mut fds = [PollFd::new(file, flags)];
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) => {}
            Ok(_) => {
                let revents = fds[0].revents();
                if revents.intersects(flags) {
                    return Ok(());
                }
                if revents.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                    return Err(Failure::Lost("the device hung up".into()));
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(Failure::Lost(e.to_string())),
        }
    }
}
