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
                Err(error) => tracing::error!(?error, "pruning failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    #[test]
    fn prunes_what_has_expired_and_keeps_the_rest() {
        let dir = std::env::temp_dir().join(format!("otp-wasm-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let db = crate::db::open(&dir.join("demo.sqlite"), 0).unwrap();
        let now = 10 * 24 * 3_600_000;
        let user: i64 = db
            .query_row("SELECT id FROM users", [], |r| r.get(0))
            .unwrap();
        for (expires, token) in [(now - 1, "old"), (now + 1, "live")] {
            db.execute(
                "INSERT INTO sessions (token_hash, user_id, created_ms, authenticated_ms, expires_ms)
                 VALUES (?1, ?2, 0, 0, ?3)",
                params![token.as_bytes(), user, expires],
            )
            .unwrap();
            db.execute(
                "INSERT INTO ceremonies (id, state, expires_ms) VALUES (?1, '{}', ?2)",
                params![token, expires],
            )
            .unwrap();
        }
        for (id, expires) in [
            ("day-old", now - KEEP_CHALLENGES_MS - 1),
            ("recent", now - 1),
        ] {
            db.execute(
                "INSERT INTO challenges (id, user_id, created_ms, expires_ms) VALUES (?1, ?2, 0, ?3)",
                params![id, user, expires],
            )
            .unwrap();
        }
        for at in [now - throttle::LOCK_MS, now - 1] {
            db.execute(
                "INSERT INTO attempts (email, at_ms) VALUES ('a@example.com', ?1)",
                [at],
            )
            .unwrap();
        }
        for at in [now - challenge::SEND_WINDOW_MS, now - 1] {
            db.execute(
                "INSERT INTO sends (user_id, sent_ms) VALUES (?1, ?2)",
                params![user, at],
            )
            .unwrap();
        }
        for created in [now - outbox::KEEP_MS, now] {
            db.execute(
                "INSERT INTO outbox (channel, recipient, body, created_ms) VALUES ('sms', 'x', 'y', ?1)",
                [created],
            )
            .unwrap();
        }
        assert_eq!(prune(&db, now).unwrap(), 6);
        let count = |table: &str| -> i64 {
            db.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        for table in [
            "sessions",
            "ceremonies",
            "challenges",
            "attempts",
            "sends",
            "outbox",
        ] {
            assert_eq!(count(table), 1, "{table}");
        }
        assert_eq!(prune(&db, now).unwrap(), 0);
    }
}
