//! `passkeys` (webauthn-rs credentials, serialized) and `ceremonies` (the states kept between
//! a WebAuthn ceremony's options and its answer).

use super::{Db, OptionalExtension, Result, params};
use otp_wasm::encoding::base64url;
use serde::Serialize;

pub fn insert_ceremony(
    db: &Db<'_>,
    id: &str,
    user: Option<i64>,
    state: &str,
    expires: i64,
) -> Result<()> {
    db.execute(
        "INSERT INTO ceremonies (id, user_id, state, expires_ms) VALUES (?1, ?2, ?3, ?4)",
        params![id, user, state, expires],
    )?;
    Ok(())
}

/// Deletes the live ceremony `id` of `owner` (`None`: one started signed out) and answers its
/// state; another's ceremony is left alone.
pub fn take_ceremony(
    db: &Db<'_>,
    id: &str,
    owner: Option<i64>,
    now: i64,
) -> Result<Option<String>> {
    db.query_row(
        "DELETE FROM ceremonies WHERE id = ?1 AND expires_ms > ?2 AND user_id IS NOT DISTINCT FROM ?3
         RETURNING state",
        params![id, now, owner],
        |r| r.get(0),
    )
    .optional()
}

/// The account's passkeys: row id and serialized credential.
pub fn of_user(db: &Db<'_>, user: i64) -> Result<Vec<(i64, String)>> {
    db.query_map(
        "SELECT id, passkey FROM passkeys WHERE user_id = ?1",
        params![user],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The account's passkeys that confirm payments: row id and serialized credential.
pub fn for_payments_of(db: &Db<'_>, user: i64) -> Result<Vec<(i64, String)>> {
    db.query_map(
        "SELECT id, passkey FROM passkeys WHERE user_id = ?1 AND for_payments = 1",
        params![user],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

pub fn insert(
    db: &Db<'_>,
    user: i64,
    (credential_id, passkey, for_payments): (&[u8], &str, bool),
    now: i64,
) -> Result<()> {
    db.execute(
        "INSERT INTO passkeys (user_id, credential_id, passkey, created_ms, for_payments)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![user, credential_id, passkey, now, for_payments],
    )?;
    Ok(())
}

/// The credential as it is after a sign-in, and when it was used.
pub fn used(db: &Db<'_>, id: i64, passkey: &str, now: i64) -> Result<()> {
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
pub fn list(db: &Db<'_>, user: i64) -> Result<Vec<Listed>> {
    db.query_map(
        "SELECT id, created_ms, last_used_ms, for_payments, credential_id FROM passkeys
         WHERE user_id = ?1 ORDER BY id",
        params![user],
        |r| {
            Ok(Listed {
                id: r.get(0)?,
                created_ms: r.get(1)?,
                last_used_ms: r.get(2)?,
                for_payments: r.get(3)?,
                credential_id: base64url::encode(&r.get::<Vec<u8>>(4)?),
            })
        },
    )
}

/// Removes the account's passkey `id`; `false` when it has none such.
pub fn remove(db: &Db<'_>, user: i64, id: i64) -> Result<bool> {
    let removed = db.execute(
        "DELETE FROM passkeys WHERE id = ?1 AND user_id = ?2",
        params![id, user],
    )?;
    Ok(removed == 1)
}

/// Whether the account has a passkey (a challenge lists `passkey` then); with `for_payments`,
/// one that confirms payments.
pub fn has_passkey(db: &Db<'_>, user: i64, for_payments: bool) -> Result<bool> {
    db.query_row(
        "SELECT EXISTS(SELECT 1 FROM passkeys WHERE user_id = ?1 AND (for_payments = 1 OR ?2 = 0))",
        params![user, for_payments],
        |r| r.get(0),
    )
}
