use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// One product counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountLineInput {
    pub product_id: Uuid,
    #[ts(type = "number")]
    pub counted_milli: i64,
}

/// A stock count (stock opname) of some or all products, during trading; the owner's PIN
/// once anyone is set up (a count corrects stock).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountInput {
    pub lines: Vec<CountLineInput>,
    pub note: Option<String>,
    pub owner_pin: Option<String>,
}

/// One product of a count: what the till expected at that moment, what was counted, and
/// the difference, which is what the count records (so sales on other tills before and
/// after it still add up after sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountLineView {
    pub product_id: Uuid,
    pub name: String,
    pub unit: String,
    #[ts(type = "number")]
    pub expected_milli: i64,
    #[ts(type = "number")]
    pub counted_milli: i64,
    #[ts(type = "number")]
    pub difference_milli: i64,
    #[ts(type = "number")]
    pub unit_cost: i64,
    /// The difference at cost (negative: goods missing).
    #[ts(type = "number")]
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountView {
    pub id: Uuid,
    #[ts(type = "number")]
    pub at: i64,
    pub local_time: String,
    pub by: Option<String>,
    pub note: Option<String>,
    pub this_till: bool,
    pub lines: Vec<CountLineView>,
    /// Σ line values.
    #[ts(type = "number")]
    pub value: i64,
}
