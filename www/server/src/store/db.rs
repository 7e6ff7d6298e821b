//! One way to run a statement on either backend, so each query is written once: SQL in the
//! subset SQLite and PostgreSQL share, with `?N` placeholders (rewritten to `$N` for
//! PostgreSQL), parameters that bind as the column they meet expects, and columns read into
//! the same Rust types from both.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use crate::error::AppError;

/// What a statement failed with, keeping the backend's own error as its source.
#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// No connection could be had from the pool in time.
    Pool(r2d2::Error),
    /// A statement that must return a row returned none.
    NoRow,
    /// A column held a value the Rust type cannot take (the message says which).
    Column(String),
    /// The database is not one this server can use (the message says why).
    Setup(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(error) => write!(f, "SQLite: {error}"),
            Error::Postgres(error) => match error.as_db_error() {
                Some(db) => write!(f, "PostgreSQL: {db}"),
                None => write!(f, "PostgreSQL: {error}"),
            },
            Error::Pool(error) => write!(f, "no PostgreSQL connection: {error}"),
            Error::NoRow => f.write_str("the query returned no row"),
            Error::Column(message) | Error::Setup(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(error) => Some(error),
            Error::Postgres(error) => Some(error),
            Error::Pool(error) => Some(error),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        match error {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRow,
            other => Error::Sqlite(other),
        }
    }
}

impl From<postgres::Error> for Error {
    fn from(error: postgres::Error) -> Self {
        Error::Postgres(error)
    }
}

impl From<r2d2::Error> for Error {
    fn from(error: r2d2::Error) -> Self {
        Error::Pool(error)
    }
}

/// A failed statement is the server's fault: 500, its cause logged once (error.rs).
impl From<Error> for AppError {
    fn from(error: Error) -> Self {
        AppError::Internal(error.into())
    }
}

/// `query_row(..).optional()`: no row is `None`, as rusqlite's extension of the same name.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(Error::NoRow) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// A parameter's value, borrowed from what the caller passed.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What a statement's parameters may be (`params![..]` takes any of them).
pub trait Bind {
    fn value(&self) -> Value<'_>;
}

/// The parameters of a statement, each anything that [`Bind`]s.
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        &[$(&$value as &dyn $crate::store::Bind),*] as &[&dyn $crate::store::Bind]
    };
}
pub(crate) use params;

impl Bind for i64 {
    fn value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}

impl Bind for u32 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

/// Stored as 0 or 1, as SQLite keeps booleans; PostgreSQL gets a `boolean` where it wants one.
impl Bind for bool {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Bind for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Bind for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Bind for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl Bind for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl<const N: usize> Bind for [u8; N] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl<T: Bind + ?Sized> Bind for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

impl<T: Bind> Bind for Option<T> {
    fn value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, Bind::value)
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(n),
            Value::Text(text) => ValueRef::Text(text.as_bytes()),
            Value::Blob(bytes) => ValueRef::Blob(bytes),
        }))
    }
}

/// Binds as the type PostgreSQL inferred for the placeholder: an integer as `bigint`,
/// `integer`, `smallint` or `boolean` (range-checked), text as text, bytes as `bytea`.
impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(n)?.to_sql(ty, out),
                Type::BOOL => (n != 0).to_sql(ty, out),
                _ => Err(format!("an integer cannot bind as {ty}").into()),
            },
            Value::Text(text) => text.to_sql(ty, out),
            Value::Blob(bytes) => bytes.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column's value, read the same from either backend.
pub enum Owned {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

/// What a column may be read into (`row.get::<T>(i)`).
pub trait Column: Sized {
    fn from_owned(value: Owned) -> Result<Self>;
}

fn mismatch<T>(wanted: &str) -> Result<T> {
    Err(Error::Column(format!("a column is not {wanted}")))
}

impl Column for i64 {
    fn from_owned(value: Owned) -> Result<Self> {
        match value {
            Owned::Int(n) => Ok(n),
            _ => mismatch("an integer"),
        }
    }
}

impl Column for u32 {
    fn from_owned(value: Owned) -> Result<Self> {
        let n = i64::from_owned(value)?;
        u32::try_from(n).or_else(|_| mismatch("a count"))
    }
}

impl Column for bool {
    fn from_owned(value: Owned) -> Result<Self> {
        Ok(i64::from_owned(value)? != 0)
    }
}

impl Column for String {
    fn from_owned(value: Owned) -> Result<Self> {
        match value {
            Owned::Text(text) => Ok(text),
            _ => mismatch("text"),
        }
    }
}

impl Column for Vec<u8> {
    fn from_owned(value: Owned) -> Result<Self> {
        match value {
            Owned::Blob(bytes) => Ok(bytes),
            _ => mismatch("bytes"),
        }
    }
}

impl<T: Column> Column for Option<T> {
    fn from_owned(value: Owned) -> Result<Self> {
        match value {
            Owned::Null => Ok(None),
            value => T::from_owned(value).map(Some),
        }
    }
}

/// One row of a result, from either backend.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// The `index`th column (from 0) as `T`.
    pub fn get<T: Column>(&self, index: usize) -> Result<T> {
        T::from_owned(match self {
            Row::Sqlite(row) => sqlite_value(row, index)?,
            Row::Postgres(row) => postgres_value(row, index)?,
        })
    }
}

fn sqlite_value(row: &rusqlite::Row<'_>, index: usize) -> Result<Owned> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(index)? {
        ValueRef::Null => Owned::Null,
        ValueRef::Integer(n) => Owned::Int(n),
        ValueRef::Text(text) => {
            Owned::Text(String::from_utf8(text.to_vec()).or_else(|_| mismatch("UTF-8 text"))?)
        }
        ValueRef::Blob(bytes) => Owned::Blob(bytes.to_vec()),
        ValueRef::Real(_) => return mismatch("an integer, text or bytes"),
    })
}

fn postgres_value(row: &postgres::Row, index: usize) -> Result<Owned> {
    let ty = row
        .columns()
        .get(index)
        .ok_or_else(|| Error::Column(format!("no column {index}")))?
        .type_()
        .clone();
    let owned = match ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(index)?.map(Owned::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(index)?
            .map(|n| Owned::Int(n.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(index)?
            .map(|n| Owned::Int(n.into())),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(index)?
            .map(|b| Owned::Int(b.into())),
        Type::TEXT | Type::VARCHAR => row.try_get::<_, Option<String>>(index)?.map(Owned::Text),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(index)?.map(Owned::Blob),
        other => {
            return Err(Error::Column(format!(
                "a column of type {other} is not read"
            )));
        }
    };
    Ok(owned.unwrap_or(Owned::Null))
}

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
