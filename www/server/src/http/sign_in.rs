//! Signing in: `POST /api/sign-in` (the password; then the risk check, domain/risk.rs: a
//! remembered device on a known network goes straight in, anything else gets a challenge with
//! its reasons) and the challenge's `send` and `verify`.
//!
//! Each request is one transaction; around the password hash (which runs outside the database
//! lock) there are two, and the attempt is counted in the first.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use zeroize::Zeroizing;

use crate::domain::challenge::{self, CHALLENGE_TTL_MS, CODE_TTL_MS, RESEND_COOLDOWN_MS};
use crate::domain::methods::{self, Method};
use crate::domain::outbox::Channel;
use crate::domain::risk::{self, Decision};
use crate::domain::secrets;
use crate::domain::sessions::{self, DEVICE_TTL_MS, SESSION_TTL_MS};
use crate::domain::throttle::{self, Scope, normalize_email};
use crate::error::{AppError, AppResult};
use crate::http::cookies::{self, Cookie, user_agent};
use crate::http::extract::{ClientIp, Json, Path};
use crate::state::AppState;
use crate::store;

#[derive(Deserialize)]
pub struct SignIn {
    email: String,
    password: Zeroizing<String>,
}

/// `POST /api/sign-in { email, password }`. An unknown e-mail, a wrong password and a locked
/// e-mail answer the same way whether or not an account has the e-mail. The right password
/// signs in or gets a challenge, as the risk check decides; both are security events, with
/// the reasons.
pub async fn sign_in(
    State(app): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(body): Json<SignIn>,
) -> AppResult<Response> {
    let email = normalize_email(&body.email);
    let slot = app.hashers.slot()?;
    let now = app.clock.now_ms();
    let device_token = cookies::read(&app.config, &headers, Cookie::Device);
    let (account, attempt) = app.write(|tx| {
        let account = store::accounts::by_email(tx, &email)?;
        let device = match &account {
            Some((id, _)) => sessions::remembered_device(tx, device_token.as_deref(), *id, now)?,
            None => None,
        };
        let scope = device
            .as_ref()
            .map_or(Scope::Anywhere, |device| Scope::Device(device.id));
        let attempt = throttle::reserve(tx, &email, scope, now)?;
        Ok((account.map(|(id, hash)| (id, hash, device)), attempt))
    })?;
    let hash = account.as_ref().map(|(_, hash, _)| hash.clone());
    let password = body.password;
    let valid = slot
        .run(move || secrets::verify_password(&password, hash.as_deref()))
        .await?;
    app.write(|tx| {
        let Some((user, _, device)) = account else {
            throttle::fail(tx, attempt, None, "wrong password", now)?;
            return Ok(Err(AppError::InvalidCredentials));
        };
        if !valid {
            throttle::fail(tx, attempt, Some(user), "wrong password", now)?;
            return Ok(Err(AppError::InvalidCredentials));
        }
        let agent = user_agent(&headers);
        let decision = risk::assess(tx, (user, device.as_ref()), (ip, agent), &attempt, now)?;
        let reasons = match decision {
            Decision::Challenge(reasons) => reasons,
            Decision::Allow => {
                risk::allowed(tx, user, attempt, ip, now)?;
                let device = device.map(|device| device.id);
                let token = sessions::start(tx, user, device, agent, now)?;
                let cookie = cookies::set(&app.config, Cookie::Session, &token, SESSION_TTL_MS)?;
                return Ok(Ok((
                    [(header::SET_COOKIE, cookie)],
                    axum::Json(json!({ "status": "signed_in" })),
                )
                    .into_response()));
            }
        };
        risk::challenged(tx, user, attempt, &reasons, now)?;
        let id = challenge::create(tx, user, device.map(|device| device.id), now)?;
        let reasons: Vec<_> = reasons
            .iter()
            .map(|reason| json!({ "code": reason.code(), "message": reason.message() }))
            .collect();
        Ok(Ok(axum::Json(json!({
            "status": "challenge",
            "challengeId": id,
            "methods": methods::available(tx, user)?,
            "expiresInMs": CHALLENGE_TTL_MS,
            "reasons": reasons,
        }))
        .into_response()))
    })?
}

#[derive(Deserialize)]
pub struct Send {
    method: Method,
}

/// `POST /api/challenges/{id}/send { method: "sms" | "email" }`: a fresh code to the outbox.
pub async fn send(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    Json(body): Json<Send>,
) -> AppResult<Response> {
    let channel = match body.method {
        Method::Sms => Channel::Sms,
        Method::Email => Channel::Email,
        _ => return Err(AppError::BadRequest("method must be \"sms\" or \"email\"")),
    };
    let now = app.clock.now_ms();
    let senders = (&app.code_key, app.outbox, app.config.host.as_str());
    app.write(|tx| challenge::send_code(tx, senders, &id, channel, now))?;
    Ok(axum::Json(
        json!({ "sent": body.method, "resendInMs": RESEND_COOLDOWN_MS, "expiresInMs": CODE_TTL_MS }),
    )
    .into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verify {
    code: Zeroizing<String>,
    /// `"sms"`/`"email"` (the code sent for this challenge, the default), `"totp"` or
    /// `"recovery"`.
    #[serde(default)]
    method: Option<Method>,
    #[serde(default)]
    remember_device: bool,
}

/// `POST /api/challenges/{id}/verify { code, method, rememberDevice }`: a right code consumes
/// the challenge and starts the session in the same transaction. A challenge made on a
/// remembered device confirms that device (its session belongs to it); otherwise
/// `rememberDevice` remembers this one.
pub async fn verify(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(body): Json<Verify>,
) -> AppResult<Response> {
    let method = body.method.unwrap_or(Method::Sms);
    if method == Method::Passkey {
        return Err(AppError::BadRequest(
            "method must be sms, email, totp or recovery",
        ));
    }
    let now = app.clock.now_ms();
    app.write(|tx| {
        let keys = (&app.code_key, &app.sealer);
        let passed = match challenge::pass(tx, keys, &id, method, &body.code, ip, now)? {
            Ok(passed) => passed,
            Err(counted) => return Ok(Err(counted)),
        };
        let user = passed.user;
        let agent = user_agent(&headers);
        let mut response = axum::Json(json!({ "status": "signed_in" })).into_response();
        let confirmed = match passed.device {
            Some(device) => sessions::confirm_device(tx, device, agent, now)?.then_some(device),
            None => None,
        };
        let device = if confirmed.is_some() {
            confirmed
        } else if body.remember_device {
            let (device, token) = sessions::remember_device(tx, user, agent, now)?;
            let cookie = cookies::set(&app.config, Cookie::Device, &token, DEVICE_TTL_MS)?;
            response.headers_mut().append(header::SET_COOKIE, cookie);
            Some(device)
        } else {
            None
        };
        let token = sessions::start(tx, user, device, agent, now)?;
        let cookie = cookies::set(&app.config, Cookie::Session, &token, SESSION_TTL_MS)?;
        response.headers_mut().append(header::SET_COOKIE, cookie);
        Ok(Ok(response))
    })?
}
