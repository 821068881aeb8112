//! Selling: the cart in memory, its pricing, paying it in one transaction, the recent sales.
//! The receipt is laris-receipt's.

pub(crate) mod cart;
pub(crate) mod checkout;
pub(crate) mod list;
pub(crate) mod pricing;
pub(crate) mod qris;
pub(crate) mod returns;
pub(crate) mod settlement;
