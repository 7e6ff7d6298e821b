//! The store: one SQLite file, opened in WAL mode and migrated to the current schema
//! (migrations.rs) on start, and every SQL statement the server runs, one module per group of
//! tables. The layers above call these functions with the [`Connection`] (one transaction per
//! request) the application state lends them, and never write SQL themselves.

pub mod accounts;
pub mod attempts;
pub mod challenges;
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

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use migrations::MIGRATIONS;

/// Opens (and makes, with its folder) the database at `path`, migrated to the current schema.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    }
    let mut db = Connection::open(path)?;
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "foreign_keys", true)?;
    // Deleted and overwritten rows are zeroed in the file, not left in free pages.
    db.pragma_update(None, "secure_delete", true)?;
    let version: usize = db.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = db.transaction()?;
        tx.execute_batch(migration)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(db)
}

/// The account's e-mail address.
pub fn email_of(db: &Connection, user: i64) -> rusqlite::Result<String> {
    db.query_row("SELECT email FROM users WHERE id = ?1", [user], |r| {
        r.get(0)
    })
}

/// One line of the account's security log (`GET /api/events`).
pub fn event(
    db: &Connection,
    user_id: i64,
    kind: &str,
    detail: &str,
    now_ms: i64,
) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO events (user_id, kind, detail, created_ms) VALUES (?1, ?2, ?3, ?4)",
        params![user_id, kind, detail, now_ms],
    )?;
    Ok(())
}

/// A server setting (`code_key`), if it was made.
pub fn setting(db: &Connection, name: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    db.query_row("SELECT value FROM settings WHERE name = ?1", [name], |r| {
        r.get(0)
    })
    .optional()
}

pub fn set_setting(db: &Connection, name: &str, value: &[u8]) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO settings (name, value) VALUES (?1, ?2)",
        params![name, value],
    )?;
    Ok(())
}

/// Moves what the WAL holds into the database file and empties the WAL: after rows holding
/// secrets were overwritten (zeroed, `secure_delete`), so no copy of them stays in the WAL.
pub fn checkpoint(db: &Connection) -> rusqlite::Result<()> {
    db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for migration in &MIGRATIONS[..4] {
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
        let db = open(&path).unwrap();
        let version: usize = db
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len());
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
