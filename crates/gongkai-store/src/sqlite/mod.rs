//! SQLite, the embedded default: WAL, foreign keys, busy timeout, one writer.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Db, Result};

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

pub fn url_for(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

pub async fn connect(url: &str) -> Result<Db> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // 8 MB of page cache per connection: the operating system caches the file as well,
        // and the server stays small with two readers per core and one writer.
        .pragma("cache_size", "-8192");
    // A request waits at most this long for a connection, then fails instead of hanging.
    let wait = Duration::from_secs(10);
    let write = SqlitePoolOptions::new().max_connections(1).acquire_timeout(wait).connect_with(options.clone()).await?;
    MIGRATOR.run(&write).await?;
    let readers = std::thread::available_parallelism().map_or(4, |n| n.get() * 2) as u32;
    let read = SqlitePoolOptions::new()
        .max_connections(readers)
        .acquire_timeout(wait)
        .connect_with(options.read_only(true))
        .await?;
    Ok(Db::Sqlite { read, write })
}
