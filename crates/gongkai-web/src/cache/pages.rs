//! The pages held: each with the tags of what it shows and when it was last served, under
//! a bound on their bytes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;

use super::{Tag, MAX_BYTES};

#[derive(Debug)]
struct Entry {
    page: Bytes,
    tags: Vec<Tag>,
    /// When the page was last served, on the cache's own counter.
    used: AtomicU64,
}

#[derive(Debug, Default)]
pub(super) struct Pages {
    by_key: HashMap<String, Entry>,
    /// Bytes held, keys included.
    size: usize,
}

impl Pages {
    /// The page under `key`, marked served at `stamp`; a shared borrow, so that readers do
    /// not queue behind one another.
    pub(super) fn get(&self, key: &str, stamp: u64) -> Option<Bytes> {
        let entry = self.by_key.get(key)?;
        entry.used.store(stamp, Ordering::Relaxed);
        Some(entry.page.clone())
    }

    /// Keeps `page` under `key`, making room for it first.
    pub(super) fn insert(&mut self, key: String, page: Bytes, tags: Vec<Tag>, stamp: u64) {
        let size = key.len() + page.len();
        self.remove(&key);
        self.make_room(size);
        self.size += size;
        self.by_key.insert(key, Entry { page, tags, used: AtomicU64::new(stamp) });
    }

    /// Drops every page that shows one of `stale`.
    pub(super) fn drop_tagged(&mut self, stale: &[Tag]) {
        let mut freed = 0;
        self.by_key.retain(|key, entry| {
            let keep = !entry.tags.iter().any(|t| stale.contains(t));
            if !keep {
                freed += key.len() + entry.page.len();
            }
            keep
        });
        self.size -= freed;
    }

    #[cfg(test)]
    pub(super) fn size(&self) -> usize {
        self.size
    }

    fn remove(&mut self, key: &str) {
        if let Some((key, entry)) = self.by_key.remove_entry(key) {
            self.size -= key.len() + entry.page.len();
        }
    }

    pub(super) fn clear(&mut self) {
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
