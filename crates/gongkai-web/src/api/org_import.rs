//! A whole organisation tree from a spreadsheet, for administrators: every row checked,
//! all of them stored or none.

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::files::Upload;
use super::ErrorBody;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::tables::{self, TABLE_MAX};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_orgs)).layer(DefaultBodyLimit::max(TABLE_MAX + 64 * 1024))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Imported {
    /// 导入的单位数
    imported: usize,
}

/// 从 XLSX 导入单位（管理员）：列为 单位编码、单位名称、单位类型、上级单位编码、第一责任人、办公地址、联系电话；
/// 有一行错误则全部不导入，答 422 invalid_table，并在 errors 中逐条列出行、列和原因；隐藏的工作表、行或列一律拒收
#[utoipa::path(post, path = "/orgs/import", tag = "单位", security(("bearer" = [])),
    request_body(content = Upload, content_type = "multipart/form-data"),
    responses((status = 201, body = Imported), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn import_orgs(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Imported>), ApiError> {
    // Asked before the file is read.
    actor.authorize_structure()?;
    let file = tables::one_file(multipart).await?;
    let imported = tables::import_orgs(&state, &actor, file).await?;
    Ok((StatusCode::CREATED, Json(Imported { imported })))
}
