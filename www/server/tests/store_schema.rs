//! SQLite's migrations and PostgreSQL's schema make the same tables and columns, so every query
//! the store writes once finds them on either. Runs where the tests run on PostgreSQL
//! (`make test-server-postgres`); on SQLite alone there is nothing to compare with.

mod common;

use common::{Server, TestDb};

#[test]
fn both_backends_have_the_same_tables_and_columns() {
    let postgres = TestDb::fresh("schema-postgres");
    if !postgres.is_postgres() {
        eprintln!("skipped: OTP_TEST_POSTGRES is not set");
        return;
    }
    let sqlite = TestDb::fresh_sqlite("schema-sqlite");
    for db in [&postgres, &sqlite] {
        drop(Server::start(db, &[])); // migrates
    }
    let (on_sqlite, on_postgres) = (sqlite.columns(), postgres.columns());
    assert!(on_sqlite.len() > 50, "{on_sqlite:?}");
    assert_eq!(
        on_sqlite.difference(&on_postgres).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "columns SQLite has and PostgreSQL lacks"
    );
    assert_eq!(
        on_postgres.difference(&on_sqlite).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "columns PostgreSQL has and SQLite lacks"
    );
}
