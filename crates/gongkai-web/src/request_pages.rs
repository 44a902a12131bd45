//! The portal's pages for 依申请公开: the application form, the receipt (回执) shown —
//! and printable — right after it is sent, and the tracking page. The tracking code never
//! travels in an address: it is posted, so it stays out of logs and referrers. None of
//! these pages is cached, by the site or the browser: each form carries a fresh
//! idempotency key, and what is typed and answered is the applicant's own.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gongkai_core::request::{ApplicantKind, Delivery};
use serde::Deserialize;

use crate::client_ip::ClientIp;
use crate::error::{AppError, PageError};
use crate::request_fields::RequestFields;
use crate::requests::{self, ReceiptView, StatusView};
use crate::{extract, headers, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/apply", get(form).post(send))
        .route("/track", get(track_form).post(track))
        .route("/track/file", axum::routing::post(track_file))
        .layer(axum::middleware::map_response(headers::no_store))
        .route("/static/print.js", get(print_script))
}

#[derive(Template)]
#[template(path = "apply.html")]
struct ApplyPage {
    orgs: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    deliveries: Vec<(&'static str, &'static str)>,
    key: String,
    typed: Typed,
    error: Option<String>,
}

/// What was typed, put back into the form when it is refused.
#[derive(Default)]
pub(crate) struct Typed {
    pub org: String,
    pub applicant_kind: String,
    pub name: String,
    pub contact: String,
    pub id_number: String,
    pub email: String,
    pub address: String,
    pub description: String,
    pub delivery: String,
}

impl From<&RequestFields> for Typed {
    fn from(f: &RequestFields) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Typed {
            org: text(&f.org),
            applicant_kind: text(&f.applicant_kind),
            name: text(&f.name),
            contact: text(&f.contact),
            id_number: text(&f.id_number),
            email: text(&f.email),
            address: text(&f.address),
            description: text(&f.description),
            delivery: text(&f.delivery),
        }
    }
}

/// A fresh idempotency key for one filling-in of the form: a double click or a reload
/// of the answer sends it again, and the application is registered once.
pub(crate) fn fresh_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

async fn apply_page(state: &AppState, typed: Typed, key: String, error: Option<String>) -> Result<String, PageError> {
    let directory = state.directory.get(&state.store.db).await?;
    let orgs = directory.unit_choices();
    let page = ApplyPage {
        orgs,
        kinds: ApplicantKind::ALL.iter().map(|k| (k.label(), k.label())).collect(),
        deliveries: Delivery::ALL.iter().map(|d| (d.label(), d.label())).collect(),
        key,
        typed,
        error,
    };
    Ok(page.render().map_err(|e| AppError::Internal(e.to_string()))?)
}

#[derive(Debug, Default, Deserialize)]
struct FormQuery {
    org: Option<String>,
}

/// 在线申请: the form, with the unit chosen when the link came from its page.
async fn form(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Html<String>, PageError> {
    let query: FormQuery = extract::query(raw.as_deref())?;
    let typed = Typed { org: query.org.unwrap_or_default(), ..Typed::default() };
    Ok(Html(apply_page(&state, typed, fresh_key(), None).await?))
}

#[derive(Debug, Deserialize)]
struct ApplyForm {
    #[serde(default)]
    key: Option<String>,
    #[serde(flatten)]
    fields: RequestFields,
}

#[derive(Template)]
#[template(path = "receipt.html")]
pub(crate) struct ReceiptPage {
    pub receipt: ReceiptView,
}

async fn send(State(state): State<AppState>, ClientIp(ip): ClientIp, body: Bytes) -> Result<Response, PageError> {
    let form: ApplyForm = extract::form(&body)?;
    let key = form.key.clone().unwrap_or_default();
    // The key names one filling-in of the form and the body is what was filled in: the
    // same again (a double click, a reload) answers with the first receipt.
    let sent = requests::submit(&state, None, &form.fields, Some((&key, &body)), &ip).await;
    match sent {
        Ok(registered) => {
            let calendar = state.store.calendar().await?;
            let directory = state.directory.get(&state.store.db).await?;
            let org = &registered.request.number.org;
            let name = directory.org(org).map_or_else(|| org.to_string(), |o| o.name.clone());
            let page = ReceiptPage { receipt: ReceiptView::of(&registered, &name, &calendar) };
            Ok(Html(page.render().map_err(|e| AppError::Internal(e.to_string()))?).into_response())
        }
        // Changed after it was sent (back, edit, send): the first application stands, and
        // what is on the form now goes in only as a new one, under a new key.
        Err(AppError::Domain(e)) if e.code == "idempotency_key_reused" => {
            let page = apply_page(&state, Typed::from(&form.fields), fresh_key(), Some(SENT_BEFORE.into())).await?;
            Ok((StatusCode::CONFLICT, Html(page)).into_response())
        }
        Err(e @ (AppError::Domain(_) | AppError::Throttled { .. })) => {
            let message = e.message();
            let page = apply_page(&state, Typed::from(&form.fields), key, Some(message)).await?;
            Ok(e.page(page))
        }
        Err(e) => Err(e.into()),
    }
}

/// What the form says when it was sent before with other content.
const SENT_BEFORE: &str = "这份申请表此前已经提交，修改后的内容没有提交。先前的申请照常办理，可凭当时回执上的查询码查询进度；如需就下面的内容另行申请，请核对后再次提交。";

#[derive(Template)]
#[template(path = "track.html")]
struct TrackPage {
    status: Option<StatusView>,
    /// The code as typed, carried in the body of each file's download form.
    code: String,
    error: Option<String>,
}

fn render_track(page: TrackPage) -> Result<String, PageError> {
    Ok(page.render().map_err(|e| AppError::Internal(e.to_string()))?)
}

async fn track_form() -> Result<Html<String>, PageError> {
    Ok(Html(render_track(TrackPage { status: None, code: String::new(), error: None })?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackForm {
    code: Option<String>,
}

/// 进度查询: the code comes in the body. An unknown code and a malformed one get the
/// same page.
async fn track(State(state): State<AppState>, ClientIp(ip): ClientIp, body: Bytes) -> Result<Response, PageError> {
    let form: TrackForm = extract::form(&body)?;
    let code = form.code.unwrap_or_default();
    match requests::track(&state, &code, &ip).await {
        Ok((request, history)) => {
            let calendar = state.store.calendar().await?;
            let directory = state.directory.get(&state.store.db).await?;
            let name = directory.org(&request.org).map_or_else(|| request.org.to_string(), |o| o.name.clone());
            let files = state.store.released_files(&request).await?;
            let status = StatusView::of(&request, &history, &files, &name, &calendar);
            Ok(Html(render_track(TrackPage { status: Some(status), code, error: None })?).into_response())
        }
        Err(AppError::Domain(e)) => {
            let page = render_track(TrackPage { status: None, code: String::new(), error: Some(e.message) })?;
            Ok((StatusCode::NOT_FOUND, Html(page)).into_response())
        }
        Err(e @ AppError::Throttled { .. }) => {
            let page = render_track(TrackPage { status: None, code: String::new(), error: Some(e.message()) })?;
            Ok(e.page(page))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileForm {
    code: Option<String>,
    file: Option<String>,
}

/// A released file, its request opened by the code posted with it.
async fn track_file(State(state): State<AppState>, ClientIp(ip): ClientIp, body: Bytes) -> Result<Response, PageError> {
    let form: FileForm = extract::form(&body)?;
    let (request, _) = requests::track(&state, form.code.as_deref().unwrap_or_default(), &ip).await?;
    let files = state.store.released_files(&request).await?;
    let (file, bytes) = state.store.request_file_bytes(&files, form.file.as_deref().unwrap_or_default()).await?;
    Ok(crate::download::file_response(&file.name, &file.media_type, bytes))
}

async fn print_script() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        "document.querySelectorAll('button.print').forEach(b => { b.hidden = false; b.addEventListener('click', () => window.print()); });\n",
    )
}
