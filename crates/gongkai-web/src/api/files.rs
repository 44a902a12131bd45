//! Attachments of a draft, uploaded as `multipart/form-data`.

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::Json;
use gongkai_core::record::RecordId;
use gongkai_core::DomainError;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ErrorBody;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::public::AttachmentLink;
use crate::{upload, AppState, WebConfig};

pub fn routes(config: &WebConfig) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_attachment))
        .routes(routes!(remove_attachment))
        .layer(DefaultBodyLimit::max(config.max_upload_bytes + 64 * 1024))
}

/// The form of an upload: one `file` field.
#[derive(Debug, Serialize, ToSchema)]
pub struct Upload {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// 上传附件（PDF、DOCX、XLSX、PNG、JPEG），只能上传到本单位可修改的记录
#[utoipa::path(post, path = "/disclosures/{id}/attachments", tag = "公开记录", security(("bearer" = [])),
    params(("id" = String, Path, description = "记录编号")),
    request_body(content = Upload, content_type = "multipart/form-data"),
    responses((status = 201, body = AttachmentLink), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_attachment(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<AttachmentLink>), ApiError> {
    let id = RecordId::parse(&id)?;
    // Asked before a byte is kept.
    state.store.attachable(&actor, &id).await?;
    let limit = state.config.max_upload_bytes;
    let mut staged = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| upload::multipart_error(e, limit))? {
        if field.name() == Some("file") {
            upload::one_file_only(&staged)?;
            staged = Some(upload::stage(&state, field).await?);
        }
    }
    let staged = staged
        .ok_or_else(|| AppError::Domain(DomainError::invalid("missing_field", "请选择要上传的文件（字段名 file）")))?;
    let attachment = upload::attach(&state, &actor, &id, staged).await?;
    Ok((StatusCode::CREATED, Json(AttachmentLink::from(&attachment))))
}

/// 删除附件：只能在记录为草稿或被退回时删除，删除后附件立即无法下载
#[utoipa::path(delete, path = "/disclosures/{id}/attachments/{attachment}", tag = "公开记录", security(("bearer" = [])),
    params(("id" = String, Path, description = "记录编号"), ("attachment" = String, Path, description = "附件编号")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn remove_attachment(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = RecordId::parse(&id)?;
    state.store.remove_attachment(&actor, &id, &attachment).await?;
    Ok(StatusCode::NO_CONTENT)
}
