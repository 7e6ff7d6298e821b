//! Cookies: a session after sign-in, and a remembered-device token after a passed challenge.
//! Both are random, stored only as hashes, `HttpOnly`, `SameSite=Lax`, `Secure` off localhost.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use rusqlite::{Connection, OptionalExtension, params};

use crate::AppState;
use crate::auth::{new_token, token_hash};
use crate::error::{AppError, AppResult};

pub const SESSION_COOKIE: &str = "otp_session";
pub const DEVICE_COOKIE: &str = "otp_device";
/// A session lasts 12 hours.
pub const SESSION_TTL_MS: i64 = 12 * 3_600_000;
/// A remembered device is remembered for 30 days, unless revoked.
pub const DEVICE_TTL_MS: i64 = 30 * 24 * 3_600_000;

/// The value of cookie `name` in the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

pub fn set_cookie(
    app: &AppState,
    name: &str,
    value: &str,
    max_age_ms: i64,
) -> AppResult<HeaderValue> {
    let secure = if app.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        max_age_ms / 1000
    ))
    .map_err(|_| AppError::Internal)
}

pub fn start_session(
    db: &Connection,
    app: &AppState,
    user_id: i64,
    now: i64,
) -> AppResult<HeaderValue> {
    let token = new_token();
    db.execute(
        "INSERT INTO sessions (token_hash, user_id, expires_ms) VALUES (?1, ?2, ?3)",
        params![token_hash(&token), user_id, now + SESSION_TTL_MS],
    )?;
    set_cookie(app, SESSION_COOKIE, &token, SESSION_TTL_MS)
}

pub fn remember_device(
    db: &Connection,
    app: &AppState,
    user_id: i64,
    agent: &str,
    now: i64,
) -> AppResult<HeaderValue> {
    let token = new_token();
    let agent: String = agent.chars().take(200).collect();
    db.execute(
        "INSERT INTO devices (token_hash, user_id, created_ms, expires_ms, user_agent) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token_hash(&token), user_id, now, now + DEVICE_TTL_MS, agent],
    )?;
    crate::db::event(db, user_id, "device_remembered", &agent, now)?;
    set_cookie(app, DEVICE_COOKIE, &token, DEVICE_TTL_MS)
}

/// The signed-in user, from the session cookie.
pub fn current_user(db: &Connection, headers: &HeaderMap, now: i64) -> AppResult<i64> {
    let token = cookie(headers, SESSION_COOKIE).ok_or(AppError::NotSignedIn)?;
    db.query_row(
        "SELECT user_id FROM sessions WHERE token_hash = ?1 AND expires_ms > ?2",
        params![token_hash(&token), now],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(AppError::NotSignedIn)
}

/// The signed-in user, as a handler argument: 401 `not_signed_in` otherwise.
pub struct SignedIn(pub i64);

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, AppError> {
        current_user(&app.db(), &parts.headers, app.clock.now_ms()).map(SignedIn)
    }
}
