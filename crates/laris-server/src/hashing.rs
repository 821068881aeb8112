//! Owners' password checks on a few dedicated threads, each with one argon2 memory buffer
//! that it keeps: however many logins arrive, at most `threads` checks run and the memory
//! they use is `threads` buffers (19 MiB each with the default parameters). A check that
//! allocated its buffer per call would leave each freed buffer in the allocator's arena of
//! whichever thread ran it (glibc keeps them), so the high-water mark would grow with the
//! number of threads that ever checked a password.
//!
//! A login waits at most `wait` for a free thread, then is answered 503 `busy`.

use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use argon2::password_hash::PasswordHash;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::error::{Result, ServerError};
use crate::secret::same_hash;

/// A stored hash asking for more memory than this is refused rather than checked (ours use
/// 19 MiB; this bounds what a corrupt row could make a thread hold).
const MAX_MEMORY_KIB: u32 = 256 * 1024;
/// What a busy reply tells the client to wait.
const BUSY_RETRY_MS: i64 = 1_000;

struct Job {
    password: String,
    stored: String,
    reply: oneshot::Sender<bool>,
    /// Released when the check is done, even if the request was dropped meanwhile.
    _permit: OwnedSemaphorePermit,
}

#[derive(Debug)]
pub struct PasswordPool {
    jobs: SyncSender<Job>,
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl PasswordPool {
    /// Starts `threads` checking threads (at least one); they end when the pool is dropped.
    pub fn new(threads: usize, wait: Duration) -> Self {
        let threads = threads.max(1);
        let (jobs, queue) = mpsc::sync_channel::<Job>(threads);
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new()
                .name(format!("laris-password-{i}"))
                .spawn(move || work(&queue));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password thread");
            }
        }
        PasswordPool {
            jobs,
            permits: Arc::new(Semaphore::new(threads)),
            wait,
        }
    }

    /// Whether `password` matches the argon2 PHC string `stored`; 503 `busy` when no thread
    /// frees up within the wait.
    pub async fn verify(&self, password: String, stored: String) -> Result<bool> {
        let permit = tokio::time::timeout(self.wait, Arc::clone(&self.permits).acquire_owned())
            .await
            .map_err(|_| ServerError::Busy {
                retry_after_ms: BUSY_RETRY_MS,
            })?
            .map_err(|e| ServerError::Internal(format!("password checks: {e}")))?;
        let (reply, answer) = oneshot::channel();
        let job = Job {
            password,
            stored,
            reply,
            _permit: permit,
        };
        // A permit is held per queued or running job and there are as many permits as
        // queue slots, so the queue is never full while the threads live.
        self.jobs.try_send(job).map_err(|e| {
            let why = match e {
                TrySendError::Full(_) => "queue full",
                TrySendError::Disconnected(_) => "no thread left",
            };
            ServerError::Internal(format!("password checks: {why}"))
        })?;
        answer
            .await
            .map_err(|_| ServerError::Internal("password check: the thread stopped".into()))
    }
}

fn work(queue: &Mutex<Receiver<Job>>) {
    let mut memory: Vec<Block> = Vec::new();
    loop {
        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = next else { return };
        let matches = verify_with(&mut memory, job.password.as_bytes(), &job.stored);
        let _ = job.reply.send(matches);
    }
}

/// argon2's own verification with `memory` as its buffer, grown when a hash needs more.
fn verify_with(memory: &mut Vec<Block>, password: &[u8], stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(expected), Some(salt)) = (parsed.hash, parsed.salt) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.m_cost() > MAX_MEMORY_KIB {
        tracing::error!(
            m_cost = params.m_cost(),
            "a stored password hash asks for too much memory: refused"
        );
        return false;
    }
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password, salt, &mut out, &mut memory[..])
        .is_ok()
        && same_hash(&out, expected.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::hash_password;

    #[tokio::test]
    async fn checks_like_argon2_and_refuses_when_busy() {
        let stored = hash_password("rahasia-123").unwrap();
        let pool = PasswordPool::new(1, Duration::from_secs(5));
        assert!(
            pool.verify("rahasia-123".into(), stored.clone())
                .await
                .unwrap()
        );
        assert!(
            !pool
                .verify("Rahasia-123".into(), stored.clone())
                .await
                .unwrap()
        );
        assert!(!pool.verify("x".into(), "not a hash".into()).await.unwrap());

        // One thread, no wait: of several checks at once, some are refused as busy.
        let pool = Arc::new(PasswordPool::new(1, Duration::ZERO));
        let checks: Vec<_> = (0..4)
            .map(|_| {
                let (pool, stored) = (Arc::clone(&pool), stored.clone());
                tokio::spawn(async move { pool.verify("nope".into(), stored).await })
            })
            .collect();
        let mut busy = 0;
        for c in checks {
            match c.await.unwrap() {
                Ok(matches) => assert!(!matches),
                Err(ServerError::Busy { .. }) => busy += 1,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(
            busy >= 1,
            "four checks at once on one thread without waiting"
        );
    }
}
