//! Disclosure records: drafting, reading, and each step of review and publication. Every
//! read goes through the access guard, so the API answers exactly what the portal shows.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use gongkai_core::access::Actor;
use gongkai_core::record::{Command, RecordId};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{optional_actor, ErrorBody};
use crate::auth::ApiUser;
use crate::draft::DraftFields;
use crate::error::ApiError;
use crate::public::Disclosure;
use crate::{extract, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_disclosure, super::disclosure_list::list_disclosures))
        .routes(routes!(get_disclosure, update_disclosure))
        .routes(routes!(submit))
        .routes(routes!(recall))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(withdraw))
        .routes(routes!(revise))
}

/// A record as `viewer` sees it, through the access guard: the same answer the portal gives.
pub(super) async fn disclosure(
    state: &AppState,
    viewer: Option<&Actor>,
    id: &RecordId,
) -> Result<Disclosure, ApiError> {
    let view = state.store.record_view(viewer, id).await?;
    let directory = state.directory.get(&state.store.db).await?;
    let publisher = directory.org(&view.record.org).map_or(view.record.org.as_str(), |o| o.name.as_str());
    Ok(Disclosure::new(&view, publisher))
}

/// 起草公开记录
#[utoipa::path(post, path = "/disclosures", tag = "公开记录", security(("bearer" = [])), request_body = DraftFields,
    responses((status = 201, body = Disclosure), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_disclosure(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    body: Bytes,
) -> Result<(StatusCode, Json<Disclosure>), ApiError> {
    let fields: DraftFields = extract::json(&body)?;
    let record = state.store.create_record(&actor, fields.parse()?).await?;
    Ok((StatusCode::CREATED, Json(disclosure(&state, Some(&actor), &record.id).await?)))
}

/// 公开记录：公众只能看到已公开的内容；已撤回的只显示撤回公告；未公开的须有本单位权限
#[utoipa::path(get, path = "/disclosures/{id}", tag = "公开记录", params(("id" = String, Path, description = "记录编号")),
    responses((status = 200, body = Disclosure), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_disclosure(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Disclosure>, ApiError> {
    let viewer = optional_actor(&state, &headers).await?;
    let id = RecordId::parse(&id)?;
    Ok(Json(disclosure(&state, viewer.as_ref(), &id).await?))
}

/// 修改草稿或被退回的记录
#[utoipa::path(put, path = "/disclosures/{id}", tag = "公开记录", security(("bearer" = [])),
    params(("id" = String, Path, description = "记录编号")), request_body = DraftFields,
    responses((status = 200, body = Disclosure), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn update_disclosure(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Disclosure>, ApiError> {
    let id = RecordId::parse(&id)?;
    let fields: DraftFields = extract::json(&body)?;
    state.store.act(&actor, &id, Command::Edit(fields.parse()?)).await?;
    Ok(Json(disclosure(&state, Some(&actor), &id).await?))
}

/// Runs `command` and answers with the record it ends on.
async fn run(state: &AppState, actor: &Actor, id: &str, command: Command) -> Result<Json<Disclosure>, ApiError> {
    let id = RecordId::parse(id)?;
    let record = state.store.act(actor, &id, command).await?;
    state.follow_feed().await;
    Ok(Json(disclosure(state, Some(actor), &record.id).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    reason: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeNote {
    change_note: Option<String>,
}

/// A body that may be empty.
fn optional_body<T: serde::de::DeserializeOwned + Default>(body: &Bytes) -> Result<T, ApiError> {
    if body.is_empty() {
        Ok(T::default())
    } else {
        Ok(extract::json(body)?)
    }
}

/// The reason a `Reason` body gives, as typed: core asks for it.
fn reason(body: &Bytes) -> Result<String, ApiError> {
    let body: Reason = optional_body(body)?;
    Ok(body.reason.unwrap_or_default())
}

/// 提交审核
#[utoipa::path(post, path = "/disclosures/{id}/submit", tag = "公开记录", security(("bearer" = [])),
    params(("id" = String, Path, description = "记录编号")),
    responses((status = 200, body = Disclosure), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn submit(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Disclosure>, ApiError> {
    run(&state, &actor, &id, Command::Submit).await
}

/// 撤销送审：审核前收回已提交的记录
#[utoipa::path(post, path = "/disclosures/{id}/recall", tag = "公开记录", security(("bearer" = [])),
    params(("id" = String, Path, description = "记录编号")),
    responses((status = 200, body = Disclosure), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn recall(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Disclosure>, ApiError> {
    run(&state, &actor, &id, Command::Recall).await
}

/// 审核通过：立即发布，或到定时发布时间发布；起草或修改过本版本的人不能审核
#[utoipa::path(post, path = "/disclosures/{id}/approve", tag = "公开记录", security(("bearer" = [])),
    params(("id" = String, Path, description = "记录编号")),
    responses((status = 200, body = Disclosure), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn approve(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Disclosure>, ApiError> {
    run(&state, &actor, &id, Command::Approve).await
}

/// 退回，须说明理由
#[utoipa::path(post, path = "/disclosures/{id}/reject", tag = "公开记录", security(("bearer" = [])),
    params(("id" = String, Path, description = "记录编号")), request_body = Reason,
    responses((status = 200, body = Disclosure), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn reject(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Disclosure>, ApiError> {
    let reason = reason(&body)?;
    run(&state, &actor, &id, Command::Reject { reason }).await
}

/// 撤回已公开或定时发布的记录，须说明理由；公开页面只保留撤回公告
#[utoipa::path(post, path = "/disclosures/{id}/withdraw", tag = "公开记录", security(("bearer" = [])),
    params(("id" = String, Path, description = "记录编号")), request_body = Reason,
    responses((status = 200, body = Disclosure), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Disclosure>, ApiError> {
    let reason = reason(&body)?;
    run(&state, &actor, &id, Command::Withdraw { reason }).await
}

/// 更正：基于已公开记录起草新版本，经审核后取代原版本
#[utoipa::path(post, path = "/disclosures/{id}/revise", tag = "公开记录", security(("bearer" = [])),
    params(("id" = String, Path, description = "记录编号")), request_body = ChangeNote,
    responses((status = 201, body = Disclosure), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn revise(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Disclosure>), ApiError> {
    let body: ChangeNote = optional_body(&body)?;
    let change_note = body.change_note.unwrap_or_default();
    Ok((StatusCode::CREATED, run(&state, &actor, &id, Command::Revise { change_note }).await?))
}
