//! Passkeys as the shop keeps them: webauthn-rs credentials and ceremony states, serialized,
//! and each account's WebAuthn user handle. The ceremonies themselves (webauthn-rs calls) are
//! in http/passkeys.rs.

use serde::Serialize;
use serde::de::DeserializeOwned;
use webauthn_rs::prelude::{Passkey, Uuid};

use crate::domain::secrets::{new_token, random_bytes};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::Db;

/// Between options and answer.
const CEREMONY_TTL_MS: i64 = 5 * 60 * 1000;

/// Keeps a ceremony's state for its answer; its id.
pub fn save_ceremony<T: Serialize>(
    db: &Db<'_>,
    user: Option<i64>,
    state: &T,
    now: i64,
) -> AppResult<String> {
    let id = new_token();
    let state = serde_json::to_string(state).map_err(AppError::internal)?;
    store::passkeys::insert_ceremony(db, &id, user, &state, now + CEREMONY_TTL_MS)?;
    Ok(id)
}

/// Takes the ceremony `id` that `owner` started (each is answered once; `None`: signed out):
/// its state. Someone else's is gone for this caller, and stays for its owner.
pub fn take_ceremony<T: DeserializeOwned>(
    db: &Db<'_>,
    id: &str,
    owner: Option<i64>,
    now: i64,
) -> AppResult<T> {
    let expired = || {
        AppError::Gone(
            "ceremony_expired",
            "start again: this passkey request expired",
        )
    };
    let state = store::passkeys::take_ceremony(db, id, owner, now)?.ok_or_else(expired)?;
    // A ceremony of another kind (a registration's id sent to a payment, say) is not one of
    // this kind: gone for this route, as an unknown id is.
    serde_json::from_str(&state).map_err(|_| expired())
}

/// The account's passkeys with their row ids.
pub fn passkeys_of(db: &Db<'_>, user: i64) -> AppResult<Vec<(i64, Passkey)>> {
    store::passkeys::of_user(db, user)?
        .into_iter()
        .map(|(id, text)| Ok((id, serde_json::from_str(&text).map_err(AppError::internal)?)))
        .collect()
}

/// The account's WebAuthn user handle if it has one yet.
pub fn existing_user_handle(db: &Db<'_>, user: i64) -> store::Result<Option<Uuid>> {
    let existing = store::accounts::webauthn_id(db, user)?;
    Ok(existing.and_then(|text| Uuid::parse_str(&text).ok()))
}

/// The account's WebAuthn user handle, made on first use.
pub fn user_handle(db: &Db<'_>, user: i64) -> store::Result<Uuid> {
    if let Some(uuid) = existing_user_handle(db, user)? {
        return Ok(uuid);
    }
    let uuid = Uuid::from_bytes(random_bytes::<16>());
    store::accounts::set_webauthn_id(db, user, &uuid.to_string())?;
    Ok(uuid)
}

/// A passkey added this long after its session's sign-in (which proved a second factor)
/// confirms payments too; one added later, on the password of a recent authentication alone,
/// signs in but does not confirm payments (PSD2 RTS Art. 24: a new means of confirming
/// payments is bound under strong authentication).
pub const PAYMENT_BINDING_WITHIN_MS: i64 = 5 * 60 * 1000;

/// Stores a new passkey for `user`, added in a session that started at `session_started`;
/// whether it confirms payments.
pub fn add(
    db: &Db<'_>,
    user: i64,
    passkey: &Passkey,
    session_started: i64,
    now: i64,
) -> AppResult<bool> {
    let stored = serde_json::to_string(passkey).map_err(AppError::internal)?;
    let for_payments = now - session_started <= PAYMENT_BINDING_WITHIN_MS;
    let row = (passkey.cred_id().as_ref(), stored.as_str(), for_payments);
    store::passkeys::insert(db, user, row, now)?;
    Ok(for_payments)
}

/// The account's passkeys that confirm payments, with their row ids.
pub fn for_payments_of(db: &Db<'_>, user: i64) -> AppResult<Vec<(i64, Passkey)>> {
    store::passkeys::for_payments_of(db, user)?
        .into_iter()
        .map(|(id, text)| Ok((id, serde_json::from_str(&text).map_err(AppError::internal)?)))
        .collect()
}

/// Stores the passkey after a sign-in (its counter and backup state), and when it was used.
pub fn used(db: &Db<'_>, id: i64, passkey: &Passkey, now: i64) -> AppResult<()> {
    let text = serde_json::to_string(passkey).map_err(AppError::internal)?;
    store::passkeys::used(db, id, &text, now)?;
    Ok(())
}
