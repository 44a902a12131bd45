//! What a decision is about and what it yields: the commands, the draft content they
//! carry, the look-ups the store makes for them, and the changes to write.

use chrono::{DateTime, NaiveDate, Utc};

use super::index::{Effect, IndexNumber, Topic};
use super::{Action, MatterId, Record, RecordId, Stage, Visibility};
use crate::catalog::{CatalogCode, CatalogItem};
use crate::org::OrgCode;

/// The content of a draft, parsed and checked field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub org: OrgCode,
    pub catalog: CatalogCode,
    pub title: String,
    pub summary: Option<String>,
    /// Already sanitised.
    pub body_html: String,
    pub stage: Option<Stage>,
    /// An existing matter of the same organisation to join.
    pub matter: Option<MatterId>,
    pub publicity_start: Option<NaiveDate>,
    pub publicity_end: Option<NaiveDate>,
    pub publish_at: Option<DateTime<Utc>>,
    /// 文号, already in its written form.
    pub doc_number: Option<String>,
    /// 成文日期: a new draft without one takes the day it is written, an edit keeps the
    /// record's.
    pub written_on: Option<NaiveDate>,
    /// 主题分类: 综合政务 for a new draft without one, the record's for an edit.
    pub topic: Option<Topic>,
    /// 有效性 of a normative document.
    pub effect: Option<Effect>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 起草: version 1 of a new record.
    Create(Draft),
    /// Replaces the content of a draft or a returned record.
    Edit(Draft),
    Submit,
    /// The author takes a submitted record back before it is reviewed.
    Recall,
    /// 审核通过: then published at once, or scheduled when `publish_at` is still ahead.
    Approve,
    Reject {
        reason: String,
    },
    /// 撤回: the record leaves the lists but keeps a notice page with the reason.
    Withdraw {
        reason: String,
    },
    /// 更正: a new draft version of a published record; the published one stays up until
    /// the new one is approved and supersedes it.
    Revise {
        change_note: String,
    },
    /// 修改附件: an attachment is added to (or removed from) the content; whoever does it
    /// has changed the version and may not approve it.
    Attach {
        detail: String,
    },
    /// Timed publishing, by the system.
    PublishDue,
    /// The publicity period is over, by the system.
    Expire,
}

/// Ids for what a decision may create, made by the caller (core makes nothing random).
#[derive(Debug, Clone)]
pub struct NewIds {
    pub record: RecordId,
    pub matter: MatterId,
}

/// What the store looked up for the decision.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The item a `Create` or `Edit` names in the organisation's catalogue, if it exists.
    pub leaf: Option<&'a CatalogItem>,
    /// The organisation of the matter a `Create` names, if that matter exists.
    pub matter_org: Option<&'a OrgCode>,
    /// When the organisation a `Create` or `Edit` files under was closed (撤销), if it was.
    pub org_closed_on: Option<NaiveDate>,
    /// Every version of the record's lineage (for `Revise` and for publishing).
    pub lineage: &'a [Record],
    /// For `Approve` and `PublishDue`: the next free 索引号 serial of the record's
    /// organisation in the year of now.
    pub next_index_serial: Option<u32>,
    pub ids: NewIds,
}

impl<'a> Context<'a> {
    pub fn new(ids: NewIds) -> Self {
        Self { leaf: None, matter_org: None, org_closed_on: None, lineage: &[], next_index_serial: None, ids }
    }
}

/// A matter the decision opens: a staged record without one starts its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMatter {
    pub id: MatterId,
    pub org: OrgCode,
    pub title: String,
}

/// One record written: inserted when `before` is `None`, else updated from `before`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub before: Option<Record>,
    pub after: Record,
    pub action: Action,
    /// For the audit log, in Chinese.
    pub detail: String,
}

impl Change {
    /// Whether the public could see the record before or after: such changes go to the
    /// change feed, which caches and the search index follow.
    pub fn touches_public(&self) -> bool {
        let seen = |r: &Record| r.visibility() != Visibility::Hidden;
        self.before.as_ref().is_some_and(seen) || seen(&self.after)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The record the command was about, as it ends up (for `Revise`, the new version).
    pub subject: RecordId,
    pub changes: Vec<Change>,
    pub new_matter: Option<NewMatter>,
    /// `Revise` carries the attachments of (from, to).
    pub copy_attachments: Option<(RecordId, RecordId)>,
    /// The 索引号 serial a first publication took: the store counts it as used.
    pub new_index: Option<NewIndex>,
}

/// A 索引号 serial taken by a first publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIndex {
    pub org: OrgCode,
    pub year: i32,
    pub serial: u32,
}

impl NewIndex {
    pub fn number(&self) -> IndexNumber {
        IndexNumber::new(&self.org, self.year, self.serial)
    }
}

impl Decision {
    pub(super) fn about(subject: &Record) -> Self {
        Self {
            subject: subject.id.clone(),
            changes: Vec::new(),
            new_matter: None,
            copy_attachments: None,
            new_index: None,
        }
    }

    /// A decision that writes one new record, `record`, and nothing else.
    pub fn insert(record: Record, action: Action, detail: String) -> Self {
        Decision {
            subject: record.id.clone(),
            changes: vec![Change { before: None, after: record, action, detail }],
            new_matter: None,
            copy_attachments: None,
            new_index: None,
        }
    }

    /// The subject as the last change left it.
    pub fn result(&self) -> Option<&Record> {
        self.changes.iter().rev().map(|c| &c.after).find(|r| r.id == self.subject)
    }

    /// Applies `action` to the latest state of `record` in this decision.
    pub(super) fn push(
        &mut self,
        before: &Record,
        action: Action,
        detail: impl Into<String>,
        change: impl FnOnce(&mut Record),
    ) {
        let mut after = before.clone();
        change(&mut after);
        self.changes.push(Change { before: Some(before.clone()), after, action, detail: detail.into() });
    }

    pub(super) fn last_of(&self, id: &RecordId) -> Option<&Record> {
        self.changes.iter().rev().map(|c| &c.after).find(|r| &r.id == id)
    }
}
