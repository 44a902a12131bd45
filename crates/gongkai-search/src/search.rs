//! A search as the portal, the kiosk and the API ask it: the query, the filters, the page
//! after a cursor; answered with the total, the hits with snippets in the original
//! script, and the facet counts.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::DomainError;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use crate::collect::{Counts, Cursor, Gather, Ranked, RowFilter, Weights};
use crate::document::{day_number, DocKind};
use crate::facts::{domain_code, file_type_bit};
use crate::highlight::Highlighter;
use crate::query::{parse, text_plan};
use crate::schema::Fields;
use crate::{SearchError, SearchIndex};

/// Hits on one page at most.
pub const MAX_LIMIT: usize = 50;
/// Characters of text around the matches in a snippet (bytes of UTF-8, three a character).
const SNIPPET_BYTES: usize = 240;

/// Narrowing a search; every value already checked by the caller against what exists.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// This organisation and every one below it.
    pub org: Option<String>,
    /// This catalogue item and everything filed below it.
    pub catalog: Option<String>,
    /// `party` or `government`.
    pub domain: Option<&'static str>,
    pub year: Option<u32>,
    pub file_type: Option<&'static str>,
    pub kind: Option<DocKind>,
}

impl Filters {
    fn is_empty(&self) -> bool {
        self.org.is_none()
            && self.catalog.is_none()
            && self.domain.is_none()
            && self.year.is_none()
            && self.file_type.is_none()
            && self.kind.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub q: String,
    pub filters: Filters,
    pub after: Option<Cursor>,
    pub limit: usize,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: DocKind,
    pub id: String,
    pub title: String,
    /// The title with matches in `<mark>`, escaped for HTML.
    pub title_html: String,
    /// Text around the matches, in the original script, matches in `<mark>`, escaped.
    pub snippet_html: String,
    pub org: String,
    pub catalog: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    /// Where the next page starts when this is the page's last hit.
    pub cursor: Cursor,
}

#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub orgs: Counts,
    pub catalogs: Counts,
    pub domains: Counts,
    pub years: Counts,
    pub file_types: Counts,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    pub total: u64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// The cursor of the next page, when there is one.
    pub next: Option<Cursor>,
    /// Nothing to search for: no text and no filter.
    pub blank: bool,
}

/// The query's weights for `searcher`, with the row filter; `None` when there is nothing
/// to search for.
fn weights(
    fields: &Fields,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<Option<(Weights, RowFilter, Vec<String>)>, SearchQueryError> {
    let f = &request.filters;
    let text = text_plan(fields, &parse(&request.q)?);
    if text.is_none() && f.is_empty() {
        return Ok(None);
    }
    let rows = RowFilter {
        domain: f.domain.map_or(0, domain_code),
        // A year beyond 16 bits is no year any document has.
        year: f.year.map(|y| u16::try_from(y).unwrap_or(u16::MAX)),
        file_type: f.file_type.map_or(0, file_type_bit),
        org_kind: f.kind.map(|k| k == DocKind::Org),
    };
    let mut subtree_terms = Vec::new();
    if let Some(org) = &f.org {
        subtree_terms.push(Term::from_field_text(fields.orgs, org));
    }
    if let Some(catalog) = &f.catalog {
        subtree_terms.push(Term::from_field_text(fields.catalogs, catalog));
    }
    let subtree: Option<Box<dyn Query>> = (!subtree_terms.is_empty()).then(|| {
        let terms = subtree_terms
            .iter()
            .map(|t| (Occur::Must, Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic)) as Box<dyn Query>));
        Box::new(BooleanQuery::new(terms.collect())) as Box<dyn Query>
    });
    let scored = EnableScoring::enabled_from_searcher(searcher);
    let unscored = EnableScoring::disabled_from_searcher(searcher);
    let fewest = |terms: &mut dyn Iterator<Item = Term>| -> tantivy::Result<u64> {
        terms.map(|t| searcher.doc_freq(&t)).try_fold(u64::MAX, |m, n| n.map(|n| m.min(n)))
    };
    let both = |a: Box<dyn Query>, b: Box<dyn Query>| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![(Occur::Must, a), (Occur::Must, b)]))
    };
    let (matches, ranks, subtrees, required, exact, highlight) = match (text, subtree) {
        (None, subtree) => {
            // Filters alone: the newest first, every hit scoring one before freshness.
            let matches = subtree.unwrap_or_else(|| Box::new(AllQuery));
            let ranks = Box::new(ConstScoreQuery::new(matches.box_clone(), 1.0));
            (matches, ranks as Box<dyn Query>, None, vec![], vec![], vec![])
        }
        (Some(text), Some(subtree)) => {
            let mut text_terms = Vec::new();
            text.ranks.query_terms(&mut |t, _| text_terms.push(t.clone()));
            // A small subtree drives: its intersection with the text is scored whole. A
            // large one is checked per candidate, leaving the text's pruning intact.
            if fewest(&mut subtree_terms.into_iter())?.saturating_mul(8) < fewest(&mut text_terms.into_iter())? {
                let filter = Box::new(ConstScoreQuery::new(subtree.box_clone(), 0.0));
                let (matches, ranks) = (both(text.matches, subtree), both(text.ranks, filter));
                (matches, ranks, None, text.required, text.exact, text.highlight)
            } else {
                (text.matches, text.ranks, Some(subtree), text.required, text.exact, text.highlight)
            }
        }
        (Some(text), None) => (text.matches, text.ranks, None, text.required, text.exact, text.highlight),
    };
    let phrases = |qs: Vec<tantivy::query::PhraseQuery>| -> tantivy::Result<Vec<_>> {
        qs.iter().map(|q| q.weight(unscored)).collect()
    };
    let weights = Weights {
        matches: matches.weight(unscored)?,
        ranks: ranks.weight(scored)?,
        required: phrases(required)?,
        exact: phrases(exact)?,
        subtrees: subtrees.map(|q| q.weight(unscored)).transpose()?,
    };
    Ok(Some((weights, rows, highlight)))
}

impl SearchIndex {
    /// Runs `request`. Blocking (it reads the index): call it off the async threads.
    pub fn search(&self, request: &SearchRequest) -> Result<Results, SearchQueryError> {
        let fields = self.fields();
        let live = self.live();
        let searcher = live.reader.searcher();
        let Some((weights, rows, highlight)) = weights(&fields, &searcher, request)? else {
            return Ok(Results { blank: true, ..Default::default() });
        };
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let gather = Gather {
            facets: request.after.is_none(),
            limit,
            after: request.after,
            today: u32::try_from(day_number(request.today)).unwrap_or(u32::MAX),
            rows,
        };
        let found = gather.run(searcher.segment_readers(), &weights, &live.facts)?;
        let hits = hits(&searcher, &fields, &highlight, &found.hits)?;
        let next = (hits.len() == limit).then(|| hits.last().map(|h| h.cursor)).flatten();
        Ok(Results {
            total: found.total,
            next,
            hits,
            facets: Facets {
                orgs: found.orgs,
                catalogs: found.catalogs,
                domains: found.domains,
                years: found.years,
                file_types: found.file_types,
            },
            blank: false,
        })
    }
}

fn hits(searcher: &Searcher, fields: &Fields, highlight: &[String], ranked: &[Ranked]) -> tantivy::Result<Vec<Hit>> {
    let marker = Highlighter::new(highlight);
    let mut out = Vec::with_capacity(ranked.len());
    for r in ranked {
        let doc: TantivyDocument = searcher.doc(r.address)?;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        let title = text(fields.title);
        let leaf = text(fields.leaf);
        out.push(Hit {
            kind: DocKind::parse(&text(fields.kind)).unwrap_or(DocKind::Record),
            id: text(fields.id),
            title_html: marker.marked(&title),
            title,
            snippet_html: marker.snippet(&text(fields.content), SNIPPET_BYTES),
            org: text(fields.org),
            catalog: (!leaf.is_empty()).then_some(leaf),
            published_at: doc
                .get_first(fields.published)
                .and_then(|v| v.as_u64())
                .and_then(|t| DateTime::from_timestamp(i64::try_from(t).ok()?, 0)),
            cursor: r.key,
        });
    }
    Ok(out)
}

/// Why a search was not answered: the visitor's input (400) or the index (500).
#[derive(Debug, thiserror::Error)]
pub enum SearchQueryError {
    #[error(transparent)]
    Input(#[from] DomainError),
    #[error(transparent)]
    Index(#[from] SearchError),
}

impl From<tantivy::TantivyError> for SearchQueryError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchQueryError::Index(e.into())
    }
}
