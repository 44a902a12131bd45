//! A letter to the opinion box as the body holds it: who sent it (if they said), what about,
//! its file, its reply and whether the reply stands in the public list.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::{Category, OpinionState};
use crate::org::OrgCode;
use crate::{fields, DomainError};

/// 来信编号: per unit and year without gaps (`2026-00007`). Reports are counted apart and
/// marked `JB` (`JB2026-00003`), so a gap in a unit's own numbers never tells its staff that
/// one of them was reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionNumber {
    pub org: OrgCode,
    pub year: i32,
    pub serial: u32,
    pub report: bool,
}

impl std::fmt::Display for OpinionNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let prefix = if self.report { "JB" } else { "" };
        write!(f, "{prefix}{}-{:05}", self.year, self.serial)
    }
}

/// A named sender: personal data, seen only by those who handle the letter. Anonymous
/// letters have none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub name: String,
    /// A number the body can call back.
    pub phone: String,
}

impl Sender {
    pub fn new(name: Option<&str>, phone: Option<&str>) -> Result<Self, DomainError> {
        let name = fields::name(name, "姓名", 50)?;
        let phone = crate::request::contact_phone(phone)?;
        Ok(Sender { name, phone })
    }
}

/// Largest file a letter may carry.
pub const ATTACHMENT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// The kinds of file a letter may carry: a photograph, a screenshot or a scanned document.
pub const ATTACHMENT_TYPES: &[&str] = &["image/jpeg", "image/png", "application/pdf"];

/// The one file a letter may carry, stored by content. Seen by the handling staff only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
}

impl Attachment {
    /// Checks a file the web layer received and recognised by its content.
    pub fn new(sha256: &str, file_name: &str, media_type: &str, size: u64) -> Result<Self, DomainError> {
        if !ATTACHMENT_TYPES.contains(&media_type) {
            return Err(DomainError::invalid("invalid_attachment_type", "附件只能是 JPEG、PNG 图片或 PDF 文件"));
        }
        if size == 0 || size > ATTACHMENT_MAX_BYTES {
            return Err(DomainError::invalid("invalid_attachment_size", "附件不能为空，也不能超过 10 MB"));
        }
        let file_name = fields::name(Some(file_name), "附件名称", 200)?;
        Ok(Attachment { sha256: sha256.to_owned(), file_name, media_type: media_type.to_owned(), size })
    }
}

/// 答复
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
    pub on: NaiveDate,
    pub by: String,
    /// Shown in the public list: only ever with the sender's consent, never for a report.
    pub published: bool,
}

/// 来信
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opinion {
    pub id: String,
    pub number: OpinionNumber,
    /// Digest of the tracking code.
    pub tracking: String,
    /// The unit responsible now; for a report, the unit of the person reported.
    pub org: OrgCode,
    pub category: Category,
    pub text: String,
    /// 被举报人: name and post of the person a report is about.
    pub accused: Option<String>,
    /// `None`: anonymous.
    pub sender: Option<Sender>,
    pub attachment: Option<Attachment>,
    /// 同意公开: the sender agreed that the letter and its reply may be published.
    pub consent: bool,
    pub received_on: NaiveDate,
    pub state: OpinionState,
    pub reply: Option<Reply>,
    /// 首问负责: the first staff member who handled it, until a hand-over.
    pub handler: Option<String>,
    pub closed_on: Option<NaiveDate>,
}

impl Opinion {
    /// Whether it stands in the public list of replies. Every public surface asks this.
    pub fn is_public(&self) -> bool {
        !self.category.is_report() && self.consent && self.reply.as_ref().is_some_and(|r| r.published)
    }

    /// A digest of every field, for the audit log's before and after.
    pub fn fingerprint(&self) -> String {
        let canonical = serde_json::json!([
            self.id,
            self.number.to_string(),
            self.number.org.as_str(),
            self.tracking,
            self.org.as_str(),
            self.category.as_str(),
            self.text,
            self.accused,
            self.sender.as_ref().map(|s| (&s.name, &s.phone)),
            self.attachment.as_ref().map(|a| (&a.sha256, &a.file_name, &a.media_type, a.size)),
            self.consent,
            self.received_on.to_string(),
            self.state.as_str(),
            self.reply.as_ref().map(|r| (&r.text, r.on.to_string(), &r.by, r.published)),
            self.handler,
            self.closed_on.map(|d| d.to_string()),
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}
