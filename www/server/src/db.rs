//! The SQLite database: one file, schema migrations by `user_version`, the demo account.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use otp_wasm::otp::Secret;
use zeroize::Zeroizing;

use crate::auth;
use crate::seal::Sealer;

/// Each entry upgrades the schema by one version; never edit a released one, add another.
const MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE settings (name TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        phone TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_ms INTEGER NOT NULL
    );
    -- Per-account throttle: consecutive failures across every method, and the lock they earn.
    CREATE TABLE throttle (
        user_id INTEGER PRIMARY KEY REFERENCES users(id),
        failures INTEGER NOT NULL DEFAULT 0,
        blocked_until_ms INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE challenges (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_ms INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL,
        code_hash BLOB,
        code_expires_ms INTEGER,
        sent_ms INTEGER,
        failures INTEGER NOT NULL DEFAULT 0,
        consumed_ms INTEGER
    );
    CREATE TABLE sends (user_id INTEGER NOT NULL, sent_ms INTEGER NOT NULL);
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        expires_ms INTEGER NOT NULL
    );
    CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        token_hash BLOB NOT NULL UNIQUE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_ms INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL,
        revoked_ms INTEGER,
        user_agent TEXT NOT NULL
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        recipient TEXT NOT NULL,
        body TEXT NOT NULL,
        created_ms INTEGER NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL,
        detail TEXT NOT NULL,
        created_ms INTEGER NOT NULL
    );
"#,
    r#"
    -- An authenticator app's key; usable once confirmed with a code. last_step is the replay
    -- guard of RFC 6238 §5.2: a code at or before it is refused.
    CREATE TABLE totp (
        user_id INTEGER PRIMARY KEY REFERENCES users(id),
        secret TEXT NOT NULL,
        confirmed_ms INTEGER,
        last_step INTEGER
    );
    CREATE TABLE recovery_codes (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        code_hash BLOB NOT NULL,
        used_ms INTEGER
    );
"#,
    r#"
    -- Passkeys (webauthn-rs, serialized), and the ceremony states between options and answer.
    ALTER TABLE users ADD COLUMN webauthn_id TEXT;
    CREATE TABLE passkeys (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        credential_id BLOB NOT NULL UNIQUE,
        passkey TEXT NOT NULL,
        created_ms INTEGER NOT NULL
    );
    CREATE TABLE ceremonies (
        id TEXT PRIMARY KEY,
        user_id INTEGER,
        state TEXT NOT NULL,
        expires_ms INTEGER NOT NULL
    );
"#,
    r#"
    -- Authenticator-app secrets sealed (seal.rs) instead of in the clear: `secret` holds a
    -- secret from before until the server seals it at its next start, then NULL.
    CREATE TABLE totp_sealed (
        user_id INTEGER PRIMARY KEY REFERENCES users(id),
        sealed BLOB,
        secret TEXT,
        confirmed_ms INTEGER,
        last_step INTEGER
    );
    INSERT INTO totp_sealed (user_id, secret, confirmed_ms, last_step)
        SELECT user_id, secret, confirmed_ms, last_step FROM totp;
    DROP TABLE totp;
    ALTER TABLE totp_sealed RENAME TO totp;
"#,
    r#"
    -- The throttle per normalized e-mail (known or not), one row per counted attempt, so the
    -- window slides and a remembered device counts its own failures (throttle.rs).
    DROP TABLE throttle;
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL,
        device_id INTEGER,
        at_ms INTEGER NOT NULL
    );
    CREATE INDEX attempts_by_email ON attempts (email, at_ms);
    -- Sessions get an id (to list and end them), the device they belong to, and when they
    -- last saw the password or a factor (changes to sign-in methods need a recent one).
    CREATE TABLE sessions_v2 (
        id INTEGER PRIMARY KEY,
        token_hash BLOB NOT NULL UNIQUE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        device_id INTEGER REFERENCES devices(id),
        user_agent TEXT NOT NULL DEFAULT '',
        created_ms INTEGER NOT NULL,
        authenticated_ms INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL
    );
    INSERT INTO sessions_v2 (token_hash, user_id, created_ms, authenticated_ms, expires_ms)
        SELECT token_hash, user_id, expires_ms - 43200000, 0, expires_ms FROM sessions;
    DROP TABLE sessions;
    ALTER TABLE sessions_v2 RENAME TO sessions;
    CREATE INDEX sessions_by_user ON sessions (user_id);
    CREATE INDEX sessions_by_device ON sessions (device_id);
    -- A re-enrolment waits in pending_sealed until confirmed; the confirmed app keeps working.
    ALTER TABLE totp ADD COLUMN pending_sealed BLOB;
    UPDATE totp SET pending_sealed = sealed, sealed = NULL
        WHERE confirmed_ms IS NULL AND sealed IS NOT NULL;
    ALTER TABLE passkeys ADD COLUMN last_used_ms INTEGER;
    CREATE INDEX sends_by_user ON sends (user_id, sent_ms);
    CREATE INDEX events_by_user ON events (user_id, id);
    CREATE INDEX challenges_by_expiry ON challenges (expires_ms);
    CREATE INDEX passkeys_by_user ON passkeys (user_id);
    CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id);
"#,
];

/// The demo account every fresh database has.
pub const DEMO_EMAIL: &str = "jane@example.com";
pub const DEMO_PASSWORD: &str = "correct horse battery staple";
pub const DEMO_PHONE: &str = "+1 555 0100 123";

pub fn open(path: &Path, now_ms: i64) -> rusqlite::Result<Connection> {
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
    let has_demo: bool = db.query_row(
        "SELECT EXISTS(SELECT 1 FROM users WHERE email = ?1)",
        [DEMO_EMAIL],
        |r| r.get(0),
    )?;
    if !has_demo {
        db.execute(
            "INSERT INTO users (email, phone, password_hash, created_ms) VALUES (?1, ?2, ?3, ?4)",
            params![
                DEMO_EMAIL,
                DEMO_PHONE,
                auth::hash_password(DEMO_PASSWORD),
                now_ms
            ],
        )?;
    }
    Ok(db)
}

/// The server's key for hashing codes, made once and kept, so stored hashes survive restarts.
pub fn code_key(db: &Connection) -> rusqlite::Result<Vec<u8>> {
    if let Some(key) = db
        .query_row(
            "SELECT value FROM settings WHERE name = 'code_key'",
            [],
            |r| r.get(0),
        )
        .optional()?
    {
        return Ok(key);
    }
    let key = auth::random_bytes::<32>().to_vec();
    db.execute(
        "INSERT INTO settings (name, value) VALUES ('code_key', ?1)",
        [&key],
    )?;
    Ok(key)
}

/// Whether any authenticator-app secret is sealed (then the key file must exist).
pub fn has_sealed_secrets(db: &Connection) -> rusqlite::Result<bool> {
    db.query_row(
        "SELECT EXISTS(SELECT 1 FROM totp WHERE sealed IS NOT NULL OR pending_sealed IS NOT NULL)",
        [],
        |r| r.get(0),
    )
}

/// Seals the secrets stored in the clear before the schema had `sealed`.
pub fn seal_clear_secrets(db: &Connection, sealer: &Sealer) -> rusqlite::Result<usize> {
    let clear: Vec<(i64, Zeroizing<String>)> = db
        .prepare("SELECT user_id, secret FROM totp WHERE secret IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, Zeroizing::new(r.get(1)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sealed = 0;
    for (user_id, secret) in &clear {
        // The server wrote these as base32; one that is not stays as it was, uncounted.
        let Ok(secret) = Secret::from_base32(secret) else {
            continue;
        };
        // An unconfirmed one becomes a pending enrolment, as the schema now keeps those.
        sealed += db.execute(
            "UPDATE totp SET secret = NULL,
                 sealed = CASE WHEN confirmed_ms IS NULL THEN NULL ELSE ?2 END,
                 pending_sealed = CASE WHEN confirmed_ms IS NULL THEN ?2 ELSE pending_sealed END
             WHERE user_id = ?1",
            params![user_id, sealer.seal(*user_id, secret.as_bytes())],
        )?;
    }
    if sealed > 0 {
        // The rows were rewritten with the old text zeroed (secure_delete), in the WAL; move
        // them into the database file, over the pages that held the text, and empty the WAL.
        db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(sealed)
}

/// The account's e-mail address.
pub fn email_of(db: &Connection, user: i64) -> rusqlite::Result<String> {
    db.query_row("SELECT email FROM users WHERE id = ?1", [user], |r| {
        r.get(0)
    })
}

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
        let db = open(&path, 0).unwrap();
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
