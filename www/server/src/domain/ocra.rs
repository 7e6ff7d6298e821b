//! The transaction authenticator: an OCRA key (RFC 6287) a user holds in a TAN generator (the
//! demo page's authenticator panel plays one). At checkout the shop shows a question derived
//! from the order's payment (`otp_wasm::transaction`); the device answers it, and only that
//! payment's question gives the response the shop expects. Its secret is sealed at rest as
//! the authenticator app's is (seal.rs).
//!
//! A key that confirms payments is a second factor for them, so adding one takes more than the
//! password a recent authentication proves: it is activated with a code texted to the
//! account's phone beside the device's first response (PSD2 RTS Art. 24: the credentials are
//! delivered and activated under strong authentication), within 10 minutes, 5 tries.

use otp_wasm::otp::Secret;
use otp_wasm::otp::ocra::{Ocra, OcraInput, OcraSuite, QuestionFormat};
use otp_wasm::transaction::Transaction;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::domain::challenge;
use crate::domain::messages;
use crate::domain::outbox::{Channel, Outbox};
use crate::domain::seal::Sealer;
use crate::domain::secrets::{CodeKey, new_code, random_bytes};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::Db;
use crate::store::ocra::NewEnrolment;

/// How long an enrolment waits for its activation.
pub const ENROLMENT_TTL_MS: i64 = 10 * 60 * 1000;
/// Wrong activations before the enrolment ends.
pub const MAX_ACTIVATION_FAILURES: u32 = 5;

/// Plain signature (RFC 6287 §7.3: the question is derived from the transaction, and the
/// response signs it): HMAC-SHA-256, 8 digits, an 8-digit numeric
/// question, as a bank's TAN generator takes it on its keypad. No counter or time: each
/// order's question is new (a fresh nonce), and an order is paid once.
pub const SUITE: &str = "OCRA-1:HOTP-SHA256-8:QN08";
const QUESTION_LEN: usize = 8;

fn ocra(secret: &[u8]) -> AppResult<Ocra> {
    let suite = OcraSuite::parse(SUITE).map_err(AppError::internal)?;
    let secret = Secret::from_bytes(secret).map_err(AppError::internal)?;
    Ok(Ocra::new(suite, &secret))
}

/// The question the device answers for `transaction` and the order's `nonce`.
pub fn question(transaction: &Transaction, nonce: &[u8]) -> AppResult<String> {
    transaction
        .question(QuestionFormat::Numeric, QUESTION_LEN, nonce)
        .map_err(AppError::internal)
}

/// Whether `response` answers `question` under the sealed key.
fn answers(
    sealer: &Sealer,
    user: i64,
    sealed: &[u8],
    question: &str,
    response: &str,
) -> AppResult<bool> {
    let secret = sealer
        .open(user, sealed)
        .ok_or_else(|| AppError::internal("a sealed secret did not open"))?;
    let input = OcraInput {
        question: &[question],
        ..OcraInput::default()
    };
    let matched = ocra(&secret)?
        .verify(response, &input, 0, 0)
        .map_err(AppError::internal)?;
    Ok(matched.is_some())
}

/// What an enrolment hands the device: the suite, the secret (base32) and a first question.
pub struct Enrolment {
    pub secret: Zeroizing<String>,
    pub question: String,
}

/// What the activation code is bound to: this purpose and this account.
fn activation(user: i64) -> String {
    format!("ocra-activation:{user}")
}

/// A new key for `user`, waiting for [`confirm`], and its activation code texted to the
/// account's phone (within the account's hourly quota of sent codes); a confirmed key keeps
/// working until then.
pub fn enroll(
    db: &Db<'_>,
    (sealer, key, outbox, host): (&Sealer, &CodeKey, Outbox, &str),
    user: i64,
    now: i64,
) -> AppResult<Enrolment> {
    challenge::check_send_quota(db, user, now)?;
    let secret = Secret::generate(32).map_err(AppError::internal)?;
    let number = u64::from_be_bytes(random_bytes::<8>()) % 100_000_000;
    let question = format!("{number:08}");
    let code = Zeroizing::new(new_code());
    let enrolment = NewEnrolment {
        sealed: &sealer.seal(user, secret.as_bytes()),
        question: &question,
        code_hash: &key.hash(&activation(user), &code),
        expires_ms: now + ENROLMENT_TTL_MS,
    };
    store::ocra::set_pending(db, user, &enrolment)?;
    store::challenges::record_send(db, user, now)?;
    let (_, phone) = store::accounts::addresses(db, user)?;
    let minutes = ENROLMENT_TTL_MS / 60_000;
    let message = Zeroizing::new(messages::sms_activation(&code, host, minutes));
    outbox.deliver(db, Channel::Sms, &phone, &message, now)?;
    Ok(Enrolment {
        secret: secret.to_base32(),
        question,
    })
}

/// Why the account's enrolment takes no more answers: none, spent, expired.
fn dead_enrolment(db: &Db<'_>, user: i64, now: i64) -> AppError {
    match store::ocra::pending_state(db, user) {
        Ok(Some((_, failures))) if failures >= MAX_ACTIVATION_FAILURES => AppError::Gone(
            "too_many_attempts",
            "too many wrong answers: set the transaction authenticator up again",
        ),
        Ok(Some((expires, _))) if expires <= now => {
            AppError::Gone("enrolment_expired", "the set-up expired: start it again")
        }
        Ok(_) => AppError::NotFound("ocra_not_enrolled"),
        Err(error) => error.into(),
    }
}

/// The enrolled key replaces the confirmed one (if any) when `response` answers its question
/// and `code` is the one texted for it. The answer is counted before it is checked:
/// `Ok(Err(..))` for a counted failure (to commit and answer).
pub fn confirm(
    db: &Db<'_>,
    (sealer, key): (&Sealer, &CodeKey),
    user: i64,
    (response, code): (&str, &str),
    now: i64,
) -> AppResult<Result<(), AppError>> {
    let Some((sealed, question, code_hash, failures)) =
        store::ocra::take_pending(db, user, now, MAX_ACTIVATION_FAILURES)?
    else {
        return Err(dead_enrolment(db, user, now));
    };
    let answered = answers(sealer, user, &sealed, &question, response)?;
    let typed = otp_wasm::code_entry::normalize_code(code, 6)
        .map(|code| key.hash(&activation(user), code.as_str()));
    let texted = typed.is_ok_and(|hash| bool::from(hash.ct_eq(&code_hash)));
    if !(answered & texted) {
        store::event(
            db,
            user,
            "method_refused",
            "transaction authenticator activation",
            now,
        )?;
        return Ok(Err(AppError::WrongCode {
            attempts_left: Some(MAX_ACTIVATION_FAILURES - failures),
        }));
    }
    store::ocra::confirm(db, user, now)?;
    Ok(Ok(()))
}

/// Whether `response` is the account's transaction authenticator's answer to `question`.
pub fn verify(
    db: &Db<'_>,
    sealer: &Sealer,
    user: i64,
    question: &str,
    response: &str,
) -> AppResult<bool> {
    match store::ocra::confirmed(db, user)? {
        Some(sealed) => answers(sealer, user, &sealed, question, response),
        None => Ok(false),
    }
}
