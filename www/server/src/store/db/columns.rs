//! Columns: a row's values read into the same Rust types from either backend.

use postgres::types::Type;

use super::{Error, Result};

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
