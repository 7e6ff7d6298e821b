//! What a statement fails with, from either backend, keeping the backend's error as its source.

use std::fmt;

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
