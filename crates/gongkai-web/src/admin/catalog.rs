//! The organisation's catalogue and its own additions.

use askama::Template;
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongkai_core::access::Permission;
use gongkai_core::fields::{optional_text, required_text};
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::table::CellError;
use serde::Deserialize;

use super::{html, refusal, see_other, target_org};
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::extract::CsrfForm;
use crate::org_fields::{CatalogItemFields, LeafFields};
use crate::AppState;
use crate::{tables, views};

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
    message: Option<(String, bool)>,
    cells: Vec<CellError>,
}

pub(super) async fn catalog(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    if super::must_choose(&user.actor, raw.as_deref()) {
        let intro = "请选择要查看公开目录的单位。各类单位的目录模板在“目录模板”页面维护。";
        return super::choose_org(&state, "选择单位", intro, "/admin/catalog?code=").await;
    }
    let org = target_org(&state, &user.actor, raw.as_deref()).await?;
    page(&state, &user, org, None, Vec::new()).await
}

/// The catalogue page, with what an import did or every cell it refused.
async fn page(
    state: &AppState,
    user: &PageUser,
    org: Org,
    message: Option<(String, bool)>,
    cells: Vec<CellError>,
) -> Result<Response, PageError> {
    let items = state.store.db.catalog_of(&org).await?;
    let branches = items
        .iter()
        .filter(|i| !i.is_leaf() && i.level < 3)
        .map(|i| (i.code.as_str().to_owned(), format!("{} {}", "　".repeat(usize::from(i.level - 1)), i.name)))
        .collect();
    use gongkai_core::catalog::{Domain, TimeClass};
    let refused = message.as_ref().is_some_and(|(_, refused)| *refused);
    let mut response = html(CatalogPage {
        csrf: user.session.csrf_token.clone(),
        tree: views::catalog_tree(org.code.as_str(), &items, None),
        editable: user.actor.authorize(Permission::ManageOrg, &org.code).is_ok(),
        time_classes: TimeClass::choices(),
        domains: Domain::choices(),
        branches,
        org,
        message,
        cells,
    })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// New rows of the unit's catalogue table become its additions. The form sends `csrf`
/// before `file`: the token and the right are checked before the table is read.
pub(super) async fn import(
    State(state): State<AppState>,
    user: PageUser,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let code = OrgCode::parse(&code)?;
    let org = state.store.db.org(&code).await?.ok_or_else(|| crate::portal::org_not_found(code.as_str()))?;
    user.actor.authorize(Permission::ManageOrg, &org.code)?;
    let Some(file) = super::table_file(&user, multipart).await? else {
        let message = ("请选择要导入的表格文件（.xlsx）".to_owned(), true);
        return page(&state, &user, org, Some(message), Vec::new()).await;
    };
    match tables::import_catalog(&state, &user.actor, &org.code, file).await {
        Ok(added) => {
            let message = format!("已增补{}个目录事项（含新增的一级、二级事项）", added.len());
            page(&state, &user, org, Some((message, false)), Vec::new()).await
        }
        Err(AppError::Table(errors)) => {
            let message = format!("表格有{}处错误，未增补任何事项：", errors.0.len());
            page(&state, &user, org, Some((message, true)), errors.0).await
        }
        Err(e) => page(&state, &user, org, Some((refusal(e)?, true)), Vec::new()).await,
    }
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
