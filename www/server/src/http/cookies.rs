//! Cookies: a session after sign-in, and a remembered-device token after a passed challenge.
//! Both `HttpOnly`, `SameSite=Lax`; when the site's origin is https they are also `Secure` with
//! the `__Host-` prefix (bound to this host, path `/`).

use axum::http::{HeaderMap, HeaderValue, header};

use crate::config::Config;
use crate::error::{AppError, AppResult};

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
pub fn read(config: &Config, headers: &HeaderMap, cookie: Cookie) -> Option<String> {
    let name = cookie.name(config.secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The `Set-Cookie` value that stores `value` for `max_age_ms` (0 clears it).
pub fn set(
    config: &Config,
    cookie: Cookie,
    value: &str,
    max_age_ms: i64,
) -> AppResult<HeaderValue> {
    let name = cookie.name(config.secure);
    let secure = if config.secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        max_age_ms / 1000
    ))
    .map_err(AppError::internal)
}

/// The browser's name, as the device and session lists show it.
pub fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("unknown browser")
}
