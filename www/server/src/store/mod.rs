//! The store: every SQL statement the server runs, one module per group of tables, on SQLite
//! (one file) or PostgreSQL (shared by several instances), with each backend's schema
//! migrations (backend.rs opens either; db/ runs a statement on either). The layers above
//! call these functions with the [`Db`] a transaction lends them (one per request), and never
//! write SQL themselves.

pub mod accounts;
pub mod attempts;
mod backend;
pub mod challenges;
mod db;
mod migrations;
pub mod networks;
pub mod ocra;
pub mod orders;
pub mod outbox;
pub mod passkeys;
pub mod prune;
pub mod recovery;
pub mod sessions;
pub mod totp;

pub use backend::Store;
pub(crate) use db::params;
pub use db::{Bind, Db, OptionalExtension, Result};

/// The account's e-mail address.
pub fn email_of(db: &Db<'_>, user: i64) -> Result<String> {
    db.query_row(
        "SELECT email FROM users WHERE id = ?1",
        params![user],
        |r| r.get(0),
    )
}

/// One line of the account's security log (`GET /api/events`).
pub fn event(db: &Db<'_>, user_id: i64, kind: &str, detail: &str, now_ms: i64) -> Result<()> {
    db.execute(
        "INSERT INTO events (user_id, kind, detail, created_ms) VALUES (?1, ?2, ?3, ?4)",
        params![user_id, kind, detail, now_ms],
    )?;
    Ok(())
}

/// A server setting (`code_key`), if it was made.
pub fn setting(db: &Db<'_>, name: &str) -> Result<Option<Vec<u8>>> {
    db.query_row(
        "SELECT value FROM settings WHERE name = ?1",
        params![name],
        |r| r.get(0),
    )
    .optional()
}

pub fn set_setting(db: &Db<'_>, name: &str, value: &[u8]) -> Result<()> {
    db.execute(
        "INSERT INTO settings (name, value) VALUES (?1, ?2)",
        params![name, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::backend::open_sqlite;
    use super::migrations::SQLITE_MIGRATIONS;

    /// A database written by the previous version (schema 4) opens under the current one:
    /// sessions survive (needing a fresh password for changes), the old throttle goes, an
    /// unconfirmed authenticator app becomes a pending enrolment.
    #[test]
    fn a_schema_4_database_migrates() {
        let dir = std::env::temp_dir().join(format!("otp-wasm-migrate-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("demo.sqlite");
        let old = Connection::open(&path).unwrap();
        for migration in &SQLITE_MIGRATIONS[..4] {
            old.execute_batch(migration).unwrap();
        }
        old.pragma_update(None, "user_version", 4).unwrap();
        old.execute_batch(
            "INSERT INTO users (email, phone, password_hash, created_ms) VALUES ('old@example.com', '+1555', 'x', 0);
             INSERT INTO sessions (token_hash, user_id, expires_ms) VALUES (x'01', 1, 99999999999999);
             INSERT INTO throttle (user_id, failures, blocked_until_ms) VALUES (1, 3, 0);
             INSERT INTO totp (user_id, sealed, confirmed_ms) VALUES (1, x'0203', NULL);",
        )
        .unwrap();
        drop(old);
        let db = open_sqlite(&path).unwrap();
        let version: usize = db
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SQLITE_MIGRATIONS.len());
        let session: (i64, i64, i64) = db
            .query_row(
                "SELECT user_id, authenticated_ms, expires_ms FROM sessions",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(session, (1, 0, 99_999_999_999_999));
        let totp: (Option<Vec<u8>>, Option<Vec<u8>>) = db
            .query_row("SELECT sealed, pending_sealed FROM totp", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(totp, (None, Some(vec![2, 3])));
        let throttle: bool = db
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE name = 'throttle')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!throttle);
    }
}
