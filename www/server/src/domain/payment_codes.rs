//! Confirming an order by a code: one sent by SMS or e-mail that states the payment and is
//! stored as a keyed hash over the code, the order and its payment's bytes (so it confirms
//! that payment only, by the channel it went to), or the transaction authenticator's response
//! to the order's question (ocra.rs). The order's rules (answers counted, refusals, paying)
//! are orders.rs'.

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::domain::challenge::{self, RESEND_COOLDOWN_MS};
use crate::domain::orders::{self, ConfirmMethod, Waiting};
use crate::domain::outbox::{Channel, Outbox};
use crate::domain::seal::Sealer;
use crate::domain::secrets::{CodeKey, new_code};
use crate::domain::{messages, ocra};
use crate::error::{AppError, AppResult, seconds_until};
use crate::store;
use crate::store::Db;

/// A sent code is valid this long.
pub const CODE_TTL_MS: i64 = 5 * 60 * 1000;

/// A fresh code for order `id` to the outbox, stating the payment, within the resend cooldown
/// and the account's hourly quota (shared with sign-in codes); `host` is the site the SMS
/// names. How long the code is valid: 5 minutes, or less when the order ends sooner.
pub fn send_code(
    db: &Db<'_>,
    (key, outbox, host): (&CodeKey, Outbox, &str),
    (user, id): (i64, &str),
    channel: Channel,
    now: i64,
) -> AppResult<i64> {
    let Waiting { order, payment } = orders::waiting(db, user, id, now, false)?;
    if let Some(sent) = order.sent_ms.filter(|sent| now - sent < RESEND_COOLDOWN_MS) {
        return Err(AppError::TooMany {
            code: "resend_cooldown",
            message: "a code was just sent: wait before asking for another",
            retry_after_secs: seconds_until(sent + RESEND_COOLDOWN_MS, now),
        });
    }
    challenge::check_send_quota(db, user, now)?;
    let (email, phone) = store::accounts::addresses(db, user)?;
    let code = Zeroizing::new(new_code());
    // A code lives 5 minutes, and never past its order.
    let expires = (now + CODE_TTL_MS).min(order.expires_ms);
    let minutes = (expires - now + 59_999) / 60_000;
    let statement = payment.statement();
    let (recipient, message) = match channel {
        Channel::Sms => (
            phone,
            messages::sms_payment(&statement, &code, host, minutes),
        ),
        Channel::Email => (email, messages::email_payment(&statement, &code, minutes)),
    };
    let message = Zeroizing::new(message);
    let hash = key.hash_for_payment(id, payment.bytes(), &code);
    let sent = (hash.as_slice(), channel.name());
    store::orders::code_sent(db, (user, id), sent, expires, now)?;
    outbox.deliver(db, channel, &recipient, &message, now)?;
    Ok(expires - now)
}

/// Whether `code` is the one sent for this order and its payment, by `method`'s channel,
/// compared in constant time under the keyed hash.
fn sent_code_matches(
    key: &CodeKey,
    (id, method): (&str, ConfirmMethod),
    waiting: &Waiting,
    code: &str,
    now: i64,
) -> AppResult<bool> {
    let (Some(stored), Some(expires)) = (&waiting.order.code_hash, waiting.order.code_expires_ms)
    else {
        return Err(AppError::BadRequest(
            "no code has been sent for this order yet",
        ));
    };
    if expires <= now {
        return Err(AppError::Gone(
            "code_expired",
            "the code expired: send a new one",
        ));
    }
    let typed = otp_wasm::code_entry::normalize_code(code, 6)
        .map(|c| key.hash_for_payment(id, waiting.payment.bytes(), c.as_str()));
    let same_channel = waiting.order.code_channel.as_deref() == Some(method.name());
    Ok(typed.is_ok_and(|hash| bool::from(hash.ct_eq(stored))) & same_channel)
}

/// Confirms order `id` with a sent code or the transaction authenticator's response: the
/// answer is counted before it is checked; a right one pays the order. `Ok(Ok(()))` when
/// paid; `Ok(Err(..))` for a counted failure (to commit and answer).
pub fn confirm_with_code(
    db: &Db<'_>,
    (key, sealer): (&CodeKey, &Sealer),
    (user, id): (i64, &str),
    method: ConfirmMethod,
    code: &str,
    now: i64,
) -> AppResult<Result<(), AppError>> {
    let waiting = match orders::answering(db, (user, id), method, now)? {
        Ok(waiting) => waiting,
        Err(closed) => return Ok(Err(closed)),
    };
    let matches = match method {
        ConfirmMethod::Sms | ConfirmMethod::Email => {
            match sent_code_matches(key, (id, method), &waiting, code, now) {
                Ok(matches) => matches,
                Err(late @ (AppError::Gone(..) | AppError::BadRequest(_))) => {
                    return Ok(Err(orders::refused_unchecked(db, user, method, late, now)?));
                }
                Err(other) => return Err(other),
            }
        }
        ConfirmMethod::Ocra => {
            let question = ocra::question(&waiting.payment, &waiting.order.nonce)?;
            ocra::verify(db, sealer, user, &question, code)?
        }
        ConfirmMethod::Passkey => {
            return Err(AppError::BadRequest("a passkey confirms with a credential"));
        }
    };
    if !matches {
        return Ok(Err(orders::refused(db, user, &waiting, method, now)?));
    }
    orders::pay(db, (user, id), &waiting.payment, method, now)?;
    Ok(Ok(()))
}
