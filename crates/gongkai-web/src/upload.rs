//! Attachments coming in and going out: streamed to disk under the size limit, the allowed
//! kinds checked by content and not only by name, and downloads with the original name.

use std::path::{Path, PathBuf};

use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;
use gongkai_core::access::Actor;
use gongkai_core::fields::is_bidi_control;
use gongkai_core::record::RecordId;
use gongkai_core::DomainError;
use gongkai_store::attachments::{Attachment, NewAttachment};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::error::AppError;
use crate::AppState;

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
    Kind { extensions: &["xlsx"], media_type: XLSX },
    Kind { extensions: &["png"], media_type: "image/png" },
    Kind { extensions: &["jpg", "jpeg"], media_type: "image/jpeg" },
];

/// The longest file name kept, in characters.
const NAME_MAX: usize = 200;

/// Keeps the last path component of an uploaded name, without control or
/// bidirectional-control characters, at most [`NAME_MAX`] characters; a name cut for
/// length keeps its extension.
pub fn clean_file_name(raw: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let cleaned: String = base.chars().filter(|&c| !c.is_control() && !is_bidi_control(c)).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return None;
    }
    if cleaned.chars().count() <= NAME_MAX {
        return Some(cleaned.to_owned());
    }
    let (stem, extension) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && (1..=10).contains(&ext.chars().count()) => (stem, Some(ext)),
        _ => (cleaned, None),
    };
    let room = NAME_MAX - extension.map_or(0, |e| e.chars().count() + 1);
    let stem: String = stem.chars().take(room).collect();
    Some(match extension {
        Some(ext) => format!("{}.{ext}", stem.trim_end()),
        None => stem,
    })
}

/// An upload received to a file under the store's staging directory; the file is removed
/// when this is dropped unless it was adopted by the store.
pub struct Received {
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
    /// The first bytes, for recognising the kind of file.
    pub head: Vec<u8>,
}

impl Drop for Received {
    fn drop(&mut self) {
        // Gone already when the store adopted it.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Bytes of the start of a file kept for recognising its kind.
const HEAD: usize = 8 * 1024;

/// Streams one multipart field to a staging file, hashing it on the way, and refuses it as
/// soon as it passes `limit` bytes: an upload never sits in memory whole.
pub async fn receive(mut field: Field<'_>, staging: &Path, limit: usize) -> Result<Received, AppError> {
    tokio::fs::create_dir_all(staging).await.map_err(|e| AppError::internal("staging dir", e))?;
    let path = staging.join(format!("{}.part", uuid::Uuid::new_v4()));
    let file = tokio::fs::File::create(&path).await.map_err(|e| AppError::internal("staging file", e))?;
    let mut received = Received { path, sha256: String::new(), size: 0, head: Vec::new() };
    let mut file = tokio::io::BufWriter::new(file);
    let mut hasher = Sha256::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(e, limit))? {
        received.size += chunk.len() as u64;
        if received.size > limit as u64 {
            return Err(too_large(limit));
        }
        if received.head.len() < HEAD {
            let take = (HEAD - received.head.len()).min(chunk.len());
            received.head.extend_from_slice(&chunk[..take]);
        }
        hasher.update(&chunk);
        file.write_all(&chunk).await.map_err(|e| AppError::internal("staging write", e))?;
    }
    file.flush().await.map_err(|e| AppError::internal("staging flush", e))?;
    received.sha256 = hex::encode(hasher.finalize());
    Ok(received)
}

/// The media type of an upload named `file_name`, if it is one of the allowed kinds and
/// its content is what its name says: by its first bytes, for a PDF also by its end, and
/// for DOCX and XLSX by opening the package.
pub async fn check_content(file_name: &str, received: &Received) -> Result<&'static str, AppError> {
    let media_type = check_head(file_name, &received.head)?;
    if media_type == "application/pdf" && !pdf_trailer(&received.path).await? {
        return Err(not_what_it_says(file_name, "pdf"));
    }
    if let Some(part) = crate::ooxml::main_part(media_type) {
        let path = received.path.clone();
        let name = file_name.to_owned();
        tokio::task::spawn_blocking(move || crate::ooxml::check_package(&path, part, &name))
            .await
            .map_err(|e| AppError::internal("package check", e))??;
    }
    Ok(media_type)
}

/// By extension and first bytes.
pub fn check_head(file_name: &str, head: &[u8]) -> Result<&'static str, AppError> {
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let kind = KINDS.iter().find(|k| k.extensions.contains(&extension.as_str())).ok_or_else(|| {
        AppError::UnsupportedMedia(format!("不支持“{file_name}”这种文件：附件只能是 PDF、DOCX、XLSX、PNG 或 JPEG"))
    })?;
    // A DOCX or XLSX is a ZIP package; what is inside is checked by `check_package`.
    let found = infer::get(head).map(|t| t.mime_type());
    let zip_package = crate::ooxml::main_part(kind.media_type).is_some() && head.starts_with(b"PK\x03\x04");
    if found == Some(kind.media_type) || zip_package {
        Ok(kind.media_type)
    } else {
        Err(not_what_it_says(file_name, &extension))
    }
}

/// Whether the file ends as a PDF does: `%%EOF` within its last 1,024 bytes, where
/// readers look for it. A file that only starts like a PDF is not one.
async fn pdf_trailer(path: &Path) -> Result<bool, AppError> {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    const TAIL: u64 = 1024;
    let mut file = tokio::fs::File::open(path).await.map_err(|e| AppError::internal("staged file", e))?;
    let len = file.metadata().await.map_err(|e| AppError::internal("staged file", e))?.len();
    file.seek(std::io::SeekFrom::Start(len.saturating_sub(TAIL)))
        .await
        .map_err(|e| AppError::internal("staged file", e))?;
    let mut tail = Vec::with_capacity(TAIL as usize);
    file.read_to_end(&mut tail).await.map_err(|e| AppError::internal("staged file", e))?;
    Ok(tail.windows(5).any(|w| w == b"%%EOF"))
}

pub(crate) fn not_what_it_says(file_name: &str, extension: &str) -> AppError {
    AppError::UnsupportedMedia(format!(
        "文件“{file_name}”的内容与其扩展名不符（不是有效的 {} 文件）",
        extension.to_uppercase()
    ))
}

/// An upload received and checked, not yet stored: its staging file is removed when this is
/// dropped, so a request refused after receiving it leaves nothing behind.
pub struct Staged {
    name: String,
    media_type: &'static str,
    received: Received,
}

/// Receives and checks one uploaded file. The caller has already asked the store whether
/// the actor may attach to the record.
pub async fn stage(state: &AppState, field: Field<'_>) -> Result<Staged, AppError> {
    let name = field
        .file_name()
        .and_then(clean_file_name)
        .ok_or_else(|| AppError::Domain(DomainError::invalid("missing_file_name", "上传的文件缺少文件名")))?;
    let received = receive(field, &state.store.files.staging_dir(), state.config.max_upload_bytes).await?;
    if received.size == 0 {
        return Err(AppError::Domain(DomainError::invalid("empty_file", "上传的文件是空的")));
    }
    let media_type = check_content(&name, &received).await?;
    Ok(Staged { name, media_type, received })
}

/// Receives and checks one uploaded file that may only be one of the media types
/// `allowed` (named `kinds` in the refusal) and at most `limit` bytes. The name is checked
/// before a byte is read, the content after.
pub async fn stage_restricted(
    state: &AppState,
    field: Field<'_>,
    limit: usize,
    allowed: &[&str],
    kinds: &str,
) -> Result<Staged, AppError> {
    let name = field
        .file_name()
        .and_then(clean_file_name)
        .ok_or_else(|| AppError::Domain(DomainError::invalid("missing_file_name", "上传的文件缺少文件名")))?;
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let known = KINDS.iter().find(|k| k.extensions.contains(&extension.as_str()));
    if !known.is_some_and(|k| allowed.contains(&k.media_type)) {
        return Err(AppError::UnsupportedMedia(format!("不支持“{name}”这种文件：附件只能是{kinds}")));
    }
    let received = receive(field, &state.store.files.staging_dir(), limit).await?;
    if received.size == 0 {
        return Err(AppError::Domain(DomainError::invalid("empty_file", "上传的文件是空的")));
    }
    let media_type = check_content(&name, &received).await?;
    Ok(Staged { name, media_type, received })
}

impl Staged {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn media_type(&self) -> &'static str {
        self.media_type
    }

    pub fn size(&self) -> u64 {
        self.received.size
    }

    pub fn sha256(&self) -> &str {
        &self.received.sha256
    }

    /// Moves the file into the attachment store. The caller writes the row that names it,
    /// or calls `discard_unused_blob` when that is refused.
    pub async fn keep(self, state: &AppState) -> Result<(), AppError> {
        let files = state.store.files.clone();
        let (path, sha) = (self.received.path.clone(), self.received.sha256.clone());
        tokio::task::spawn_blocking(move || files.adopt(&path, &sha))
            .await
            .map_err(|e| AppError::internal("store task", e))?
            .map_err(|e| AppError::internal("store attachment", e))
    }
}

/// Refuses a second file in one upload: each request attaches one file, and one that
/// carried two would otherwise store the first and drop the second unseen.
pub fn one_file_only(staged: &Option<Staged>) -> Result<(), AppError> {
    match staged {
        Some(_) => Err(AppError::BadRequest("too_many_files", "一次只能上传一个文件".to_owned())),
        None => Ok(()),
    }
}

/// Stores a staged upload and attaches it to `record`; bytes whose row is then refused are
/// removed again.
pub async fn attach(
    state: &AppState,
    actor: &Actor,
    record: &RecordId,
    staged: Staged,
) -> Result<Attachment, AppError> {
    let Staged { name, media_type, received } = staged;
    let files = state.store.files.clone();
    let (path, sha) = (received.path.clone(), received.sha256.clone());
    tokio::task::spawn_blocking(move || files.adopt(&path, &sha))
        .await
        .map_err(|e| AppError::internal("store task", e))?
        .map_err(|e| AppError::internal("store attachment", e))?;
    let size = i64::try_from(received.size).unwrap_or(i64::MAX);
    let file = NewAttachment { sha256: &received.sha256, file_name: &name, media_type, size };
    match state.store.add_attachment(actor, record, file).await {
        Ok(attachment) => Ok(attachment),
        Err(refused) => {
            if let Err(e) = state.store.discard_unused_blob(&received.sha256).await {
                tracing::error!(error = %e, sha = %received.sha256, "removing an unattached upload failed");
            }
            Err(refused.into())
        }
    }
}

pub fn too_large(limit: usize) -> AppError {
    AppError::TooLarge(format!("附件不能超过 {} MB", limit / (1024 * 1024)))
}

pub fn multipart_error(e: MultipartError, limit: usize) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(limit)
    } else {
        AppError::BadRequest("invalid_multipart", "上传内容格式错误，请重新选择文件上传".to_owned())
    }
}

/// The media type of an XLSX workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

    #[test]
    fn png_named_png_passes_and_named_pdf_fails() {
        assert_eq!(check_head("图.png", PNG).unwrap(), "image/png");
        assert!(matches!(check_head("公示.pdf", PNG), Err(AppError::UnsupportedMedia(_))));
    }

    #[test]
    fn unknown_extensions_are_refused() {
        assert!(matches!(check_head("run.exe", b"MZ"), Err(AppError::UnsupportedMedia(_))));
    }

    #[test]
    fn file_names_lose_their_paths_and_reordering_marks() {
        assert_eq!(clean_file_name("C:\\docs\\预算.xlsx").as_deref(), Some("预算.xlsx"));
        assert_eq!(clean_file_name("../../.."), None);
        assert_eq!(clean_file_name("公示\u{202E}fdp.exe").as_deref(), Some("公示fdp.exe"));
    }

    #[test]
    fn a_long_name_is_cut_before_its_extension() {
        let name = clean_file_name(&format!("{}.docx", "很长的文件名".repeat(50))).unwrap();
        assert_eq!(name.chars().count(), NAME_MAX);
        assert!(name.ends_with("名.docx") || name.ends_with(".docx"), "{name}");
    }
}
