//! Fitting text to the paper's columns: names wrap at spaces and are cut only where a single
//! word is longer than a line, so nothing the customer paid for is dropped.

/// `s` wrapped at spaces into lines of at most `width` characters; a word longer than a line
/// is cut across lines. Nothing is dropped.
pub(crate) fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in s.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            lines.push(word.drain(..width).collect());
        }
        let used = current.chars().count();
        if used > 0 && used + 1 + word.len() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.extend(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// `left` and `right` on one line of `width` characters, the left cut short if both do not
/// fit (labels are short; amounts are never cut).
pub(crate) fn two_columns(left: &str, right: &str, width: usize) -> String {
    let right_len = right.chars().count();
    let left: String = left
        .chars()
        .take(width.saturating_sub(right_len + 1))
        .collect();
    let gap = width.saturating_sub(left.chars().count() + right_len);
    format!("{left}{}{right}", " ".repeat(gap))
}

/// A rate in basis points as Indonesians write a percentage: 11, 11,5.
pub(crate) fn percent(bp: i64) -> String {
    if bp.rem_euclid(100) == 0 {
        (bp / 100).to_string()
    } else {
        format!("{},{:02}", bp / 100, bp % 100)
            .trim_end_matches('0')
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_the_paper() {
        assert_eq!(two_columns("TOTAL", "Rp 17.500", 32).chars().count(), 32);
        assert_eq!(two_columns(&"x".repeat(40), "Rp 1", 32).chars().count(), 32);
        assert_eq!(percent(1100), "11");
        assert_eq!(percent(1150), "11,5");
        assert_eq!(
            wrap("Gula Pasir Gulaku Premium", 12),
            ["Gula Pasir", "Gulaku", "Premium"]
        );
        assert_eq!(
            wrap("QR-2026112700420042", 8),
            ["QR-20261", "12700420", "042"]
        );
        assert!(wrap("   ", 8).is_empty());
    }
}
