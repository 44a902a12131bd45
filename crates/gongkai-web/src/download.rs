//! A stored file handed to the browser as a download, under its own name in any script.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// `attachment; filename*=UTF-8''…` so Chinese names survive every browser.
pub fn file_response(file_name: &str, media_type: &str, bytes: Vec<u8>) -> Response {
    let mut ascii: String =
        file_name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    // For the rare client that reads only `filename`: a Chinese name would be all `_`.
    let (stem, extension) = ascii.rsplit_once('.').unwrap_or((&ascii, ""));
    if !stem.chars().any(|c| c.is_ascii_alphanumeric()) {
        ascii = if extension.is_empty() { "download".to_owned() } else { format!("download.{extension}") };
    }
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent_encode(file_name));
    (
        [
            (header::CONTENT_TYPE, media_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            // A file can be withdrawn at any moment: no shared cache may keep it, and the
            // browser asks again each time.
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        Body::from(bytes),
    )
        .into_response()
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_percent_encoded() {
        assert_eq!(percent_encode("公开.pdf"), "%E5%85%AC%E5%BC%80.pdf");
    }
}
