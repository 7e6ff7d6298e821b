//! The account: sign-up, who is signed in, reauthentication, sessions, remembered devices,
//! security events.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rusqlite::params;
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::AppState;
use crate::auth::{self, token_hash};
use crate::error::{AppError, AppResult, Json, Path};
use crate::messages::Change;
use crate::outbox::notify;
use crate::session::{Cookie, SignedIn, cookie, set_cookie};
use crate::throttle::{self, Scope, normalize_email};

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
    let email = normalize_email(&body.email);
    let phone: String = body.phone.chars().filter(|c| !c.is_whitespace()).collect();
    if email.len() > 254
        || !email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    {
        return Err(AppError::BadRequest("email must be an e-mail address"));
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits)
        || !phone
            .chars()
            .all(|c| c.is_ascii_digit() || "+-()".contains(c))
    {
        return Err(AppError::BadRequest(
            "phone must be a phone number of 7 to 15 digits",
        ));
    }
    // NIST SP 800-63B §5.1.1.2: at least 8 characters; long passphrases welcome.
    if !(8..=128).contains(&body.password.chars().count()) {
        return Err(AppError::BadRequest("password must be 8 to 128 characters"));
    }
    let password = body.password;
    let hash = app
        .hashers
        .slot()?
        .run(move || auth::hash_password(&password))
        .await?;
    let now = app.clock.now_ms();
    let created = app.write(|tx| {
        Ok(tx.execute(
            "INSERT INTO users (email, phone, password_hash, created_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(email) DO NOTHING",
            params![email, phone, hash, now],
        )?)
    })?;
    if created == 0 {
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

/// `GET /api/me`.
/// `GET /api/session`: whether this browser is signed in, and as whom. 200 either way, so the
/// page's first question makes no failed request when nobody is signed in.
pub async fn session(
    State(app): State<Arc<AppState>>,
    signed_in: Option<SignedIn>,
) -> AppResult<Response> {
    let Some(signed_in) = signed_in else {
        return Ok(axum::Json(json!({ "signedIn": false })).into_response());
    };
    let email = crate::db::email_of(&app.db(), signed_in.user)?;
    Ok(axum::Json(json!({ "signedIn": true, "email": email })).into_response())
}

pub async fn me(State(app): State<Arc<AppState>>, signed_in: SignedIn) -> AppResult<Response> {
    let db = app.db();
    let email = crate::db::email_of(&db, signed_in.user)?;
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
        let (email, hash, device): (String, String, Option<i64>) = tx.query_row(
            "SELECT u.email, u.password_hash, s.device_id FROM sessions s
             JOIN users u ON u.id = s.user_id WHERE s.id = ?1",
            [signed_in.session],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let scope = device.map_or(Scope::Anywhere, Scope::Device);
        Ok((hash, throttle::reserve(tx, &email, scope, now)?))
    })?;
    let password = body.password;
    let valid = slot
        .run(move || auth::verify_password(&password, Some(&hash)))
        .await?;
    app.write(|tx| {
        if !valid {
            throttle::fail(tx, attempt, Some(signed_in.user), "wrong password", now)?;
            return Ok(Err(AppError::InvalidCredentials));
        }
        throttle::release(tx, attempt)?;
        tx.execute(
            "UPDATE sessions SET authenticated_ms = ?2 WHERE id = ?1",
            params![signed_in.session, now],
        )?;
        Ok(Ok(
            axum::Json(json!({ "status": "reauthenticated" })).into_response()
        ))
    })?
}

/// A response that clears the session cookie.
fn signed_out(app: &AppState) -> AppResult<Response> {
    let cleared = set_cookie(app, Cookie::Session, "", 0)?;
    Ok((
        [(header::SET_COOKIE, cleared)],
        axum::Json(json!({ "status": "signed_out" })),
    )
        .into_response())
}

/// `POST /api/sign-out`: this session ends.
pub async fn sign_out(State(app): State<Arc<AppState>>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookie(&app, &headers, Cookie::Session) {
        app.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                [token_hash(&token)],
            )?)
        })?;
    }
    signed_out(&app)
}

/// `GET /api/sessions`: where the account is signed in, newest first.
pub async fn sessions(
    State(app): State<Arc<AppState>>,
    signed_in: SignedIn,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let db = app.db();
    let mut query = db.prepare(
        "SELECT id, user_agent, created_ms, expires_ms FROM sessions
         WHERE user_id = ?1 AND expires_ms > ?2 ORDER BY id DESC",
    )?;
    let sessions = query
        .query_map(params![signed_in.user, now], |r| {
            let id: i64 = r.get(0)?;
            Ok(json!({ "id": id, "userAgent": r.get::<_, String>(1)?, "createdMs": r.get::<_, i64>(2)?,
                       "expiresMs": r.get::<_, i64>(3)?, "current": id == signed_in.session }))
        })?
        .collect::<Result<Vec<Value>, _>>()?;
    Ok(axum::Json(json!({ "sessions": sessions })).into_response())
}

/// `DELETE /api/sessions`: signs the account out everywhere, this session included.
pub async fn sign_out_everywhere(
    State(app): State<Arc<AppState>>,
    signed_in: SignedIn,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [signed_in.user])?;
        notify(tx, &app, signed_in.user, Change::SignedOutEverywhere, now)
    })?;
    signed_out(&app)
}

/// `GET /api/devices`: the devices that skip the challenge.
pub async fn devices(State(app): State<Arc<AppState>>, signed_in: SignedIn) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let db = app.db();
    let mut query = db.prepare(
        "SELECT id, user_agent, created_ms, expires_ms FROM devices
         WHERE user_id = ?1 AND revoked_ms IS NULL AND expires_ms > ?2 ORDER BY id",
    )?;
    let devices = query
        .query_map(params![signed_in.user, now], |r| {
            Ok(
                json!({ "id": r.get::<_, i64>(0)?, "userAgent": r.get::<_, String>(1)?,
                       "createdMs": r.get::<_, i64>(2)?, "expiresMs": r.get::<_, i64>(3)? }),
            )
        })?
        .collect::<Result<Vec<Value>, _>>()?;
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
        let revoked = tx.execute(
            "UPDATE devices SET revoked_ms = ?3 WHERE id = ?1 AND user_id = ?2 AND revoked_ms IS NULL",
            params![id, user, now],
        )?;
        if revoked == 0 {
            return Err(AppError::NotFound("device_not_found"));
        }
        tx.execute(
            "DELETE FROM sessions WHERE device_id = ?1 AND user_id = ?2",
            params![id, user],
        )?;
        notify(tx, &app, user, Change::DeviceRevoked, now)?;
        Ok(axum::Json(json!({ "status": "revoked" })).into_response())
    })
}

/// `GET /api/events`: sign-ins, failed attempts, lockouts, changes; newest first.
pub async fn events(State(app): State<Arc<AppState>>, signed_in: SignedIn) -> AppResult<Response> {
    let db = app.db();
    let mut query = db.prepare(
        "SELECT kind, detail, created_ms FROM events WHERE user_id = ?1 ORDER BY id DESC LIMIT 100",
    )?;
    let events = query
        .query_map([signed_in.user], |r| {
            Ok(json!({ "kind": r.get::<_, String>(0)?, "detail": r.get::<_, String>(1)?, "createdMs": r.get::<_, i64>(2)? }))
        })?
        .collect::<Result<Vec<Value>, _>>()?;
    Ok(axum::Json(json!({ "events": events })).into_response())
}
