//! 依申请公开 in the back office: the list of requests still owed an answer, coloured by
//! how near their due date is; one request with its applicant, its clock, its history and
//! the actions its state allows; registering an application handed in or posted; and the
//! printable reply letter (答复书).

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongkai_core::access::{Permission, Role};
use gongkai_core::calendar::Calendar;
use gongkai_core::request::clock::Urgency;
use gongkai_core::request::{InfoRequest, Outcome, RemedyResult, RequestAction, RequestState};
use gongkai_core::time::china_date;
use serde::Deserialize;

use super::{html, refusal, see_other};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::extract::{self, CsrfForm};
use crate::request_fields::ActionFields;
use crate::AppState;

/// One line of the list.
pub(super) struct RequestLine {
    pub id: String,
    pub number: String,
    pub org_name: String,
    /// The state, and an extension waiting for a reviewer, which the reviewer must see.
    pub state: String,
    pub received_on: String,
    pub due_on: String,
    /// `soon` (yellow) or `overdue` (red), or empty.
    pub urgency: &'static str,
    /// 剩余工作日, or how many are over.
    pub left: String,
    pub handler: String,
}

impl RequestLine {
    pub(super) fn of(r: &InfoRequest, org_name: &str, calendar: &Calendar, today: chrono::NaiveDate) -> Self {
        let due = r.due_on(calendar);
        let left = match due {
            Some(due) if today <= due => format!("剩{}个工作日", calendar.working_days_between(today, due)),
            Some(due) => format!("已逾期{}个工作日", calendar.working_days_between(due, today)),
            None if r.state == RequestState::Correcting => "待补正，暂停计算".to_owned(),
            None => String::new(),
        };
        RequestLine {
            id: r.id.clone(),
            number: r.number.to_string(),
            org_name: org_name.to_owned(),
            state: match &r.extension {
                Some(e) if e.approved.is_none() => format!("{}（延期待审核）", r.state.label()),
                _ => r.state.label().to_owned(),
            },
            received_on: r.received_on.to_string(),
            due_on: due.map(|d| d.to_string()).unwrap_or_default(),
            urgency: match r.urgency(calendar, today) {
                Urgency::Normal => "",
                Urgency::Soon => "soon",
                Urgency::Overdue => "overdue",
            },
            left,
            handler: r.handler.clone().unwrap_or_else(|| "（尚无）".into()),
        }
    }
}

/// The open requests the user sees, as lines, the soonest due first.
pub(super) async fn open_lines(state: &AppState, user: &PageUser) -> Result<Vec<RequestLine>, PageError> {
    let calendar = state.store.calendar().await?;
    let today = china_date(state.store.clock.now());
    let directory = state.directory.get(&state.store.db).await?;
    let requests = state.store.open_requests(&user.actor, None).await?;
    Ok(requests
        .iter()
        .map(|r| {
            let name = directory.org(&r.org).map_or_else(|| r.org.to_string(), |o| o.name.clone());
            RequestLine::of(r, &name, &calendar, today)
        })
        .collect())
}

#[derive(Template)]
#[template(path = "admin/requests.html")]
struct ListPage {
    lines: Vec<RequestLine>,
    can_register: bool,
    notice: Option<String>,
}

/// 依申请公开待办
pub(super) async fn list(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query: DetailQuery = extract::query(raw.as_deref())?;
    let lines = open_lines(&state, &user).await?;
    let can_register = user.actor.org.as_ref().is_some_and(|o| user.actor.authorize(Permission::Draft, o).is_ok());
    let notice = query.done.filter(|d| d == "route").map(|_| "已转交承办单位".to_owned());
    html(ListPage { lines, can_register, notice })
}

#[derive(Template)]
#[template(path = "admin/request.html")]
struct DetailPage {
    csrf: String,
    r: InfoRequest,
    line: RequestLine,
    correction_notice_by: String,
    log: Vec<(String, String, &'static str, String)>,
    actions: Vec<&'static str>,
    outcomes: Vec<(&'static str, &'static str)>,
    remedy_results: Vec<(&'static str, &'static str)>,
    orgs: Vec<(String, String)>,
    files: Vec<gongkai_store::requests::RequestFile>,
    can_attach: bool,
    notice: Option<(String, bool)>,
}

/// The actions the page offers in the request's state: those the transition table allows,
/// with extension decisions only while one waits. Core still decides each.
fn offered(r: &InfoRequest, role: Role) -> Vec<&'static str> {
    use RequestAction as A;
    let waiting = r.extension.as_ref().is_some_and(|e| e.approved.is_none());
    [
        A::Accept,
        A::AskCorrection,
        A::Correct,
        A::Lapse,
        A::Consult,
        A::ConsultationDone,
        A::ProposeExtension,
        A::ApproveExtension,
        A::RefuseExtension,
        A::Answer,
        A::Close,
        A::Route,
        A::HandOver,
        A::RecordReview,
        A::RecordLitigation,
    ]
    .into_iter()
    .filter(|a| gongkai_core::request::transition(r.state, *a).is_ok())
    .filter(|a| match a {
        A::ApproveExtension | A::RefuseExtension => waiting && matches!(role, Role::Reviewer | Role::Admin),
        A::ProposeExtension => r.extension.is_none() && role != Role::Reviewer,
        _ => role != Role::Reviewer && role != Role::Supervisor,
    })
    .map(RequestAction::as_str)
    .collect()
}

/// Who did it, as the history shows it: the applicant online, the system's timed work,
/// or an account.
fn actor_name(actor: &str) -> String {
    match actor {
        gongkai_store::requests::PUBLIC_ACTOR => "申请人（在线提交）".to_owned(),
        gongkai_core::access::SYSTEM_USER => "系统".to_owned(),
        other => other.to_owned(),
    }
}

#[derive(Debug, Default, Deserialize)]
struct DetailQuery {
    done: Option<String>,
}

async fn detail_page(
    state: &AppState,
    user: &PageUser,
    id: &str,
    notice: Option<(String, bool)>,
) -> Result<DetailPage, PageError> {
    let r = state.store.request_for(&user.actor, id).await?;
    let calendar = state.store.calendar().await?;
    let today = china_date(state.store.clock.now());
    let directory = state.directory.get(&state.store.db).await?;
    let name = directory.org(&r.org).map_or_else(|| r.org.to_string(), |o| o.name.clone());
    let log = state
        .store
        .request_history(&r)
        .await?
        .into_iter()
        .map(|e| (e.day.to_string(), actor_name(&e.actor), e.action.label(), e.detail))
        .collect();
    Ok(DetailPage {
        csrf: user.session.csrf_token.clone(),
        line: RequestLine::of(&r, &name, &calendar, today),
        correction_notice_by: r.correction_notice_by(&calendar).to_string(),
        log,
        actions: offered(&r, user.actor.role),
        outcomes: Outcome::ALL.iter().filter(|o| o.chosen_by_staff()).map(|o| (o.as_str(), o.label())).collect(),
        remedy_results: RemedyResult::choices(),
        orgs: directory.unit_choices().into_iter().filter(|(code, _)| *code != r.org.as_str()).collect(),
        files: state.store.request_files(&r).await?,
        can_attach: gongkai_core::request::may_attach(&r, &user.actor).is_ok(),
        notice,
        r,
    })
}

/// 一件申请
pub(super) async fn detail(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query: DetailQuery = extract::query(raw.as_deref())?;
    let notice =
        query.done.as_deref().and_then(|d| RequestAction::parse(d).ok()).map(|a| (format!("已{}", a.label()), false));
    html(detail_page(&state, &user, &id, notice).await?)
}

/// One action from the request's page; a refusal comes back on the page with its reason.
pub(super) async fn act(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { user, form }: CsrfForm<ActionFields>,
) -> Result<Response, PageError> {
    let done = form.action.clone().unwrap_or_default();
    let outcome = match form.command() {
        Ok(command) => state.store.act_on_request(&user.actor, &id, command).await.map_err(Into::into),
        Err(e) => Err(crate::error::AppError::from(e)),
    };
    match outcome {
        // A request sent on is no longer this unit's to see.
        Ok(r) if !user.actor.can_see(&r.org) => Ok(see_other("/admin/requests?done=route")),
        Ok(_) => Ok(see_other(&format!("/admin/requests/{id}?done={done}"))),
        Err(e) => {
            let message = refusal(e)?;
            let mut page = html(detail_page(&state, &user, &id, Some((message, true))).await?)?;
            *page.status_mut() = StatusCode::CONFLICT;
            Ok(page)
        }
    }
}

/// 添加答复材料: the form sends `csrf` before `file`.
pub(super) async fn add_file(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    match crate::requests::add_file(&state, &user.actor, &id, multipart, Some(&user)).await {
        Ok(_) => Ok(see_other(&format!("/admin/requests/{id}?done=add_file"))),
        Err(e) => {
            let message = refusal(e)?;
            let mut page = html(detail_page(&state, &user, &id, Some((message, true))).await?)?;
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

/// One file of the answer, for the unit's staff.
pub(super) async fn file(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let request = state.store.request_for(&user.actor, &id).await?;
    let files = state.store.request_files(&request).await?;
    let (file, bytes) = state.store.request_file_bytes(&files, &file).await?;
    let mut response = crate::download::file_response(&file.name, &file.media_type, bytes);
    response
        .headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(response)
}
