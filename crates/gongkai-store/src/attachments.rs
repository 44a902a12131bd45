//! Attachments: bytes stored once by their SHA-256 behind [`BlobStore`] (a directory today,
//! an object store later), and per-record rows with the original file name.

use std::io::{self, Write};
use std::path::PathBuf;

use gongkai_core::access::{sight, Actor};
use gongkai_core::record::{check_editable, decide, Command, Context, Record, RecordId};
use gongkai_core::DomainError;
use sha2::{Digest, Sha256};

use crate::write::WriteTx;
use crate::{new_id, q, Db, Result, Store};

/// Where attachment bytes live, addressed by the hex SHA-256 of their content.
/// Synchronous: callers run it off the async threads.
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` (once, however often it is called) and returns their address.
    fn put(&self, bytes: &[u8]) -> io::Result<String>;
    fn get(&self, sha256: &str) -> io::Result<Option<Vec<u8>>>;
    /// Forgets `sha256`; removing what is not there is not an error.
    fn remove(&self, sha256: &str) -> io::Result<()>;
    /// A directory for uploads being received, on the same file system as the store so
    /// that [`BlobStore::adopt`] can move a finished one in.
    fn staging_dir(&self) -> PathBuf;
    /// Takes the finished file at `staged` (whose content hashes to `sha256`) into the
    /// store; the staged file is gone afterwards either way.
    fn adopt(&self, staged: &std::path::Path, sha256: &str) -> io::Result<()>;
}

/// Seconds after which a staged upload is taken to be abandoned: longer than any upload
/// may take (the request timeout is two minutes).
const STAGING_MAX_AGE: u64 = 3600;

/// Files under a directory, fanned out by the first two hex digits.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(root: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        let store = Self { root };
        store.sweep_staging(std::time::Duration::from_secs(STAGING_MAX_AGE))?;
        Ok(store)
    }

    /// Removes staged uploads older than `age`: left behind by a process that stopped in the
    /// middle of receiving one. Younger ones may belong to another node on the same data
    /// directory and are left alone.
    pub fn sweep_staging(&self, age: std::time::Duration) -> io::Result<usize> {
        let entries = match std::fs::read_dir(self.staging_dir()) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let old = entry.metadata()?.modified()?.elapsed().is_ok_and(|elapsed| elapsed > age);
            if old && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
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

    fn staging_dir(&self) -> PathBuf {
        self.root.join(".incoming")
    }

    fn adopt(&self, staged: &std::path::Path, sha256: &str) -> io::Result<()> {
        let path = self.path(sha256).ok_or_else(|| io::Error::other("bad digest"))?;
        if path.exists() {
            return std::fs::remove_file(staged);
        }
        let dir = path.parent().ok_or_else(|| io::Error::other("no parent"))?;
        std::fs::create_dir_all(dir)?;
        std::fs::File::open(staged)?.sync_all()?;
        std::fs::rename(staged, &path)
    }

    fn remove(&self, sha256: &str) -> io::Result<()> {
        let Some(path) = self.path(sha256) else { return Ok(()) };
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
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

/// An attachment row: the original name and kind of bytes stored by content.
#[derive(Debug, Clone, sqlx::FromRow)]
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

impl Store {
    /// The record `actor` wants to attach to, if they may: asked before any byte of an
    /// upload is kept.
    pub async fn attachable(&self, actor: &Actor, id: &RecordId) -> Result<Record> {
        let (record, _) = self.record_for(Some(actor), id).await?;
        check_editable(actor, &record)?;
        Ok(record)
    }

    /// Attaches stored bytes to a record the actor may edit: core records the actor among
    /// the version's contributors (adding a file changes the content as an edit does),
    /// audited with the file's name and size.
    pub async fn add_attachment(&self, actor: &Actor, id: &RecordId, file: NewAttachment<'_>) -> Result<Attachment> {
        let now = self.clock.now();
        let mut w = self.db.write(&actor.username, now).await?;
        let record = crate::records::row::load(&mut w, id).await?.ok_or_else(|| crate::records::not_found(id))?;
        sight(Some(actor), &record)?;
        let detail = format!("附件 {}（{} 字节）", file.file_name, file.size);
        let org_closed_on = crate::records::org_closed_on(&mut w, &record.org).await?;
        let context = Context { org_closed_on, ..Context::new(crate::records::new_ids()?) };
        let decision = decide(Some(&record), &context, actor, Command::Attach { detail }, now)?;
        crate::records::write_decision(&mut w, &decision).await?;
        let attachment = Attachment {
            id: new_id(),
            record_id: id.to_string(),
            sha256: file.sha256.to_owned(),
            file_name: file.file_name.to_owned(),
            media_type: file.media_type.to_owned(),
            size: file.size,
            created_at: now.timestamp(),
        };
        w.execute(
            q(format!("INSERT INTO attachments ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"))
                .bind(attachment.id.as_str())
                .bind(id.as_str())
                .bind(file.sha256)
                .bind(file.file_name)
                .bind(file.media_type)
                .bind(file.size)
                .bind(attachment.created_at),
        )
        .await?;
        w.commit().await?;
        Ok(attachment)
    }

    /// Removes an attachment from a record that may still be edited (a draft, or one sent
    /// back), audited as a change to the record; its bytes go too when nothing else names
    /// them.
    pub async fn remove_attachment(&self, actor: &Actor, id: &RecordId, attachment: &str) -> Result<()> {
        let now = self.clock.now();
        let mut w = self.db.write(&actor.username, now).await?;
        let record = crate::records::row::load(&mut w, id).await?.ok_or_else(|| crate::records::not_found(id))?;
        sight(Some(actor), &record)?;
        let found: Option<(String, String)> = crate::db::Reader::fetch_optional(
            &mut w,
            q("SELECT file_name, sha256 FROM attachments WHERE id = $1 AND record_id = $2")
                .bind(attachment)
                .bind(id.as_str()),
        )
        .await?;
        let (file_name, sha256) =
            found.ok_or_else(|| DomainError::not_found("attachment_not_found", "该记录没有这个附件"))?;
        let org_closed_on = crate::records::org_closed_on(&mut w, &record.org).await?;
        let context = Context { org_closed_on, ..Context::new(crate::records::new_ids()?) };
        let detail = format!("删除附件 {file_name}");
        let decision = decide(Some(&record), &context, actor, Command::Attach { detail }, now)?;
        crate::records::write_decision(&mut w, &decision).await?;
        w.execute(q("DELETE FROM attachments WHERE id = $1").bind(attachment)).await?;
        w.commit().await?;
        self.discard_unused_blob(&sha256).await
    }

    /// Removes stored bytes that no attachment row, no letter to the opinion box and no
    /// answer to a request names:
    /// an upload whose row was refused must not stay on disk.
    pub async fn discard_unused_blob(&self, sha256: &str) -> Result<()> {
        let used: Option<(String,)> = self
            .db
            .fetch_optional(
                q("SELECT sha256 FROM attachments WHERE sha256 = $1 \
                   UNION ALL SELECT attachment_sha256 FROM opinions WHERE attachment_sha256 = $1 \
                   UNION ALL SELECT sha256 FROM request_files WHERE sha256 = $1 LIMIT 1")
                .bind(sha256),
            )
            .await?;
        if used.is_none() {
            let files = self.files.clone();
            let sha = sha256.to_owned();
            tokio::task::spawn_blocking(move || files.remove(&sha)).await.map_err(std::io::Error::other)??;
        }
        Ok(())
    }
}

impl Db {
    pub async fn attachments(&self, record_id: &RecordId) -> Result<Vec<Attachment>> {
        self.fetch_all(
            q(format!("SELECT {COLUMNS} FROM attachments WHERE record_id = $1 ORDER BY created_at, id"))
                .bind(record_id.as_str()),
        )
        .await
    }

    /// The attachments of each of `records`, in the order they were added.
    pub async fn attachments_of(&self, records: &[String]) -> Result<Vec<Attachment>> {
        if records.is_empty() {
            return Ok(vec![]);
        }
        let ids = crate::records::params(records.len());
        let mut query =
            q(format!("SELECT {COLUMNS} FROM attachments WHERE record_id IN ({ids}) ORDER BY created_at, id"));
        for id in records {
            query = query.bind(id.as_str());
        }
        self.fetch_all(query).await
    }

    pub async fn attachment(&self, id: &str) -> Result<Option<Attachment>> {
        self.fetch_optional(q(format!("SELECT {COLUMNS} FROM attachments WHERE id = $1")).bind(id)).await
    }
}

/// Carries the attachments of version `from` over to the new version `to`.
pub(crate) async fn copy(w: &mut WriteTx, from: &RecordId, to: &RecordId) -> Result<()> {
    w.execute(
        q("INSERT INTO attachments (id, record_id, sha256, file_name, media_type, size, created_at)
           SELECT substr(id, 1, 36) || '-' || $1, $1, sha256, file_name, media_type, size, created_at FROM attachments WHERE record_id = $2")
        .bind(to.as_str())
        .bind(from.as_str()),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abandoned_uploads_are_swept_and_fresh_ones_kept() {
        let root = std::env::temp_dir().join(format!("gongkai-files-{}", new_id()));
        let files = FileStore::new(root.clone()).unwrap();
        std::fs::create_dir_all(files.staging_dir()).unwrap();
        let old = files.staging_dir().join("old.part");
        let fresh = files.staging_dir().join("fresh.part");
        std::fs::write(&old, b"half an upload").unwrap();
        std::fs::write(&fresh, b"an upload under way").unwrap();
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::options().write(true).open(&old).unwrap().set_modified(two_hours_ago).unwrap();
        FileStore::new(root.clone()).unwrap();
        assert!(!old.exists() && fresh.exists());
        std::fs::remove_dir_all(root).unwrap();
    }
}
