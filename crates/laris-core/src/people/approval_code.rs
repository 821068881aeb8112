//! Approval codes: the owner, away from the shop and with no network at either end, approves
//! one void, refund or kasbon over the limit by reading the cashier an 8-digit code from their
//! own device. The code is bound to the action, its subject (the receipt number, or the
//! customer's name) and the amount, valid for the 5-minute window it was made in and the next,
//! and works once: the till records every code it took.
//!
//! What it protects, exactly: the till and the owner's device share a 32-byte key the owner
//! enrolled with their PIN ([`DeviceStore::enrol_approval_key`]; shown once, kept on the
//! owner's device). On the till the key is not in the database but in a file beside it
//! (0600, `<database>.approval-key`), and never in a backup: someone who reads or copies the
//! database, or a backup of it, cannot make codes. Someone who can read the till's files as
//! the OS user that runs Laris can, as they can read the database itself; on phones the
//! app's private storage keeps both from other apps. Guessing is bounded: one in 10^8 per try,
//! and wrong codes lock codes out on the till as wrong PINs lock a person (3 in a row: 30 s,
//! doubling to 15 min, kept across restarts).

use std::cell::Cell;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use crate::audit::AuditAction;
use crate::error::{CoreError, Result};
use crate::people::approval::OwnerApproval;
use crate::store::DeviceStore;

/// How long a code's window is.
pub const CODE_WINDOW_MS: i64 = 5 * 60 * 1000;
/// Digits of a code.
pub const CODE_DIGITS: usize = 8;

/// What a code approves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeAction {
    /// A whole sale voided: its receipt number, its total.
    Void,
    /// A refund: the sale's receipt number, the money back.
    Refund,
    /// A kasbon sale over the customer's limit: the customer's name, the amount charged.
    Kasbon,
}

impl CodeAction {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeAction::Void => "void",
            CodeAction::Refund => "refund",
            CodeAction::Kasbon => "kasbon",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s.trim() {
            "void" | "batal" => Ok(CodeAction::Void),
            "refund" | "retur" => Ok(CodeAction::Refund),
            "kasbon" => Ok(CodeAction::Kasbon),
            other => Err(CoreError::invalid(
                "action",
                format!("{other:?} is not void, refund or kasbon"),
            )),
        }
    }

    /// The audit entry this approval may allow.
    pub(crate) fn allows(self, action: AuditAction) -> bool {
        matches!(
            (self, action),
            (CodeAction::Void, AuditAction::SaleVoided)
                | (CodeAction::Refund, AuditAction::SaleRefunded)
                | (CodeAction::Kasbon, AuditAction::CreditLimitExceeded)
        )
    }
}

fn hmac(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut ipad = [0x36u8; 64];
    let mut opad = [0x5cu8; 64];
    for (i, k) in key.iter().enumerate() {
        ipad[i] ^= k;
        opad[i] ^= k;
    }
    let inner = Sha256::new()
        .chain_update(ipad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(opad)
        .chain_update(inner)
        .finalize()
        .into()
}

/// The subject as both sides write it: trimmed, case and inner spaces not mattering.
fn subject_key(subject: &str) -> String {
    subject
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The code for `action` on `subject` for `amount` Rupiah in the window of `now_ms`.
pub fn approval_code(
    key: &[u8; 32],
    action: CodeAction,
    subject: &str,
    amount: i64,
    now_ms: i64,
) -> String {
    code_in_window(
        key,
        action,
        subject,
        amount,
        now_ms.div_euclid(CODE_WINDOW_MS),
    )
}

fn code_in_window(
    key: &[u8; 32],
    action: CodeAction,
    subject: &str,
    amount: i64,
    window: i64,
) -> String {
    let message = format!(
        "laris-approval-v1\n{}\n{}\n{amount}\n{window}",
        action.as_str(),
        subject_key(subject)
    );
    let mac = hmac(key, message.as_bytes());
    // Dynamic truncation, as HOTP (RFC 4226) does.
    let offset = usize::from(mac[31] & 0x0f);
    let n = u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff;
    format!("{:08}", n % 100_000_000)
}

/// A key as the owner types or pastes it: 64 hex digits (spaces and dashes ignored).
pub fn parse_key(text: &str) -> Result<[u8; 32]> {
    let hex: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let bad = || CoreError::invalid("approval_key", "an approval key is 64 hex digits");
    if hex.len() != 64 {
        return Err(bad());
    }
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(key)
}

fn key_text(key: &[u8; 32]) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a till keeps its key: beside the database, never inside it.
pub(crate) fn key_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".approval-key");
    PathBuf::from(name)
}

fn io(path: &Path, source: std::io::Error) -> CoreError {
    CoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn load_key(db: &Path) -> Result<Option<[u8; 32]>> {
    let path = key_path(db);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse_key(&text).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(&path, e)),
    }
}

/// A code typed at the till, waiting to be checked against the action it is used for.
pub(crate) struct PendingCode {
    code: String,
    key: [u8; 32],
    confirmed: Cell<Option<CodeAction>>,
}

impl std::fmt::Debug for PendingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key, nor the code.
        f.debug_struct("PendingCode")
            .field("confirmed", &self.confirmed.get())
            .finish_non_exhaustive()
    }
}

impl PendingCode {
    /// The action it was confirmed for, if it was.
    pub(crate) fn confirmed(&self) -> Option<CodeAction> {
        self.confirmed.get()
    }

    /// Checks the code against `action` on `subject` for `amount` (this window or the one
    /// before) and records it as used, in the action's transaction. A code used before, or
    /// made for anything else, is refused.
    pub(crate) fn confirm(
        &self,
        tx: &Connection,
        action: CodeAction,
        subject: &str,
        amount: i64,
        now_ms: i64,
    ) -> Result<()> {
        let window = now_ms.div_euclid(CODE_WINDOW_MS);
        let matches = [window, window - 1]
            .into_iter()
            .any(|w| code_in_window(&self.key, action, subject, amount, w) == self.code);
        if !matches {
            return Err(CoreError::BadApprovalCode);
        }
        let fresh =
            tx.prepare_cached(
                "INSERT INTO approval_codes_used (code, action, subject, amount, used_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                self.code,
                action.as_str(),
                subject_key(subject),
                amount,
                now_ms
            ])? > 0;
        if !fresh {
            return Err(CoreError::ApprovalCodeUsed);
        }
        self.confirmed.set(Some(action));
        Ok(())
    }
}

fn failures(conn: &Connection) -> Result<(u32, i64)> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT failures, locked_until FROM approval_code_failures")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0)))
}

impl DeviceStore {
    /// Runs an action that may confirm an approval code; a wrong code is counted (in its
    /// own transaction: the action's rolled back) and may lock codes out for a while.
    pub(crate) fn counting_codes<T>(&mut self, r: Result<T>) -> Result<T> {
        match r {
            Err(CoreError::BadApprovalCode) => {
                let now = self.clock.now_ms();
                let (n, _) = failures(&self.conn)?;
                let n = n.saturating_add(1);
                let lock = crate::people::lockout::lock_ms(n);
                self.conn.execute(
                    "INSERT INTO approval_code_failures (singleton, failures, locked_until)
                     VALUES (1, ?1, ?2) ON CONFLICT (singleton) DO UPDATE SET
                        failures = excluded.failures, locked_until = excluded.locked_until",
                    params![n, if lock > 0 { now + lock } else { 0 }],
                )?;
                Err(CoreError::BadApprovalCode)
            }
            Ok(v) => {
                self.conn
                    .execute("DELETE FROM approval_code_failures", [])?;
                Ok(v)
            }
            other => other,
        }
    }

    /// Makes this till a new approval key with the owner's PIN, keeps it beside the database
    /// and returns it, once, for the owner's device. A key enrolled before stops working.
    pub fn enrol_approval_key(&mut self, approval: OwnerApproval) -> Result<String> {
        let now = self.clock.now_ms();
        let mut key = [0u8; 32];
        key[..16].copy_from_slice(self.ids.new_id(now).as_bytes());
        key[16..].copy_from_slice(self.ids.new_id(now).as_bytes());
        // The ids' time and version bits are not secret: the key is their hash.
        let key: [u8; 32] = Sha256::digest(key).into();
        let path = key_path(self.path());
        crate::store::private_files::create_file(&path)?;
        std::fs::write(&path, key_text(&key)).map_err(|e| io(&path, e))?;
        let device_id = self.device()?.device_id;
        let audit_id = self.ids.new_id(now);
        let tx = crate::store::immediate_tx(&mut self.conn)?;
        let owner = approval.owner().clone();
        crate::audit::record(
            &tx,
            audit_id,
            now,
            device_id,
            &crate::audit::NewEntry {
                actor: Some(&owner),
                action: AuditAction::ApprovalKeyEnrolled,
                subject: None,
                detail: "approval codes: a new key (earlier codes no longer work)".into(),
                reason: None,
                approval: Some((crate::audit::Approval::OwnerPin, Some(owner.id))),
            },
        )?;
        tx.commit()?;
        Ok(key_text(&key))
    }

    /// Whether this till has an approval key.
    pub fn has_approval_key(&self) -> Result<bool> {
        Ok(load_key(self.path())?.is_some())
    }

    /// The owner's authority carried by an approval code, to be checked against the action
    /// it is used for (see [`CodeAction`]): any other owner-only action refuses it. A code of
    /// the wrong form, or on a till with no key, is refused at once.
    pub fn authority_from_code(&mut self, code: &str) -> Result<crate::people::OwnerAuthority> {
        let code: String = code.chars().filter(char::is_ascii_digit).collect();
        if code.len() != CODE_DIGITS {
            return Err(CoreError::BadApprovalCode);
        }
        let key = load_key(self.path())?.ok_or(CoreError::NoApprovalKey)?;
        let (_, locked_until) = failures(&self.conn)?;
        let now = self.clock.now_ms();
        if locked_until > now {
            return Err(CoreError::PinLocked {
                retry_after_ms: locked_until - now,
            });
        }
        Ok(crate::people::OwnerAuthority::from_code(PendingCode {
            code,
            key,
            confirmed: Cell::new(None),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2_shape() {
        // A fixed key and message give a fixed code: the code is a function of exactly
        // action, subject (normalised), amount and window.
        let key = [7u8; 32];
        let a = approval_code(&key, CodeAction::Refund, "A-20261127-0042", 7_000, 0);
        assert_eq!(a.len(), 8);
        assert_eq!(
            a,
            approval_code(&key, CodeAction::Refund, " a-20261127-0042 ", 7_000, 1)
        );
        assert_ne!(
            a,
            approval_code(&key, CodeAction::Refund, "A-20261127-0042", 7_001, 0)
        );
        assert_ne!(
            a,
            approval_code(&key, CodeAction::Void, "A-20261127-0042", 7_000, 0)
        );
        assert_ne!(
            a,
            approval_code(&key, CodeAction::Refund, "A-20261127-0043", 7_000, 0)
        );
        assert_ne!(
            a,
            approval_code(
                &key,
                CodeAction::Refund,
                "A-20261127-0042",
                7_000,
                CODE_WINDOW_MS
            )
        );
        assert!(parse_key(&key_text(&key)).is_ok_and(|k| k == key));
        assert!(parse_key("abc").is_err());
    }

    #[test]
    fn hmac_is_hmac_sha256() {
        // RFC 4231 test case 2 uses a 4-byte key; ours are 32 bytes, zero-padded the same.
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        let mac = hmac(&key, b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
