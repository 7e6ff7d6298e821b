//! One way to run a statement on either backend, so each query is written once: SQL in the
//! subset SQLite and PostgreSQL share, with `?N` placeholders (rewritten to `$N` for
//! PostgreSQL), parameters that bind as the column they meet expects, and columns read into
//! the same Rust types from both.

mod bind;
mod columns;
mod error;

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::types::ToSql;

pub(crate) use bind::params;
pub use bind::{Bind, Value};
pub use columns::Row;
pub use error::{Error, OptionalExtension, Result};

/// A connection to run statements on: SQLite's (inside the store's transaction, or for a
/// read) or a PostgreSQL transaction.
pub enum Db<'c> {
    Sqlite(&'c rusqlite::Connection),
    Postgres(RefCell<PostgresTx<'c>>),
}

/// A PostgreSQL transaction, with its connection's prepared statements: each query is prepared
/// once per connection, then only bound and run (one round trip instead of two). Prepared
/// statements outlive the transaction, whether it commits or not.
pub struct PostgresTx<'c> {
    tx: postgres::Transaction<'c>,
    prepared: &'c mut HashMap<String, postgres::Statement>,
}

impl<'c> PostgresTx<'c> {
    pub fn new(
        tx: postgres::Transaction<'c>,
        prepared: &'c mut HashMap<String, postgres::Statement>,
    ) -> Self {
        PostgresTx { tx, prepared }
    }

    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        let sql = postgres_sql(sql);
        if let Some(statement) = self.prepared.get(&sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.prepare(&sql)?;
        self.prepared.insert(sql, statement.clone());
        Ok(statement)
    }

    pub fn execute(&mut self, sql: &str, values: &[Value<'_>]) -> Result<u64> {
        let statement = self.statement(sql)?;
        Ok(self.tx.execute(&statement, &postgres_params(values))?)
    }

    fn query(&mut self, sql: &str, values: &[Value<'_>]) -> Result<Vec<postgres::Row>> {
        let statement = self.statement(sql)?;
        Ok(self.tx.query(&statement, &postgres_params(values))?)
    }
}

/// `?N` placeholders as PostgreSQL's `$N`, outside quoted text.
fn postgres_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => quoted = !quoted,
            '?' if !quoted => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

fn sqlite_params<'p>(params: &'p [&dyn Bind]) -> Vec<Value<'p>> {
    params.iter().map(|p| p.value()).collect()
}

fn postgres_params<'v>(values: &'v [Value<'_>]) -> Vec<&'v (dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl Db<'_> {
    /// Runs a statement; how many rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn Bind]) -> Result<usize> {
        let values = sqlite_params(params);
        match self {
            Db::Sqlite(db) => Ok(db.execute(sql, rusqlite::params_from_iter(values))?),
            Db::Postgres(tx) => {
                let changed = tx.borrow_mut().execute(sql, &values)?;
                Ok(usize::try_from(changed).unwrap_or(usize::MAX))
            }
        }
    }

    /// The first row of a query, read by `read`; [`Error::NoRow`] when it has none.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: &[&dyn Bind],
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let values = sqlite_params(params);
        match self {
            Db::Sqlite(db) => {
                let mut statement = db.prepare_cached(sql)?;
                let mut rows = statement.query(rusqlite::params_from_iter(values))?;
                let row = rows.next()?.ok_or(Error::NoRow)?;
                read(&Row::Sqlite(row))
            }
            Db::Postgres(tx) => {
                let rows = tx.borrow_mut().query(sql, &values)?;
                read(&Row::Postgres(rows.first().ok_or(Error::NoRow)?))
            }
        }
    }

    /// Every row of a query, each read by `read`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn Bind],
        mut read: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let values = sqlite_params(params);
        match self {
            Db::Sqlite(db) => {
                let mut statement = db.prepare_cached(sql)?;
                let mut rows = statement.query(rusqlite::params_from_iter(values))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(read(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            Db::Postgres(tx) => tx
                .borrow_mut()
                .query(sql, &values)?
                .iter()
                .map(|row| read(&Row::Postgres(row)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten_outside_quoted_text() {
        assert_eq!(
            postgres_sql("SELECT ?1, '?2' FROM t WHERE a = ?12 AND b = 'it''s ?'"),
            "SELECT $1, '?2' FROM t WHERE a = $12 AND b = 'it''s ?'"
        );
    }
}
