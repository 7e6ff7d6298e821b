//! The challenge a sign-in gets after the password when the risk check asks for it (risk.rs): a
//! one-time code by SMS or e-mail (NIST SP 800-63B §5.1.3: out-of-band, 6 digits, at most 10
//! minutes, accepted once), or the account's authenticator app or a recovery code.

use std::net::IpAddr;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::domain::messages;
use crate::domain::methods::Method;
use crate::domain::outbox::{Channel, Outbox};
use crate::domain::seal::Sealer;
use crate::domain::secrets::{CodeKey, new_code, new_token};
use crate::domain::throttle::{self, Scope};
use crate::domain::{networks, recovery, totp};
use crate::error::{AppError, AppResult, seconds_until};
use crate::store;
use crate::store::Db;
use crate::store::challenges::Challenge;

/// A sent code is valid this long (NIST SP 800-63B §5.1.3.1: at most 10 minutes).
pub const CODE_TTL_MS: i64 = 10 * 60 * 1000;
/// A challenge (several sends) lives this long.
pub const CHALLENGE_TTL_MS: i64 = 15 * 60 * 1000;
/// Wrong codes before a challenge dies.
pub const MAX_CODE_FAILURES: u32 = 5;
/// Between two sends of one challenge.
pub const RESEND_COOLDOWN_MS: i64 = 30 * 1000;
/// Sends per account per hour.
pub const MAX_SENDS_PER_HOUR: i64 = 5;
/// The window of the send quota.
pub const SEND_WINDOW_MS: i64 = 3_600_000;

/// The account's hourly quota of sent codes (sign-in, payment and activation codes together):
/// 429 `send_quota` when it is spent.
pub fn check_send_quota(db: &Db<'_>, user: i64, now: i64) -> AppResult<()> {
    let (sent_last_hour, oldest) = store::challenges::sends_since(db, user, now - SEND_WINDOW_MS)?;
    if sent_last_hour >= MAX_SENDS_PER_HOUR {
        return Err(AppError::TooMany {
            code: "send_quota",
            message: "too many codes sent this hour",
            retry_after_secs: seconds_until(oldest.unwrap_or(now) + SEND_WINDOW_MS, now),
        });
    }
    Ok(())
}

/// A new challenge for `user`, on remembered `device` if the sign-in came from one; its id.
pub fn create(db: &Db<'_>, user: i64, device: Option<i64>, now: i64) -> store::Result<String> {
    let id = new_token();
    store::challenges::insert(db, &id, (user, device), now, now + CHALLENGE_TTL_MS)?;
    Ok(id)
}

/// A passed challenge: whose, and the remembered device it was made on, if any.
pub struct Passed {
    pub user: i64,
    pub device: Option<i64>,
}

/// Why the challenge `id` takes no more codes: not found, used, too many wrong codes, expired.
fn dead_challenge(db: &Db<'_>, id: &str, now: i64) -> AppError {
    match store::challenges::state(db, id) {
        Err(error) => error.into(),
        Ok(None) => AppError::NotFound("challenge_not_found"),
        Ok(Some((true, _, _))) => {
            AppError::Gone("challenge_used", "this sign-in was already completed")
        }
        Ok(Some((_, failures, _))) if failures >= MAX_CODE_FAILURES => {
            AppError::Gone("too_many_attempts", "too many wrong codes: sign in again")
        }
        Ok(Some((_, _, expires))) if expires <= now => {
            AppError::Gone("challenge_expired", "this sign-in expired: sign in again")
        }
        Ok(Some(_)) => AppError::internal("a live challenge was refused"),
    }
}

/// The live challenge `id`; with `count_attempt`, one more wrong code is counted against it
/// in the same statement, before the code is compared.
fn live_challenge(db: &Db<'_>, id: &str, now: i64, count_attempt: bool) -> AppResult<Challenge> {
    store::challenges::take_live(db, id, now, MAX_CODE_FAILURES, count_attempt)?
        .ok_or_else(|| dead_challenge(db, id, now))
}

/// A fresh code for challenge `id` to the outbox, within the resend cooldown and the hourly
/// quota; `host` is the site the SMS names.
pub fn send_code(
    db: &Db<'_>,
    (key, outbox, host): (&CodeKey, Outbox, &str),
    id: &str,
    channel: Channel,
    now: i64,
) -> AppResult<()> {
    let challenge = live_challenge(db, id, now, false)?;
    if let Some(sent) = challenge
        .sent_ms
        .filter(|sent| now - sent < RESEND_COOLDOWN_MS)
    {
        return Err(AppError::TooMany {
            code: "resend_cooldown",
            message: "a code was just sent: wait before asking for another",
            retry_after_secs: seconds_until(sent + RESEND_COOLDOWN_MS, now),
        });
    }
    check_send_quota(db, challenge.user_id, now)?;
    let (email, phone) = store::accounts::addresses(db, challenge.user_id)?;
    let code = Zeroizing::new(new_code());
    let minutes = CODE_TTL_MS / 60_000;
    let (recipient, message) = match channel {
        Channel::Sms => (phone, messages::sms_code(&code, host, minutes)),
        Channel::Email => (email, messages::email_code(&code, minutes)),
    };
    let message = Zeroizing::new(message);
    let hash = key.hash(id, &code);
    store::challenges::code_sent(db, (id, challenge.user_id), &hash, now + CODE_TTL_MS, now)?;
    outbox.deliver(db, channel, &recipient, &message, now)?;
    Ok(())
}

/// Whether the sent code matches, compared in constant time under the keyed hash.
fn verify_sent_code(
    key: &CodeKey,
    challenge: &Challenge,
    id: &str,
    code: &str,
    now: i64,
) -> AppResult<bool> {
    let (Some(stored), Some(code_expires)) = (&challenge.code_hash, challenge.code_expires_ms)
    else {
        return Err(AppError::BadRequest(
            "no code has been sent for this sign-in yet",
        ));
    };
    if code_expires <= now {
        return Err(AppError::Gone(
            "code_expired",
            "the code expired: send a new one",
        ));
    }
    // Typed as a person types it: "123 456", full-width digits, and so on (the shared core).
    let typed = otp_wasm::code_entry::normalize_code(code, 6).map(|c| key.hash(id, c.as_str()));
    Ok(typed.is_ok_and(|hash| bool::from(hash.ct_eq(stored))))
}

/// Passes challenge `id` with `code` by `method`, from `ip`: the wrong code is counted (on the
/// challenge and on the account) before the code is compared; a right one consumes the
/// challenge, and `ip`'s network is known to the account from now on. On a remembered device
/// the code counts against that device only, as its password did (throttle.rs), so failures
/// elsewhere that made the risk check ask for a code cannot lock the owner out of answering.
/// `Ok(Ok(..))` when passed; `Ok(Err(..))` for a counted failure (to commit and answer).
pub fn pass(
    db: &Db<'_>,
    (key, sealer): (&CodeKey, &Sealer),
    id: &str,
    method: Method,
    code: &str,
    ip: IpAddr,
    now: i64,
) -> AppResult<Result<Passed, AppError>> {
    let challenge = live_challenge(db, id, now, true)?;
    let user = challenge.user_id;
    let email = store::email_of(db, user)?;
    let scope = challenge.device_id.map_or(Scope::Anywhere, Scope::Device);
    let attempt = throttle::reserve(db, &email, scope, now)?;
    let matches = match method {
        Method::Totp => totp::verify(db, sealer, user, code, now)?,
        Method::Recovery => recovery::use_code(db, key, user, code, now)?,
        _ => verify_sent_code(key, &challenge, id, code, now)?,
    };
    if !matches {
        throttle::fail(db, attempt, Some(user), "wrong code", now)?;
        let attempts_left = MAX_CODE_FAILURES.saturating_sub(challenge.failures);
        return Ok(Err(if attempts_left == 0 {
            AppError::Gone("too_many_attempts", "too many wrong codes: sign in again")
        } else {
            AppError::WrongCode {
                attempts_left: Some(attempts_left),
            }
        }));
    }
    // Accepted once (RFC 6238 §5.2 in spirit); the right code is not a failure.
    store::challenges::consume(db, id, now)?;
    throttle::clear(db, attempt)?;
    networks::signed_in_from(db, user, ip, now)?;
    store::event(db, user, "sign_in", method.describe(), now)?;
    Ok(Ok(Passed {
        user,
        device: challenge.device_id,
    }))
}
