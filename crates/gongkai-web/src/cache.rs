//! Rendered public pages, kept until the change feed moves. Every node follows the feed's
//! head (polled, and bumped at once after its own writes), so a page is never served
//! after a change that this node has seen committed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::RwLock;

use bytes::Bytes;

/// Past this many pages the cache starts over, which bounds its memory.
const MAX_PAGES: usize = 20_000;

#[derive(Debug, Default)]
pub struct PageCache {
    /// The feed head the cached pages were rendered at.
    head: AtomicI64,
    pages: RwLock<HashMap<String, Bytes>>,
}

impl PageCache {
    pub fn get(&self, key: &str) -> Option<Bytes> {
        self.pages.read().ok()?.get(key).cloned()
    }

    /// Stores a page rendered while the feed stood at `head`; a page rendered before a
    /// change the cache already knows about is not kept.
    pub fn put(&self, key: String, head: i64, page: Bytes) {
        let Ok(mut pages) = self.pages.write() else { return };
        if head != self.head.load(Ordering::Acquire) {
            return;
        }
        if pages.len() >= MAX_PAGES {
            pages.clear();
        }
        pages.insert(key, page);
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
}
