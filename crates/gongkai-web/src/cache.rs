//! Rendered public pages, each kept with the tags of what it shows (a record's lineage
//! and matter, an organisation's list, the home page) until the change feed reports a
//! change to one of them; the least recently served pages make room when the cache is
//! full.
//! Every node follows the feed (polled, and at once after its own writes), so a page is
//! never served after a change that this node has seen committed.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
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
}

/// A rendered page and what it shows.
pub struct Rendered {
    pub html: String,
    pub tags: Vec<Tag>,
}

#[derive(Debug)]
struct Entry {
    page: Bytes,
    tags: Vec<Tag>,
    /// When the page was last served, on the cache's own counter.
    used: AtomicU64,
}

#[derive(Debug, Default)]
struct Pages {
    by_key: HashMap<String, Entry>,
    /// Bytes held, keys included.
    size: usize,
}

impl Pages {
    fn remove(&mut self, key: &str) {
        if let Some((key, entry)) = self.by_key.remove_entry(key) {
            self.size -= key.len() + entry.page.len();
        }
    }

    fn clear(&mut self) {
        self.by_key.clear();
        self.size = 0;
    }

    /// Drops the least recently served pages until `room` more bytes fit under nine tenths
    /// of the bound: one pass makes room for many pages to come, and it allocates nothing
    /// per page, since readers wait while it runs.
    fn make_room(&mut self, room: usize) {
        if self.size + room <= MAX_BYTES || self.by_key.is_empty() {
            return;
        }
        let excess = self.size + room - MAX_BYTES * 9 / 10;
        let average = (self.size / self.by_key.len()).max(1);
        let count = (excess / average + 1).min(self.by_key.len());
        let mut ages: Vec<u64> = self.by_key.values().map(|e| e.used.load(Ordering::Relaxed)).collect();
        let (_, &mut threshold, _) = ages.select_nth_unstable(count - 1);
        let mut freed = 0;
        self.by_key.retain(|key, entry| {
            let keep = entry.used.load(Ordering::Relaxed) > threshold;
            if !keep {
                freed += key.len() + entry.page.len();
            }
            keep
        });
        self.size -= freed;
    }
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
        let pages = self.pages.read().unwrap_or_else(PoisonError::into_inner);
        let entry = pages.by_key.get(key)?;
        entry.used.store(self.served.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        Some(entry.page.clone())
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
        pages.remove(&key);
        pages.make_room(size);
        pages.size += size;
        let used = AtomicU64::new(self.served.fetch_add(1, Ordering::Relaxed));
        pages.by_key.insert(key, Entry { page, tags, used });
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
            let doomed: Vec<String> = pages
                .by_key
                .iter()
                .filter(|(_, entry)| entry.tags.iter().any(|t| stale.contains(t)))
                .map(|(key, _)| key.clone())
                .collect();
            for key in doomed {
                pages.remove(&key);
            }
        }
        self.head.store(head, Ordering::Release);
    }

    /// Bytes held, for the tests of the bound.
    #[cfg(test)]
    fn size(&self) -> usize {
        self.pages().size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &'static str, tags: Vec<Tag>) -> Rendered {
        Rendered { html: text.to_owned(), tags }
    }

    fn lineage(id: &str) -> Tag {
        Tag::Lineage(id.to_owned())
    }

    #[test]
    fn a_change_drops_only_the_pages_that_show_it() {
        let cache = PageCache::default();
        cache.put("/d/a".into(), 0, Bytes::from_static(b"a"), vec![lineage("a")]);
        cache.put("/d/b".into(), 0, Bytes::from_static(b"b"), vec![lineage("b")]);
        cache.put("/".into(), 0, Bytes::from_static(b"home"), vec![Tag::Latest]);
        cache.advance(1, &[lineage("a"), Tag::Latest], false);
        assert!(cache.get("/d/a").is_none() && cache.get("/").is_none());
        assert_eq!(cache.get("/d/b").as_deref(), Some(&b"b"[..]), "an unrelated page stays");
        cache.advance(2, &[], true);
        assert!(cache.get("/d/b").is_none(), "an organisation's change drops everything");
    }

    #[test]
    fn a_page_rendered_before_a_change_is_not_kept() {
        let cache = PageCache::default();
        cache.advance(3, &[], false);
        cache.put("/".into(), 2, Bytes::from_static(b"stale"), vec![]);
        assert!(cache.get("/").is_none());
        cache.put("/".into(), 3, Bytes::from_static(b"new"), vec![]);
        assert_eq!(cache.get("/").as_deref(), Some(&b"new"[..]));
        cache.advance(2, &[], true);
        assert!(cache.get("/").is_some(), "the head never moves back");
    }

    #[tokio::test]
    async fn a_burst_of_misses_renders_once() {
        let cache = Arc::new(PageCache::default());
        let renders = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let burst: Vec<_> = (0..32)
            .map(|_| {
                let (cache, renders) = (cache.clone(), renders.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_render("/".into(), || async {
                            renders.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                            Ok::<_, ()>(page("page", vec![]))
                        })
                        .await
                })
            })
            .collect();
        for page in futures_of(burst).await {
            assert_eq!(page.as_deref(), Ok(&b"page"[..]));
        }
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        assert!(cache.rendering.lock().unwrap().is_empty(), "no render lock is left behind");
    }

    #[tokio::test]
    async fn waiters_render_for_themselves_when_the_first_render_fails() {
        let cache = Arc::new(PageCache::default());
        let renders = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let burst: Vec<_> = (0..8)
            .map(|n| {
                let (cache, renders) = (cache.clone(), renders.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_render("/d/x".into(), || async move {
                            renders.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                            if n == 0 {
                                Err("the database timed out")
                            } else {
                                Ok(page("page", vec![]))
                            }
                        })
                        .await
                })
            })
            .collect();
        let answers: Vec<_> = futures_of(burst).await;
        assert_eq!(answers[0], Err("the database timed out"));
        assert!(answers[1..].iter().all(|a| a.as_deref() == Ok(&b"page"[..])));
        assert!(renders.load(Ordering::SeqCst) >= 2, "the waiters did not give up");
        assert!(cache.rendering.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_abandoned_render_leaves_no_lock_behind() {
        let cache = Arc::new(PageCache::default());
        let slow = {
            let cache = cache.clone();
            tokio::spawn(async move {
                cache
                    .get_or_render("/".into(), || async {
                        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                        Ok::<_, ()>(page("never", vec![]))
                    })
                    .await
            })
        };
        tokio::task::yield_now().await;
        assert_eq!(cache.rendering.lock().unwrap().len(), 1, "the slow render holds its turn");
        slow.abort();
        assert!(slow.await.unwrap_err().is_cancelled());
        assert!(cache.rendering.lock().unwrap().is_empty());
        let answer = cache.get_or_render("/".into(), || async { Ok::<_, ()>(page("page", vec![])) }).await;
        assert_eq!(answer.as_deref(), Ok(&b"page"[..]));
    }

    async fn futures_of<T>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        answers
    }

    #[test]
    fn the_least_recently_used_pages_make_room() {
        let cache = PageCache::default();
        let mb = Bytes::from(vec![b'x'; 1024 * 1024]);
        cache.put("/".into(), 0, Bytes::from_static(b"home"), vec![]);
        for n in 0..(MAX_BYTES / mb.len()) * 3 {
            cache.get("/"); // the home page is asked for all the time
            cache.put(format!("/d/{n}"), 0, mb.clone(), vec![]);
            cache.put(format!("/d/{n}"), 0, mb.clone(), vec![]); // a replaced page is not counted twice
            assert!(cache.size() <= MAX_BYTES, "{} bytes held", cache.size());
        }
        assert!(cache.get("/").is_some(), "a busy page is never the least recently used");
        assert!(cache.get("/d/0").is_none(), "an old one made room");
        assert!(cache.get(&format!("/d/{}", (MAX_BYTES / mb.len()) * 3 - 1)).is_some());
        cache.put("/huge".into(), 0, Bytes::from(vec![b'x'; MAX_BYTES + 1]), vec![]);
        assert!(cache.get("/huge").is_none() && cache.get("/").is_some(), "an oversize page is not kept");
    }
}
