//! 依申请公开 in the API: the public submit and follow their applications; the receiving
//! unit's staff register ones handed in or posted, and handle them.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gongkai_core::request::{clock::Urgency, InfoRequest};
use gongkai_core::time::china_date;
use gongkai_core::DomainError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{find_org, ErrorBody};
use crate::auth::ApiUser;
use crate::client_ip::ClientIp;
use crate::error::ApiError;
use crate::request_fields::{ActionFields, RequestFields};
use crate::requests::{self, FileView, ReceiptView, StatusView};
use crate::{extract, AppState};

pub fn routes(config: &crate::WebConfig) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit))
        .routes(routes!(status))
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(act))
        .routes(routes!(released_file))
        .routes(routes!(staff_file))
        .routes(routes!(add_file))
        .layer(axum::extract::DefaultBodyLimit::max(config.max_upload_bytes + 64 * 1024))
}

/// The org's name as the directory knows it (the code when it is gone).
async fn org_name(state: &AppState, code: &gongkai_core::org::OrgCode) -> Result<String, ApiError> {
    let directory = state.directory.get(&state.store.db).await?;
    Ok(directory.org(code).map_or_else(|| code.to_string(), |o| o.name.clone()))
}

/// 提交政府信息公开申请。公众在线提交；工作人员（本单位信息员，带令牌）登记当面或信函提交的申请时填写 channel 和 received_on。
/// 带 Idempotency-Key 头重复提交同一内容，只登记一次并返回首次的回执
#[utoipa::path(post, path = "/requests", tag = "依申请公开", request_body = RequestFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "16至128个字符的随机串，重试时原样带上")),
    responses((status = 201, body = ReceiptView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    registrar: Option<ApiUser>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let registrar = registrar.map(|ApiUser(actor)| actor);
    let fields: RequestFields = extract::json(&body)?;
    let key = match headers.get("idempotency-key") {
        Some(value) => Some(value.to_str().map_err(|_| {
            crate::error::AppError::BadRequest("invalid_idempotency_key", "幂等键应为16至128个可见ASCII字符".into())
        })?),
        None => None,
    };
    let registered = requests::submit(&state, registrar.as_ref(), &fields, key.map(|k| (k, &body[..])), &ip).await?;
    let calendar = state.store.calendar().await?;
    let name = org_name(&state, &registered.request.number.org).await?;
    let mut response = (StatusCode::CREATED, Json(ReceiptView::of(&registered, &name, &calendar))).into_response();
    if registered.replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// 凭查询码查询办理进度（不含个人信息）。查询码错误时一律返回404；同一地址错误次数过多时返回429
#[utoipa::path(get, path = "/requests/{tracking_code}", tag = "依申请公开",
    params(("tracking_code" = String, Path, description = "回执上的查询码")),
    responses((status = 200, body = StatusView), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn status(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
) -> Result<Json<StatusView>, ApiError> {
    let (request, history) = requests::track(&state, &code, &ip).await?;
    let calendar = state.store.calendar().await?;
    let name = org_name(&state, &request.org).await?;
    let files = state.store.released_files(&request).await?;
    Ok(Json(StatusView::of(&request, &history, &files, &name, &calendar)))
}

/// 凭查询码下载答复所附的政府信息（予以公开、部分公开的答复作出后）
#[utoipa::path(get, path = "/requests/{tracking_code}/files/{file}", tag = "依申请公开",
    params(("tracking_code" = String, Path, description = "回执上的查询码"), ("file" = String, Path, description = "文件编号")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
async fn released_file(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path((code, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (request, _) = requests::track(&state, &code, &ip).await?;
    let files = state.store.released_files(&request).await?;
    let (file, bytes) = state.store.request_file_bytes(&files, &file).await?;
    Ok(crate::download::file_response(&file.name, &file.media_type, bytes))
}

/// 下载申请的答复材料（承办单位人员、管理员和监督员）
#[utoipa::path(get, path = "/requests/id/{id}/files/{file}", tag = "依申请公开", security(("bearer" = [])),
    params(("id" = String, Path, description = "申请的内部编号"), ("file" = String, Path, description = "文件编号")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn staff_file(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let request = state.store.request_for(&actor, &id).await?;
    let files = state.store.request_files(&request).await?;
    let (file, bytes) = state.store.request_file_bytes(&files, &file).await?;
    let mut response = crate::download::file_response(&file.name, &file.media_type, bytes);
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// 添加答复所附的政府信息（PDF、DOCX、XLSX、PNG、JPEG）：承办人在办结前添加；答复为予以公开或部分公开后，申请人凭查询码可下载
#[utoipa::path(post, path = "/requests/id/{id}/files", tag = "依申请公开", security(("bearer" = [])),
    params(("id" = String, Path, description = "申请的内部编号")),
    request_body(content = super::files::Upload, content_type = "multipart/form-data"),
    responses((status = 201, body = FileView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_file(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    multipart: axum::extract::Multipart,
) -> Result<(StatusCode, Json<FileView>), ApiError> {
    let file = requests::add_file(&state, &actor, &id, multipart, None).await?;
    Ok((StatusCode::CREATED, Json(FileView::from(&file))))
}

/// 一件申请，如本单位工作人员所见
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestDetail {
    pub id: String,
    #[serde(flatten)]
    pub status: StatusView,
    /// 申请人类型
    pub applicant_kind: &'static str,
    pub applicant_name: String,
    pub contact: String,
    pub id_number: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub description: String,
    pub delivery: &'static str,
    pub channel: &'static str,
    /// 首问负责的承办人
    pub handler: Option<String>,
    /// normal、soon（5个工作日内到期）、overdue（已逾期）
    pub urgency: &'static str,
    /// 补正通知最迟发出日期
    pub correction_notice_by: String,
    /// 等待审核的延期申请（工作日数）
    pub extension_pending: Option<u32>,
    pub answer_reason: Option<String>,
    /// 答复材料（全部；申请人只在予以公开、部分公开的答复后看到）
    pub all_files: Vec<FileView>,
    pub log: Vec<LogView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LogView {
    pub day: String,
    pub at: String,
    pub action: &'static str,
    pub actor: String,
    pub detail: String,
}

async fn detail_of(state: &AppState, request: &InfoRequest) -> Result<RequestDetail, ApiError> {
    let calendar = state.store.calendar().await?;
    let history = state.store.request_history(request).await?;
    let name = org_name(state, &request.org).await?;
    let today = china_date(state.store.clock.now());
    let a = &request.applicant;
    let released = state.store.released_files(request).await?;
    let all_files = state.store.request_files(request).await?;
    Ok(RequestDetail {
        id: request.id.clone(),
        status: StatusView::of(request, &history, &released, &name, &calendar),
        all_files: all_files.iter().map(FileView::from).collect(),
        applicant_kind: a.kind.label(),
        applicant_name: a.name.clone(),
        contact: a.phone.clone(),
        id_number: a.id_number.clone(),
        email: a.email.clone(),
        address: a.address.clone(),
        description: request.description.clone(),
        delivery: request.delivery.label(),
        channel: request.channel.label(),
        handler: request.handler.clone(),
        urgency: match request.urgency(&calendar, today) {
            Urgency::Normal => "normal",
            Urgency::Soon => "soon",
            Urgency::Overdue => "overdue",
        },
        correction_notice_by: request.correction_notice_by(&calendar).to_string(),
        extension_pending: request.extension.as_ref().filter(|e| e.approved.is_none()).map(|e| e.days),
        answer_reason: request.answer.as_ref().and_then(|a| a.reason.clone()),
        log: history
            .iter()
            .map(|e| LogView {
                day: e.day.to_string(),
                at: e.at.to_rfc3339(),
                action: e.action.as_str(),
                actor: e.actor.clone(),
                detail: e.detail.clone(),
            })
            .collect(),
    })
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// open（默认，尚未答复的）
    state: Option<String>,
}

/// 本单位尚未答复的申请，到期早的在前；本单位人员、管理员和监督员可见
#[utoipa::path(get, path = "/orgs/{code}/requests", tag = "依申请公开", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码"), ListParams),
    responses((status = 200, body = Vec<RequestDetail>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Json<Vec<RequestDetail>>, ApiError> {
    if params.state.as_deref().is_some_and(|s| s != "open") {
        return Err(DomainError::invalid("invalid_request_state", "state 只能为 open").into());
    }
    let org = find_org(&state, &code).await?;
    if !actor.can_see(&org.code) {
        return Err(crate::portal::org_not_found(&code).into());
    }
    let mut out = Vec::new();
    for request in state.store.open_requests(&actor, Some(&org.code)).await? {
        out.push(detail_of(&state, &request).await?);
    }
    Ok(Json(out))
}

/// 一件申请的全部信息和办理记录；仅承办单位人员、管理员和监督员可见
#[utoipa::path(get, path = "/requests/id/{id}", tag = "依申请公开", security(("bearer" = [])),
    params(("id" = String, Path, description = "申请的内部编号")),
    responses((status = 200, body = RequestDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn detail(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<RequestDetail>, ApiError> {
    let request = state.store.request_for(&actor, &id).await?;
    Ok(Json(detail_of(&state, &request).await?))
}

/// 办理一件申请：状态不允许的操作返回409；答复期限始终由系统计算
#[utoipa::path(post, path = "/requests/id/{id}/actions", tag = "依申请公开", security(("bearer" = [])),
    params(("id" = String, Path, description = "申请的内部编号")), request_body = ActionFields,
    responses((status = 200, body = RequestDetail), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn act(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<RequestDetail>, ApiError> {
    let fields: ActionFields = extract::json(&body)?;
    // Someone who may not see the request learns nothing, not even that the action is bad.
    state.store.request_for(&actor, &id).await?;
    let request = state.store.act_on_request(&actor, &id, fields.command()?).await?;
    Ok(Json(detail_of(&state, &request).await?))
}
