//! An organisation's catalogue: its template plus its own additions, and adding to it.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use gongkai_core::catalog::{CatalogItem, LeafRules};
use gongkai_core::org::OrgKind;
use gongkai_core::DomainError;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{find_org, ErrorBody};
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::org_fields::CatalogItemFields;
use crate::{extract, upload, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(org_catalog, add_catalog_item))
        .routes(routes!(org_catalog_table))
        .routes(routes!(catalog_templates))
        .routes(routes!(catalog_template_table))
}

/// 公开内容的要素
#[derive(Debug, Serialize, ToSchema)]
pub struct LeafView {
    domain: String,
    power: Option<String>,
    audience: String,
    basis: String,
    responsible: String,
    channels: String,
    mode: String,
    time_class: String,
    update_rule: String,
    /// 名单含个人信息：须有公示结束日期，期满撤下
    personal_data: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogItemView {
    code: String,
    parent: Option<String>,
    level: u8,
    name: String,
    leaf: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    rules: Option<LeafView>,
}

impl From<&LeafRules> for LeafView {
    fn from(r: &LeafRules) -> Self {
        LeafView {
            domain: r.domain.as_str().to_owned(),
            power: r.power.map(|p| p.as_str().to_owned()),
            audience: r.audience.as_str().to_owned(),
            basis: r.basis.clone(),
            responsible: r.responsible.clone(),
            channels: r.channels.clone(),
            mode: r.mode.as_str().to_owned(),
            time_class: r.time_class.as_str().to_owned(),
            update_rule: r.update_rule.as_str().to_owned(),
            personal_data: r.personal_data,
        }
    }
}

impl From<&CatalogItem> for CatalogItemView {
    fn from(i: &CatalogItem) -> Self {
        CatalogItemView {
            code: i.code.as_str().to_owned(),
            parent: i.parent.as_ref().map(|p| p.as_str().to_owned()),
            level: i.level,
            name: i.name.clone(),
            leaf: i.is_leaf(),
            rules: i.rules.as_ref().map(LeafView::from),
        }
    }
}

/// 一类单位的目录模板
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateView {
    /// 单位类型
    kind: String,
    kind_label: String,
    items: Vec<CatalogItemView>,
}

/// 各类单位的标准目录模板
#[utoipa::path(get, path = "/catalog-templates", tag = "公开目录", responses((status = 200, body = Vec<TemplateView>)))]
async fn catalog_templates(State(state): State<AppState>) -> Result<Json<Vec<TemplateView>>, ApiError> {
    let mut templates = Vec::new();
    for &kind in OrgKind::ALL {
        let items = state.store.db.template(kind).await?;
        if !items.is_empty() {
            templates.push(TemplateView {
                kind: kind.as_str().to_owned(),
                kind_label: kind.label().to_owned(),
                items: items.iter().map(CatalogItemView::from).collect(),
            });
        }
    }
    Ok(Json(templates))
}

/// A catalogue as a spreadsheet to download.
fn catalog_sheet(title: &str, items: &[CatalogItem]) -> Result<Response, ApiError> {
    let rows = gongkai_core::catalog::table::table_from_items(items);
    // The sheet is named as the file, so a template table handed back says whose it is.
    let sheet: String = title.chars().take(31).collect();
    let bytes = gongkai_sheets::write_xlsx(&sheet, &rows).map_err(|e| AppError::internal("writing a table", e))?;
    Ok(crate::download::file_response(&format!("{title}.xlsx"), upload::XLSX, bytes))
}

/// 下载一类单位的目录模板（XLSX 表格，每行一项公开内容）
#[utoipa::path(get, path = "/catalog-templates/{kind}/table", tag = "公开目录",
    params(("kind" = String, Path, description = "单位类型，如 township")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 404, body = ErrorBody)))]
async fn catalog_template_table(State(state): State<AppState>, Path(kind): Path<String>) -> Result<Response, ApiError> {
    let not_found =
        || AppError::Domain(DomainError::not_found("unknown_template", format!("没有“{kind}”这类单位的目录模板")));
    let kind = OrgKind::parse(&kind).map_err(|_| not_found())?;
    let items = state.store.db.template(kind).await?;
    if items.is_empty() {
        return Err(not_found().into());
    }
    catalog_sheet(&gongkai_core::catalog::template::sheet_name(kind), &items)
}

/// 下载单位的公开目录（XLSX 表格，模板加本单位增补）
#[utoipa::path(get, path = "/orgs/{code}/catalog/table", tag = "公开目录", params(("code" = String, Path, description = "单位编码")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 404, body = ErrorBody)))]
async fn org_catalog_table(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, ApiError> {
    let org = find_org(&state, &code).await?;
    let items = state.store.db.catalog_of(&org).await?;
    catalog_sheet(&format!("{}公开目录", org.name), &items)
}

/// 单位的公开目录（模板加本单位增补）
#[utoipa::path(get, path = "/orgs/{code}/catalog", tag = "公开目录", params(("code" = String, Path, description = "单位编码")),
    responses((status = 200, body = Vec<CatalogItemView>), (status = 404, body = ErrorBody)))]
async fn org_catalog(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Vec<CatalogItemView>>, ApiError> {
    let org = find_org(&state, &code).await?;
    let items = state.store.db.catalog_of(&org).await?;
    Ok(Json(items.iter().map(CatalogItemView::from).collect()))
}

/// 增补本单位的目录事项
#[utoipa::path(post, path = "/orgs/{code}/catalog", tag = "公开目录", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码")), request_body = CatalogItemFields,
    responses((status = 201, body = CatalogItemView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn add_catalog_item(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<CatalogItemView>), ApiError> {
    let org = find_org(&state, &code).await?;
    let fields: CatalogItemFields = extract::json(&body)?;
    let item = state.store.add_catalog_item(&actor, &org.code, fields.parse()?).await?;
    state.follow_feed().await;
    Ok((StatusCode::CREATED, Json(CatalogItemView::from(&item))))
}
