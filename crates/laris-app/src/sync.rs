//! The sync engine's lifecycle in the app: started when the till is paired (at launch or by
//! pairing), stopped by unpairing; its status republished as a [`SyncView`] for the badge;
//! "sync now" and the proof of sync.

use std::sync::PoisonError;

use laris_core::SyncState;
use laris_sync::{Connectivity, HttpTransport, SyncEngine, SyncStatus, prove};
use tokio::sync::watch;

use crate::app::{App, RunningEngine};
use crate::dto::{PairInput, ProofView, SignUpInput, SyncConnectivity, SyncView};
use crate::error::{AppError, Result};
use laris_protocol::v1::api::SignupRequest;

/// The view of a till with no running engine: unpaired, or paired and about to start.
pub(crate) fn unpaired_view(state: Option<&SyncState>) -> SyncView {
    let paired = state.is_some_and(SyncState::is_paired);
    SyncView {
        connectivity: if paired {
            SyncConnectivity::Syncing
        } else {
            SyncConnectivity::Unpaired
        },
        pending: state.map_or(0, SyncState::pending),
        last_success_at: state.and_then(|s| s.last_success_at),
        last_error_code: None,
        last_error_message: None,
        server_url: state.and_then(|s| s.server_url.clone()),
        store_name: state.and_then(|s| s.store_name.clone()),
    }
}

fn engine_view(status: &SyncStatus, server_url: &str, store_name: Option<&str>) -> SyncView {
    SyncView {
        connectivity: match status.connectivity {
            Connectivity::Online => SyncConnectivity::Online,
            Connectivity::Offline => SyncConnectivity::Offline,
            Connectivity::Syncing => SyncConnectivity::Syncing,
            Connectivity::Refused => SyncConnectivity::Refused,
        },
        pending: status.pending,
        last_success_at: status.last_success_at,
        last_error_code: status
            .last_error
            .as_ref()
            .map(|e| crate::ErrorCode::parse(&e.code)),
        last_error_message: status.last_error.as_ref().map(|e| e.message.clone()),
        server_url: Some(server_url.to_string()),
        store_name: store_name.map(String::from),
    }
}

impl App {
    /// What the badge shows now.
    pub fn sync_status(&self) -> SyncView {
        self.status.borrow().clone()
    }

    /// Every change of [`Self::sync_status`], for the shell to forward to the window.
    pub fn subscribe(&self) -> watch::Receiver<SyncView> {
        self.status.subscribe()
    }

    /// Starts the engine if the till is paired and it is not running. Call inside a tokio
    /// runtime (the engine is a task on it).
    pub fn start_sync(&self) -> Result<SyncView> {
        let mut running = self.engine.lock().unwrap_or_else(PoisonError::into_inner);
        if running.is_some() {
            return Ok(self.sync_status());
        }
        let state = self.with_store(|s| s.sync_state())?;
        let (Some(url), Some(credential), true) = (
            state.server_url.clone(),
            state.credential.clone(),
            state.is_paired(),
        ) else {
            self.status.send_replace(unpaired_view(Some(&state)));
            return Ok(self.sync_status());
        };
        let transport = HttpTransport::new(&url, Some(credential))?;
        let engine = SyncEngine::spawn(self.store.clone(), transport, self.config.engine.clone())?;
        let mut rx = engine.status();
        let tx = self.status.clone();
        let store_name = state.store_name.clone();
        tx.send_replace(engine_view(&rx.borrow(), &url, store_name.as_deref()));
        let forwarder = tokio::spawn(async move {
            while rx.changed().await.is_ok() {
                let view = engine_view(&rx.borrow_and_update(), &url, store_name.as_deref());
                tx.send_if_modified(|v| {
                    let changed = *v != view;
                    *v = view;
                    changed
                });
            }
        });
        *running = Some(RunningEngine { engine, forwarder });
        Ok(self.sync_status())
    }

    /// "Daftar toko": the owner's account and the shop on the server at `server_url`, then
    /// this till paired with it (its catalog goes up with the first push) and syncing.
    pub async fn sign_up_shop(&self, input: &SignUpInput) -> Result<SyncView> {
        let url = server_url(&input.server_url)?;
        let shop_name = match input.shop_name.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => self.shop()?.name,
        };
        let transport = HttpTransport::new(&url, None)?;
        let reply = transport
            .sign_up(&SignupRequest {
                email: input.email.trim().to_string(),
                password: input.password.clone(),
                store_name: shop_name,
                invite: input
                    .invite
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
            })
            .await?;
        laris_sync::pair(
            &self.store,
            &transport,
            &url,
            &reply.pairing.code,
            input.device_name.as_deref(),
        )
        .await?;
        self.start_sync()
    }

    /// Pairs this till with the server at `server_url` using the owner's code, then starts
    /// syncing.
    pub async fn pair(&self, input: &PairInput) -> Result<SyncView> {
        let url = server_url(&input.server_url)?;
        // Read as the server makes codes: case, spaces and dashes do not matter.
        let code = laris_protocol::normalize_pairing_code(&input.code)
            .map_err(|e| AppError::invalid("code", e.to_string()))?;
        if let Some(code) = input.device_code.as_deref().map(str::trim)
            && !code.is_empty()
        {
            let mut till = self.store.lock().unwrap_or_else(PoisonError::into_inner);
            if !till.device()?.code.eq_ignore_ascii_case(code) {
                till.set_device_code(code)?;
            }
        }
        let transport = HttpTransport::new(&url, None)?;
        laris_sync::pair(
            &self.store,
            &transport,
            &url,
            &code,
            input.device_name.as_deref(),
        )
        .await?;
        self.start_sync()
    }

    /// Stops syncing and forgets the server and this till's credential. Nothing is lost:
    /// what the server has not acknowledged is sent after pairing again.
    pub async fn unpair(&self) -> Result<SyncView> {
        self.stop_sync().await;
        self.with_store(|s| s.forget_pairing())?;
        let state = self.with_store(|s| s.sync_state())?;
        self.status.send_replace(unpaired_view(Some(&state)));
        Ok(self.sync_status())
    }

    /// Runs a round now, whatever the schedule (the badge's "sync now").
    pub fn sync_now(&self) -> Result<SyncView> {
        let running = self.engine.lock().unwrap_or_else(PoisonError::into_inner);
        match running.as_ref() {
            Some(r) => {
                r.engine.sync_now();
                Ok(self.sync_status())
            }
            None => Err(laris_core::CoreError::NotPaired.into()),
        }
    }

    /// Asks the server what it holds of this till and compares it with the till's outbox.
    pub async fn proof(&self) -> Result<ProofView> {
        let state = self.with_store(|s| s.sync_state())?;
        let (Some(url), Some(credential), true) = (
            state.server_url,
            state.credential,
            state.paired_at.is_some(),
        ) else {
            return Err(laris_core::CoreError::NotPaired.into());
        };
        let transport = HttpTransport::new(&url, Some(credential))?;
        let p = prove(&self.store, &transport).await?;
        Ok(ProofView {
            summary: p.summary(),
            matches: p.matches(),
            device_code: p.device_code,
            server_sales: p.server.sales,
            server_total: p.server.sales_total,
            local_sales: p.local.sales,
            local_total: p.local.sales_total,
            up_to: p.up_to,
            device_last_seq: p.device_last_seq,
            gaps: p.gaps,
            doubles: p.doubles,
            missing: p.missing,
            totals_match: p.totals_match,
        })
    }

    /// Stops the engine after its current round (at exit, or before unpairing).
    pub async fn stop_sync(&self) {
        let running = self
            .engine
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(r) = running {
            let _ = r.engine.shutdown().await;
            r.forwarder.abort();
        }
    }

    /// An outbox event (a sale, a stock movement, a product edit) was written: the engine
    /// syncs it soon.
    pub(crate) fn outbox_written(&self) {
        if let Some(r) = self
            .engine
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            r.engine.sale_recorded();
        } else {
            // Unpaired: keep the badge's count of what waits honest anyway.
            if let Ok(state) = self.with_store(|s| s.sync_state()) {
                self.status.send_replace(unpaired_view(Some(&state)));
            }
        }
    }
}

/// A server address as the till keeps it: http(s), no trailing slash.
fn server_url(raw: &str) -> Result<String> {
    let url = raw.trim().trim_end_matches('/').to_string();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(AppError::invalid(
            "server_url",
            "the server address starts with http:// or https://",
        ));
    }
    Ok(url)
}
