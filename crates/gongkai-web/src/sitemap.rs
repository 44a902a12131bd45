//! `/sitemap.xml` (sitemaps.org 0.9) and `/robots.txt`, so search engines find every public
//! page: the home page, each open organisation's page and each listed record. A file may
//! hold 50,000 addresses; past that, `/sitemap.xml` is an index of `/sitemap-{n}.xml`
//! parts. Cached until any record changes (the list of the newest records changes with
//! it) and, like everything, when an organisation does.

use std::fmt::Write;
use std::ops::Range;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::cache::{Rendered, Tag};
use crate::error::{AppError, PageError};
use crate::portal::cached;
use crate::views::{self, escape};
use crate::AppState;

/// The most addresses one sitemap file may hold.
const PER_FILE: usize = 50_000;

const XML: &str = "application/xml; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sitemap.xml", get(sitemap))
        .route("/sitemap-{part}", get(sitemap_part))
        .route("/robots.txt", get(robots))
        .layer(axum::middleware::from_fn(crate::etag::etag))
}

/// Where the addresses of a sitemap come from, in order: the home page, then the open
/// organisations, then the listed records, newest first.
#[derive(Debug, PartialEq, Eq)]
struct Slice {
    home: bool,
    orgs: Range<usize>,
    records: Range<usize>,
}

/// The addresses at positions `range` of the whole list, `orgs` organisations long.
fn slice(range: Range<usize>, orgs: usize) -> Slice {
    let clamp = |r: Range<usize>| r.start.min(r.end)..r.end;
    let shift = |n: usize, by: usize| n.saturating_sub(by);
    Slice {
        home: range.start == 0 && range.end > 0,
        orgs: clamp(shift(range.start, 1).min(orgs)..shift(range.end, 1).min(orgs)),
        records: clamp(shift(range.start, 1 + orgs)..shift(range.end, 1 + orgs)),
    }
}

/// How many files `total` addresses take.
fn parts(total: usize) -> usize {
    total.div_ceil(PER_FILE).max(1)
}

fn not_found() -> AppError {
    AppError::Domain(gongkai_core::DomainError::not_found("sitemap_not_found", "该网站地图文件不存在"))
}

/// The number of addresses there are, and of organisations among them.
async fn count(state: &AppState) -> Result<(usize, usize), AppError> {
    let directory = state.directory.get(&state.store.db).await?;
    let orgs = directory.open_orgs().count();
    let records = usize::try_from(state.store.db.published_count(None, None).await?).unwrap_or(0);
    Ok((1 + orgs + records, orgs))
}

fn xml(response: Result<Response, PageError>) -> Result<Response, PageError> {
    let mut response = response?;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(XML));
    Ok(response)
}

async fn sitemap(State(state): State<AppState>) -> Result<Response, PageError> {
    xml(cached(&state, "/sitemap.xml".into(), || async {
        let (total, orgs) = count(&state).await?;
        let text = if total <= PER_FILE {
            urlset(&state, slice(0..total, orgs)).await?
        } else {
            let site = crate::site::page();
            let mut out = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for n in 1..=parts(total) {
                let loc = escape(&site.site().url(&format!("/sitemap-{n}.xml")));
                let _ = writeln!(out, "<sitemap><loc>{loc}</loc></sitemap>");
            }
            out.push_str("</sitemapindex>\n");
            out
        };
        Ok(Rendered { html: text, tags: vec![Tag::Latest] })
    })
    .await)
}

/// `/sitemap-{n}.xml`, numbered from 1; there are parts only when the index lists them.
async fn sitemap_part(State(state): State<AppState>, Path(part): Path<String>) -> Result<Response, PageError> {
    let n =
        part.strip_suffix(".xml").and_then(|n| n.parse::<usize>().ok()).filter(|n| *n >= 1).ok_or_else(not_found)?;
    xml(cached(&state, format!("/sitemap-{n}.xml"), || async {
        let (total, orgs) = count(&state).await?;
        if total <= PER_FILE || n > parts(total) {
            return Err(not_found().into());
        }
        let range = (n - 1) * PER_FILE..(n * PER_FILE).min(total);
        Ok(Rendered { html: urlset(&state, slice(range, orgs)).await?, tags: vec![Tag::Latest] })
    })
    .await)
}

/// A `<urlset>` of the addresses `slice` names.
async fn urlset(state: &AppState, slice: Slice) -> Result<String, AppError> {
    let site = crate::site::page();
    let url = |path: &str| escape(&site.site().url(path));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    if slice.home {
        let _ = writeln!(out, "<url><loc>{}</loc></url>", url("/"));
    }
    if !slice.orgs.is_empty() {
        let directory = state.directory.get(&state.store.db).await?;
        for org in directory.open_orgs().skip(slice.orgs.start).take(slice.orgs.len()) {
            let _ = writeln!(out, "<url><loc>{}</loc></url>", url(&format!("/org/{}", org.code)));
        }
    }
    if !slice.records.is_empty() {
        let (limit, offset) = (slice.records.len() as i64, slice.records.start as i64);
        for r in state.store.db.latest_published(limit, offset).await? {
            let day = r.published_at.map(|t| views::date(t.timestamp())).unwrap_or_default();
            let _ = writeln!(out, "<url><loc>{}</loc><lastmod>{day}</lastmod></url>", url(&format!("/d/{}", r.id)));
        }
    }
    out.push_str("</urlset>\n");
    Ok(out)
}

/// Crawlers keep out of the back office and the API, and are told where the sitemap is.
async fn robots() -> Response {
    let site = crate::site::page();
    let text =
        format!("User-agent: *\nDisallow: /admin\nDisallow: /api/\n\nSitemap: {}\n", site.site().url("/sitemap.xml"));
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], text)
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_split_the_list_in_order() {
        assert_eq!(parts(1), 1);
        assert_eq!(parts(50_000), 1);
        assert_eq!(parts(50_001), 2);
        // Home, 3 organisations, then records.
        assert_eq!(slice(0..10, 3), Slice { home: true, orgs: 0..3, records: 0..6 });
        assert_eq!(slice(2..10, 3), Slice { home: false, orgs: 1..3, records: 0..6 });
        assert_eq!(slice(10..20, 3), Slice { home: false, orgs: 3..3, records: 6..16 });
        let whole = 1 + 3 + 120_000;
        let covered: usize = (1..=parts(whole))
            .map(|n| {
                let s = slice((n - 1) * PER_FILE..(n * PER_FILE).min(whole), 3);
                usize::from(s.home) + s.orgs.len() + s.records.len()
            })
            .sum();
        assert_eq!(covered, whole, "every address in exactly one part");
    }
}
