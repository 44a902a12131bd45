//! What a search reads of every match, kept per segment in one compact row a document:
//! the filters that are not terms (domain, year, attachment types, kind), the facets, the
//! dates that rank and drop hits, and the order number. A query touches hundreds of
//! thousands of matches; one row read costs a few nanoseconds where the columns behind it
//! cost tens. Segments never change, so a row set is made once, when a searcher that
//! first shows the segment is warmed, and kept while any searcher still uses it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SearcherGeneration, SegmentReader, Warmer};

use crate::document::{DOMAINS, FILE_TYPES};

/// No organisation or catalogue ordinal.
pub const NONE: u32 = u32::MAX;
/// No last public day: the record is public until withdrawn.
pub const FOREVER: u16 = u16::MAX;
/// Set in [`Fact::flags`] for an organisation's own document.
pub const FLAG_ORG: u8 = 1 << 7;

/// One document's row: sixteen bytes, so the rows of a query's matches stream through the
/// cache four to a line. Days are epoch days, which fit 16 bits until 2149.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fact {
    /// Ordinal of the organisation among the segment's [`SegmentFacts::orgs`].
    pub org: u32,
    /// Ordinal of the catalogue leaf among the segment's [`SegmentFacts::leaves`].
    pub leaf: u32,
    /// Day of publication; 0 when unknown.
    pub published: u16,
    /// Last public day, or [`FOREVER`].
    pub until: u16,
    /// Year of publication (China time); 0 when unknown.
    pub year: u16,
    /// 1 + the index in [`DOMAINS`]; 0 when none.
    pub domain: u8,
    /// Bit `i` for `FILE_TYPES[i]`, and [`FLAG_ORG`].
    pub flags: u8,
}

const _: () = assert!(std::mem::size_of::<Fact>() == 16);

/// The rows of one segment and the names their ordinals stand for.
#[derive(Debug, Default)]
pub struct SegmentFacts {
    pub rows: Vec<Fact>,
    /// Each document's order number, read only for the candidates that are ranked.
    pub orders: Vec<u64>,
    pub orgs: Vec<String>,
    pub leaves: Vec<String>,
}

/// The row's code of a domain: 1 + its index in [`DOMAINS`], 0 for one not known.
pub fn domain_code(name: &str) -> u8 {
    DOMAINS.iter().position(|d| *d == name).map_or(0, |i| i as u8 + 1)
}

/// The row's bit of an attachment type, 0 for one not known.
pub fn file_type_bit(name: &str) -> u8 {
    FILE_TYPES.iter().position(|(t, _)| *t == name).map_or(0, |i| 1 << i)
}

fn names(column: &Option<StrColumn>) -> Vec<String> {
    let Some(column) = column else { return vec![] };
    (0..column.num_terms() as u64)
        .map(|ord| {
            let mut name = String::new();
            column.ord_to_str(ord, &mut name).ok();
            name
        })
        .collect()
}

fn first_ord(column: &Option<StrColumn>, doc: DocId) -> Option<u64> {
    column.as_ref()?.term_ords(doc).next()
}

impl SegmentFacts {
    pub fn read(reader: &SegmentReader) -> tantivy::Result<Self> {
        let fast = reader.fast_fields();
        let number = |name: &str| fast.column_opt::<u64>(name);
        let (order, published, until, year): (Option<Column<u64>>, _, _, _) =
            (number("order")?, number("published")?, number("until")?, number("year")?);
        let (org, leaf, domain, file_types, kind) =
            (fast.str("org")?, fast.str("leaf")?, fast.str("domain")?, fast.str("file_types")?, fast.str("kind")?);
        let orgs = names(&org);
        let leaves = names(&leaf);
        let domain_codes: Vec<u8> = names(&domain).iter().map(|d| domain_code(d)).collect();
        let type_bits: Vec<u8> = names(&file_types).iter().map(|t| file_type_bit(t)).collect();
        let org_kind = names(&kind).iter().position(|k| k == "org").map(|o| o as u64);
        let first = |column: &Option<Column<u64>>, doc| column.as_ref().and_then(|c| c.first(doc));
        let ord32 = |ord: Option<u64>| ord.and_then(|o| u32::try_from(o).ok()).unwrap_or(NONE);
        let day16 = |d: u64| u16::try_from(d).unwrap_or(FOREVER - 1);
        let orders = (0..reader.max_doc()).map(|doc| first(&order, doc).unwrap_or(0)).collect();
        let rows = (0..reader.max_doc())
            .map(|doc| {
                let mut flags = 0;
                if let Some(column) = &file_types {
                    for ord in column.term_ords(doc) {
                        flags |= type_bits.get(ord as usize).copied().unwrap_or(0);
                    }
                }
                if org_kind.is_some() && first_ord(&kind, doc) == org_kind {
                    flags |= FLAG_ORG;
                }
                Fact {
                    org: ord32(first_ord(&org, doc)),
                    leaf: ord32(first_ord(&leaf, doc)),
                    published: first(&published, doc).map_or(0, |s| day16(s / 86_400)),
                    until: first(&until, doc).map_or(FOREVER, |d| if d == u64::MAX { FOREVER } else { day16(d) }),
                    year: first(&year, doc).map_or(0, |y| u16::try_from(y).unwrap_or(0)),
                    domain: first_ord(&domain, doc).and_then(|o| domain_codes.get(o as usize).copied()).unwrap_or(0),
                    flags,
                }
            })
            .collect();
        Ok(SegmentFacts { rows, orders, orgs, leaves })
    }
}

/// The row sets of the segments live searchers use. Registered with the reader as a
/// warmer, so a new segment's rows are made before any search sees it.
#[derive(Default)]
pub struct FactsCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentFacts>>>,
}

impl FactsCache {
    /// The rows of `reader`'s segment, made now if no warmer made them (a searcher taken
    /// before the warmer was registered).
    pub fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentFacts>> {
        let id = reader.segment_id();
        if let Some(facts) = self.segments.lock().unwrap_or_else(PoisonError::into_inner).get(&id) {
            return Ok(facts.clone());
        }
        let facts = Arc::new(SegmentFacts::read(reader)?);
        self.segments.lock().unwrap_or_else(PoisonError::into_inner).insert(id, facts.clone());
        Ok(facts)
    }
}

impl Warmer for FactsCache {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for reader in searcher.segment_readers() {
            self.get(reader)?;
        }
        Ok(())
    }

    fn garbage_collect(&self, live: &[&SearcherGeneration]) {
        let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        segments.retain(|id, _| live.iter().any(|g| g.segments().contains_key(id)));
    }
}
