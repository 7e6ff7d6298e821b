//! Passkeys (WebAuthn) with webauthn-rs: a signed-in user registers one; anyone signs in with
//! one, usernameless (a discoverable credential), without password or one-time code: the
//! passkey is both factors (possession of the device, and the biometric or PIN it checked).
//! Adding or removing one needs a recent authentication and sends a security e-mail.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Uuid,
};

use crate::auth::new_token;
use crate::error::{AppError, AppResult, Json, Path};
use crate::messages::Change;
use crate::outbox::notify;
use crate::session::{RecentlyAuthenticated, SignedIn, start_session, user_agent};
use crate::throttle::{self, Scope};
use crate::{AppState, db};

/// Between options and answer.
const CEREMONY_TTL_MS: i64 = 5 * 60 * 1000;

fn refused(error: webauthn_rs::prelude::WebauthnError) -> AppError {
    tracing::info!(%error, "passkey ceremony refused");
    AppError::BadRequest("the passkey response did not verify")
}

fn save_ceremony<T: serde::Serialize>(
    db: &Connection,
    user: Option<i64>,
    state: &T,
    now: i64,
) -> AppResult<String> {
    let id = new_token();
    let state = serde_json::to_string(state).map_err(AppError::internal)?;
    db.execute(
        "INSERT INTO ceremonies (id, user_id, state, expires_ms) VALUES (?1, ?2, ?3, ?4)",
        params![id, user, state, now + CEREMONY_TTL_MS],
    )?;
    Ok(id)
}

/// Takes the ceremony `id` (each is answered once).
fn take_ceremony<T: DeserializeOwned>(
    db: &Connection,
    id: &str,
    now: i64,
) -> AppResult<(Option<i64>, T)> {
    let row: Option<(Option<i64>, String)> = db
        .query_row(
            "DELETE FROM ceremonies WHERE id = ?1 AND expires_ms > ?2 RETURNING user_id, state",
            params![id, now],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (user, state) = row.ok_or(AppError::Gone(
        "ceremony_expired",
        "start again: this passkey request expired",
    ))?;
    Ok((
        user,
        serde_json::from_str(&state).map_err(AppError::internal)?,
    ))
}

fn passkeys_of(db: &Connection, user: i64) -> AppResult<Vec<(i64, Passkey)>> {
    let mut query = db.prepare("SELECT id, passkey FROM passkeys WHERE user_id = ?1")?;
    let rows = query.query_map([user], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut keys = Vec::new();
    for row in rows {
        let (id, text) = row?;
        keys.push((id, serde_json::from_str(&text).map_err(AppError::internal)?));
    }
    Ok(keys)
}

/// The user's WebAuthn user handle, made on first use.
fn user_handle(db: &Connection, user: i64) -> AppResult<Uuid> {
    let existing: Option<String> =
        db.query_row("SELECT webauthn_id FROM users WHERE id = ?1", [user], |r| {
            r.get(0)
        })?;
    if let Some(uuid) = existing.and_then(|text| Uuid::parse_str(&text).ok()) {
        return Ok(uuid);
    }
    let uuid = Uuid::from_bytes(crate::auth::random_bytes::<16>());
    db.execute(
        "UPDATE users SET webauthn_id = ?2 WHERE id = ?1",
        params![user, uuid.to_string()],
    )?;
    Ok(uuid)
}

/// `POST /api/passkeys/register/options` (recent authentication): `{ ceremonyId, options }`,
/// where `options` is the WebAuthn JSON for `createCredential`.
pub async fn register_options(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|db| {
        let email = db::email_of(db, user)?;
        let exclude = passkeys_of(db, user)?
            .iter()
            .map(|(_, key)| key.cred_id().clone())
            .collect();
        let (options, state) = app
            .webauthn
            .start_passkey_registration(user_handle(db, user)?, &email, &email, Some(exclude))
            .map_err(refused)?;
        let ceremony = save_ceremony::<PasskeyRegistration>(db, Some(user), &state, now)?;
        // Usernameless sign-in needs a discoverable credential; webauthn-rs 0.5 asks for
        // `residentKey: "discouraged"`, so ask for one (the registration check is the same).
        let mut options = serde_json::to_value(options.public_key).map_err(AppError::internal)?;
        options["authenticatorSelection"]["residentKey"] = json!("required");
        options["authenticatorSelection"]["requireResidentKey"] = json!(true);
        Ok(axum::Json(json!({ "ceremonyId": ceremony, "options": options })).into_response())
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    ceremony_id: String,
    credential: Value,
}

/// `POST /api/passkeys/register { ceremonyId, credential }`: the answer to options this user
/// asked for (with a recent authentication) in the last five minutes.
pub async fn register(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
    Json(body): Json<Answer>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    // Taken in its own transaction: a ceremony is answered once, even when the answer fails.
    let (owner, state): (Option<i64>, PasskeyRegistration) =
        app.write(|tx| take_ceremony(tx, &body.ceremony_id, now))?;
    if owner != Some(user) {
        return Err(AppError::Gone(
            "ceremony_expired",
            "start again: this passkey request expired",
        ));
    }
    // The answer is checked before the database is locked again: it needs only the ceremony.
    let credential: RegisterPublicKeyCredential = serde_json::from_value(body.credential)
        .map_err(|_| AppError::BadRequest("credential is not a registration response"))?;
    let passkey = app
        .webauthn
        .finish_passkey_registration(&credential, &state)
        .map_err(refused)?;
    let stored = serde_json::to_string(&passkey).map_err(AppError::internal)?;
    app.write(|tx| {
        tx.execute(
            "INSERT INTO passkeys (user_id, credential_id, passkey, created_ms)
             VALUES (?1, ?2, ?3, ?4)",
            params![user, passkey.cred_id().as_ref(), stored, now],
        )?;
        notify(tx, &app, user, Change::PasskeyAdded, now)?;
        Ok(axum::Json(json!({ "status": "registered" })).into_response())
    })
}

/// `POST /api/passkeys/sign-in/options`: `{ ceremonyId, options }` for `getCredential`.
pub async fn sign_in_options(State(app): State<Arc<AppState>>) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let (options, state) = app
        .webauthn
        .start_discoverable_authentication()
        .map_err(refused)?;
    let ceremony =
        app.write(|tx| save_ceremony::<DiscoverableAuthentication>(tx, None, &state, now))?;
    Ok(
        axum::Json(json!({ "ceremonyId": ceremony, "options": options.public_key }))
            .into_response(),
    )
}

/// `POST /api/passkeys/sign-in { ceremonyId, credential }`: signed in, no password needed,
/// unless failed passwords or codes have locked the account (the lock holds for every method).
pub async fn sign_in(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Json(body): Json<Answer>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let (_, state): (_, DiscoverableAuthentication) =
        app.write(|tx| take_ceremony(tx, &body.ceremony_id, now))?;
    app.write(|db| {
        let credential: PublicKeyCredential = serde_json::from_value(body.credential)
            .map_err(|_| AppError::BadRequest("credential is not an authentication response"))?;
        let (handle, _) = app
            .webauthn
            .identify_discoverable_authentication(&credential)
            .map_err(refused)?;
        let (user, email): (i64, String) = db
            .query_row(
                "SELECT id, email FROM users WHERE webauthn_id = ?1",
                [handle.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(AppError::BadRequest("the passkey response did not verify"))?;
        throttle::check(db, &email, Scope::Anywhere, now)?;
        let keys = passkeys_of(db, user)?;
        let discoverable: Vec<DiscoverableKey> = keys.iter().map(|(_, key)| key.into()).collect();
        let result = app
            .webauthn
            .finish_discoverable_authentication(&credential, state, &discoverable)
            .map_err(refused)?;
        // Keep the signature counter and backup state current, and when it was last used.
        for (id, mut key) in keys {
            if key.cred_id() != result.cred_id() {
                continue;
            }
            key.update_credential(&result);
            let text = serde_json::to_string(&key).map_err(AppError::internal)?;
            db.execute(
                "UPDATE passkeys SET passkey = ?2, last_used_ms = ?3 WHERE id = ?1",
                params![id, text, now],
            )?;
        }
        db::event(db, user, "sign_in", "passkey", now)?;
        let cookie = start_session(db, &app, user, None, user_agent(&headers), now)?;
        Ok((
            [(header::SET_COOKIE, cookie)],
            axum::Json(json!({ "status": "signed_in" })),
        )
            .into_response())
    })
}

/// `GET /api/passkeys`: the account's passkeys, oldest first.
pub async fn list(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
) -> AppResult<Response> {
    let db = app.db();
    let mut query = db.prepare(
        "SELECT id, created_ms, last_used_ms FROM passkeys WHERE user_id = ?1 ORDER BY id",
    )?;
    let passkeys = query
        .query_map([user], |r| {
            Ok(
                json!({ "id": r.get::<_, i64>(0)?, "createdMs": r.get::<_, i64>(1)?,
                       "lastUsedMs": r.get::<_, Option<i64>>(2)? }),
            )
        })?
        .collect::<Result<Vec<Value>, _>>()?;
    Ok(axum::Json(json!({ "passkeys": passkeys })).into_response())
}

/// `DELETE /api/passkeys/{id}` (recent authentication): the passkey no longer signs in.
pub async fn remove(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        let removed = tx.execute(
            "DELETE FROM passkeys WHERE id = ?1 AND user_id = ?2",
            params![id, user],
        )?;
        if removed == 0 {
            return Err(AppError::NotFound("passkey_not_found"));
        }
        notify(tx, &app, user, Change::PasskeyRemoved, now)?;
        Ok(axum::Json(json!({ "status": "removed" })).into_response())
    })
}

/// Whether the user has a passkey (a challenge lists `passkey` then).
pub fn has_passkey(db: &Connection, user: i64) -> AppResult<bool> {
    Ok(db.query_row(
        "SELECT EXISTS(SELECT 1 FROM passkeys WHERE user_id = ?1)",
        [user],
        |r| r.get(0),
    )?)
}
