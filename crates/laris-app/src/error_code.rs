//! [`ErrorCode`]: the `code` of every [`crate::AppError`] the window can get — this app's own
//! codes, or the server's wire codes passed through. Each is declared once, as an enum variant;
//! the TypeScript unions and the list the UI's translations are tested against are generated
//! from `ALL` (see [`crate::bindings`]).

use laris_core::CoreError;
use laris_protocol::v1::ErrorCode as WireErrorCode;
use laris_sync::SyncError;

laris_protocol::error_codes! {
    /// A failure on the till itself (its database, its input, its link to the server).
    pub enum AppErrorCode {
        // laris-core
        Database = "database",
        Io = "io",
        /// Another Laris window or process has the database open.
        DatabaseLocked = "database_locked",
        SchemaTooNew = "schema_too_new",
        NotInitialised = "not_initialised",
        AlreadyInitialised = "already_initialised",
        UnknownProduct = "unknown_product",
        UnknownSale = "unknown_sale",
        EmptyCart = "empty_cart",
        NoSuchLine = "no_such_line",
        /// A field the user typed is wrong; `field` names it.
        InvalidInput = "invalid_input",
        InsufficientPayment = "insufficient_payment",
        Overpaid = "overpaid",
        ImportRejected = "import_rejected",
        NotPaired = "not_paired",
        AlreadyPaired = "already_paired",
        AckedBeyondOutbox = "acked_beyond_outbox",
        OutboxBroken = "outbox_broken",
        UnknownPerson = "unknown_person",
        /// The person was retired by the owner and cannot log in.
        PersonRetired = "person_retired",
        WrongPin = "wrong_pin",
        /// Too many wrong PINs: wait before trying again.
        PinLocked = "pin_locked",
        /// No owner is set up on this till yet.
        NoOwner = "no_owner",
        OwnerApprovalRequired = "owner_approval_required",
        /// The shop's last active owner cannot be retired or made a cashier.
        LastOwner = "last_owner",
        UnknownCustomer = "unknown_customer",
        /// A kasbon charge over the customer's credit limit, without the owner's PIN.
        OverCreditLimit = "over_credit_limit",
        ShiftAlreadyOpen = "shift_already_open",
        NoOpenShift = "no_open_shift",
        /// Wrong, expired, or made for another action, sale or amount.
        BadApprovalCode = "bad_approval_code",
        ApprovalCodeUsed = "approval_code_used",
        /// The owner has not enrolled an approval key on this till.
        NoApprovalKey = "no_approval_key",
        // laris-sync
        Unreachable = "unreachable",
        Timeout = "timeout",
        BadReply = "bad_reply",
        PushStalled = "push_stalled",
        InvalidUrl = "invalid_url",
        EngineStopped = "engine_stopped",
        /// The server speaks an older sync protocol than a waiting event needs (update it).
        ServerTooOld = "server_too_old",
        /// The server answered with a code this build does not know (a newer server).
        ServerError = "server_error",
    }
}

/// The code of an [`crate::AppError`]: serialized as its string, so the window sees one flat
/// union of strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    App(AppErrorCode),
    Server(WireErrorCode),
}

impl ErrorCode {
    /// Every code the window may see: the app's, then the server's.
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        AppErrorCode::ALL
            .iter()
            .map(|c| ErrorCode::App(*c))
            .chain(WireErrorCode::ALL.iter().map(|c| ErrorCode::Server(*c)))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::App(c) => c.as_str(),
            ErrorCode::Server(c) => c.as_str(),
        }
    }

    /// A code as laris-sync reports it (its own, laris-core's or the server's); an unknown
    /// one is [`AppErrorCode::ServerError`].
    pub fn parse(code: &str) -> ErrorCode {
        AppErrorCode::parse(code)
            .map(ErrorCode::App)
            .or_else(|| WireErrorCode::parse(code).map(ErrorCode::Server))
            .unwrap_or(ErrorCode::App(AppErrorCode::ServerError))
    }

    pub fn of_core(e: &CoreError) -> ErrorCode {
        use AppErrorCode as C;
        ErrorCode::App(match e {
            CoreError::Sqlite(_) => C::Database,
            CoreError::Io { .. } => C::Io,
            CoreError::DatabaseLocked { .. } => C::DatabaseLocked,
            CoreError::SchemaTooNew { .. } => C::SchemaTooNew,
            CoreError::NotInitialised => C::NotInitialised,
            CoreError::AlreadyInitialised => C::AlreadyInitialised,
            CoreError::UnknownProduct(_) => C::UnknownProduct,
            CoreError::UnknownSale(_) => C::UnknownSale,
            CoreError::EmptyCart => C::EmptyCart,
            CoreError::NoSuchLine(_) => C::NoSuchLine,
            CoreError::Invalid { .. } => C::InvalidInput,
            CoreError::InsufficientPayment { .. } => C::InsufficientPayment,
            CoreError::Overpaid { .. } => C::Overpaid,
            CoreError::Import(_) => C::ImportRejected,
            CoreError::NotPaired => C::NotPaired,
            CoreError::AlreadyPaired { .. } => C::AlreadyPaired,
            CoreError::AckedBeyondOutbox { .. } => C::AckedBeyondOutbox,
            CoreError::OutboxBroken(_) => C::OutboxBroken,
            CoreError::UnknownPerson(_) => C::UnknownPerson,
            CoreError::PersonRetired(_) => C::PersonRetired,
            CoreError::WrongPin { .. } => C::WrongPin,
            CoreError::PinLocked { .. } => C::PinLocked,
            CoreError::NoOwner => C::NoOwner,
            CoreError::OwnerApprovalRequired => C::OwnerApprovalRequired,
            CoreError::LastOwner => C::LastOwner,
            CoreError::UnknownCustomer(_) => C::UnknownCustomer,
            CoreError::OverCreditLimit { .. } => C::OverCreditLimit,
            CoreError::ShiftAlreadyOpen => C::ShiftAlreadyOpen,
            CoreError::NoOpenShift => C::NoOpenShift,
            CoreError::BadApprovalCode => C::BadApprovalCode,
            CoreError::ApprovalCodeUsed => C::ApprovalCodeUsed,
            CoreError::NoApprovalKey => C::NoApprovalKey,
        })
    }

    pub fn of_sync(e: &SyncError) -> ErrorCode {
        use AppErrorCode as C;
        match e {
            SyncError::Core(core) => ErrorCode::of_core(core),
            SyncError::Protocol(p) => ErrorCode::Server(p.error_code()),
            SyncError::Unreachable(_) => ErrorCode::App(C::Unreachable),
            SyncError::Timeout(_) => ErrorCode::App(C::Timeout),
            SyncError::Server { code, .. } => {
                WireErrorCode::parse(code).map_or(ErrorCode::App(C::ServerError), ErrorCode::Server)
            }
            SyncError::BadReply(_) => ErrorCode::App(C::BadReply),
            SyncError::SeqReused { .. } => ErrorCode::Server(WireErrorCode::SeqReused),
            SyncError::PushStalled { .. } => ErrorCode::App(C::PushStalled),
            SyncError::InvalidUrl(_) => ErrorCode::App(C::InvalidUrl),
            SyncError::EngineStopped => ErrorCode::App(C::EngineStopped),
            SyncError::ServerTooOld { .. } => ErrorCode::App(C::ServerTooOld),
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn no_code_is_declared_twice() {
        let mut seen = HashSet::new();
        for c in ErrorCode::all() {
            assert!(
                seen.insert(c.as_str()),
                "{c} is both an app and a server code"
            );
            assert_eq!(ErrorCode::parse(c.as_str()), c);
        }
    }

    #[test]
    fn core_codes_are_the_ones_laris_core_prints() {
        let errors = [
            CoreError::NotInitialised,
            CoreError::AlreadyInitialised,
            CoreError::UnknownProduct("x".into()),
            CoreError::UnknownSale("x".into()),
            CoreError::EmptyCart,
            CoreError::NoSuchLine(1),
            CoreError::InsufficientPayment { total: 2, paid: 1 },
            CoreError::Overpaid {
                total: 1,
                non_cash: 2,
            },
            CoreError::NotPaired,
            CoreError::AlreadyPaired { store: "s".into() },
            CoreError::AckedBeyondOutbox {
                server_acked: 2,
                device_last: 1,
            },
            CoreError::OutboxBroken("x".into()),
            CoreError::DatabaseLocked { path: "x".into() },
            CoreError::SchemaTooNew {
                found: 9,
                supported: 5,
            },
        ];
        for e in &errors {
            assert_eq!(ErrorCode::of_core(e).as_str(), e.code());
        }
    }
}
