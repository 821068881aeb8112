//! An in-process server that keeps the sync rules of the real one (DESIGN.md "Sync rules"):
//! a push applies events in seq order and advances the device's acknowledged seq with them;
//! a seq already held is acknowledged and not applied again; a gap stops the batch; an
//! invalid event (or a product stamp too far ahead) is quarantined and acknowledged; a
//! record already held under another seq is a duplicate; products merge field by field;
//! every accepted change gets a store-wide change_seq and a device is never sent its own.
//! Faults are injected per call: the request lost on the way, or the response lost after
//! the server committed; a restore from a snapshot changes the epoch. Another event under a
//! held seq is refused (`seq_reused`), a device gets its own events back (`recover`), and the
//! proof carries identity digests.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use laris_protocol::hlc::check_drift;
use laris_protocol::v1::api::{PairReply, PairRequest, ProofV1, SeqRange};
use laris_protocol::v1::{
    Change, DigestBuilder, Event, EventBody, EventIdentity, Handshake, HandshakeReply, LimitsV1,
    PROTOCOL_VERSION, ProductV1, PullReply, PullRequest, PushReply, PushRequest, QuarantinedEvent,
    RecoverReply, RecoverRequest,
};
use laris_sync::{Result, SyncError, Transport};
use uuid::Uuid;

#[derive(Debug, Clone)]
enum Held {
    Applied { sale_total: Option<i64> },
    Duplicate,
    Quarantined(QuarantinedEvent),
}

#[derive(Debug, Clone)]
struct Device {
    credential: String,
    /// The owner revoked it: every call is refused with 403.
    revoked: bool,
    acked: u64,
    held: BTreeMap<u64, Held>,
    /// What each held seq names, and the event as sent.
    events: BTreeMap<u64, EventBody>,
    duplicates_rejected: u64,
}

#[derive(Debug, Clone)]
pub struct ServerState {
    pub store_id: Uuid,
    pub epoch: Uuid,
    pub now_ms: i64,
    pub limits: LimitsV1,
    /// At most this many events applied per push (then it stops, as after an error).
    pub max_apply_per_push: Option<usize>,
    /// The protocol version announced at the handshake (an older server: 1).
    pub protocol_version: u16,
    codes: HashSet<String>,
    devices: HashMap<Uuid, Device>,
    changes: Vec<Change>,
    sales: HashMap<Uuid, i64>,
    /// Voids and refunds by id, with the money they paid back.
    returns: HashMap<Uuid, i64>,
    /// The books' events held, by kind and record (a customer's by its version).
    books: HashSet<(&'static str, Uuid, String)>,
    movements: HashMap<Uuid, i64>,
    pub products: BTreeMap<Uuid, ProductV1>,
    /// Σ movements per product, sales' included.
    pub stock: BTreeMap<Uuid, i64>,
}

impl ServerState {
    pub fn duplicates_rejected(&self, device: Uuid) -> u64 {
        self.devices
            .get(&device)
            .map_or(0, |d| d.duplicates_rejected)
    }
}

#[derive(Debug)]
pub struct FakeServer {
    state: Mutex<ServerState>,
}

pub const STORE_NAME: &str = "Warung Bu Sri";

impl FakeServer {
    pub fn new(now_ms: i64) -> Arc<Self> {
        Arc::new(FakeServer {
            state: Mutex::new(ServerState {
                store_id: Uuid::from_u128(0x5707e),
                epoch: Uuid::from_u128(1),
                now_ms,
                limits: LimitsV1::default(),
                max_apply_per_push: None,
                protocol_version: PROTOCOL_VERSION,
                codes: HashSet::new(),
                devices: HashMap::new(),
                changes: Vec::new(),
                sales: HashMap::new(),
                returns: HashMap::new(),
                books: Default::default(),
                movements: HashMap::new(),
                products: BTreeMap::new(),
                stock: BTreeMap::new(),
            }),
        })
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut ServerState) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }

    pub fn add_code(&self, code: &str) {
        self.with(|s| s.codes.insert(code.to_string()));
    }

    pub fn snapshot(&self) -> ServerState {
        self.with(|s| s.clone())
    }

    /// Restores an older copy of the data, as an operator would, with a new epoch.
    pub fn restore(&self, snapshot: ServerState, new_epoch: u128) {
        self.with(|s| {
            let (now, limits) = (s.now_ms, s.limits);
            *s = snapshot;
            s.epoch = Uuid::from_u128(new_epoch);
            s.now_ms = now;
            s.limits = limits;
        });
    }

    /// The owner revokes `device`, as `laris-server device revoke` does.
    pub fn revoke(&self, device: Uuid) {
        self.with(|s| {
            if let Some(d) = s.devices.get_mut(&device) {
                d.revoked = true;
            }
        });
    }

    pub fn sales(&self) -> usize {
        self.with(|s| s.sales.len())
    }

    pub fn sales_total(&self) -> i64 {
        self.with(|s| s.sales.values().sum())
    }

    pub fn acked(&self, device: Uuid) -> u64 {
        self.with(|s| s.devices.get(&device).map_or(0, |d| d.acked))
    }

    pub fn head(&self) -> u64 {
        self.with(|s| s.changes.len() as u64)
    }

    /// Every seq 1..=acked of the device is held exactly once.
    pub fn contiguous(&self, device: Uuid) -> bool {
        self.with(|s| {
            s.devices
                .get(&device)
                .is_none_or(|d| d.held.keys().copied().eq(1..=d.acked))
        })
    }

    fn device<'a>(s: &'a mut ServerState, id: Uuid, credential: &str) -> Result<&'a mut Device> {
        match s.devices.get_mut(&id) {
            Some(d) if d.credential == credential && d.revoked => Err(SyncError::Server {
                status: 403,
                code: "device_revoked".into(),
                message: "this device was revoked by the owner".into(),
            }),
            Some(d) if d.credential == credential => Ok(d),
            _ => Err(SyncError::Server {
                status: 401,
                code: "unauthorized".into(),
                message: "unknown device or credential".into(),
            }),
        }
    }

    fn pair(&self, req: &PairRequest) -> Result<PairReply> {
        self.with(|s| {
            if !s.codes.remove(&req.code) {
                return Err(SyncError::Server {
                    status: 400,
                    code: "invalid_code".into(),
                    message: "unknown, used or expired pairing code".into(),
                });
            }
            let credential = format!("cred-{}", req.device_id.simple());
            let d = s.devices.entry(req.device_id).or_insert(Device {
                credential: String::new(),
                revoked: false,
                acked: 0,
                held: BTreeMap::new(),
                events: BTreeMap::new(),
                duplicates_rejected: 0,
            });
            d.credential = credential.clone();
            d.revoked = false;
            Ok(PairReply {
                store_id: s.store_id,
                store_name: STORE_NAME.into(),
                device_id: req.device_id,
                credential,
            })
        })
    }

    fn handshake(&self, req: &Handshake, credential: &str) -> Result<HandshakeReply> {
        self.with(|s| {
            let head = s.changes.len() as u64;
            let (epoch, now, limits) = (s.epoch, s.now_ms, s.limits);
            if req.store_id != s.store_id {
                return Err(SyncError::Server {
                    status: 403,
                    code: "forbidden".into(),
                    message: "another store".into(),
                });
            }
            let protocol_version = s.protocol_version;
            let d = Self::device(s, req.device_id, credential)?;
            Ok(HandshakeReply {
                protocol_version,
                server_epoch: epoch,
                acked_seq: d.acked,
                head_change_seq: head,
                server_time_ms: now,
                limits,
            })
        })
    }

    fn push(&self, req: &PushRequest, credential: &str) -> Result<PushReply> {
        self.with(|s| {
            Self::device(s, req.device_id, credential)?;
            let mut quarantined = Vec::new();
            let mut applied = 0usize;
            for event in &req.events {
                let acked = s.devices[&req.device_id].acked;
                if event.seq <= acked {
                    let d = s.devices.get_mut(&req.device_id).unwrap();
                    if let Some(held) = d.events.get(&event.seq)
                        && (held.kind() != event.body.kind()
                            || held.entity_id() != event.body.entity_id())
                    {
                        return Err(SyncError::SeqReused {
                            seq: event.seq,
                            server_acked: acked,
                            message: "another event under a held seq (fake)".into(),
                        });
                    }
                    d.duplicates_rejected += 1;
                    if let Some(Held::Quarantined(q)) = d.held.get(&event.seq) {
                        quarantined.push(q.clone());
                    }
                    continue;
                }
                if event.seq > acked + 1 || s.max_apply_per_push.is_some_and(|m| applied >= m) {
                    break;
                }
                applied += 1;
                let held = match check(s, &event.body) {
                    Err(q) => {
                        let q = QuarantinedEvent {
                            seq: event.seq,
                            code: q.0,
                            message: q.1,
                        };
                        quarantined.push(q.clone());
                        Held::Quarantined(q)
                    }
                    Ok(()) => apply(s, req.device_id, event.seq, &event.body),
                };
                let d = s.devices.get_mut(&req.device_id).unwrap();
                d.held.insert(event.seq, held);
                d.events.insert(event.seq, event.body.clone());
                d.acked = event.seq;
            }
            Ok(PushReply {
                acked_seq: s.devices[&req.device_id].acked,
                quarantined,
            })
        })
    }

    fn pull(&self, req: &PullRequest, device: Uuid, credential: &str) -> Result<PullReply> {
        self.with(|s| {
            Self::device(s, device, credential)?;
            let limit = req.limit.min(s.limits.max_pull_page).max(1) as usize;
            let mut changes = Vec::new();
            let mut next_cursor = s.changes.len() as u64;
            let mut has_more = false;
            for c in s.changes.iter().filter(|c| c.change_seq > req.cursor) {
                if c.origin_device == device {
                    continue;
                }
                if changes.len() == limit {
                    has_more = true;
                    next_cursor = changes.last().map_or(req.cursor, |c: &Change| c.change_seq);
                    break;
                }
                changes.push(c.clone());
            }
            Ok(PullReply {
                changes,
                next_cursor: next_cursor.max(req.cursor),
                has_more,
            })
        })
    }

    fn recover(
        &self,
        req: &RecoverRequest,
        device: Uuid,
        credential: &str,
    ) -> Result<RecoverReply> {
        self.with(|s| {
            let products = s.products.clone();
            let d = Self::device(s, device, credential)?;
            let limit = req.limit.max(1) as usize;
            let rows: Vec<(u64, &EventBody)> = d
                .events
                .range(req.after_seq + 1..=req.up_to_seq)
                .filter(|(seq, _)| !matches!(d.held.get(seq), Some(Held::Quarantined(_))))
                .take(limit)
                .map(|(seq, body)| (*seq, body))
                .collect();
            let has_more = rows.len() == limit;
            let next_after = match rows.last() {
                Some((seq, _)) if has_more => *seq,
                _ => req.up_to_seq,
            };
            let events = rows
                .into_iter()
                .map(|(seq, body)| Event {
                    seq,
                    body: match body {
                        EventBody::ProductUpsert(p) => {
                            EventBody::ProductUpsert(Box::new(products[&p.id].clone()))
                        }
                        other => other.clone(),
                    },
                })
                .collect();
            Ok(RecoverReply {
                events,
                next_after,
                has_more,
            })
        })
    }

    fn proof(&self, device: Uuid, credential: &str) -> Result<ProofV1> {
        self.with(|s| {
            let epoch = s.epoch;
            let d = Self::device(s, device, credential)?;
            let first = d.held.keys().next().copied();
            let last = d.held.keys().next_back().copied();
            let mut gaps = Vec::new();
            let mut prev = first.unwrap_or(1).saturating_sub(1);
            for &seq in d.held.keys() {
                if seq > prev + 1 {
                    gaps.push(SeqRange {
                        first: prev + 1,
                        last: seq - 1,
                    });
                }
                prev = seq;
            }
            let totals: Vec<i64> = d
                .held
                .values()
                .filter_map(|h| match h {
                    Held::Applied { sale_total } => *sale_total,
                    _ => None,
                })
                .collect();
            Ok(ProofV1 {
                device_id: device,
                server_epoch: epoch,
                first_seq: first,
                last_seq: last,
                events: d.held.len() as u64,
                gaps,
                sales: totals.len() as u64,
                sales_total: totals.iter().sum(),
                duplicates_rejected: d.duplicates_rejected,
                quarantined: d
                    .held
                    .values()
                    .filter_map(|h| match h {
                        Held::Quarantined(q) => Some(q.clone()),
                        _ => None,
                    })
                    .collect(),
                digests: {
                    let mut b = DigestBuilder::new();
                    for (seq, body) in &d.events {
                        b.push(EventIdentity {
                            seq: *seq,
                            kind: body.kind(),
                            entity_id: body.entity_id(),
                        });
                    }
                    b.finish()
                },
            })
        })
    }
}

/// Validation and the drift bound: (code, message) of a quarantine.
fn check(s: &ServerState, body: &EventBody) -> std::result::Result<(), (String, String)> {
    body.validate()
        .map_err(|e| (e.code().to_string(), e.to_string()))?;
    if let EventBody::ProductUpsert(p) = body {
        let now = u64::try_from(s.now_ms).unwrap_or(0);
        for stamp in p.stamps() {
            check_drift(stamp, now, s.limits.max_clock_drift_ms)
                .map_err(|e| (e.code().to_string(), e.to_string()))?;
        }
    }
    Ok(())
}

fn apply(s: &mut ServerState, device: Uuid, seq: u64, body: &EventBody) -> Held {
    let logged = match body {
        EventBody::Sale(sale) => {
            if s.sales.contains_key(&sale.id) {
                return Held::Duplicate;
            }
            s.sales.insert(sale.id, sale.total);
            for m in sale.stock_movements() {
                s.movements.insert(m.id, m.qty_milli);
                *s.stock.entry(m.product_id).or_default() += m.qty_milli;
            }
            body.clone()
        }
        EventBody::SaleReturn(r) => {
            if s.returns.contains_key(&r.id) {
                return Held::Duplicate;
            }
            // Never refused, even past what was sold: the real server flags that.
            s.returns.insert(r.id, r.amount);
            for m in r.stock_movements() {
                s.movements.insert(m.id, m.qty_milli);
                *s.stock.entry(m.product_id).or_default() += m.qty_milli;
            }
            body.clone()
        }
        EventBody::StockMovement(m) => {
            if s.movements.contains_key(&m.id) {
                return Held::Duplicate;
            }
            s.movements.insert(m.id, m.qty_milli);
            *s.stock.entry(m.product_id).or_default() += m.qty_milli;
            body.clone()
        }
        EventBody::ProductUpsert(p) => {
            let merged = match s.products.get_mut(&p.id) {
                Some(have) => {
                    if !have.merge(p).expect("same id") {
                        return Held::Applied { sale_total: None };
                    }
                    have.clone()
                }
                None => {
                    s.products.insert(p.id, (**p).clone());
                    (**p).clone()
                }
            };
            EventBody::ProductUpsert(Box::new(merged))
        }
        books => {
            let version = match books {
                EventBody::Customer(c) => c.stamp.to_string(),
                _ => String::new(),
            };
            if !s.books.insert((books.kind(), books.entity_id(), version)) {
                return Held::Duplicate;
            }
            if let EventBody::StockCount(c) = books {
                for m in c.stock_movements() {
                    s.movements.insert(m.id, m.qty_milli);
                    *s.stock.entry(m.product_id).or_default() += m.qty_milli;
                }
            }
            body.clone()
        }
    };
    let change_seq = s.changes.len() as u64 + 1;
    s.changes.push(Change {
        change_seq,
        origin_device: device,
        body: logged,
    });
    let _ = seq;
    Held::Applied {
        sale_total: match body {
            EventBody::Sale(sale) => Some(sale.total),
            _ => None,
        },
    }
}

/// Which call a fault hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Handshake,
    Push,
    Pull,
    Recover,
    Proof,
}

/// What goes wrong, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The request never reaches the server.
    DropRequest,
    /// The server commits, and the reply is lost on the way back.
    DropResponse,
}

/// One device's connection to the fake server.
#[derive(Debug)]
pub struct FakeTransport {
    pub server: Arc<FakeServer>,
    pub device_id: Uuid,
    pub credential: Mutex<Option<String>>,
    faults: Mutex<Vec<(Call, Fault)>>,
    pub offline: AtomicBool,
    /// Pushes of more events than this are cut (0: none are).
    cut_over: std::sync::atomic::AtomicUsize,
    /// Every call and when it came (tokio time: paused in engine tests).
    pub calls: Mutex<Vec<(Call, tokio::time::Instant)>>,
}

impl FakeTransport {
    pub fn new(server: Arc<FakeServer>, device_id: Uuid) -> Arc<Self> {
        Arc::new(FakeTransport {
            server,
            device_id,
            credential: Mutex::new(None),
            faults: Mutex::new(Vec::new()),
            offline: AtomicBool::new(false),
            cut_over: std::sync::atomic::AtomicUsize::new(0),
            calls: Mutex::new(Vec::new()),
        })
    }

    /// The next `call` suffers `fault`.
    pub fn fail_next(&self, call: Call, fault: Fault) {
        self.faults.lock().unwrap().push((call, fault));
    }

    /// From now on every push of more than `events` events is lost on the way (a link that
    /// drops connections after so many bytes).
    pub fn cut_pushes_over(&self, events: usize) {
        self.cut_over.store(events, Ordering::SeqCst);
    }

    pub fn set_offline(&self, offline: bool) {
        self.offline.store(offline, Ordering::SeqCst);
    }

    pub fn count(&self, call: Call) -> usize {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|c| c.0 == call)
            .count()
    }

    /// When each `call` came.
    pub fn times(&self, call: Call) -> Vec<tokio::time::Instant> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|c| c.0 == call)
            .map(|c| c.1)
            .collect()
    }

    fn unreachable() -> SyncError {
        SyncError::Unreachable("connection refused (fake)".into())
    }

    /// Runs `f` against the server unless a fault says otherwise.
    fn call<R>(&self, call: Call, f: impl FnOnce(&str) -> Result<R>) -> Result<R> {
        self.calls
            .lock()
            .unwrap()
            .push((call, tokio::time::Instant::now()));
        if self.offline.load(Ordering::SeqCst) {
            return Err(Self::unreachable());
        }
        let fault = {
            let mut faults = self.faults.lock().unwrap();
            faults
                .iter()
                .position(|(c, _)| *c == call)
                .map(|i| faults.remove(i).1)
        };
        let credential = self.credential.lock().unwrap().clone().unwrap_or_default();
        match fault {
            Some(Fault::DropRequest) => Err(Self::unreachable()),
            Some(Fault::DropResponse) => {
                let _ = f(&credential);
                Err(Self::unreachable())
            }
            None => f(&credential),
        }
    }
}

impl Transport for FakeTransport {
    async fn pair(&self, req: &PairRequest) -> Result<PairReply> {
        let reply = self.server.pair(req)?;
        *self.credential.lock().unwrap() = Some(reply.credential.clone());
        Ok(reply)
    }

    async fn handshake(&self, req: &Handshake) -> Result<HandshakeReply> {
        self.call(Call::Handshake, |c| self.server.handshake(req, c))
    }

    async fn push(&self, req: &PushRequest) -> Result<PushReply> {
        let cut_over = self.cut_over.load(Ordering::SeqCst);
        if cut_over > 0 && req.events.len() > cut_over {
            self.calls
                .lock()
                .unwrap()
                .push((Call::Push, tokio::time::Instant::now()));
            return Err(SyncError::Unreachable(
                "connection cut mid-body (fake)".into(),
            ));
        }
        self.call(Call::Push, |c| self.server.push(req, c))
    }

    async fn pull(&self, req: &PullRequest) -> Result<PullReply> {
        self.call(Call::Pull, |c| self.server.pull(req, self.device_id, c))
    }

    async fn recover(&self, req: &RecoverRequest) -> Result<RecoverReply> {
        self.call(Call::Recover, |c| {
            self.server.recover(req, self.device_id, c)
        })
    }

    async fn proof(&self) -> Result<ProofV1> {
        self.call(Call::Proof, |c| self.server.proof(self.device_id, c))
    }
}
