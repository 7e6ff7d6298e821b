//! `outbox`: the demo's sent messages.

use super::{Db, Result, params};
use serde::Serialize;

pub fn insert(db: &Db<'_>, channel: &str, recipient: &str, body: &str, now: i64) -> Result<()> {
    db.execute(
        "INSERT INTO outbox (channel, recipient, body, created_ms) VALUES (?1, ?2, ?3, ?4)",
        params![channel, recipient, body, now],
    )?;
    Ok(())
}

/// A kept message, as `GET /api/outbox` lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    id: i64,
    channel: String,
    to: String,
    body: String,
    created_ms: i64,
}

/// The newest 50 messages; with `recipients`, only those to one of them (among the newest 500).
pub fn newest(db: &Db<'_>, recipients: Option<&[String]>) -> Result<Vec<Message>> {
    let messages = db.query_map(
        "SELECT id, channel, recipient, body, created_ms FROM outbox ORDER BY id DESC LIMIT 500",
        params![],
        |r| {
            Ok(Message {
                id: r.get(0)?,
                channel: r.get(1)?,
                to: r.get(2)?,
                body: r.get(3)?,
                created_ms: r.get(4)?,
            })
        },
    )?;
    Ok(messages
        .into_iter()
        .filter(|message| recipients.is_none_or(|to| to.contains(&message.to)))
        .take(50)
        .collect())
}
