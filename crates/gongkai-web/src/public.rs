//! The public shapes of a disclosure in the API, built field by field from the record and
//! what the access guard says the viewer sees: a withdrawn record carries its notice only,
//! and review details (author, reviewer, reasons for returning) only reach the record's
//! own organisation.

use gongkai_core::access::Sight;
use gongkai_core::record::{Record, RecordState};
use gongkai_core::time::china_date;
use gongkai_store::attachments::Attachment;
use gongkai_store::records::page::RecordView;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Disclosure {
    pub id: String,
    pub version: u32,
    /// draft, submitted, approved, rejected, scheduled, published, superseded, withdrawn, expired
    #[schema(value_type = String)]
    pub state: RecordState,
    pub state_label: &'static str,
    pub org: String,
    pub catalog_item: String,
    pub title: String,
    pub url: String,
    /// 信息索引 printed above the document, as fields of the disclosure.
    #[serde(flatten)]
    pub index: InformationIndex,
    /// pre_decision, decision, execution or result
    pub stage: Option<&'static str>,
    /// 公开阶段 in Chinese
    pub stage_label: Option<&'static str>,
    pub matter: Option<String>,
    pub publicity_start: Option<String>,
    pub publicity_end: Option<String>,
    pub published_at: Option<String>,
    /// 更正说明 of a later version.
    pub change_note: Option<String>,
    /// Absent when only the notice may be shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<AttachmentLink>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<WithdrawalNotice>,
    /// Only for the record's own organisation, administrators and supervisors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work: Option<WorkDetails>,
    pub versions: Vec<VersionLink>,
    pub timeline: Vec<TimelineLink>,
}

/// 信息索引: 索引号, 发布机构, 文号, 成文日期, 发布日期, 主题分类 and 有效性.
#[derive(Debug, Serialize, ToSchema)]
pub struct InformationIndex {
    /// 索引号, `{单位编码}/{年份}-{序号}`; given at the first publication, kept by every version.
    pub index_number: Option<String>,
    /// 发布机构
    pub publisher: String,
    /// 文号
    pub doc_number: Option<String>,
    /// 成文日期, YYYY-MM-DD
    pub written_on: String,
    /// 发布日期, YYYY-MM-DD in China time
    pub published_on: Option<String>,
    /// 主题分类 (general, civil_affairs …)
    pub topic: String,
    pub topic_label: &'static str,
    /// 有效性 of a normative document.
    pub validity: Option<ValidityNote>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ValidityNote {
    /// effective, lapsed or repealed
    pub status: &'static str,
    /// 有效, 失效 or 废止
    pub label: &'static str,
    /// The day it took effect, lapsed or was repealed.
    pub since: Option<String>,
}

impl InformationIndex {
    pub fn new(record: &Record, publisher: &str) -> Self {
        InformationIndex {
            index_number: record.index_number.as_ref().map(ToString::to_string),
            publisher: publisher.to_owned(),
            doc_number: record.doc_number.clone(),
            written_on: record.written_on.to_string(),
            published_on: record.published_at.map(|t| china_date(t).to_string()),
            topic: record.topic.as_str().to_owned(),
            topic_label: record.topic.label(),
            validity: record.effect.map(|e| ValidityNote {
                status: e.status.as_str(),
                label: e.status.label(),
                since: e.since.map(|d| d.to_string()),
            }),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentLink {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WithdrawalNotice {
    pub reason: String,
    pub at: String,
}

/// Review details for the unit's own staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkDetails {
    pub author: String,
    pub reviewer: Option<String>,
    pub reject_reason: Option<String>,
    pub publish_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionLink {
    pub id: String,
    pub version: u32,
    #[schema(value_type = String)]
    pub state: RecordState,
    pub change_note: Option<String>,
    pub published_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineLink {
    pub id: String,
    pub title: String,
    pub stage: Option<&'static str>,
    #[schema(value_type = String)]
    pub state: RecordState,
    pub published_at: Option<String>,
}

fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339()
}

impl Disclosure {
    /// `publisher` is the name of the record's organisation.
    pub fn new(view: &RecordView, publisher: &str) -> Self {
        let (record, seen) = (&view.record, view.sight);
        let content = seen.shows_content();
        Disclosure {
            id: record.id.to_string(),
            version: record.version,
            state: record.state,
            state_label: record.state.label(),
            org: record.org.to_string(),
            catalog_item: record.catalog.as_str().to_owned(),
            title: record.title.clone(),
            url: format!("/d/{}", record.id),
            index: InformationIndex::new(record, publisher),
            stage: record.stage.map(|s| s.as_str()),
            stage_label: record.stage.map(|s| s.label()),
            matter: record.matter.as_ref().map(ToString::to_string),
            publicity_start: record.publicity_start().map(|d| d.to_string()),
            publicity_end: record.publicity_end().map(|d| d.to_string()),
            published_at: record.published_at.map(rfc3339),
            change_note: record.change_note.clone(),
            summary: record.summary.clone().filter(|_| content),
            body_html: content.then(|| record.body_html.clone()),
            attachments: content.then(|| view.attachments.iter().map(AttachmentLink::from).collect()),
            // The notice is what a withdrawn record shows; whoever sees the record sees it.
            withdrawal: record
                .withdrawal
                .as_ref()
                .map(|w| WithdrawalNotice { reason: w.reason.clone(), at: rfc3339(w.at) }),
            work: (seen == Sight::Internal).then(|| WorkDetails {
                author: record.author.clone(),
                reviewer: record.reviewer.clone(),
                reject_reason: record.reject_reason.clone(),
                publish_at: record.publish_at.map(rfc3339),
            }),
            versions: view
                .versions
                .iter()
                .map(|v| VersionLink {
                    id: v.id.to_string(),
                    version: v.version,
                    state: v.state,
                    change_note: v.change_note.clone(),
                    published_at: v.published_at.map(rfc3339),
                })
                .collect(),
            timeline: view
                .timeline
                .iter()
                .map(|t| TimelineLink {
                    id: t.id.to_string(),
                    title: t.title.clone(),
                    stage: t.stage.map(|s| s.label()),
                    state: t.state,
                    published_at: t.published_at.map(rfc3339),
                })
                .collect(),
        }
    }
}

impl From<&Attachment> for AttachmentLink {
    fn from(a: &Attachment) -> Self {
        AttachmentLink {
            url: format!("/files/{}", a.id),
            id: a.id.clone(),
            file_name: a.file_name.clone(),
            media_type: a.media_type.clone(),
            size: a.size,
        }
    }
}
