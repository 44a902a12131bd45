//! The page a set-password link opens: the person, not signed in, chooses their own
//! password. The token in the address is the only secret; the page is never cached and
//! sends no referrer, so the token goes nowhere else.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

use super::html;
use crate::auth::hash_password;
use crate::error::{AppError, PageError};
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/set_password.html")]
struct SetPasswordPage {
    token: String,
    username: Option<String>,
    message: Option<String>,
    done: bool,
}

#[derive(Deserialize)]
pub(super) struct SetPasswordFields {
    new_password: Option<String>,
    repeat_password: Option<String>,
}

/// The page with `status`, sending no referrer.
fn page(page: SetPasswordPage, status: StatusCode) -> Result<Response, PageError> {
    let mut response = html(page)?;
    *response.status_mut() = status;
    response.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

/// A link that is unknown, used or out of date: the page says which, with its status.
fn refused(token: String, e: AppError) -> Result<Response, PageError> {
    match e {
        AppError::Domain(d) => {
            let status = if d.code == "unknown_link" { StatusCode::NOT_FOUND } else { StatusCode::GONE };
            page(SetPasswordPage { token, username: None, message: Some(d.message), done: false }, status)
        }
        other => Err(other.into()),
    }
}

pub(super) async fn form(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, PageError> {
    match state.store.password_link_user(&token).await {
        Ok(user) => {
            page(SetPasswordPage { token, username: Some(user.username), message: None, done: false }, StatusCode::OK)
        }
        Err(e) => refused(token, e.into()),
    }
}

pub(super) async fn set(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(fields): Form<SetPasswordFields>,
) -> Result<Response, PageError> {
    let user = match state.store.password_link_user(&token).await {
        Ok(user) => user,
        Err(e) => return refused(token, e.into()),
    };
    let new = fields.new_password.unwrap_or_default();
    let problem = if fields.repeat_password.as_deref() != Some(new.as_str()) {
        Some("两次输入的新密码不一致".to_owned())
    } else {
        gongkai_core::access::check_password(&new).err().map(|e| e.message)
    };
    if let Some(message) = problem {
        let again = SetPasswordPage { token, username: Some(user.username), message: Some(message), done: false };
        return page(again, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let hash = hash_password(new).await?;
    match state.store.redeem_password_link(&token, &hash).await {
        Ok(user) => page(
            SetPasswordPage {
                token: String::new(),
                username: Some(user.username),
                message: Some("密码已设置。请用登录名和新密码登录。".into()),
                done: true,
            },
            StatusCode::OK,
        ),
        Err(e) => refused(token, e.into()),
    }
}
