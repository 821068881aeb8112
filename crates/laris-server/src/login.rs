//! Checking an owner's email and password, shared by the till's owner login (a bearer
//! session of the account's first shop) and the back office's (a cookie session of the
//! account). Both count against the same account, so two doors give no extra guesses.
//!
//! A login is rate limited (`guard`) before anything else; a locked account is refused
//! without checking the password; the password is checked on the bounded pool (`hashing`);
//! a failure is counted in the database, where the lock-out lives for every process.

use laris_protocol::v1::ErrorCode;

use crate::admin;
use crate::error::{Result, ServerError};
use crate::source::Source;
use crate::state::AppState;
use crate::storage::web::AccountRow;

/// Checked against when the email is unknown, so both failures take as long: the argon2id
/// hash (default parameters, as every owner's) of a password nobody has.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$ZLiaZpGrWVLeH53wPqKq7A$E2V/FQHoowCbXAHx6U8HTGty/n+gWV4iLtBQXQSG4NM";

fn account_locked(until_ms: i64, now_ms: i64) -> ServerError {
    let wait_ms = until_ms - now_ms;
    ServerError::too_many(
        ErrorCode::AccountLocked,
        format!(
            "too many failed logins: this account is locked for {} s more",
            (wait_ms.max(1) + 999) / 1_000
        ),
        wait_ms,
    )
}

fn invalid_login() -> ServerError {
    ServerError::unauthorized(ErrorCode::InvalidLogin, "wrong email or password")
}

/// The account whose password this is (its failures forgotten), or why not.
pub(crate) async fn check(
    state: &AppState,
    source: Source,
    email: &str,
    password: String,
) -> Result<AccountRow> {
    let email = admin::normalize_email(email);
    let now = state.now_ms();
    let attempt = state.guards.login(source, &email, now)?;
    let account = state.storage.account(email.clone()).await?;
    if let Some(a) = account.as_ref().filter(|a| a.locked_until_ms > now) {
        return Err(account_locked(a.locked_until_ms, now));
    }
    let stored = account
        .as_ref()
        .map_or(DUMMY_HASH, |a| a.password_hash.as_str())
        .to_string();
    let matches = match state.passwords.verify(password, stored).await {
        Ok(m) => m,
        Err(e) => {
            // Not tried: the attempt is not held against anyone.
            attempt.refund(state.now_ms());
            return Err(e);
        }
    };
    let Some(account) = account else {
        return Err(invalid_login());
    };
    if !matches {
        let failure = state
            .storage
            .record_login_failure(email, state.now_ms(), state.config.guard.lockout)
            .await?;
        if failure.locked_until_ms > 0 {
            tracing::warn!(failures = failure.failures, "owner account locked");
        }
        return Err(invalid_login());
    }
    attempt.refund(state.now_ms());
    if account.failures > 0 {
        state.storage.reset_login_failures(email).await?;
    }
    Ok(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dummy costs what a real check costs: argon2id with today's default parameters.
    #[test]
    fn the_dummy_hash_has_the_default_parameters() {
        let parsed = argon2::PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(parsed.algorithm, argon2::Algorithm::Argon2id.ident());
        let params = argon2::Params::try_from(&parsed).unwrap();
        let default = argon2::Params::default();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (default.m_cost(), default.t_cost(), default.p_cost())
        );
        assert!(crate::secret::verify_password(
            "laris-no-such-owner",
            DUMMY_HASH
        ));
    }
}
