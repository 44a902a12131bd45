//! The portal's results page, `/search`: the search box with what was typed, the hits
//! with their snippets, filters to narrow by (each facet value a link that adds it, each
//! active filter a link that removes it) and the next page. Works without JavaScript.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use crate::error::{AppError, PageError};
use crate::found::{self, FacetCount, SearchAnswer};
use crate::search_params::SearchParams;
use crate::{extract, AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(results))
}

/// One hit as the page shows it.
struct Line {
    url: String,
    title_html: String,
    snippet_html: String,
    kind_label: &'static str,
    org_name: String,
    org_url: String,
    catalog_name: Option<String>,
    date: String,
}

/// A group of filter links.
struct FacetGroup {
    title: &'static str,
    values: Vec<(String, String, u64)>,
}

/// A filter in force, with the address without it.
struct Active {
    label: String,
    remove: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct ResultsPage {
    q: String,
    searched: bool,
    total: u64,
    lines: Vec<Line>,
    facets: Vec<FacetGroup>,
    active: Vec<Active>,
    next: Option<String>,
    first: Option<String>,
}

/// The parameters as `(name, value)` pairs, in a fixed order, for building links.
fn pairs(p: &SearchParams) -> Vec<(&'static str, String)> {
    [
        ("q", &p.q),
        ("org", &p.org),
        ("catalog", &p.catalog),
        ("domain", &p.domain),
        ("year", &p.year),
        ("type", &p.file_type),
        ("kind", &p.kind),
        ("after", &p.after),
    ]
    .into_iter()
    .filter_map(|(k, v)| crate::extract::filled(v).map(|v| (k, v.to_owned())))
    .collect()
}

fn link(pairs: &[(&'static str, String)]) -> String {
    format!("/search?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
}

/// The address with `name` set to `value` (or removed), back on the first page.
fn with(p: &SearchParams, name: &'static str, value: Option<&str>) -> String {
    let mut list: Vec<_> = pairs(p).into_iter().filter(|(k, _)| *k != name && *k != "after").collect();
    if let Some(v) = value {
        list.push((name, v.to_owned()));
    }
    link(&list)
}

const FILTERS: &[(&str, &str)] =
    [("org", "单位"), ("catalog", "目录"), ("domain", "领域"), ("year", "年份"), ("type", "附件"), ("kind", "类别")]
        .as_slice();

async fn results(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Html<String>, PageError> {
    let params: SearchParams = extract::query(raw.as_deref())?;
    let answer = found::run(&state, &params).await?;
    let page = page(&params, answer);
    Ok(Html(page.render().map_err(AppError::from)?))
}

fn page(params: &SearchParams, answer: Option<SearchAnswer>) -> ResultsPage {
    let Some(answer) = answer else {
        return ResultsPage {
            q: params.q().to_owned(),
            searched: false,
            total: 0,
            lines: vec![],
            facets: vec![],
            active: vec![],
            next: None,
            first: None,
        };
    };
    let lines = answer
        .hits
        .into_iter()
        .map(|h| Line {
            org_url: format!("/org/{}", h.org),
            kind_label: if h.kind == "org" { "单位" } else { "公开信息" },
            date: h.published_day(),
            url: h.url,
            title_html: h.title_html,
            snippet_html: h.snippet,
            org_name: h.org_name,
            catalog_name: h.catalog_name,
        })
        .collect();
    let f = answer.facets;
    let group = |title, name: &'static str, values: Vec<FacetCount>| FacetGroup {
        title,
        values: values.into_iter().map(|v| (with(params, name, Some(&v.value)), v.label, v.count)).collect(),
    };
    let facets: Vec<FacetGroup> = [
        group("公开领域", "domain", f.domains),
        group("发布年份", "year", f.years),
        group("发布单位", "org", f.orgs),
        group("公开目录", "catalog", f.catalogs),
        group("附件类型", "type", f.file_types),
    ]
    .into_iter()
    .filter(|g| g.values.len() > 1)
    .collect();
    let active = pairs(params)
        .into_iter()
        .filter_map(|(k, v)| {
            let (_, what) = FILTERS.iter().find(|(name, _)| *name == k)?;
            Some(Active { label: format!("{what}：{v}"), remove: with(params, k, None) })
        })
        .collect();
    ResultsPage {
        q: params.q().to_owned(),
        searched: true,
        total: answer.total,
        lines,
        facets,
        active,
        next: answer.next.map(|after| {
            let mut list: Vec<_> = pairs(params).into_iter().filter(|(k, _)| *k != "after").collect();
            list.push(("after", after));
            link(&list)
        }),
        first: params.after.as_ref().map(|_| with(params, "after", None)),
    }
}
