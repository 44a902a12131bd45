//! Persistence of gongkai on SQLite (embedded default) or PostgreSQL (scale-out), chosen by
//! the URL scheme; the audit chain, the change feed and scheduled publishing.

pub mod assignments;
pub mod attachments;
pub mod audit;
pub mod audit_search;
pub mod calendar;
pub mod catalog;
pub mod clock;
pub mod db;
pub mod feed;
pub mod opinions;
pub mod org_changes;
pub mod org_tree;
pub mod orgs;
pub mod password_links;
mod postgres;
pub mod records;
pub mod requests;
pub mod scheduler;
mod serials;
pub mod sessions;
mod sqlite;
pub mod templates;
pub mod users;
mod write;

use std::path::Path;
use std::sync::Arc;

pub use clock::Clock;

use gongkai_core::DomainError;
use thiserror::Error;

pub use db::{q, Db, Dialect, Reader};
pub use write::WriteTx;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A domain rule refused the change; nothing was written.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A table handed over whole had bad cells; nothing was written.
    #[error("table refused:\n{0}")]
    Table(#[from] gongkai_core::table::TableErrors),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("file store: {0}")]
    Io(#[from] std::io::Error),
    /// Stored data that no longer parses: a bug or tampering, never user input.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database, the attachment files beside it, and the clock every write is stamped by.
#[derive(Debug, Clone)]
pub struct Store {
    pub db: Db,
    pub files: Arc<dyn attachments::BlobStore>,
    pub clock: Arc<dyn Clock>,
}

impl Store {
    /// Opens the database named by `database_url`, or the SQLite file under `data_dir`
    /// when there is none, and applies pending migrations. Attachments always live under
    /// `data_dir/files`.
    pub async fn open(data_dir: &Path, database_url: Option<&str>) -> Result<Self> {
        Self::open_with_clock(data_dir, database_url, Arc::new(clock::SystemClock)).await
    }

    /// [`Store::open`] with the clock that stamps every write and decides what is due.
    pub async fn open_with_clock(data_dir: &Path, database_url: Option<&str>, clock: Arc<dyn Clock>) -> Result<Self> {
        std::fs::create_dir_all(data_dir)?;
        let db = match database_url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                postgres::connect(url).await?
            }
            Some(url) if url.starts_with("sqlite:") => sqlite::connect(url).await?,
            Some(url) => {
                return Err(StoreError::Domain(DomainError::invalid(
                    "invalid_database_url",
                    format!("不支持的数据库地址“{url}”：请使用 postgres:// 或 sqlite:"),
                )))
            }
            None => sqlite::connect(&sqlite::url_for(&data_dir.join("gongkai.db"))).await?,
        };
        let files = Arc::new(attachments::FileStore::new(data_dir.join("files"))?);
        Ok(Self { db, files, clock })
    }

    /// The migrations of this backend as (version, description), in order.
    pub fn migrations(dialect: Dialect) -> Vec<(i64, String)> {
        let migrator = match dialect {
            Dialect::Sqlite => &sqlite::MIGRATOR,
            Dialect::Postgres => &postgres::MIGRATOR,
        };
        migrator.iter().map(|m| (m.version, m.description.to_string())).collect()
    }
}

/// A new random identifier (time-ordered UUID v7, as text).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
