//! Selling: the cart in memory, its pricing, paying it in one transaction, the recent sales,
//! and the receipt.

pub(crate) mod cart;
pub(crate) mod checkout;
pub(crate) mod list;
pub(crate) mod pricing;
pub(crate) mod receipt;
pub(crate) mod returns;
