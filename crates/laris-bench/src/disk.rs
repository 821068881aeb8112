//! The disk's floor: how long appending a small block (128 bytes) to a file and making it
//! durable takes. A durable commit cannot be much cheaper than one of these. A floor with a
//! bigger block (as many bytes as a commit appends to the WAL) shows what the data costs.
//!
//! Both calls are measured because they differ in what they flush: `fsync` (Rust's
//! `File::sync_all`) also flushes metadata, `fdatasync` (`File::sync_data`) only what is
//! needed to read the data back (on an append that includes the new file size). SQLite's unix
//! VFS calls `fdatasync` only when built with `HAVE_FDATASYNC`; the bundled build of
//! libsqlite3-sys is not, so its WAL commit calls `fsync` (strace shows it).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::BenchResult;
use crate::stats::Samples;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncCall {
    /// `fsync(2)`, `File::sync_all`.
    Fsync,
    /// `fdatasync(2)`, `File::sync_data`.
    Fdatasync,
}

impl SyncCall {
    pub fn name(self) -> &'static str {
        match self {
            SyncCall::Fsync => "fsync",
            SyncCall::Fdatasync => "fdatasync",
        }
    }
}

/// A growing file in the scratch directory, appended to and synced; the latencies accumulate
/// over several [`Floor::measure`] calls, so the floor can be sampled before and after the
/// workload it is compared with.
#[derive(Debug)]
pub struct Floor {
    call: SyncCall,
    block: Vec<u8>,
    file: File,
    path: PathBuf,
    pub samples: Samples,
}

impl Floor {
    /// A floor that appends `block` bytes per sample.
    pub fn new(dir: &Path, call: SyncCall, block: usize) -> BenchResult<Self> {
        let path = dir.join(format!("floor-{}-{block}.bin", call.name()));
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        // Make the file's directory entry durable once, as SQLite does for a new WAL.
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Floor {
            call,
            block: vec![0x5a; block],
            file,
            path,
            samples: Samples::default(),
        })
    }

    pub fn call(&self) -> SyncCall {
        self.call
    }

    pub fn block(&self) -> usize {
        self.block.len()
    }

    /// `n` times: append the block and sync; each (write + sync) is one sample.
    pub fn measure(&mut self, n: usize) -> BenchResult<()> {
        for _ in 0..n {
            let (file, block, call) = (&mut self.file, &self.block, self.call);
            self.samples
                .time(|| {
                    file.write_all(block)?;
                    match call {
                        SyncCall::Fsync => file.sync_all(),
                        SyncCall::Fdatasync => file.sync_data(),
                    }
                })
                .map_err(|e| format!("{}: {e}", self.path.display()))?;
        }
        Ok(())
    }
}
