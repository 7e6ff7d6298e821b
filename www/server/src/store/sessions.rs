//! `sessions` and `devices`: both found by the SHA-256 of their token, never the token.

use super::{Db, OptionalExtension, Result, params};
use serde::Serialize;

/// A live session.
pub struct Session {
    pub user: i64,
    pub id: i64,
    /// When the session last saw the password or a factor.
    pub authenticated_ms: i64,
    /// When it started: every session starts at a sign-in that proved a second factor (a code,
    /// a passkey, a remembered device).
    pub created_ms: i64,
}

pub fn insert(
    db: &Db<'_>,
    token_hash: &[u8],
    (user, device): (i64, Option<i64>),
    user_agent: &str,
    now: i64,
    expires: i64,
) -> Result<()> {
    db.execute(
        "INSERT INTO sessions (token_hash, user_id, device_id, user_agent, created_ms, authenticated_ms, expires_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
        params![token_hash, user, device, user_agent, now, expires],
    )?;
    Ok(())
}

pub fn find(db: &Db<'_>, token_hash: &[u8], now: i64) -> Result<Option<Session>> {
    db.query_row(
        "SELECT user_id, id, authenticated_ms, created_ms FROM sessions
         WHERE token_hash = ?1 AND expires_ms > ?2",
        params![token_hash, now],
        |r| {
            Ok(Session {
                user: r.get(0)?,
                id: r.get(1)?,
                authenticated_ms: r.get(2)?,
                created_ms: r.get(3)?,
            })
        },
    )
    .optional()
}

/// The session's account: its e-mail, password hash, and the remembered device it is on.
pub fn account_of(db: &Db<'_>, session: i64) -> Result<(String, String, Option<i64>)> {
    db.query_row(
        "SELECT u.email, u.password_hash, s.device_id FROM sessions s
         JOIN users u ON u.id = s.user_id WHERE s.id = ?1",
        params![session],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// The session saw the password again now.
pub fn reauthenticated(db: &Db<'_>, session: i64, now: i64) -> Result<()> {
    db.execute(
        "UPDATE sessions SET authenticated_ms = ?2 WHERE id = ?1",
        params![session, now],
    )?;
    Ok(())
}

pub fn delete(db: &Db<'_>, token_hash: &[u8]) -> Result<()> {
    db.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        params![token_hash],
    )?;
    Ok(())
}

/// Ends every session of the account.
pub fn end_all(db: &Db<'_>, user: i64) -> Result<()> {
    db.execute("DELETE FROM sessions WHERE user_id = ?1", params![user])?;
    Ok(())
}

/// A session or a remembered device, as the lists show it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    id: i64,
    user_agent: String,
    created_ms: i64,
    expires_ms: i64,
    /// Sessions only: whether it is the one asking.
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<bool>,
}

/// The account's live sessions, newest first.
pub fn list(db: &Db<'_>, user: i64, current: i64, now: i64) -> Result<Vec<Listed>> {
    db.query_map(
        "SELECT id, user_agent, created_ms, expires_ms FROM sessions
         WHERE user_id = ?1 AND expires_ms > ?2 ORDER BY id DESC",
        params![user, now],
        |r| {
            let id = r.get(0)?;
            Ok(Listed {
                id,
                user_agent: r.get(1)?,
                created_ms: r.get(2)?,
                expires_ms: r.get(3)?,
                current: Some(id == current),
            })
        },
    )
}

/// A new remembered device; its id.
pub fn insert_device(
    db: &Db<'_>,
    token_hash: &[u8],
    user: i64,
    user_agent: &str,
    now: i64,
    expires: i64,
) -> Result<i64> {
    db.query_row(
        "INSERT INTO devices (token_hash, user_id, created_ms, expires_ms, user_agent)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![token_hash, user, now, expires, user_agent],
        |r| r.get(0),
    )
}

/// The device a token hash names, if it is `user`'s, live and not revoked: its id and the
/// user agent it was remembered (or last confirmed) with.
pub fn find_device(
    db: &Db<'_>,
    token_hash: &[u8],
    user: i64,
    now: i64,
) -> Result<Option<(i64, String)>> {
    db.query_row(
        "SELECT id, user_agent FROM devices WHERE token_hash = ?1 AND user_id = ?2
         AND revoked_ms IS NULL AND expires_ms > ?3",
        params![token_hash, user, now],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// The live device `id` now goes with `user_agent`; `false` when it is revoked or expired.
pub fn confirm_device(db: &Db<'_>, id: i64, user_agent: &str, now: i64) -> Result<bool> {
    let updated = db.execute(
        "UPDATE devices SET user_agent = ?2
         WHERE id = ?1 AND revoked_ms IS NULL AND expires_ms > ?3",
        params![id, user_agent, now],
    )?;
    Ok(updated == 1)
}

/// The account's remembered devices, oldest first.
pub fn devices(db: &Db<'_>, user: i64, now: i64) -> Result<Vec<Listed>> {
    db.query_map(
        "SELECT id, user_agent, created_ms, expires_ms FROM devices
         WHERE user_id = ?1 AND revoked_ms IS NULL AND expires_ms > ?2 ORDER BY id",
        params![user, now],
        |r| {
            Ok(Listed {
                id: r.get(0)?,
                user_agent: r.get(1)?,
                created_ms: r.get(2)?,
                expires_ms: r.get(3)?,
                current: None,
            })
        },
    )
}

/// Revokes the device and ends its sessions; `false` when the account has no such live device.
pub fn revoke_device(db: &Db<'_>, user: i64, id: i64, now: i64) -> Result<bool> {
    let revoked = db.execute(
        "UPDATE devices SET revoked_ms = ?3 WHERE id = ?1 AND user_id = ?2 AND revoked_ms IS NULL",
        params![id, user, now],
    )?;
    if revoked == 0 {
        return Ok(false);
    }
    db.execute(
        "DELETE FROM sessions WHERE device_id = ?1 AND user_id = ?2",
        params![id, user],
    )?;
    Ok(true)
}
