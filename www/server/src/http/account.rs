//! The account: sign-up, who is signed in, reauthentication, sessions, remembered devices,
//! security events.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use zeroize::Zeroizing;

use crate::domain::messages::Change;
use crate::domain::throttle::{self, Scope};
use crate::domain::{accounts, secrets, sessions};
use crate::error::{AppError, AppResult};
use crate::http::cookies::{self, Cookie};
use crate::http::extract::{Json, Path, SignedIn};
use crate::state::AppState;
use crate::store;

#[derive(Deserialize)]
pub struct SignUp {
    email: String,
    phone: String,
    password: Zeroizing<String>,
}

/// `POST /api/sign-up { email, phone, password }`: a new account; then sign in as usual (the
/// first device is challenged like any other). Says `email_taken` for an e-mail that has an
/// account: the documented trade-off (README), as sign-in says nothing of the kind.
pub async fn sign_up(
    State(app): State<Arc<AppState>>,
    Json(body): Json<SignUp>,
) -> AppResult<Response> {
    let (email, phone) = accounts::check_sign_up(&body.email, &body.phone, &body.password)?;
    let password = body.password;
    let hash = app
        .hashers
        .slot()?
        .run(move || secrets::hash_password(&password))
        .await?;
    let now = app.clock.now_ms();
    if !app.write(|tx| Ok(store::accounts::create(tx, &email, &phone, &hash, now)?))? {
        return Err(AppError::Conflict(
            "email_taken",
            "an account with this e-mail exists: sign in instead",
        ));
    }
    Ok((
        StatusCode::CREATED,
        axum::Json(json!({ "status": "created" })),
    )
        .into_response())
}

/// `GET /api/session`: whether this browser is signed in, and as whom. 200 either way, so the
/// page's first question makes no failed request when nobody is signed in.
pub async fn session(
    State(app): State<Arc<AppState>>,
    signed_in: Option<SignedIn>,
) -> AppResult<Response> {
    let Some(signed_in) = signed_in else {
        return Ok(axum::Json(json!({ "signedIn": false })).into_response());
    };
    let email = app.read(|db| Ok(store::email_of(db, signed_in.user)?))?;
    Ok(axum::Json(json!({ "signedIn": true, "email": email })).into_response())
}

/// `GET /api/me`: the account's e-mail, and when this session last saw the password.
pub async fn me(State(app): State<Arc<AppState>>, signed_in: SignedIn) -> AppResult<Response> {
    let email = app.read(|db| Ok(store::email_of(db, signed_in.user)?))?;
    Ok(
        axum::Json(json!({ "email": email, "authenticatedMs": signed_in.authenticated_ms }))
            .into_response(),
    )
}

#[derive(Deserialize)]
pub struct Reauth {
    password: Zeroizing<String>,
}

/// `POST /api/reauth { password }`: the password again, so this session may change how the
/// account signs in for the next five minutes. Counted by the throttle like a sign-in.
pub async fn reauth(
    State(app): State<Arc<AppState>>,
    signed_in: SignedIn,
    Json(body): Json<Reauth>,
) -> AppResult<Response> {
    let slot = app.hashers.slot()?;
    let now = app.clock.now_ms();
    let (hash, attempt) = app.write(|tx| {
        let (email, hash, device) = store::sessions::account_of(tx, signed_in.session)?;
        let scope = device.map_or(Scope::Anywhere, Scope::Device);
        Ok((hash, throttle::reserve(tx, &email, scope, now)?))
    })?;
    let password = body.password;
    let valid = slot
        .run(move || secrets::verify_password(&password, Some(&hash)))
        .await?;
    app.write(|tx| {
        if !valid {
            throttle::fail(tx, attempt, Some(signed_in.user), "wrong password", now)?;
            return Ok(Err(AppError::InvalidCredentials));
        }
        throttle::release(tx, attempt)?;
        store::sessions::reauthenticated(tx, signed_in.session, now)?;
        Ok(Ok(
            axum::Json(json!({ "status": "reauthenticated" })).into_response()
        ))
    })?
}

/// A response that clears the session cookie.
fn signed_out(app: &AppState) -> AppResult<Response> {
    let cleared = cookies::set(&app.config, Cookie::Session, "", 0)?;
    Ok((
        [(header::SET_COOKIE, cleared)],
        axum::Json(json!({ "status": "signed_out" })),
    )
        .into_response())
}

/// `POST /api/sign-out`: this session ends.
pub async fn sign_out(State(app): State<Arc<AppState>>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookies::read(&app.config, &headers, Cookie::Session) {
        app.write(|tx| Ok(sessions::end(tx, &token)?))?;
    }
    signed_out(&app)
}

/// `GET /api/sessions`: where the account is signed in, newest first.
pub async fn sessions(
    State(app): State<Arc<AppState>>,
    signed_in: SignedIn,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let sessions = app.read(|db| {
        Ok(store::sessions::list(
            db,
            signed_in.user,
            signed_in.session,
            now,
        )?)
    })?;
    Ok(axum::Json(json!({ "sessions": sessions })).into_response())
}

/// `DELETE /api/sessions`: signs the account out everywhere, this session included.
pub async fn sign_out_everywhere(
    State(app): State<Arc<AppState>>,
    signed_in: SignedIn,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        store::sessions::end_all(tx, signed_in.user)?;
        Ok(app
            .outbox
            .notify(tx, signed_in.user, Change::SignedOutEverywhere, now)?)
    })?;
    signed_out(&app)
}

/// `GET /api/devices`: the devices that skip the challenge.
pub async fn devices(State(app): State<Arc<AppState>>, signed_in: SignedIn) -> AppResult<Response> {
    let devices = app.read(|db| {
        Ok(store::sessions::devices(
            db,
            signed_in.user,
            app.clock.now_ms(),
        )?)
    })?;
    Ok(axum::Json(json!({ "devices": devices })).into_response())
}

/// `DELETE /api/devices/{id}`: the device is challenged again at its next sign-in, and its
/// sessions end now.
pub async fn revoke_device(
    State(app): State<Arc<AppState>>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let user = signed_in.user;
    app.write(|tx| {
        if !store::sessions::revoke_device(tx, user, id, now)? {
            return Err(AppError::NotFound("device_not_found"));
        }
        app.outbox.notify(tx, user, Change::DeviceRevoked, now)?;
        Ok(axum::Json(json!({ "status": "revoked" })).into_response())
    })
}

/// `GET /api/events`: sign-ins, failed attempts, lockouts, changes; newest first.
pub async fn events(State(app): State<Arc<AppState>>, signed_in: SignedIn) -> AppResult<Response> {
    let events = app.read(|db| Ok(store::accounts::events(db, signed_in.user)?))?;
    Ok(axum::Json(json!({ "events": events })).into_response())
}
