//! The checkout: orders and their confirmation (strong customer authentication with dynamic
//! linking, PSD2 RTS Art. 5). Every confirmation is bound to the order's payment, written as
//! canonical bytes by the shared core (`otp_wasm::transaction`): a sent code is stored as a
//! keyed hash over the code and those bytes, the transaction authenticator answers a question
//! derived from them, a passkey signs a challenge derived from them (payment_codes.rs and
//! payment_passkeys.rs confirm; this module places, lists, counts and pays). A code,
//! response or assertion made for another order, or for this one with another amount, currency
//! or payee, never confirms it.

use otp_wasm::transaction::Transaction;
use serde::{Deserialize, Serialize};

use crate::domain::challenge::SEND_WINDOW_MS;
use crate::domain::ocra;
use crate::domain::secrets::{new_token, random_bytes};
use crate::error::{AppError, AppResult, seconds_until};
use crate::store;
use crate::store::Db;
use crate::store::orders::{Listed, LiveOrder, NewOrder, Status};

/// An order waits this long for its confirmation.
pub const ORDER_TTL_MS: i64 = 15 * 60 * 1000;
/// Wrong answers (codes, responses, assertions) before an order is refused for good.
pub const MAX_FAILURES: u32 = 5;
/// Orders an account may place per hour: with five answers each, this bounds the guesses at
/// a transaction authenticator's 8-digit responses.
pub const MAX_ORDERS_PER_HOUR: i64 = 30;
/// Wrong answers on the account's orders of the last hour before answers wait: each order
/// allows five, and without this every new order would bring five more guesses (150 an hour
/// at the order quota).
pub const MAX_FAILURES_PER_HOUR: i64 = 10;

/// The low-value exemption (PSD2 RTS Art. 16), in euro cents: a payment of at most 30.00 EUR needs no
/// confirmation while the payments exempted since the last confirmed one, this one included,
/// come to at most 100.00 EUR and number at most five.
pub const EXEMPT_CURRENCY: &str = "EUR";
pub const EXEMPT_MAX_MINOR: u64 = 3_000;
pub const EXEMPT_CUMULATIVE_MINOR: i64 = 10_000;
pub const EXEMPT_MAX_ORDERS: i64 = 5;

/// How an order can be confirmed, as the API names it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfirmMethod {
    Sms,
    Email,
    /// The account's transaction authenticator answering the order's question.
    Ocra,
    Passkey,
}

impl ConfirmMethod {
    pub fn describe(self) -> &'static str {
        match self {
            ConfirmMethod::Sms => "SMS code",
            ConfirmMethod::Email => "e-mail code",
            ConfirmMethod::Ocra => "transaction authenticator",
            ConfirmMethod::Passkey => "passkey",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ConfirmMethod::Sms => "sms",
            ConfirmMethod::Email => "email",
            ConfirmMethod::Ocra => "ocra",
            ConfirmMethod::Passkey => "passkey",
        }
    }
}

/// The methods this account can confirm a payment with.
pub fn methods(db: &Db<'_>, user: i64) -> store::Result<Vec<ConfirmMethod>> {
    let mut methods = vec![ConfirmMethod::Sms, ConfirmMethod::Email];
    if store::ocra::confirmed(db, user)?.is_some() {
        methods.push(ConfirmMethod::Ocra);
    }
    if store::passkeys::has_passkey(db, user, true)? {
        methods.push(ConfirmMethod::Passkey);
    }
    Ok(methods)
}

/// A placed order.
pub struct Placed {
    pub id: String,
    /// Paid at once under the low-value exemption.
    pub exempt: bool,
    /// How it can be confirmed (none when it is paid already).
    pub methods: Vec<ConfirmMethod>,
    /// The question for the transaction authenticator, when one is enrolled.
    pub question: Option<String>,
}

/// Places an order for `payment`: paid at once if the exemption covers it, otherwise waiting
/// for confirmation. Runs in the request's write transaction, so concurrent orders of one
/// account are counted against the exemption one after another.
pub fn place(db: &Db<'_>, user: i64, payment: &Transaction, now: i64) -> AppResult<Placed> {
    let (placed_last_hour, oldest) = store::orders::placed_since(db, user, now - SEND_WINDOW_MS)?;
    if placed_last_hour >= MAX_ORDERS_PER_HOUR {
        return Err(AppError::TooMany {
            code: "order_quota",
            message: "too many orders this hour",
            retry_after_secs: seconds_until(oldest.unwrap_or(now) + SEND_WINDOW_MS, now),
        });
    }
    let minor = i64::try_from(payment.minor_amount())
        .map_err(|_| AppError::Invalid("invalid_amount", "the amount is too large"))?;
    let (count, total) = store::orders::exempted_since_confirmation(db, user)?;
    let exempt = payment.currency() == EXEMPT_CURRENCY
        && payment.minor_amount() <= EXEMPT_MAX_MINOR
        && count < EXEMPT_MAX_ORDERS
        && total + minor <= EXEMPT_CUMULATIVE_MINOR;
    let id = new_token();
    let nonce = random_bytes::<32>();
    store::orders::insert(
        db,
        &NewOrder {
            id: &id,
            user,
            amount: payment.amount(),
            minor_amount: minor,
            currency: payment.currency(),
            payee: payment.payee(),
            reference: payment.reference(),
            nonce: &nonce,
            exempt,
            expires_ms: now + ORDER_TTL_MS,
        },
        now,
    )?;
    if exempt {
        store::orders::count_exemption(db, user, minor)?;
        let detail = format!("{} without confirmation (low value)", payment.statement());
        store::event(db, user, "payment", &detail, now)?;
        return Ok(Placed {
            id,
            exempt,
            methods: Vec::new(),
            question: None,
        });
    }
    let methods = methods(db, user)?;
    let question = if methods.contains(&ConfirmMethod::Ocra) {
        Some(ocra::question(payment, &nonce)?)
    } else {
        None
    };
    Ok(Placed {
        id,
        exempt,
        methods,
        question,
    })
}

/// The account's orders, newest first; those waiting for confirmation with their statement and,
/// when the account has a transaction authenticator, their question (so a page reloaded
/// mid-checkout can go on); and the methods that confirm them.
pub fn list(db: &Db<'_>, user: i64, now: i64) -> AppResult<(Vec<Listed>, Vec<ConfirmMethod>)> {
    let methods = methods(db, user)?;
    let with_question = methods.contains(&ConfirmMethod::Ocra);
    let mut orders = store::orders::list(db, user, now, MAX_FAILURES)?;
    for order in orders
        .iter_mut()
        .filter(|order| order.status == Status::ConfirmationRequired)
    {
        let payment = stored_payment((
            &order.amount,
            &order.currency,
            &order.payee,
            &order.reference,
        ))?;
        order.statement = Some(payment.statement());
        if with_question {
            order.question = Some(ocra::question(&payment, &order.nonce)?);
        }
    }
    Ok((orders, methods))
}

/// An order's payment, rebuilt from its stored amount, currency, payee and reference (checked
/// when it was placed, so a failure here is the server's).
fn stored_payment(
    (amount, currency, payee, reference): (&str, &str, &str, &str),
) -> AppResult<Transaction> {
    Transaction::new(amount, currency, payee, reference).map_err(AppError::internal)
}

/// Why the account's order `id` takes no more answers: not found (or another account's),
/// paid, too many wrong answers, expired.
fn dead_order(db: &Db<'_>, user: i64, id: &str, now: i64) -> AppError {
    let (paid, failures, expires) = match store::orders::state(db, user, id) {
        Err(error) => return error.into(),
        Ok(None) => return AppError::NotFound("order_not_found"),
        Ok(Some(state)) => state,
    };
    match Status::of(paid, failures, expires, (now, MAX_FAILURES)) {
        Status::Paid => AppError::Gone("order_paid", "this order is paid already"),
        Status::Refused => AppError::Gone(
            "too_many_attempts",
            "too many wrong answers: this order cannot be paid; order again",
        ),
        Status::Expired => AppError::Gone("order_expired", "this order expired: order again"),
        Status::ConfirmationRequired => AppError::internal("a live order was refused"),
    }
}

/// An order waiting for confirmation and its payment, rebuilt from what was stored.
pub struct Waiting {
    pub order: LiveOrder,
    pub payment: Transaction,
}

/// The account's live order `id`; with `count_attempt`, one more wrong answer is counted
/// against it in the same statement, before the answer is checked.
pub fn waiting(
    db: &Db<'_>,
    user: i64,
    id: &str,
    now: i64,
    count_attempt: bool,
) -> AppResult<Waiting> {
    let order = store::orders::take_live(db, (user, id), now, MAX_FAILURES, count_attempt)?
        .ok_or_else(|| dead_order(db, user, id, now))?;
    let payment = stored_payment((
        &order.amount,
        &order.currency,
        &order.payee,
        &order.reference,
    ))?;
    Ok(Waiting { order, payment })
}

/// The account's live order `id` with one more answer counted against it, before the answer
/// is checked. A refusal that comes before any comparison (the order paid, spent or expired;
/// no code, or an expired one) is a security event too, committed with the answer:
/// `Ok(Err(..))`. Another account's order, or no order, stays a plain 404.
pub fn answering(
    db: &Db<'_>,
    (user, id): (i64, &str),
    method: ConfirmMethod,
    now: i64,
) -> AppResult<Result<Waiting, AppError>> {
    let (failures, oldest) = store::orders::failures_since(db, user, now - SEND_WINDOW_MS)?;
    if failures >= MAX_FAILURES_PER_HOUR {
        return Err(AppError::TooMany {
            code: "payment_throttled",
            message: "too many wrong answers to payments this hour",
            retry_after_secs: seconds_until(oldest.unwrap_or(now) + SEND_WINDOW_MS, now),
        });
    }
    match waiting(db, user, id, now, true) {
        Ok(waiting) => Ok(Ok(waiting)),
        Err(closed @ AppError::Gone(..)) => {
            Ok(Err(refused_unchecked(db, user, method, closed, now)?))
        }
        Err(other) => Err(other),
    }
}

/// An answer refused before it was compared: the security event, and the refusal.
pub fn refused_unchecked(
    db: &Db<'_>,
    user: i64,
    method: ConfirmMethod,
    refusal: AppError,
    now: i64,
) -> AppResult<AppError> {
    let why = match &refusal {
        AppError::Gone(_, message) | AppError::BadRequest(message) => *message,
        _ => "refused",
    };
    let detail = format!("{} refused: {why}", method.describe());
    store::event(db, user, "payment_refused", &detail, now)?;
    Ok(refusal)
}

/// A wrong answer, already counted: the security event, and the answer to give.
pub fn refused(
    db: &Db<'_>,
    user: i64,
    waiting: &Waiting,
    method: ConfirmMethod,
    now: i64,
) -> AppResult<AppError> {
    let detail = format!(
        "{}: wrong {}",
        waiting.payment.statement(),
        method.describe()
    );
    store::event(db, user, "payment_refused", &detail, now)?;
    Ok(AppError::WrongCode {
        attempts_left: Some(MAX_FAILURES.saturating_sub(waiting.order.failures)),
    })
}

/// The order is paid by `method`: a security event, and the exemption count starts again.
pub fn pay(
    db: &Db<'_>,
    (user, id): (i64, &str),
    payment: &Transaction,
    method: ConfirmMethod,
    now: i64,
) -> AppResult<()> {
    if !store::orders::pay(db, id, method.name(), now)? {
        return Err(AppError::Gone("order_paid", "this order is paid already"));
    }
    store::orders::reset_exemptions(db, user)?;
    let detail = format!("{} confirmed by {}", payment.statement(), method.describe());
    store::event(db, user, "payment", &detail, now)?;
    Ok(())
}
