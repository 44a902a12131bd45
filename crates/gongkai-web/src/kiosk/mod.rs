//! 电子触摸查询机: the touch-screen kiosk in a service hall, at `/kiosk`. Large tiles by
//! organisation and catalogue, an on-screen keypad for pinyin initials (no system keyboard
//! ever opens), records without a way out to other sites, and a QR code to take a record
//! along on a phone. Every page is a plain link away from the next, so the kiosk works
//! without JavaScript; `kiosk.js` adds the return to the start after a while untouched and
//! rides out a short loss of the network.

mod browse;
mod keypad;
mod plain;
mod record;

use askama::Template;
use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::cache::Rendered;
use crate::error::{AppError, PageError};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/kiosk", get(browse::home))
        .route("/kiosk/org/{code}", get(browse::org))
        .route("/kiosk/d/{id}", get(record::page))
        .route("/kiosk/search", get(keypad::search).layer(crate::timeout()))
        .route("/kiosk/{*rest}", get(|| async { KioskError(not_found("您要查看的页面不存在")) }))
        .route("/static/kiosk.css", get(|| asset("text/css; charset=utf-8", include_str!("../../static/kiosk.css"))))
        .route(
            "/static/kiosk.js",
            get(|| asset("text/javascript; charset=utf-8", include_str!("../../static/kiosk.js"))),
        )
}

/// A stylesheet or script of the kiosk or the display: separate files, since the CSP
/// allows no inline ones.
pub(crate) async fn asset(content_type: &'static str, text: &'static str) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")],
        Body::from(text),
    )
        .into_response()
}

/// What every kiosk page carries around its content: the site's name, how long the kiosk
/// waits untouched before going back to its start, and where the 返回 tile leads.
pub struct Frame {
    pub site_name: String,
    pub idle_seconds: u32,
    /// The page one level up, with its label; none on the start page.
    pub back: Option<(String, &'static str)>,
}

impl Frame {
    pub fn new(back: Option<(String, &'static str)>) -> Self {
        let page = crate::site::page();
        Frame { site_name: page.site().name.clone(), idle_seconds: page.site().kiosk_idle_seconds, back }
    }
}

/// A kiosk page that could not be shown, drawn in the kiosk's own style with a large
/// 返回首页 tile: whoever stands at the screen must always find the way back.
pub struct KioskError(pub AppError);

impl From<PageError> for KioskError {
    fn from(e: PageError) -> Self {
        KioskError(e.0)
    }
}

impl From<AppError> for KioskError {
    fn from(e: AppError) -> Self {
        KioskError(e)
    }
}

impl From<gongkai_store::StoreError> for KioskError {
    fn from(e: gongkai_store::StoreError) -> Self {
        KioskError(e.into())
    }
}

pub(crate) fn not_found(message: &str) -> AppError {
    AppError::Domain(gongkai_core::DomainError::not_found("kiosk_not_found", message))
}

#[derive(Template)]
#[template(path = "kiosk/error.html")]
struct ErrorPage {
    frame: Frame,
    status: u16,
    message: String,
}

impl IntoResponse for KioskError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let message = match &self.0 {
            AppError::Domain(d) => d.message.clone(),
            AppError::BadRequest(_, m) => m.clone(),
            AppError::Internal(context) => {
                tracing::error!(request = %crate::frame::current(), %context, "kiosk page failed");
                "系统暂时无法显示该页面，请稍后再试".into()
            }
            _ => "暂时无法显示该页面".into(),
        };
        let page = ErrorPage { frame: Frame::new(None), status: status.as_u16(), message };
        match page.render() {
            Ok(html) => (status, axum::response::Html(html)).into_response(),
            Err(e) => PageError(e.into()).into_response(),
        }
    }
}

/// A kiosk page from the page cache, rendered when missing; its failure in kiosk style.
pub(crate) async fn cached<F, Fut>(state: &AppState, key: String, render: F) -> Result<Response, KioskError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Rendered, PageError>>,
{
    Ok(crate::portal::cached(state, key, render).await?)
}
