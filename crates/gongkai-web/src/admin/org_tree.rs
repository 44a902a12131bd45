//! 单位管理 for administrators: the tree with each unit's state, adding a unit, and
//! importing a whole tree from a spreadsheet — every bad cell listed, nothing stored
//! unless all is good.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongkai_core::org::tree::NewOrg;
use gongkai_core::org::{OrgCode, OrgKind};
use gongkai_core::table::CellError;
use gongkai_core::DomainError;
use serde::Deserialize;

use super::{html, refusal};
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::extract::CsrfForm;
use crate::tables;
use crate::AppState;

pub struct OrgRow {
    code: String,
    name: String,
    kind: &'static str,
    depth: usize,
    closed: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NewOrgForm {
    code: Option<String>,
    name: Option<String>,
    kind: Option<String>,
    parent: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/org_tree.html")]
struct OrgTreePage {
    csrf: String,
    orgs: Vec<OrgRow>,
    kinds: Vec<(&'static str, &'static str)>,
    typed: NewOrgForm,
    message: Option<String>,
    refused: bool,
    /// The refusals of an import, row by row.
    cells: Vec<CellError>,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    typed: NewOrgForm,
    message: Option<String>,
    refused: bool,
    cells: Vec<CellError>,
) -> Result<Response, PageError> {
    user.actor.authorize_structure()?;
    let all = state.store.db.orgs().await?;
    let orgs = crate::views::org_depths(&all)
        .into_iter()
        .map(|(org, depth)| OrgRow {
            code: org.code.to_string(),
            name: org.name.clone(),
            kind: org.kind.label(),
            depth,
            closed: org.closed_on.map(|day| day.to_string()),
        })
        .collect();
    let kinds = OrgKind::choices();
    let csrf = user.session.csrf_token.clone();
    let mut response = html(OrgTreePage { csrf, orgs, kinds, typed, message, refused, cells })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub(super) async fn org_tree(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    page(&state, &user, NewOrgForm::default(), None, false, Vec::new()).await
}

pub(super) async fn create(State(state): State<AppState>, form: CsrfForm<NewOrgForm>) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let new = || -> Result<NewOrg, AppError> {
        Ok(NewOrg {
            code: OrgCode::parse(form.code.as_deref().unwrap_or_default())?,
            name: form.name.clone().unwrap_or_default(),
            kind: OrgKind::parse(form.kind.as_deref().unwrap_or_default())?,
            parent: form.parent.as_deref().filter(|p| !p.is_empty()).map(OrgCode::parse).transpose()?,
        })
    };
    let created = match new() {
        Ok(new) => state.store.create_org(&user.actor, new).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    match created {
        Ok(org) => {
            state.follow_feed().await;
            page(&state, &user, NewOrgForm::default(), Some(format!("已新建单位“{}”", org.name)), false, Vec::new())
                .await
        }
        Err(e) => page(&state, &user, form, Some(refusal(e)?), true, Vec::new()).await,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReshapeForm {
    code: Option<String>,
    name: Option<String>,
    parent: Option<String>,
    /// 撤销 is asked to be confirmed: a closed unit takes no new work.
    confirm: Option<String>,
}

/// 更名, 调整隶属 or 撤销 a unit, by the form used; the page says what was done or why not.
pub(super) async fn reshape(
    State(state): State<AppState>,
    Path(action): Path<String>,
    form: CsrfForm<ReshapeForm>,
) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let actor = &user.actor;
    let store = &state.store;
    let done = async {
        let code = OrgCode::parse(form.code.as_deref().unwrap_or_default())?;
        let before = store.db.org(&code).await?.ok_or_else(|| crate::portal::org_not_found(code.as_str()))?;
        let message = match action.as_str() {
            "rename" => {
                let after = store.rename_org(actor, &code, form.name.as_deref().unwrap_or_default()).await?;
                format!("“{}”已更名为“{}”", before.name, after.name)
            }
            "move" => {
                let parent = OrgCode::parse(form.parent.as_deref().unwrap_or_default())?;
                store.move_org(actor, &code, &parent).await?;
                format!("“{}”已划转至新的上级单位", before.name)
            }
            "close" if form.confirm.as_deref() == Some("yes") => {
                let after = store.close_org(actor, &code).await?;
                let day = after.closed_on.map(|d| d.to_string()).unwrap_or_default();
                format!("“{}”已于{day}撤销；已发布的信息继续公开，不再接受新的起草", before.name)
            }
            "close" => return Err(AppError::Domain(DomainError::invalid("not_confirmed", "撤销单位请先勾选确认"))),
            _ => return Err(AppError::Domain(DomainError::not_found("unknown_action", "未知的操作"))),
        };
        Ok::<_, AppError>(message)
    }
    .await;
    match done {
        Ok(message) => {
            state.follow_feed().await;
            page(&state, &user, NewOrgForm::default(), Some(message), false, Vec::new()).await
        }
        Err(e) => page(&state, &user, NewOrgForm::default(), Some(refusal(e)?), true, Vec::new()).await,
    }
}

/// The form sends `csrf` before `file`: the token and the right to import are checked
/// before the table is read.
pub(super) async fn import(
    State(state): State<AppState>,
    user: PageUser,
    multipart: Multipart,
) -> Result<Response, PageError> {
    user.actor.authorize_structure()?;
    let Some(file) = super::table_file(&user, multipart).await? else {
        let message = "请选择要导入的表格文件（.xlsx）".to_owned();
        return page(&state, &user, NewOrgForm::default(), Some(message), true, Vec::new()).await;
    };
    let outcome = match tables::import_orgs(&state, &user.actor, file).await {
        Err(AppError::Table(errors)) => Err(errors),
        other => Ok(other?),
    };
    match outcome {
        Ok(count) => {
            page(&state, &user, NewOrgForm::default(), Some(format!("已导入 {count} 个单位")), false, Vec::new()).await
        }
        Err(errors) => {
            let message = format!("表格有{}处错误，未导入任何单位：", errors.0.len());
            page(&state, &user, NewOrgForm::default(), Some(message), true, errors.0).await
        }
    }
}
