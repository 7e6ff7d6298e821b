//! SQLite's schema, as the steps that built it: the file's `user_version` says how many ran.

/// Each entry upgrades the schema by one version; never edit a released one, add another.
pub const SQLITE_MIGRATIONS: &[&str] = &[
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
    -- Authenticator-app secrets sealed (domain/seal.rs) instead of in the clear: `secret` holds a
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
    -- window slides and a remembered device counts its own failures (domain/throttle.rs).
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
    r#"
    -- Orders (the checkout): the payment's canonical parts (the transaction its confirmation is
    -- bound to), the nonce its OCRA question comes from, and its confirmation: a sent code's
    -- hash, wrong answers counted, when and how it was paid. `exempt` orders were paid without
    -- confirmation (PSD2 RTS Art. 16).
    CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        amount TEXT NOT NULL,
        minor_amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        payee TEXT NOT NULL,
        reference TEXT NOT NULL,
        nonce BLOB NOT NULL,
        exempt INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL,
        code_hash BLOB,
        code_expires_ms INTEGER,
        sent_ms INTEGER,
        failures INTEGER NOT NULL DEFAULT 0,
        paid_ms INTEGER,
        paid_by TEXT
    );
    CREATE INDEX orders_by_user ON orders (user_id, created_ms);
    -- What low-value payments have added up to since the account's last confirmed one.
    CREATE TABLE exemptions (
        user_id INTEGER PRIMARY KEY REFERENCES users(id),
        orders INTEGER NOT NULL,
        minor_total INTEGER NOT NULL
    );
    -- The transaction authenticator: an OCRA key (RFC 6287), sealed as the app's is, waiting in
    -- pending_sealed (with the question its first response answers) until confirmed.
    CREATE TABLE ocra (
        user_id INTEGER PRIMARY KEY REFERENCES users(id),
        sealed BLOB,
        pending_sealed BLOB,
        pending_question TEXT,
        confirmed_ms INTEGER
    );
"#,
    r#"
    -- The networks each account signed in from (an IPv4 /24 or IPv6 /48 as text, never a full
    -- address) and when last: a risk signal at sign-in (domain/risk.rs), kept to the newest few.
    CREATE TABLE networks (
        user_id INTEGER NOT NULL REFERENCES users(id),
        prefix TEXT NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        PRIMARY KEY (user_id, prefix)
    );
    -- The remembered device a challenge was made on, if any: its wrong codes count on that
    -- device only (as its passwords do), and passing it confirms the device.
    ALTER TABLE challenges ADD COLUMN device_id INTEGER REFERENCES devices(id);
"#,
    r#"
    -- The channel an order's code went to: a code confirms by that channel only.
    ALTER TABLE orders ADD COLUMN code_channel TEXT;
    -- A transaction authenticator's activation: a code texted to the account's phone (so the
    -- password alone cannot add a way to confirm payments), an expiry and counted failures.
    ALTER TABLE ocra ADD COLUMN pending_code_hash BLOB;
    ALTER TABLE ocra ADD COLUMN pending_expires_ms INTEGER;
    ALTER TABLE ocra ADD COLUMN pending_failures INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
    -- Whether a passkey confirms payments: only one added soon after its session's sign-in
    -- proved a second factor, not one added on the password alone (domain/passkeys.rs).
    ALTER TABLE passkeys ADD COLUMN for_payments INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
    -- Orders listed newest first in the order they were placed, also within one millisecond:
    -- a number of their own (PostgreSQL has no rowid to break the tie).
    ALTER TABLE orders ADD COLUMN seq INTEGER;
    UPDATE orders SET seq = rowid;
"#,
];
