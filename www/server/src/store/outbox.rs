//! `outbox`: the demo's sent messages.

use rusqlite::{Connection, params};
use serde::Serialize;

pub fn insert(
    db: &Connection,
    channel: &str,
    recipient: &str,
    body: &str,
    now: i64,
) -> rusqlite::Result<()> {
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
pub fn newest(db: &Connection, recipients: Option<&[String]>) -> rusqlite::Result<Vec<Message>> {
    let messages = db
        .prepare(
            "SELECT id, channel, recipient, body, created_ms FROM outbox ORDER BY id DESC LIMIT 500",
        )?
        .query_map([], |r| {
            Ok(Message {
                id: r.get(0)?,
                channel: r.get(1)?,
                to: r.get(2)?,
                body: r.get(3)?,
                created_ms: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<Message>>>()?;
    Ok(messages
        .into_iter()
        .filter(|message| recipients.is_none_or(|to| to.contains(&message.to)))
        .take(50)
        .collect())
}
