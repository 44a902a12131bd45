//! 意见箱 in the back office: the letters not yet 办结 that the user may know of (reports
//! for supervisors only), one letter with its sender, its file, its history and a form for
//! each action its state allows, and the file itself.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use gongkai_core::access::{Actor, Role};
use gongkai_core::opinion::{transition, Opinion, OpinionAction};
use serde::Deserialize;

use super::{html, refusal, see_other};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::extract::{self, CsrfForm};
use crate::opinion_fields::OpinionActionFields;
use crate::AppState;

/// One line of the list.
struct Line {
    id: String,
    number: String,
    category: &'static str,
    report: bool,
    org_name: String,
    state: &'static str,
    received_on: String,
    sender: String,
    handler: String,
}

impl Line {
    fn of(o: &Opinion, org_name: &str) -> Self {
        Line {
            id: o.id.clone(),
            number: o.number.to_string(),
            category: o.category.label(),
            report: o.category.is_report(),
            org_name: org_name.to_owned(),
            state: o.state.label(),
            received_on: o.received_on.to_string(),
            sender: o.sender.as_ref().map_or_else(|| "匿名".to_owned(), |s| s.name.clone()),
            handler: o.handler.clone().unwrap_or_else(|| "（尚无）".into()),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/opinions.html")]
struct ListPage {
    lines: Vec<Line>,
    all: bool,
    supervises: bool,
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    /// `1`: every state, 办结 included.
    all: Option<String>,
}

/// 意见箱来信
pub(super) async fn list(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query: ListQuery = extract::query(raw.as_deref())?;
    let all = query.all.as_deref() == Some("1");
    let directory = state.directory.get(&state.store.db).await?;
    let lines = state
        .store
        .opinions_in_hand(&user.actor, None, all)
        .await?
        .iter()
        .map(|o| Line::of(o, &directory.org(&o.org).map_or_else(|| o.org.to_string(), |d| d.name.clone())))
        .collect();
    html(ListPage { lines, all, supervises: user.actor.role == Role::Supervisor })
}

#[derive(Template)]
#[template(path = "admin/opinion.html")]
struct DetailPage {
    csrf: String,
    o: Opinion,
    line: Line,
    log: Vec<(String, String, &'static str, String)>,
    actions: Vec<&'static str>,
    orgs: Vec<(String, String)>,
    notice: Option<(String, bool)>,
}

/// The actions the page offers: those the transition table allows to the user's role. Core
/// still decides each.
fn offered(o: &Opinion, actor: &Actor) -> Vec<&'static str> {
    use OpinionAction as A;
    let handles = if o.category.is_report() {
        actor.role == Role::Supervisor
    } else {
        matches!(actor.role, Role::Editor | Role::Admin)
    };
    [A::Accept, A::Reply, A::Close, A::Route, A::HandOver, A::Unpublish]
        .into_iter()
        .filter(|a| transition(o.state, *a).is_ok())
        .filter(|a| match a {
            A::Unpublish => o.is_public() && actor.role != Role::Supervisor,
            _ => handles,
        })
        .map(OpinionAction::as_str)
        .collect()
}

async fn detail_page(
    state: &AppState,
    user: &PageUser,
    id: &str,
    notice: Option<(String, bool)>,
) -> Result<DetailPage, PageError> {
    let o = state.store.opinion_for(&user.actor, id).await?;
    let directory = state.directory.get(&state.store.db).await?;
    let name = directory.org(&o.org).map_or_else(|| o.org.to_string(), |d| d.name.clone());
    let log = state
        .store
        .opinion_history(&o)
        .await?
        .into_iter()
        .map(|e| (e.day.to_string(), e.actor, e.action.label(), e.detail))
        .collect();
    Ok(DetailPage {
        csrf: user.session.csrf_token.clone(),
        line: Line::of(&o, &name),
        log,
        actions: offered(&o, &user.actor),
        orgs: directory.unit_choices().into_iter().filter(|(code, _)| *code != o.org.as_str()).collect(),
        notice,
        o,
    })
}

#[derive(Debug, Default, Deserialize)]
struct DetailQuery {
    done: Option<String>,
}

/// 一封来信
pub(super) async fn detail(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query: DetailQuery = extract::query(raw.as_deref())?;
    let notice =
        query.done.as_deref().and_then(|d| OpinionAction::parse(d).ok()).map(|a| (format!("已{}", a.label()), false));
    html(detail_page(&state, &user, &id, notice).await?)
}

/// One action from the letter's page; a refusal comes back on the page with its reason.
pub(super) async fn act(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { user, form }: CsrfForm<OpinionActionFields>,
) -> Result<Response, PageError> {
    let done = form.action.clone().unwrap_or_default();
    // Someone who may not know of the letter learns nothing, not even that the form is bad.
    state.store.opinion_for(&user.actor, &id).await?;
    let outcome = match form.command() {
        Ok(command) => state.store.act_on_opinion(&user.actor, &id, command).await.map_err(Into::into),
        Err(e) => Err(crate::error::AppError::from(e)),
    };
    match outcome {
        Ok(_) => {
            state.follow_feed().await;
            Ok(see_other(&format!("/admin/opinions/{id}?done={done}")))
        }
        Err(e) => {
            let message = refusal(e)?;
            let mut page = html(detail_page(&state, &user, &id, Some((message, true))).await?)?;
            *page.status_mut() = StatusCode::CONFLICT;
            Ok(page)
        }
    }
}

/// The letter's file, for those who may know of the letter; never kept by a browser's or a
/// proxy's cache.
pub(super) async fn attachment(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (file, bytes) = state.store.opinion_attachment(&user.actor, &id).await?;
    let mut response = crate::download::file_response(&file.file_name, &file.media_type, bytes);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
