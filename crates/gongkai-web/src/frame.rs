//! What every request and response goes through, in one layer (each layer costs cached
//! pages a share of their rate): the request's id and tracing span, the framework's own
//! refusals reshaped into the project's form, and the security headers.
//!
//! The id is the caller's `x-request-id` when it sends
//! a usable one, otherwise a random prefix drawn once per process and a counter — unique
//! across nodes without asking the system for randomness on every request — and is echoed
//! in the response. Errors name it in every log line ([`current`]); the span, with the id,
//! method and path, is at DEBUG level: an INFO span on every request cost a third of the
//! rate of cached pages, so it is there when `RUST_LOG=debug` asks for it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

const HEADER: &str = "x-request-id";

static PREFIX: LazyLock<String> = LazyLock::new(|| format!("{:08x}", rand::random::<u32>()));
static NEXT: AtomicU64 = AtomicU64::new(1);

fn new_id() -> HeaderValue {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    HeaderValue::from_str(&format!("{}-{n:012x}", *PREFIX)).unwrap_or_else(|_| HeaderValue::from_static("-"))
}

/// A caller's id is kept when it is short plain text.
fn usable(value: &HeaderValue) -> bool {
    (1..=128).contains(&value.len()) && value.as_bytes().iter().all(|b| b.is_ascii_graphic())
}

tokio::task_local! {
    static CURRENT: HeaderValue;
}

/// The id of the request being handled, for log lines; `-` outside a request.
pub fn current() -> String {
    CURRENT.try_with(|id| id.to_str().unwrap_or("-").to_owned()).unwrap_or_else(|_| "-".into())
}

/// Bodies the API reads: JSON in UTF-8, or a multipart upload. Anything else sent with a
/// body is refused before a handler sees it, rather than read as if it were JSON.
fn readable_by_the_api(request: &Request) -> bool {
    let has_body = request.headers().get(header::CONTENT_LENGTH).is_some_and(|v| v.as_bytes() != b"0")
        || request.headers().contains_key(header::TRANSFER_ENCODING);
    if !has_body {
        return true;
    }
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let charset_ok = content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.trim().split_once('='))
        .all(|(k, v)| !k.eq_ignore_ascii_case("charset") || v.trim_matches('"').eq_ignore_ascii_case("utf-8"));
    (essence == "application/json" && charset_ok) || essence == "multipart/form-data"
}

pub async fn frame(request: Request, next: Next) -> Response {
    let id = request.headers().get(HEADER).filter(|v| usable(v)).cloned().unwrap_or_else(new_id);
    let api = request.uri().path().starts_with("/api/");
    let mut response = if api && !readable_by_the_api(&request) {
        crate::error::json_error(
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "请求内容须为 JSON（Content-Type: application/json，UTF-8 编码）或文件上传（multipart/form-data）",
        )
    } else {
        let span = tracing::debug_span!(
            "request",
            id = id.to_str().unwrap_or("-"),
            method = %request.method(),
            path = request.uri().path()
        );
        let response = CURRENT.scope(id.clone(), next.run(request).instrument(span)).await;
        crate::error::reshape(response, api)
    };
    crate::headers::secure(response.headers_mut());
    response.headers_mut().insert(HEADER, id);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_and_share_the_node_prefix() {
        let (a, b) = (new_id(), new_id());
        let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
        assert_ne!(a, b);
        assert_eq!(a[..9], b[..9]);
        assert_eq!(a.len(), 21);
    }

    #[test]
    fn only_plain_short_ids_are_kept() {
        assert!(usable(&HeaderValue::from_static("trace-me-42")));
        assert!(!usable(&HeaderValue::from_static("has space")));
        assert!(!usable(&HeaderValue::from_str(&"x".repeat(129)).unwrap()));
    }
}
