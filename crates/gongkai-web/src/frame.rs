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
use axum::http::HeaderValue;
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

pub async fn frame(request: Request, next: Next) -> Response {
    let id = request.headers().get(HEADER).filter(|v| usable(v)).cloned().unwrap_or_else(new_id);
    let api = request.uri().path().starts_with("/api/");
    let span = tracing::debug_span!(
        "request",
        id = id.to_str().unwrap_or("-"),
        method = %request.method(),
        path = request.uri().path()
    );
    let response = CURRENT.scope(id.clone(), next.run(request).instrument(span)).await;
    let mut response = crate::error::reshape(response, api);
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
