//! Catalogue tables handed back: a template edited as a spreadsheet (administrators) —
//! downloaded from `/catalog-templates/{kind}/table`, changed and loaded over the template
//! in use — and a unit's own additions as new rows of its catalogue's table.

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::Json;
use gongkai_core::access::Permission;
use gongkai_core::catalog::template::TemplateLoad;
use gongkai_core::org::OrgKind;
use gongkai_core::DomainError;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::files::Upload;
use super::{find_org, ErrorBody};
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::tables::{self, TABLE_MAX};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(load_template))
        .routes(routes!(import_catalog))
        .layer(DefaultBodyLimit::max(TABLE_MAX + 64 * 1024))
}

/// What loading the table changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateLoaded {
    /// 新增的事项编码
    added: Vec<String>,
    /// 修改的事项编码
    changed: Vec<String>,
    /// 未变的事项数
    unchanged: usize,
    /// 表中没有、但仍保留的事项编码（可能已有信息或单位增补挂在其下）
    kept: Vec<String>,
}

impl From<&TemplateLoad> for TemplateLoaded {
    fn from(l: &TemplateLoad) -> Self {
        let codes =
            |items: &[gongkai_core::catalog::CatalogItem]| items.iter().map(|i| i.code.as_str().to_owned()).collect();
        TemplateLoaded {
            added: codes(&l.added),
            changed: codes(&l.changed),
            unchanged: l.unchanged,
            kept: l.kept.iter().map(|c| c.as_str().to_owned()).collect(),
        }
    }
}

/// 以 XLSX 表格更新一类单位的目录模板（管理员）：表格格式与下载的模板相同；按目录编码
/// 对应，新编码新增，有变化的修改，表中没有的保留；有一行错误则全部不更新，答 422 invalid_table
#[utoipa::path(post, path = "/catalog-templates/{kind}/table", tag = "公开目录", security(("bearer" = [])),
    params(("kind" = String, Path, description = "单位类型，如 township")),
    request_body(content = Upload, content_type = "multipart/form-data"),
    responses((status = 200, body = TemplateLoaded), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn load_template(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(kind): Path<String>,
    multipart: Multipart,
) -> Result<Json<TemplateLoaded>, ApiError> {
    // Asked before the file is read.
    actor.authorize_templates()?;
    let kind = OrgKind::parse(&kind)
        .map_err(|_| AppError::Domain(DomainError::not_found("unknown_template", format!("没有“{kind}”这类单位"))))?;
    let file = tables::one_file(multipart).await?;
    let load = tables::load_template(&state, &actor, kind, file).await?;
    Ok(Json(TemplateLoaded::from(&load)))
}

/// What a unit's catalogue table added.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogAdded {
    /// 新增的事项编码（含新增的一级、二级事项）
    added: Vec<String>,
}

/// 以 XLSX 表格增补本单位的公开目录：表格格式与下载的本单位目录相同；已有编码的行不作修改，
/// 其余各行作为本单位增补的事项；有一处错误则全部不导入，答 422 invalid_table
#[utoipa::path(post, path = "/orgs/{code}/catalog/table", tag = "公开目录", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码")),
    request_body(content = Upload, content_type = "multipart/form-data"),
    responses((status = 201, body = CatalogAdded), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn import_catalog(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<(StatusCode, Json<CatalogAdded>), ApiError> {
    let org = find_org(&state, &code).await?;
    // Asked before the file is read.
    actor.authorize(Permission::ManageOrg, &org.code)?;
    let file = tables::one_file(multipart).await?;
    let added = tables::import_catalog(&state, &actor, &org.code, file).await?;
    Ok((StatusCode::CREATED, Json(CatalogAdded { added: added.iter().map(|i| i.code.as_str().to_owned()).collect() })))
}
