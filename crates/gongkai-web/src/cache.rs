//! Rendered public pages, kept until the change feed moves. Every node follows the feed's
//! head (polled, and bumped at once after its own writes), so a page is never served
//! after a change that this node has seen committed.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use bytes::Bytes;

/// Past this many bytes of pages the cache starts over, which bounds its memory whatever
/// mix of pages is asked for.
const MAX_BYTES: usize = 32 * 1024 * 1024;

#[derive(Debug, Default)]
pub struct PageCache {
    /// The feed head the cached pages were rendered at.
    head: AtomicI64,
    pages: RwLock<Pages>,
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

#[derive(Debug, Default)]
struct Pages {
    by_key: HashMap<String, Bytes>,
    /// Bytes held in `by_key`, keys included.
    size: usize,
}

impl Pages {
    fn clear(&mut self) {
        self.by_key.clear();
        self.size = 0;
    }
}

impl PageCache {
    pub fn get(&self, key: &str) -> Option<Bytes> {
        self.pages.read().ok()?.by_key.get(key).cloned()
    }

    /// The cached page under `key`, or the page `render` makes, kept for later requests.
    /// Of concurrent misses of one key, the first renders and the rest wait for it; should
    /// its render fail or be dropped, they render for themselves.
    pub async fn get_or_render<F, Fut, E>(&self, key: String, render: F) -> Result<Bytes, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<String, E>>,
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
        let page = Bytes::from(render().await?);
        self.put(key, head, page.clone());
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

    /// Stores a page rendered while the feed stood at `head`; a page rendered before a
    /// change the cache already knows about is not kept.
    pub fn put(&self, key: String, head: i64, page: Bytes) {
        let size = key.len() + page.len();
        if size > MAX_BYTES {
            return;
        }
        let Ok(mut pages) = self.pages.write() else { return };
        if head != self.head.load(Ordering::Acquire) {
            return;
        }
        if let Some((old_key, old)) = pages.by_key.remove_entry(&key) {
            pages.size -= old_key.len() + old.len();
        }
        if pages.size + size > MAX_BYTES {
            pages.clear();
        }
        pages.size += size;
        pages.by_key.insert(key, page);
    }

    pub fn head(&self) -> i64 {
        self.head.load(Ordering::Acquire)
    }

    /// Moves to a newer feed head, dropping every page rendered before it.
    pub fn advance(&self, head: i64) {
        if head > self.head.load(Ordering::Acquire) {
            if let Ok(mut pages) = self.pages.write() {
                self.head.store(head, Ordering::Release);
                pages.clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_drops_pages_and_refuses_stale_ones() {
        let cache = PageCache::default();
        cache.put("/".into(), 0, Bytes::from_static(b"old"));
        assert_eq!(cache.get("/").as_deref(), Some(&b"old"[..]));
        cache.advance(3);
        assert!(cache.get("/").is_none());
        cache.put("/".into(), 2, Bytes::from_static(b"stale"));
        assert!(cache.get("/").is_none());
        cache.put("/".into(), 3, Bytes::from_static(b"new"));
        assert_eq!(cache.get("/").as_deref(), Some(&b"new"[..]));
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
                            Ok::<_, ()>("page".to_owned())
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
                                Ok("page".to_owned())
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
                        Ok::<_, ()>("never".to_owned())
                    })
                    .await
            })
        };
        tokio::task::yield_now().await;
        assert_eq!(cache.rendering.lock().unwrap().len(), 1, "the slow render holds its turn");
        slow.abort();
        assert!(slow.await.unwrap_err().is_cancelled());
        assert!(cache.rendering.lock().unwrap().is_empty());
        let page = cache.get_or_render("/".into(), || async { Ok::<_, ()>("page".to_owned()) }).await;
        assert_eq!(page.as_deref(), Ok(&b"page"[..]));
    }

    async fn futures_of<T>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        answers
    }

    #[test]
    fn an_oversize_page_is_not_kept_and_a_replacement_keeps_the_rest() {
        let cache = PageCache::default();
        cache.put("/".into(), 0, Bytes::from_static(b"home"));
        cache.put("/huge".into(), 0, Bytes::from(vec![b'x'; MAX_BYTES + 1]));
        assert!(cache.get("/huge").is_none());
        assert!(cache.get("/").is_some(), "an oversize page does not empty the cache");
        let big = Bytes::from(vec![b'x'; MAX_BYTES - 64]);
        cache.put("/big".into(), 0, big.clone());
        cache.put("/big".into(), 0, big); // fits again once the old copy is gone
        assert!(cache.get("/big").is_some() && cache.get("/").is_some());
    }

    #[test]
    fn memory_stays_under_the_bound() {
        let cache = PageCache::default();
        let page = Bytes::from(vec![b'x'; 1024 * 1024]);
        for n in 0..(MAX_BYTES / page.len()) * 3 {
            cache.put(format!("/d/{n}"), 0, page.clone());
            cache.put(format!("/d/{n}"), 0, page.clone()); // a replaced page is not counted twice
            let held = cache.pages.read().unwrap();
            assert!(held.size <= MAX_BYTES, "{} bytes held", held.size);
            assert_eq!(held.size, held.by_key.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>());
        }
        assert!(cache.get(&format!("/d/{}", (MAX_BYTES / page.len()) * 3 - 1)).is_some());
    }
}
