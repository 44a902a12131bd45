//! PostgreSQL, for many `serve` nodes over one database.

use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;

use crate::{Db, Result};

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

pub async fn connect(url: &str) -> Result<Db> {
    let pool = PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
    MIGRATOR.run(&pool).await?;
    Ok(Db::Postgres(pool))
}
