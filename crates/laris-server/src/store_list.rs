//! What `laris-server store list` prints: a table for people, or JSON for scripts (`--json`,
//! one array, times both as Unix milliseconds and as RFC 3339 in UTC).

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use uuid::Uuid;

use crate::storage::StoreListing;

#[derive(Serialize)]
struct JsonStore<'a> {
    store_id: Uuid,
    name: &'a str,
    owner_email: Option<&'a str>,
    devices: u64,
    created_at_ms: i64,
    created_at: String,
}

/// The stores as a JSON array (with a final newline).
pub fn json(stores: &[StoreListing]) -> String {
    let rows: Vec<JsonStore<'_>> = stores
        .iter()
        .map(|s| JsonStore {
            store_id: s.store_id,
            name: &s.name,
            owner_email: s.owner_email.as_deref(),
            devices: s.devices,
            created_at_ms: s.created_at_ms,
            created_at: utc(s.created_at_ms)
                .and_then(|t| t.format(&Rfc3339).ok())
                .unwrap_or_default(),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).expect("plain values always serialize");
    out.push('\n');
    out
}

/// The stores as a table with a header, columns aligned; "no stores" when there are none.
pub fn table(stores: &[StoreListing]) -> String {
    if stores.is_empty() {
        return "no stores\n".into();
    }
    let header = ["STORE ID", "NAME", "OWNER", "DEVICES", "CREATED (UTC)"].map(String::from);
    let minute = format_description!("[year]-[month]-[day] [hour]:[minute]");
    let rows: Vec<[String; 5]> = stores
        .iter()
        .map(|s| {
            [
                s.store_id.to_string(),
                printable(&s.name),
                s.owner_email
                    .as_deref()
                    .map_or_else(|| "-".into(), printable),
                s.devices.to_string(),
                utc(s.created_at_ms)
                    .and_then(|t| t.format(&minute).ok())
                    .unwrap_or_else(|| s.created_at_ms.to_string()),
            ]
        })
        .collect();
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn utc(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

/// A name as one table cell: control characters (a tab, a newline) would break the columns.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(n: u128, name: &str, devices: u64) -> StoreListing {
        StoreListing {
            store_id: Uuid::from_u128(n),
            name: name.into(),
            owner_email: Some(format!("owner{n}@example.id")),
            devices,
            // 2026-01-01 03:00 UTC
            created_at_ms: 1_767_236_400_000,
        }
    }

    #[test]
    fn the_table_aligns_and_the_json_has_every_field() {
        let stores = [store(1, "Warung\tBu Sri", 2), store(2, "Toko", 0)];
        let text = table(&stores);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("STORE ID"), "{text}");
        assert!(lines[1].contains("Warung Bu Sri") && lines[1].contains("2026-01-01 03:00"));
        let col = |l: &str| l.find("owner").unwrap();
        assert_eq!(col(lines[1]), col(lines[2]), "{text}");
        assert_eq!(table(&[]), "no stores\n");

        let v: serde_json::Value = serde_json::from_str(&json(&stores)).unwrap();
        assert_eq!(v[0]["store_id"], Uuid::from_u128(1).to_string());
        assert_eq!(v[0]["name"], "Warung\tBu Sri");
        assert_eq!(v[0]["owner_email"], "owner1@example.id");
        assert_eq!(v[0]["devices"], 2);
        assert_eq!(v[0]["created_at_ms"], 1_767_236_400_000_i64);
        assert_eq!(v[0]["created_at"], "2026-01-01T03:00:00Z");
        assert_eq!(json(&[]), "[]\n");
    }
}
