//! The files of the released information sent with an answer. Their bytes live in the
//! attachment store; a row names each. Staff of the unit see them at once; the applicant,
//! by tracking code, once the answer discloses information.

use chrono::{DateTime, Utc};
use gongkai_core::access::Actor;
use gongkai_core::request::{may_attach, InfoRequest};
use gongkai_core::DomainError;

use super::row;
use crate::db::Reader;
use crate::write::Logged;
use crate::{new_id, q, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFile {
    pub id: String,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

/// A file about to be named by a row: already checked and in the attachment store.
#[derive(Debug, Clone)]
pub struct NewFile<'a> {
    pub name: &'a str,
    pub media_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
}

type FileRow = (String, String, String, i64, String, String, i64);

fn file(row: FileRow) -> Result<RequestFile> {
    let (id, name, media_type, size, sha256, added_by, added_at) = row;
    let added_at = DateTime::from_timestamp(added_at, 0).ok_or_else(|| StoreError::Corrupt(format!("file {id}")))?;
    Ok(RequestFile { id, name, media_type, size, sha256, added_by, added_at })
}

async fn of(reader: &mut impl Reader, request_id: &str) -> Result<Vec<RequestFile>> {
    let rows: Vec<FileRow> = reader
        .fetch_all(
            q("SELECT id, name, media_type, size, sha256, added_by, added_at FROM request_files \
               WHERE request_id = $1 ORDER BY added_at, id")
            .bind(request_id),
        )
        .await?;
    rows.into_iter().map(file).collect()
}

impl Store {
    /// Whether `actor` may add a file to the request: asked before the upload is read.
    pub async fn may_add_request_file(&self, actor: &Actor, id: &str) -> Result<()> {
        let request = self.request_for(actor, id).await?;
        Ok(may_attach(&request, actor)?)
    }

    /// Names a stored file as part of the request's answer, audited.
    pub async fn add_request_file(&self, actor: &Actor, id: &str, new: NewFile<'_>) -> Result<RequestFile> {
        let now = self.clock.now();
        let mut w = self.db.write(&actor.username, now).await?;
        let request = row::load(&mut w, id)
            .await?
            .filter(|r| actor.can_see(&r.org))
            .ok_or_else(|| StoreError::from(DomainError::not_found("request_not_found", "申请不存在")))?;
        may_attach(&request, actor)?;
        let file = RequestFile {
            id: new_id(),
            name: new.name.to_owned(),
            media_type: new.media_type.to_owned(),
            size: new.size,
            sha256: new.sha256.to_owned(),
            added_by: actor.username.clone(),
            added_at: now,
        };
        w.execute(
            q("INSERT INTO request_files (id, request_id, name, media_type, size, sha256, added_by, added_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(file.id.as_str())
            .bind(id)
            .bind(file.name.as_str())
            .bind(file.media_type.as_str())
            .bind(file.size)
            .bind(file.sha256.as_str())
            .bind(file.added_by.as_str())
            .bind(now.timestamp()),
        )
        .await?;
        w.log(Logged {
            action: "add_file",
            object_kind: "request",
            object_id: id,
            before: None,
            after: Some(file.sha256.clone()),
            detail: format!("申请{}添加答复材料“{}”", request.number, file.name),
            feed: None,
        })
        .await?;
        w.commit().await?;
        Ok(file)
    }

    /// The files of a request, as its staff see them.
    pub async fn request_files(&self, request: &InfoRequest) -> Result<Vec<RequestFile>> {
        of(&mut &self.db, &request.id).await
    }

    /// The files the applicant may have: none until the answer discloses information.
    pub async fn released_files(&self, request: &InfoRequest) -> Result<Vec<RequestFile>> {
        if request.releases_files() {
            self.request_files(request).await
        } else {
            Ok(Vec::new())
        }
    }

    /// One file of `files` and its bytes.
    pub async fn request_file_bytes(&self, files: &[RequestFile], file_id: &str) -> Result<(RequestFile, Vec<u8>)> {
        let file = files
            .iter()
            .find(|f| f.id == file_id)
            .cloned()
            .ok_or_else(|| DomainError::not_found("file_not_found", "文件不存在"))?;
        let store = self.files.clone();
        let sha = file.sha256.clone();
        let bytes = tokio::task::spawn_blocking(move || store.get(&sha))
            .await
            .map_err(std::io::Error::other)??
            .ok_or_else(|| StoreError::Corrupt(format!("bytes of request file {}", file.id)))?;
        Ok((file, bytes))
    }
}
