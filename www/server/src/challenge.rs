//! Signing in: password first; a remembered device goes straight in, any other device gets a
//! challenge: a one-time code by SMS or e-mail (NIST SP 800-63B §5.1.3: out-of-band, 6 digits,
//! at most 10 minutes, accepted once), or the account's authenticator app or a recovery code.
//!
//! Each request is one transaction; around the password hash (which runs outside the database
//! lock) there are two, and the attempt is counted in the first.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use serde_json::json;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::auth::{self, code_hash, new_code};
use crate::error::{AppError, AppResult, Json, Path, seconds_until};
use crate::methods::{self, Method};
use crate::outbox::{self, Channel};
use crate::session::{remember_device, remembered_device, start_session, user_agent};
use crate::throttle::{self, Scope, normalize_email};
use crate::{AppState, db, messages};

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

#[derive(Deserialize)]
pub struct SignIn {
    email: String,
    password: Zeroizing<String>,
}

/// `POST /api/sign-in { email, password }`. An unknown e-mail, a wrong password and a locked
/// e-mail answer the same way whether or not an account has the e-mail.
pub async fn sign_in(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Json(body): Json<SignIn>,
) -> AppResult<Response> {
    let email = normalize_email(&body.email);
    let slot = app.hashers.slot()?;
    let now = app.clock.now_ms();
    let (account, attempt) = app.write(|tx| {
        let user: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, password_hash FROM users WHERE email = ?1",
                [&email],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let device = match &user {
            Some((id, _)) => remembered_device(tx, &app, &headers, *id, now)?,
            None => None,
        };
        let scope = device.map_or(Scope::Anywhere, Scope::Device);
        let attempt = throttle::reserve(tx, &email, scope, now)?;
        Ok((user.map(|(id, hash)| (id, hash, device)), attempt))
    })?;
    let hash = account.as_ref().map(|(_, hash, _)| hash.clone());
    let password = body.password;
    let valid = slot
        .run(move || auth::verify_password(&password, hash.as_deref()))
        .await?;
    app.write(|tx| {
        let Some((user, _, device)) = account else {
            throttle::fail(tx, attempt, None, "wrong password", now)?;
            return Ok(Err(AppError::InvalidCredentials));
        };
        if !valid {
            throttle::fail(tx, attempt, Some(user), "wrong password", now)?;
            return Ok(Err(AppError::InvalidCredentials));
        }
        // A device that passed a challenge before, not revoked, not expired, skips it.
        if let Some(device) = device {
            throttle::clear(tx, attempt)?;
            db::event(tx, user, "sign_in", "remembered device", now)?;
            let cookie = start_session(tx, &app, user, Some(device), user_agent(&headers), now)?;
            return Ok(Ok((
                [(header::SET_COOKIE, cookie)],
                axum::Json(json!({ "status": "signed_in" })),
            )
                .into_response()));
        }
        throttle::release(tx, attempt)?;
        let id = auth::new_token();
        tx.execute(
            "INSERT INTO challenges (id, user_id, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4)",
            params![id, user, now, now + CHALLENGE_TTL_MS],
        )?;
        Ok(Ok(axum::Json(json!({
            "status": "challenge",
            "challengeId": id,
            "methods": methods::available(tx, user)?,
            "expiresInMs": CHALLENGE_TTL_MS,
        }))
        .into_response()))
    })?
}

struct Challenge {
    user_id: i64,
    code_hash: Option<Vec<u8>>,
    code_expires_ms: Option<i64>,
    sent_ms: Option<i64>,
    failures: u32,
}

/// Why the challenge `id` takes no more codes: not found, used, too many wrong codes, expired.
fn dead_challenge(db: &Connection, id: &str, now: i64) -> AppError {
    let state: rusqlite::Result<Option<(bool, u32, i64)>> = db
        .query_row(
            "SELECT consumed_ms IS NOT NULL, failures, expires_ms FROM challenges WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional();
    match state {
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
fn live_challenge(
    db: &Connection,
    id: &str,
    now: i64,
    count_attempt: bool,
) -> AppResult<Challenge> {
    db.query_row(
        "UPDATE challenges SET failures = failures + ?4
         WHERE id = ?1 AND consumed_ms IS NULL AND failures < ?3 AND expires_ms > ?2
         RETURNING user_id, code_hash, code_expires_ms, sent_ms, failures",
        params![id, now, MAX_CODE_FAILURES, u32::from(count_attempt)],
        |r| {
            Ok(Challenge {
                user_id: r.get(0)?,
                code_hash: r.get(1)?,
                code_expires_ms: r.get(2)?,
                sent_ms: r.get(3)?,
                failures: r.get(4)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| dead_challenge(db, id, now))
}

#[derive(Deserialize)]
pub struct Send {
    method: Method,
}

/// `POST /api/challenges/{id}/send { method: "sms" | "email" }`: a fresh code to the outbox.
pub async fn send(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    Json(body): Json<Send>,
) -> AppResult<Response> {
    let channel = match body.method {
        Method::Sms => Channel::Sms,
        Method::Email => Channel::Email,
        _ => return Err(AppError::BadRequest("method must be \"sms\" or \"email\"")),
    };
    let now = app.clock.now_ms();
    app.write(|tx| {
        let challenge = live_challenge(tx, &id, now, false)?;
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
        let (sent_last_hour, oldest): (i64, Option<i64>) = tx.query_row(
            "SELECT COUNT(*), MIN(sent_ms) FROM sends WHERE user_id = ?1 AND sent_ms > ?2",
            params![challenge.user_id, now - SEND_WINDOW_MS],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if sent_last_hour >= MAX_SENDS_PER_HOUR {
            return Err(AppError::TooMany {
                code: "send_quota",
                message: "too many codes sent this hour",
                retry_after_secs: seconds_until(oldest.unwrap_or(now) + SEND_WINDOW_MS, now),
            });
        }
        let (email, phone): (String, String) = tx.query_row(
            "SELECT email, phone FROM users WHERE id = ?1",
            [challenge.user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let code = Zeroizing::new(new_code());
        let (recipient, message) = match channel {
            Channel::Sms => (phone, messages::sms_code(&code, &app.config.host)),
            Channel::Email => (email, messages::email_code(&code)),
        };
        let message = Zeroizing::new(message);
        tx.execute(
            "UPDATE challenges SET code_hash = ?2, code_expires_ms = ?3, sent_ms = ?4
             WHERE id = ?1",
            params![id, code_hash(&app.code_key, &id, &code), now + CODE_TTL_MS, now],
        )?;
        tx.execute(
            "INSERT INTO sends (user_id, sent_ms) VALUES (?1, ?2)",
            params![challenge.user_id, now],
        )?;
        outbox::deliver(tx, &app, channel, &recipient, &message, now)?;
        Ok(axum::Json(
            json!({ "sent": body.method, "resendInMs": RESEND_COOLDOWN_MS, "expiresInMs": CODE_TTL_MS }),
        )
        .into_response())
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verify {
    code: Zeroizing<String>,
    /// `"sms"`/`"email"` (the code sent for this challenge, the default), `"totp"` or
    /// `"recovery"`.
    #[serde(default)]
    method: Option<Method>,
    #[serde(default)]
    remember_device: bool,
}

/// Whether the sent code matches, compared in constant time under the keyed hash.
fn verify_sent_code(
    app: &AppState,
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
    let typed = otp_wasm::code_entry::normalize_code(code, 6)
        .map(|c| code_hash(&app.code_key, id, c.as_str()));
    Ok(typed.is_ok_and(|hash| bool::from(hash.ct_eq(stored))))
}

/// `POST /api/challenges/{id}/verify { code, method, rememberDevice }`. The wrong code is
/// counted (on the challenge and on the account) before the code is compared; a right one
/// consumes the challenge and starts the session in the same transaction.
pub async fn verify(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Verify>,
) -> AppResult<Response> {
    let method = body.method.unwrap_or(Method::Sms);
    if method == Method::Passkey {
        return Err(AppError::BadRequest(
            "method must be sms, email, totp or recovery",
        ));
    }
    let now = app.clock.now_ms();
    app.write(|tx| {
        let challenge = live_challenge(tx, &id, now, true)?;
        let user = challenge.user_id;
        let email = db::email_of(tx, user)?;
        let attempt = throttle::reserve(tx, &email, Scope::Anywhere, now)?;
        let matches = match method {
            Method::Totp => methods::verify_totp(tx, &app, user, &body.code, now)?,
            Method::Recovery => methods::use_recovery_code(tx, &app, user, &body.code, now)?,
            _ => verify_sent_code(&app, &challenge, &id, &body.code, now)?,
        };
        if !matches {
            throttle::fail(tx, attempt, Some(user), "wrong code", now)?;
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
        tx.execute(
            "UPDATE challenges SET consumed_ms = ?2, failures = failures - 1 WHERE id = ?1",
            params![id, now],
        )?;
        throttle::clear(tx, attempt)?;
        db::event(tx, user, "sign_in", method.describe(), now)?;
        let agent = user_agent(&headers);
        let mut response = axum::Json(json!({ "status": "signed_in" })).into_response();
        let device = if body.remember_device {
            let (device, cookie) = remember_device(tx, &app, user, agent, now)?;
            response.headers_mut().append(header::SET_COOKIE, cookie);
            Some(device)
        } else {
            None
        };
        let session = start_session(tx, &app, user, device, agent, now)?;
        response.headers_mut().append(header::SET_COOKIE, session);
        Ok(Ok(response))
    })?
}
