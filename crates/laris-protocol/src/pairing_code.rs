//! The pairing code an owner reads out to a till: [`PAIRING_CODE_LEN`] symbols of
//! [`PAIRING_CODE_ALPHABET`], and how a typed or pasted code is read ([`normalize_pairing_code`]).
//! The server makes the codes; the device normalizes what the cashier typed before it sends it,
//! and the window (ui/src/lib/pairing.ts) applies the same rule, proven by the shared cases in
//! tests/golden/pairing_codes.json.
//!
//! What is forgiven, and what is not:
//! - lower case is upper case (`k7mx4pq2` is `K7MX4PQ2`);
//! - spaces, dashes and invisible characters anywhere are ignored (`K7MX-4PQ2`, `K7MX 4PQ2`, a
//!   code pasted from a chat with a no-break space, an en dash or a zero-width space);
//! - full-width letters and digits (from an East Asian keyboard) are their ASCII selves.
//!
//! The alphabet leaves out both sides of every look-alike pair: 0/O and 1/I/L. So a typed `0`,
//! `O`, `1`, `I` or `L` has no symbol it could have meant (the code never shows any of them,
//! nor the one each resembles), and guessing one (O→D? O→Q? I→7?) would turn a misread into a
//! wrong code that the server refuses without saying why. They are refused instead, as
//! [`PairingCodeError::NotInAlphabet`], which the window words as "the code never contains
//! 0, O, 1, I or L".

/// The symbols of a pairing code: digits 2–9 and letters A–Z without I, L and O.
pub const PAIRING_CODE_ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// The symbols in one pairing code (31^8: about 40 bits).
pub const PAIRING_CODE_LEN: usize = 8;

/// The path of a pairing link: what the QR code of the back office's "Tambah perangkat"
/// carries, `https://server/pasang?kode=K7MX4PQ2`, so a phone's camera gives the till both
/// the server's address and the code.
pub const PAIRING_LINK_PATH: &str = "/pasang";

/// The pairing link of `code` on the server at `server_url`.
pub fn pairing_link(server_url: &str, code: &str) -> String {
    format!(
        "{}{PAIRING_LINK_PATH}?kode={code}",
        server_url.trim_end_matches('/')
    )
}

/// The server address and the code a pairing link carries (the code as typed: normalize it).
pub fn parse_pairing_link(link: &str) -> Option<(String, String)> {
    let link = link.trim();
    let (server, query) = link.split_once(&format!("{PAIRING_LINK_PATH}?"))?;
    if !(server.starts_with("http://") || server.starts_with("https://")) {
        return None;
    }
    let code = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("kode="))?
        .to_string();
    Some((server.to_string(), code))
}

/// Why a typed pairing code is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PairingCodeError {
    /// A symbol that no pairing code contains, as typed, at its 1-based position among the
    /// symbols (spaces and dashes not counted).
    #[error(
        "{symbol:?} (symbol {position}) is never in a pairing code: it has only the digits 2-9 \
         and the letters A-Z without I, L and O"
    )]
    NotInAlphabet { symbol: char, position: usize },
    /// All symbols are fine but there are `found` of them instead of [`PAIRING_CODE_LEN`].
    #[error("a pairing code has {expected} letters or digits, not {found}")]
    WrongLength { found: usize, expected: usize },
}

impl PairingCodeError {
    /// A stable name of the kind of error (`not_in_alphabet`, `wrong_length`).
    pub fn kind(&self) -> &'static str {
        match self {
            PairingCodeError::NotInAlphabet { .. } => "not_in_alphabet",
            PairingCodeError::WrongLength { .. } => "wrong_length",
        }
    }
}

/// Characters ignored anywhere in a typed code besides white space (Rust's
/// `char::is_whitespace`): the invisible characters a paste may carry (zero-width space,
/// non-joiner, joiner, word joiner, BOM) and dashes of every kind (hyphen-minus, hyphen,
/// non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, small em
/// dash, small and full-width hyphen-minus).
const IGNORED: [char; 16] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '-', '\u{2010}', '\u{2011}',
    '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}', '\u{FE58}', '\u{FE63}', '\u{FF0D}',
];

fn is_separator(c: char) -> bool {
    c.is_whitespace() || IGNORED.contains(&c)
}

/// Full-width digits and Latin letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A) as ASCII.
fn from_full_width(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// The pairing code the cashier meant, as the server made it (`K7MX4PQ2`: no separators, upper
/// case), or why what was typed cannot be one. The first symbol outside the alphabet is
/// reported before a wrong length.
pub fn normalize_pairing_code(input: &str) -> Result<String, PairingCodeError> {
    let mut code = String::with_capacity(PAIRING_CODE_LEN);
    let mut found = 0;
    for typed in input.chars().filter(|c| !is_separator(*c)) {
        found += 1;
        let symbol = from_full_width(typed).to_ascii_uppercase();
        if !PAIRING_CODE_ALPHABET.contains(symbol) {
            return Err(PairingCodeError::NotInAlphabet {
                symbol: typed,
                position: found,
            });
        }
        code.push(symbol);
    }
    if found != PAIRING_CODE_LEN {
        return Err(PairingCodeError::WrongLength {
            found,
            expected: PAIRING_CODE_LEN,
        });
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        normalize_pairing_code(s).unwrap()
    }

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        assert_eq!(PAIRING_CODE_ALPHABET.len(), 31);
        for c in ['0', 'O', '1', 'I', 'L'] {
            assert!(!PAIRING_CODE_ALPHABET.contains(c), "{c}");
        }
        let mut sorted: Vec<char> = PAIRING_CODE_ALPHABET.chars().collect();
        sorted.dedup();
        assert_eq!(sorted.len(), 31);
    }

    #[test]
    fn case_spaces_and_dashes_do_not_matter() {
        for typed in [
            "K7MX4PQ2",
            "k7mx4pq2",
            "k7mx-4pq2",
            "K7MX 4PQ2",
            "  K7MX - 4PQ2 \n",
            "K-7-M-X-4-P-Q-2",
            "K7MX\u{00A0}4PQ2",
            "K7MX\u{2013}4PQ2",
            "\u{FEFF}K7MX\u{200B}4PQ2",
            "\u{FF2B}\u{FF17}ｍｘ－４ｐｑ２",
        ] {
            assert_eq!(ok(typed), "K7MX4PQ2", "{typed:?}");
        }
    }

    #[test]
    fn look_alikes_are_refused_not_guessed() {
        for (typed, symbol, position) in [
            ("K7MX4PQO", 'O', 8),
            ("k7mx4pqo", 'o', 8),
            ("07MX4PQ2", '0', 1),
            ("K1MX4PQ2", '1', 2),
            ("KIMX-4PQ2", 'I', 2),
            ("K7lX4PQ2", 'l', 3),
            ("K7MX_4PQ2", '_', 5),
            ("K7MX4PQÉ", 'É', 8),
        ] {
            assert_eq!(
                normalize_pairing_code(typed),
                Err(PairingCodeError::NotInAlphabet { symbol, position }),
                "{typed:?}"
            );
        }
        assert_eq!(
            normalize_pairing_code("K7MX4PQO").unwrap_err().kind(),
            "not_in_alphabet"
        );
    }

    #[test]
    fn the_length_is_counted_in_symbols() {
        for (typed, found) in [("", 0), ("  - ", 0), ("K7MX-4PQ", 7), ("K7MX-4PQ2-2", 9)] {
            let err = normalize_pairing_code(typed).unwrap_err();
            assert_eq!(
                err,
                PairingCodeError::WrongLength {
                    found,
                    expected: PAIRING_CODE_LEN
                },
                "{typed:?}"
            );
            assert_eq!(err.kind(), "wrong_length");
        }
        // A bad symbol is named even when the length is wrong too.
        assert_eq!(
            normalize_pairing_code("ABO").unwrap_err().kind(),
            "not_in_alphabet"
        );
    }

    #[test]
    fn a_pairing_link_round_trips() {
        let link = pairing_link("https://laris.example/", "K7MX4PQ2");
        assert_eq!(link, "https://laris.example/pasang?kode=K7MX4PQ2");
        assert_eq!(
            parse_pairing_link(&link),
            Some(("https://laris.example".into(), "K7MX4PQ2".into()))
        );
        assert_eq!(parse_pairing_link("K7MX4PQ2"), None);
        assert_eq!(parse_pairing_link("ftp://x/pasang?kode=K7MX4PQ2"), None);
    }
}
