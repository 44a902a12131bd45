//! Organisations: the list, one organisation's details, and changing them.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use gongkai_core::org::{Leader, Org};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::org_changes::OrgChangeView;
use super::{find_org, ErrorBody};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::org_fields::OrgDetailsFields;
use crate::{extract, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_orgs)).routes(routes!(get_org, update_org))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgLine {
    code: String,
    name: String,
    parent: Option<String>,
    kind: String,
    kind_label: String,
}

/// 单位列表（按上下级顺序；已撤销的单位不列出）
#[utoipa::path(get, path = "/orgs", tag = "单位", responses((status = 200, body = Vec<OrgLine>)))]
async fn list_orgs(State(state): State<AppState>) -> Result<Json<Vec<OrgLine>>, ApiError> {
    let orgs = state.store.db.orgs().await?;
    Ok(Json(
        gongkai_core::org::tree::in_tree_order(&orgs)
            .into_iter()
            .filter(|o| o.closed_on.is_none())
            .map(|o| OrgLine {
                code: o.code.to_string(),
                name: o.name.clone(),
                parent: o.parent.as_ref().map(ToString::to_string),
                kind: o.kind.as_str().to_owned(),
                kind_label: o.kind.label().to_owned(),
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderView {
    name: String,
    post: String,
    duties: String,
    phone: Option<String>,
}

impl From<&Leader> for LeaderView {
    fn from(l: &Leader) -> Self {
        LeaderView { name: l.name.clone(), post: l.post.clone(), duties: l.duties.clone(), phone: l.phone.clone() }
    }
}

/// 单位信息
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgView {
    code: String,
    name: String,
    kind: String,
    parent: Option<String>,
    address: Option<String>,
    phone: Option<String>,
    /// 第一责任人
    first_responsible: Option<String>,
    leaders: Vec<LeaderView>,
    /// 撤销日期（未撤销时不出现）
    #[serde(skip_serializing_if = "Option::is_none")]
    closed_on: Option<String>,
}

impl From<&Org> for OrgView {
    fn from(o: &Org) -> Self {
        OrgView {
            code: o.code.to_string(),
            name: o.name.clone(),
            kind: o.kind.as_str().to_owned(),
            parent: o.parent.as_ref().map(ToString::to_string),
            address: o.address.clone(),
            phone: o.phone.clone(),
            first_responsible: o.first_responsible.clone(),
            leaders: o.leaders.iter().map(LeaderView::from).collect(),
            closed_on: o.closed_on.map(|d| d.to_string()),
        }
    }
}

/// 单位详情
#[utoipa::path(get, path = "/orgs/{code}", tag = "单位", params(("code" = String, Path, description = "单位编码")),
    responses((status = 200, body = OrgView), (status = 404, body = ErrorBody)))]
async fn get_org(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<OrgView>, ApiError> {
    Ok(Json(OrgView::from(&find_org(&state, &code).await?)))
}

/// 提出单位信息修改（联系方式、第一责任人、领导班子）：整体替换，未给出的字段即被清空。
/// 修改须经本单位审核人员审核通过后才公开（四眼原则），此前公众看到的仍是原信息。
#[utoipa::path(put, path = "/orgs/{code}", tag = "单位", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码")), request_body = OrgDetailsFields,
    responses((status = 202, body = OrgChangeView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn update_org(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<OrgChangeView>), ApiError> {
    let org = find_org(&state, &code).await?;
    let details = extract::json::<OrgDetailsFields>(&body)?.parse()?;
    let change = state.store.propose_org_details(&actor, &org.code, details).await?;
    Ok((StatusCode::ACCEPTED, Json(OrgChangeView::of(&org, &change))))
}
