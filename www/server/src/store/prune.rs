//! Deleting rows that can no longer matter: each table's rows at or before its cutoff (the
//! domain's maintenance.rs says which cutoffs), and the code hashes of orders that ended (the
//! orders stay: they are the account's history).

use super::{Db, Result, params};

/// The newest time, per table, at which a row is deleted.
pub struct Cutoffs {
    /// Sessions that expired.
    pub sessions: i64,
    /// Passkey ceremonies that expired.
    pub ceremonies: i64,
    /// Challenges that expired.
    pub challenges: i64,
    /// Throttle failures counted.
    pub attempts: i64,
    /// Code sends made.
    pub sends: i64,
    /// Outbox messages written.
    pub outbox: i64,
    /// Orders that expired: their sent code's hash.
    pub order_codes: i64,
}

/// Deletes every row at or before its table's cutoff (and clears ended orders' codes); how
/// many.
pub fn expired(db: &Db<'_>, cutoffs: &Cutoffs) -> Result<usize> {
    let statements = [
        (
            "DELETE FROM sessions WHERE expires_ms <= ?1",
            cutoffs.sessions,
        ),
        (
            "DELETE FROM ceremonies WHERE expires_ms <= ?1",
            cutoffs.ceremonies,
        ),
        (
            "DELETE FROM challenges WHERE expires_ms <= ?1",
            cutoffs.challenges,
        ),
        ("DELETE FROM attempts WHERE at_ms <= ?1", cutoffs.attempts),
        ("DELETE FROM sends WHERE sent_ms <= ?1", cutoffs.sends),
        ("DELETE FROM outbox WHERE created_ms <= ?1", cutoffs.outbox),
        (
            "UPDATE orders SET code_hash = NULL WHERE code_hash IS NOT NULL AND expires_ms <= ?1",
            cutoffs.order_codes,
        ),
    ];
    let mut deleted = 0;
    for (sql, before) in statements {
        deleted += db.execute(sql, params![before])?;
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, params};

    #[test]
    fn prunes_what_has_expired_and_keeps_the_rest() {
        let dir = std::env::temp_dir().join(format!("otp-wasm-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::open(dir.join("demo.sqlite").to_str().unwrap()).unwrap();
        store.write(|db| -> Result<()> {
        crate::store::accounts::create(db, "a@example.com", "+1555", "x", 0).unwrap();
        let now = 10 * 24 * 3_600_000;
        let user: i64 = db
            .query_row("SELECT id FROM users", params![], |r| r.get(0))
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
        for (id, expires) in [("day-old", now - 2), ("recent", now - 1)] {
            db.execute(
                "INSERT INTO challenges (id, user_id, created_ms, expires_ms) VALUES (?1, ?2, 0, ?3)",
                params![id, user, expires],
            )
            .unwrap();
        }
        for at in [now - 2, now - 1] {
            db.execute(
                "INSERT INTO attempts (email, at_ms) VALUES ('a@example.com', ?1)",
                params![at],
            )
            .unwrap();
        }
        for at in [now - 2, now - 1] {
            db.execute(
                "INSERT INTO sends (user_id, sent_ms) VALUES (?1, ?2)",
                params![user, at],
            )
            .unwrap();
        }
        for created in [now - 1, now] {
            db.execute(
                "INSERT INTO outbox (channel, recipient, body, created_ms) VALUES ('sms', 'x', 'y', ?1)",
                params![created],
            )
            .unwrap();
        }
        for (id, expires) in [("ended", now - 1), ("live", now + 1)] {
            db.execute(
                "INSERT INTO orders (id, user_id, amount, minor_amount, currency, payee, reference,
                     nonce, exempt, created_ms, expires_ms, code_hash)
                 VALUES (?1, ?2, '1.00', 100, 'EUR', 'x', '', x'00', 0, 0, ?3, x'01')",
                params![id, user, expires],
            )
            .unwrap();
        }
        let cutoffs = Cutoffs {
            sessions: now,
            ceremonies: now,
            challenges: now - 2,
            attempts: now - 2,
            sends: now - 2,
            outbox: now - 1,
            order_codes: now,
        };
        assert_eq!(expired(db, &cutoffs).unwrap(), 7);
        let codes: i64 = db
            .query_row("SELECT COUNT(code_hash) FROM orders", params![], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(codes, 1, "only the live order keeps its code");
        let count = |table: &str| -> i64 {
            db.query_row(&format!("SELECT COUNT(*) FROM {table}"), params![], |r| r.get(0))
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
        assert_eq!(expired(db, &cutoffs).unwrap(), 0);
        Ok(())
        })
        .unwrap();
    }
}
