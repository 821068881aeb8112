//! The shared golden cases of pairing codes (tests/golden/pairing_codes.json), which the
//! window's Vitest suite reads too: both sides read a typed code the same way.

use std::path::PathBuf;

use laris_protocol::{
    PAIRING_CODE_ALPHABET, PAIRING_CODE_LEN, PairingCodeError, normalize_pairing_code,
};
use serde_json::Value;

fn golden(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/golden")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The outcome as the golden file writes it.
fn as_json(outcome: Result<String, PairingCodeError>) -> Value {
    match outcome {
        Ok(code) => serde_json::json!({ "code": code }),
        Err(PairingCodeError::NotInAlphabet { symbol, position }) => serde_json::json!({
            "error": { "kind": "not_in_alphabet", "symbol": symbol.to_string(), "position": position }
        }),
        Err(PairingCodeError::WrongLength { found, expected }) => {
            assert_eq!(expected, PAIRING_CODE_LEN);
            serde_json::json!({ "error": { "kind": "wrong_length", "found": found } })
        }
    }
}

#[test]
fn the_golden_alphabet_is_the_protocols() {
    let g = golden("pairing_codes.json");
    assert_eq!(g["alphabet"], PAIRING_CODE_ALPHABET);
    assert_eq!(g["length"], PAIRING_CODE_LEN);
}

#[test]
fn every_golden_case_normalizes_as_written() {
    let g = golden("pairing_codes.json");
    let cases = g["cases"].as_array().unwrap();
    assert!(cases.len() > 30);
    let mut failures = Vec::new();
    for case in cases {
        let input = case["input"].as_str().unwrap();
        let mut expected = serde_json::Map::new();
        for key in ["code", "error"] {
            if let Some(v) = case.get(key) {
                expected.insert(key.into(), v.clone());
            }
        }
        let got = as_json(normalize_pairing_code(input));
        if got != Value::Object(expected.clone()) {
            failures.push(format!(
                "{} ({input:?}): expected {}, got {got}",
                case["why"],
                Value::Object(expected)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_normalized_code_is_its_own_normal_form() {
    let g = golden("pairing_codes.json");
    for case in g["cases"].as_array().unwrap() {
        if let Some(code) = case["code"].as_str() {
            assert_eq!(normalize_pairing_code(code).as_deref(), Ok(code));
            assert!(code.chars().all(|c| PAIRING_CODE_ALPHABET.contains(c)));
        }
    }
}
