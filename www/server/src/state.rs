//! The application state every handler shares: the store, the keys, the clock, the settings
//! and the limits. Built once in main.rs.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::config::Config;
use crate::domain::clock::Clock;
use crate::domain::ip_budget::IpWindows;
use crate::domain::maintenance;
use crate::domain::outbox::Outbox;
use crate::domain::seal::Sealer;
use crate::domain::secrets::{CodeKey, Hashers};
use crate::error::AppResult;
use crate::store::{Db, Store};

/// How often expired rows are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

pub struct AppState {
    store: Store,
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
    pub store: Store,
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
            store: parts.store,
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

    /// Runs `work` for a read of the store.
    pub fn read<T>(&self, work: impl FnOnce(&Db<'_>) -> AppResult<T>) -> AppResult<T> {
        self.store.read(work)
    }

    /// Runs `work` in one transaction no other writer interleaves with, on this instance or
    /// another (store/backend.rs): committed when `work` returns `Ok`, rolled back otherwise. A
    /// request that must keep what it wrote and still answer with an error (a counted failure)
    /// returns `Ok(Err(..))`.
    pub fn write<T>(&self, work: impl FnOnce(&Db<'_>) -> AppResult<T>) -> AppResult<T> {
        self.store.write(work)
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
