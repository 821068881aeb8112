//! The rules of pairing, shared by both storage backends (which read the facts under the
//! right locks and carry out the plan): pure, so each rule is tested once.
//!
//! - A device brings a key of its own; its credential is that key, of which the server keeps
//!   only the hash. So a reply lost on a bad link loses nothing: the device asks again with the
//!   same code and the same key and gets the same credential, and a device that never asks
//!   again holds the key of the row it left (nothing is active that no till can use).
//! - Pairing never replaces a device's credential: a device id the store already has pairs
//!   again only with the key it paired with (the same till), or with a code the owner made
//!   for that very device (re-enrolling it, an owner action).
//! - A receipt prefix (device code) is unique in a store, case aside: two tills printing
//!   `A-20261202-0001` cannot be told apart.

use uuid::Uuid;

/// How long after its use a code still pairs the device that used it, with the same key (a
/// retry after a lost reply). The credential is the device's own key, so this grants nothing
/// the device does not hold already.
pub const RETRY_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;

/// A pairing code as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    pub store_id: Uuid,
    pub expires_at_ms: i64,
    pub used_at_ms: Option<i64>,
    pub used_by_device: Option<Uuid>,
    /// The code re-enrolls this device only (made by the owner for it).
    pub for_device: Option<Uuid>,
}

/// The device the request names, if the code's store has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub credential_hash: Vec<u8>,
    pub revoked: bool,
}

/// What pairing does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairPlan {
    /// A new device of the store: insert it (its receipt prefix must be free) and use the code.
    Insert,
    /// The owner's re-enrolment code for this device: its credential becomes the new key, its
    /// revocation (if any) ends, and the code is used.
    Reenroll,
    /// The same device with the same key asks again: the same credential, nothing changes
    /// (but an unused code is used).
    Again {
        use_code: bool,
    },
    Refuse(PairRefusal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairRefusal {
    /// Unknown, used by another device, expired, or made for another device.
    InvalidCode,
    /// The store has this device id, revoked.
    DeviceRevoked,
    /// The store has this device id, with another credential.
    DeviceExists,
}

/// The plan for pairing device `device_id` with key hash `key_hash` at `now_ms`.
pub fn plan(
    code: Option<&CodeRow>,
    device: Option<&DeviceRow>,
    device_id: Uuid,
    key_hash: &[u8],
    now_ms: i64,
) -> PairPlan {
    let Some(code) = code else {
        return PairPlan::Refuse(PairRefusal::InvalidCode);
    };
    if code.for_device.is_some_and(|d| d != device_id) {
        return PairPlan::Refuse(PairRefusal::InvalidCode);
    }
    let unused = code.used_at_ms.is_none() && code.expires_at_ms > now_ms;
    let retry = code.used_by_device == Some(device_id)
        && code
            .used_at_ms
            .is_some_and(|at| now_ms < at.saturating_add(RETRY_WINDOW_MS));
    if !unused && !retry {
        return PairPlan::Refuse(PairRefusal::InvalidCode);
    }
    match device {
        None if unused => PairPlan::Insert,
        // A code this device used, but the store has no such device: it was not this code
        // that paired it.
        None => PairPlan::Refuse(PairRefusal::InvalidCode),
        // The owner's code for this very device: whatever key it brings, revoked or not.
        Some(_) if unused && code.for_device == Some(device_id) => PairPlan::Reenroll,
        Some(d) if crate::secret::same_hash(&d.credential_hash, key_hash) => {
            if d.revoked {
                PairPlan::Refuse(PairRefusal::DeviceRevoked)
            } else {
                PairPlan::Again { use_code: unused }
            }
        }
        Some(d) if d.revoked => PairPlan::Refuse(PairRefusal::DeviceRevoked),
        Some(_) => PairPlan::Refuse(PairRefusal::DeviceExists),
    }
}

/// What a backend writes to pair a device that [`plan`] lets pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairWrites {
    /// The code's store: the device's.
    pub store_id: Uuid,
    /// The device row to write (its receipt prefix must be free), if any.
    pub device: Option<DeviceWrite>,
    /// Mark the code used by this device.
    pub use_code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceWrite {
    /// A new row.
    Insert,
    /// The existing row takes the new key, name and prefix, and its revocation ends.
    Reenroll,
}

/// [`plan`] as the writes that carry it out, or the refusal (nothing is written then).
pub fn writes(
    code: Option<&CodeRow>,
    device: Option<&DeviceRow>,
    device_id: Uuid,
    key_hash: &[u8],
    now_ms: i64,
) -> Result<PairWrites, PairRefusal> {
    let store_id = code.map(|c| c.store_id);
    let (device, use_code) = match plan(code, device, device_id, key_hash, now_ms) {
        PairPlan::Refuse(r) => return Err(r),
        PairPlan::Insert => (Some(DeviceWrite::Insert), true),
        PairPlan::Reenroll => (Some(DeviceWrite::Reenroll), true),
        PairPlan::Again { use_code } => (None, use_code),
    };
    // `plan` refuses without a code.
    let store_id = store_id.ok_or(PairRefusal::InvalidCode)?;
    Ok(PairWrites {
        store_id,
        device,
        use_code,
    })
}

/// A receipt prefix's key: prefixes differ only if they differ beyond case and spaces.
pub fn code_key(device_code: &str) -> String {
    device_code.trim().to_ascii_uppercase()
}

/// A free receipt prefix to suggest when `taken` (keys) has the one asked for: the first free
/// of A..Z, then A1, B1, ...
pub fn free_code(taken: &[String]) -> String {
    let letters = ('A'..='Z').map(String::from);
    let numbered = (1..100).flat_map(|n| ('A'..='Z').map(move |c| format!("{c}{n}")));
    letters
        .chain(numbered)
        .find(|c| !taken.iter().any(|t| t == c))
        .unwrap_or_else(|| "Z99".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000_000;
    const DEV: Uuid = Uuid::from_u128(7);

    fn code(used_by: Option<Uuid>, for_device: Option<Uuid>) -> CodeRow {
        CodeRow {
            store_id: Uuid::from_u128(1),
            expires_at_ms: NOW + 60_000,
            used_at_ms: used_by.map(|_| NOW - 1_000),
            used_by_device: used_by,
            for_device,
        }
    }

    fn device(key: u8, revoked: bool) -> DeviceRow {
        DeviceRow {
            credential_hash: vec![key; 32],
            revoked,
        }
    }

    #[test]
    fn a_new_device_pairs_once_and_its_retry_gets_the_same_credential() {
        assert_eq!(
            plan(Some(&code(None, None)), None, DEV, &[1; 32], NOW),
            PairPlan::Insert
        );
        let used = code(Some(DEV), None);
        assert_eq!(
            plan(Some(&used), Some(&device(1, false)), DEV, &[1; 32], NOW),
            PairPlan::Again { use_code: false }
        );
        // Another key, or another device, with the used code: refused.
        assert_eq!(
            plan(Some(&used), Some(&device(1, false)), DEV, &[2; 32], NOW),
            PairPlan::Refuse(PairRefusal::DeviceExists)
        );
        assert_eq!(
            plan(Some(&used), None, Uuid::from_u128(8), &[1; 32], NOW),
            PairPlan::Refuse(PairRefusal::InvalidCode)
        );
        // The retry window ends.
        assert_eq!(
            plan(
                Some(&used),
                Some(&device(1, false)),
                DEV,
                &[1; 32],
                NOW + RETRY_WINDOW_MS
            ),
            PairPlan::Refuse(PairRefusal::InvalidCode)
        );
        assert_eq!(
            plan(None, None, DEV, &[1; 32], NOW),
            PairPlan::Refuse(PairRefusal::InvalidCode)
        );
        let mut expired = code(None, None);
        expired.expires_at_ms = NOW;
        assert_eq!(
            plan(Some(&expired), None, DEV, &[1; 32], NOW),
            PairPlan::Refuse(PairRefusal::InvalidCode)
        );
    }

    #[test]
    fn an_existing_device_is_never_taken_over() {
        let fresh = code(None, None);
        assert_eq!(
            plan(Some(&fresh), Some(&device(1, false)), DEV, &[9; 32], NOW),
            PairPlan::Refuse(PairRefusal::DeviceExists)
        );
        assert_eq!(
            plan(Some(&fresh), Some(&device(1, true)), DEV, &[9; 32], NOW),
            PairPlan::Refuse(PairRefusal::DeviceRevoked)
        );
        assert_eq!(
            plan(Some(&fresh), Some(&device(1, true)), DEV, &[1; 32], NOW),
            PairPlan::Refuse(PairRefusal::DeviceRevoked),
            "a revoked key stays revoked"
        );
        // The same till with its own key and a new code: nothing changes but the code.
        assert_eq!(
            plan(Some(&fresh), Some(&device(1, false)), DEV, &[1; 32], NOW),
            PairPlan::Again { use_code: true }
        );
        // The owner's code for this device re-enrolls it, revoked or not; for another, nothing.
        let mine = code(None, Some(DEV));
        assert_eq!(
            plan(Some(&mine), Some(&device(1, true)), DEV, &[9; 32], NOW),
            PairPlan::Reenroll
        );
        assert_eq!(
            plan(Some(&mine), Some(&device(1, true)), DEV, &[1; 32], NOW),
            PairPlan::Reenroll,
            "taken back with its own key too"
        );
        assert_eq!(
            plan(Some(&mine), None, Uuid::from_u128(8), &[9; 32], NOW),
            PairPlan::Refuse(PairRefusal::InvalidCode)
        );
    }

    #[test]
    fn writes_follow_the_plan() {
        let store_id = Uuid::from_u128(1);
        let fresh = code(None, None);
        assert_eq!(
            writes(Some(&fresh), None, DEV, &[1; 32], NOW),
            Ok(PairWrites {
                store_id,
                device: Some(DeviceWrite::Insert),
                use_code: true
            })
        );
        assert_eq!(
            writes(
                Some(&code(None, Some(DEV))),
                Some(&device(1, true)),
                DEV,
                &[9; 32],
                NOW
            ),
            Ok(PairWrites {
                store_id,
                device: Some(DeviceWrite::Reenroll),
                use_code: true
            })
        );
        assert_eq!(
            writes(
                Some(&code(Some(DEV), None)),
                Some(&device(1, false)),
                DEV,
                &[1; 32],
                NOW
            ),
            Ok(PairWrites {
                store_id,
                device: None,
                use_code: false
            })
        );
        assert_eq!(
            writes(None, None, DEV, &[1; 32], NOW),
            Err(PairRefusal::InvalidCode)
        );
        assert_eq!(
            writes(Some(&fresh), Some(&device(1, true)), DEV, &[9; 32], NOW),
            Err(PairRefusal::DeviceRevoked)
        );
    }

    #[test]
    fn free_codes_skip_the_taken() {
        assert_eq!(free_code(&[]), "A");
        assert_eq!(free_code(&["A".into(), "B".into()]), "C");
        let all: Vec<String> = ('A'..='Z').map(String::from).collect();
        assert_eq!(free_code(&all), "A1");
        assert_eq!(code_key(" kasir1 "), "KASIR1");
    }
}
