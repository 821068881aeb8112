//! The transport against a real TCP printer on loopback (a listener and `decode::Printer`)
//! that drops links, stays silent, runs out of paper or stops reading.

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::{Behaviour, FakePrinter, RASTER_CHUNK, fast_config, final_lf, receipt, wire_offset};
use laris_printer::decode::{self, Printed, Status};
use laris_printer::{Config, ErrorCode, Job, PrintError, Target, print, status};

fn print_dropping_once_after(job: &Job, n: usize) -> (laris_printer::PrintReport, Vec<Printed>) {
    let fake = FakePrinter::start(Behaviour {
        drop_after: vec![Some(n)],
        ..Behaviour::default()
    });
    let report = print(&fake.target, job, &fast_config())
        .unwrap_or_else(|e| panic!("drop after {n} bytes: {e}"));
    fake.wait_connections(report.reconnects + 1);
    (report, on_paper(fake.printed()))
}

/// What reached the paper. A drop between `DLE` and `EOT` leaves a lone `DLE` that the NULs
/// sent on reconnect turn into an invalid sequence; printers ignore it, the model reports it.
fn on_paper(printed: Vec<Printed>) -> Vec<Printed> {
    printed
        .into_iter()
        .filter(|p| !matches!(p, Printed::Unknown(_)))
        .collect()
}

fn cuts(printed: &[Printed]) -> usize {
    printed.iter().filter(|p| **p == Printed::Cut).count()
}

#[test]
fn without_a_drop_the_receipt_prints_once_acknowledged() {
    let job = receipt();
    let fake = FakePrinter::start(Behaviour::default());
    let report = print(&fake.target, &job, &fast_config()).unwrap();
    assert_eq!(report.chunks, job.chunks.len());
    assert_eq!(report.reconnects, 0);
    assert!(report.confirmed);
    assert!(!report.paper_near_end);
    fake.wait_connections(1);
    let expected = decode::decode(&job.bytes());
    assert_eq!(fake.printed(), expected);
    assert_eq!(cuts(&expected), 1);
    assert!(expected.contains(&Printed::Image {
        width_bytes: 4,
        height: 3
    }));
    assert!(!expected.iter().any(|p| matches!(p, Printed::Unknown(_))));
}

/// Drops mid-line: from the first byte of a chunk up to the byte before its final LF. A drop
/// after the final LF but before the `GS r` reply is the documented ambiguity (that line
/// prints twice) and has its own test below.
#[test]
fn a_drop_mid_line_anywhere_in_the_job_still_prints_one_complete_receipt() {
    let job = receipt();
    let expected = decode::decode(&job.bytes());
    let mut drop_points = vec![0, 1, 2, 4, 8, wire_offset(&job, 0) + 2];
    for i in (1..job.chunks.len())
        .step_by(3)
        .chain([RASTER_CHUNK - 1, RASTER_CHUNK + 1])
    {
        if let Some(lf) = final_lf(&job, i) {
            let start = wire_offset(&job, i);
            drop_points.extend([start, start + lf / 2, start + lf]);
        }
    }
    // The cut chunk has no LF: a drop before it or inside the feed chunk.
    let last = job.chunks.len() - 1;
    drop_points.extend([wire_offset(&job, last - 1) + 1, wire_offset(&job, last)]);
    for n in drop_points {
        let (report, printed) = print_dropping_once_after(&job, n);
        assert_eq!(report.reconnects, 1, "drop after {n} bytes");
        assert!(report.confirmed);
        assert_eq!(report.chunks, job.chunks.len());
        assert_eq!(printed, expected, "drop after {n} bytes");
    }
}

#[test]
fn a_drop_inside_the_logo_prints_it_twice_but_every_line_once() {
    let job = receipt();
    let expected = decode::decode(&job.bytes());
    let start = wire_offset(&job, RASTER_CHUNK);
    let image = Printed::Image {
        width_bytes: 4,
        height: 3,
    };
    let at = expected.iter().position(|p| *p == image).unwrap();
    // Inside the header the NULs complete it as a smaller (often empty) image; inside the
    // pixels they complete the image in white.
    for inside in [3, 5, 8, 9, 15, 19] {
        let (report, printed) = print_dropping_once_after(&job, start + inside);
        assert!(report.confirmed);
        let mut twice = expected.clone();
        // What the NULs make of the part that arrived.
        let cut_off = [&job.chunks[RASTER_CHUNK][..inside], &[0; 32]].concat();
        twice.insert(at, decode::decode(&cut_off)[0].clone());
        assert_eq!(printed, twice, "drop {inside} bytes into the logo");
    }
}

#[test]
fn the_documented_ambiguity_a_lost_reply_repeats_only_that_line() {
    let job = receipt();
    let expected = decode::decode(&job.bytes());
    let i = 5;
    // The whole chunk and its `GS r 1` arrived, the reply did not leave: the printer printed
    // the line, the transport cannot know.
    let n = wire_offset(&job, i + 1) - 1;
    let (_, printed) = print_dropping_once_after(&job, n);
    let line = decode::decode(&[job.chunks[0].clone(), job.chunks[i].clone()].concat());
    let at = expected.iter().position(|p| *p == line[0]).unwrap();
    let mut repeated = expected.clone();
    repeated.insert(at, line[0].clone());
    assert_eq!(printed, repeated);
}

#[test]
fn a_printer_without_status_gets_the_whole_job_unconfirmed() {
    let job = receipt();
    let fake = FakePrinter::start(Behaviour {
        silent: true,
        ..Behaviour::default()
    });
    let report = print(&fake.target, &job, &fast_config()).unwrap();
    assert!(!report.confirmed);
    assert_eq!(report.chunks, job.chunks.len());
    fake.wait_connections(1);
    assert_eq!(fake.printed(), decode::decode(&job.bytes()));
}

#[test]
fn paper_out_prints_nothing() {
    let fake = FakePrinter::start(Behaviour {
        status: Status {
            paper_out: true,
            ..Status::default()
        },
        ..Behaviour::default()
    });
    let err = print(&fake.target, &receipt(), &fast_config()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PaperOut);
    assert_eq!(err, PrintError::PaperOut { printed: 0 });
    fake.wait_connections(1);
    assert_eq!(fake.printed(), []);
}

#[test]
fn paper_running_out_mid_job_stops_it_saying_how_far_it_got() {
    let job = receipt();
    let fake = FakePrinter::start(Behaviour {
        paper_out_after: Some(wire_offset(&job, 6)),
        ..Behaviour::default()
    });
    let err = print(&fake.target, &job, &fast_config()).unwrap_err();
    // Chunk 6's reply says paper end: it may be cut short, so 0..=5 are the printed ones.
    assert_eq!(err, PrintError::PaperOut { printed: 6 });
    fake.wait_connections(1);
    assert_eq!(fake.printed(), decode::decode(&job.chunks[..7].concat()));
}

#[test]
fn cover_open_prints_nothing() {
    let fake = FakePrinter::start(Behaviour {
        status: Status {
            cover_open: true,
            ..Status::default()
        },
        ..Behaviour::default()
    });
    let err = print(&fake.target, &receipt(), &fast_config()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CoverOpen);
    fake.wait_connections(1);
    assert_eq!(fake.printed(), []);
}

#[test]
fn paper_near_end_prints_and_warns() {
    let job = receipt();
    let fake = FakePrinter::start(Behaviour {
        status: Status {
            paper_near_end: true,
            ..Status::default()
        },
        ..Behaviour::default()
    });
    let report = print(&fake.target, &job, &fast_config()).unwrap();
    assert!(report.paper_near_end && report.confirmed);
    fake.wait_connections(1);
    assert_eq!(fake.printed(), decode::decode(&job.bytes()));
}

#[test]
fn nothing_listening_is_unreachable() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let target = Target::Tcp {
        host: "127.0.0.1".into(),
        port,
    };
    let started = Instant::now();
    let err = print(&target, &receipt(), &fast_config()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unreachable, "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let err = status(&target, &fast_config()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unreachable);
}

#[test]
fn a_printer_that_never_reads_times_out_in_bounded_time() {
    let mut job = receipt();
    // More than loopback buffers hold, so the writes block.
    let mut logo = vec![common::GS, b'v', b'0', 0, 0, 4, 0, 128];
    logo.resize(8 + 1024 * 32768, 0x55);
    job.chunks.insert(1, logo);
    let fake = FakePrinter::start(Behaviour {
        never_reads: true,
        ..Behaviour::default()
    });
    let config = Config {
        probe_timeout: Duration::from_millis(100),
        write_timeout: Duration::from_millis(300),
        retries: 1,
        ..fast_config()
    };
    let started = Instant::now();
    let err = print(&fake.target, &job, &config).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout, "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_link_that_drops_every_time_gives_up_as_dropped() {
    let fake = FakePrinter::start(Behaviour {
        drop_every: Some(5),
        ..Behaviour::default()
    });
    let err = print(&fake.target, &receipt(), &fast_config()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Dropped, "{err}");
    assert_eq!(err.printed(), 0);
}

#[test]
fn status_reads_the_printer_or_says_it_does_not_answer() {
    let fake = FakePrinter::start(Behaviour {
        status: Status {
            paper_near_end: true,
            ..Status::default()
        },
        ..Behaviour::default()
    });
    let s = status(&fake.target, &fast_config()).unwrap();
    assert!(s.answers && s.online && s.paper_near_end && !s.paper_out && !s.cover_open);

    let silent = FakePrinter::start(Behaviour {
        silent: true,
        ..Behaviour::default()
    });
    let s = status(&silent.target, &fast_config()).unwrap();
    assert!(!s.answers);
}
