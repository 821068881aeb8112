//! PINs: what a PIN may be, and its argon2id hash. The hash is the only form a PIN is kept in;
//! the parameters travel inside the PHC string, so a later build can raise them and still
//! check the PINs set before.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{CoreError, Result};

/// The shortest PIN: four digits, as on a bank card.
pub const MIN_PIN_DIGITS: usize = 4;
/// The longest PIN.
pub const MAX_PIN_DIGITS: usize = 6;

/// OWASP's argon2id floor (19 MiB, two passes): some tens of milliseconds on a phone, which a
/// cashier does not notice and a guesser with the database file does.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
/// A stored hash asking for more memory than this is refused rather than checked: a damaged
/// row must not make the till allocate gigabytes.
const MAX_MEMORY_KIB: u32 = 256 * 1024;

/// A PIN as typed: 4 to 6 ASCII digits, nothing else (spaces around are the keyboard's).
pub(crate) fn checked(pin: &str) -> Result<&str> {
    let pin = pin.trim();
    if pin.len() < MIN_PIN_DIGITS
        || pin.len() > MAX_PIN_DIGITS
        || !pin.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(CoreError::invalid(
            "pin",
            format!("a PIN is {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits"),
        ));
    }
    Ok(pin)
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, 1, None).expect("constant argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string of `pin` with `salt` (16 bytes from the store's id source, so tests are
/// deterministic and every hash has its own salt).
pub(crate) fn hash(pin: &str, salt: [u8; 16]) -> Result<String> {
    let pin = checked(pin)?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| CoreError::invalid("pin", format!("salt: {e}")))?;
    Ok(argon2()
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| CoreError::invalid("pin", format!("hash: {e}")))?
        .to_string())
}

/// Whether `pin` is the one hashed in `stored`. A malformed or oversized stored hash matches
/// nothing.
pub(crate) fn matches(pin: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.m_cost() > MAX_MEMORY_KIB {
        return false;
    }
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    Argon2::new(algorithm, Version::V0x13, params)
        .verify_password(pin.trim().as_bytes(), &parsed)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_six_digits() {
        for ok in ["1234", " 123456 ", "0000"] {
            assert!(checked(ok).is_ok(), "{ok:?}");
        }
        for bad in ["123", "1234567", "12a4", "١٢٣٤", "12 34", ""] {
            assert!(checked(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_hash_matches_its_pin_only() {
        let h = hash("4821", [7; 16]).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(!h.contains("4821"));
        assert!(matches("4821", &h));
        assert!(!matches("4822", &h));
        assert!(!matches("4821", "not a hash"));
        let other_salt = hash("4821", [8; 16]).unwrap();
        assert_ne!(h, other_salt);
    }

    #[test]
    fn a_hash_asking_for_too_much_memory_is_not_checked() {
        let h = hash("4821", [7; 16])
            .unwrap()
            .replace("m=19456", "m=4194304");
        assert!(!matches("4821", &h));
    }
}
