//! Shaping the organisation tree, for administrators: creating, renaming, moving (划转) and
//! closing (撤销) organisations.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use gongkai_core::org::tree::NewOrg;
use gongkai_core::org::{OrgCode, OrgKind};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::orgs::OrgView;
use super::{find_org, ErrorBody};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::{extract, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_org))
        .routes(routes!(rename_org))
        .routes(routes!(move_org))
        .routes(routes!(close_org))
}

/// 新建单位
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrgFields {
    /// 单位编码，如行政区划代码
    code: String,
    name: String,
    /// 单位类型：city、district、township、street、village、community、party_committee、department、public_unit、service_hall（或其中文名）
    kind: String,
    /// 上级单位编码；市级单位不填
    parent: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameFields {
    name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveFields {
    /// 新的上级单位编码
    parent: String,
}

/// 新建单位（管理员）
#[utoipa::path(post, path = "/orgs", tag = "单位", security(("bearer" = [])), request_body = NewOrgFields,
    responses((status = 201, body = OrgView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_org(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    body: Bytes,
) -> Result<(StatusCode, Json<OrgView>), ApiError> {
    let fields: NewOrgFields = extract::json(&body)?;
    let new = NewOrg {
        code: OrgCode::parse(&fields.code)?,
        name: fields.name,
        kind: OrgKind::parse(&fields.kind)?,
        parent: fields.parent.as_deref().map(OrgCode::parse).transpose()?,
    };
    let org = state.store.create_org(&actor, new).await?;
    state.follow_feed().await;
    Ok((StatusCode::CREATED, Json(OrgView::from(&org))))
}

/// 单位更名（管理员）
#[utoipa::path(post, path = "/orgs/{code}/rename", tag = "单位", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码")), request_body = RenameFields,
    responses((status = 200, body = OrgView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn rename_org(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<OrgView>, ApiError> {
    let org = find_org(&state, &code).await?;
    let fields: RenameFields = extract::json(&body)?;
    let org = state.store.rename_org(&actor, &org.code, &fields.name).await?;
    state.follow_feed().await;
    Ok(Json(OrgView::from(&org)))
}

/// 单位划转到另一上级单位之下（管理员）
#[utoipa::path(post, path = "/orgs/{code}/move", tag = "单位", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码")), request_body = MoveFields,
    responses((status = 200, body = OrgView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn move_org(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<OrgView>, ApiError> {
    let org = find_org(&state, &code).await?;
    let fields: MoveFields = extract::json(&body)?;
    let org = state.store.move_org(&actor, &org.code, &OrgCode::parse(&fields.parent)?).await?;
    state.follow_feed().await;
    Ok(Json(OrgView::from(&org)))
}

/// 撤销单位（管理员）：已公开的信息仍可查阅，单位不再出现在列表中，也不能再新建信息；须先撤销或划转其下级单位
#[utoipa::path(post, path = "/orgs/{code}/close", tag = "单位", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码")),
    responses((status = 200, body = OrgView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn close_org(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
) -> Result<Json<OrgView>, ApiError> {
    let org = find_org(&state, &code).await?;
    let org = state.store.close_org(&actor, &org.code).await?;
    state.follow_feed().await;
    Ok(Json(OrgView::from(&org)))
}
