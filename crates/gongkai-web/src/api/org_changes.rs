//! Changes to an organisation's details waiting for review (四眼原则): reading the one
//! waiting, approving it (it becomes public) and returning it with a reason.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use chrono::SecondsFormat;
use gongkai_core::access::Actor;
use gongkai_core::org::change::DetailsChange;
use gongkai_core::org::Org;
use gongkai_core::DomainError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::orgs::{LeaderView, OrgView};
use super::{find_org, ErrorBody};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::{extract, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_change)).routes(routes!(approve)).routes(routes!(reject))
}

/// 待审核或被退回的单位信息修改
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgChangeView {
    org: String,
    /// waiting（待审核）或 returned（已退回）
    state: &'static str,
    /// 提交人
    proposer: String,
    proposed_at: String,
    address: Option<String>,
    phone: Option<String>,
    first_responsible: Option<String>,
    leaders: Vec<LeaderView>,
    /// 退回人、时间和理由（退回后才有）
    #[serde(skip_serializing_if = "Option::is_none")]
    returned: Option<ReturnedView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnedView {
    by: String,
    at: String,
    reason: String,
}

impl OrgChangeView {
    pub fn of(org: &Org, change: &DetailsChange) -> Self {
        let d = &change.details;
        OrgChangeView {
            org: org.code.to_string(),
            state: if change.returned.is_some() { "returned" } else { "waiting" },
            proposer: change.proposer.clone(),
            proposed_at: change.proposed_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            address: d.address.clone(),
            phone: d.phone.clone(),
            first_responsible: d.first_responsible.clone(),
            leaders: d.leaders.iter().map(LeaderView::from).collect(),
            returned: change.returned.as_ref().map(|r| ReturnedView {
                by: r.by.clone(),
                at: r.at.to_rfc3339_opts(SecondsFormat::Secs, true),
                reason: r.reason.clone(),
            }),
        }
    }
}

/// A change is unpublished work: outside the organisation (and supervision) it does not
/// exist.
async fn visible_change(state: &AppState, actor: &Actor, code: &str) -> Result<(Org, DetailsChange), ApiError> {
    let org = find_org(state, code).await?;
    let nothing = || DomainError::not_found("no_pending_change", "该单位没有待审核的单位信息修改");
    if !actor.can_see(&org.code) {
        return Err(nothing().into());
    }
    let change = state.store.db.org_change(&org.code).await?.ok_or_else(nothing)?;
    Ok((org, change))
}

/// 单位信息修改（待审核或已退回）；仅本单位人员、管理员和监督人员可见
#[utoipa::path(get, path = "/orgs/{code}/change", tag = "单位", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码")),
    responses((status = 200, body = OrgChangeView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_change(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
) -> Result<Json<OrgChangeView>, ApiError> {
    let (org, change) = visible_change(&state, &actor, &code).await?;
    Ok(Json(OrgChangeView::of(&org, &change)))
}

/// 审核通过单位信息修改：修改随即公开。提交人本人不能审核
#[utoipa::path(post, path = "/orgs/{code}/change/approve", tag = "单位", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码")),
    responses((status = 200, body = OrgView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn approve(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
) -> Result<Json<OrgView>, ApiError> {
    let (org, _) = visible_change(&state, &actor, &code).await?;
    let org = state.store.approve_org_details(&actor, &org.code).await?;
    state.follow_feed().await;
    Ok(Json(OrgView::from(&org)))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnFields {
    /// 退回理由
    reason: Option<String>,
}

/// 退回单位信息修改，须说明理由；公开的单位信息不变
#[utoipa::path(post, path = "/orgs/{code}/change/reject", tag = "单位", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码")), request_body = ReturnFields,
    responses((status = 200, body = OrgChangeView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn reject(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<OrgChangeView>, ApiError> {
    let fields: ReturnFields = extract::json(&body)?;
    let (org, _) = visible_change(&state, &actor, &code).await?;
    let change =
        state.store.reject_org_details(&actor, &org.code, fields.reason.as_deref().unwrap_or_default()).await?;
    Ok(Json(OrgChangeView::of(&org, &change)))
}
