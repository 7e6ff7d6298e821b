//! The transaction authenticator (an OCRA key, RFC 6287) that confirms payments: enrolled and
//! removed with a recent authentication, like every sign-in method, with a security e-mail.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use zeroize::Zeroizing;

use crate::domain::messages::Change;
use crate::domain::ocra::{self, ENROLMENT_TTL_MS, SUITE};
use crate::error::{AppError, AppResult};
use crate::http::extract::{Json, RecentlyAuthenticated, SignedIn};
use crate::state::AppState;
use crate::store;

/// `GET /api/ocra`: `{ enabled, suite }`, whether the account has a confirmed transaction
/// authenticator.
pub async fn status(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
) -> AppResult<Response> {
    let enabled = app
        .read(|db| Ok(store::ocra::confirmed(db, user)?))?
        .is_some();
    Ok(axum::Json(json!({ "enabled": enabled, "suite": SUITE })).into_response())
}

/// `POST /api/ocra/enroll` (recent authentication): `{ suite, secret, question, sent,
/// expiresInMs }`: the key for the device and a question whose response [`confirm`] takes,
/// with an activation code texted to the account's phone. A confirmed key keeps working until
/// then.
pub async fn enroll(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let keys = (
        &app.sealer,
        &app.code_key,
        app.outbox,
        app.config.host.as_str(),
    );
    let enrolment = app.write(|tx| ocra::enroll(tx, keys, user, now))?;
    Ok(axum::Json(json!({
        "suite": SUITE,
        "secret": enrolment.secret.as_str(),
        "question": enrolment.question,
        "sent": "sms",
        "expiresInMs": ENROLMENT_TTL_MS,
    }))
    .into_response())
}

#[derive(Deserialize)]
pub struct Confirm {
    response: Zeroizing<String>,
    code: Zeroizing<String>,
}

/// `POST /api/ocra/confirm { response, code }`: the device answered the enrolment's question
/// (it holds the key) and the texted code came back (the account's phone agrees); it now
/// confirms payments. 400 `wrong_code` with `attemptsLeft`, 410 `too_many_attempts`,
/// `enrolment_expired`.
pub async fn confirm(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
    Json(body): Json<Confirm>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let keys = (&app.sealer, &app.code_key);
    app.write(|tx| {
        if let Err(refused) = ocra::confirm(tx, keys, user, (&body.response, &body.code), now)? {
            return Ok(Err(refused));
        }
        app.outbox
            .notify(tx, user, Change::TransactionAuthenticatorAdded, now)?;
        Ok(Ok(
            axum::Json(json!({ "status": "enabled" })).into_response()
        ))
    })?
}

/// `DELETE /api/ocra` (recent authentication): the key, and any enrolment in progress.
pub async fn remove(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        match store::ocra::remove(tx, user)? {
            None => return Err(AppError::NotFound("ocra_not_enrolled")),
            Some(true) => {
                app.outbox
                    .notify(tx, user, Change::TransactionAuthenticatorRemoved, now)?
            }
            Some(false) => {}
        }
        Ok(axum::Json(json!({ "status": "removed" })).into_response())
    })
}
