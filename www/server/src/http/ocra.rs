//! The transaction authenticator (an OCRA key, RFC 6287) that confirms payments: enrolled and
//! removed with a recent authentication, like every sign-in method, with a security e-mail.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use zeroize::Zeroizing;

use crate::domain::messages::Change;
use crate::domain::ocra::{self, SUITE};
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
    let enabled = store::ocra::confirmed(&app.db(), user)?.is_some();
    Ok(axum::Json(json!({ "enabled": enabled, "suite": SUITE })).into_response())
}

/// `POST /api/ocra/enroll` (recent authentication): `{ suite, secret, question }`: the key
/// for the device, and a question whose response [`confirm`] takes. A confirmed key keeps
/// working until then.
pub async fn enroll(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let enrolment = app.write(|tx| ocra::enroll(tx, &app.sealer, user))?;
    Ok(axum::Json(json!({
        "suite": SUITE,
        "secret": enrolment.secret.as_str(),
        "question": enrolment.question,
    }))
    .into_response())
}

#[derive(Deserialize)]
pub struct Confirm {
    response: Zeroizing<String>,
}

/// `POST /api/ocra/confirm { response }`: the device answered the enrolment's question, so it
/// holds the key; it now confirms payments.
pub async fn confirm(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
    Json(body): Json<Confirm>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        ocra::confirm(tx, &app.sealer, user, &body.response, now)?;
        app.outbox
            .notify(tx, user, Change::TransactionAuthenticatorAdded, now)?;
        Ok(axum::Json(json!({ "status": "enabled" })).into_response())
    })
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
