//! The public portal: home, organisation pages, record pages and attachment downloads.
//! Public pages are rendered once per change-feed position and then served from memory.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gongkai_core::catalog::CatalogCode;
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::record::RecordId;
use serde::Deserialize;

use crate::cache::{Rendered, Tag};
use crate::error::{AppError, PageError};
use crate::record_page::{self, RecordPage};
use crate::views::{self, RecordLine};
use crate::{extract, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/org/{code}", get(org_page))
        .route("/d/{id}", get(record_page))
        .route(
            "/files/{id}",
            get(download).layer(tower_http::timeout::TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                crate::REQUEST_TIMEOUT,
            )),
        )
        .route("/static/style.css", get(stylesheet))
        .route("/static/suggest.js", get(suggest_script))
        .route("/healthz", get(|| async { "ok" }))
}

/// Serves the page under `key` from the page cache, or renders it with `render` and keeps
/// the result with the tags it reports.
pub(crate) async fn cached<F, Fut>(state: &AppState, key: String, render: F) -> Result<Response, PageError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Rendered, PageError>>,
{
    let timed = || async {
        tokio::time::timeout(crate::REQUEST_TIMEOUT, render()).await.map_err(|_| {
            AppError::Domain(gongkai_core::DomainError::conflict("request_timeout", "页面生成超时，请稍后再试"))
        })?
    };
    let page = state.cache.get_or_render(key, timed).await?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], page).into_response())
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    latest: Vec<RecordLine>,
    org_tree: String,
    root: Option<Org>,
    catalog_tree: String,
    org_count: usize,
}

/// Query strings do not matter here: `/?from=wechat` is the home page.
async fn home(State(state): State<AppState>) -> Result<Response, PageError> {
    cached(&state, "/".into(), || async {
        let directory = state.directory.get(&state.store.db).await?;
        let root = directory.orgs.iter().find(|o| o.parent.is_none()).cloned();
        let catalog_tree = match &root {
            Some(root) => views::catalog_tree(root.code.as_str(), &directory.catalog(&root.code), None),
            None => String::new(),
        };
        let page = HomePage {
            latest: views::lines(&state.store.db.latest_published(20).await?),
            org_tree: views::org_tree(directory.open_orgs()),
            org_count: directory.open_orgs().count(),
            root,
            catalog_tree,
        };
        Ok(Rendered { html: page.render()?, tags: vec![Tag::Latest] })
    })
    .await
}

#[derive(Default, Deserialize)]
struct OrgQuery {
    /// Catalogue leaf to filter by.
    c: Option<String>,
    /// Page number from 1.
    p: Option<u32>,
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    org: Org,
    parent: Option<Org>,
    catalog_tree: String,
    filter_name: Option<String>,
    records: Vec<RecordLine>,
    page: u32,
    prev_link: Option<String>,
    next_link: Option<String>,
}

const PER_PAGE: u32 = 20;

async fn org_page(
    State(state): State<AppState>,
    Path(code): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query: OrgQuery = extract::query(raw.as_deref())?;
    let code = OrgCode::parse(&code).map_err(|_| org_not_found(&code))?;
    let catalog = query.c.as_deref().map(CatalogCode::parse).transpose()?;
    let page = query.p.unwrap_or(1).clamp(1, 10_000);
    // The key names only the parameters the page reads, so other ones add no entries.
    let key = format!("/org/{code}?c={}&p={page}", catalog.as_ref().map_or("", |c| c.as_str()));
    cached(&state, key, || async {
        let directory = state.directory.get(&state.store.db).await?;
        let org = directory.org(&code).cloned().ok_or_else(|| org_not_found(code.as_str()))?;
        let parent = org.parent.as_ref().and_then(|p| directory.org(p)).cloned();
        let items = directory.catalog(&org.code);
        let filter_name = match &catalog {
            Some(c) => Some(items.iter().find(|i| &i.code == c).map(|i| i.name.clone()).ok_or_else(|| {
                AppError::Domain(gongkai_core::DomainError::not_found("unknown_catalog_item", "该公开目录事项不存在"))
            })?),
            None => None,
        };
        let offset = i64::from((page - 1) * PER_PAGE);
        let records =
            state.store.db.org_published(&org.code, catalog.as_ref(), i64::from(PER_PAGE) + 1, offset).await?;
        let link = |p: u32| {
            let c = catalog.as_ref().map(|c| format!("c={}&", c.as_str())).unwrap_or_default();
            format!("/org/{}?{c}p={p}", org.code)
        };
        let next_link = (records.len() > PER_PAGE as usize).then(|| link(page + 1));
        let prev_link = (page > 1).then(|| link(page - 1));
        let shown = &records[..records.len().min(PER_PAGE as usize)];
        let tags = vec![Tag::OrgList(org.code.to_string())];
        let page = OrgPage {
            catalog_tree: views::catalog_tree(org.code.as_str(), &items, catalog.as_ref().map(|c| c.as_str())),
            records: views::lines(shown),
            org,
            parent,
            filter_name,
            page,
            prev_link,
            next_link,
        };
        Ok(Rendered { html: page.render()?, tags })
    })
    .await
}

pub(crate) fn org_not_found(code: &str) -> AppError {
    AppError::Domain(gongkai_core::DomainError::not_found("unknown_org", format!("单位“{code}”不存在")))
}

async fn record_page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    cached(&state, format!("/d/{id}"), || async {
        let view = state.store.record_view(None, &id).await?;
        let directory = state.directory.get(&state.store.db).await?;
        let page = RecordPage::build(&view, &directory, false)?;
        Ok(Rendered { html: page.render()?, tags: record_page::tags(&view) })
    })
    .await
}

/// Attachment bytes with the original file name, through the same guard as the record: the
/// public gets them while the record's content is public, gone as soon as it is withdrawn
/// or taken down; the unit's own staff, signed in, get them in any state (a reviewer opens
/// what they are about to approve).
async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, PageError> {
    let not_found = || AppError::Domain(gongkai_core::DomainError::not_found("attachment_not_found", "附件不存在"));
    let store = &state.store;
    let viewer = crate::auth::optional_viewer(&state, &headers).await?;
    let attachment = store.db.attachment(&id).await?.ok_or_else(not_found)?;
    let record_id = RecordId::parse(&attachment.record_id).map_err(|_| not_found())?;
    let (_, seen) = store.record_for(viewer.as_ref(), &record_id).await.map_err(|_| not_found())?;
    if !seen.shows_content() {
        return Err(not_found().into());
    }
    let files = store.files.clone();
    let sha = attachment.sha256.clone();
    let bytes = tokio::task::spawn_blocking(move || files.get(&sha))
        .await
        .map_err(|e| AppError::internal("read task", e))?
        .map_err(|e| AppError::internal("read attachment", e))?
        .ok_or_else(|| AppError::internal("attachment bytes missing", &attachment.sha256))?;
    Ok(crate::download::file_response(&attachment.file_name, &attachment.media_type, bytes))
}

async fn suggest_script() -> impl IntoResponse {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        Body::from(include_str!("../static/suggest.js")),
    )
}

async fn stylesheet() -> impl IntoResponse {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        Body::from(include_str!("../static/style.css")),
    )
}
