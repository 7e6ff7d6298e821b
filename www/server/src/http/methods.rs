//! Sign-in methods besides sent codes: the authenticator app and recovery codes. Every change
//! needs a recent authentication and sends a security e-mail.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use otp_wasm::qr::{self, Correction};
use serde::Deserialize;
use serde_json::json;

use crate::domain::messages::Change;
use crate::domain::{methods, recovery, totp};
use crate::error::{AppError, AppResult};
use crate::http::extract::{Json, RecentlyAuthenticated, SignedIn};
use crate::state::AppState;
use crate::store;

/// `POST /api/totp/enroll` (recent authentication): a new secret, its Key URI and a QR code.
/// It replaces the confirmed app only when [`confirm`] verifies a code from it, so an
/// abandoned re-enrolment leaves the old app working.
pub async fn enroll(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let totp = app.write(|tx| totp::enroll(tx, &app.sealer, user))?;
    let secret = totp.key().secret().to_base32();
    let uri = totp.to_uri();
    // The same SVG the package's qrSvg draws (the core's one QR generator); the page sizes it.
    let svg = qr::svg(&uri, Correction::Medium, 4).map_err(AppError::internal)?;
    Ok(
        axum::Json(json!({ "secret": secret.as_str(), "uri": uri.as_str(), "qrSvg": svg }))
            .into_response(),
    )
}

#[derive(Deserialize)]
pub struct Confirm {
    code: String,
}

/// `POST /api/totp/confirm { code }`: the enrolled app replaces the old one (if any) when its
/// code verifies.
pub async fn confirm(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
    Json(body): Json<Confirm>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        totp::confirm(tx, &app.sealer, user, &body.code, now)?;
        app.outbox.notify(tx, user, Change::AppAdded, now)?;
        Ok(axum::Json(json!({ "status": "enabled" })).into_response())
    })
}

/// `DELETE /api/totp` (recent authentication): the app, and any enrolment in progress.
pub async fn remove(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        match store::totp::remove(tx, user)? {
            None => return Err(AppError::NotFound("totp_not_enrolled")),
            Some(true) => app.outbox.notify(tx, user, Change::AppRemoved, now)?,
            Some(false) => {}
        }
        Ok(axum::Json(json!({ "status": "removed" })).into_response())
    })
}

/// `POST /api/recovery-codes` (recent authentication): ten new single-use codes, shown this
/// once (the old ones end).
pub async fn new_recovery_codes(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        let codes = recovery::replace(tx, &app.code_key, user)?;
        app.outbox
            .notify(tx, user, Change::RecoveryCodesReplaced, now)?;
        Ok(axum::Json(json!({ "codes": codes })).into_response())
    })
}

/// `GET /api/methods`: what this account can sign in with.
pub async fn list(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
) -> AppResult<Response> {
    app.read(|db| {
        Ok(axum::Json(json!({
            "methods": methods::available(db, user)?,
            "recoveryCodesLeft": store::recovery::left(db, user)?,
        }))
        .into_response())
    })
}
