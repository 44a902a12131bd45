//! 工作日历: the days administrators added to the official calendar, and adding more from
//! a table.

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::Json;
use gongkai_core::calendar::DayKind;
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
    OpenApiRouter::new()
        .routes(routes!(added_days))
        .routes(routes!(import))
        .layer(DefaultBodyLimit::max(TABLE_MAX + 64 * 1024))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarDayView {
    date: String,
    /// 放假 或 上班
    kind: &'static str,
    name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarView {
    /// 已录入节假日安排的年份（内置2020—2026年，另加增补的年份）
    years: Vec<i32>,
    /// 管理员增补的日期
    added: Vec<CalendarDayView>,
}

/// 工作日历：已有安排的年份和增补的日期。答复期限按此计算；没有安排的年份只按周末计算
#[utoipa::path(get, path = "/calendar", tag = "依申请公开",
    responses((status = 200, body = CalendarView)))]
async fn added_days(State(state): State<AppState>) -> Result<Json<CalendarView>, ApiError> {
    let calendar = state.store.calendar().await?;
    let added = state.store.added_calendar_days().await?;
    Ok(Json(CalendarView {
        years: gongkai_core::time::YEARS.filter(|y| calendar.knows_year(*y)).collect(),
        added: added
            .into_iter()
            .map(|d| CalendarDayView {
                date: d.date.to_string(),
                kind: match d.kind {
                    DayKind::Holiday => "放假",
                    DayKind::Workday => "上班",
                },
                name: d.name,
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Added {
    /// 增补的日期数
    added: usize,
}

/// 增补工作日历（管理员）：XLSX 或 UTF-8 CSV，列为 日期、类别（放假/上班）、名称；已有的日期按表中内容修改。
/// 有一行错误则全部不导入，答 422 invalid_table
#[utoipa::path(post, path = "/calendar/table", tag = "依申请公开", security(("bearer" = [])),
    request_body(content = Upload, content_type = "multipart/form-data"),
    responses((status = 201, body = Added), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn import(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Added>), ApiError> {
    actor.authorize_calendar()?;
    let file = tables::one_file(multipart).await?;
    let added = tables::import_calendar(&state, &actor, file).await?;
    Ok((StatusCode::CREATED, Json(Added { added })))
}
