//! The database a test's server runs on: a fresh SQLite file, or, when `OTP_TEST_POSTGRES`
//! names a PostgreSQL server (`make test` starts a throwaway one: scripts/with-postgres.sh), a
//! fresh database on it. A test reads or changes what is stored through the same few calls
//! on either.

use std::collections::BTreeSet;
use std::path::PathBuf;

/// The PostgreSQL server the tests run against, if any (a URL to its `postgres` database).
pub fn postgres_server() -> Option<String> {
    std::env::var("OTP_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// Runs `work` on a thread of its own: PostgreSQL's blocking client runs a runtime of its own,
/// which cannot start on a test's async runtime.
fn off_runtime<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| scope.spawn(work).join().unwrap())
}

pub struct TestDb {
    /// The test's own folder: the SQLite file and the sealing key.
    pub dir: PathBuf,
    /// What `--db` is given.
    pub location: String,
    /// The PostgreSQL URL, when on PostgreSQL.
    postgres: Option<String>,
}

impl TestDb {
    /// A database no other test uses, empty: on PostgreSQL when the tests run on it.
    pub fn fresh(name: &str) -> TestDb {
        TestDb::fresh_on(name, postgres_server())
    }

    /// A fresh SQLite file, whichever backend the tests run on.
    pub fn fresh_sqlite(name: &str) -> TestDb {
        TestDb::fresh_on(name, None)
    }

    fn fresh_on(name: &str, postgres: Option<String>) -> TestDb {
        let dir = std::env::temp_dir().join(format!("otp-wasm-demo-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        match postgres {
            None => TestDb {
                location: dir.join("demo.sqlite").to_str().unwrap().to_owned(),
                dir,
                postgres: None,
            },
            Some(server) => {
                let database = format!("t_{}_{}", std::process::id(), name.replace('-', "_"));
                off_runtime(|| {
                    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
                    for statement in ["DROP DATABASE IF EXISTS", "CREATE DATABASE"] {
                        admin
                            .batch_execute(&format!("{statement} {database}"))
                            .unwrap();
                    }
                });
                let (base, _) = server.rsplit_once('/').unwrap();
                let url = format!("{base}/{database}");
                TestDb {
                    location: url.clone(),
                    dir,
                    postgres: Some(url),
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// The key file every server of this database seals with.
    pub fn key_file(&self) -> PathBuf {
        self.dir.join("demo.key")
    }

    /// The flags that run a server on this database.
    pub fn args(&self) -> Vec<String> {
        vec![
            "--db".to_owned(),
            self.location.clone(),
            "--key-file".to_owned(),
            self.key_file().to_str().unwrap().to_owned(),
        ]
    }

    /// Runs `sql` (`?N` placeholders, each bound as text) on the database, as an operator or
    /// an attacker with access to it would.
    pub fn execute(&self, sql: &str, params: &[&str]) {
        match &self.postgres {
            None => {
                let db = rusqlite::Connection::open(&self.location).unwrap();
                db.execute(sql, rusqlite::params_from_iter(params)).unwrap();
            }
            Some(url) => off_runtime(|| {
                let mut db = postgres::Client::connect(url, postgres::NoTls).unwrap();
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|p| p as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                db.execute(&sql.replace('?', "$"), &params).unwrap();
            }),
        }
    }

    /// The number `sql` (`SELECT COUNT(*) ...`) counts.
    pub fn count(&self, sql: &str) -> i64 {
        match &self.postgres {
            None => rusqlite::Connection::open(&self.location)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap(),
            Some(url) => off_runtime(|| {
                postgres::Client::connect(url, postgres::NoTls)
                    .unwrap()
                    .query_one(sql, &[])
                    .unwrap()
                    .get(0)
            }),
        }
    }

    /// Every table's columns, `(table, column)`, as the migrations made them.
    pub fn columns(&self) -> BTreeSet<(String, String)> {
        match &self.postgres {
            None => {
                let db = rusqlite::Connection::open(&self.location).unwrap();
                let mut statement = db
                    .prepare(
                        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                         WHERE m.type = 'table'",
                    )
                    .unwrap();
                statement
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Some(url) => off_runtime(|| {
                postgres::Client::connect(url, postgres::NoTls)
                    .unwrap()
                    .query(
                        "SELECT table_name::text, column_name::text FROM information_schema.columns
                         WHERE table_schema = 'public' AND table_name <> 'schema_version'",
                        &[],
                    )
                    .unwrap()
                    .iter()
                    .map(|row| (row.get(0), row.get(1)))
                    .collect()
            }),
        }
    }

    /// Whether anything stored holds `needle`: any of SQLite's files (main, WAL, shared
    /// memory), or any row of any table on PostgreSQL (as text, bytes in hex).
    pub fn holds(&self, needle: &[u8]) -> bool {
        match &self.postgres {
            None => ["", "-wal", "-shm"].iter().any(|suffix| {
                std::fs::read(format!("{}{suffix}", self.location))
                    .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
            }),
            Some(url) => off_runtime(|| {
                let mut db = postgres::Client::connect(url, postgres::NoTls).unwrap();
                let tables = db
                    .query(
                        "SELECT table_name::text FROM information_schema.tables
                         WHERE table_schema = 'public'",
                        &[],
                    )
                    .unwrap();
                let hex: String = needle.iter().map(|b| format!("{b:02x}")).collect();
                let text = String::from_utf8_lossy(needle).into_owned();
                tables.iter().any(|table| {
                    let table: String = table.get(0);
                    db.query(&format!("SELECT t::text FROM {table} t"), &[])
                        .unwrap()
                        .iter()
                        .any(|row| {
                            let row: String = row.get(0);
                            row.contains(&text) || row.contains(&hex)
                        })
                })
            }),
        }
    }
}
