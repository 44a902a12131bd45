//! The public shapes of a disclosure in the API, built field by field from the record and
//! what the access guard says the viewer sees: a withdrawn record carries its notice only,
//! and review details (author, reviewer, reasons for returning) only reach the record's
//! own organisation.

use gongkai_core::access::Sight;
use gongkai_core::record::RecordState;
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
    pub fn new(view: &RecordView) -> Self {
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
