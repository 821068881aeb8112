//! What the transport tests share: a hand-built receipt job, the wire layout the transport
//! uses on a first connection, and a TCP printer made of a listener and `decode::Printer`.
#![allow(dead_code)] // each test file uses part of it

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use laris_printer::decode::{Printer, Status};
use laris_printer::{Config, Job, Target};

pub const ESC: u8 = 0x1B;
pub const GS: u8 = 0x1D;
/// `DLE EOT 1`, then `DLE EOT 2` and `DLE EOT 4` once the printer answered the first.
pub const PROBE_LEN: usize = 9;
/// `GS r 1` after every chunk in acknowledged mode.
pub const ACK_LEN: usize = 3;
pub const RASTER_CHUNK: usize = 14;

/// A receipt: init, text lines in various modes, a logo with 0x0A bytes in its pixels, a cut.
pub fn receipt() -> Job {
    let mut chunks = vec![vec![ESC, b'@', ESC, b't', 0]];
    let line = |align: u8, bold: u8, size: u8, text: &str| {
        let mut c = vec![ESC, b'a', align, ESC, b'E', bold, GS, b'!', size];
        c.extend_from_slice(text.as_bytes());
        c.push(b'\n');
        c
    };
    chunks.push(line(1, 1, 0x11, "WARUNG BU SRI"));
    chunks.push(line(1, 0, 0, "Jl. Melati 12, Bandung"));
    chunks.push(line(0, 0, 0, "--------------------------------"));
    for (i, item) in [
        "Indomie Goreng  2 x 3.500",
        "Teh Botol       1 x 5.000",
        "Aqua 600ml      3 x 3.000",
        "Roti Tawar      1 x 15.000",
        "Gula 1kg        1 x 17.500",
        "Telur 1/4kg     1 x 7.500",
        "Kopi Kapal Api  4 x 1.500",
    ]
    .iter()
    .enumerate()
    {
        chunks.push(line(0, (i % 2) as u8, 0, item));
    }
    chunks.push(line(0, 0, 0, "--------------------------------"));
    chunks.push(line(2, 1, 0x01, "TOTAL Rp 78.000"));
    chunks.push(line(2, 0, 0, "Tunai Rp 100.000"));
    // A 4-byte-wide, 3-row logo whose pixel bytes include LF.
    assert_eq!(chunks.len(), RASTER_CHUNK);
    chunks.push(vec![
        GS, b'v', b'0', 0, 4, 0, 3, 0, 0x0A, 0xFF, 0x0A, 0x00, 0x18, 0x0A, 0x0A, 0x18, 0xFF, 0x0A,
        0x0A, 0xFF,
    ]);
    chunks.push(line(2, 0, 0, "Kembali Rp 22.000"));
    chunks.push(line(1, 0, 0x10, "Terima kasih"));
    chunks.push(line(1, 0, 0, "Barang yang sudah dibeli"));
    chunks.push(line(1, 0, 0, "tidak dapat dikembalikan"));
    chunks.push(line(0, 0, 0, ""));
    chunks.push(vec![ESC, b'd', 3]);
    chunks.push(vec![GS, b'V', 66, 3]);
    Job { chunks }
}

/// Where chunk `i` starts among the bytes of a first connection in acknowledged mode.
pub fn wire_offset(job: &Job, i: usize) -> usize {
    PROBE_LEN
        + job.chunks[..i]
            .iter()
            .map(|c| c.len() + ACK_LEN)
            .sum::<usize>()
}

/// Where chunk `i`'s final LF sits in the chunk.
pub fn final_lf(job: &Job, i: usize) -> Option<usize> {
    job.chunks[i].iter().rposition(|&b| b == b'\n')
}

/// Short timeouts, no waiting between retries.
pub fn fast_config() -> Config {
    Config {
        connect_timeout: Duration::from_secs(2),
        probe_timeout: Duration::from_millis(150),
        reply_timeout: Duration::from_secs(3),
        write_timeout: Duration::from_secs(3),
        retries: 3,
        backoff: Duration::ZERO,
        baud: None,
        sleep: |_| {},
    }
}

/// How the fake printer behaves.
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// Per connection, in order: close it after this many bytes.
    pub drop_after: Vec<Option<usize>>,
    /// Drop every connection after this many bytes (when `drop_after` has no entry).
    pub drop_every: Option<usize>,
    /// Never answers queries (a printer without status).
    pub silent: bool,
    /// Accepts connections and never reads them.
    pub never_reads: bool,
    pub status: Status,
    /// After this many bytes of a connection the paper runs out.
    pub paper_out_after: Option<usize>,
}

#[derive(Debug)]
pub struct FakePrinter {
    pub target: Target,
    pub printer: Arc<Mutex<Printer>>,
    ended: Receiver<()>,
}

impl FakePrinter {
    pub fn start(behaviour: Behaviour) -> FakePrinter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let printer = Arc::new(Mutex::new(Printer::with_status(behaviour.status)));
        let (ended_tx, ended) = mpsc::channel();
        let shared = printer.clone();
        thread::spawn(move || {
            let mut held = Vec::new();
            for (n, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { break };
                if behaviour.never_reads {
                    held.push(stream);
                    continue;
                }
                let limit = match behaviour.drop_after.get(n) {
                    Some(limit) => *limit,
                    None => behaviour.drop_every,
                };
                serve(stream, &shared, limit, &behaviour);
                if ended_tx.send(()).is_err() {
                    break;
                }
            }
        });
        FakePrinter {
            target: Target::Tcp {
                host: addr.ip().to_string(),
                port: addr.port(),
            },
            printer,
            ended,
        }
    }

    /// Waits until `n` connections have ended (the client closes its last one when done).
    pub fn wait_connections(&self, n: u32) {
        for _ in 0..n {
            self.ended
                .recv_timeout(Duration::from_secs(10))
                .expect("a connection to the fake printer never ended");
        }
    }

    pub fn printed(&self) -> Vec<laris_printer::decode::Printed> {
        self.printer.lock().unwrap().printed().to_vec()
    }
}

/// Feeds what arrives to the printer model and sends its replies; with a `limit`, takes
/// exactly that many bytes and then closes the connection, mid-command or not.
fn serve(mut stream: TcpStream, printer: &Mutex<Printer>, limit: Option<usize>, b: &Behaviour) {
    let mut got = 0;
    let mut buf = [0u8; 4096];
    while limit != Some(got) {
        let n = match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let take = limit.map_or(n, |limit| n.min(limit - got));
        let mut piece = &buf[..take];
        let mut printer = printer.lock().unwrap();
        let mut reply = Vec::new();
        if let Some(at) = b
            .paper_out_after
            .filter(|&at| (got..got + take).contains(&at))
        {
            let (before, after) = piece.split_at(at - got);
            reply = printer.feed(before);
            printer.set_status(Status {
                paper_out: true,
                ..b.status
            });
            piece = after;
        }
        reply.extend(printer.feed(piece));
        drop(printer);
        got += take;
        if !b.silent && !reply.is_empty() && stream.write_all(&reply).is_err() {
            return;
        }
    }
}
