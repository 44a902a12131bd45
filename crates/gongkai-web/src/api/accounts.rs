//! Accounts, for administrators: creating one with a one-time password, changing its role
//! and unit, disabling one and resetting its password.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ErrorBody;
use crate::auth::{self, ApiUser};
use crate::error::ApiError;
use crate::{extract, AppState};
use gongkai_core::DomainError;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_user))
        .routes(routes!(disable_user))
        .routes(routes!(reset_password))
        .routes(routes!(issue_password_link))
        .routes(routes!(assign_user))
}

/// 调整角色和所属单位
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// admin 管理员、editor 信息员、reviewer 审核人、supervisor 监督员
    role: String,
    /// 所属单位编码：信息员和审核人必填，管理员和监督员不填
    org: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssignedAccount {
    username: String,
    role: String,
    org: Option<String>,
}

/// 调整账号的角色和所属单位（管理员）：该账号原有的会话和令牌随即失效；不能取消最后一个可用的管理员
#[utoipa::path(put, path = "/users/{username}/assignment", tag = "账号", security(("bearer" = [])),
    params(("username" = String, Path, description = "用户名")), request_body = Assignment,
    responses((status = 200, body = AssignedAccount), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn assign_user(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(username): Path<String>,
    body: Bytes,
) -> Result<Json<AssignedAccount>, ApiError> {
    let fields: Assignment = extract::json(&body)?;
    let user = auth::assign_account(&state, &actor, &username, &fields.role, fields.org.as_deref()).await?;
    Ok(Json(AssignedAccount { username: user.username, role: user.role, org: user.org_code }))
}

/// 新建账号
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// 登录名：2至32个英文字母、数字或 . _ -
    username: String,
    /// admin 管理员、editor 信息员、reviewer 审核人、supervisor 监督员
    role: String,
    /// 所属单位编码：信息员和审核人必填，管理员和监督员不填
    org: Option<String>,
    /// 显示的姓名；不填则用登录名
    display_name: Option<String>,
    /// 交付方式：password（默认，一次性密码）或 link（设置密码链接，24小时内有效、只能用一次）
    credential: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedAccount {
    username: String,
    role: String,
    org: Option<String>,
    /// 一次性密码，只显示这一次：请以安全方式交给本人；首次登录后须修改
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<String>,
    /// 设置密码链接（交付方式为 link 时），只显示这一次
    #[serde(skip_serializing_if = "Option::is_none")]
    set_password_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
}

/// 新建账号（管理员）：生成一次性密码，本人首次登录后须改为自己的密码
#[utoipa::path(post, path = "/users", tag = "账号", security(("bearer" = [])), request_body = NewAccount,
    responses((status = 201, body = CreatedAccount), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    body: Bytes,
) -> Result<(StatusCode, Json<CreatedAccount>), ApiError> {
    actor.authorize_accounts()?;
    let fields: NewAccount = extract::json(&body)?;
    let by_link = match fields.credential.as_deref().map(str::trim) {
        None | Some("" | "password") => false,
        Some("link") => true,
        Some(other) => {
            return Err(DomainError::invalid(
                "invalid_credential",
                format!("未知的交付方式“{other}”（password 或 link）"),
            )
            .into())
        }
    };
    let (user, password) = auth::create_account(
        &state,
        &actor,
        &fields.username,
        &fields.role,
        fields.org.as_deref(),
        fields.display_name.as_deref(),
    )
    .await?;
    // With a link, the one-time password is never shown: nobody can sign in with it.
    let (password, set_password_url, expires_at) = if by_link {
        let (url, expires) = auth::password_link(&state, &actor, &user.username).await?;
        (None, Some(url), Some(expires.to_rfc3339()))
    } else {
        (Some(password), None, None)
    };
    Ok((
        StatusCode::CREATED,
        Json(CreatedAccount {
            username: user.username,
            role: user.role,
            org: user.org_code,
            password,
            set_password_url,
            expires_at,
        }),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountState {
    username: String,
    disabled: bool,
}

/// 停用账号：该账号的所有会话和令牌立即失效；不能停用最后一个可用的管理员
#[utoipa::path(post, path = "/users/{username}/disable", tag = "账号", security(("bearer" = [])),
    params(("username" = String, Path, description = "用户名")),
    responses((status = 200, body = AccountState), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn disable_user(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(username): Path<String>,
) -> Result<Json<AccountState>, ApiError> {
    let user = state.store.disable_user(&actor, &username).await?;
    Ok(Json(AccountState { username: user.username, disabled: true }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OneTimePassword {
    username: String,
    /// 只显示这一次：请当面或以安全方式交给本人；首次登录后须修改。
    password: String,
}

/// 重置密码：生成一次性密码，该账号原有的会话和令牌随即失效
#[utoipa::path(post, path = "/users/{username}/password", tag = "账号", security(("bearer" = [])),
    params(("username" = String, Path, description = "用户名")),
    responses((status = 200, body = OneTimePassword), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(username): Path<String>,
) -> Result<Json<OneTimePassword>, ApiError> {
    let password = auth::reset_password(&state, &actor, &username).await?;
    Ok(Json(OneTimePassword { username, password }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordLink {
    username: String,
    /// 设置密码链接（本站内的路径），只显示这一次：请以安全方式交给本人
    url: String,
    /// 失效时间（24小时后）；链接只能使用一次，新链接使旧链接作废
    expires_at: String,
}

/// 生成设置密码链接（管理员）：本人用它自行设置密码，24小时内有效、只能使用一次
#[utoipa::path(post, path = "/users/{username}/password-link", tag = "账号", security(("bearer" = [])),
    params(("username" = String, Path, description = "用户名")),
    responses((status = 201, body = PasswordLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn issue_password_link(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(username): Path<String>,
) -> Result<(StatusCode, Json<PasswordLink>), ApiError> {
    let (url, expires) = auth::password_link(&state, &actor, &username).await?;
    Ok((StatusCode::CREATED, Json(PasswordLink { username, url, expires_at: expires.to_rfc3339() })))
}
