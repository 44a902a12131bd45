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
use crate::columns::{self, Columns};
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
/// the result with the tags it reports. A page in 长者模式 is kept apart from the standard
/// one, and each carries the address it was asked at, for the mode switch to return to.
pub(crate) async fn cached<F, Fut>(state: &AppState, key: String, render: F) -> Result<Response, PageError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Rendered, PageError>>,
{
    let key = if crate::site::page().elder { format!("{key}#elder") } else { key };
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
    records: Vec<RecordLine>,
    show_org: bool,
    root: Option<Org>,
    unit_code: String,
    columns: Columns,
    catalog: String,
    /// The units at the top two levels, as tiles; the rest are on the 信息公开 page.
    near_units: Vec<(String, String)>,
    org_count: usize,
}

/// Query strings do not matter here: `/?from=wechat` is the home page.
async fn home(State(state): State<AppState>) -> Result<Response, PageError> {
    cached(&state, "/".into(), || async {
        let db = &state.store.db;
        let directory = state.directory.get(db).await?;
        let root = directory.open_orgs().find(|o| o.parent.is_none()).cloned();
        let (catalog, columns) = match &root {
            Some(root) => {
                let items = directory.catalog(&root.code);
                let counts = db.catalog_counts(&root.code).await?.into_iter().collect();
                (columns::catalog(root.code.as_str(), &items, &counts, None), Columns::of(&items))
            }
            None => (String::new(), Columns::default()),
        };
        let open: Vec<&Org> = directory.open_orgs().collect();
        let near_units = views::org_depths(&directory.orgs)
            .into_iter()
            .filter(|(o, depth)| *depth <= 1 && o.closed_on.is_none())
            .map(|(o, _)| (o.code.to_string(), o.name.clone()))
            .collect();
        let page = HomePage {
            records: views::lines(&db.latest_published(HOME_LATEST, 0).await?),
            show_org: true,
            unit_code: root.as_ref().map(|r| r.code.to_string()).unwrap_or_default(),
            org_count: open.len(),
            near_units,
            root,
            columns,
            catalog,
        };
        // The catalogue's counts change with any publication, as the latest list does.
        Ok(Rendered { html: page.render()?, tags: vec![Tag::Latest] })
    })
    .await
}

/// The home page shows this many of the newest records; the rest are a "更多" away.
const HOME_LATEST: i64 = 12;

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
    children: Vec<(String, String)>,
    unit_code: String,
    columns: Columns,
    catalog: String,
    filter_name: Option<String>,
    records: Vec<RecordLine>,
    show_org: bool,
    total: i64,
    pager: views::Pager,
}

pub(crate) const PER_PAGE: u32 = 20;

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
        let db = &state.store.db;
        let directory = state.directory.get(db).await?;
        let org = directory.org(&code).cloned().ok_or_else(|| org_not_found(code.as_str()))?;
        let parent = org.parent.as_ref().and_then(|p| directory.org(p)).cloned();
        let items = directory.catalog(&org.code);
        let filter_name = match &catalog {
            Some(c) => {
                Some(items.iter().find(|i| &i.code == c).map(|i| i.name.clone()).ok_or_else(catalog_item_not_found)?)
            }
            None => None,
        };
        let offset = i64::from((page - 1) * PER_PAGE);
        let records = db.org_published(&org.code, catalog.as_ref(), i64::from(PER_PAGE), offset).await?;
        let total = db.published_count(Some(&org.code), catalog.as_ref()).await?;
        let link = |p: u32| {
            let c = catalog.as_ref().map(|c| format!("c={}&", c.as_str())).unwrap_or_default();
            format!("/org/{}?{c}p={p}", org.code)
        };
        let counts = db.catalog_counts(&org.code).await?.into_iter().collect();
        let children = directory
            .open_orgs()
            .filter(|o| o.parent.as_ref() == Some(&org.code))
            .map(|o| (o.code.to_string(), o.name.clone()))
            .collect();
        let tags = vec![Tag::OrgList(org.code.to_string())];
        let page = OrgPage {
            catalog: columns::catalog(org.code.as_str(), &items, &counts, catalog.as_ref().map(|c| c.as_str())),
            columns: Columns::of(&items),
            unit_code: org.code.to_string(),
            records: views::lines(&records),
            show_org: false,
            pager: views::Pager::new(page, PER_PAGE, total, link)?,
            total,
            children,
            org,
            parent,
            filter_name,
        };
        Ok(Rendered { html: page.render()?, tags })
    })
    .await
}

pub(crate) fn org_not_found(code: &str) -> AppError {
    AppError::Domain(gongkai_core::DomainError::not_found("unknown_org", format!("单位“{code}”不存在")))
}

/// A catalogue item the organisation does not have, on every public surface alike.
pub(crate) fn catalog_item_not_found() -> AppError {
    AppError::Domain(gongkai_core::DomainError::not_found("unknown_catalog_item", "该公开目录事项不存在"))
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
