//! Accounts, for administrators: creating one with a one-time password, disabling one and
//! resetting its password.

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

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_user)).routes(routes!(disable_user)).routes(routes!(reset_password))
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
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedAccount {
    username: String,
    role: String,
    org: Option<String>,
    /// 一次性密码，只显示这一次：请以安全方式交给本人；首次登录后须修改
    password: String,
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
    let (user, password) = auth::create_account(
        &state,
        &actor,
        &fields.username,
        &fields.role,
        fields.org.as_deref(),
        fields.display_name.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedAccount { username: user.username, role: user.role, org: user.org_code, password }),
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
