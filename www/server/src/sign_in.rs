//! Signing in: password first; a remembered device goes straight in, any other device gets a
//! one-time code by SMS or e-mail (NIST SP 800-63B §5.1.3: out-of-band, 6 digits, at most 10
//! minutes, accepted once).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use serde_json::json;
use subtle::ConstantTimeEq;

use crate::auth::{self, code_hash, new_code, token_hash};
use crate::error::{AppError, AppResult, Json};
use crate::session::{DEVICE_COOKIE, cookie, remember_device, start_session};
use crate::{AppState, db, methods};

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
/// Consecutive failures (passwords and codes) before each try waits: 5 s, 10 s, 20 s, ...
pub const FREE_FAILURES: u32 = 3;
/// The first wait; each further failure doubles it.
pub const FIRST_WAIT_MS: i64 = 5000;
/// Consecutive failures that lock the account for [`LOCK_MS`] (NIST allows 100; less is better).
pub const LOCK_FAILURES: u32 = 10;
pub const LOCK_MS: i64 = 15 * 60 * 1000;

#[derive(Deserialize)]
pub struct SignIn {
    email: String,
    password: String,
}

/// Refuses while the account's failures make it wait.
fn check_throttle(db: &Connection, user_id: i64, now: i64) -> AppResult<()> {
    let blocked_until: Option<i64> = db
        .query_row(
            "SELECT blocked_until_ms FROM throttle WHERE user_id = ?1",
            [user_id],
            |r| r.get(0),
        )
        .optional()?;
    match blocked_until {
        Some(until) if until > now => Err(AppError::TooMany {
            code: "account_throttled",
            message: "too many failed attempts: wait before trying again",
            retry_after_secs: ((until - now) as u64).div_ceil(1000),
        }),
        _ => Ok(()),
    }
}

/// One more consecutive failure: an increasing delay, then a lock (survives restarts: SQLite).
fn record_failure(db: &Connection, user_id: i64, now: i64, what: &str) -> AppResult<()> {
    let failures: u32 = db.query_row(
        "INSERT INTO throttle (user_id, failures) VALUES (?1, 1)
         ON CONFLICT(user_id) DO UPDATE SET failures = failures + 1 RETURNING failures",
        [user_id],
        |r| r.get(0),
    )?;
    let wait_ms = if failures >= LOCK_FAILURES {
        db::event(
            db,
            user_id,
            "account_locked",
            "too many failed attempts",
            now,
        )?;
        LOCK_MS
    } else if failures > FREE_FAILURES {
        FIRST_WAIT_MS << (failures - FREE_FAILURES - 1).min(8)
    } else {
        0
    };
    db.execute(
        "UPDATE throttle SET blocked_until_ms = ?2 WHERE user_id = ?1",
        params![user_id, now + wait_ms],
    )?;
    db::event(db, user_id, "failed_attempt", what, now)?;
    Ok(())
}

fn reset_failures(db: &Connection, user_id: i64) -> AppResult<()> {
    db.execute(
        "UPDATE throttle SET failures = 0, blocked_until_ms = 0 WHERE user_id = ?1",
        [user_id],
    )?;
    Ok(())
}

/// `POST /api/sign-in { email, password }`.
pub async fn sign_in(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Json(body): Json<SignIn>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let user: Option<(i64, String)> = {
        let db = app.db();
        let user = db
            .query_row(
                "SELECT id, password_hash FROM users WHERE email = ?1",
                [body.email.trim().to_lowercase()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, _)) = &user {
            check_throttle(&db, *id, now)?;
        }
        user
    };
    // Hash outside the database lock; an unknown e-mail costs the same as a wrong password.
    let password = body.password;
    let (user, valid) = tokio::task::spawn_blocking(move || match user {
        Some((id, hash)) => (Some(id), auth::verify_password(&password, &hash)),
        None => {
            auth::verify_password(&password, crate::DUMMY_HASH.as_str());
            (None, false)
        }
    })
    .await
    .map_err(|_| AppError::Internal)?;
    let db = app.db();
    let Some(user_id) = user else {
        return Err(AppError::InvalidCredentials);
    };
    if !valid {
        record_failure(&db, user_id, now, "wrong password")?;
        return Err(AppError::InvalidCredentials);
    }
    // A device that passed a challenge before, not revoked, not expired, skips it.
    if let Some(token) = cookie(&headers, DEVICE_COOKIE) {
        let known: bool = db.query_row(
            "SELECT EXISTS(SELECT 1 FROM devices WHERE token_hash = ?1 AND user_id = ?2
             AND revoked_ms IS NULL AND expires_ms > ?3)",
            params![token_hash(&token), user_id, now],
            |r| r.get(0),
        )?;
        if known {
            reset_failures(&db, user_id)?;
            db::event(&db, user_id, "sign_in", "remembered device", now)?;
            let cookie = start_session(&db, &app, user_id, now)?;
            return Ok((
                [(header::SET_COOKIE, cookie)],
                axum::Json(json!({ "status": "signed_in" })),
            )
                .into_response());
        }
    }
    let id = auth::new_token();
    db.execute(
        "INSERT INTO challenges (id, user_id, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4)",
        params![id, user_id, now, now + CHALLENGE_TTL_MS],
    )?;
    Ok(axum::Json(json!({
        "status": "challenge",
        "challengeId": id,
        "methods": methods::available(&db, user_id)?,
        "expiresInMs": CHALLENGE_TTL_MS,
    }))
    .into_response())
}

struct Challenge {
    user_id: i64,
    expires_ms: i64,
    code_hash: Option<Vec<u8>>,
    code_expires_ms: Option<i64>,
    sent_ms: Option<i64>,
    failures: u32,
    consumed: bool,
}

/// The live challenge `id`, or why it is not.
fn live_challenge(db: &Connection, id: &str, now: i64) -> AppResult<Challenge> {
    let challenge = db
        .query_row(
            "SELECT user_id, expires_ms, code_hash, code_expires_ms, sent_ms, failures, consumed_ms IS NOT NULL
             FROM challenges WHERE id = ?1",
            [id],
            |r| {
                Ok(Challenge {
                    user_id: r.get(0)?,
                    expires_ms: r.get(1)?,
                    code_hash: r.get(2)?,
                    code_expires_ms: r.get(3)?,
                    sent_ms: r.get(4)?,
                    failures: r.get(5)?,
                    consumed: r.get(6)?,
                })
            },
        )
        .optional()?
        .ok_or(AppError::NotFound("challenge_not_found"))?;
    if challenge.consumed {
        return Err(AppError::Gone(
            "challenge_used",
            "this sign-in was already completed",
        ));
    }
    if challenge.failures >= MAX_CODE_FAILURES {
        return Err(AppError::Gone(
            "too_many_attempts",
            "too many wrong codes: sign in again",
        ));
    }
    if challenge.expires_ms <= now {
        return Err(AppError::Gone(
            "challenge_expired",
            "this sign-in expired: sign in again",
        ));
    }
    Ok(challenge)
}

#[derive(Deserialize)]
pub struct Send {
    method: String,
}

/// `POST /api/challenges/{id}/send { method: "sms" | "email" }`: a fresh code to the outbox.
pub async fn send(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    Json(body): Json<Send>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let db = app.db();
    let challenge = live_challenge(&db, &id, now)?;
    if let Some(sent) = challenge
        .sent_ms
        .filter(|sent| now - sent < RESEND_COOLDOWN_MS)
    {
        return Err(AppError::TooMany {
            code: "resend_cooldown",
            message: "a code was just sent: wait before asking for another",
            retry_after_secs: ((sent + RESEND_COOLDOWN_MS - now) as u64).div_ceil(1000),
        });
    }
    let (sent_last_hour, oldest): (i64, Option<i64>) = db.query_row(
        "SELECT COUNT(*), MIN(sent_ms) FROM sends WHERE user_id = ?1 AND sent_ms > ?2",
        params![challenge.user_id, now - 3_600_000],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if sent_last_hour >= MAX_SENDS_PER_HOUR {
        return Err(AppError::TooMany {
            code: "send_quota",
            message: "too many codes sent this hour",
            retry_after_secs: ((oldest.unwrap_or(now) + 3_600_000 - now) as u64).div_ceil(1000),
        });
    }
    let (email, phone): (String, String) = db.query_row(
        "SELECT email, phone FROM users WHERE id = ?1",
        [challenge.user_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let code = new_code();
    let (channel, recipient, message) = match body.method.as_str() {
        // The last line binds the code to this site (WICG origin-bound one-time codes), so the
        // browser offers it here and nowhere else.
        "sms" => (
            "sms",
            phone,
            format!(
                "{code} is your Demo Shop sign-in code. It expires in 10 minutes. Never share it.\n\n@{} #{code}",
                app.config.host
            ),
        ),
        "email" => (
            "email",
            email,
            format!(
                "Subject: Your Demo Shop sign-in code\n\nSomeone (hopefully you) is signing in to Demo Shop \
             on a new device. Your code is {code}; it expires in 10 minutes. If this was not you, \
             change your password."
            ),
        ),
        _ => return Err(AppError::BadRequest("method must be \"sms\" or \"email\"")),
    };
    db.execute(
        "UPDATE challenges SET code_hash = ?2, code_expires_ms = ?3, sent_ms = ?4 WHERE id = ?1",
        params![
            id,
            code_hash(&app.code_key, &id, &code),
            now + CODE_TTL_MS,
            now
        ],
    )?;
    db.execute(
        "INSERT INTO sends (user_id, sent_ms) VALUES (?1, ?2)",
        params![challenge.user_id, now],
    )?;
    db.execute(
        "INSERT INTO outbox (channel, recipient, body, created_ms) VALUES (?1, ?2, ?3, ?4)",
        params![channel, recipient, message, now],
    )?;
    Ok(axum::Json(
        json!({ "sent": channel, "resendInMs": RESEND_COOLDOWN_MS, "expiresInMs": CODE_TTL_MS }),
    )
    .into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verify {
    code: String,
    /// `"sms"`/`"email"` (the code sent for this challenge, the default), `"totp"` or
    /// `"recovery"`.
    #[serde(default)]
    method: Option<String>,
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

/// `POST /api/challenges/{id}/verify { code, rememberDevice }`.
pub async fn verify(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Verify>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let db = app.db();
    let challenge = live_challenge(&db, &id, now)?;
    check_throttle(&db, challenge.user_id, now)?;
    let (matches, how) = match body.method.as_deref() {
        None | Some("sms" | "email") => (
            verify_sent_code(&app, &challenge, &id, &body.code, now)?,
            "one-time code",
        ),
        Some("totp") => (
            methods::verify_totp(&db, &app, challenge.user_id, &body.code, now)?,
            "authenticator app",
        ),
        Some("recovery") => (
            methods::use_recovery_code(&db, &app, challenge.user_id, &body.code, now)?,
            "recovery code",
        ),
        Some(_) => {
            return Err(AppError::BadRequest(
                "method must be sms, email, totp or recovery",
            ));
        }
    };
    if !matches {
        db.execute(
            "UPDATE challenges SET failures = failures + 1 WHERE id = ?1",
            [&id],
        )?;
        record_failure(&db, challenge.user_id, now, "wrong code")?;
        let attempts_left = MAX_CODE_FAILURES.saturating_sub(challenge.failures + 1);
        if attempts_left == 0 {
            return Err(AppError::Gone(
                "too_many_attempts",
                "too many wrong codes: sign in again",
            ));
        }
        return Err(AppError::WrongCode {
            attempts_left: Some(attempts_left),
        });
    }
    // Accepted once (RFC 6238 §5.2 in spirit): the update only succeeds for a live challenge.
    let consumed = db.execute(
        "UPDATE challenges SET consumed_ms = ?2 WHERE id = ?1 AND consumed_ms IS NULL",
        params![id, now],
    )?;
    if consumed == 0 {
        return Err(AppError::Gone(
            "challenge_used",
            "this sign-in was already completed",
        ));
    }
    reset_failures(&db, challenge.user_id)?;
    db::event(&db, challenge.user_id, "sign_in", how, now)?;
    let mut cookies = vec![start_session(&db, &app, challenge.user_id, now)?];
    if body.remember_device {
        let agent = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("unknown browser");
        cookies.push(remember_device(&db, &app, challenge.user_id, agent, now)?);
    }
    let mut response = axum::Json(json!({ "status": "signed_in" })).into_response();
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct SignUp {
    email: String,
    phone: String,
    password: String,
}

/// `POST /api/sign-up { email, phone, password }`: a new account; then sign in as usual (the
/// first device is challenged like any other).
pub async fn sign_up(
    State(app): State<Arc<AppState>>,
    Json(body): Json<SignUp>,
) -> AppResult<Response> {
    let email = body.email.trim().to_lowercase();
    let phone: String = body.phone.chars().filter(|c| !c.is_whitespace()).collect();
    if email.len() > 254
        || !email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    {
        return Err(AppError::BadRequest("email must be an e-mail address"));
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits)
        || !phone
            .chars()
            .all(|c| c.is_ascii_digit() || "+-()".contains(c))
    {
        return Err(AppError::BadRequest(
            "phone must be a phone number of 7 to 15 digits",
        ));
    }
    // NIST SP 800-63B §5.1.1.2: at least 8 characters; long passphrases welcome.
    if !(8..=128).contains(&body.password.chars().count()) {
        return Err(AppError::BadRequest("password must be 8 to 128 characters"));
    }
    let password = body.password;
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|_| AppError::Internal)?;
    let now = app.clock.now_ms();
    let db = app.db();
    let created = db.execute(
        "INSERT INTO users (email, phone, password_hash, created_ms) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(email) DO NOTHING",
        params![email, phone, hash, now],
    )?;
    if created == 0 {
        return Err(AppError::Conflict(
            "email_taken",
            "an account with this e-mail exists: sign in instead",
        ));
    }
    Ok((
        axum::http::StatusCode::CREATED,
        axum::Json(json!({ "status": "created" })),
    )
        .into_response())
}
