//! The authenticator app (TOTP, RFC 6238): enrolled by a recently authenticated user, confirmed
//! with one code, a window of one step and a replay guard. Its secret is sealed at rest
//! (seal.rs): the server must read it back to compute codes, so it cannot store a hash.

use otp_wasm::otp::{Algorithm, OtpKey, Secret, Totp};

use crate::domain::SHOP_NAME;
use crate::domain::seal::Sealer;
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::Db;

/// Steps on each side of now that a code may be from (RFC 6238 §5.2 recommends one).
pub const WINDOW: u32 = 1;

/// The authenticator-app key of the account `email`, as the shop issues it.
fn totp_for(secret: Secret, email: &str) -> AppResult<Totp> {
    let key = OtpKey::new(secret, Algorithm::Sha1, 6)
        .and_then(|key| key.with_account(SHOP_NAME, email))
        .map_err(AppError::internal)?;
    Totp::new(key, 30).map_err(AppError::internal)
}

/// The authenticator-app key of `user` from its sealed secret.
fn sealed_totp(sealer: &Sealer, user: i64, sealed: &[u8], email: &str) -> AppResult<Totp> {
    let bytes = sealer
        .open(user, sealed)
        .ok_or_else(|| AppError::internal("a sealed secret did not open"))?;
    totp_for(
        Secret::from_bytes(&bytes).map_err(AppError::internal)?,
        email,
    )
}

/// A new key for `user`, waiting for [`confirm`]; a confirmed app keeps working until then.
pub fn enroll(db: &Db<'_>, sealer: &Sealer, user: i64) -> AppResult<Totp> {
    let secret = Secret::generate(20).map_err(AppError::internal)?;
    let sealed = sealer.seal(user, secret.as_bytes());
    let totp = totp_for(secret, &store::email_of(db, user)?)?;
    store::totp::set_pending(db, user, &sealed)?;
    Ok(totp)
}

/// The enrolled key replaces the confirmed one (if any) when `code` verifies; the replay guard
/// never moves backwards (RFC 6238 §5.2).
pub fn confirm(db: &Db<'_>, sealer: &Sealer, user: i64, code: &str, now: i64) -> AppResult<()> {
    let pending = store::totp::pending(db, user)?.ok_or(AppError::NotFound("totp_not_enrolled"))?;
    let totp = sealed_totp(sealer, user, &pending, &store::email_of(db, user)?)?;
    let matched = totp
        .verify(code, now as u64, WINDOW, None)
        .map_err(AppError::internal)?
        .ok_or(AppError::WrongCode {
            attempts_left: None,
        })?;
    store::totp::confirm(db, user, now, matched.step as i64)?;
    Ok(())
}

/// Whether `code` is a current code of the user's app not used before; a match moves the
/// replay guard forward (RFC 6238 §5.2).
pub fn verify(db: &Db<'_>, sealer: &Sealer, user: i64, code: &str, now: i64) -> AppResult<bool> {
    let Some(key) = store::totp::confirmed(db, user)? else {
        return Ok(false);
    };
    let totp = sealed_totp(sealer, user, &key.sealed, &key.email)?;
    let after = key.last_step.map(|step| step as u64);
    let Some(matched) = totp
        .verify(code, now as u64, WINDOW, after)
        .map_err(AppError::internal)?
    else {
        return Ok(false);
    };
    Ok(store::totp::advance_step(db, user, matched.step as i64)?)
}

/// Seals the secrets stored in the clear before the schema had `sealed`; how many.
pub fn seal_clear_secrets(db: &Db<'_>, sealer: &Sealer) -> store::Result<usize> {
    let clear = store::totp::clear_secrets(db)?;
    let mut sealed = 0;
    for (user_id, secret) in &clear {
        // The server wrote these as base32; one that is not stays as it was, uncounted.
        let Ok(secret) = Secret::from_base32(secret) else {
            continue;
        };
        sealed += store::totp::seal_clear_secret(
            db,
            *user_id,
            &sealer.seal(*user_id, secret.as_bytes()),
        )?;
    }
    Ok(sealed)
}
