//! The application state every handler shares: the database behind one lock, the keys, the
//! clock, the settings and the limits. Built once in main.rs.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::config::Config;
use crate::domain::clock::Clock;
use crate::domain::ip_budget::IpWindows;
use crate::domain::maintenance;
use crate::domain::outbox::Outbox;
use crate::domain::seal::Sealer;
use crate::domain::secrets::{CodeKey, Hashers};
use crate::error::AppResult;

/// How often expired rows are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

pub struct AppState {
    db: Mutex<Connection>,
    pub code_key: CodeKey,
    /// Seals authenticator-app secrets; its key is in a file beside the database.
    pub sealer: Sealer,
    pub clock: Clock,
    pub config: Config,
    pub outbox: Outbox,
    ip_windows: Mutex<IpWindows>,
    pub hashers: Hashers,
    pub webauthn: webauthn_rs::Webauthn,
}

/// What [`AppState::new`] is made of, by name.
pub struct Parts {
    pub db: Connection,
    pub code_key: CodeKey,
    pub sealer: Sealer,
    pub clock: Clock,
    pub config: Config,
    pub webauthn: webauthn_rs::Webauthn,
}

impl AppState {
    /// The state, with one password-hashing thread per core.
    pub fn new(parts: Parts) -> AppState {
        let workers = std::thread::available_parallelism().map_or(2, usize::from);
        AppState {
            db: Mutex::new(parts.db),
            code_key: parts.code_key,
            sealer: parts.sealer,
            clock: parts.clock,
            outbox: Outbox::new(parts.config.outbox),
            config: parts.config,
            ip_windows: Mutex::default(),
            hashers: Hashers::new(workers),
            webauthn: parts.webauthn,
        }
    }

    /// The database, for reads; a panic elsewhere while holding it does not make it unusable.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` in one transaction that holds SQLite's write lock from its start
    /// (`IMMEDIATE`): committed when `work` returns `Ok`, rolled back otherwise. A request
    /// that must keep what it wrote and still answer with an error (a counted failure)
    /// returns `Ok(Err(..))`.
    pub fn write<T>(&self, work: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
        let mut db = self.db();
        let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The per-IP request windows.
    pub fn ip_windows(&self) -> MutexGuard<'_, IpWindows> {
        self.ip_windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Prunes expired rows every minute for as long as the server runs.
    pub fn spawn_pruning(self: Arc<Self>) {
        tokio::spawn(async move {
            let mut timer = tokio::time::interval(PRUNE_EVERY);
            loop {
                timer.tick().await;
                let now = self.clock.now_ms();
                match self.write(|tx| Ok(maintenance::prune(tx, now)?)) {
                    Ok(0) => {}
                    Ok(deleted) => tracing::debug!(deleted, "pruned expired rows"),
                    Err(error) => tracing::error!(?error, "pruning failed"),
                }
            }
        });
    }
}
