//! The organisation's catalogue and its own additions.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use gongkai_core::access::Permission;
use gongkai_core::fields::{optional_text, required_text};
use gongkai_core::org::{Org, OrgCode};
use serde::Deserialize;

use super::{html, see_other, target_org};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::extract::CsrfForm;
use crate::org_fields::{CatalogItemFields, LeafFields};
use crate::views;
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/catalog.html")]
struct CatalogPage {
    csrf: String,
    org: Org,
    tree: String,
    branches: Vec<(String, String)>,
    editable: bool,
    time_classes: Vec<(&'static str, &'static str)>,
    domains: Vec<(&'static str, &'static str)>,
}

pub(super) async fn catalog(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let org = target_org(&state, &user.actor, raw.as_deref()).await?;
    let items = state.store.db.catalog_of(&org).await?;
    let branches = items
        .iter()
        .filter(|i| !i.is_leaf() && i.level < 3)
        .map(|i| (i.code.as_str().to_owned(), format!("{} {}", "　".repeat(usize::from(i.level - 1)), i.name)))
        .collect();
    use gongkai_core::catalog::{Domain, TimeClass};
    html(CatalogPage {
        csrf: user.session.csrf_token.clone(),
        tree: views::catalog_tree(org.code.as_str(), &items, None),
        editable: user.actor.authorize(Permission::ManageOrg, &org.code).is_ok(),
        time_classes: TimeClass::choices(),
        domains: Domain::choices(),
        branches,
        org,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CatalogFields {
    org: Option<String>,
    code: Option<String>,
    parent: Option<String>,
    name: Option<String>,
    /// Present for a leaf (公开内容); absent for a branch.
    time_class: Option<String>,
    domain: Option<String>,
    basis: Option<String>,
}

pub(super) async fn add_catalog_item(
    State(state): State<AppState>,
    form: CsrfForm<CatalogFields>,
) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let org = OrgCode::parse(&required_text(form.org.as_deref(), "单位编码", 40)?)?;
    // A chosen time class makes the item a leaf (公开内容); without one it is a heading.
    let leaf = optional_text(form.time_class.as_deref(), "公开时限", 20)?.map(|time_class| LeafFields {
        time_class: Some(time_class),
        domain: form.domain,
        basis: form.basis,
        ..LeafFields::default()
    });
    let item = CatalogItemFields { code: form.code, parent: form.parent, name: form.name, leaf }.parse()?;
    state.store.add_catalog_item(&user.actor, &org, item).await?;
    state.follow_feed().await;
    Ok(see_other(&format!("/admin/catalog?code={org}")))
}
