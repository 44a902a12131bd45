//! The portal's column pages: 信息公开 (the top unit's column and every unit's entry),
//! 最新公开 (every listed record, newest first, a page at a time) and 网站地图.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use gongkai_core::org::Org;
use serde::Deserialize;

use crate::cache::{Rendered, Tag};
use crate::columns::{self, Columns};
use crate::error::PageError;
use crate::portal::{cached, PER_PAGE};
use crate::views::{self, Pager, RecordLine};
use crate::{extract, AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/xxgk", get(column)).route("/latest", get(latest)).route("/sitemap", get(site_map))
}

#[derive(Template)]
#[template(path = "xxgk.html")]
struct ColumnPage {
    root: Option<Org>,
    unit_code: String,
    columns: Columns,
    units: String,
}

async fn column(State(state): State<AppState>) -> Result<Response, PageError> {
    cached(&state, "/xxgk".into(), || async {
        let directory = state.directory.get(&state.store.db).await?;
        let root = directory.open_orgs().find(|o| o.parent.is_none()).cloned();
        let columns = root.as_ref().map(|r| Columns::of(&directory.catalog(&r.code))).unwrap_or_default();
        let open: Vec<_> =
            views::org_depths(&directory.orgs).into_iter().filter(|(o, _)| o.closed_on.is_none()).collect();
        let page = ColumnPage {
            unit_code: root.as_ref().map(|r| r.code.to_string()).unwrap_or_default(),
            units: columns::units(&open),
            root,
            columns,
        };
        // Only the directory is shown, which an organisation's change drops anyway.
        Ok(Rendered { html: page.render()?, tags: vec![] })
    })
    .await
}

#[derive(Default, Deserialize)]
struct PageQuery {
    p: Option<u32>,
}

#[derive(Template)]
#[template(path = "latest.html")]
struct LatestPage {
    records: Vec<RecordLine>,
    show_org: bool,
    total: i64,
    pager: Pager,
}

async fn latest(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, PageError> {
    let query: PageQuery = extract::query(raw.as_deref())?;
    let page = query.p.unwrap_or(1).clamp(1, 10_000);
    cached(&state, format!("/latest?p={page}"), || async {
        let db = &state.store.db;
        let offset = i64::from((page - 1) * PER_PAGE);
        let records = db.latest_published(i64::from(PER_PAGE), offset).await?;
        let total = db.published_count(None, None).await?;
        let page = LatestPage {
            records: views::lines(&records),
            show_org: true,
            pager: Pager::new(page, PER_PAGE, total, |p| format!("/latest?p={p}"))?,
            total,
        };
        Ok(Rendered { html: page.render()?, tags: vec![Tag::Latest] })
    })
    .await
}

#[derive(Template)]
#[template(path = "site_map.html")]
struct SiteMapPage {
    units: String,
}

async fn site_map(State(state): State<AppState>) -> Result<Response, PageError> {
    cached(&state, "/sitemap".into(), || async {
        let directory = state.directory.get(&state.store.db).await?;
        let open: Vec<_> =
            views::org_depths(&directory.orgs).into_iter().filter(|(o, _)| o.closed_on.is_none()).collect();
        Ok(Rendered { html: SiteMapPage { units: columns::units(&open) }.render()?, tags: vec![] })
    })
    .await
}
