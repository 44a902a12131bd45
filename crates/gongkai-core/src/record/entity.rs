//! The record entity with typed fields, and what of it the public may see.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::index::{Effect, IndexNumber, Topic};
use super::{MatterId, RecordId, RecordState, Stage};
use crate::catalog::CatalogCode;
use crate::org::OrgCode;
use crate::publicity::PublicityPeriod;

/// 撤回: when and why a record was taken down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// One version of a disclosure record. It has no `Serialize`: public responses are built
/// from public types in the web layer, so an internal field cannot leak by accident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: RecordId,
    /// All versions of one record share the lineage (the first version's id).
    pub lineage: RecordId,
    pub version: u32,
    pub previous: Option<RecordId>,
    /// 更正说明 of a new version.
    pub change_note: Option<String>,
    pub org: OrgCode,
    pub catalog: CatalogCode,
    pub matter: Option<MatterId>,
    pub stage: Option<Stage>,
    pub title: String,
    pub summary: Option<String>,
    /// Sanitised HTML.
    pub body_html: String,
    /// 索引号, from the first publication on; every version keeps the first one's.
    pub index_number: Option<IndexNumber>,
    /// 文号 of a formal document.
    pub doc_number: Option<String>,
    /// 成文日期.
    pub written_on: NaiveDate,
    /// 主题分类.
    pub topic: Topic,
    /// 有效性 of a normative document.
    pub effect: Option<Effect>,
    /// Filed under a leaf that lists people: it must end, and then comes down.
    pub personal_data: bool,
    pub state: RecordState,
    pub publicity: Option<PublicityPeriod>,
    /// 定时发布: not before this instant.
    pub publish_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// User id of the person who started this version.
    pub author: String,
    /// Everyone who wrote or edited this version's content; none of them may approve it.
    pub contributors: BTreeSet<String>,
    pub reviewer: Option<String>,
    /// 退回理由 of the last rejection, until the record is submitted again.
    pub reject_reason: Option<String>,
    pub withdrawal: Option<Withdrawal>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How much of a record the public may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Never published, or not yet: not found on every surface.
    Hidden,
    /// Title, organisation, dates and the notice only: withdrawn records, and lists of
    /// people whose publicity period is over.
    Notice,
    /// Everything: body, summary, attachments.
    Full,
}

/// The one rule of public visibility, for full records and for listing rows alike.
pub fn visibility(state: RecordState, was_published: bool, personal_data: bool) -> Visibility {
    match state {
        RecordState::Published => Visibility::Full,
        // A list of people is shown in its current version only: an old version comes down
        // as soon as a new one replaces it, and every version when the period is over.
        RecordState::Superseded | RecordState::Expired if personal_data => Visibility::Notice,
        RecordState::Superseded => Visibility::Full,
        RecordState::Expired => Visibility::Full,
        // A record withdrawn before its publication time was never public.
        RecordState::Withdrawn if was_published => Visibility::Notice,
        _ => Visibility::Hidden,
    }
}

impl Record {
    pub fn visibility(&self) -> Visibility {
        visibility(self.state, self.published_at.is_some(), self.personal_data)
    }

    pub fn is_listed(&self) -> bool {
        RecordState::LISTED.contains(&self.state)
    }

    pub fn publicity_start(&self) -> Option<NaiveDate> {
        self.publicity.map(|p| p.start)
    }

    pub fn publicity_end(&self) -> Option<NaiveDate> {
        self.publicity.and_then(|p| p.end)
    }

    /// SHA-256 of the record's canonical form, for the audit log's before and after hashes.
    pub fn fingerprint(&self) -> String {
        #[derive(Serialize)]
        struct Canonical<'a> {
            id: &'a str,
            lineage: &'a str,
            version: u32,
            previous: Option<&'a str>,
            change_note: &'a Option<String>,
            org: &'a str,
            catalog: &'a str,
            matter: Option<&'a str>,
            stage: Option<Stage>,
            title: &'a str,
            summary: &'a Option<String>,
            body_html: &'a str,
            index_number: Option<&'a str>,
            doc_number: &'a Option<String>,
            written_on: NaiveDate,
            topic: Topic,
            effect: &'a Option<Effect>,
            personal_data: bool,
            state: RecordState,
            publicity: &'a Option<PublicityPeriod>,
            publish_at: Option<i64>,
            published_at: Option<i64>,
            author: &'a str,
            contributors: &'a BTreeSet<String>,
            reviewer: &'a Option<String>,
            reject_reason: &'a Option<String>,
            withdraw_reason: Option<&'a str>,
            withdrawn_at: Option<i64>,
        }
        crate::audit::object_hash(&Canonical {
            id: self.id.as_str(),
            lineage: self.lineage.as_str(),
            version: self.version,
            previous: self.previous.as_ref().map(RecordId::as_str),
            change_note: &self.change_note,
            org: self.org.as_str(),
            catalog: self.catalog.as_str(),
            matter: self.matter.as_ref().map(MatterId::as_str),
            stage: self.stage,
            title: &self.title,
            summary: &self.summary,
            body_html: &self.body_html,
            index_number: self.index_number.as_ref().map(IndexNumber::as_str),
            doc_number: &self.doc_number,
            written_on: self.written_on,
            topic: self.topic,
            effect: &self.effect,
            personal_data: self.personal_data,
            state: self.state,
            publicity: &self.publicity,
            publish_at: self.publish_at.map(|t| t.timestamp()),
            published_at: self.published_at.map(|t| t.timestamp()),
            author: &self.author,
            contributors: &self.contributors,
            reviewer: &self.reviewer,
            reject_reason: &self.reject_reason,
            withdraw_reason: self.withdrawal.as_ref().map(|w| w.reason.as_str()),
            withdrawn_at: self.withdrawal.as_ref().map(|w| w.at.timestamp()),
        })
    }
}
