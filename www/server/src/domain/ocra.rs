//! The transaction authenticator: an OCRA key (RFC 6287) a user holds in a TAN generator (the
//! demo page's authenticator panel plays one). At checkout the shop shows a question derived
//! from the order's payment (`otp_wasm::transaction`); the device answers it, and only that
//! payment's question gives the response the shop expects. Its secret is sealed at rest as
//! the authenticator app's is (seal.rs).

use otp_wasm::otp::Secret;
use otp_wasm::otp::ocra::{Ocra, OcraInput, OcraSuite, QuestionFormat};
use otp_wasm::transaction::Transaction;
use rusqlite::Connection;

use crate::domain::seal::Sealer;
use crate::domain::secrets::random_bytes;
use crate::error::{AppError, AppResult};
use crate::store;

/// One-way challenge-response (RFC 6287 §7.1): HMAC-SHA-256, 8 digits, an 8-digit numeric
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
    pub secret: zeroize::Zeroizing<String>,
    pub question: String,
}

/// A new key for `user`, waiting for [`confirm`]; a confirmed one keeps working until then.
pub fn enroll(db: &Connection, sealer: &Sealer, user: i64) -> AppResult<Enrolment> {
    let secret = Secret::generate(32).map_err(AppError::internal)?;
    let number = u64::from_be_bytes(random_bytes::<8>()) % 100_000_000;
    let question = format!("{number:08}");
    store::ocra::set_pending(db, user, &sealer.seal(user, secret.as_bytes()), &question)?;
    Ok(Enrolment {
        secret: secret.to_base32(),
        question,
    })
}

/// The enrolled key replaces the confirmed one (if any) when `response` answers its question.
pub fn confirm(
    db: &Connection,
    sealer: &Sealer,
    user: i64,
    response: &str,
    now: i64,
) -> AppResult<()> {
    let (sealed, question) =
        store::ocra::pending(db, user)?.ok_or(AppError::NotFound("ocra_not_enrolled"))?;
    if !answers(sealer, user, &sealed, &question, response)? {
        return Err(AppError::WrongCode {
            attempts_left: None,
        });
    }
    store::ocra::confirm(db, user, now)?;
    Ok(())
}

/// Whether `response` is the account's transaction authenticator's answer to `question`.
pub fn verify(
    db: &Connection,
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
