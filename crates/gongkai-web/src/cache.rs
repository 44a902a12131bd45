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
    /// Concurrent misses of one key wait for a single render.
    pub async fn get_or_render<F, Fut, E>(&self, key: String, render: F) -> Result<Bytes, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<String, E>>,
    {
        if let Some(page) = self.get(&key) {
            return Ok(page);
        }
        let turn =
            self.rendering.lock().unwrap_or_else(PoisonError::into_inner).entry(key.clone()).or_default().clone();
        let _turn = turn.lock().await;
        if let Some(page) = self.get(&key) {
            return Ok(page); // rendered while this request waited
        }
        let head = self.head();
        let rendered = render().await.map(Bytes::from);
        if let Ok(page) = &rendered {
            self.put(key.clone(), head, page.clone());
        }
        self.rendering.lock().unwrap_or_else(PoisonError::into_inner).remove(&key);
        rendered
    }

    /// Stores a page rendered while the feed stood at `head`; a page rendered before a
    /// change the cache already knows about is not kept.
    pub fn put(&self, key: String, head: i64, page: Bytes) {
        let Ok(mut pages) = self.pages.write() else { return };
        if head != self.head.load(Ordering::Acquire) {
            return;
        }
        let key_len = key.len();
        let size = key_len + page.len();
        if pages.size + size > MAX_BYTES {
            pages.clear();
        }
        pages.size += size;
        if let Some(old) = pages.by_key.insert(key, page) {
            pages.size -= key_len + old.len();
        }
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
        for task in burst {
            assert_eq!(task.await.unwrap().as_deref(), Ok(&b"page"[..]));
        }
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        assert!(cache.rendering.lock().unwrap().is_empty(), "no render lock is left behind");
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
