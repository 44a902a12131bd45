//! 意见箱和举报 in the API: the public send letters (as JSON, or as multipart with a file),
//! follow them by tracking code and read the replies published with consent; those who
//! handle letters list them, read them with their file, and act on them.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gongkai_core::opinion::{Opinion, ATTACHMENT_MAX_BYTES};
use gongkai_core::DomainError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::paging::Paging;
use super::requests::LogView;
use super::{find_org, ErrorBody};
use crate::auth::ApiUser;
use crate::client_ip::ClientIp;
use crate::error::{ApiError, AppError};
use crate::opinion_fields::{read_multipart, OpinionActionFields, OpinionFields, OpinionUpload};
use crate::opinions::{self, OpinionReceipt, OpinionStatus, PublicOpinions, Retry};
use crate::{extract, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    // A letter's file may be 10 MB, sent with the letter.
    let limit = usize::try_from(ATTACHMENT_MAX_BYTES).unwrap_or(usize::MAX) + 64 * 1024;
    OpenApiRouter::new()
        .routes(routes!(submit, public_list))
        .layer(DefaultBodyLimit::max(limit))
        .routes(routes!(status))
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(act))
        .routes(routes!(attachment))
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<&str>, AppError> {
    headers
        .get("idempotency-key")
        .map(|v| {
            v.to_str()
                .map_err(|_| AppError::BadRequest("invalid_idempotency_key", "幂等键应为16至128个可见ASCII字符".into()))
        })
        .transpose()
}

/// 写信或举报（匿名或实名）。以 JSON 提交不带附件；需附一张图片或一个 PDF 文件（不超过10MB）的，以
/// multipart/form-data 提交，字段相同，文件放在 attachment 中。举报须填写被举报人，只由监督员办理，一律不公开。
/// 带 Idempotency-Key 头重复提交同一内容，只登记一次并返回首次的回执
#[utoipa::path(post, path = "/opinions", tag = "意见箱",
    request_body(content((OpinionFields = "application/json"), (OpinionUpload = "multipart/form-data"))),
    params(("Idempotency-Key" = Option<String>, Header, description = "16至128个字符的随机串，重试时原样带上")),
    responses((status = 201, body = OpinionReceipt), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    let (fields, file) = if multipart {
        // The framework's refusals (no boundary, too large) are reshaped on the way out.
        let multipart = match Multipart::from_request(request, &state).await {
            Ok(m) => m,
            Err(refused) => return Ok(refused.into_response()),
        };
        let (letter, outcome) = read_multipart(&state, multipart, false).await;
        outcome?;
        (letter.fields, letter.file)
    } else {
        let body = match Bytes::from_request(request, &state).await {
            Ok(b) => b,
            Err(refused) => return Ok(refused.into_response()),
        };
        (extract::json::<OpinionFields>(&body)?, None)
    };
    let registered = opinions::submit(&state, &fields, file, key.map(Retry::Header), &ip).await?;
    let name = opinions::org_name(&state, &registered.opinion.org).await?;
    let mut response = (StatusCode::CREATED, Json(OpinionReceipt::of(&registered, &name))).into_response();
    if registered.replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PublicParams {
    /// 页码，从1开始
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100000)]
    page: Option<String>,
    /// 每页条数，1至100，默认20
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    per_page: Option<String>,
    /// 只看某单位的答复（单位编码）
    org: Option<String>,
}

/// 答复公开栏：来信人同意公开、且已答复公开的来信，新答复的在前；不含姓名、联系方式和附件，不含举报
#[utoipa::path(get, path = "/opinions", tag = "意见箱", params(PublicParams),
    responses((status = 200, body = PublicOpinions), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn public_list(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<PublicOpinions>, ApiError> {
    let params: PublicParams = extract::query(raw.as_deref())?;
    let paging = Paging::parse(params.page.as_deref(), params.per_page.as_deref())?;
    let org = match extract::filled(&params.org) {
        Some(code) => Some(find_org(&state, code).await?.code),
        None => None,
    };
    let mut list = opinions::public_page(&state, org.as_ref(), paging.page, paging.per_page).await?;
    let filters: Vec<(&str, &str)> = org.iter().map(|o| ("org", o.as_str())).collect();
    list.next = paging.next("/api/v1/opinions", &filters, list.total);
    Ok(Json(list))
}

/// 凭查询码查询办理情况和答复（不含个人信息）。查询码错误时一律返回404；同一地址错误次数过多时返回429
#[utoipa::path(get, path = "/opinions/{tracking_code}", tag = "意见箱",
    params(("tracking_code" = String, Path, description = "回执上的查询码")),
    responses((status = 200, body = OpinionStatus), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn status(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
) -> Result<Json<OpinionStatus>, ApiError> {
    let (opinion, history) = opinions::track(&state, &code, &ip).await?;
    let name = opinions::org_name(&state, &opinion.org).await?;
    Ok(Json(OpinionStatus::of(&opinion, &history, &name)))
}

/// 一封来信，如办理人员所见
#[derive(Debug, Serialize, ToSchema)]
pub struct OpinionDetail {
    pub id: String,
    #[serde(flatten)]
    pub status: OpinionStatus,
    pub text: String,
    /// 被举报人姓名及职务（仅举报）
    pub accused: Option<String>,
    pub anonymous: bool,
    pub sender_name: Option<String>,
    pub contact: Option<String>,
    pub attachment: Option<AttachmentView>,
    /// 首问负责的承办人
    pub handler: Option<String>,
    pub log: Vec<LogView>,
}

/// 来信附件：以 GET /opinions/id/{id}/attachment 下载
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
}

async fn detail_of(state: &AppState, o: &Opinion) -> Result<OpinionDetail, ApiError> {
    let history = state.store.opinion_history(o).await?;
    let name = opinions::org_name(state, &o.org).await?;
    Ok(OpinionDetail {
        id: o.id.clone(),
        status: OpinionStatus::of(o, &history, &name),
        text: o.text.clone(),
        accused: o.accused.clone(),
        anonymous: o.sender.is_none(),
        sender_name: o.sender.as_ref().map(|s| s.name.clone()),
        contact: o.sender.as_ref().map(|s| s.phone.clone()),
        attachment: o.attachment.as_ref().map(|a| AttachmentView {
            file_name: a.file_name.clone(),
            media_type: a.media_type.clone(),
            size: a.size,
        }),
        handler: o.handler.clone(),
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
    /// open（默认，尚未办结的）或 all
    state: Option<String>,
}

/// 本单位的来信，收到早的在前；本单位人员、管理员和监督员可见，举报只有监督员可见
#[utoipa::path(get, path = "/orgs/{code}/opinions", tag = "意见箱", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码"), ListParams),
    responses((status = 200, body = Vec<OpinionDetail>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Json<Vec<OpinionDetail>>, ApiError> {
    let all = match params.state.as_deref() {
        None | Some("open") => false,
        Some("all") => true,
        Some(_) => return Err(DomainError::invalid("invalid_opinion_state", "state 只能为 open 或 all").into()),
    };
    let org = find_org(&state, &code).await?;
    if !actor.can_see(&org.code) {
        return Err(crate::portal::org_not_found(&code).into());
    }
    let mut out = Vec::new();
    for opinion in state.store.opinions_in_hand(&actor, Some(&org.code), all).await? {
        out.push(detail_of(&state, &opinion).await?);
    }
    Ok(Json(out))
}

/// 一封来信的全部信息和办理记录；仅办理单位人员、管理员和监督员可见，举报只有监督员可见
#[utoipa::path(get, path = "/opinions/id/{id}", tag = "意见箱", security(("bearer" = [])),
    params(("id" = String, Path, description = "来信的内部编号")),
    responses((status = 200, body = OpinionDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn detail(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<OpinionDetail>, ApiError> {
    let opinion = state.store.opinion_for(&actor, &id).await?;
    Ok(Json(detail_of(&state, &opinion).await?))
}

/// 办理一封来信：状态不允许的操作返回409；答复只有来信人同意公开时才能公开
#[utoipa::path(post, path = "/opinions/id/{id}/actions", tag = "意见箱", security(("bearer" = [])),
    params(("id" = String, Path, description = "来信的内部编号")), request_body = OpinionActionFields,
    responses((status = 200, body = OpinionDetail), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn act(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<OpinionDetail>, ApiError> {
    let fields: OpinionActionFields = extract::json(&body)?;
    // Someone who may not know of the letter learns nothing, not even that the action is bad.
    state.store.opinion_for(&actor, &id).await?;
    let opinion = state.store.act_on_opinion(&actor, &id, fields.command()?).await?;
    state.follow_feed().await;
    Ok(Json(detail_of(&state, &opinion).await?))
}

/// 下载来信附件；仅办理单位人员、管理员和监督员可下载，举报的附件只有监督员可下载
#[utoipa::path(get, path = "/opinions/id/{id}/attachment", tag = "意见箱", security(("bearer" = [])),
    params(("id" = String, Path, description = "来信的内部编号")),
    responses((status = 200, content_type = "application/octet-stream"), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn attachment(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (file, bytes) = state.store.opinion_attachment(&actor, &id).await?;
    Ok(crate::download::file_response(&file.file_name, &file.media_type, bytes))
}
