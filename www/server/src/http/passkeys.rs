//! Passkeys (WebAuthn) with webauthn-rs: a signed-in user registers one; anyone signs in with
//! one, usernameless (a discoverable credential), without password or one-time code: the
//! passkey is both factors (possession of the device, and the biometric or PIN it checked).
//! Adding or removing one needs a recent authentication and sends a security e-mail.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use otp_wasm::encoding::base64url;
use serde::Deserialize;
use serde_json::{Value, json};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, DiscoverableKey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, WebauthnError,
};

use crate::domain::messages::Change;
use crate::domain::sessions::{self, SESSION_TTL_MS};
use crate::domain::throttle::{self, Scope};
use crate::domain::{networks, passkeys};
use crate::error::{AppError, AppResult};
use crate::http::cookies::{self, Cookie, user_agent};
use crate::http::extract::{ClientIp, Json, Path, RecentlyAuthenticated, SignedIn};
use crate::state::AppState;
use crate::store;

/// A ceremony webauthn-rs refused: logged here, answered as a bad request.
fn refused(error: WebauthnError) -> AppError {
    tracing::info!(%error, "passkey ceremony refused");
    AppError::BadRequest("the passkey response did not verify")
}

/// `POST /api/passkeys/register/options` (recent authentication): `{ ceremonyId, options }`,
/// where `options` is the WebAuthn JSON for `createCredential`.
pub async fn register_options(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|db| {
        let email = store::email_of(db, user)?;
        let exclude = passkeys::passkeys_of(db, user)?
            .iter()
            .map(|(_, key)| key.cred_id().clone())
            .collect();
        let handle = passkeys::user_handle(db, user)?;
        let (options, state) = app
            .webauthn
            .start_passkey_registration(handle, &email, &email, Some(exclude))
            .map_err(refused)?;
        let ceremony = passkeys::save_ceremony::<PasskeyRegistration>(db, Some(user), &state, now)?;
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
/// asked for (with a recent authentication) in the last five minutes. `{ status, forPayments }`:
/// it confirms payments too when added within 5 minutes of the session's sign-in.
pub async fn register(
    State(app): State<Arc<AppState>>,
    SignedIn {
        user, started_ms, ..
    }: SignedIn,
    Json(body): Json<Answer>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    // Taken in its own transaction: a ceremony is answered once, even when the answer fails.
    let state: PasskeyRegistration =
        app.write(|tx| passkeys::take_ceremony(tx, &body.ceremony_id, Some(user), now))?;
    // The answer is checked before the database is locked again: it needs only the ceremony.
    let credential: RegisterPublicKeyCredential = serde_json::from_value(body.credential)
        .map_err(|_| AppError::BadRequest("credential is not a registration response"))?;
    let passkey = app
        .webauthn
        .finish_passkey_registration(&credential, &state)
        .map_err(refused)?;
    app.write(|tx| {
        let for_payments = passkeys::add(tx, user, &passkey, started_ms, now)?;
        app.outbox.notify(tx, user, Change::PasskeyAdded, now)?;
        Ok(
            axum::Json(json!({ "status": "registered", "forPayments": for_payments }))
                .into_response(),
        )
    })
}

/// `POST /api/passkeys/sign-in/options`: `{ ceremonyId, options }` for `getCredential`.
pub async fn sign_in_options(State(app): State<Arc<AppState>>) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let (options, state) = app
        .webauthn
        .start_discoverable_authentication()
        .map_err(refused)?;
    let ceremony = app
        .write(|tx| passkeys::save_ceremony::<DiscoverableAuthentication>(tx, None, &state, now))?;
    Ok(
        axum::Json(json!({ "ceremonyId": ceremony, "options": options.public_key }))
            .into_response(),
    )
}

/// `POST /api/passkeys/sign-in { ceremonyId, credential }`: signed in, no password needed,
/// unless failed passwords or codes have locked the account (the lock holds for every method).
/// A passed sign-in: its network is known to the account from now on.
pub async fn sign_in(
    State(app): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(body): Json<Answer>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let state: DiscoverableAuthentication =
        app.write(|tx| passkeys::take_ceremony(tx, &body.ceremony_id, None, now))?;
    app.write(|db| {
        let credential: PublicKeyCredential = serde_json::from_value(body.credential)
            .map_err(|_| AppError::BadRequest("credential is not an authentication response"))?;
        let (handle, _) = app
            .webauthn
            .identify_discoverable_authentication(&credential)
            .map_err(refused)?;
        // A passkey the shop does not know (removed, or its account gone): said so, so the
        // page can tell the browser's passkey manager (signalUnknownCredential).
        let unknown = || {
            AppError::Invalid(
                "unknown_credential",
                "this passkey is not registered here: it may have been removed",
            )
        };
        let (user, email) =
            store::accounts::by_webauthn_id(db, &handle.to_string())?.ok_or_else(unknown)?;
        throttle::check(db, &email, Scope::Anywhere, now)?;
        let keys = passkeys::passkeys_of(db, user)?;
        if !keys
            .iter()
            .any(|(_, key)| key.cred_id().as_ref() == credential.raw_id.as_ref())
        {
            return Err(unknown());
        }
        let discoverable: Vec<DiscoverableKey> = keys.iter().map(|(_, key)| key.into()).collect();
        let result = app
            .webauthn
            .finish_discoverable_authentication(&credential, state, &discoverable)
            .map_err(refused)?;
        // Keep the signature counter and backup state current, and when it was last used.
        for (id, mut key) in keys {
            if key.cred_id() == result.cred_id() {
                key.update_credential(&result);
                passkeys::used(db, id, &key, now)?;
            }
        }
        networks::signed_in_from(db, user, ip, now)?;
        store::event(db, user, "sign_in", "passkey", now)?;
        let token = sessions::start(db, user, None, user_agent(&headers), now)?;
        let cookie = cookies::set(&app.config, Cookie::Session, &token, SESSION_TTL_MS)?;
        Ok((
            [(header::SET_COOKIE, cookie)],
            axum::Json(json!({ "status": "signed_in" })),
        )
            .into_response())
    })
}

/// `GET /api/passkeys`: `{ passkeys, rpId, userId }`, the account's passkeys, oldest first,
/// with what the page's WebAuthn signals name (the relying party, the account's user handle
/// in base64url, `null` before its first passkey).
pub async fn list(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
) -> AppResult<Response> {
    let (passkeys, user_id) = app.read(|db| {
        Ok((
            store::passkeys::list(db, user)?,
            passkeys::existing_user_handle(db, user)?,
        ))
    })?;
    let user_id = user_id.map(|handle| base64url::encode(handle.as_bytes()));
    Ok(
        axum::Json(json!({ "passkeys": passkeys, "rpId": app.config.rp_id, "userId": user_id }))
            .into_response(),
    )
}

/// `DELETE /api/passkeys/{id}` (recent authentication): the passkey no longer signs in.
pub async fn remove(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        if !store::passkeys::remove(tx, user, id)? {
            return Err(AppError::NotFound("passkey_not_found"));
        }
        app.outbox.notify(tx, user, Change::PasskeyRemoved, now)?;
        Ok(axum::Json(json!({ "status": "removed" })).into_response())
    })
}

/// `GET /.well-known/webauthn`: the origins that may use the relying party id (WebAuthn L3
/// §5.11, related origin requests), the site's own first.
pub async fn related_origins(State(app): State<Arc<AppState>>) -> Response {
    axum::Json(json!({ "origins": app.config.related_origins })).into_response()
}
