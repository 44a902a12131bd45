//! Answering a planned query segment by segment, in two passes over what matched.
//!
//! The first pass reads every match without scoring it: it drops what is not public
//! (deleted, filtered out, a publicity period over since the last expiry round) and counts
//! the total and the facets from each match's row of facts. The second ranks: it asks the
//! ranking query for candidates above a threshold, so tantivy's block-max pruning skips
//! whole blocks that cannot reach the page, and keeps the best hits after the cursor.
//! Keeping only hits below the cursor makes page 10,000 cost no more than reading every
//! match once: the work is the matches, never the pages before.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::OnceLock;

use tantivy::query::{Scorer, Weight};
use tantivy::{BitSet, DocAddress, DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED};

use crate::document::{DOMAINS, FILE_TYPES};
use crate::facts::{Fact, FactsCache, SegmentFacts, FLAG_ORG};
use crate::query::EXACT_BOOST;

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

/// The filters a row of facts answers; the organisation and catalogue subtrees are terms.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowFilter {
    /// 1 + index in `DOMAINS`, 0 for any.
    pub domain: u8,
    pub year: Option<u16>,
    /// The bit of one attachment type, 0 for any.
    pub file_type: u8,
    /// Organisations' own documents (`true`) or records (`false`).
    pub org_kind: Option<bool>,
}

impl RowFilter {
    fn admits(&self, fact: &Fact) -> bool {
        (self.domain == 0 || fact.domain == self.domain)
            && self.year.is_none_or(|y| fact.year == y)
            && (self.file_type == 0 || fact.flags & self.file_type != 0)
            && self.org_kind.is_none_or(|org| (fact.flags & FLAG_ORG != 0) == org)
    }
}

/// The query's weights, made once for the searcher.
pub struct Weights {
    /// Every hit, read without scores.
    pub matches: Box<dyn Weight>,
    /// Candidates with scores, a superset of the hits.
    pub ranks: Box<dyn Weight>,
    /// Phrases a candidate must hold.
    pub required: Vec<Box<dyn Weight>>,
    /// Phrases that, all held, multiply the score by [`EXACT_BOOST`].
    pub exact: Vec<Box<dyn Weight>>,
    /// Documents in the organisation and catalogue subtrees asked for, when those are
    /// checked per match rather than intersected into `matches` and `ranks`.
    pub subtrees: Option<Box<dyn Weight>>,
}

pub struct Gather {
    /// Count the facets too (the first page); later pages only need the hits and total.
    pub facets: bool,
    pub limit: usize,
    pub after: Option<Cursor>,
    /// Today as an epoch day: documents whose last public day is before it are dropped,
    /// and age is counted from it.
    pub today: u32,
    pub rows: RowFilter,
}

/// A year of age takes a sixth off the score; the oldest keep seven tenths of it. A table
/// by age in days, the same for every query.
fn freshness(published: u16, today: u32) -> f32 {
    const DAYS: usize = 40 * 365;
    static TABLE: OnceLock<Vec<f32>> = OnceLock::new();
    if published == 0 {
        return 1.0;
    }
    let table = TABLE.get_or_init(|| (0..=DAYS).map(|d| 0.7 + 0.3 * 0.5_f32.powf(d as f32 / 365.0)).collect());
    table[(today.saturating_sub(u32::from(published)) as usize).min(DAYS)]
}

/// A phrase checked on candidates in increasing order, moving its scorer only forward.
struct Verifier {
    scorer: Box<dyn Scorer>,
    /// No document below this holds the phrase.
    lower: DocId,
}

impl Verifier {
    /// A new scorer stands on its first match.
    fn new(scorer: Box<dyn Scorer>) -> Self {
        let lower = scorer.doc();
        Verifier { scorer, lower }
    }

    fn holds(&mut self, doc: DocId) -> bool {
        if doc < self.lower {
            return false;
        }
        match self.scorer.seek_danger(doc) {
            SeekDangerResult::Found => {
                self.lower = doc + 1;
                true
            }
            SeekDangerResult::SeekLowerBound(lower) => {
                self.lower = lower;
                false
            }
        }
    }
}

/// Counts by ordinal within one segment, named when the segment is done.
struct SegmentCounts {
    orgs: Vec<u64>,
    leaves: Vec<u64>,
    domains: [u64; 3],
    /// By year since 1900.
    years: [u64; 256],
    file_types: [u64; FILE_TYPES.len()],
}

impl SegmentCounts {
    fn new(facts: &SegmentFacts) -> Self {
        SegmentCounts {
            orgs: vec![0; facts.orgs.len()],
            leaves: vec![0; facts.leaves.len()],
            domains: [0; 3],
            years: [0; 256],
            file_types: [0; FILE_TYPES.len()],
        }
    }

    fn add(&mut self, fact: &Fact) {
        if let Some(n) = self.orgs.get_mut(fact.org as usize) {
            *n += 1;
        }
        if let Some(n) = self.leaves.get_mut(fact.leaf as usize) {
            *n += 1;
        }
        self.domains[usize::from(fact.domain).min(2)] += 1;
        if let Some(n) = self.years.get_mut(usize::from(fact.year.wrapping_sub(1900))) {
            *n += 1;
        }
        for (i, n) in self.file_types.iter_mut().enumerate() {
            *n += u64::from(fact.flags >> i & 1);
        }
    }

    fn name_into(self, facts: &SegmentFacts, into: &mut Gathered) {
        let add = |counts: &mut Counts, name: &str, n: u64| {
            if n > 0 && !name.is_empty() {
                *counts.entry(name.to_owned()).or_default() += n;
            }
        };
        for (name, n) in facts.orgs.iter().zip(self.orgs) {
            add(&mut into.orgs, name, n);
        }
        for (name, n) in facts.leaves.iter().zip(self.leaves) {
            add(&mut into.catalogs, name, n);
        }
        for (name, n) in DOMAINS.iter().zip(&self.domains[1..]) {
            add(&mut into.domains, name, *n);
        }
        for (year, n) in (1900..).zip(self.years) {
            add(&mut into.years, &year.to_string(), n);
        }
        for ((name, _), n) in FILE_TYPES.iter().zip(self.file_types) {
            add(&mut into.file_types, name, n);
        }
    }
}

impl Gather {
    pub fn run(&self, segments: &[SegmentReader], weights: &Weights, cache: &FactsCache) -> tantivy::Result<Gathered> {
        let mut out = Gathered::default();
        let mut heap: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(self.limit + 1);
        for (ordinal, reader) in segments.iter().enumerate() {
            let facts = cache.get(reader)?;
            let subtrees = match &weights.subtrees {
                Some(weight) => Some(docs_of(weight.as_ref(), reader)?),
                None => None,
            };
            let alive = reader.alive_bitset();
            let visible = |doc: DocId| -> Option<&Fact> {
                let fact = facts.rows.get(doc as usize)?;
                let shown = alive.is_none_or(|a| a.is_alive(doc))
                    && subtrees.as_ref().is_none_or(|s| s.contains(doc))
                    && u32::from(fact.until) >= self.today
                    && self.rows.admits(fact);
                shown.then_some(fact)
            };

            let mut counts = self.facets.then(|| SegmentCounts::new(&facts));
            weights.matches.for_each_no_score(reader, &mut |docs| {
                for &doc in docs {
                    if let Some(fact) = visible(doc) {
                        out.total += 1;
                        if let Some(counts) = counts.as_mut() {
                            counts.add(fact);
                        }
                    }
                }
            })?;
            if let Some(counts) = counts {
                counts.name_into(&facts, &mut out);
            }

            let verifiers = |weights: &[Box<dyn Weight>]| -> tantivy::Result<Vec<Verifier>> {
                weights.iter().map(|w| w.scorer(reader, 1.0).map(Verifier::new)).collect()
            };
            let (mut required, mut exact) = (verifiers(&weights.required)?, verifiers(&weights.exact)?);
            let max_boost = if exact.is_empty() { 1.0 } else { EXACT_BOOST };
            let threshold = |heap: &BinaryHeap<Reverse<Ranked>>| match heap.peek() {
                // Below the worst kept hit's score, undone of the most any boost can add, so
                // a candidate that could tie with it is still offered.
                Some(worst) if heap.len() >= self.limit => worst.0.key.score / max_boost * (1.0 - 1e-6),
                _ => Score::MIN,
            };
            let start = threshold(&heap);
            weights.ranks.for_each_pruning(start, reader, &mut |doc, raw| {
                let Some(fact) = visible(doc) else { return threshold(&heap) };
                if !required.iter_mut().all(|v| v.holds(doc)) {
                    return threshold(&heap);
                }
                let boost = if !exact.is_empty() && exact.iter_mut().all(|v| v.holds(doc)) { max_boost } else { 1.0 };
                let key = Cursor {
                    score: raw * freshness(fact.published, self.today) * boost,
                    order: facts.orders[doc as usize],
                };
                if self.after.is_some_and(|after| key.cmp(&after) != Ordering::Less) {
                    return threshold(&heap);
                }
                let ranked = Ranked { key, address: DocAddress::new(ordinal as u32, doc) };
                if heap.len() < self.limit {
                    heap.push(Reverse(ranked));
                } else if heap.peek().is_some_and(|worst| ranked > worst.0) {
                    heap.pop();
                    heap.push(Reverse(ranked));
                }
                threshold(&heap)
            })?;
        }
        out.hits = heap.into_sorted_vec().into_iter().map(|r| r.0).collect();
        Ok(out)
    }
}

/// The documents of a segment `weight` matches, as a set.
fn docs_of(weight: &dyn Weight, reader: &SegmentReader) -> tantivy::Result<BitSet> {
    let mut set = BitSet::with_max_value(reader.max_doc().max(1));
    weight.for_each_no_score(reader, &mut |docs| {
        for &doc in docs {
            if doc != TERMINATED {
                set.insert(doc);
            }
        }
    })?;
    Ok(set)
}
