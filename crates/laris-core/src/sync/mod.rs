//! The till's half of sync that needs no network: the gapless outbox and its events, the sync
//! state, this device's HLC, applying pulled pages and putting recovered events back.

pub(crate) mod hlc;
pub(crate) mod outbox;
pub(crate) mod outbox_events;
pub(crate) mod recover;
pub(crate) mod remote_apply;
pub(crate) mod state;
