//! The per-account throttle (NIST SP 800-63B §5.2.2): failed passwords and codes, counted per
//! normalized e-mail whether an account has it or not (so the answers tell nothing about which
//! e-mails have accounts), over a sliding window of [`LOCK_MS`].
//!
//! An attempt is counted *before* it is checked: [`reserve`] records it as a failure in the
//! same transaction that reads the count, and only a passed check takes it back ([`release`],
//! [`clear`]). N concurrent guesses therefore cost N failures, whatever their timing, and a
//! crash between the check and its outcome leaves the failure counted. Several servers sharing
//! the database would serialize on SQLite's write lock the same way.

use crate::error::{AppError, AppResult, seconds_until};
use crate::store;
use crate::store::Db;

/// Failures in the window that cost nothing; each further one waits 5 s, 10 s, 20 s, ...
pub const FREE_FAILURES: u32 = 3;
/// The first wait; each further failure doubles it.
pub const FIRST_WAIT_MS: i64 = 5000;
/// Failures in the window that lock the e-mail for [`LOCK_MS`] (NIST allows 100; less is better).
pub const LOCK_FAILURES: u32 = 10;
/// The lock, and the window: a failure older than this stops counting.
pub const LOCK_MS: i64 = 15 * 60 * 1000;

/// An e-mail as the throttle and the accounts table key it.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Whose failures count: every failure for the e-mail, or, on a remembered device that
/// belongs to the account, only that device's own (failures elsewhere do not lock it out).
#[derive(Clone, Copy)]
pub enum Scope {
    Anywhere,
    Device(i64),
}

impl Scope {
    fn device(self) -> Option<i64> {
        match self {
            Scope::Anywhere => None,
            Scope::Device(id) => Some(id),
        }
    }
}

/// An attempt counted as a failure until [`release`] or [`clear`] takes it back.
pub struct Attempt {
    id: i64,
    email: String,
}

/// When the failures in the window let the next attempt through.
fn blocked_until(failures: u32, latest_ms: i64) -> i64 {
    if failures >= LOCK_FAILURES {
        latest_ms + LOCK_MS
    } else if failures > FREE_FAILURES {
        latest_ms + (FIRST_WAIT_MS << (failures - FREE_FAILURES - 1).min(8))
    } else {
        0
    }
}

/// 429 `account_throttled` while the failures counted against `email` in `scope` make it wait.
pub fn check(db: &Db<'_>, email: &str, scope: Scope, now: i64) -> AppResult<()> {
    let (failures, latest) = store::attempts::since(db, email, now - LOCK_MS, scope.device())?;
    let until = latest.map_or(0, |latest| blocked_until(failures, latest));
    if until > now {
        return Err(AppError::TooMany {
            code: "account_throttled",
            message: "too many failed attempts: wait before trying again",
            retry_after_secs: seconds_until(until, now),
        });
    }
    Ok(())
}

/// Checks the throttle and counts one more failure against `email`, in the caller's
/// transaction (which must be `IMMEDIATE`, so no other writer reads the count in between).
pub fn reserve(db: &Db<'_>, email: &str, scope: Scope, now: i64) -> AppResult<Attempt> {
    check(db, email, scope, now)?;
    let id = store::attempts::insert(db, email, scope.device(), now)?;
    Ok(Attempt {
        id,
        email: email.to_owned(),
    })
}

/// The failures counted against `attempt`'s e-mail in the window, anywhere, besides `attempt`
/// itself: those since the last sign-in (which [`clear`]s them) in the last [`LOCK_MS`].
pub fn failures_besides(db: &Db<'_>, attempt: &Attempt, now: i64) -> store::Result<u32> {
    store::attempts::besides(db, &attempt.email, now - LOCK_MS, attempt.id)
}

/// The check passed, but sign-in is not complete (a challenge follows): this attempt does not
/// count, the earlier failures still do.
pub fn release(db: &Db<'_>, attempt: Attempt) -> AppResult<()> {
    store::attempts::delete(db, attempt.id)?;
    Ok(())
}

/// Signed in: every failure counted against the e-mail is forgotten.
pub fn clear(db: &Db<'_>, attempt: Attempt) -> AppResult<()> {
    store::attempts::clear(db, &attempt.email)?;
    Ok(())
}

/// The check failed: the attempt stays counted. The account, if there is one, gets a security
/// event, and one more when this failure locks it.
pub fn fail(
    db: &Db<'_>,
    attempt: Attempt,
    user: Option<i64>,
    what: &str,
    now: i64,
) -> AppResult<()> {
    let Some(user) = user else {
        return Ok(());
    };
    store::event(db, user, "failed_attempt", what, now)?;
    let (failures, _) = store::attempts::since(db, &attempt.email, now - LOCK_MS, None)?;
    if failures == LOCK_FAILURES {
        store::event(db, user, "account_locked", "too many failed attempts", now)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_free_failures_then_doubling_waits_then_a_lock() {
        let waits: Vec<i64> = (0..=11).map(|n| blocked_until(n, 0)).collect();
        assert_eq!(
            waits,
            [
                0, 0, 0, 0, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000, LOCK_MS, LOCK_MS
            ]
        );
    }
}
