//! 工作日历 for administrators: which years have their holidays entered, the days added,
//! and a table (XLSX or CSV) to add more — the next year's official arrangement as soon as
//! the State Council publishes it, or a local closure.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Datelike;
use gongkai_core::calendar::{CalendarDay, DayKind};
use gongkai_core::table::CellError;
use gongkai_core::time::china_date;

use super::{html, refusal};
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::{tables, AppState};

#[derive(Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    csrf: String,
    years: Vec<i32>,
    /// Next year, when nobody has entered it yet: periods then count weekends only.
    missing: Option<i32>,
    added: Vec<(String, &'static str, String)>,
    message: Option<String>,
    refused: bool,
    cells: Vec<CellError>,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    message: Option<String>,
    refused: bool,
    cells: Vec<CellError>,
) -> Result<Response, PageError> {
    user.actor.authorize_calendar()?;
    let calendar = state.store.calendar().await?;
    let this_year = china_date(state.store.clock.now()).year();
    let years = (2020..=this_year + 1).filter(|y| calendar.knows_year(*y)).collect();
    let label = |d: &CalendarDay| match d.kind {
        DayKind::Holiday => "放假",
        DayKind::Workday => "上班",
    };
    let added = state.store.added_calendar_days().await?;
    let page = CalendarPage {
        csrf: user.session.csrf_token.clone(),
        years,
        missing: Some(this_year + 1).filter(|y| !calendar.knows_year(*y)),
        added: added.iter().map(|d| (d.date.to_string(), label(d), d.name.clone())).collect(),
        message,
        refused,
        cells,
    };
    let mut response = html(page)?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub(super) async fn calendar(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    page(&state, &user, None, false, Vec::new()).await
}

pub(super) async fn import(
    State(state): State<AppState>,
    user: PageUser,
    multipart: Multipart,
) -> Result<Response, PageError> {
    user.actor.authorize_calendar()?;
    let Some(file) = super::table_file(&user, multipart).await? else {
        return page(&state, &user, Some("请选择要导入的表格文件（.xlsx 或 .csv）".into()), true, Vec::new()).await;
    };
    match tables::import_calendar(&state, &user.actor, file).await {
        Ok(n) => page(&state, &user, Some(format!("工作日历已增补{n}天")), false, Vec::new()).await,
        Err(AppError::Table(errors)) => {
            let message = format!("表格有{}处错误，日历未作任何修改：", errors.0.len());
            page(&state, &user, Some(message), true, errors.0).await
        }
        Err(e) => page(&state, &user, Some(refusal(e)?), true, Vec::new()).await,
    }
}
