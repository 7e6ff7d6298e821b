//! Pruning: rows that can no longer matter (expired sessions, challenges and ceremonies,
//! failures older than the throttle's window, sends older than the hourly quota, old outbox
//! messages) are deleted, in one transaction, once a minute (state.rs runs it).

use crate::domain::{challenge, outbox, throttle};
use crate::store;
use crate::store::Db;
use crate::store::prune::{self, Cutoffs};

/// Expired challenges are kept a day, for the events that refer to them.
const KEEP_CHALLENGES_MS: i64 = 24 * 3_600_000;

/// Deletes what has expired by `now`; the number of rows deleted.
pub fn prune(db: &Db<'_>, now: i64) -> store::Result<usize> {
    let cutoffs = Cutoffs {
        sessions: now,
        ceremonies: now,
        challenges: now - KEEP_CHALLENGES_MS,
        attempts: now - throttle::LOCK_MS,
        sends: now - challenge::SEND_WINDOW_MS,
        outbox: now - outbox::KEEP_MS,
        order_codes: now,
    };
    prune::expired(db, &cutoffs)
}
