//! Full-text search of what the public may see: Chinese analysis that finds every
//! substring in either script, a tantivy index per node that follows the change feed,
//! and queries with filters, facets, snippets and cursor paging.

pub mod analysis;
pub mod build;
mod collect;
pub mod document;
mod extract;
mod facts;
mod follow;
mod highlight;
pub mod index;
pub mod query;
pub mod schema;
mod search;
mod source;

#[cfg(test)]
mod tests;

pub use collect::{Counts, Cursor};
pub use search::{Facets, Filters, Hit, Results, SearchQueryError, SearchRequest, MAX_LIMIT};

pub use build::{build, rebuild_at, BuildReport};
/// The plain text of body HTML, also for summaries the web layer writes (feeds).
pub use extract::html_text;
pub use index::SearchIndex;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Store(#[from] gongkai_store::StoreError),
    #[error("search files: {0}")]
    Io(#[from] std::io::Error),
    #[error("search task: {0}")]
    Task(String),
    /// Another process writes this index: two servers on one machine need a directory each.
    #[error("the search index is in use by another process")]
    Busy,
    #[error("opening the search index: {0}")]
    Open(#[from] tantivy::directory::error::OpenDirectoryError),
}
