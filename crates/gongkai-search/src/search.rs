//! A search as the portal, the kiosk and the API ask it: the query, the filters, the page
//! after a cursor; answered with the total, the hits with snippets in the original
//! script, and the facet counts.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::DomainError;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, TantivyDocument, Term};

use crate::collect::{Counts, Cursor, Gather};
use crate::document::{day_number, DocKind};
use crate::query::{parse, text_query};
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

fn filter(field: tantivy::schema::Field, value: &str) -> (Occur, Box<dyn Query>) {
    let term = TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic);
    (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(term), 0.0)))
}

fn build_query(fields: &Fields, request: &SearchRequest) -> Result<Option<Box<dyn Query>>, DomainError> {
    let parts = parse(&request.q)?;
    let text = text_query(fields, &parts);
    if text.is_none() && request.filters.is_empty() {
        return Ok(None);
    }
    let f = &request.filters;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery)))];
    if let Some(org) = &f.org {
        clauses.push(filter(fields.orgs, org));
    }
    if let Some(catalog) = &f.catalog {
        clauses.push(filter(fields.catalogs, catalog));
    }
    if let Some(domain) = f.domain {
        clauses.push(filter(fields.domain, domain));
    }
    if let Some(t) = f.file_type {
        clauses.push(filter(fields.file_types, t));
    }
    if let Some(kind) = f.kind {
        clauses.push(filter(fields.kind, kind.as_str()));
    }
    if let Some(year) = f.year {
        let term = TermQuery::new(Term::from_field_u64(fields.year, u64::from(year)), IndexRecordOption::Basic);
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(term), 0.0))));
    }
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

impl SearchIndex {
    /// Runs `request`. Blocking (it reads the index): call it off the async threads.
    pub fn search(&self, request: &SearchRequest) -> Result<Results, SearchQueryError> {
        let fields = self.fields();
        let Some(query) = build_query(&fields, request)? else {
            return Ok(Results { blank: true, ..Default::default() });
        };
        let searcher = self.searcher();
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let gather = Gather {
            facets: request.after.is_none(),
            limit,
            after: request.after,
            today: day_number(request.today),
            now: u64::try_from(request.now.timestamp()).unwrap_or(0),
        };
        let found = searcher.search(&query, &gather).map_err(SearchError::from)?;
        let hits = hits(&searcher, &fields, query.as_ref(), &found.hits).map_err(SearchError::from)?;
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

fn hits(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    ranked: &[crate::collect::Ranked],
) -> tantivy::Result<Vec<Hit>> {
    // The query matches the `all` field; its terms are looked for in the stored content.
    let mut matched = std::collections::BTreeMap::new();
    query.query_terms(&mut |term, _| {
        if term.field() == fields.all {
            if let Some(text) = term.value().as_str() {
                matched.insert(text.to_owned(), 1.0);
            }
        }
    });
    let analyzer = searcher.index().tokenizer_for_field(fields.all)?;
    let content = SnippetGenerator::new(matched, analyzer, fields.content, SNIPPET_BYTES);
    let mut title = SnippetGenerator::create(searcher, query, fields.title)?;
    title.set_max_num_chars(usize::MAX / 2);
    let mut out = Vec::with_capacity(ranked.len());
    for r in ranked {
        let doc: TantivyDocument = searcher.doc(r.address)?;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        let title_text = text(fields.title);
        let body = text(fields.content);
        let snippet = content.snippet(&body);
        let snippet_html = if snippet.highlighted().is_empty() {
            // The match is in the title or a hidden field: the text's beginning.
            html_escape::encode_text(&body.chars().take(SNIPPET_BYTES / 3).collect::<String>()).into_owned()
        } else {
            mark(snippet.fragment(), snippet.highlighted())
        };
        let marked = title.snippet(&title_text);
        let start = marked.fragment_range().start;
        let ranges: Vec<_> = marked.highlighted().iter().map(|r| r.start + start..r.end + start).collect();
        let title_html = mark(&title_text, &ranges);
        let leaf = text(fields.leaf);
        out.push(Hit {
            kind: DocKind::parse(&text(fields.kind)).unwrap_or(DocKind::Record),
            id: text(fields.id),
            title: title_text,
            title_html,
            snippet_html,
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

/// `text` escaped for HTML with `ranges` (byte ranges, in order) in `<mark>`.
fn mark(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for r in tantivy::snippet::collapse_overlapped_ranges(ranges) {
        let (Some(before), Some(inside)) = (text.get(at..r.start), text.get(r.clone())) else { continue };
        html.push_str(&html_escape::encode_text(before));
        html.push_str("<mark>");
        html.push_str(&html_escape::encode_text(inside));
        html.push_str("</mark>");
        at = r.end;
    }
    html.push_str(&html_escape::encode_text(text.get(at..).unwrap_or_default()));
    html
}

/// Why a search was not answered: the visitor's input (400) or the index (500).
#[derive(Debug, thiserror::Error)]
pub enum SearchQueryError {
    #[error(transparent)]
    Input(#[from] DomainError),
    #[error(transparent)]
    Index(#[from] SearchError),
}
