//! Finding a record by touch: the start page's tiles for the top organisation and the units
//! under it, an organisation's tiles for its units and its catalogue (each with how many
//! records it holds, empty ones greyed), and a catalogue leaf's records page by page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use gongkai_core::catalog::{CatalogCode, CatalogItem};
use gongkai_core::org::{Org, OrgCode};
use serde::Deserialize;

use super::keypad::Keypad;
use super::{cached, Frame, KioskError};
use crate::cache::{Rendered, Tag};
use crate::portal::{catalog_item_not_found, org_not_found};
use crate::views::{self, Pager, RecordLine};
use crate::{extract, AppState};

/// A large touch tile; without a link it is shown greyed (a catalogue item with nothing in it).
pub struct Tile {
    pub href: Option<String>,
    pub name: String,
    /// A second line: the kind of unit, or how many records an item holds.
    pub note: String,
}

fn unit_tile(org: &Org) -> Tile {
    Tile { href: Some(format!("/kiosk/org/{}", org.code)), name: org.name.clone(), note: org.kind.label().to_owned() }
}

#[derive(Template)]
#[template(path = "kiosk/home.html")]
struct HomePage {
    frame: Frame,
    units: Vec<Tile>,
    keypad: Keypad,
}

/// The start page: the top organisation, the units directly under it, and the keypad.
pub async fn home(State(state): State<AppState>) -> Result<Response, KioskError> {
    cached(&state, "/kiosk".into(), || async {
        let directory = state.directory.get(&state.store.db).await?;
        let open: Vec<&Org> = directory.open_orgs().collect();
        let mut units = Vec::new();
        for top in open.iter().filter(|o| o.parent.is_none()) {
            units.push(unit_tile(top));
            units.extend(open.iter().filter(|o| o.parent.as_ref() == Some(&top.code)).map(|o| unit_tile(o)));
        }
        let page = HomePage { frame: Frame::new(None), units, keypad: Keypad::new("") };
        // Only the directory is shown, and a change to it drops every page.
        Ok(Rendered { html: page.render()?, tags: vec![] })
    })
    .await
}

#[derive(Default, Deserialize)]
struct OrgQuery {
    /// A catalogue item: a group shows its items, a leaf its records.
    c: Option<String>,
    /// Page of a leaf's records, from 1; anything else is the first page.
    p: Option<String>,
}

#[derive(Template)]
#[template(path = "kiosk/org.html")]
struct TilesPage {
    frame: Frame,
    org: Org,
    /// The group whose items are shown; none for the catalogue's first level.
    group: Option<String>,
    units: Vec<Tile>,
    items: Vec<Tile>,
}

#[derive(Template)]
#[template(path = "kiosk/list.html")]
struct ListPage {
    frame: Frame,
    org: Org,
    leaf: String,
    total: i64,
    records: Vec<RecordLine>,
    pager: Pager,
}

/// Records on one page of a leaf: as many as fit the portrait screen in large type.
const PER_PAGE: u32 = 8;

pub async fn org(
    State(state): State<AppState>,
    Path(code): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, KioskError> {
    let query: OrgQuery = extract::query(raw.as_deref())?;
    let code = OrgCode::parse(&code).map_err(|_| org_not_found(&code))?;
    let item = match extract::filled(&query.c) {
        Some(c) => Some(CatalogCode::parse(c).map_err(|_| catalog_item_not_found())?),
        None => None,
    };
    let page = query.p.as_deref().and_then(|p| p.trim().parse::<u32>().ok()).unwrap_or(1).clamp(1, 10_000);
    let key = format!("/kiosk/org/{code}?c={}&p={page}", item.as_ref().map_or("", |c| c.as_str()));
    cached(&state, key, || async {
        let directory = state.directory.get(&state.store.db).await?;
        let org = directory.org(&code).cloned().ok_or_else(|| org_not_found(code.as_str()))?;
        let catalog = directory.catalog(&org.code);
        let selected = match &item {
            Some(c) => Some(catalog.iter().find(|i| &i.code == c).ok_or_else(catalog_item_not_found)?),
            None => None,
        };
        let tags = vec![Tag::OrgList(org.code.to_string())];
        let html = match selected {
            Some(leaf) if leaf.rules.is_some() => list(&state, org, &catalog, leaf, page).await?,
            _ => {
                let counts: HashMap<String, i64> =
                    state.store.db.catalog_counts(&org.code).await?.into_iter().collect();
                let parent = selected.map(|g| g.code.as_str());
                let items = catalog
                    .iter()
                    .filter(|i| i.parent.as_ref().map(CatalogCode::as_str) == parent)
                    .map(|i| {
                        let n = held(&catalog, &counts, i);
                        Tile {
                            href: (n > 0).then(|| format!("/kiosk/org/{}?c={}", org.code, i.code.as_str())),
                            name: i.name.clone(),
                            note: if n > 0 { format!("{n} 条") } else { "暂无信息".into() },
                        }
                    })
                    .collect();
                let units = match selected {
                    Some(_) => vec![],
                    None => {
                        directory.open_orgs().filter(|o| o.parent.as_ref() == Some(&org.code)).map(unit_tile).collect()
                    }
                };
                let back = match selected {
                    Some(group) => up(&org, &catalog, group),
                    None => match &org.parent {
                        Some(p) => (format!("/kiosk/org/{p}"), "返回上一级"),
                        None => ("/kiosk".into(), "返回上一级"),
                    },
                };
                let page = TilesPage {
                    frame: Frame::new(Some(back)),
                    group: selected.map(|g| g.name.clone()),
                    org,
                    units,
                    items,
                };
                page.render()?
            }
        };
        Ok(Rendered { html, tags })
    })
    .await
}

/// The records of `leaf`, on page `page` (the last one when asked for one past it).
async fn list(
    state: &AppState,
    org: Org,
    catalog: &[CatalogItem],
    leaf: &CatalogItem,
    page: u32,
) -> Result<String, crate::error::AppError> {
    let db = &state.store.db;
    let total = db.published_count(Some(&org.code), Some(&leaf.code)).await?;
    let page = page.min(Pager::count(PER_PAGE, total));
    let offset = i64::from((page - 1) * PER_PAGE);
    let records = db.org_published(&org.code, Some(&leaf.code), i64::from(PER_PAGE), offset).await?;
    let link = |p: u32| format!("/kiosk/org/{}?c={}&p={p}", org.code, leaf.code.as_str());
    let page = ListPage {
        frame: Frame::new(Some(up(&org, catalog, leaf))),
        leaf: leaf.name.clone(),
        total,
        records: views::lines(&records),
        pager: Pager::new(page, PER_PAGE, total, link)?,
        org,
    };
    Ok(page.render()?)
}

/// How many listed records `item` holds: its own when a leaf, its items' together when a group.
fn held(catalog: &[CatalogItem], counts: &HashMap<String, i64>, item: &CatalogItem) -> i64 {
    if item.rules.is_some() {
        return counts.get(item.code.as_str()).copied().unwrap_or(0);
    }
    catalog.iter().filter(|i| i.parent.as_ref() == Some(&item.code)).map(|i| held(catalog, counts, i)).sum()
}

/// One level up from `item`: its group, or the organisation's page.
pub fn up(org: &Org, catalog: &[CatalogItem], item: &CatalogItem) -> (String, &'static str) {
    match item.parent.as_ref().filter(|p| catalog.iter().any(|i| &i.code == *p)) {
        Some(group) => (format!("/kiosk/org/{}?c={}", org.code, group.as_str()), "返回上一级"),
        None => (format!("/kiosk/org/{}", org.code), "返回上一级"),
    }
}
