//! Signing in and out of the back office, and changing one's own password.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use gongkai_core::fields::required_text;
use gongkai_store::sessions::SessionKind;
use serde::Deserialize;

use super::{html, see_other};
use crate::auth::{self, PageUser};
use crate::client_ip::ClientIp;
use crate::error::{AppError, PageError};
use crate::extract::{self, CsrfForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    csrf: String,
    message: Option<String>,
}

fn set_cookie(response: &mut Response, cookie: &str) -> Result<(), AppError> {
    let value = HeaderValue::from_str(cookie).map_err(|e| AppError::internal("cookie", e))?;
    response.headers_mut().append(header::SET_COOKIE, value);
    Ok(())
}

pub(super) async fn login_form() -> Result<Response, PageError> {
    let csrf = auth::random_token();
    let mut response = html(LoginPage { csrf: csrf.clone(), message: None })?;
    let cookie =
        format!("{}={csrf}; Path=/admin/login; HttpOnly; SameSite=Strict; Max-Age=3600", auth::LOGIN_CSRF_COOKIE);
    set_cookie(&mut response, &cookie)?;
    Ok(response)
}

/// The login form checks its double-submit token itself: there is no session yet to hold
/// one, so it cannot use [`CsrfForm`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LoginFields {
    username: Option<String>,
    password: Option<String>,
    csrf: Option<String>,
}

pub(super) async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let fields: LoginFields = extract::form(&body)?;
    let expected = auth::cookie(&headers, auth::LOGIN_CSRF_COOKIE).unwrap_or_default();
    let submitted = fields.csrf.as_deref().unwrap_or_default();
    if expected.is_empty() || !auth::same_token(expected, submitted) {
        return Err(AppError::Csrf.into());
    }
    let username = required_text(fields.username.as_deref(), "用户名", 64)?;
    let password = fields.password.unwrap_or_default();
    let device = auth::cookie(&headers, auth::DEVICE_COOKIE);
    match auth::login(&state, &username, &password, &ip, SessionKind::Web, device).await {
        Ok(login) => {
            let mut response = see_other("/admin");
            set_cookie(&mut response, &auth::session_cookie(&state, Some(&login.token)))?;
            if let Some(device) = &login.new_device {
                set_cookie(&mut response, &auth::device_cookie(&state, device))?;
            }
            Ok(response)
        }
        Err(AppError::Domain(e)) if e.code == "bad_credentials" => {
            let mut response = html(LoginPage { csrf: submitted.to_owned(), message: Some(e.message) })?;
            *response.status_mut() = StatusCode::UNAUTHORIZED;
            Ok(response)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoFields {}

pub(super) async fn logout(State(state): State<AppState>, form: CsrfForm<NoFields>) -> Result<Response, PageError> {
    let user = form.user;
    state.store.end_session(&user.session.user, &user.token).await?;
    let mut response = see_other("/");
    set_cookie(&mut response, &auth::session_cookie(&state, None))?;
    Ok(response)
}

#[derive(Template)]
#[template(path = "admin/password.html")]
struct PasswordPage {
    csrf: String,
    message: Option<String>,
    done: bool,
}

pub(super) async fn password_form(user: PageUser) -> Result<Response, PageError> {
    let message = user
        .session
        .user
        .must_change_password
        .then(|| "您使用的是一次性密码。请先设置自己的密码，再开始工作：当前密码填收到的一次性密码。".to_owned());
    html(PasswordPage { csrf: user.session.csrf_token.clone(), message, done: false })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PasswordFields {
    current_password: Option<String>,
    new_password: Option<String>,
    repeat_password: Option<String>,
}

/// 修改密码: the page says what went wrong and keeps nothing typed, as password forms do.
pub(super) async fn change_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    form: CsrfForm<PasswordFields>,
) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let csrf = user.session.csrf_token.clone();
    let new = form.new_password.unwrap_or_default();
    let outcome = if form.repeat_password.as_deref() != Some(new.as_str()) {
        Err("两次输入的新密码不一致".to_owned())
    } else {
        let current = form.current_password.unwrap_or_default();
        match auth::change_own_password(&state, &user.actor, &current, &new, &user.token, &ip).await {
            Ok(()) => Ok(()),
            Err(AppError::Domain(e)) => Err(e.message),
            Err(e) => return Err(e.into()),
        }
    };
    match outcome {
        Ok(()) => html(PasswordPage {
            csrf,
            message: Some("密码已修改，您在其他地方的登录已全部退出。现在可以回到工作台开始工作。".into()),
            done: true,
        }),
        Err(message) => {
            let mut response = html(PasswordPage { csrf, message: Some(message), done: false })?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}
