//! The app state: the till's facade, or why there is none (the database is held by another
//! Laris window, or cannot be opened). Commands on an unavailable till return that error, so
//! the window can say it plainly.

use std::path::Path;
use std::sync::Arc;

use laris_app::{App, AppConfig, AppError};
use laris_core::{RandomIds, SystemClock};

pub enum Till {
    Ready(Arc<App>),
    Unavailable(AppError),
}

impl Till {
    pub fn open(db: &Path, config: AppConfig) -> Till {
        match App::open(db, Arc::new(SystemClock), Arc::new(RandomIds), config) {
            Ok(app) => Till::Ready(Arc::new(app)),
            Err(e) => Till::Unavailable(e),
        }
    }

    pub fn app(&self) -> Result<&Arc<App>, AppError> {
        match self {
            Till::Ready(app) => Ok(app),
            Till::Unavailable(e) => Err(e.clone()),
        }
    }
}
