//! `passkeys` (webauthn-rs credentials, serialized) and `ceremonies` (the states kept between
//! a WebAuthn ceremony's options and its answer).

use otp_wasm::encoding::base64url;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

pub fn insert_ceremony(
    db: &Connection,
    id: &str,
    user: Option<i64>,
    state: &str,
    expires: i64,
) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO ceremonies (id, user_id, state, expires_ms) VALUES (?1, ?2, ?3, ?4)",
        params![id, user, state, expires],
    )?;
    Ok(())
}

/// Deletes the live ceremony `id` of `owner` (`None`: one started signed out) and answers its
/// state; another's ceremony is left alone.
pub fn take_ceremony(
    db: &Connection,
    id: &str,
    owner: Option<i64>,
    now: i64,
) -> rusqlite::Result<Option<String>> {
    db.query_row(
        "DELETE FROM ceremonies WHERE id = ?1 AND expires_ms > ?2 AND user_id IS ?3
         RETURNING state",
        params![id, now, owner],
        |r| r.get(0),
    )
    .optional()
}

/// The account's passkeys: row id and serialized credential.
pub fn of_user(db: &Connection, user: i64) -> rusqlite::Result<Vec<(i64, String)>> {
    db.prepare("SELECT id, passkey FROM passkeys WHERE user_id = ?1")?
        .query_map([user], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// The account's passkeys that confirm payments: row id and serialized credential.
pub fn for_payments_of(db: &Connection, user: i64) -> rusqlite::Result<Vec<(i64, String)>> {
    db.prepare("SELECT id, passkey FROM passkeys WHERE user_id = ?1 AND for_payments")?
        .query_map([user], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

pub fn insert(
    db: &Connection,
    user: i64,
    (credential_id, passkey, for_payments): (&[u8], &str, bool),
    now: i64,
) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO passkeys (user_id, credential_id, passkey, created_ms, for_payments)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![user, credential_id, passkey, now, for_payments],
    )?;
    Ok(())
}

/// The credential as it is after a sign-in, and when it was used.
pub fn used(db: &Connection, id: i64, passkey: &str, now: i64) -> rusqlite::Result<()> {
    db.execute(
        "UPDATE passkeys SET passkey = ?2, last_used_ms = ?3 WHERE id = ?1",
        params![id, passkey, now],
    )?;
    Ok(())
}

/// A passkey as `GET /api/passkeys` lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    id: i64,
    /// base64url, as WebAuthn and its signals name it.
    credential_id: String,
    created_ms: i64,
    last_used_ms: Option<i64>,
    for_payments: bool,
}

/// The account's passkeys, oldest first.
pub fn list(db: &Connection, user: i64) -> rusqlite::Result<Vec<Listed>> {
    db.prepare(
        "SELECT id, created_ms, last_used_ms, for_payments, credential_id FROM passkeys
         WHERE user_id = ?1 ORDER BY id",
    )?
    .query_map([user], |r| {
        Ok(Listed {
            id: r.get(0)?,
            created_ms: r.get(1)?,
            last_used_ms: r.get(2)?,
            for_payments: r.get(3)?,
            credential_id: base64url::encode(&r.get::<_, Vec<u8>>(4)?),
        })
    })?
    .collect()
}

/// Removes the account's passkey `id`; `false` when it has none such.
pub fn remove(db: &Connection, user: i64, id: i64) -> rusqlite::Result<bool> {
    let removed = db.execute(
        "DELETE FROM passkeys WHERE id = ?1 AND user_id = ?2",
        params![id, user],
    )?;
    Ok(removed == 1)
}

/// Whether the account has a passkey (a challenge lists `passkey` then); with `for_payments`,
/// one that confirms payments.
pub fn has_passkey(db: &Connection, user: i64, for_payments: bool) -> rusqlite::Result<bool> {
    db.query_row(
        "SELECT EXISTS(SELECT 1 FROM passkeys WHERE user_id = ?1 AND (for_payments OR NOT ?2))",
        params![user, for_payments],
        |r| r.get(0),
    )
}
