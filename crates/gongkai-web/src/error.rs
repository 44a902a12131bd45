//! One error type for every handler, answered as a Chinese page or as JSON
//! `{"code","message"}` depending on which side of the site raised it.

use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use gongkai_core::error::ErrorKind;
use gongkai_core::DomainError;
use gongkai_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// Malformed request body (bad JSON, wrong field type).
    #[error("bad request: {1}")]
    BadRequest(&'static str, String),
    #[error("not signed in")]
    Unauthenticated,
    #[error("csrf check failed")]
    Csrf,
    /// Signed in with a one-time password that has not been replaced yet.
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("too many attempts")]
    RateLimited,
    /// Too many public submissions or tracking-code guesses from one address, and the
    /// seconds until it may try again.
    #[error("throttled: {message}")]
    Throttled { message: String, retry_after: u64 },
    #[error("payload too large")]
    TooLarge(String),
    #[error("unsupported media: {0}")]
    UnsupportedMedia(String),
    /// A table handed over whole, refused cell by cell.
    #[error("table refused")]
    Table(gongkai_core::table::TableErrors),
    /// Logged with context, answered opaquely.
    #[error("internal: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Domain(d) => AppError::Domain(d),
            StoreError::Table(t) => AppError::Table(t),
            other => AppError::Internal(source_chain(&other)),
        }
    }
}

/// An error and every error that caused it, outermost first, for the log.
pub fn source_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        let next = e.to_string();
        if !text.ends_with(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        cause = e.source();
    }
    text
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl AppError {
    pub fn internal(context: &str, e: impl std::fmt::Display) -> Self {
        AppError::Internal(format!("{context}: {e}"))
    }

    pub fn status(&self) -> StatusCode {
        self.parts().0
    }

    /// Status, stable code and Chinese message.
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            AppError::Domain(d) => {
                let status = match d.kind {
                    ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorKind::NotFound => StatusCode::NOT_FOUND,
                    ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
                    ErrorKind::Forbidden => StatusCode::FORBIDDEN,
                    ErrorKind::Conflict => StatusCode::CONFLICT,
                };
                (status, d.code, d.message.clone())
            }
            AppError::BadRequest(code, m) => (StatusCode::BAD_REQUEST, code, m.clone()),
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", "请先登录".into()),
            AppError::Csrf => {
                (StatusCode::FORBIDDEN, "csrf_failed", "表单已失效或来源不明，请刷新页面后重新提交".into())
            }
            AppError::PasswordChangeRequired => {
                (StatusCode::FORBIDDEN, "password_change_required", "您使用的是一次性密码，请先修改为自己的密码".into())
            }
            AppError::RateLimited => {
                (StatusCode::TOO_MANY_REQUESTS, "rate_limited", "登录失败次数过多，请15分钟后再试".into())
            }
            AppError::Throttled { message, .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_requests", message.clone())
            }
            AppError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", m.clone()),
            AppError::UnsupportedMedia(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", m.clone()),
            AppError::Table(t) => {
                let message = format!("表格有{}处错误，未导入任何内容：\n{t}", t.0.len());
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid_table", message)
            }
            AppError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "服务器内部错误，请稍后再试".into())
            }
        }
    }

    /// The Chinese message, for a page that shows it beside its form.
    pub fn message(&self) -> String {
        self.parts().2
    }

    /// Seconds to wait before trying again, for a refusal that passes with time.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::Throttled { retry_after, .. } => Some(*retry_after),
            AppError::RateLimited => u64::try_from(crate::auth::LOGIN_LIMIT.window_seconds).ok(),
            _ => None,
        }
    }

    /// A page a handler drew for this error (its form again, with the message), sent with
    /// the error's status and, for a refusal that passes with time, `Retry-After`.
    pub fn page(&self, html: String) -> Response {
        with_retry_after(self, (self.status(), Html(html)).into_response())
    }

    fn log(&self) {
        if let AppError::Internal(context) = self {
            tracing::error!(request = %crate::frame::current(), %context, "request failed");
        }
    }
}

/// An error raised by a JSON API handler.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let (status, code, message) = self.0.parts();
        if let AppError::Table(table) = &self.0 {
            // Programs get each refusal apart too: row, column and reason.
            let body = serde_json::json!({ "code": code, "message": message, "errors": table.0 });
            return (status, axum::Json(body)).into_response();
        }
        with_retry_after(&self.0, json_error(status, code, &message))
    }
}

fn with_retry_after(error: &AppError, mut response: Response) -> Response {
    if let Some(seconds) = error.retry_after() {
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
    }
    response
}

/// `{"code","message"}` with `status`.
pub fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    let mut response = (status, axum::Json(serde_json::json!({ "code": code, "message": message }))).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    }
    response
}

/// An error raised by a page handler: a Chinese error page, or the login page when the
/// visitor is not signed in.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self.0 {
            AppError::Unauthenticated => {
                return (StatusCode::SEE_OTHER, [(header::LOCATION, "/admin/login")]).into_response();
            }
            AppError::PasswordChangeRequired => {
                return (StatusCode::SEE_OTHER, [(header::LOCATION, "/admin/password")]).into_response();
            }
            _ => {}
        }
        self.0.log();
        let (status, code, message) = self.0.parts();
        let mut response = page_error(status, message);
        // The stable code, as the API gives it, for programs and tests reading a page.
        response.headers_mut().insert("x-error-code", header::HeaderValue::from_static(code));
        with_retry_after(&self.0, response)
    }
}

/// The Chinese error page with `status`.
pub fn page_error(status: StatusCode, message: String) -> Response {
    let page = ErrorPage { status: status.as_u16(), message };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], "<h1>出错了</h1>").into_response()
        }
    }
}

/// The framework's own refusals — no such route, wrong method, a body too large, a path
/// that is not UTF-8, a request that is not multipart — come as plain text. This answers
/// them in the project's form instead: JSON under `/api`, a Chinese page elsewhere. Our
/// own errors are already JSON or HTML and pass untouched.
pub fn reshape(response: Response, api: bool) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/json") || content_type.starts_with("text/html") {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("route_not_found", "您访问的页面或接口不存在"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "该地址不支持这种请求方式"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "提交的内容超过了允许的大小"),
        StatusCode::REQUEST_TIMEOUT => ("request_timeout", "请求处理超时，请稍后再试"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "请求内容的类型不受支持"),
        s if s.is_server_error() => ("internal", "服务器内部错误，请稍后再试"),
        _ => ("bad_request", "请求的网址或内容格式不正确"),
    };
    if api {
        json_error(status, code, message)
    } else {
        page_error(status, message.to_owned())
    }
}
