//! The checkout: orders and their confirmation by SMS or e-mail code, by the transaction
//! authenticator, or by a passkey whose challenge is derived from the order's payment. Every
//! route needs a session; another account's order is not found. The rules (exemption, limits,
//! binding) are in domain/orders.rs, the passkey's ceremony in domain/payment_passkeys.rs.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use otp_wasm::encoding::base64url;
use otp_wasm::transaction::Transaction;
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::domain::challenge::RESEND_COOLDOWN_MS;
use crate::domain::orders::{self, ConfirmMethod, ORDER_TTL_MS};
use crate::domain::outbox::Channel;
use crate::domain::{payment_codes, payment_passkeys};
use crate::error::{AppError, AppResult};
use crate::http::extract::{Json, Path, SignedIn};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Order {
    /// Decimal text, `"42.00"`.
    amount: String,
    currency: String,
    payee: String,
    #[serde(default)]
    reference: String,
}

/// `POST /api/orders { amount, currency, payee, reference? }`: 201 `{ orderId, status,
/// methods, question?, statement }`. `status` is `paid` under the low-value exemption,
/// `confirmation_required` otherwise; `question` is for the transaction authenticator.
pub async fn place(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
    Json(body): Json<Order>,
) -> AppResult<Response> {
    let payment = Transaction::new(&body.amount, &body.currency, &body.payee, &body.reference)
        .map_err(AppError::invalid)?;
    let now = app.clock.now_ms();
    app.write(|tx| {
        let placed = orders::place(tx, user, &payment, now)?;
        let mut answer = json!({
            "orderId": placed.id,
            "status": if placed.exempt { "paid" } else { "confirmation_required" },
            "statement": payment.statement(),
            "amount": payment.amount(),
            "currency": payment.currency(),
        });
        if !placed.exempt {
            answer["methods"] = json!(placed.methods);
            answer["expiresInMs"] = json!(ORDER_TTL_MS);
        }
        if let Some(question) = placed.question {
            answer["question"] = json!(question);
        }
        Ok((StatusCode::CREATED, axum::Json(answer)).into_response())
    })
}

/// `GET /api/orders`: `{ orders, methods }`, the account's orders, newest first (those waiting
/// with their statement and question), and the methods that confirm them.
pub async fn list(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let (listed, methods) = app.read(|db| orders::list(db, user, now))?;
    Ok(axum::Json(json!({ "orders": listed, "methods": methods })).into_response())
}

#[derive(Deserialize)]
pub struct Send {
    method: ConfirmMethod,
}

/// `POST /api/orders/{id}/send { method: "sms" | "email" }`: a code for this order, stating
/// its payment, to the outbox.
pub async fn send(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
    Path(id): Path<String>,
    Json(body): Json<Send>,
) -> AppResult<Response> {
    let channel = match body.method {
        ConfirmMethod::Sms => Channel::Sms,
        ConfirmMethod::Email => Channel::Email,
        _ => return Err(AppError::BadRequest("method must be \"sms\" or \"email\"")),
    };
    let now = app.clock.now_ms();
    let senders = (&app.code_key, app.outbox, app.config.host.as_str());
    let expires_in =
        app.write(|tx| payment_codes::send_code(tx, senders, (user, &id), channel, now))?;
    Ok(axum::Json(
        json!({ "sent": body.method, "resendInMs": RESEND_COOLDOWN_MS, "expiresInMs": expires_in }),
    )
    .into_response())
}

/// `POST /api/orders/{id}/passkey-options`: `{ ceremonyId, options, nonce }` for
/// `getCredential`, whose challenge is the order's transaction challenge from a fresh `nonce`
/// (so the page can check, with `transactionChallenge`, that it signs the payment it shows).
pub async fn passkey_options(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let started = app.write(|tx| payment_passkeys::start(tx, &app.webauthn, (user, &id), now))?;
    Ok(axum::Json(json!({
        "ceremonyId": started.ceremony_id,
        "options": started.options,
        "nonce": base64url::encode(&started.nonce),
    }))
    .into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Confirm {
    method: ConfirmMethod,
    /// A sent code, or the transaction authenticator's response.
    #[serde(default)]
    code: Option<Zeroizing<String>>,
    /// For `passkey`: the ceremony from `passkey-options` and the assertion.
    #[serde(default)]
    ceremony_id: Option<String>,
    #[serde(default)]
    credential: Option<Value>,
}

/// `POST /api/orders/{id}/confirm { method, code? | ceremonyId + credential? }`: 200 `{ status:
/// "paid" }`. Each wrong answer is counted before it is checked: 400 `wrong_code` with
/// `attemptsLeft` five times, then 410 `too_many_attempts`.
pub async fn confirm(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
    Path(id): Path<String>,
    Json(body): Json<Confirm>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    let paid = || axum::Json(json!({ "status": "paid" })).into_response();
    if body.method != ConfirmMethod::Passkey {
        let code = body.code.ok_or(AppError::BadRequest("code is missing"))?;
        return app.write(|tx| {
            let keys = (&app.code_key, &app.sealer);
            let outcome =
                payment_codes::confirm_with_code(tx, keys, (user, &id), body.method, &code, now)?;
            Ok(outcome.map(|()| paid()))
        })?;
    }
    let (Some(ceremony_id), Some(credential)) = (body.ceremony_id, body.credential) else {
        return Err(AppError::BadRequest(
            "ceremonyId and credential are missing",
        ));
    };
    // Taken in its own transaction: a ceremony is answered once, even when the answer fails.
    let ceremony = app.write(|tx| payment_passkeys::take(tx, &ceremony_id, user, now))?;
    app.write(|tx| {
        let answer = (ceremony, credential);
        let outcome = payment_passkeys::confirm(tx, &app.webauthn, (user, &id), answer, now)?;
        Ok(outcome.map(|()| paid()))
    })?
}
