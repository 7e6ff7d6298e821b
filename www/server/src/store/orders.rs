//! `orders` (the checkout and each order's confirmation) and `exemptions` (what low-value
//! payments have added up to since the account's last confirmed one).

use super::{Db, OptionalExtension, Result, params};
use serde::Serialize;

/// A new order, as [`insert`] writes it.
pub struct NewOrder<'a> {
    pub id: &'a str,
    pub user: i64,
    pub amount: &'a str,
    pub minor_amount: i64,
    pub currency: &'a str,
    pub payee: &'a str,
    pub reference: &'a str,
    pub nonce: &'a [u8],
    /// Paid at once, without confirmation (then `paid_ms` is `now`).
    pub exempt: bool,
    pub expires_ms: i64,
}

pub fn insert(db: &Db<'_>, order: &NewOrder, now: i64) -> Result<()> {
    db.execute(
        "INSERT INTO orders (id, user_id, amount, minor_amount, currency, payee, reference,
             nonce, exempt, created_ms, expires_ms, paid_ms, paid_by, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
             (SELECT COALESCE(MAX(seq), 0) + 1 FROM orders))",
        params![
            order.id,
            order.user,
            order.amount,
            order.minor_amount,
            order.currency,
            order.payee,
            order.reference,
            order.nonce,
            order.exempt,
            now,
            order.expires_ms,
            order.exempt.then_some(now),
            order.exempt.then_some("exemption"),
        ],
    )?;
    Ok(())
}

/// An order waiting for its confirmation, as [`take_live`] found it.
pub struct LiveOrder {
    pub amount: String,
    pub currency: String,
    pub payee: String,
    pub reference: String,
    pub nonce: Vec<u8>,
    pub code_hash: Option<Vec<u8>>,
    pub code_expires_ms: Option<i64>,
    /// `sms` or `email`: where the code went.
    pub code_channel: Option<String>,
    pub sent_ms: Option<i64>,
    pub failures: u32,
    pub expires_ms: i64,
}

/// The account's order `id` if it still waits for confirmation (not paid, under
/// `max_failures`, not expired); with `count_attempt`, one more failure is counted in the same
/// statement, before the answer is checked.
pub fn take_live(
    db: &Db<'_>,
    (user, id): (i64, &str),
    now: i64,
    max_failures: u32,
    count_attempt: bool,
) -> Result<Option<LiveOrder>> {
    db.query_row(
        "UPDATE orders SET failures = failures + ?5
         WHERE id = ?1 AND user_id = ?2 AND paid_ms IS NULL AND failures < ?4 AND expires_ms > ?3
         RETURNING amount, currency, payee, reference, nonce, code_hash, code_expires_ms,
             sent_ms, failures, code_channel, expires_ms",
        params![id, user, now, max_failures, u32::from(count_attempt)],
        |r| {
            Ok(LiveOrder {
                amount: r.get(0)?,
                currency: r.get(1)?,
                payee: r.get(2)?,
                reference: r.get(3)?,
                nonce: r.get(4)?,
                code_hash: r.get(5)?,
                code_expires_ms: r.get(6)?,
                sent_ms: r.get(7)?,
                failures: r.get(8)?,
                code_channel: r.get(9)?,
                expires_ms: r.get(10)?,
            })
        },
    )
    .optional()
}

/// Whether the account's order was paid, its failures and its expiry; `None` when the account
/// has no such order.
pub fn state(db: &Db<'_>, user: i64, id: &str) -> Result<Option<(bool, u32, i64)>> {
    db.query_row(
        "SELECT paid_ms IS NOT NULL, failures, expires_ms FROM orders
         WHERE id = ?1 AND user_id = ?2",
        params![id, user],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// A new code's hash for the order, and the send counted on the account's hourly quota.
pub fn code_sent(
    db: &Db<'_>,
    (user, id): (i64, &str),
    (code_hash, channel): (&[u8], &str),
    code_expires: i64,
    now: i64,
) -> Result<()> {
    db.execute(
        "UPDATE orders SET code_hash = ?3, code_channel = ?4, code_expires_ms = ?5, sent_ms = ?6
         WHERE id = ?1 AND user_id = ?2",
        params![id, user, code_hash, channel, code_expires, now],
    )?;
    super::challenges::record_send(db, user, now)
}

/// The order is paid by `method`: the right answer is not counted as a failure, the sent code
/// can never be used again. `false` when it was paid already.
pub fn pay(db: &Db<'_>, id: &str, method: &str, now: i64) -> Result<bool> {
    let paid = db.execute(
        "UPDATE orders SET paid_ms = ?2, paid_by = ?3, failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END,
             code_hash = NULL
         WHERE id = ?1 AND paid_ms IS NULL",
        params![id, now, method],
    )?;
    Ok(paid == 1)
}

/// An order as `GET /api/orders` lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    pub order_id: String,
    pub amount: String,
    pub currency: String,
    pub payee: String,
    pub reference: String,
    pub status: Status,
    /// `exemption` (paid without confirmation) or the method that confirmed it.
    pub paid_by: Option<String>,
    pub created_ms: i64,
    pub expires_ms: i64,
    /// The order's nonce, which its transaction authenticator question is derived from.
    #[serde(skip)]
    pub nonce: Vec<u8>,
    /// For an order waiting for confirmation: the statement, and the question when the
    /// account has a transaction authenticator (the domain fills them in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
}

/// An order's status, as `GET /api/orders` names it.
#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Paid,
    /// `max_failures` wrong answers.
    Refused,
    Expired,
    ConfirmationRequired,
}

impl Status {
    /// At `now`, in this order of precedence: paid, refused, expired, waiting.
    pub fn of(
        paid: bool,
        failures: u32,
        expires_ms: i64,
        (now, max_failures): (i64, u32),
    ) -> Status {
        match () {
            _ if paid => Status::Paid,
            _ if failures >= max_failures => Status::Refused,
            _ if expires_ms <= now => Status::Expired,
            _ => Status::ConfirmationRequired,
        }
    }
}

/// The account's orders, newest first, with each one's status at `now`.
pub fn list(db: &Db<'_>, user: i64, now: i64, max_failures: u32) -> Result<Vec<Listed>> {
    db.query_map(
        "SELECT id, amount, currency, payee, reference, paid_ms IS NOT NULL, failures,
             expires_ms, paid_by, created_ms, nonce
         FROM orders WHERE user_id = ?1 ORDER BY created_ms DESC, seq DESC LIMIT 100",
        params![user],
        |r| {
            let (paid, failures, expires): (bool, u32, i64) = (r.get(5)?, r.get(6)?, r.get(7)?);
            let status = Status::of(paid, failures, expires, (now, max_failures));
            Ok(Listed {
                order_id: r.get(0)?,
                amount: r.get(1)?,
                currency: r.get(2)?,
                payee: r.get(3)?,
                reference: r.get(4)?,
                status,
                paid_by: r.get(8)?,
                created_ms: r.get(9)?,
                expires_ms: expires,
                nonce: r.get(10)?,
                statement: None,
                question: None,
            })
        },
    )
}

/// Low-value payments since the account's last confirmed one: how many, and their total in
/// minor units.
pub fn exempted_since_confirmation(db: &Db<'_>, user: i64) -> Result<(i64, i64)> {
    Ok(db
        .query_row(
            "SELECT orders, minor_total FROM exemptions WHERE user_id = ?1",
            params![user],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, 0)))
}

/// One more low-value payment without confirmation.
pub fn count_exemption(db: &Db<'_>, user: i64, minor_amount: i64) -> Result<()> {
    db.execute(
        "INSERT INTO exemptions (user_id, orders, minor_total) VALUES (?1, 1, ?2)
         ON CONFLICT(user_id) DO UPDATE SET orders = exemptions.orders + 1,
             minor_total = exemptions.minor_total + excluded.minor_total",
        params![user, minor_amount],
    )?;
    Ok(())
}

/// A payment was confirmed: the count of exempted payments starts again.
pub fn reset_exemptions(db: &Db<'_>, user: i64) -> Result<()> {
    db.execute("DELETE FROM exemptions WHERE user_id = ?1", params![user])?;
    Ok(())
}

/// The account's orders placed after `since`: how many, and the oldest.
pub fn placed_since(db: &Db<'_>, user: i64, since: i64) -> Result<(i64, Option<i64>)> {
    db.query_row(
        "SELECT COUNT(*), MIN(created_ms) FROM orders WHERE user_id = ?1 AND created_ms > ?2",
        params![user, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The wrong answers counted on the account's orders placed after `since`, and when the
/// oldest of those orders was placed.
pub fn failures_since(db: &Db<'_>, user: i64, since: i64) -> Result<(i64, Option<i64>)> {
    db.query_row(
        "SELECT CAST(COALESCE(SUM(failures), 0) AS BIGINT), MIN(created_ms) FROM orders
         WHERE user_id = ?1 AND created_ms > ?2 AND failures > 0",
        params![user, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
