//! Tokens: signing in for one, signing out, and changing one's own password.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gongkai_core::fields::required_text;
use gongkai_core::DomainError;
use gongkai_store::sessions::SessionKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ErrorBody;
use crate::auth::{self, ApiUser};
use crate::client_ip::ClientIp;
use crate::error::{ApiError, AppError};
use crate::{extract, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_session, end_session)).routes(routes!(change_password))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    username: Option<String>,
    password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Token {
    token: String,
    /// Seconds until the token expires.
    expires_in: i64,
    /// 使用的是一次性密码：在以 PUT /session/password 设置自己的密码之前，其他需要登录的请求都答 403 password_change_required，公开的查询按未登录处理
    must_change_password: bool,
}

/// 登录，取得访问令牌
#[utoipa::path(post, path = "/session", tag = "账号", request_body = Credentials,
    responses((status = 201, body = Token), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
               (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn create_session(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let creds: Credentials = extract::json(&body)?;
    let username = required_text(creds.username.as_deref(), "用户名", 64)?;
    let password = creds
        .password
        .filter(|p| !p.is_empty())
        .ok_or_else(|| AppError::Domain(DomainError::invalid("missing_field", "请填写密码")))?;
    let device = auth::cookie(&headers, auth::DEVICE_COOKIE);
    let login = auth::login(&state, &username, &password, &ip, SessionKind::Api, device).await?;
    let token = Token {
        must_change_password: login.user.must_change_password,
        token: login.token,
        expires_in: auth::SESSION_SECONDS,
    };
    Ok((StatusCode::CREATED, Json(token)).into_response())
}

/// 退出登录：令牌立即失效
#[utoipa::path(delete, path = "/session", tag = "账号", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn end_session(State(state): State<AppState>, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    let token = auth::bearer_token(&headers).ok_or(AppError::Unauthenticated)?;
    let session = state.store.session(token, SessionKind::Api).await?.ok_or(AppError::Unauthenticated)?;
    state.store.end_session(&session.user, token).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    current_password: Option<String>,
    new_password: Option<String>,
}

/// 修改本人密码；本人的其他会话和令牌随即失效
#[utoipa::path(put, path = "/session/password", tag = "账号", security(("bearer" = [])), request_body = PasswordChange,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let change: PasswordChange = extract::json(&body)?;
    let current = change.current_password.unwrap_or_default();
    let new = change.new_password.unwrap_or_default();
    let token = auth::bearer_token(&headers).unwrap_or_default();
    auth::change_own_password(&state, &actor, &current, &new, token, &ip).await?;
    Ok(StatusCode::NO_CONTENT)
}
