//! EMVCo TLV: a two-digit tag, a two-digit length in characters, the value.

use crate::{QrisError, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub tag: String,
    pub value: String,
}

/// Splits `s` into fields, refusing anything that does not tile it exactly.
pub(crate) fn parse(s: &str) -> Result<Vec<Field>> {
    let chars: Vec<char> = s.chars().collect();
    let mut fields = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let head: String = chars
            .get(i..i + 4)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        if head.len() != 4 || !head.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QrisError::Malformed(format!(
                "at character {i}: expected a tag and a length (4 digits)"
            )));
        }
        let len: usize = head[2..].parse().unwrap_or(0);
        let end = i + 4 + len;
        if end > chars.len() {
            return Err(QrisError::Malformed(format!(
                "field {} at character {i} says {len} characters, only {} are left",
                &head[..2],
                chars.len() - i - 4
            )));
        }
        fields.push(Field {
            tag: head[..2].to_string(),
            value: chars[i + 4..end].iter().collect(),
        });
        i = end;
    }
    if fields.is_empty() {
        return Err(QrisError::Malformed("empty".into()));
    }
    Ok(fields)
}

pub(crate) fn write(out: &mut String, tag: &str, value: &str) {
    out.push_str(tag);
    out.push_str(&format!("{:02}", value.chars().count()));
    out.push_str(value);
}
