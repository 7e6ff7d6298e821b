//! The signed-in account: who, sign-out, remembered devices, security events.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use rusqlite::params;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::token_hash;
use crate::error::{AppError, AppResult};
use crate::session::{SESSION_COOKIE, SignedIn, cookie, set_cookie};

/// `GET /api/me`.
pub async fn me(State(app): State<Arc<AppState>>, SignedIn(user): SignedIn) -> AppResult<Response> {
    let db = app.db();
    let email: String = db.query_row("SELECT email FROM users WHERE id = ?1", [user], |r| {
        r.get(0)
    })?;
    Ok(axum::Json(json!({ "email": email })).into_response())
}

/// `POST /api/sign-out`.
pub async fn sign_out(State(app): State<Arc<AppState>>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        app.db().execute(
            "DELETE FROM sessions WHERE token_hash = ?1",
            [token_hash(&token)],
        )?;
    }
    let cleared = set_cookie(&app, SESSION_COOKIE, "", 0)?;
    Ok((
        [(header::SET_COOKIE, cleared)],
        axum::Json(json!({ "status": "signed_out" })),
    )
        .into_response())
}

/// `GET /api/devices`: the devices that skip the challenge.
pub async fn devices(
    State(app): State<Arc<AppState>>,
    SignedIn(user): SignedIn,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let db = app.db();
    let mut query = db.prepare(
        "SELECT id, user_agent, created_ms, expires_ms FROM devices
         WHERE user_id = ?1 AND revoked_ms IS NULL AND expires_ms > ?2 ORDER BY id",
    )?;
    let devices = query
        .query_map(params![user, now], |r| {
            Ok(
                json!({ "id": r.get::<_, i64>(0)?, "userAgent": r.get::<_, String>(1)?,
                       "createdMs": r.get::<_, i64>(2)?, "expiresMs": r.get::<_, i64>(3)? }),
            )
        })?
        .collect::<Result<Vec<Value>, _>>()?;
    Ok(axum::Json(json!({ "devices": devices })).into_response())
}

/// `DELETE /api/devices/{id}`: the device is challenged again at its next sign-in.
pub async fn revoke_device(
    State(app): State<Arc<AppState>>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let db = app.db();
    let revoked = db.execute(
        "UPDATE devices SET revoked_ms = ?3 WHERE id = ?1 AND user_id = ?2 AND revoked_ms IS NULL",
        params![id, user, now],
    )?;
    if revoked == 0 {
        return Err(AppError::NotFound("device_not_found"));
    }
    crate::db::event(&db, user, "device_revoked", &id.to_string(), now)?;
    Ok(axum::Json(json!({ "status": "revoked" })).into_response())
}

/// `GET /api/events`: sign-ins, failed attempts, lockouts, device changes; newest first.
pub async fn events(
    State(app): State<Arc<AppState>>,
    SignedIn(user): SignedIn,
) -> AppResult<Response> {
    let db = app.db();
    let mut query = db.prepare(
        "SELECT kind, detail, created_ms FROM events WHERE user_id = ?1 ORDER BY id DESC LIMIT 100",
    )?;
    let events = query
        .query_map([user], |r| {
            Ok(json!({ "kind": r.get::<_, String>(0)?, "detail": r.get::<_, String>(1)?, "createdMs": r.get::<_, i64>(2)? }))
        })?
        .collect::<Result<Vec<Value>, _>>()?;
    Ok(axum::Json(json!({ "events": events })).into_response())
}
