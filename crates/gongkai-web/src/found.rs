//! A search run for the portal and the API alike, and its answer in public shapes: hits
//! named with their organisation and catalogue item, facets with labels, sorted as a
//! visitor reads them. Built only from the index, which holds only what the public sees.

use gongkai_core::catalog::Domain;
use gongkai_core::org::OrgCode;
use gongkai_search::document::{DocKind, FILE_TYPES};
use gongkai_search::{Results, SearchQueryError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::directory::Directory;
use crate::error::AppError;
use crate::search_params::{cursor_text, SearchParams};
use crate::AppState;

/// Facet values shown at most, the largest first.
const FACET_TOP: usize = 15;

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchAnswer {
    /// 符合条件的结果总数
    pub total: u64,
    pub hits: Vec<SearchHit>,
    pub facets: SearchFacets,
    /// 下一页的 `after` 参数；没有下一页时为空
    pub next: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// `record`（公开信息）或 `org`（单位）
    pub kind: &'static str,
    /// 公开信息的记录编号，或单位代码
    pub id: String,
    pub title: String,
    /// 标题，命中部分以 `<mark>` 标出，已按 HTML 转义
    pub title_html: String,
    /// 命中处前后的原文（保持原文繁简），命中部分以 `<mark>` 标出，已按 HTML 转义
    pub snippet: String,
    /// 发布单位代码
    pub org: String,
    pub org_name: String,
    pub catalog_item: Option<String>,
    pub catalog_name: Option<String>,
    pub published_at: Option<String>,
    pub url: String,
}

impl SearchHit {
    /// The day of publication in Beijing time, as pages show it; empty for a unit.
    pub fn published_day(&self) -> String {
        self.published_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| crate::views::date(t.timestamp()))
            .unwrap_or_default()
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCount {
    /// 用作筛选参数的值
    pub value: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct SearchFacets {
    pub orgs: Vec<FacetCount>,
    pub catalogs: Vec<FacetCount>,
    pub domains: Vec<FacetCount>,
    pub years: Vec<FacetCount>,
    pub file_types: Vec<FacetCount>,
}

/// Runs the search `params` ask for; `None` when there is nothing to search for.
pub async fn run(state: &AppState, params: &SearchParams) -> Result<Option<SearchAnswer>, AppError> {
    let directory = state.directory.get(&state.store.db).await?;
    let request = params.request(state, &directory).map_err(bad_request)?;
    let index = state.search.clone();
    let results = tokio::task::spawn_blocking(move || index.search(&request))
        .await
        .map_err(|e| AppError::internal("search task", e))?
        .map_err(|e| match e {
            SearchQueryError::Input(e) => bad_request(e),
            SearchQueryError::Index(e) => AppError::internal("search", e),
        })?;
    Ok((!results.blank).then(|| answer(&directory, params, results)))
}

/// A search that cannot be asked as given is a malformed request (400), not a refused
/// change (422): nothing was about to be written.
fn bad_request(e: gongkai_core::DomainError) -> AppError {
    AppError::BadRequest(e.code, e.message)
}

fn answer(directory: &Directory, params: &SearchParams, results: Results) -> SearchAnswer {
    let org_name = |code: &str| {
        OrgCode::parse(code).ok().and_then(|c| directory.org(&c).map(|o| o.name.clone())).unwrap_or_else(|| code.into())
    };
    let catalog_name = |org: Option<&str>, code: &str| {
        let within = org.or(params.org.as_deref()).and_then(|o| OrgCode::parse(o).ok());
        within
            .and_then(|org| directory.catalog_item(&org, code))
            .or_else(|| directory.any_catalog_item(code))
            .map_or_else(|| code.to_owned(), |i| i.name)
    };
    let hits = results
        .hits
        .into_iter()
        .map(|h| SearchHit {
            kind: h.kind.as_str(),
            url: match h.kind {
                DocKind::Record => format!("/d/{}", h.id),
                DocKind::Org => format!("/org/{}", h.id),
            },
            org_name: org_name(&h.org),
            catalog_name: h.catalog.as_deref().map(|c| catalog_name(Some(&h.org), c)),
            catalog_item: h.catalog,
            published_at: h.published_at.map(|t| t.to_rfc3339()),
            id: h.id,
            title: h.title,
            title_html: h.title_html,
            snippet: h.snippet_html,
            org: h.org,
        })
        .collect();
    let top = |counts: gongkai_search::Counts, label: &dyn Fn(&str) -> String| {
        let mut list: Vec<FacetCount> =
            counts.into_iter().map(|(value, count)| FacetCount { label: label(&value), value, count }).collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
        list.truncate(FACET_TOP);
        list
    };
    let f = results.facets;
    let mut years = top(f.years, &|y| format!("{y}年"));
    years.sort_by(|a, b| b.value.cmp(&a.value));
    SearchAnswer {
        total: results.total,
        next: results.next.map(cursor_text),
        facets: SearchFacets {
            orgs: top(f.orgs, &|c| org_name(c)),
            catalogs: top(f.catalogs, &|c| catalog_name(None, c)),
            domains: top(f.domains, &|d| Domain::parse(d).map_or_else(|_| d.to_owned(), |d| d.label().to_owned())),
            years,
            file_types: top(f.file_types, &|t| {
                FILE_TYPES.iter().find(|(v, _)| *v == t).map_or_else(|| t.to_owned(), |(_, l)| (*l).to_owned())
            }),
        },
        hits,
    }
}
