//! Secrets the server makes and checks: random tokens, Argon2id passwords on a bounded pool,
//! one-time codes and the key their hashes are made under. Only hashes are ever stored.

use std::sync::Arc;
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use hmac::{Hmac, KeyInit, Mac};
use otp_wasm::encoding::base64url;
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::Db;

/// `N` bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's CSPRNG is unavailable");
    bytes
}

/// A token for a cookie: 256 random bits, base64url.
pub fn new_token() -> String {
    base64url::encode(&random_bytes::<32>())
}

/// What is stored for a token: its SHA-256, so a copy of the database signs nobody in.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Argon2id with the crate's defaults (19 MiB, 2 passes: OWASP's minimum).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing of a short password cannot fail")
        .to_string()
}

/// An Argon2 hash to check against when the e-mail is unknown, so the answer takes as long.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_password("not a real password"));

/// Whether `password` is the one `hash` was made from; with no hash (no such account), the
/// same work against a dummy hash, and `false`.
pub fn verify_password(password: &str, hash: Option<&str>) -> bool {
    match hash {
        Some(hash) => matches_hash(password, hash),
        None => {
            matches_hash(password, DUMMY_HASH.as_str());
            false
        }
    }
}

fn matches_hash(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Argon2 runs on at most one blocking thread per core, with a bounded queue in front: past
/// it a request is refused at once (503 `server_busy`, `Retry-After`), so a burst of sign-ins
/// cannot pile up threads or memory (19 MiB each).
pub struct Hashers {
    queue: Arc<Semaphore>,
    workers: Arc<Semaphore>,
}

/// A place in the hashing queue, taken before the work is counted against an account.
pub struct HashSlot {
    _queued: OwnedSemaphorePermit,
    workers: Arc<Semaphore>,
}

/// Requests that may wait for a hashing thread, per thread.
const QUEUE_PER_WORKER: usize = 4;

impl Hashers {
    pub fn new(workers: usize) -> Hashers {
        Hashers {
            queue: Arc::new(Semaphore::new(workers * (QUEUE_PER_WORKER + 1))),
            workers: Arc::new(Semaphore::new(workers)),
        }
    }

    /// A place in the queue, or 503 `server_busy` when it is full.
    pub fn slot(&self) -> AppResult<HashSlot> {
        let queued = self
            .queue
            .clone()
            .try_acquire_owned()
            .map_err(|_| AppError::Busy)?;
        Ok(HashSlot {
            _queued: queued,
            workers: self.workers.clone(),
        })
    }
}

impl HashSlot {
    /// Runs `work` on a blocking thread once one of the workers is free.
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> AppResult<T> {
        let worker = self
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || {
            let _worker = worker;
            work()
        })
        .await
        .map_err(AppError::internal)
    }
}

/// A uniformly random 6-digit code (NIST SP 800-63B §5.1.3.1: an approved RNG, 6+ digits).
pub fn new_code() -> String {
    // Reject the top of the u32 range so `% 10^6` has no bias.
    const LIMIT: u32 = u32::MAX - (u32::MAX % 1_000_000) - 1;
    loop {
        let n = u32::from_be_bytes(random_bytes::<4>());
        if n <= LIMIT {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// The server's key for hashing codes (made once, kept in the database's settings, so stored
/// hashes survive restarts).
pub struct CodeKey(Vec<u8>);

impl CodeKey {
    /// HMAC-SHA-256 of `code` under the key, bound to `bound_to` (a challenge, an account): the
    /// database holds no code, and a hash cannot be replayed elsewhere.
    pub fn hash(&self, bound_to: &str, code: &str) -> Vec<u8> {
        let mut mac =
            <Hmac<Sha256>>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(bound_to.as_bytes());
        mac.update(b":");
        mac.update(code.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// HMAC-SHA-256 of `code` under the key, bound to the order `order` and its payment's
    /// canonical bytes (`otp_wasm::transaction`): a code sent for one order, or for this
    /// order with another amount or payee, never matches (PSD2 RTS Art. 5's dynamic linking).
    pub fn hash_for_payment(&self, order: &str, transaction: &[u8], code: &str) -> Vec<u8> {
        let mut mac =
            <Hmac<Sha256>>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(b"payment");
        for part in [order.as_bytes(), transaction, code.as_bytes()] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }
}

/// The code key kept in the database's settings, made on first start.
pub fn load_code_key(db: &Db<'_>) -> store::Result<CodeKey> {
    if let Some(key) = store::setting(db, "code_key")? {
        return Ok(CodeKey(key));
    }
    let key = random_bytes::<32>().to_vec();
    store::set_setting(db, "code_key", &key)?;
    Ok(CodeKey(key))
}
