//! The app state: the till's facade, or why there is none (the database is held by another
//! Laris window, or cannot be opened). Commands on an unavailable till return that error, so
//! the window can say it plainly.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use laris_app::{App, AppConfig, AppError, AppErrorCode};

/// How long a starting window waits for the database held by a closing one.
const LOCK_PATIENCE: Duration = Duration::from_secs(5);

pub enum Till {
    Ready(Arc<App>),
    Unavailable(AppError),
}

impl Till {
    /// Opens the till's database. A window closed a moment ago may still be finishing its
    /// last write and holding the database, so a locked database is retried for a few
    /// seconds before this window says another Laris has it.
    pub fn open(db: &Path, config: AppConfig) -> Till {
        let deadline = Instant::now() + LOCK_PATIENCE;
        loop {
            match App::open_system(db, config.clone()) {
                Ok(app) => return Till::Ready(Arc::new(app)),
                Err(e) if e.is(AppErrorCode::DatabaseLocked) && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => return Till::Unavailable(e),
            }
        }
    }

    pub fn app(&self) -> Result<&Arc<App>, AppError> {
        match self {
            Till::Ready(app) => Ok(app),
            Till::Unavailable(e) => Err(e.clone()),
        }
    }
}
