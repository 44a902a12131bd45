//! 年度报告 in the back office: the year's tables as the system computed them, the text
//! the editor writes, and a draft record of the whole report for review; the tables as a
//! workbook.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::Datelike;
use gongkai_core::access::Permission;
use gongkai_core::org::Org;
use gongkai_core::report::{AnnualReport, Line, Texts};
use gongkai_core::time::china_date;
use serde::Deserialize;

use super::{html, refusal, see_other};
use crate::annual_report::{self, COLUMN_HEADINGS};
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::extract::{self, CsrfForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/annual_report.html")]
struct ReportPage {
    csrf: String,
    /// Units the viewer may choose, when they see more than their own.
    units: Vec<(String, String)>,
    org: Org,
    year: i32,
    report: AnnualReport,
    lines: Vec<Line>,
    columns: [&'static str; 7],
    can_draft: bool,
    typed: (String, String, String, String),
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportQuery {
    org: Option<String>,
    year: Option<String>,
}

/// The unit and year asked for: one's own unit, last year, unless said otherwise.
async fn chosen(
    state: &AppState,
    user: &PageUser,
    org: Option<&str>,
    year: Option<&str>,
) -> Result<(Org, i32), PageError> {
    let code = match org.or(user.actor.org.as_ref().map(|o| o.as_str())) {
        Some(code) => code.to_owned(),
        // Administrators and supervisors start at the top of the tree and choose from there.
        None => {
            let directory = state.directory.get(&state.store.db).await?;
            let root = directory.orgs.iter().find(|o| o.parent.is_none());
            root.map(|o| o.code.to_string())
                .ok_or_else(|| AppError::BadRequest("missing_org", "请选择单位（?org=单位编码）".into()))?
        }
    };
    let org = state
        .store
        .db
        .org(&gongkai_core::org::OrgCode::parse(&code)?)
        .await?
        .ok_or_else(|| crate::portal::org_not_found(&code))?;
    let year = match year {
        Some(raw) => annual_report::year(raw)?,
        None => china_date(state.store.clock.now()).year() - 1,
    };
    Ok((org, year))
}

async fn page(
    state: &AppState,
    user: &PageUser,
    org: Org,
    year: i32,
    typed: (String, String, String, String),
    error: Option<String>,
) -> Result<Response, PageError> {
    let report = state.store.annual_report(&user.actor, &org, year, None).await?;
    let units = match user.actor.org {
        Some(_) => Vec::new(),
        None => {
            let directory = state.directory.get(&state.store.db).await?;
            directory.unit_choices()
        }
    };
    html(ReportPage {
        csrf: user.session.csrf_token.clone(),
        units,
        can_draft: user.actor.authorize(Permission::Draft, &org.code).is_ok(),
        lines: report.requests.lines(),
        columns: COLUMN_HEADINGS,
        org,
        year,
        report,
        typed,
        error,
    })
}

pub(super) async fn report(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query: ReportQuery = extract::query(raw.as_deref())?;
    let (org, year) = chosen(&state, &user, query.org.as_deref(), query.year.as_deref()).await?;
    page(&state, &user, org, year, Default::default(), None).await
}

pub(super) async fn workbook(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query: ReportQuery = extract::query(raw.as_deref())?;
    let (org, year) = chosen(&state, &user, query.org.as_deref(), query.year.as_deref()).await?;
    let report = state.store.annual_report(&user.actor, &org, year, None).await?;
    Ok(annual_report::xlsx(&report)?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DraftForm {
    org: Option<String>,
    year: Option<String>,
    overview: Option<String>,
    problems: Option<String>,
    other: Option<String>,
    fees: Option<String>,
}

/// 生成年报草稿: on to the draft's own page, where it is submitted for review.
pub(super) async fn draft(
    State(state): State<AppState>,
    CsrfForm { user, form }: CsrfForm<DraftForm>,
) -> Result<Response, PageError> {
    let (org, year) = chosen(&state, &user, form.org.as_deref(), form.year.as_deref()).await?;
    let texts = Texts::new(form.overview.as_deref(), form.problems.as_deref(), form.other.as_deref());
    let fees = extract::filled(&form.fees).map(annual_report::fees).transpose();
    let made = match (texts, fees) {
        (Ok(texts), Ok(fees)) => match state.store.annual_report(&user.actor, &org, year, fees).await {
            Ok(report) => annual_report::draft(&state, &user.actor, &org, &report, &texts).await,
            Err(e) => Err(e.into()),
        },
        (Err(e), _) | (_, Err(e)) => Err(e.into()),
    };
    match made {
        Ok(record) => Ok(see_other(&format!("/admin/records/{}?done=created", record.id))),
        Err(e) => {
            let typed =
                [&form.overview, &form.problems, &form.other, &form.fees].map(|v| v.clone().unwrap_or_default());
            let typed = (typed[0].clone(), typed[1].clone(), typed[2].clone(), typed[3].clone());
            page(&state, &user, org, year, typed, Some(refusal(e)?)).await
        }
    }
}
