//! The database the server runs on: one SQLite file (the default: one process, no server) or a
//! PostgreSQL server that several instances share. Either way every request's writes run in
//! one transaction that no other writer, in this process or another, interleaves with: SQLite's
//! `BEGIN IMMEDIATE`, or a PostgreSQL transaction that first takes one advisory lock. So each
//! limit counted before its check, and each code or challenge consumed once, holds across
//! instances as it does in one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use postgres::NoTls;
use rusqlite::{Connection, TransactionBehavior};

use super::db::{Db, Error, PostgresTx, Result, Value};
use super::migrations::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

/// The advisory lock every PostgreSQL write transaction takes first (any fixed number; the
/// database is the demo's own).
const WRITE_LOCK: i64 = 0x6f74_7077;
/// Held while one instance migrates the schema, so instances started together wait for it.
const MIGRATE_LOCK: i64 = 0x6f74_7078;
/// Connections each instance keeps to PostgreSQL at most.
const POOL_SIZE: u32 = 8;

type Pool = r2d2::Pool<Manager>;

/// Makes the pool's PostgreSQL connections.
struct Manager(postgres::Config);

/// A pooled PostgreSQL connection, with the statements prepared on it. Closing one blocks on
/// the client's runtime, so it is closed off the async workers ([`blocking`]), wherever the
/// pool drops it.
struct Client {
    client: Option<postgres::Client>,
    prepared: HashMap<String, postgres::Statement>,
}

impl Client {
    fn get(&mut self) -> &mut postgres::Client {
        self.client
            .as_mut()
            .expect("a pooled client is present until dropped")
    }

    /// A transaction on this connection, with its prepared statements.
    fn transaction(&mut self, read_only: bool) -> Result<PostgresTx<'_>> {
        let client = self
            .client
            .as_mut()
            .expect("a pooled client is present until dropped");
        let tx = client.build_transaction().read_only(read_only).start()?;
        Ok(PostgresTx::new(tx, &mut self.prepared))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            blocking(|| drop(client));
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Client;
    type Error = postgres::Error;

    fn connect(&self) -> std::result::Result<Client, postgres::Error> {
        self.0.connect(NoTls).map(|client| Client {
            client: Some(client),
            prepared: HashMap::new(),
        })
    }

    fn is_valid(&self, client: &mut Client) -> std::result::Result<(), postgres::Error> {
        client.get().batch_execute("")
    }

    fn has_broken(&self, client: &mut Client) -> bool {
        client.get().is_closed()
    }
}

/// The database: SQLite's one connection, or a pool of PostgreSQL connections.
pub struct Store(Backend);

enum Backend {
    Sqlite(Mutex<Connection>),
    Postgres(Pool),
}

impl Store {
    /// Opens the database at `location` (a file path, or a `postgres://` URL) and migrates it
    /// to the current schema.
    pub fn open(location: &str) -> Result<Store> {
        if location.starts_with("postgres://") || location.starts_with("postgresql://") {
            blocking(|| open_postgres(location)).map(|pool| Store(Backend::Postgres(pool)))
        } else {
            open_sqlite(Path::new(location)).map(|db| Store(Backend::Sqlite(Mutex::new(db))))
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.0, Backend::Postgres(_))
    }

    /// Runs `work` for a read; on PostgreSQL in a read-only transaction of its own.
    pub fn read<T, E: From<Error>>(
        &self,
        work: impl FnOnce(&Db<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        match &self.0 {
            Backend::Sqlite(db) => work(&Db::Sqlite(&lock(db))),
            Backend::Postgres(pool) => blocking(|| {
                let mut client = pool.get().map_err(Error::from)?;
                let tx = client.transaction(true)?;
                let db = Db::Postgres(RefCell::new(tx));
                let value = work(&db)?;
                commit(db)?;
                Ok(value)
            }),
        }
    }

    /// Runs `work` in one transaction that no other writer interleaves with: committed when
    /// `work` returns `Ok`, rolled back otherwise. A request that must keep what it wrote and
    /// still answer with an error (a counted failure) returns `Ok(Err(..))`.
    pub fn write<T, E: From<Error>>(
        &self,
        work: impl FnOnce(&Db<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        match &self.0 {
            Backend::Sqlite(db) => {
                let mut db = lock(db);
                let tx = db
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(Error::from)?;
                let value = work(&Db::Sqlite(&tx))?;
                tx.commit().map_err(Error::from)?;
                Ok(value)
            }
            Backend::Postgres(pool) => blocking(|| {
                let mut client = pool.get().map_err(Error::from)?;
                let mut tx = client.transaction(false)?;
                tx.execute(
                    "SELECT pg_advisory_xact_lock(?1)",
                    &[Value::Int(WRITE_LOCK)],
                )?;
                let db = Db::Postgres(RefCell::new(tx));
                let value = work(&db)?;
                commit(db)?;
                Ok(value)
            }),
        }
    }
}

impl Store {
    /// Moves what SQLite's WAL holds into the database file and empties the WAL, after rows
    /// holding secrets were overwritten (zeroed, `secure_delete`), so no copy of them stays in
    /// the WAL. PostgreSQL recycles its own WAL; nothing to do there.
    pub fn checkpoint(&self) -> Result<()> {
        match &self.0 {
            Backend::Sqlite(db) => {
                lock(db).query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
                Ok(())
            }
            Backend::Postgres(_) => Ok(()),
        }
    }
}

/// A panic elsewhere while holding the connection does not make it unusable.
fn lock(db: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    db.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn commit(db: Db<'_>) -> Result<()> {
    match db {
        Db::Postgres(tx) => tx.into_inner().commit(),
        Db::Sqlite(_) => Ok(()),
    }
}

/// PostgreSQL's client blocks on a runtime of its own, which cannot run on one of the server's
/// async worker threads: this worker hands its other tasks on while it waits.
fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(_) => tokio::task::block_in_place(work),
        Err(_) => work(),
    }
}

/// The SQLite file at `path` (made with its folder), in WAL mode, migrated.
pub fn open_sqlite(path: &Path) -> Result<Connection> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::Setup(format!("cannot make {}: {e}", parent.display())))?;
    }
    let mut db = Connection::open(path)?;
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "foreign_keys", true)?;
    // Deleted and overwritten rows are zeroed in the file, not left in free pages.
    db.pragma_update(None, "secure_delete", true)?;
    let version: usize = db.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, migration) in SQLITE_MIGRATIONS.iter().enumerate().skip(version) {
        let tx = db.transaction()?;
        tx.execute_batch(migration)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(db)
}

/// A pool of connections to the PostgreSQL database at `url`, its schema migrated (by one
/// instance at a time: the others wait on the lock, then find it done).
fn open_postgres(url: &str) -> Result<Pool> {
    let config = url
        .parse()
        .map_err(|e| Error::Setup(format!("not a PostgreSQL URL: {e}")))?;
    // A connection is checked when it is taken (one round trip): one left broken by a
    // restarted database is replaced, not handed to a request.
    let pool = r2d2::Pool::builder()
        .max_size(POOL_SIZE)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(10))
        .build(Manager(config))?;
    let mut pooled = pool.get()?;
    let client = pooled.get();
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK])?;
    let migrated = migrate_postgres(client);
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK])?;
    migrated?;
    drop(pooled);
    Ok(pool)
}

fn migrate_postgres(client: &mut postgres::Client) -> Result<()> {
    let fresh: bool = client
        .query_one("SELECT to_regclass('schema_version') IS NULL", &[])?
        .get(0);
    if fresh {
        client.batch_execute("CREATE TABLE schema_version (version BIGINT NOT NULL)")?;
    }
    let version: i64 = client
        .query_opt("SELECT version FROM schema_version", &[])?
        .map_or(0, |row| row.get(0));
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    if version > POSTGRES_MIGRATIONS.len() {
        return Err(Error::Setup(format!(
            "the database's schema (version {version}) is newer than this server's"
        )));
    }
    for (index, migration) in POSTGRES_MIGRATIONS.iter().enumerate().skip(version) {
        let mut tx = client.transaction()?;
        tx.batch_execute(migration)?;
        let next = i64::try_from(index + 1).unwrap_or(i64::MAX);
        tx.execute("DELETE FROM schema_version", &[])?;
        tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[&next])?;
        tx.commit()?;
    }
    Ok(())
}
