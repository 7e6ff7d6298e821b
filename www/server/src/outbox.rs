//! The demo outbox: the stand-in for the SMS carrier and the mail server. Messages are kept,
//! and served, only while the server is bound to loopback and the outbox is on; otherwise no
//! message body is stored at all, so nothing a code could be read from reaches the disk.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, params};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::messages::{self, Change};
use crate::session::SignedIn;

/// Outbox rows older than this are pruned.
pub const KEEP_MS: i64 = 60 * 60 * 1000;

#[derive(Clone, Copy)]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    fn name(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }
}

/// Hands `body` to the carrier: the outbox when it is on, otherwise nowhere (and only the
/// fact, never the body, is logged).
pub fn deliver(
    db: &Connection,
    app: &AppState,
    channel: Channel,
    recipient: &str,
    body: &str,
    now: i64,
) -> AppResult<()> {
    if !app.config.outbox {
        tracing::info!(channel = channel.name(), "message not delivered: no outbox");
        return Ok(());
    }
    db.execute(
        "INSERT INTO outbox (channel, recipient, body, created_ms) VALUES (?1, ?2, ?3, ?4)",
        params![channel.name(), recipient, body, now],
    )?;
    Ok(())
}

/// The security e-mail for `change`, to the account's address.
pub fn notify(
    db: &Connection,
    app: &AppState,
    user: i64,
    change: Change,
    now: i64,
) -> AppResult<()> {
    let email = crate::db::email_of(db, user)?;
    let (detail, _) = change.describe();
    let kind = match change {
        Change::AppAdded | Change::PasskeyAdded | Change::RecoveryCodesReplaced => "method_added",
        Change::AppRemoved | Change::PasskeyRemoved => "method_removed",
        Change::SignedOutEverywhere => "signed_out_everywhere",
        Change::DeviceRevoked => "device_revoked",
    };
    crate::db::event(db, user, kind, detail, now)?;
    deliver(
        db,
        app,
        Channel::Email,
        &email,
        &messages::security_notice(change),
        now,
    )
}

/// Whose messages `GET /api/outbox` lists.
#[derive(Deserialize)]
pub struct Scope {
    /// `me`: only those to the signed-in account and to the account of `challenge`.
    #[serde(rename = "for")]
    whose: Option<String>,
    /// A challenge the page holds (its id is the page's, as the code field is).
    challenge: Option<String>,
}

/// `GET /api/outbox`: the newest 50 messages. The page asks `?for=me[&challenge=ID]` and shows
/// a person only their own: those to the signed-in account's addresses and to the account
/// being signed in; nobody's when neither is known.
pub async fn list(
    State(app): State<Arc<AppState>>,
    Query(scope): Query<Scope>,
    signed_in: Option<SignedIn>,
) -> AppResult<Response> {
    if !app.config.outbox {
        return Err(AppError::NotFound("not_found"));
    }
    let db = app.db();
    let mut recipients = Vec::new();
    if scope.whose.as_deref() == Some("me") {
        let challenge_user = scope.challenge.as_deref().and_then(|id| {
            db.query_row("SELECT user_id FROM challenges WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .ok()
        });
        for user in signed_in.map(|s| s.user).into_iter().chain(challenge_user) {
            let (email, phone): (String, String) = db.query_row(
                "SELECT email, phone FROM users WHERE id = ?1",
                [user],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            recipients.extend([email, phone]);
        }
    }
    let mut query = db.prepare(
        "SELECT id, channel, recipient, body, created_ms FROM outbox ORDER BY id DESC LIMIT 500",
    )?;
    let messages = query
        .query_map([], |r| {
            Ok((r.get::<_, String>(2)?, json!({ "id": r.get::<_, i64>(0)?, "channel": r.get::<_, String>(1)?, "to": r.get::<_, String>(2)?,
                       "body": r.get::<_, String>(3)?, "createdMs": r.get::<_, i64>(4)? })))
        })?
        .collect::<Result<Vec<(String, Value)>, _>>()?
        .into_iter()
        .filter(|(to, _)| scope.whose.is_none() || recipients.contains(to))
        .map(|(_, message)| message)
        .take(50)
        .collect::<Vec<Value>>();
    Ok(axum::Json(json!({ "messages": messages })).into_response())
}
