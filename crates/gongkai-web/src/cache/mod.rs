//! Rendered public pages, each kept with the tags of what it shows (a record's lineage
//! and matter, an organisation's list, the home page) until the change feed reports a
//! change to one of them; the least recently served pages make room when the cache is
//! full.
//! Every node follows the feed (polled, and at once after its own writes), so a page is
//! never served after a change that this node has seen committed.

mod pages;

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use pages::Pages;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use bytes::Bytes;

/// Past this many bytes of pages the least recently used ones are dropped, which bounds
/// the cache's memory whatever mix of pages is asked for.
const MAX_BYTES: usize = 32 * 1024 * 1024;

/// What a page shows that a change can make stale.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Tag {
    /// The home page's list of the newest records.
    Latest,
    /// An organisation's list of its records.
    OrgList(String),
    /// The versions of one record.
    Lineage(String),
    /// The timeline of one matter.
    Matter(String),
    /// The opinion box's public list of replies.
    Opinions,
}

/// A rendered page and what it shows.
pub struct Rendered {
    pub html: String,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default)]
pub struct PageCache {
    /// The feed position this node has caught up with.
    head: AtomicI64,
    /// Read-locked to serve a page, so that requests do not queue behind one another; the
    /// recency stamp is an atomic in the entry.
    pages: RwLock<Pages>,
    /// The recency counter.
    served: AtomicU64,
    /// One lock per page being rendered, so that the burst of requests arriving just after
    /// a change renders each page once rather than once per request.
    rendering: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// A request's turn to render a page. Dropping it, when the render is done or abandoned,
/// lets the requests waiting on it go on.
struct RenderTurn<'a> {
    cache: &'a PageCache,
    key: String,
    lock: Arc<tokio::sync::Mutex<()>>,
    _held: tokio::sync::OwnedMutexGuard<()>,
}

impl Drop for RenderTurn<'_> {
    fn drop(&mut self) {
        let mut rendering = self.cache.rendering.lock().unwrap_or_else(PoisonError::into_inner);
        if rendering.get(&self.key).is_some_and(|lock| Arc::ptr_eq(lock, &self.lock)) {
            rendering.remove(&self.key);
        }
    }
}

impl PageCache {
    fn pages(&self) -> std::sync::RwLockWriteGuard<'_, Pages> {
        self.pages.write().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn get(&self, key: &str) -> Option<Bytes> {
        let stamp = self.served.fetch_add(1, Ordering::Relaxed);
        self.pages.read().unwrap_or_else(PoisonError::into_inner).get(key, stamp)
    }

    /// The cached page under `key`, or the page `render` makes, kept for later requests.
    /// Of concurrent misses of one key, the first renders and the rest wait for it; should
    /// its render fail or be dropped, they render for themselves.
    pub async fn get_or_render<F, Fut, E>(&self, key: String, render: F) -> Result<Bytes, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Rendered, E>>,
    {
        if let Some(page) = self.get(&key) {
            return Ok(page);
        }
        let _turn = match self.take_turn(&key) {
            Ok(turn) => Some(turn),
            Err(first) => {
                drop(first.lock().await); // held until the first render is over
                if let Some(page) = self.get(&key) {
                    return Ok(page);
                }
                None
            }
        };
        let head = self.head();
        let rendered = render().await?;
        let page = Bytes::from(rendered.html);
        self.put(key, head, page.clone(), rendered.tags);
        Ok(page)
    }

    /// The right to render `key`, or the lock of the request already rendering it.
    fn take_turn(&self, key: &str) -> Result<RenderTurn<'_>, Arc<tokio::sync::Mutex<()>>> {
        let mut rendering = self.rendering.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(lock) = rendering.get(key) {
            return Err(lock.clone());
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        let held = lock.clone().try_lock_owned().expect("a new lock is free");
        rendering.insert(key.to_owned(), lock.clone());
        Ok(RenderTurn { cache: self, key: key.to_owned(), lock, _held: held })
    }

    /// Stores a page rendered while the feed stood at `head`. A page rendered before a
    /// change this node has since seen might show what that change altered: it is not
    /// kept (the next request renders again).
    pub fn put(&self, key: String, head: i64, page: Bytes, tags: Vec<Tag>) {
        let size = key.len() + page.len();
        if size > MAX_BYTES {
            return;
        }
        let mut pages = self.pages();
        if head != self.head.load(Ordering::Acquire) {
            return;
        }
        pages.insert(key, page, tags, self.served.fetch_add(1, Ordering::Relaxed));
    }

    pub fn head(&self) -> i64 {
        self.head.load(Ordering::Acquire)
    }

    /// Moves to feed position `head`, dropping the pages that show any of `stale` (all of
    /// them when `everything`). Positions only move forward.
    pub fn advance(&self, head: i64, stale: &[Tag], everything: bool) {
        let mut pages = self.pages();
        if head <= self.head.load(Ordering::Acquire) {
            return;
        }
        if everything {
            pages.clear();
        } else if !stale.is_empty() {
            pages.drop_tagged(stale);
        }
        self.head.store(head, Ordering::Release);
    }

    /// Bytes held, for the tests of the bound.
    #[cfg(test)]
    fn size(&self) -> usize {
        self.pages().size()
    }
}

#[cfg(test)]
mod tests;
