//! The schema on each backend. SQLite's is the steps that built it since the first release;
//! PostgreSQL's starts at the schema those steps reached. A change to the schema adds a step to
//! both lists.

mod postgres;
mod sqlite;

pub use postgres::POSTGRES_MIGRATIONS;
pub use sqlite::SQLITE_MIGRATIONS;
