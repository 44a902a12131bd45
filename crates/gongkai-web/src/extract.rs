//! Request bodies and query strings parsed by us rather than by axum's extractors, so a
//! malformed one is answered in the project's error shape with a Chinese message.

use axum::body::Bytes;
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub fn json<T: DeserializeOwned>(body: &Bytes) -> Result<T, AppError> {
    serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest("invalid_body", format!("请求内容不是有效的JSON或字段类型不对：{e}")))
}

pub fn form<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_urlencoded::from_bytes(body)
        .map_err(|e| AppError::BadRequest("invalid_form", format!("表单内容格式错误：{e}")))
}

pub fn query<T: DeserializeOwned + Default>(raw: Option<&str>) -> Result<T, AppError> {
    match raw {
        None | Some("") => Ok(T::default()),
        Some(raw) => serde_urlencoded::from_str(raw)
            .map_err(|_| AppError::BadRequest("invalid_query", "网址参数格式错误".into())),
    }
}
