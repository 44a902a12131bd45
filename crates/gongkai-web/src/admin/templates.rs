//! 目录模板 for administrators: each kind of unit's standard catalogue, downloaded as a
//! spreadsheet, edited there and loaded back — new items added, changed ones changed,
//! nothing removed that records may be filed under; every bad cell listed otherwise.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongkai_core::org::OrgKind;
use gongkai_core::table::CellError;

use super::{html, refusal};
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::{tables, AppState};

struct KindLine {
    kind: &'static str,
    label: &'static str,
    items: usize,
    leaves: usize,
}

#[derive(Template)]
#[template(path = "admin/templates.html")]
struct TemplatesPage {
    csrf: String,
    kinds: Vec<KindLine>,
    message: Option<String>,
    refused: bool,
    cells: Vec<CellError>,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    message: Option<String>,
    refused: bool,
    cells: Vec<CellError>,
) -> Result<Response, PageError> {
    user.actor.authorize_templates()?;
    let sizes = state.store.db.template_sizes().await?;
    let kinds = OrgKind::ALL
        .iter()
        .map(|&kind| {
            let (items, leaves) = sizes.iter().find(|(k, ..)| *k == kind).map_or((0, 0), |&(_, i, l)| (i, l));
            KindLine { kind: kind.as_str(), label: kind.label(), items, leaves }
        })
        .collect();
    let csrf = user.session.csrf_token.clone();
    let mut response = html(TemplatesPage { csrf, kinds, message, refused, cells })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub(super) async fn templates(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    page(&state, &user, None, false, Vec::new()).await
}

/// The form sends `csrf` before `file`: the token and the right are checked before the
/// table is read.
pub(super) async fn load(
    State(state): State<AppState>,
    user: PageUser,
    Path(kind): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    user.actor.authorize_templates()?;
    let kind = OrgKind::parse(&kind)?;
    let Some(file) = super::table_file(&user, multipart).await? else {
        return page(&state, &user, Some("请选择要导入的表格文件（.xlsx）".into()), true, Vec::new()).await;
    };
    match tables::load_template(&state, &user.actor, kind, file).await {
        Ok(load) if load.added.is_empty() && load.changed.is_empty() => {
            let message = format!("表格与{}目录模板现有内容相同，未作修改（{}项）", kind.label(), load.unchanged);
            page(&state, &user, Some(message), false, Vec::new()).await
        }
        Ok(load) => {
            let mut message = format!(
                "{}目录模板已更新：新增{}项，修改{}项，未变{}项",
                kind.label(),
                load.added.len(),
                load.changed.len(),
                load.unchanged
            );
            if !load.kept.is_empty() {
                message.push_str(&format!("；表中未列出的{}项仍予保留", load.kept.len()));
            }
            page(&state, &user, Some(message), false, Vec::new()).await
        }
        Err(AppError::Table(errors)) => {
            let message = format!("表格有{}处错误，模板未作任何修改：", errors.0.len());
            page(&state, &user, Some(message), true, errors.0).await
        }
        Err(e) => page(&state, &user, Some(refusal(e)?), true, Vec::new()).await,
    }
}
