//! The back office for editors, reviewers, supervisors and administrators: drafts, the
//! review queue, attachments, the organisation's details and its catalogue. Every form
//! carries the session's CSRF token; nothing changes on GET.

mod accounts;
mod annual_report;
mod audit;
mod calendar;
mod catalog;
mod dashboard;
mod files;
mod opinions;
mod org_tree;
mod orgs;
mod password_link;
mod record_form;
mod records;
mod request_letter;
mod request_register;
mod requests;
mod session;
mod templates;

use askama::Template;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use gongkai_core::access::Actor;
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::DomainError;
use serde::Deserialize;

use crate::error::{AppError, PageError};
use crate::{extract, AppState, WebConfig};

pub fn router(config: &WebConfig) -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard::dashboard))
        .route("/admin/login", get(session::login_form).post(session::login))
        .route("/admin/logout", post(session::logout))
        .route("/admin/password", get(session::password_form).post(session::change_password))
        .route("/set-password/{token}", get(password_link::form).post(password_link::set))
        .route("/admin/records/new", get(records::new_record))
        .route("/admin/records", post(records::create_record))
        .route("/admin/records/{id}", get(records::record).post(records::update_record))
        .route("/admin/records/{id}/preview", get(records::preview))
        .route("/admin/records/{id}/{action}", post(records::act))
        .route(
            "/admin/records/{id}/attachments",
            post(files::attach).layer(DefaultBodyLimit::max(config.max_upload_bytes + 64 * 1024)),
        )
        .route("/admin/records/{id}/attachments/{attachment}/delete", post(files::remove))
        .route("/admin/audit", get(audit::audit))
        .route("/admin/audit.xlsx", get(audit::export))
        .route("/admin/accounts", get(accounts::accounts).post(accounts::create))
        .route("/admin/accounts/{username}/disable", post(accounts::disable))
        .route("/admin/accounts/{username}/assignment", post(accounts::assign))
        .route("/admin/accounts/{username}/password", post(accounts::reset))
        .route("/admin/accounts/{username}/link", post(accounts::link))
        .route("/admin/orgs", get(org_tree::org_tree).post(org_tree::create))
        .route(
            "/admin/orgs/import",
            post(org_tree::import).layer(DefaultBodyLimit::max(crate::tables::TABLE_MAX + 64 * 1024)),
        )
        .route("/admin/orgs/{action}", post(org_tree::reshape))
        .route("/admin/org", get(orgs::org_form).post(orgs::save_org))
        .route("/admin/org/change/{decision}", post(orgs::decide))
        .route("/admin/templates", get(templates::templates))
        .route(
            "/admin/templates/{kind}",
            post(templates::load).layer(DefaultBodyLimit::max(crate::tables::TABLE_MAX + 64 * 1024)),
        )
        .route(
            "/admin/catalog/{code}/import",
            post(catalog::import).layer(DefaultBodyLimit::max(crate::tables::TABLE_MAX + 64 * 1024)),
        )
        .route("/admin/catalog", get(catalog::catalog).post(catalog::add_catalog_item))
        .route(
            "/admin/calendar",
            get(calendar::calendar)
                .post(calendar::import)
                .layer(DefaultBodyLimit::max(crate::tables::TABLE_MAX + 64 * 1024)),
        )
        .route("/admin/annual-report", get(annual_report::report).post(annual_report::draft))
        .route("/admin/annual-report.xlsx", get(annual_report::workbook))
        .route("/admin/requests", get(requests::list))
        .route("/admin/requests/new", get(request_register::register_form).post(request_register::register))
        .route("/admin/requests/{id}", get(requests::detail))
        .route("/admin/requests/{id}/act", post(requests::act))
        .route("/admin/requests/{id}/letter", get(request_letter::letter))
        .route(
            "/admin/requests/{id}/files",
            post(requests::add_file).layer(DefaultBodyLimit::max(config.max_upload_bytes + 64 * 1024)),
        )
        .route("/admin/requests/{id}/files/{file}", get(requests::file))
        .route("/admin/opinions", get(opinions::list))
        .route("/admin/opinions/{id}", get(opinions::detail))
        .route("/admin/opinions/{id}/act", post(opinions::act))
        .route("/admin/opinions/{id}/attachment", get(opinions::attachment))
}

pub(super) fn html(page: impl Template) -> Result<Response, PageError> {
    let mut response = Html(page.render()?).into_response();
    // Back-office pages hold unpublished work: never cached by browsers or proxies.
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A refusal a form page shows beside what was typed (its Chinese message), or an error
/// that ends the request: not signed in, not allowed, or broken.
pub(super) fn refusal(e: impl Into<AppError>) -> Result<String, PageError> {
    match e.into() {
        AppError::Domain(d) if d.kind != gongkai_core::error::ErrorKind::Forbidden => Ok(d.message),
        // A file of the wrong kind or size is said beside the form it was sent from.
        AppError::UnsupportedMedia(m) | AppError::TooLarge(m) => Ok(m),
        other => Err(other.into()),
    }
}

/// The table a back-office form uploads. The form sends `csrf` before `file`, so the
/// token is checked before the table is read; `None` when no file was chosen.
pub(super) async fn table_file(
    user: &crate::auth::PageUser,
    mut multipart: axum::extract::Multipart,
) -> Result<Option<axum::body::Bytes>, PageError> {
    let refused = crate::tables::multipart_error;
    let mut csrf_ok = false;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        match field.name() {
            Some("csrf") => {
                user.check_csrf(&field.text().await.map_err(refused)?)?;
                csrf_ok = true;
            }
            Some("file") if csrf_ok => file = Some(field.bytes().await.map_err(refused)?),
            Some("file") => return Err(AppError::Csrf.into()),
            _ => {}
        }
    }
    Ok(file.filter(|f| !f.is_empty()))
}

pub(super) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

#[derive(Template)]
#[template(path = "admin/choose_org.html")]
struct ChooseOrg {
    heading: &'static str,
    intro: &'static str,
    link: &'static str,
    /// Open units in tree order: code, name and depth.
    orgs: Vec<(String, String, usize)>,
}

/// A page for choosing the unit a page is about, for users who belong to none: each open
/// unit in tree order, linked to `link` followed by its code.
pub(super) async fn choose_org(
    state: &AppState,
    heading: &'static str,
    intro: &'static str,
    link: &'static str,
) -> Result<Response, PageError> {
    let all = state.store.db.orgs().await?;
    let orgs = crate::views::org_depths(&all)
        .into_iter()
        .filter(|(o, _)| o.closed_on.is_none())
        .map(|(o, depth)| (o.code.to_string(), o.name.clone(), depth.min(5)))
        .collect();
    html(ChooseOrg { heading, intro, link, orgs })
}

/// Whether a page about "the user's unit" must first ask which: no `?code=` and no unit
/// of their own.
pub(super) fn must_choose(actor: &Actor, raw: Option<&str>) -> bool {
    actor.org.is_none() && extract::query::<OrgQuery>(raw).is_ok_and(|q| q.code.is_none())
}

#[derive(Default, Deserialize)]
struct OrgQuery {
    code: Option<String>,
}

/// The organisation a back-office page is about: the user's own, or for administrators
/// the one named by `?code=`.
pub(super) async fn target_org(state: &AppState, actor: &Actor, raw: Option<&str>) -> Result<Org, AppError> {
    let query: OrgQuery = extract::query(raw)?;
    let code = match (query.code, &actor.org) {
        (Some(code), _) => OrgCode::parse(&code)?,
        (None, Some(own)) => own.clone(),
        (None, None) => return Err(DomainError::invalid("missing_field", "请在网址中指定单位编码（?code=）").into()),
    };
    // Organisations are public: anyone signed in may look; changing them is core's call.
    state.store.db.org(&code).await?.ok_or_else(|| DomainError::not_found("unknown_org", "单位不存在").into())
}
