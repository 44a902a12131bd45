//! What a display shows: a slide for each of the unit's current records (its listed
//! records, newest first, each read through the access guard as the public sees it), the
//! ticker of the latest publications of the unit and the units under it, and — when the
//! unit has nothing current — its contact board, so the screen is never blank.

use std::collections::HashSet;

use askama::Template;
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::record::{Record, RecordId};
use gongkai_store::records::RecordSummary;

use super::Timing;
use crate::cache::{Rendered, Tag};
use crate::directory::Directory;
use crate::error::{AppError, PageError};
use crate::portal::org_not_found;
use crate::{record_page, views, AppState};

/// Slides at most: a full round at the default pace takes under three minutes.
const SLIDES: i64 = 12;
/// Lines of the ticker.
const TICKER: usize = 15;
/// Above this many units, the ticker reads the newest records of the whole site and keeps
/// the ones of the unit's tree, rather than asking once per unit.
const FEW_UNITS: usize = 20;
/// Newest records of the whole site read for a large tree's ticker.
const SCAN: i64 = 400;
/// Characters of a body shown when a record has no summary.
const EXCERPT: usize = 200;

struct Slide {
    title: String,
    catalog_name: String,
    published: String,
    publicity: String,
    excerpt: String,
}

struct TickerLine {
    org_name: String,
    title: String,
    date: String,
}

#[derive(Template)]
#[template(path = "display.html")]
struct DisplayPage {
    site_name: String,
    timing: Timing,
    org: Org,
    slides: Vec<Slide>,
    ticker: Vec<TickerLine>,
}

pub async fn render(state: &AppState, code: OrgCode, timing: Timing) -> Result<Rendered, PageError> {
    let directory = state.directory.get(&state.store.db).await?;
    let org = directory.org(&code).cloned().ok_or_else(|| org_not_found(code.as_str()))?;
    let mut tags = vec![Tag::OrgList(org.code.to_string())];
    let mut slides = Vec::new();
    for line in state.store.db.org_published(&org.code, None, SLIDES, 0).await? {
        let id = RecordId::parse(&line.id)?;
        let view = state.store.record_view(None, &id).await?;
        tags.extend(record_page::tags(&view));
        // Listed records are shown in full; the guard is asked all the same.
        if view.sight.shows_content() {
            slides.push(slide(&view.record, &directory));
        }
    }
    let (ticker, ticker_tags) = ticker(state, &directory, &org).await?;
    tags.extend(ticker_tags);
    let page = DisplayPage { site_name: crate::site::page().site().name.clone(), timing, org, slides, ticker };
    Ok(Rendered { html: page.render().map_err(AppError::from)?, tags })
}

fn slide(record: &Record, directory: &Directory) -> Slide {
    Slide {
        title: record.title.clone(),
        catalog_name: directory
            .catalog_item(&record.org, record.catalog.as_str())
            .map_or_else(|| record.catalog.as_str().to_owned(), |i| i.name),
        published: record.published_at.map(|t| views::date(t.timestamp())).unwrap_or_default(),
        publicity: views::publicity(record),
        excerpt: excerpt(record),
    }
}

/// The summary, or the opening of the body as plain text.
fn excerpt(record: &Record) -> String {
    let summary = record.summary.as_deref().and_then(|s| views::excerpt(s, EXCERPT));
    // Paragraphs and table cells apart, so figures of one row do not run together.
    summary.or_else(|| views::excerpt(&gongkai_search::html_text(&record.body_html), EXCERPT)).unwrap_or_default()
}

/// The newest publications of `org` and every unit under it, with what the list depends on.
async fn ticker(state: &AppState, directory: &Directory, org: &Org) -> Result<(Vec<TickerLine>, Vec<Tag>), AppError> {
    let tree = subtree(directory, org);
    let db = &state.store.db;
    let (mut records, tags): (Vec<RecordSummary>, Vec<Tag>) = if tree.len() <= FEW_UNITS {
        let mut all = Vec::new();
        for code in &tree {
            all.extend(db.org_published(code, None, TICKER as i64, 0).await?);
        }
        (all, tree.iter().map(|c| Tag::OrgList(c.to_string())).collect())
    } else {
        let codes: HashSet<&str> = tree.iter().map(OrgCode::as_str).collect();
        let newest = db.latest_published(SCAN, 0).await?;
        (newest.into_iter().filter(|r| codes.contains(r.org_code.as_str())).collect(), vec![Tag::Latest])
    };
    records.sort_by(|a, b| b.published_at.cmp(&a.published_at).then_with(|| a.id.cmp(&b.id)));
    records.truncate(TICKER);
    let lines = records
        .into_iter()
        .map(|r| TickerLine {
            date: views::date(r.published_at.unwrap_or(r.updated_at).timestamp()),
            org_name: r.org_name,
            title: r.title,
        })
        .collect();
    Ok((lines, tags))
}

/// `org` and every organisation under it.
fn subtree(directory: &Directory, org: &Org) -> Vec<OrgCode> {
    let mut tree = vec![org.code.clone()];
    let mut next = 0;
    while next < tree.len() {
        let parent = tree[next].clone();
        tree.extend(directory.orgs.iter().filter(|o| o.parent.as_ref() == Some(&parent)).map(|o| o.code.clone()));
        next += 1;
    }
    tree
}
