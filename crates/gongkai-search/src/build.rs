//! Building a generation from the database: every open organisation and every listed
//! record, read page by page while the writer's threads analyse the previous page.

use std::path::Path;
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use tantivy::TantivyDocument;

use gongkai_store::Store;

use crate::index::Generation;
use crate::schema::schema;
use crate::source::{with_files, ListedPages, Lookup};
use crate::{SearchError, SearchIndex};

/// Writer memory and threads of a rebuild: more than following the feed needs, so that
/// segments are few and large.
const BUILD_HEAP: usize = 512 << 20;
const BUILD_THREADS: usize = 2;

#[derive(Debug, Clone, Copy)]
pub struct BuildReport {
    pub records: usize,
    pub orgs: usize,
    /// The change-feed sequence the build covers: changes after it are followed.
    pub seq: i64,
    pub elapsed: Duration,
}

/// Builds a new generation under `root` from the database and makes it the one in use.
/// Whatever is serving from `root` keeps answering from the old generation meanwhile and
/// changes over when it next follows the feed.
pub async fn rebuild_at(root: &Path, store: &Store) -> Result<BuildReport, SearchError> {
    let generation = SearchIndex::create_generation(root, BUILD_HEAP, BUILD_THREADS)?;
    let report = build(store, &generation).await?;
    let name = generation.name.clone();
    // The writer's lock is let go before the switch, so the server can take it.
    drop(generation);
    SearchIndex::publish_generation(root, &name)?;
    Ok(report)
}

impl SearchIndex {
    /// Rebuilds this node's index from the database and changes over to it.
    pub async fn rebuild(&self, store: &Store) -> Result<BuildReport, SearchError> {
        let report = rebuild_at(self.root(), store).await?;
        self.catch_up(store).await?;
        Ok(report)
    }
}

/// Fills `generation` (new and empty) from the database and commits it.
pub async fn build(store: &Store, generation: &Arc<Generation>) -> Result<BuildReport, SearchError> {
    let started = Instant::now();
    let fields = schema().1;
    // Read first: whatever changes while the build reads is in the feed after it, and
    // following the feed again from here replaces it.
    let seq = store.db.feed_head().await?;
    let lookup = Lookup::load(store).await?;
    let org_docs: Vec<_> =
        lookup.orgs().filter_map(|o| lookup.org_doc(&o.code)).map(|d| d.to_tantivy(&fields)).collect();
    let orgs = org_docs.len();
    add(generation, org_docs).await?;
    let mut records = 0;
    let mut pages = ListedPages::new(None);
    while let Some(page) = pages.next(store).await? {
        let docs: Vec<_> = with_files(store, page)
            .await?
            .iter()
            .filter_map(|(record, files)| lookup.record_doc(record, files))
            .map(|doc| doc.to_tantivy(&fields))
            .collect();
        records += docs.len();
        add(generation, docs).await?;
    }
    commit(generation, seq).await?;
    Ok(BuildReport { records, orgs, seq, elapsed: started.elapsed() })
}

/// Runs `work` on the writer off the async threads: adding waits while the writer's
/// threads are busy, and a commit writes segments to disk.
pub async fn on_writer<T: Send + 'static>(
    generation: &Arc<Generation>,
    work: impl FnOnce(&Generation) -> Result<T, SearchError> + Send + 'static,
) -> Result<T, SearchError> {
    let generation = generation.clone();
    tokio::task::spawn_blocking(move || work(&generation)).await.map_err(|e| SearchError::Task(e.to_string()))?
}

async fn add(generation: &Arc<Generation>, docs: Vec<TantivyDocument>) -> Result<(), SearchError> {
    on_writer(generation, move |g| {
        let writer = g.writer.lock().unwrap_or_else(PoisonError::into_inner);
        for doc in docs {
            writer.add_document(doc)?;
        }
        Ok(())
    })
    .await
}

pub async fn commit(generation: &Arc<Generation>, seq: i64) -> Result<(), SearchError> {
    on_writer(generation, move |g| g.commit(seq)).await
}
