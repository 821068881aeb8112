//! The stock ledger: movements (the only writer of `stock_movements`) and the levels summed
//! from them.

mod movements;
mod stock;

pub(crate) use movements::{Cause, Movement, insert_movement};
pub use stock::*;
