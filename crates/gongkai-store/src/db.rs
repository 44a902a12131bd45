//! One way to talk to either backend: a query is SQL with `$n` placeholders plus owned
//! arguments, run on a pool or a transaction of whichever database the URL chose. Store
//! code is written once against these types, so the two backends cannot drift apart, and
//! reads are written once against [`Reader`], so the same query serves the pool and the
//! writer's transaction. Transactions are only opened by the audited write path.

use std::future::Future;

use sqlx::postgres::{PgPool, PgRow};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{FromRow, Postgres, Sqlite, Transaction};

use crate::StoreError;

/// A row type both backends can decode (derive `sqlx::FromRow` with portable field types:
/// `i64`, `String` and their `Option`s).
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

/// One bound argument. Nulls keep their type so PostgreSQL can infer the parameter.
#[derive(Debug, Clone)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(Some(v))
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::Int(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(Some(v.to_owned()))
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(Some(v))
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(Some(v.clone()))
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::Text(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::Text(v.map(str::to_owned))
    }
}

/// SQL and its arguments, built with [`q`] and [`Query::bind`].
#[derive(Debug, Clone)]
pub struct Query {
    sql: String,
    args: Vec<Arg>,
}

/// Starts a query. Placeholders are `$1`, `$2` … on both backends.
pub fn q(sql: impl Into<String>) -> Query {
    Query { sql: sql.into(), args: Vec::new() }
}

impl Query {
    pub fn bind(mut self, arg: impl Into<Arg>) -> Self {
        self.args.push(arg.into());
        self
    }
}

/// The placeholders of `rows` rows of `columns` values each, for inserting many rows in
/// one statement: `($1, $2), ($3, $4)…`, or on SQLite `(?, ?), (?, ?)…` — its driver
/// looks numbered parameters up by name, one search through all of them for each, which
/// grows with the square of their number; plain `?` are bound in order.
pub(crate) fn values(dialect: Dialect, rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 6);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            match dialect {
                Dialect::Sqlite => sql.push('?'),
                Dialect::Postgres => {
                    sql.push('$');
                    sql.push_str(&(r * columns + c + 1).to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}

/// Binds our arguments onto a sqlx query of either backend; the arms are the same code
/// for both, typed differently.
macro_rules! bound {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                Arg::Int(v) => query.bind(*v),
                Arg::Text(v) => query.bind(v.as_deref()),
            };
        }
        query
    }};
}

/// Builds the query with `$kind` (`query_as` or `query`) for the executor `$target` holds,
/// binds the arguments and runs `$method` on it; `$post` maps a backend-typed result.
macro_rules! run {
    (@ctor query_as, $db:ty, $sql:expr) => { sqlx::query_as::<$db, _>($sql) };
    (@ctor query, $db:ty, $sql:expr) => { sqlx::query::<$db>($sql) };
    ($target:expr, $query:expr, $kind:ident, $method:ident $(, $post:expr)?) => {{
        let query: &Query = $query;
        match $target {
            Target::Sqlite(exec) => {
                let built = bound!(run!(@ctor $kind, Sqlite, &query.sql), &query.args);
                built.$method(exec).await$(.map($post))?.map_err(StoreError::from)
            }
            Target::Postgres(exec) => {
                let built = bound!(run!(@ctor $kind, Postgres, &query.sql), &query.args);
                built.$method(exec).await$(.map($post))?.map_err(StoreError::from)
            }
        }
    }};
}

/// The few places where the two dialects differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// Row lock for a read-then-write; SQLite's single writer makes it unnecessary.
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }
}

/// The connection pools. SQLite has one writer connection (the database allows only one
/// writer at a time; queuing in the pool beats retrying on SQLITE_BUSY) and several readers.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

/// A write transaction on either backend; only [`crate::write::WriteTx`] holds one.
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

enum Target<S, P> {
    Sqlite(S),
    Postgres(P),
}

impl Db {
    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite { .. } => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    fn target(&self) -> Target<&SqlitePool, &PgPool> {
        match self {
            Db::Sqlite { read, .. } => Target::Sqlite(read),
            Db::Postgres(pool) => Target::Postgres(pool),
        }
    }

    pub(crate) async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite { write, .. } => Tx::Sqlite(write.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub async fn fetch_all<T: Row>(&self, query: Query) -> Result<Vec<T>, StoreError> {
        run!(self.target(), &query, query_as, fetch_all)
    }

    pub async fn fetch_optional<T: Row>(&self, query: Query) -> Result<Option<T>, StoreError> {
        run!(self.target(), &query, query_as, fetch_optional)
    }

    pub async fn fetch_one<T: Row>(&self, query: Query) -> Result<T, StoreError> {
        run!(self.target(), &query, query_as, fetch_one)
    }

    /// Runs a statement outside any transaction (on SQLite, on the writer): for upkeep that
    /// changes no content, such as planner statistics or purging expired sessions.
    pub(crate) async fn execute(&self, query: Query) -> Result<u64, StoreError> {
        let target = match self {
            Db::Sqlite { write, .. } => Target::Sqlite(write),
            Db::Postgres(pool) => Target::Postgres(pool),
        };
        run!(target, &query, query, execute, |r| r.rows_affected())
    }

    /// Refreshes the query planner's statistics. Run after a bulk load: it changes the
    /// tables faster than PostgreSQL's autovacuum notices, and SQLite keeps none unasked.
    pub async fn refresh_statistics(&self) -> Result<(), StoreError> {
        self.execute(q("ANALYZE")).await.map(drop)
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// Reads on the pool or inside a write: store code takes `&mut impl Reader` and is written
/// once for both.
pub trait Reader: Send {
    fn fetch_all<T: Row>(&mut self, query: Query) -> impl Future<Output = Result<Vec<T>, StoreError>> + Send;
    fn fetch_optional<T: Row>(&mut self, query: Query) -> impl Future<Output = Result<Option<T>, StoreError>> + Send;
    fn dialect(&self) -> Dialect;
}

impl Reader for &Db {
    fn fetch_all<T: Row>(&mut self, query: Query) -> impl Future<Output = Result<Vec<T>, StoreError>> + Send {
        Db::fetch_all(self, query)
    }
    fn fetch_optional<T: Row>(&mut self, query: Query) -> impl Future<Output = Result<Option<T>, StoreError>> + Send {
        Db::fetch_optional(self, query)
    }
    fn dialect(&self) -> Dialect {
        Db::dialect(self)
    }
}

impl Tx {
    pub fn dialect(&self) -> Dialect {
        match self {
            Tx::Sqlite(_) => Dialect::Sqlite,
            Tx::Postgres(_) => Dialect::Postgres,
        }
    }

    fn target(&mut self) -> Target<&mut sqlx::SqliteConnection, &mut sqlx::PgConnection> {
        match self {
            Tx::Sqlite(tx) => Target::Sqlite(&mut **tx),
            Tx::Postgres(tx) => Target::Postgres(&mut **tx),
        }
    }

    pub async fn fetch_all<T: Row>(&mut self, query: Query) -> Result<Vec<T>, StoreError> {
        run!(self.target(), &query, query_as, fetch_all)
    }

    pub async fn fetch_optional<T: Row>(&mut self, query: Query) -> Result<Option<T>, StoreError> {
        run!(self.target(), &query, query_as, fetch_optional)
    }

    pub async fn fetch_one<T: Row>(&mut self, query: Query) -> Result<T, StoreError> {
        run!(self.target(), &query, query_as, fetch_one)
    }

    /// Runs a statement and returns the number of rows it touched.
    pub async fn execute(&mut self, query: Query) -> Result<u64, StoreError> {
        run!(self.target(), &query, query, execute, |r| r.rows_affected())
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}
