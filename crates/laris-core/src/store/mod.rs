//! The device database: the one writer and the readers beside it, connection set-up and
//! migrations, online backup, and the files' private modes.

pub(crate) mod backup;
pub(crate) mod db;
mod device;
pub(crate) mod private_files;

pub use device::*;
