//! Attachments coming in and going out: the allowed kinds, checked by content and not
//! only by name; the size limit; and downloads with the original file name.

use axum::body::Body;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// An allowed kind: file-name extensions, and the media type the content must show.
struct Kind {
    extensions: &'static [&'static str],
    media_type: &'static str,
}

const KINDS: &[Kind] = &[
    Kind { extensions: &["pdf"], media_type: "application/pdf" },
    Kind {
        extensions: &["docx"],
        media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    Kind { extensions: &["xlsx"], media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    Kind { extensions: &["png"], media_type: "image/png" },
    Kind { extensions: &["jpg", "jpeg"], media_type: "image/jpeg" },
];

/// Keeps the last path component of an uploaded name, without control characters, at
/// most 200 characters.
pub fn clean_file_name(raw: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    (!cleaned.is_empty()).then_some(cleaned)
}

/// The media type of an upload named `file_name` with content `bytes`, if it is one of the
/// allowed kinds and its content is what its name says.
pub fn check_content(file_name: &str, bytes: &[u8]) -> Result<&'static str, AppError> {
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let kind = KINDS.iter().find(|k| k.extensions.contains(&extension.as_str())).ok_or_else(|| {
        AppError::UnsupportedMedia(format!("不支持“{file_name}”这种文件：附件只能是 PDF、DOCX、XLSX、PNG 或 JPEG"))
    })?;
    let found = infer::get(bytes).map(|t| t.mime_type());
    if found == Some(kind.media_type) {
        Ok(kind.media_type)
    } else {
        Err(AppError::UnsupportedMedia(format!(
            "文件“{file_name}”的内容与其扩展名不符（不是有效的 {} 文件）",
            extension.to_uppercase()
        )))
    }
}

/// Reads one multipart field whole, refusing it as soon as it passes `limit` bytes.
pub async fn read_limited(mut field: Field<'_>, limit: usize) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(e, limit))? {
        if bytes.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

pub fn too_large(limit: usize) -> AppError {
    AppError::TooLarge(format!("附件不能超过 {} MB", limit / (1024 * 1024)))
}

pub fn multipart_error(e: MultipartError, limit: usize) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(limit)
    } else {
        AppError::BadRequest("invalid_multipart", format!("上传内容格式错误：{}", e.body_text()))
    }
}

/// `attachment; filename*=UTF-8''…` so Chinese names survive every browser.
pub fn file_response(file_name: &str, media_type: &str, bytes: Vec<u8>) -> Response {
    let ascii: String =
        file_name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
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

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

    #[test]
    fn png_named_png_passes_and_named_pdf_fails() {
        assert_eq!(check_content("图.png", PNG).unwrap(), "image/png");
        assert!(matches!(check_content("公示.pdf", PNG), Err(AppError::UnsupportedMedia(_))));
    }

    #[test]
    fn unknown_extensions_are_refused() {
        assert!(matches!(check_content("run.exe", b"MZ"), Err(AppError::UnsupportedMedia(_))));
    }

    #[test]
    fn file_names_lose_their_paths() {
        assert_eq!(clean_file_name("C:\\docs\\预算.xlsx").as_deref(), Some("预算.xlsx"));
        assert_eq!(clean_file_name("../../.."), None);
    }

    #[test]
    fn chinese_names_are_percent_encoded() {
        assert_eq!(percent_encode("公开.pdf"), "%E5%85%AC%E5%BC%80.pdf");
    }
}
