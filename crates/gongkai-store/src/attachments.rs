//! Attachments: bytes stored once by their SHA-256 behind [`BlobStore`] (a directory today,
//! an object store later), and per-record rows with the original file name.

use std::io::{self, Write};
use std::path::PathBuf;

use gongkai_core::access::{Actor, Permission};
use gongkai_core::record::{transition, Action};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit::event;
use crate::{new_id, q, unix_now, Db, Result};

/// Where attachment bytes live, addressed by the hex SHA-256 of their content.
/// Synchronous: callers run it off the async threads.
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` (once, however often it is called) and returns their address.
    fn put(&self, bytes: &[u8]) -> io::Result<String>;
    fn get(&self, sha256: &str) -> io::Result<Option<Vec<u8>>>;
}

/// Files under a directory, fanned out by the first two hex digits.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(root: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        Ok(Self { root })
    }

    fn path(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| self.root.join(&sha256[..2]).join(sha256))
    }
}

impl BlobStore for FileStore {
    fn put(&self, bytes: &[u8]) -> io::Result<String> {
        let sha = hex::encode(Sha256::digest(bytes));
        let path = self.path(&sha).ok_or_else(|| io::Error::other("bad digest"))?;
        if path.exists() {
            return Ok(sha);
        }
        let dir = path.parent().ok_or_else(|| io::Error::other("no parent"))?;
        std::fs::create_dir_all(dir)?;
        // Write to a temporary name and rename, so a crash never leaves a half file under
        // the final address.
        let tmp = dir.join(format!(".{sha}.{}", new_id()));
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        Ok(sha)
    }

    fn get(&self, sha256: &str) -> io::Result<Option<Vec<u8>>> {
        let Some(path) = self.path(sha256) else { return Ok(None) };
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Attachment {
    pub id: String,
    pub record_id: String,
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub created_at: i64,
}

/// A checked upload, already stored by content.
pub struct NewAttachment<'a> {
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub size: i64,
}

const COLUMNS: &str = "id, record_id, sha256, file_name, media_type, size, created_at";

impl Db {
    /// Attaches stored bytes to a draft the actor may edit.
    pub async fn add_attachment(&self, actor: &Actor, record_id: &str, file: NewAttachment<'_>) -> Result<Attachment> {
        let mut tx = self.write().await?;
        let record = tx.record(record_id).await?;
        let org = record.org()?;
        if !actor.can_see(&org) {
            return Err(crate::records::not_found_error(record_id));
        }
        actor.authorize(Permission::Draft, &org)?;
        transition(record.state()?, Action::Edit)?;
        let attachment = Attachment {
            id: new_id(),
            record_id: record_id.to_owned(),
            sha256: file.sha256.to_owned(),
            file_name: file.file_name.to_owned(),
            media_type: file.media_type.to_owned(),
            size: file.size,
            created_at: unix_now(),
        };
        tx.execute(
            q(format!("INSERT INTO attachments ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"))
                .bind(attachment.id.as_str())
                .bind(record_id)
                .bind(file.sha256)
                .bind(file.file_name)
                .bind(file.media_type)
                .bind(file.size)
                .bind(attachment.created_at),
        )
        .await?;
        let detail = format!("附件 {}（{} 字节）", file.file_name, file.size);
        tx.audit(event(&actor.username, "attach", "record", record_id, None, Some(file.sha256.to_owned()), detail))
            .await?;
        tx.commit().await?;
        Ok(attachment)
    }

    pub async fn attachments(&self, record_id: &str) -> Result<Vec<Attachment>> {
        self.fetch_all(
            q(format!("SELECT {COLUMNS} FROM attachments WHERE record_id = $1 ORDER BY created_at, id"))
                .bind(record_id),
        )
        .await
    }

    pub async fn attachment(&self, id: &str) -> Result<Option<Attachment>> {
        self.fetch_optional(q(format!("SELECT {COLUMNS} FROM attachments WHERE id = $1")).bind(id)).await
    }
}
