//! What the index holds of one public object, and how it becomes a tantivy document.
//! Built only from what the public may see: the caller hands in a listed record (or an
//! organisation) and the text of its attachments.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_core::time::china_date;
use tantivy::{TantivyDocument, Term};

use crate::schema::Fields;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Record,
    Org,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Record => "record",
            DocKind::Org => "org",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "record" => Some(DocKind::Record),
            "org" => Some(DocKind::Org),
            _ => None,
        }
    }
}

/// The two domains of disclosure, as the index and the filters name them: 党务 and 政务.
pub const DOMAINS: [&str; 2] = ["party", "government"];

/// How many times a title is written into the field queries match: BM25 then weighs a
/// title match as a field boost would, while every query still reads one list per term.
const TITLE_WEIGHT: usize = 3;

/// Attachment kinds a search can be narrowed to.
pub const FILE_TYPES: &[(&str, &str)] = &[("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("image", "图片")];

/// The filter value of an attachment's media type.
pub fn file_type(media_type: &str) -> Option<&'static str> {
    match media_type {
        "application/pdf" => Some("pdf"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Some("docx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some("xlsx"),
        t if t.starts_with("image/") => Some("image"),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub kind: DocKind,
    /// The lineage of a record, the code of an organisation: what a later change replaces.
    pub key: String,
    pub id: String,
    pub title: String,
    pub content: String,
    pub meta: String,
    /// The organisation first, then each one above it.
    pub orgs: Vec<String>,
    /// The catalogue leaf first, then each level above it.
    pub catalogs: Vec<String>,
    /// `party` or `government`.
    pub domain: Option<&'static str>,
    pub published: Option<DateTime<Utc>>,
    /// The last day of the publicity period.
    pub until: Option<NaiveDate>,
    pub file_types: Vec<&'static str>,
}

/// The term a document's replacement or removal is found by.
pub fn key_term(fields: &Fields, kind: DocKind, key: &str) -> Term {
    Term::from_field_text(fields.key, &format!("{}:{key}", kind.as_str()))
}

/// FNV-1a: a stable number per document key, the same in every build, for ordering ties.
fn order_of(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Epoch day as the index stores it.
pub fn day_number(day: NaiveDate) -> u64 {
    u64::try_from((day - NaiveDate::default()).num_days()).unwrap_or(0)
}

impl SearchDoc {
    pub fn to_tantivy(&self, f: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        let key = format!("{}:{}", self.kind.as_str(), self.key);
        doc.add_text(f.kind, self.kind.as_str());
        doc.add_text(f.key, &key);
        doc.add_text(f.id, &self.id);
        doc.add_text(f.title, &self.title);
        doc.add_text(f.pinyin, &self.title);
        doc.add_text(f.initials, &self.title);
        if !self.content.is_empty() {
            doc.add_text(f.content, &self.content);
        }
        // Each as a value of its own: a phrase never runs from one into the next.
        for _ in 0..TITLE_WEIGHT {
            doc.add_text(f.all, &self.title);
        }
        doc.add_text(f.all, &self.content);
        doc.add_text(f.all, &self.meta);
        for org in &self.orgs {
            doc.add_text(f.orgs, org);
        }
        if let Some(org) = self.orgs.first() {
            doc.add_text(f.org, org);
        }
        for item in &self.catalogs {
            doc.add_text(f.catalogs, item);
        }
        if let Some(leaf) = self.catalogs.first() {
            doc.add_text(f.leaf, leaf);
        }
        if let Some(domain) = self.domain {
            doc.add_text(f.domain, domain);
        }
        for t in &self.file_types {
            doc.add_text(f.file_types, t);
        }
        if let Some(at) = self.published {
            doc.add_u64(f.published, u64::try_from(at.timestamp()).unwrap_or(0));
            doc.add_u64(f.year, u64::try_from(china_date(at).year()).unwrap_or(0));
        }
        doc.add_u64(f.until, self.until.map_or(u64::MAX, day_number));
        doc.add_u64(f.order, order_of(&key));
        doc
    }
}
