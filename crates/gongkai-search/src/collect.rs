//! One pass over every match: drops what is no longer public (a publicity period over
//! since the last expiry round), counts the total and the facets, and keeps the best hits
//! after the cursor. Keeping only hits below the cursor makes page 10,000 cost what page 1
//! costs: the work is the matches, never the pages before.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// Where a page ends: the sort key of its last hit. The next page holds what sorts after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cursor {
    pub score: f32,
    pub order: u64,
}

impl Cursor {
    /// Hits sort by score, then by their order number, both descending.
    fn cmp(&self, other: &Cursor) -> Ordering {
        self.score.total_cmp(&other.score).then(self.order.cmp(&other.order))
    }
}

/// A kept hit, ordered so the heap's top is the worst.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub key: Cursor,
    pub address: DocAddress,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key)
    }
}

/// Facet counts by value.
pub type Counts = BTreeMap<String, u64>;

#[derive(Debug, Default)]
pub struct Gathered {
    pub total: u64,
    pub hits: Vec<Ranked>,
    pub orgs: Counts,
    pub catalogs: Counts,
    pub domains: Counts,
    pub years: Counts,
    pub file_types: Counts,
}

pub struct Gather {
    /// Count the facets too (the first page); later pages only need the hits.
    pub facets: bool,
    pub limit: usize,
    pub after: Option<Cursor>,
    /// Today as an epoch day: documents whose last public day is before it are dropped.
    pub today: u64,
    /// Now in seconds, for freshness.
    pub now: u64,
}

/// A year of age takes a sixth off the score; the oldest keep seven tenths of it.
fn freshness(published: Option<u64>, now: u64) -> f32 {
    let Some(published) = published else { return 1.0 };
    let years = now.saturating_sub(published) as f32 / (365.0 * 86_400.0);
    0.7 + 0.3 * 0.5_f32.powf(years)
}

struct Columns {
    until: Option<Column<u64>>,
    published: Option<Column<u64>>,
    order: Option<Column<u64>>,
    year: Option<Column<u64>>,
    org: Option<StrColumn>,
    leaf: Option<StrColumn>,
    domain: Option<StrColumn>,
    file_types: Option<StrColumn>,
}

/// Counts by term ordinal within a segment; named when the segments are merged.
struct OrdCounts {
    column: Option<StrColumn>,
    counts: Vec<u64>,
}

impl OrdCounts {
    fn new(column: Option<StrColumn>) -> Self {
        let n = column.as_ref().map_or(0, |c| c.num_terms());
        OrdCounts { column, counts: vec![0; n] }
    }

    fn add(&mut self, doc: DocId) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                if let Some(n) = self.counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn named(self, into: &mut Counts) {
        let Some(column) = self.column else { return };
        let mut name = String::new();
        for (ord, n) in self.counts.into_iter().enumerate() {
            if n > 0 && column.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                *into.entry(name.clone()).or_default() += n;
            }
        }
    }
}

pub struct SegmentGather {
    facets: bool,
    segment: SegmentOrdinal,
    limit: usize,
    after: Option<Cursor>,
    today: u64,
    now: u64,
    columns: Columns,
    total: u64,
    heap: BinaryHeap<Reverse<Ranked>>,
    orgs: OrdCounts,
    catalogs: OrdCounts,
    domains: OrdCounts,
    file_types: OrdCounts,
    /// Counts by year since 1900.
    years: Vec<u64>,
}

impl Collector for Gather {
    type Fruit = Gathered;
    type Child = SegmentGather;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentGather> {
        let fast = reader.fast_fields();
        let columns = Columns {
            until: fast.column_opt("until")?,
            published: fast.column_opt("published")?,
            order: fast.column_opt("order")?,
            year: fast.column_opt("year")?,
            org: fast.str("org")?,
            leaf: fast.str("leaf")?,
            domain: fast.str("domain")?,
            file_types: fast.str("file_types")?,
        };
        Ok(SegmentGather {
            facets: self.facets,
            segment,
            limit: self.limit,
            after: self.after,
            today: self.today,
            now: self.now,
            orgs: OrdCounts::new(columns.org.clone()),
            catalogs: OrdCounts::new(columns.leaf.clone()),
            domains: OrdCounts::new(columns.domain.clone()),
            file_types: OrdCounts::new(columns.file_types.clone()),
            columns,
            total: 0,
            heap: BinaryHeap::with_capacity(self.limit + 1),
            years: vec![0; 256],
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Gathered>) -> tantivy::Result<Gathered> {
        let mut all = Gathered::default();
        for fruit in fruits {
            all.total += fruit.total;
            all.hits.extend(fruit.hits);
            for (into, from) in [
                (&mut all.orgs, fruit.orgs),
                (&mut all.catalogs, fruit.catalogs),
                (&mut all.domains, fruit.domains),
                (&mut all.years, fruit.years),
                (&mut all.file_types, fruit.file_types),
            ] {
                for (k, n) in from {
                    *into.entry(k).or_default() += n;
                }
            }
        }
        all.hits.sort_by(|a, b| b.cmp(a));
        all.hits.truncate(self.limit);
        Ok(all)
    }
}

impl SegmentCollector for SegmentGather {
    type Fruit = Gathered;

    fn collect(&mut self, doc: DocId, score: Score) {
        let first = |column: &Option<Column<u64>>| column.as_ref().and_then(|c| c.first(doc));
        if first(&self.columns.until).is_some_and(|until| until < self.today) {
            return;
        }
        self.total += 1;
        if self.facets {
            self.orgs.add(doc);
            self.catalogs.add(doc);
            self.domains.add(doc);
            self.file_types.add(doc);
            if let Some(n) = first(&self.columns.year).and_then(|y| self.years.get_mut(y.wrapping_sub(1900) as usize)) {
                *n += 1;
            }
        }
        let key = Cursor {
            score: score * freshness(first(&self.columns.published), self.now),
            order: first(&self.columns.order).unwrap_or(0),
        };
        if self.after.is_some_and(|after| key.cmp(&after) != Ordering::Less) {
            return;
        }
        let ranked = Ranked { key, address: DocAddress::new(self.segment, doc) };
        if self.heap.len() < self.limit {
            self.heap.push(Reverse(ranked));
        } else if self.heap.peek().is_some_and(|worst| ranked > worst.0) {
            self.heap.pop();
            self.heap.push(Reverse(ranked));
        }
    }

    fn harvest(self) -> Gathered {
        let mut out = Gathered {
            total: self.total,
            hits: self.heap.into_iter().map(|r| r.0).collect(),
            years: (1900..).zip(self.years).filter(|(_, n)| *n > 0).map(|(y, n)| (y.to_string(), n)).collect(),
            ..Default::default()
        };
        self.orgs.named(&mut out.orgs);
        self.catalogs.named(&mut out.catalogs);
        self.domains.named(&mut out.domains);
        self.file_types.named(&mut out.file_types);
        out
    }
}
