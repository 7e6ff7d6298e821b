//! Cookies: a session after sign-in, and a remembered-device token after a passed challenge.
//! Both are random, stored only as hashes, `HttpOnly`, `SameSite=Lax`; when the site's origin
//! is https they are also `Secure` with the `__Host-` prefix (bound to this host, path `/`).

use std::sync::Arc;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use rusqlite::{Connection, OptionalExtension, params};

use crate::AppState;
use crate::auth::{new_token, token_hash};
use crate::error::{AppError, AppResult};

/// A session lasts 12 hours.
pub const SESSION_TTL_MS: i64 = 12 * 3_600_000;
/// A remembered device is remembered for 30 days, unless revoked.
pub const DEVICE_TTL_MS: i64 = 30 * 24 * 3_600_000;
/// How recent the last password (or factor) must be to change how the account signs in.
pub const REAUTH_WITHIN_MS: i64 = 5 * 60 * 1000;

/// The two cookies, by name.
#[derive(Clone, Copy)]
pub enum Cookie {
    Session,
    Device,
}

impl Cookie {
    fn name(self, secure: bool) -> &'static str {
        match (self, secure) {
            (Cookie::Session, true) => "__Host-otp_session",
            (Cookie::Session, false) => "otp_session",
            (Cookie::Device, true) => "__Host-otp_device",
            (Cookie::Device, false) => "otp_device",
        }
    }
}

/// The value of `cookie` in the request.
pub fn cookie(app: &AppState, headers: &HeaderMap, cookie: Cookie) -> Option<String> {
    let name = cookie.name(app.config.secure);
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
    cookie: Cookie,
    value: &str,
    max_age_ms: i64,
) -> AppResult<HeaderValue> {
    let secure = app.config.secure;
    let name = cookie.name(secure);
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        max_age_ms / 1000
    ))
    .map_err(AppError::internal)
}

/// A new session for `user`, authenticated now; `device` when it was started on (or made) a
/// remembered device, so revoking the device ends it.
pub fn start_session(
    db: &Connection,
    app: &AppState,
    user_id: i64,
    device: Option<i64>,
    user_agent: &str,
    now: i64,
) -> AppResult<HeaderValue> {
    let token = new_token();
    let agent: String = user_agent.chars().take(200).collect();
    db.execute(
        "INSERT INTO sessions (token_hash, user_id, device_id, user_agent, created_ms, authenticated_ms, expires_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
        params![token_hash(&token), user_id, device, agent, now, now + SESSION_TTL_MS],
    )?;
    set_cookie(app, Cookie::Session, &token, SESSION_TTL_MS)
}

/// Remembers this device for `user`: its id and the cookie that carries it.
pub fn remember_device(
    db: &Connection,
    app: &AppState,
    user_id: i64,
    agent: &str,
    now: i64,
) -> AppResult<(i64, HeaderValue)> {
    let token = new_token();
    let agent: String = agent.chars().take(200).collect();
    let id = db.query_row(
        "INSERT INTO devices (token_hash, user_id, created_ms, expires_ms, user_agent)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![token_hash(&token), user_id, now, now + DEVICE_TTL_MS, agent],
        |r| r.get(0),
    )?;
    crate::db::event(db, user_id, "device_remembered", &agent, now)?;
    Ok((id, set_cookie(app, Cookie::Device, &token, DEVICE_TTL_MS)?))
}

/// The remembered device in the request's cookie, if it is `user`'s, live and not revoked.
pub fn remembered_device(
    db: &Connection,
    app: &AppState,
    headers: &HeaderMap,
    user: i64,
    now: i64,
) -> AppResult<Option<i64>> {
    let Some(token) = cookie(app, headers, Cookie::Device) else {
        return Ok(None);
    };
    Ok(db
        .query_row(
            "SELECT id FROM devices WHERE token_hash = ?1 AND user_id = ?2
             AND revoked_ms IS NULL AND expires_ms > ?3",
            params![token_hash(&token), user, now],
            |r| r.get(0),
        )
        .optional()?)
}

/// The browser's name, as the device and session lists show it.
pub fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("unknown browser")
}

/// The signed-in user and their session, as a handler argument: 401 `not_signed_in` otherwise.
pub struct SignedIn {
    pub user: i64,
    pub session: i64,
    /// When the session last saw the password or a factor.
    pub authenticated_ms: i64,
}

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, AppError> {
        let token = cookie(app, &parts.headers, Cookie::Session).ok_or(AppError::NotSignedIn)?;
        app.db()
            .query_row(
                "SELECT user_id, id, authenticated_ms FROM sessions
                 WHERE token_hash = ?1 AND expires_ms > ?2",
                params![token_hash(&token), app.clock.now_ms()],
                |r| {
                    Ok(SignedIn {
                        user: r.get(0)?,
                        session: r.get(1)?,
                        authenticated_ms: r.get(2)?,
                    })
                },
            )
            .optional()?
            .ok_or(AppError::NotSignedIn)
    }
}

/// `Option<SignedIn>`: `None` for a visitor who is not signed in, for routes that answer both.
impl OptionalFromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Option<Self>, AppError> {
        match <SignedIn as FromRequestParts<_>>::from_request_parts(parts, app).await {
            Ok(signed_in) => Ok(Some(signed_in)),
            Err(AppError::NotSignedIn) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// A signed-in user whose session saw the password or a factor in the last
/// [`REAUTH_WITHIN_MS`]: what a change to how the account signs in needs, so a stolen or
/// forgotten session cannot bind the thief's own authenticator (NIST SP 800-63B §6.1.2.1 binds
/// a new authenticator only after authenticating). 401 `reauth_required` otherwise.
pub struct RecentlyAuthenticated(pub SignedIn);

impl FromRequestParts<Arc<AppState>> for RecentlyAuthenticated {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, AppError> {
        let signed_in = <SignedIn as FromRequestParts<_>>::from_request_parts(parts, app).await?;
        if app.clock.now_ms() - signed_in.authenticated_ms > REAUTH_WITHIN_MS {
            return Err(AppError::ReauthRequired);
        }
        Ok(RecentlyAuthenticated(signed_in))
    }
}
