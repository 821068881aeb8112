//! Opening the till's database and the shop's own settings.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use laris_core::{
    Clock, CostMethod, DeviceReader, DeviceStore, IdSource, RandomIds, Rounding, ShopSettings,
    ShopSetup, ShopTimeZone, SystemClock, Tax, TaxMode,
};
use laris_sync::{Backoff, EngineConfig, SharedStore, SyncEngine};
use tokio::sync::watch;

use crate::dto::{SettingsInput, ShopSetupInput, ShopView, SyncView};
use crate::error::{AppError, Result};
use crate::sync::unpaired_view;

/// How the app runs its sync engine.
#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    pub engine: EngineConfig,
    /// Where saved files (a receipt's picture) go; `None`: the platform's downloads folder,
    /// else `~/Downloads`, else beside the database.
    pub export_dir: Option<PathBuf>,
}

/// Sync pacing the shell may override (tests and the demo shorten it); `None` keeps the
/// counter's default.
#[derive(Debug, Clone, Copy, Default)]
pub struct SyncTimings {
    pub debounce: Option<Duration>,
    pub period: Option<Duration>,
    pub backoff_base: Option<Duration>,
    pub backoff_max: Option<Duration>,
}

impl AppConfig {
    /// At the counter a lost connection is retried at most every 30 s (not the engine's
    /// 5 min default for servers and the CLI): the badge should turn green soon after the
    /// link is back.
    pub fn counter(timings: SyncTimings) -> AppConfig {
        let defaults = EngineConfig::default();
        AppConfig {
            engine: EngineConfig {
                debounce: timings.debounce.unwrap_or(defaults.debounce),
                period: timings.period.unwrap_or(defaults.period),
                backoff: Backoff {
                    base: timings.backoff_base.unwrap_or(Duration::from_secs(2)),
                    max: timings.backoff_max.unwrap_or(Duration::from_secs(30)),
                },
                ..defaults
            },
            export_dir: None,
        }
    }
}

/// The till as the window sees it. Cheap to share behind an `Arc`; every method takes the
/// store's lock only for its own short read or write.
#[derive(Debug)]
pub struct App {
    pub(crate) store: SharedStore,
    /// A read-only connection beside the writer, for reads that may take long (a year's
    /// report): they never hold the writer's lock, so checkout and sync go on meanwhile.
    reader: Mutex<Option<DeviceReader>>,
    pub(crate) path: PathBuf,
    pub(crate) config: AppConfig,
    pub(crate) engine: Mutex<Option<RunningEngine>>,
    pub(crate) status: watch::Sender<SyncView>,
    pub(crate) printer: crate::printing::PrintQueue,
}

/// The engine and the task republishing its status.
#[derive(Debug)]
pub(crate) struct RunningEngine {
    pub(crate) engine: SyncEngine,
    pub(crate) forwarder: tokio::task::JoinHandle<()>,
}

impl App {
    /// Opens (creating if needed) the till's database at `path`. Fails with
    /// `database_locked` if another Laris process has it open.
    pub fn open(
        path: impl AsRef<Path>,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
        config: AppConfig,
    ) -> Result<App> {
        let path = path.as_ref().to_path_buf();
        let store = DeviceStore::open(&path, clock, ids)?;
        let (status, _) = watch::channel(unpaired_view(Some(&store.sync_state()?)));
        Ok(App {
            store: Arc::new(Mutex::new(store)),
            reader: Mutex::new(None),
            path,
            config,
            engine: Mutex::new(None),
            status,
            printer: crate::printing::PrintQueue::new(laris_printer::Config::default()),
        })
    }

    /// [`Self::open`] with the machine's clock and random ids: the real till.
    pub fn open_system(path: impl AsRef<Path>, config: AppConfig) -> Result<App> {
        App::open(path, Arc::new(SystemClock), Arc::new(RandomIds), config)
    }

    /// Runs `f` on the store under its lock. A panic elsewhere while holding the lock left
    /// nothing half-written (SQLite rolled back), so a poisoned lock is taken over.
    pub(crate) fn with_store<R>(
        &self,
        f: impl FnOnce(&mut DeviceStore) -> laris_core::Result<R>,
    ) -> Result<R> {
        let mut guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(f(&mut guard)?)
    }

    /// Runs `f` on the reader connection (opened on first use), never under the writer's
    /// lock. SQLite's WAL gives it a consistent snapshot while the writer commits.
    pub(crate) fn with_reader<R>(
        &self,
        f: impl FnOnce(&DeviceReader) -> laris_core::Result<R>,
    ) -> Result<R> {
        let mut guard = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        let reader = match guard.take() {
            Some(r) => r,
            None => DeviceReader::open(&self.path)?,
        };
        let out = f(&reader);
        *guard = Some(reader);
        Ok(out?)
    }

    pub fn database_path(&self) -> &Path {
        &self.path
    }

    /// The shop, this till and the settings; `initialised: false` before [`Self::setup_shop`].
    pub fn shop(&self) -> Result<ShopView> {
        self.with_store(|s| {
            let device = s.device().ok().map(|d| d.code.clone());
            let settings = if device.is_some() {
                s.settings()?
            } else {
                ShopSettings::default()
            };
            Ok(shop_view(&settings, device, s.now_ms(), &self.path))
        })
    }

    /// Sets up a shop on a fresh install: its name, this till's receipt prefix, the zone.
    pub fn setup_shop(&self, input: &ShopSetupInput) -> Result<ShopView> {
        let setup = ShopSetup {
            name: input.name.trim().to_string(),
            device_code: input.device_code.trim().to_string(),
            timezone: input.timezone.parse()?,
        };
        if setup.name.is_empty() {
            return Err(AppError::invalid("name", "the shop needs a name"));
        }
        self.with_store(|s| s.init_shop(&setup).map(|_| ()))?;
        self.shop()
    }

    pub fn save_settings(&self, input: &SettingsInput) -> Result<ShopView> {
        let current = self.with_store(|s| s.settings())?;
        let settings = ShopSettings {
            qris_payload: input
                .qris_payload
                .as_deref()
                .map_or(current.qris_payload.clone(), |p| p.trim().to_string()),
            max_discount_bp: input.max_discount_bp.unwrap_or(current.max_discount_bp),
            cost_method: match input.cost_method.as_deref() {
                Some(m) => CostMethod::parse(m)?,
                None => current.cost_method,
            },
            name: input.name.trim().to_string(),
            address: input.address.trim().to_string(),
            receipt_footer: input.receipt_footer.trim().to_string(),
            timezone: input.timezone.parse()?,
            tax: Tax {
                mode: TaxMode::parse(&input.tax_mode)?,
                rate_bp: input.tax_rate_bp,
            },
            rounding: Rounding::parse(&input.rounding)?,
        };
        self.with_store(|s| {
            let authority = s.owner_authority(input.owner_pin.as_deref())?;
            s.save_settings(authority, &settings)
        })?;
        self.shop()
    }
}

fn shop_view(s: &ShopSettings, device: Option<String>, now_ms: i64, path: &Path) -> ShopView {
    let tz: ShopTimeZone = s.timezone;
    ShopView {
        initialised: device.is_some(),
        device_code: device,
        name: s.name.clone(),
        address: s.address.clone(),
        receipt_footer: s.receipt_footer.clone(),
        timezone: tz.as_str().to_string(),
        tax_mode: s.tax.mode.as_str().to_string(),
        tax_rate_bp: s.tax.rate_bp,
        rounding: s.rounding.as_str().to_string(),
        max_discount_bp: s.max_discount_bp,
        cost_method: s.cost_method.as_str().to_string(),
        today: crate::views::iso_date(tz.local_date(now_ms)),
        database_path: path.display().to_string(),
        qris_payload: s.qris_payload.clone(),
        qris_merchant: laris_qris::Qris::parse(&s.qris_payload)
            .ok()
            .map(|q| format!("{}, {}", q.merchant_name(), q.merchant_city())),
    }
}
