//! Pruning on a timer: rows that can no longer matter (expired sessions, challenges and
//! ceremonies, failures older than the throttle's window, sends older than the hourly quota,
//! old outbox messages) are deleted, in one transaction, once a minute.

use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;

use crate::AppState;
use crate::{challenge, outbox, throttle};

const EVERY: Duration = Duration::from_secs(60);
/// Expired challenges are kept a day, for the events that refer to them.
const KEEP_CHALLENGES_MS: i64 = 24 * 3_600_000;

/// Deletes what has expired by `now`; the number of rows deleted.
pub fn prune(db: &Connection, now: i64) -> rusqlite::Result<usize> {
    let statements: [(&str, i64); 6] = [
        ("DELETE FROM sessions WHERE expires_ms <= ?1", now),
        ("DELETE FROM ceremonies WHERE expires_ms <= ?1", now),
        (
            "DELETE FROM challenges WHERE expires_ms <= ?1",
            now - KEEP_CHALLENGES_MS,
        ),
        (
            "DELETE FROM attempts WHERE at_ms <= ?1",
            now - throttle::LOCK_MS,
        ),
        (
            "DELETE FROM sends WHERE sent_ms <= ?1",
            now - challenge::SEND_WINDOW_MS,
        ),
        (
            "DELETE FROM outbox WHERE created_ms <= ?1",
            now - outbox::KEEP_MS,
        ),
    ];
    let mut deleted = 0;
    for (sql, before) in statements {
        deleted += db.execute(sql, [before])?;
    }
    Ok(deleted)
}

/// Runs [`prune`] every minute for as long as the server runs.
pub fn spawn(app: Arc<AppState>) {
    tokio::spawn(async move {
        let mut timer = tokio::time::interval(EVERY);
        loop {
            timer.tick().await;
            let now = app.clock.now_ms();
            match app.write(|tx| Ok(prune(tx, now)?)) {
                Ok(0) => {}
                Ok(deleted) => tracing::debug!(deleted, "pruned expired rows"),
                Err(error) => {
                    // Logged once, as a response would be.
                    let _ = axum::response::IntoResponse::into_response(error);
                }
            }
        }
    });
}
