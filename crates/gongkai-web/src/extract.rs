//! Request bodies and query strings parsed by us rather than by axum's extractors, so a
//! malformed one is answered in the project's error shape with a Chinese message.

use axum::body::Bytes;
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub fn json<T: DeserializeOwned>(body: &Bytes) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|e| {
        let at = format!("（第{}行第{}列）", e.line(), e.column());
        let text = e.to_string();
        if let Some(field) = text.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            return AppError::BadRequest("missing_field", format!("请求中缺少字段“{field}”"));
        }
        let message = match (e.classify(), unknown_field(&text)) {
            (_, Some(field)) => format!("请求中有不认识的字段“{field}”"),
            (serde_json::error::Category::Data, None) => format!("请求中有字段的类型不对{at}"),
            _ => format!("请求内容不是有效的JSON{at}"),
        };
        AppError::BadRequest("invalid_body", message)
    })
}

pub fn form<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_urlencoded::from_bytes(body).map_err(|e| {
        let message = match unknown_field(&e.to_string()) {
            Some(field) => format!("表单中有不认识的字段“{field}”"),
            None => "表单内容格式错误".to_owned(),
        };
        AppError::BadRequest("invalid_form", message)
    })
}

/// The field named in serde's "unknown field `x`" (its messages are English, ours are
/// not).
fn unknown_field(message: &str) -> Option<&str> {
    message.strip_prefix("unknown field `")?.split('`').next()
}

/// An optional field as filled in: trimmed, and `None` when left blank.
pub fn filled(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub fn query<T: DeserializeOwned + Default>(raw: Option<&str>) -> Result<T, AppError> {
    match raw {
        None | Some("") => Ok(T::default()),
        Some(raw) => serde_urlencoded::from_str(raw)
            .map_err(|_| AppError::BadRequest("invalid_query", "网址参数格式错误".into())),
    }
}

/// A back-office form that carries the session's CSRF token: the extractor signs the user
/// in, checks the token and parses the remaining fields into `T`, so no form handler can
/// forget the check.
pub struct CsrfForm<T> {
    pub user: crate::auth::PageUser,
    pub form: T,
}

impl<T: DeserializeOwned> axum::extract::FromRequest<crate::AppState> for CsrfForm<T> {
    type Rejection = crate::error::PageError;

    async fn from_request(request: axum::extract::Request, state: &crate::AppState) -> Result<Self, Self::Rejection> {
        use axum::extract::FromRequestParts;
        let (mut parts, body) = request.into_parts();
        let user = crate::auth::PageUser::from_request_parts(&mut parts, state).await?;
        let request = axum::extract::Request::from_parts(parts, body);
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|e| AppError::BadRequest("invalid_form", format!("表单内容无法读取：{}", e.body_text())))?;
        let mut pairs: Vec<(String, String)> = form(&body)?;
        let token = pairs.iter().position(|(k, _)| k == "csrf").map(|i| pairs.remove(i).1);
        user.check_csrf(token.as_deref().unwrap_or_default())?;
        let rest = serde_urlencoded::to_string(&pairs).map_err(|e| AppError::internal("re-encode form", e))?;
        Ok(CsrfForm { user, form: form(rest.as_bytes())? })
    }
}
