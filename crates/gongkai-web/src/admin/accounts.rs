//! 账号管理 for administrators: every account with its state, creating one with a
//! one-time password, disabling one and resetting a password. A one-time password is
//! shown on the page that made it, once.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongkai_core::access::Role;
use gongkai_core::org::tree::in_tree_order;
use serde::Deserialize;

use super::{html, refusal};
use crate::auth::{self, PageUser};
use crate::error::PageError;
use crate::extract::CsrfForm;
use crate::views;
use crate::AppState;

pub struct AccountLine {
    username: String,
    display_name: String,
    role: &'static str,
    /// The role's code and the unit's code, for the row's 调整 form.
    role_code: String,
    org_code: String,
    org: String,
    state: &'static str,
    disabled: bool,
}

pub struct OrgChoice {
    code: String,
    label: String,
}

/// What the creation form last held, kept when it is refused.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NewAccountForm {
    username: Option<String>,
    display_name: Option<String>,
    role: Option<String>,
    org: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/accounts.html")]
struct AccountsPage {
    csrf: String,
    accounts: Vec<AccountLine>,
    orgs: Vec<OrgChoice>,
    roles: Vec<(&'static str, &'static str)>,
    typed: NewAccountForm,
    /// A success (with a one-time password to copy) or a refusal.
    message: Option<String>,
    password: Option<String>,
    refused: bool,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    typed: NewAccountForm,
    message: Option<String>,
    password: Option<String>,
    refused: bool,
) -> Result<Response, PageError> {
    user.actor.authorize_accounts()?;
    let orgs = state.store.db.orgs().await?;
    let name_of =
        |code: &str| orgs.iter().find(|o| o.code.as_str() == code).map_or(code.to_owned(), |o| o.name.clone());
    let accounts = state
        .store
        .db
        .users()
        .await?
        .into_iter()
        .map(|u| AccountLine {
            role: Role::parse(&u.role).map_or("", |r| r.label()),
            org: u.org_code.as_deref().map_or_else(|| "全部单位".to_owned(), name_of),
            state: match (u.disabled_at.is_some(), u.must_change_password) {
                (true, _) => "已停用",
                (false, true) => "待本人设置密码",
                (false, false) => "正常",
            },
            disabled: u.disabled_at.is_some(),
            role_code: u.role.clone(),
            org_code: u.org_code.clone().unwrap_or_default(),
            username: u.username,
            display_name: u.display_name,
        })
        .collect();
    let orgs = in_tree_order(&orgs)
        .into_iter()
        .filter(|o| o.closed_on.is_none())
        .map(|o| OrgChoice { code: o.code.to_string(), label: format!("{}（{}）", o.name, o.code) })
        .collect();
    let roles = Role::choices();
    let mut response = html(AccountsPage {
        csrf: user.session.csrf_token.clone(),
        accounts,
        orgs,
        roles,
        typed,
        message,
        password,
        refused,
    })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub(super) async fn accounts(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    page(&state, &user, NewAccountForm::default(), None, None, false).await
}

pub(super) async fn create(
    State(state): State<AppState>,
    form: CsrfForm<NewAccountForm>,
) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let username = form.username.clone().unwrap_or_default();
    let created = auth::create_account(
        &state,
        &user.actor,
        &username,
        form.role.as_deref().unwrap_or_default(),
        form.org.as_deref(),
        form.display_name.as_deref(),
    )
    .await;
    match created {
        Ok((created, password)) => {
            let message = format!(
                "已创建账号 {}。请把一次性密码当面或以安全方式交给本人，本人首次登录后须修改：",
                created.username
            );
            page(&state, &user, NewAccountForm::default(), Some(message), Some(password), false).await
        }
        Err(e) => page(&state, &user, form, Some(refusal(e)?), None, true).await,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssignForm {
    role: Option<String>,
    org: Option<String>,
}

/// 调整角色和所属单位, from the account's row.
pub(super) async fn assign(
    State(state): State<AppState>,
    Path(username): Path<String>,
    form: CsrfForm<AssignForm>,
) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let role = form.role.as_deref().unwrap_or_default();
    match auth::assign_account(&state, &user.actor, &username, role, form.org.as_deref()).await {
        Ok(_) => {
            let message = format!("已调整 {username} 的角色和所属单位，其原有登录已失效，需重新登录");
            page(&state, &user, NewAccountForm::default(), Some(message), None, false).await
        }
        Err(e) => page(&state, &user, NewAccountForm::default(), Some(refusal(e)?), None, true).await,
    }
}

pub(super) async fn disable(
    State(state): State<AppState>,
    Path(username): Path<String>,
    form: CsrfForm<super::session::NoFields>,
) -> Result<Response, PageError> {
    let user = form.user;
    match state.store.disable_user(&user.actor, &username).await {
        Ok(_) => {
            let message = format!("已停用账号 {username}，其所有登录已失效");
            page(&state, &user, NewAccountForm::default(), Some(message), None, false).await
        }
        Err(e) => page(&state, &user, NewAccountForm::default(), Some(refusal(e)?), None, true).await,
    }
}

pub(super) async fn reset(
    State(state): State<AppState>,
    Path(username): Path<String>,
    form: CsrfForm<super::session::NoFields>,
) -> Result<Response, PageError> {
    let user = form.user;
    match auth::reset_password(&state, &user.actor, &username).await {
        Ok(password) => {
            let message = format!("已重置 {username} 的密码，其原有登录已失效。一次性密码：");
            page(&state, &user, NewAccountForm::default(), Some(message), Some(password), false).await
        }
        Err(e) => page(&state, &user, NewAccountForm::default(), Some(refusal(e)?), None, true).await,
    }
}

/// 生成设置密码链接: shown once, whole, to copy into a message to the person.
pub(super) async fn link(
    State(state): State<AppState>,
    Path(username): Path<String>,
    headers: axum::http::HeaderMap,
    form: CsrfForm<super::session::NoFields>,
) -> Result<Response, PageError> {
    let user = form.user;
    match auth::password_link(&state, &user.actor, &username).await {
        Ok((path, expires)) => {
            let scheme = if state.config.secure_cookies { "https" } else { "http" };
            let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
            let message = format!(
                "已为 {username} 生成设置密码链接，{}前有效、只能使用一次，新链接生成后旧链接作废。请以安全方式发给本人：",
                views::datetime(expires.timestamp())
            );
            let url = format!("{scheme}://{host}{path}");
            page(&state, &user, NewAccountForm::default(), Some(message), Some(url), false).await
        }
        Err(e) => page(&state, &user, NewAccountForm::default(), Some(refusal(e)?), None, true).await,
    }
}
