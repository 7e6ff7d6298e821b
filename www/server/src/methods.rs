//! The ways an account signs in, and the second factors besides sent codes: an authenticator
//! app (TOTP, enrolled by a recently authenticated user and confirmed with one code) and
//! single-use recovery codes. Every change needs a recent authentication and sends a security
//! e-mail.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use otp_wasm::otp::{Algorithm, OtpKey, Secret, Totp};
use otp_wasm::qr::{self, Correction};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::{code_hash, random_bytes};
use crate::error::{AppError, AppResult, Json};
use crate::messages::Change;
use crate::outbox::notify;
use crate::session::{RecentlyAuthenticated, SignedIn};
use crate::{AppState, db};

/// A way to pass a challenge, as the API names it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Sms,
    Email,
    Totp,
    Passkey,
    Recovery,
}

impl Method {
    /// The security event's words for a sign-in with it.
    pub fn describe(self) -> &'static str {
        match self {
            Method::Sms | Method::Email => "one-time code",
            Method::Totp => "authenticator app",
            Method::Passkey => "passkey",
            Method::Recovery => "recovery code",
        }
    }
}

/// Recovery codes issued at a time.
pub const RECOVERY_CODES: usize = 10;
/// Steps on each side of now that a TOTP code may be from (RFC 6238 §5.2 recommends one).
pub const TOTP_WINDOW: u32 = 1;

/// The authenticator-app key of the account `email`, as the shop issues it.
fn totp_for(secret: Secret, email: &str) -> AppResult<Totp> {
    let key = OtpKey::new(secret, Algorithm::Sha1, 6)
        .and_then(|key| key.with_account(crate::SHOP_NAME, email))
        .map_err(AppError::internal)?;
    Totp::new(key, 30).map_err(AppError::internal)
}

/// The authenticator-app key of `user` from its sealed secret.
fn sealed_totp(app: &AppState, user: i64, sealed: &[u8], email: &str) -> AppResult<Totp> {
    let bytes = app
        .sealer
        .open(user, sealed)
        .ok_or_else(|| AppError::internal("a sealed secret did not open"))?;
    totp_for(
        Secret::from_bytes(&bytes).map_err(AppError::internal)?,
        email,
    )
}

/// `POST /api/totp/enroll` (recent authentication): a new secret, its Key URI and a QR code.
/// It replaces the confirmed app only when [`confirm`] verifies a code from it, so an
/// abandoned re-enrolment leaves the old app working.
pub async fn enroll(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let secret = Secret::generate(20).map_err(AppError::internal)?;
    let sealed = app.sealer.seal(user, secret.as_bytes());
    let totp = app.write(|tx| {
        let totp = totp_for(secret, &db::email_of(tx, user)?)?;
        tx.execute(
            "INSERT INTO totp (user_id, pending_sealed) VALUES (?1, ?2)
             ON CONFLICT(user_id) DO UPDATE SET pending_sealed = excluded.pending_sealed",
            params![user, sealed],
        )?;
        Ok(totp)
    })?;
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
/// code verifies. The replay guard never moves backwards (RFC 6238 §5.2).
pub async fn confirm(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
    Json(body): Json<Confirm>,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        let pending: Vec<u8> = tx
            .query_row(
                "SELECT pending_sealed FROM totp WHERE user_id = ?1 AND pending_sealed IS NOT NULL",
                [user],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(AppError::NotFound("totp_not_enrolled"))?;
        let totp = sealed_totp(&app, user, &pending, &db::email_of(tx, user)?)?;
        let matched = totp
            .verify(&body.code, now as u64, TOTP_WINDOW, None)
            .map_err(AppError::internal)?
            .ok_or(AppError::WrongCode {
                attempts_left: None,
            })?;
        tx.execute(
            "UPDATE totp SET sealed = pending_sealed, pending_sealed = NULL, confirmed_ms = ?2,
                 last_step = MAX(COALESCE(last_step, ?3), ?3)
             WHERE user_id = ?1",
            params![user, now, matched.step as i64],
        )?;
        notify(tx, &app, user, Change::AppAdded, now)?;
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
        let confirmed = tx
            .query_row(
                "DELETE FROM totp WHERE user_id = ?1 RETURNING confirmed_ms IS NOT NULL",
                [user],
                |r| r.get::<_, bool>(0),
            )
            .optional()?;
        match confirmed {
            None => return Err(AppError::NotFound("totp_not_enrolled")),
            Some(true) => notify(tx, &app, user, Change::AppRemoved, now)?,
            Some(false) => {}
        }
        Ok(axum::Json(json!({ "status": "removed" })).into_response())
    })
}

/// A recovery code as people type it: upper case, without spaces or dashes.
fn canonical_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn recovery_hash(app: &AppState, user: i64, code: &str) -> Vec<u8> {
    code_hash(
        &app.code_key,
        &format!("recovery:{user}"),
        &canonical_recovery_code(code),
    )
}

/// `POST /api/recovery-codes` (recent authentication): ten new single-use codes, shown this
/// once (the old ones end).
pub async fn new_recovery_codes(
    State(app): State<Arc<AppState>>,
    RecentlyAuthenticated(SignedIn { user, .. }): RecentlyAuthenticated,
) -> AppResult<Response> {
    let now = app.clock.now_ms();
    app.write(|tx| {
        tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user])?;
        let mut codes = Vec::with_capacity(RECOVERY_CODES);
        for _ in 0..RECOVERY_CODES {
            // 50 bits each, as two groups of five base32 characters.
            let text = otp_wasm::encoding::base32::encode(&random_bytes::<7>(), false);
            let code = format!("{}-{}", &text[..5], &text[5..10]);
            tx.execute(
                "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)",
                params![user, recovery_hash(&app, user, &code)],
            )?;
            codes.push(code);
        }
        notify(tx, &app, user, Change::RecoveryCodesReplaced, now)?;
        Ok(axum::Json(json!({ "codes": codes })).into_response())
    })
}

/// `GET /api/methods`: what this account can sign in with.
pub async fn list(
    State(app): State<Arc<AppState>>,
    SignedIn { user, .. }: SignedIn,
) -> AppResult<Response> {
    let db = app.db();
    Ok(axum::Json(json!({
        "methods": available(&db, user)?,
        "recoveryCodesLeft": recovery_codes_left(&db, user)?,
    }))
    .into_response())
}

fn recovery_codes_left(db: &Connection, user: i64) -> AppResult<i64> {
    Ok(db.query_row(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?1 AND used_ms IS NULL",
        [user],
        |r| r.get(0),
    )?)
}

/// The methods a challenge offers this account.
pub fn available(db: &Connection, user: i64) -> AppResult<Vec<Method>> {
    let mut methods = vec![Method::Sms, Method::Email];
    let totp: bool = db.query_row(
        "SELECT EXISTS(SELECT 1 FROM totp WHERE user_id = ?1 AND confirmed_ms IS NOT NULL)",
        [user],
        |r| r.get(0),
    )?;
    if totp {
        methods.push(Method::Totp);
    }
    if crate::passkeys::has_passkey(db, user)? {
        methods.push(Method::Passkey);
    }
    if recovery_codes_left(db, user)? > 0 {
        methods.push(Method::Recovery);
    }
    Ok(methods)
}

/// Whether `code` is a current code of the user's authenticator app not used before; a match
/// moves the replay guard forward (RFC 6238 §5.2).
pub fn verify_totp(
    db: &Connection,
    app: &AppState,
    user: i64,
    code: &str,
    now: i64,
) -> AppResult<bool> {
    let row: Option<(Vec<u8>, Option<i64>, String)> = db
        .query_row(
            "SELECT t.sealed, t.last_step, u.email FROM totp t JOIN users u ON u.id = t.user_id
             WHERE t.user_id = ?1 AND t.confirmed_ms IS NOT NULL AND t.sealed IS NOT NULL",
            [user],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((sealed, last_step, email)) = row else {
        return Ok(false);
    };
    let totp = sealed_totp(app, user, &sealed, &email)?;
    let after = last_step.map(|step| step as u64);
    let Some(matched) = totp
        .verify(code, now as u64, TOTP_WINDOW, after)
        .map_err(AppError::internal)?
    else {
        return Ok(false);
    };
    let moved = db.execute(
        "UPDATE totp SET last_step = ?2 WHERE user_id = ?1 AND (last_step IS NULL OR last_step < ?2)",
        params![user, matched.step as i64],
    )?;
    Ok(moved == 1)
}

/// Whether `code` is one of the user's unused recovery codes; a match uses it up.
pub fn use_recovery_code(
    db: &Connection,
    app: &AppState,
    user: i64,
    code: &str,
    now: i64,
) -> AppResult<bool> {
    let used = db.execute(
        "UPDATE recovery_codes SET used_ms = ?3 WHERE id = (
             SELECT id FROM recovery_codes WHERE user_id = ?1 AND code_hash = ?2 AND used_ms IS NULL LIMIT 1)",
        params![user, recovery_hash(app, user, code), now],
    )?;
    Ok(used == 1)
}
