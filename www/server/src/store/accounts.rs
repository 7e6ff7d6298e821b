//! `users` (accounts) and `events` (their security logs).

use super::{Db, OptionalExtension, Result, params};
use serde::Serialize;

pub fn exists(db: &Db<'_>, email: &str) -> Result<bool> {
    db.query_row(
        "SELECT EXISTS(SELECT 1 FROM users WHERE email = ?1)",
        params![email],
        |r| r.get(0),
    )
}

/// A new account; `false` when the e-mail has one already.
pub fn create(
    db: &Db<'_>,
    email: &str,
    phone: &str,
    password_hash: &str,
    now: i64,
) -> Result<bool> {
    let created = db.execute(
        "INSERT INTO users (email, phone, password_hash, created_ms) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(email) DO NOTHING",
        params![email, phone, password_hash, now],
    )?;
    Ok(created == 1)
}

/// The account with the (normalized) e-mail, and its password hash.
pub fn by_email(db: &Db<'_>, email: &str) -> Result<Option<(i64, String)>> {
    db.query_row(
        "SELECT id, password_hash FROM users WHERE email = ?1",
        params![email],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// The account's e-mail address and phone number, where its codes go.
pub fn addresses(db: &Db<'_>, user: i64) -> Result<(String, String)> {
    db.query_row(
        "SELECT email, phone FROM users WHERE id = ?1",
        params![user],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The account's WebAuthn user handle, if it has one yet.
pub fn webauthn_id(db: &Db<'_>, user: i64) -> Result<Option<String>> {
    db.query_row(
        "SELECT webauthn_id FROM users WHERE id = ?1",
        params![user],
        |r| r.get(0),
    )
}

pub fn set_webauthn_id(db: &Db<'_>, user: i64, handle: &str) -> Result<()> {
    db.execute(
        "UPDATE users SET webauthn_id = ?2 WHERE id = ?1",
        params![user, handle],
    )?;
    Ok(())
}

/// The account a WebAuthn user handle names, and its e-mail.
pub fn by_webauthn_id(db: &Db<'_>, handle: &str) -> Result<Option<(i64, String)>> {
    db.query_row(
        "SELECT id, email FROM users WHERE webauthn_id = ?1",
        params![handle],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// One line of the security log.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    kind: String,
    detail: String,
    created_ms: i64,
}

/// The newest 100 lines of the account's security log, newest first.
pub fn events(db: &Db<'_>, user: i64) -> Result<Vec<Event>> {
    db.query_map(
        "SELECT kind, detail, created_ms FROM events WHERE user_id = ?1 ORDER BY id DESC LIMIT 100",
        params![user],
        |r| {
            Ok(Event {
                kind: r.get(0)?,
                detail: r.get(1)?,
                created_ms: r.get(2)?,
            })
        },
    )
}
