//! Conditional GETs for what programs poll: the API's public answers, the Atom feeds and the
//! sitemap. A 200 answer to a request without credentials gets a strong ETag, a hash of
//! its body; a request whose `If-None-Match` names it (or says `*`) gets 304 and no body.
//! The handler still runs — the tag is of what it answers now — but a feed reader or a
//! crawler polling every few minutes downloads nothing while nothing changed.
//!
//! A layer rather than a step in each handler, so that no public GET can forget it.

use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Bodies past this size are passed through untagged rather than held in memory to hash.
const MAX_TAGGED: u64 = 16 * 1024 * 1024;

/// Tags the answer to a public GET and answers 304 when the caller already has it.
pub async fn etag(request: Request, next: Next) -> Response {
    let eligible = matches!(*request.method(), Method::GET | Method::HEAD)
        && !request.headers().contains_key(header::AUTHORIZATION);
    let wanted = request.headers().get_all(header::IF_NONE_MATCH).iter().cloned().collect::<Vec<_>>();
    let response = next.run(request).await;
    if !eligible || response.status() != StatusCode::OK || !textual(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    if body.size_hint().upper().is_none_or(|n| n > MAX_TAGGED) {
        return Response::from_parts(parts, body);
    }
    let bytes = match axum::body::to_bytes(body, MAX_TAGGED as usize).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "a response body could not be read to tag it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let tag = tag_of(&bytes);
    if matches(&wanted, &tag) {
        let mut unchanged = StatusCode::NOT_MODIFIED.into_response();
        for name in [header::CACHE_CONTROL, header::VARY, header::CONTENT_LOCATION, header::EXPIRES] {
            if let Some(value) = parts.headers.get(&name) {
                unchanged.headers_mut().insert(name, value.clone());
            }
        }
        unchanged.headers_mut().insert(header::ETAG, tag);
        return unchanged;
    }
    parts.headers.insert(header::ETAG, tag);
    Response::from_parts(parts, Body::from(bytes))
}

/// JSON, XML and text: what the API, the feeds and the sitemap answer. Files (a request's
/// reply letter, a spreadsheet) are streamed as they are.
fn textual(headers: &HeaderMap) -> bool {
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = kind.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+xml") || essence.ends_with("/xml") || essence == "text/plain"
}

/// `"…"`: the first 128 bits of the body's SHA-256, enough to tell versions of one
/// address apart.
fn tag_of(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    HeaderValue::from_str(&format!("\"{}\"", hex::encode(&digest[..16]))).expect("hex is a valid header value")
}

/// Whether `If-None-Match` names `tag`: `*`, or any tag of its lists compared weakly (a
/// `W/` prefix ignored), as RFC 9110 asks for this header.
fn matches(wanted: &[HeaderValue], tag: &HeaderValue) -> bool {
    let tag = tag.to_str().unwrap_or_default();
    wanted
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim())
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_weak_tags_and_stars_match() {
        let tag = tag_of(b"{}");
        let value = |s: &str| vec![HeaderValue::from_str(s).unwrap()];
        let text = tag.to_str().unwrap().to_owned();
        assert!(matches(&value(&text), &tag));
        assert!(matches(&value(&format!("\"x\", W/{text}")), &tag));
        assert!(matches(&value("*"), &tag));
        assert!(!matches(&value("\"x\""), &tag));
        assert!(!matches(&[], &tag));
        assert_ne!(tag_of(b"{}"), tag_of(b"[]"));
    }

    #[test]
    fn only_text_is_tagged() {
        let mut headers = HeaderMap::new();
        for (kind, tagged) in [
            ("application/json", true),
            ("application/atom+xml; charset=utf-8", true),
            ("application/xml", true),
            ("application/pdf", false),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false),
        ] {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            assert_eq!(textual(&headers), tagged, "{kind}");
        }
    }
}
