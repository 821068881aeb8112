//! The transport against a device file: a pseudo-terminal standing in for a Bluetooth
//! rfcomm printer. The printer drops (its master closes, the writer gets EIO) and comes back
//! as a new device at the same path (a symlink repointed atomically).

mod common;

use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::{RASTER_CHUNK, fast_config, final_lf, receipt, wire_offset};
use laris_printer::decode::{self, Printer};
use laris_printer::{Config, Job, Target, print};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};

/// A new pty: its master (raw, or with the cooked defaults a tty starts with), and the path
/// of its slave.
fn open_pty(raw: bool) -> (File, PathBuf) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    if raw {
        let mut tio = tcgetattr(&master).unwrap();
        tio.make_raw();
        tcsetattr(&master, OptionalActions::Now, &tio).unwrap();
    }
    let slave = ptsname(&master, Vec::new()).unwrap();
    (
        File::from(master),
        PathBuf::from(OsString::from_vec(slave.into_bytes())),
    )
}

/// Points `link` at `to` in one step, as udev does for a device that comes back.
fn repoint(link: &Path, to: &Path) {
    let new = link.with_extension("new");
    std::os::unix::fs::symlink(to, &new).unwrap();
    std::fs::rename(&new, link).unwrap();
}

/// Serves `master` with the printer model until the writer closes the slave or `limit`
/// bytes have arrived; says whether the limit was reached.
fn serve(master: &mut File, printer: &Mutex<Printer>, limit: Option<usize>) -> bool {
    let mut got = 0;
    let mut buf = [0u8; 4096];
    while limit != Some(got) {
        let n = match master.read(&mut buf) {
            // EIO: the writer closed the slave.
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        let take = limit.map_or(n, |limit| n.min(limit - got));
        let reply = printer.lock().unwrap().feed(&buf[..take]);
        got += take;
        if !reply.is_empty() && master.write_all(&reply).is_err() {
            return false;
        }
    }
    true
}

fn print_over_a_pty_dropping_after(job: &Job, n: usize) -> Vec<decode::Printed> {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("rfcomm0");
    let (mut master, slave) = open_pty(true);
    repoint(&link, &slave);
    let printer = Arc::new(Mutex::new(Printer::new()));
    let fake = {
        let printer = printer.clone();
        let link = link.clone();
        thread::spawn(move || {
            if serve(&mut master, &printer, Some(n)) {
                drop(master);
                let (mut master, slave) = open_pty(true);
                repoint(&link, &slave);
                serve(&mut master, &printer, None);
            }
        })
    };
    // The writer may try the old path before the new device is there; the retries (with a
    // real, short backoff) cover that, the outcome does not depend on it.
    let config = Config {
        retries: 100,
        backoff: Duration::from_millis(2),
        sleep: thread::sleep,
        ..fast_config()
    };
    let target = Target::parse(link.to_str().unwrap()).unwrap();
    let report = print(&target, job, &config).unwrap_or_else(|e| panic!("drop after {n}: {e}"));
    assert!(report.confirmed);
    assert!(report.reconnects >= 1, "drop after {n}: {report:?}");
    fake.join().unwrap();
    printer.lock().unwrap().printed().to_vec()
}

#[test]
fn a_bluetooth_style_device_that_drops_and_returns_prints_one_complete_receipt() {
    let job = receipt();
    let expected = decode::decode(&job.bytes());
    // Mid-line drops only (see tcp.rs for the lost-reply case).
    for i in [1, 7, RASTER_CHUNK + 2] {
        let lf = final_lf(&job, i).unwrap();
        let n = wire_offset(&job, i) + lf / 2;
        assert_eq!(
            print_over_a_pty_dropping_after(&job, n),
            expected,
            "drop after {n}"
        );
    }
}

#[test]
fn raw_mode_keeps_every_byte_of_a_logo() {
    // A tty left cooked would turn the logo's 0x0A into 0x0D 0x0A (ONLCR) and shift it; the
    // pty starts cooked and only the transport makes it raw.
    let job = receipt();
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("ttyUSB0");
    let (mut master, slave) = open_pty(false);
    repoint(&link, &slave);
    let fake = thread::spawn(move || {
        let mut seen = Vec::new();
        let mut printer = Printer::new();
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = master.read(&mut buf) {
            seen.extend_from_slice(&buf[..n]);
            let reply = printer.feed(&buf[..n]);
            if master.write_all(&reply).is_err() {
                break;
            }
        }
        seen
    });
    let target = Target::parse(&format!("file://{}", link.display())).unwrap();
    print(&target, &job, &fast_config()).unwrap();
    let seen = fake.join().unwrap();
    let logo = &job.chunks[RASTER_CHUNK];
    assert!(seen.windows(logo.len()).any(|w| w == logo.as_slice()));
}
