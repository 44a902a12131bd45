//! The index on this node's disk. Each build is a generation in its own directory under
//! the search root; `CURRENT` names the one in use. A rebuild writes a new generation
//! while the old one keeps answering, then `CURRENT` is switched and the server changes
//! over on its next look at the feed. Each commit stores the change-feed sequence it
//! covers, so a restarted node catches up from there.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Warmer};

use crate::facts::FactsCache;

use crate::schema::{register_tokenizers, schema, Fields, VERSION};
use crate::SearchError;

/// Memory for the writer that follows the feed; a rebuild gets more.
const FOLLOW_HEAP: usize = 64 << 20;
const CURRENT: &str = "CURRENT";

/// What a commit records beside the segments.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    seq: i64,
    version: u32,
}

/// One build of the index, open for reading and, on the serving node, for writing.
pub struct Generation {
    pub name: String,
    pub index: Index,
    pub reader: IndexReader,
    pub writer: Mutex<IndexWriter<TantivyDocument>>,
    /// The change-feed sequence the last commit covers.
    pub seq: AtomicI64,
    /// Each segment's row of facts a document, made as the reader's warmer.
    pub facts: Arc<FactsCache>,
}

impl Generation {
    fn open(dir: &Path, name: &str, heap: usize, threads: usize) -> Result<Option<Self>, SearchError> {
        let path = dir.join(name);
        if !path.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(&path)?;
        let payload: Option<Payload> = index.load_metas()?.payload.and_then(|p| serde_json::from_str(&p).ok());
        let Some(payload) = payload.filter(|p| p.version == VERSION) else {
            return Ok(None);
        };
        Self::ready(name, index, payload.seq, heap, threads).map(Some)
    }

    fn create(dir: &Path, name: &str, heap: usize, threads: usize) -> Result<Self, SearchError> {
        let path = dir.join(name);
        std::fs::create_dir_all(&path)?;
        let index = Index::create_in_dir(&path, schema().0)?;
        Self::ready(name, index, 0, heap, threads)
    }

    fn ready(name: &str, index: Index, seq: i64, heap: usize, threads: usize) -> Result<Self, SearchError> {
        register_tokenizers(&index);
        let facts = Arc::new(FactsCache::default());
        let warmer: Arc<dyn Warmer> = facts.clone();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .warmers(vec![Arc::downgrade(&warmer)])
            .try_into()?;
        let writer = index.writer_with_num_threads(threads, heap).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => SearchError::Busy,
            other => other.into(),
        })?;
        Ok(Generation { name: name.to_owned(), index, reader, writer: Mutex::new(writer), seq: seq.into(), facts })
    }

    /// Commits what was written as covering the feed up to `seq`, and shows it to readers.
    /// Blocking: call it off the async threads.
    pub fn commit(&self, seq: i64) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&Payload { seq, version: VERSION }).unwrap_or_default());
        commit.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.seq.store(seq, Ordering::SeqCst);
        Ok(())
    }

    pub fn seq(&self) -> i64 {
        self.seq.load(Ordering::SeqCst)
    }
}

/// The search root: the generation in use and the way to the next one.
pub struct SearchIndex {
    root: PathBuf,
    fields: Fields,
    live: RwLock<Arc<Generation>>,
    /// One follower at a time, holding the organisations and catalogues it last read.
    pub(crate) follower: tokio::sync::Mutex<Option<crate::source::Lookup>>,
}

fn read_current(root: &Path) -> Option<String> {
    let name = std::fs::read_to_string(root.join(CURRENT)).ok()?;
    let name = name.trim();
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')).then(|| name.to_owned())
}

/// Names `name` as the generation in use, in one rename so a reader never sees half.
fn write_current(root: &Path, name: &str) -> Result<(), SearchError> {
    let staged = root.join(format!("{CURRENT}.new"));
    std::fs::write(&staged, name)?;
    std::fs::rename(staged, root.join(CURRENT))?;
    Ok(())
}

/// A fresh directory name for a new generation.
fn new_name() -> String {
    format!("g-{}", gongkai_store::new_id())
}

impl SearchIndex {
    /// Opens the generation in use under `root`, or starts an empty one. The answer says
    /// whether the index must be built from the database before it can be trusted.
    pub fn open(root: &Path) -> Result<(Self, bool), SearchError> {
        std::fs::create_dir_all(root)?;
        let opened = match read_current(root) {
            Some(name) => Generation::open(root, &name, FOLLOW_HEAP, 1)?,
            None => None,
        };
        let (generation, needs_build) = match opened {
            Some(g) => (g, false),
            None => {
                let name = new_name();
                let g = Generation::create(root, &name, FOLLOW_HEAP, 1)?;
                g.commit(0)?;
                write_current(root, &name)?;
                (g, true)
            }
        };
        let index = SearchIndex {
            root: root.to_owned(),
            fields: schema().1,
            live: RwLock::new(Arc::new(generation)),
            follower: Default::default(),
        };
        index.remove_abandoned();
        Ok((index, needs_build))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn fields(&self) -> Fields {
        self.fields
    }

    pub fn live(&self) -> Arc<Generation> {
        self.live.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub fn searcher(&self) -> Searcher {
        self.live().reader.searcher()
    }

    /// Starts a new generation beside the live one, for a rebuild.
    pub fn create_generation(root: &Path, heap: usize, threads: usize) -> Result<Arc<Generation>, SearchError> {
        std::fs::create_dir_all(root)?;
        Generation::create(root, &new_name(), heap, threads).map(Arc::new)
    }

    /// Makes a finished generation the one in use from now on, for every process that
    /// opens `root`.
    pub fn publish_generation(root: &Path, name: &str) -> Result<(), SearchError> {
        write_current(root, name)
    }

    /// Changes over to the generation `CURRENT` names, if another process switched it.
    /// The old generation answers searches already under way and is removed.
    pub fn follow_current(&self) -> Result<bool, SearchError> {
        let Some(name) = read_current(&self.root) else { return Ok(false) };
        if name == self.live().name {
            return Ok(false);
        }
        let Some(next) = Generation::open(&self.root, &name, FOLLOW_HEAP, 1)? else {
            return Ok(false);
        };
        tracing::info!(generation = %name, seq = next.seq(), "search index: changed over to the rebuilt generation");
        self.replace(Arc::new(next));
        Ok(true)
    }

    /// Puts `next` in use and removes the generation it replaces; searches already under
    /// way keep their files open until they finish.
    fn replace(&self, next: Arc<Generation>) {
        let old = std::mem::replace(&mut *self.live.write().unwrap_or_else(PoisonError::into_inner), next);
        if let Err(e) = std::fs::remove_dir_all(self.root.join(&old.name)) {
            tracing::warn!(generation = %old.name, error = %e, "removing the replaced search generation failed");
        }
    }

    /// Removes generations left by rebuilds that were cut off: not in use and untouched for
    /// hours. A rebuild under way in another process is younger and left alone.
    fn remove_abandoned(&self) {
        let live = self.live().name.clone();
        let Ok(entries) = std::fs::read_dir(&self.root) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == live || !name.starts_with("g-") {
                continue;
            }
            let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|m| m.elapsed().ok());
            if age.is_some_and(|age| age.as_secs() > 6 * 3600) {
                if let Err(e) = std::fs::remove_dir_all(entry.path()) {
                    tracing::warn!(generation = %name, error = %e, "removing an abandoned search generation failed");
                }
            }
        }
    }
}
