//! Sessions and remembered devices: 256-bit random tokens, stored only as SHA-256 hashes (the
//! cookies that carry them are the HTTP layer's, http/cookies.rs).

use crate::domain::secrets::{new_token, token_hash};
use crate::store;
use crate::store::Db;

/// A session lasts 12 hours.
pub const SESSION_TTL_MS: i64 = 12 * 3_600_000;
/// A remembered device is remembered for 30 days, unless revoked.
pub const DEVICE_TTL_MS: i64 = 30 * 24 * 3_600_000;
/// How recent the last password (or factor) must be to change how the account signs in.
pub const REAUTH_WITHIN_MS: i64 = 5 * 60 * 1000;

/// How much of a user agent is stored (and read for its browser family, domain/risk.rs).
pub const AGENT_CHARS: usize = 200;

/// A browser's name as stored: the first [`AGENT_CHARS`] characters of its user agent.
fn agent_name(agent: &str) -> String {
    agent.chars().take(AGENT_CHARS).collect()
}

/// A remembered device a sign-in came from.
pub struct Device {
    pub id: i64,
    /// The user agent it was remembered, or last confirmed, with.
    pub user_agent: String,
}

/// A new session for `user`, authenticated now; `device` when it was started on (or made) a
/// remembered device, so revoking the device ends it. Its token, for the cookie.
pub fn start(
    db: &Db<'_>,
    user: i64,
    device: Option<i64>,
    user_agent: &str,
    now: i64,
) -> store::Result<String> {
    let token = new_token();
    let agent = agent_name(user_agent);
    let expires = now + SESSION_TTL_MS;
    store::sessions::insert(
        db,
        &token_hash(&token),
        (user, device),
        &agent,
        now,
        expires,
    )?;
    Ok(token)
}

/// The live session a token names.
pub fn find(db: &Db<'_>, token: &str, now: i64) -> store::Result<Option<store::sessions::Session>> {
    store::sessions::find(db, &token_hash(token), now)
}

/// Ends the session a token names (if any).
pub fn end(db: &Db<'_>, token: &str) -> store::Result<()> {
    store::sessions::delete(db, &token_hash(token))
}

/// Remembers a device for `user`: its id and token, for the cookie.
pub fn remember_device(
    db: &Db<'_>,
    user: i64,
    user_agent: &str,
    now: i64,
) -> store::Result<(i64, String)> {
    let token = new_token();
    let agent = agent_name(user_agent);
    let expires = now + DEVICE_TTL_MS;
    let id = store::sessions::insert_device(db, &token_hash(&token), user, &agent, now, expires)?;
    store::event(db, user, "device_remembered", &agent, now)?;
    Ok((id, token))
}

/// The remembered device a token names, if it is `user`'s, live and not revoked.
pub fn remembered_device(
    db: &Db<'_>,
    token: Option<&str>,
    user: i64,
    now: i64,
) -> store::Result<Option<Device>> {
    let Some(token) = token else {
        return Ok(None);
    };
    let found = store::sessions::find_device(db, &token_hash(token), user, now)?;
    Ok(found.map(|(id, user_agent)| Device { id, user_agent }))
}

/// A challenge made on remembered device `id` was passed: the device is confirmed as it is
/// now (its browser, for the next sign-in's risk check). `false` if it was revoked or expired
/// meanwhile.
pub fn confirm_device(db: &Db<'_>, id: i64, user_agent: &str, now: i64) -> store::Result<bool> {
    store::sessions::confirm_device(db, id, &agent_name(user_agent), now)
}
