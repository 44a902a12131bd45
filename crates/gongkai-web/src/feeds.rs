//! Atom feeds: an organisation's newest listed records, and one catalogue item's, for feed
//! readers and for other sites that republish a unit's notices. Cached like the
//! organisation's page and dropped with it when the change feed names the organisation.
//!
//! An entry's id is `urn:uuid:` of the record's lineage (the first version's id), not of
//! the version: a correction publishes a new version with a new id, and a reader should
//! see the entry it already has updated — `updated` moves to the new version's
//! publication — rather than a second entry beside a vanished one. The id does not name
//! the host either, so it survives the site moving to a new address.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use gongkai_core::catalog::CatalogItem;
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::record::RecordId;
use gongkai_store::records::page::RecordView;

use crate::cache::{Rendered, Tag};
use crate::error::{AppError, PageError};
use crate::portal::{cached, catalog_item_not_found, org_not_found};
use crate::site::Site;
use crate::views;
use crate::AppState;

/// Entries in a feed: the newest records, as readers poll often.
const ENTRIES: i64 = 50;
/// Characters of a summary made from the body when the record has none of its own.
const SUMMARY_CHARS: usize = 200;

pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/feeds/{file}", get(org_feed))
        .route("/feeds/{org}/{file}", get(item_feed))
        .layer(axum::middleware::from_fn(crate::etag::etag))
}

/// `name.atom` → `name`; anything else names no feed.
fn stem(file: &str) -> Option<&str> {
    file.strip_suffix(".atom").filter(|s| !s.is_empty())
}

async fn org_feed(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, PageError> {
    let code = stem(&file).ok_or_else(|| org_not_found(&file))?;
    feed(&state, code, None).await
}

async fn item_feed(
    State(state): State<AppState>,
    Path((org, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let item = stem(&file).ok_or_else(catalog_item_not_found)?;
    feed(&state, &org, Some(item)).await
}

async fn feed(state: &AppState, org: &str, item: Option<&str>) -> Result<Response, PageError> {
    let code = OrgCode::parse(org).map_err(|_| org_not_found(org))?;
    let path = match item {
        Some(item) => format!("/feeds/{code}/{item}.atom"),
        None => format!("/feeds/{code}.atom"),
    };
    let mut response = cached(state, path.clone(), || async {
        let directory = state.directory.get(&state.store.db).await?;
        let org = directory.org(&code).cloned().ok_or_else(|| org_not_found(code.as_str()))?;
        let catalog = directory.catalog(&org.code);
        let leaf = match item {
            Some(item) => Some(
                catalog
                    .iter()
                    .find(|i| i.code.as_str() == item && i.rules.is_some())
                    .ok_or_else(catalog_item_not_found)?,
            ),
            None => None,
        };
        let listed = state.store.db.org_published(&org.code, leaf.map(|l| &l.code), ENTRIES, 0).await?;
        let mut views = Vec::with_capacity(listed.len());
        for line in &listed {
            views.push(state.store.record_view(None, &RecordId::parse(&line.id)?).await?);
        }
        let site = crate::site::page();
        let now = state.store.clock.now();
        let xml = write(site.site(), &org, &catalog, leaf, &path, &views, now)?;
        Ok(Rendered { html: xml, tags: vec![Tag::OrgList(org.code.to_string())] })
    })
    .await?;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    Ok(response)
}

fn fixed(at: DateTime<Utc>) -> FixedDateTime {
    at.fixed_offset()
}

fn link(href: String, rel: &str, kind: Option<&str>) -> Link {
    Link { href, rel: rel.into(), mime_type: kind.map(Into::into), ..Link::default() }
}

/// The feed's XML. `now` dates a feed with no entries, which has no newer change to name.
fn write(
    site: &Site,
    org: &Org,
    catalog: &[CatalogItem],
    leaf: Option<&CatalogItem>,
    path: &str,
    views: &[RecordView],
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let page = match leaf {
        Some(l) => format!("/org/{}?c={}", org.code, l.code.as_str()),
        None => format!("/org/{}", org.code),
    };
    let title = match leaf {
        Some(l) => format!("{} · {}", org.name, l.name),
        None => format!("{} · 公开信息", org.name),
    };
    let author =
        Person { name: org.name.clone(), uri: Some(site.url(&format!("/org/{}", org.code))), ..Person::default() };
    let entries: Vec<Entry> = views.iter().map(|v| entry(site, catalog, &author, v)).collect();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_else(|| fixed(now));
    let feed = Feed {
        title: Text::plain(title),
        id: site.url(path),
        updated,
        authors: vec![author],
        links: vec![
            link(site.url(path), "self", Some("application/atom+xml")),
            link(site.url(&page), "alternate", Some("text/html")),
        ],
        subtitle: Some(Text::plain(format!("{}发布的党务政务公开信息", org.name))),
        lang: Some("zh-CN".into()),
        entries,
        ..Feed::default()
    };
    let bytes = feed.write_to(Vec::new()).map_err(|e| AppError::internal("atom feed", e))?;
    String::from_utf8(bytes).map_err(|e| AppError::internal("atom feed", e))
}

fn entry(site: &Site, catalog: &[CatalogItem], author: &Person, view: &RecordView) -> Entry {
    let record = &view.record;
    let lineage = record.lineage.as_str();
    let id = match uuid::Uuid::parse_str(lineage) {
        Ok(uuid) => uuid.urn().to_string(),
        // Ids minted elsewhere than the store (none are today) keep a stable address.
        Err(_) => site.url(&format!("/d/{lineage}")),
    };
    let updated = record.published_at.unwrap_or(record.updated_at);
    let first = view.versions.first().and_then(|v| v.published_at).unwrap_or(updated);
    let item = catalog.iter().find(|i| i.code == record.catalog);
    let summary = match (&record.summary, view.sight.shows_content()) {
        (_, false) => None,
        (Some(s), true) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        (_, true) => views::excerpt(&gongkai_search::html_text(&record.body_html), SUMMARY_CHARS),
    };
    Entry {
        title: Text::plain(record.title.clone()),
        id,
        updated: fixed(updated),
        published: Some(fixed(first)),
        authors: vec![author.clone()],
        categories: vec![Category {
            term: record.catalog.as_str().to_owned(),
            scheme: Some(site.url(&format!("/org/{}", record.org))),
            label: Some(item.map_or_else(|| record.catalog.as_str().to_owned(), |i| i.name.clone())),
        }],
        links: vec![link(site.url(&format!("/d/{}", record.id)), "alternate", Some("text/html"))],
        summary: summary.map(Text::plain),
        ..Entry::default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn feed_files() {
        assert_eq!(super::stem("st-a.atom"), Some("st-a"));
        assert_eq!(super::stem(".atom"), None);
        assert_eq!(super::stem("st-a.rss"), None);
    }
}
