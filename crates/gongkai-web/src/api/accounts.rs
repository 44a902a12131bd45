//! Accounts, for administrators: disabling one and resetting its password.

use axum::extract::{Path, State};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ErrorBody;
use crate::auth::{self, ApiUser};
use crate::error::ApiError;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(disable_user)).routes(routes!(reset_password))
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
    /// 只显示这一次：请当面或以安全方式交给本人，并提醒其登录后修改。
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
