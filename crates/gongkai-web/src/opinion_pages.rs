//! The portal's opinion box: the public list of replies (cached until the feed says a reply
//! entered or left it), the form for a letter or a report — with its one file, sent without
//! JavaScript as `multipart/form-data` —, the receipt shown once after sending, and the
//! tracking page, where the code is posted rather than put in an address.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, RawQuery, State};
use axum::middleware::map_response;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gongkai_core::opinion::{Category, ATTACHMENT_MAX_BYTES};
use serde::Deserialize;

use crate::cache::{Rendered, Tag};
use crate::client_ip::ClientIp;
use crate::error::{AppError, PageError};
use crate::opinion_fields::{read_multipart, MultipartLetter, OpinionFields};
use crate::opinions::{self, OpinionReceipt, OpinionStatus, PublicOpinions, Retry};
use crate::views::Pager;
use crate::{extract, headers, AppState};

pub fn router() -> Router<AppState> {
    let limit = usize::try_from(ATTACHMENT_MAX_BYTES).unwrap_or(usize::MAX) + 64 * 1024;
    Router::new()
        .route("/opinions", get(list))
        .route(
            "/opinions/new",
            get(form).post(send).layer(DefaultBodyLimit::max(limit)).layer(map_response(headers::no_store)),
        )
        .route("/opinions/track", get(track_form).post(track).layer(map_response(headers::no_store)))
}

fn render(page: impl Template) -> Result<String, PageError> {
    Ok(page.render().map_err(|e| AppError::Internal(e.to_string()))?)
}

#[derive(Template)]
#[template(path = "opinions.html")]
struct ListPage {
    list: PublicOpinions,
    pager: Pager,
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    /// Page number from 1.
    p: Option<u32>,
}

/// 答复公开栏
async fn list(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, PageError> {
    let query: ListQuery = extract::query(raw.as_deref())?;
    let page = query.p.unwrap_or(1).clamp(1, 10_000);
    crate::portal::cached(&state, format!("/opinions?p={page}"), || async {
        let list = opinions::public_page(&state, None, page, opinions::PER_PAGE).await?;
        let pager = Pager::new(page, opinions::PER_PAGE, list.total, |p| format!("/opinions?p={p}"))?;
        let html = ListPage { list, pager }.render()?;
        Ok(Rendered { html, tags: vec![Tag::Opinions] })
    })
    .await
}

#[derive(Template)]
#[template(path = "opinion_new.html")]
struct FormPage {
    orgs: Vec<(String, String)>,
    categories: Vec<(&'static str, &'static str)>,
    key: String,
    typed: Typed,
    error: Option<String>,
}

/// What was typed, put back into the form when it is refused. A file cannot be: browsers
/// do not let a page choose one.
#[derive(Default)]
struct Typed {
    org: String,
    category: String,
    text: String,
    accused: String,
    anonymous: bool,
    name: String,
    contact: String,
    consent: bool,
}

impl From<&OpinionFields> for Typed {
    fn from(f: &OpinionFields) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Typed {
            org: text(&f.org),
            category: f
                .category
                .as_deref()
                .and_then(|c| Category::parse(c).ok())
                .map_or_else(String::new, |c| c.as_str().to_owned()),
            text: text(&f.text),
            accused: text(&f.accused),
            anonymous: f.anonymous.unwrap_or(false),
            name: text(&f.name),
            contact: text(&f.contact),
            consent: f.consent_to_publish.unwrap_or(false),
        }
    }
}

async fn form_page(state: &AppState, typed: Typed, key: String, error: Option<String>) -> Result<String, PageError> {
    let directory = state.directory.get(&state.store.db).await?;
    render(FormPage { orgs: directory.unit_choices(), categories: Category::choices(), key, typed, error })
}

#[derive(Debug, Default, Deserialize)]
struct FormQuery {
    org: Option<String>,
    category: Option<String>,
}

/// 写信: the form, with the unit or the category chosen when the link came with them.
async fn form(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Html<String>, PageError> {
    let query: FormQuery = extract::query(raw.as_deref())?;
    let fields = OpinionFields { org: query.org, category: query.category, ..OpinionFields::default() };
    Ok(Html(form_page(&state, Typed::from(&fields), crate::request_pages::fresh_key(), None).await?))
}

#[derive(Template)]
#[template(path = "opinion_receipt.html")]
struct ReceiptPage {
    r: OpinionReceipt,
    report: bool,
}

/// What a refused letter's form says, and with which status; `None` for an error that is
/// not the sender's to mend.
fn refusal(e: &AppError) -> Option<String> {
    match e {
        AppError::Domain(d) => Some(d.message.clone()),
        AppError::BadRequest(_, m)
        | AppError::UnsupportedMedia(m)
        | AppError::TooLarge(m)
        | AppError::Throttled { message: m, .. } => Some(m.clone()),
        _ => None,
    }
}

async fn send(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let (MultipartLetter { fields, key, file }, outcome) = read_multipart(&state, multipart, true).await;
    // The key alone identifies one filling-in of the form: sent again after it was
    // registered, it answers with the first receipt, whatever was changed since.
    let key = key.unwrap_or_default();
    let sent = match outcome {
        Ok(()) => opinions::submit(&state, &fields, file, Some(Retry::Form(&key)), &ip).await,
        Err(e) => Err(e),
    };
    match sent {
        Ok(registered) => {
            let name = opinions::org_name(&state, &registered.opinion.org).await?;
            let report = registered.opinion.category.is_report();
            let page = render(ReceiptPage { r: OpinionReceipt::of(&registered, &name), report })?;
            Ok(Html(page).into_response())
        }
        Err(e) => match refusal(&e) {
            Some(message) => {
                let page = form_page(&state, Typed::from(&fields), key, Some(message)).await?;
                Ok(e.page(page))
            }
            None => Err(e.into()),
        },
    }
}

#[derive(Template)]
#[template(path = "opinion_track.html")]
struct TrackPage {
    status: Option<OpinionStatus>,
    error: Option<String>,
}

async fn track_form() -> Result<Html<String>, PageError> {
    Ok(Html(render(TrackPage { status: None, error: None })?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackForm {
    code: Option<String>,
}

/// 查询办理情况: the code comes in the body. An unknown code and a malformed one get the
/// same page.
async fn track(State(state): State<AppState>, ClientIp(ip): ClientIp, body: Bytes) -> Result<Response, PageError> {
    let form: TrackForm = extract::form(&body)?;
    let code = form.code.unwrap_or_default();
    match opinions::track(&state, &code, &ip).await {
        Ok((opinion, history)) => {
            let name = opinions::org_name(&state, &opinion.org).await?;
            let status = OpinionStatus::of(&opinion, &history, &name);
            Ok(Html(render(TrackPage { status: Some(status), error: None })?).into_response())
        }
        Err(e @ (AppError::Domain(_) | AppError::Throttled { .. })) => {
            let page = render(TrackPage { status: None, error: refusal(&e) })?;
            Ok(e.page(page))
        }
        Err(e) => Err(e.into()),
    }
}
