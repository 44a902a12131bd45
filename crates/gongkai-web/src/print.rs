//! 公开栏, the printed board: an organisation's current records laid out to print on A4 or
//! A3 and post at the office, each with a QR code to the record online so a passer-by can
//! check that the paper is still current. Built from the same listed records and public
//! view as the portal, so the board never shows what the site does not.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gongkai_core::catalog::CatalogCode;
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::record::RecordId;
use serde::Deserialize;

use crate::cache::{Rendered, Tag};
use crate::error::{AppError, PageError};
use crate::portal::{cached, catalog_item_not_found, org_not_found};
use crate::{extract, views, AppState};

/// A board longer than this is printed in part, newest first, and says so: an office posts
/// one catalogue item at a time (`?c=`) when it has more.
const MAX_ITEMS: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/print/{code}", get(board))
        .route("/static/print.css", get(|| stylesheet(include_str!("../static/print.css"))))
        .route("/static/print-a3.css", get(|| stylesheet(include_str!("../static/print-a3.css"))))
}

/// The board's stylesheets; its print button is the one `/static/print.js` shows on every
/// page that has one (the receipts too).
async fn stylesheet(text: &'static str) -> Response {
    let headers = [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")];
    (StatusCode::OK, headers, Body::from(text)).into_response()
}

/// The paper the board is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paper {
    A4,
    A3,
}

impl Paper {
    fn parse(raw: Option<&str>) -> Result<Paper, AppError> {
        match raw.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            None | Some("" | "a4") => Ok(Paper::A4),
            Some("a3") => Ok(Paper::A3),
            Some(_) => {
                Err(AppError::BadRequest("invalid_paper_size", "纸张大小只能选 A4 或 A3（size=a4 或 size=a3）".into()))
            }
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
        }
    }
}

#[derive(Default, Deserialize)]
struct BoardQuery {
    /// a4 (default) or a3.
    size: Option<String>,
    /// One catalogue leaf only.
    c: Option<String>,
}

/// One record on the board.
struct BoardItem {
    title: String,
    catalog_name: String,
    index_number: String,
    doc_number: String,
    written_on: String,
    published_on: String,
    publicity: String,
    /// Sanitised HTML as stored; empty when the public may not read the content.
    body_html: String,
    shows_content: bool,
    qr: String,
}

#[derive(Template)]
#[template(path = "print.html")]
struct BoardPage {
    site_name: String,
    org: Org,
    paper: &'static str,
    filter_name: Option<String>,
    filter_code: String,
    printed_on: String,
    items: Vec<BoardItem>,
    total: i64,
    /// More are listed than the board holds.
    partial: bool,
}

async fn board(
    State(state): State<AppState>,
    Path(code): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query: BoardQuery = extract::query(raw.as_deref())?;
    let paper = Paper::parse(query.size.as_deref())?;
    let code = OrgCode::parse(&code).map_err(|_| org_not_found(&code))?;
    let catalog = extract::filled(&query.c).map(CatalogCode::parse).transpose()?;
    // The day is part of the key: a board printed tomorrow says tomorrow's date.
    let today = state.store.clock.today();
    let key =
        format!("/print/{code}?size={}&c={}&day={today}", paper.as_str(), catalog.as_ref().map_or("", |c| c.as_str()));
    cached(&state, key, || async {
        let directory = state.directory.get(&state.store.db).await?;
        let org = directory.org(&code).cloned().ok_or_else(|| org_not_found(code.as_str()))?;
        let items = directory.catalog(&org.code);
        let name_of = |c: &str| items.iter().find(|i| i.code.as_str() == c).map(|i| i.name.clone());
        let filter_name = match &catalog {
            Some(c) => Some(name_of(c.as_str()).ok_or_else(catalog_item_not_found)?),
            None => None,
        };
        let db = &state.store.db;
        let total = db.published_count(Some(&org.code), catalog.as_ref()).await?;
        let listed = db.org_published(&org.code, catalog.as_ref(), MAX_ITEMS, 0).await?;
        let site = crate::site::page();
        let mut board = Vec::with_capacity(listed.len());
        for line in &listed {
            let view = state.store.record_view(None, &RecordId::parse(&line.id)?).await?;
            let (record, shows_content) = (&view.record, view.sight.shows_content());
            board.push(BoardItem {
                title: record.title.clone(),
                catalog_name: name_of(record.catalog.as_str()).unwrap_or_else(|| record.catalog.as_str().to_owned()),
                index_number: record.index_number.as_ref().map(ToString::to_string).unwrap_or_default(),
                doc_number: record.doc_number.clone().unwrap_or_default(),
                written_on: record.written_on.to_string(),
                published_on: record.published_at.map(|t| views::date(t.timestamp())).unwrap_or_default(),
                publicity: views::publicity(record),
                body_html: if shows_content { record.body_html.clone() } else { String::new() },
                shows_content,
                qr: crate::qr::svg(&site.site().url(&format!("/d/{}", record.id)), "扫码查看原文"),
            });
        }
        let page = BoardPage {
            site_name: site.site().name.clone(),
            paper: paper.as_str(),
            filter_code: catalog.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
            filter_name,
            printed_on: today.format("%Y年%-m月%-d日").to_string(),
            partial: total > board.len() as i64,
            items: board,
            total,
            org,
        };
        Ok(Rendered { html: page.render()?, tags: vec![Tag::OrgList(code.to_string())] })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_sizes() {
        assert_eq!(Paper::parse(None).unwrap(), Paper::A4);
        assert_eq!(Paper::parse(Some("A3")).unwrap(), Paper::A3);
        assert!(matches!(Paper::parse(Some("letter")), Err(AppError::BadRequest("invalid_paper_size", _))));
    }
}
