//! A record's page as the public reads it — built from what the access guard lets the
//! viewer see — and, for the unit's own staff, the same page as a preview before it is
//! published.

use askama::Template;
use gongkai_core::org::Org;
use gongkai_core::record::RecordState;
use gongkai_store::records::page::RecordView;

use crate::cache::Tag;
use crate::directory::Directory;
use crate::error::AppError;
use crate::portal::org_not_found;
use crate::public::InformationIndex;
use crate::views::{self, RecordLine};

pub struct AttachmentLine {
    pub id: String,
    pub file_name: String,
    pub size: String,
}

pub struct VersionLine {
    pub id: String,
    pub version: u32,
    pub date: String,
    pub state: &'static str,
    pub change_note: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "record.html")]
pub struct RecordPage {
    /// Shown to the unit's own staff before it is public: a banner says so.
    preview: bool,
    id: String,
    title: String,
    org: Org,
    catalog_name: String,
    time_class: String,
    state: RecordState,
    state_label: &'static str,
    published: String,
    publicity: String,
    summary: Option<String>,
    body_html: String,
    stage: &'static str,
    /// The same 信息索引 the API gives.
    index: InformationIndex,
    /// 有效性 in words, when the record has one.
    validity: String,
    withdraw_notice: Option<String>,
    /// Why the body is not shown when the record is not withdrawn (a list taken down).
    taken_down: Option<String>,
    latest_version: Option<String>,
    attachments: Vec<AttachmentLine>,
    timeline: Vec<RecordLine>,
    versions: Vec<VersionLine>,
    /// The date under the signature, written out: 2026年3月2日.
    published_words: String,
    /// The record's address on this site and its QR code, to read it on a phone.
    share_url: String,
    qr: String,
}

impl RecordPage {
    /// The page of `view` (the record as one viewer sees it); `preview` marks a page shown
    /// before publication.
    pub fn build(view: &RecordView, directory: &Directory, preview: bool) -> Result<Self, AppError> {
        let record = &view.record;
        let org = directory.org(&record.org).cloned().ok_or_else(|| org_not_found(record.org.as_str()))?;
        let leaf = directory.catalog_item(&record.org, record.catalog.as_str());
        let versions: Vec<VersionLine> = view
            .versions
            .iter()
            .map(|v| VersionLine {
                current: v.id == record.id,
                date: v.published_at.map(|t| views::date(t.timestamp())).unwrap_or_default(),
                state: v.state.label(),
                change_note: v.change_note.clone().unwrap_or_else(|| "首次发布".into()),
                version: v.version,
                id: v.id.to_string(),
            })
            .collect();
        let latest_version = (record.state == RecordState::Superseded)
            .then(|| versions.iter().rev().find(|v| v.state == RecordState::Published.label()).map(|v| v.id.clone()))
            .flatten();
        let timeline = view
            .timeline
            .iter()
            .map(|t| RecordLine::of(t, directory.org(&t.org).map_or("", |o| o.name.as_str())))
            .collect();
        let content = view.sight.shows_content();
        let attachments = view
            .attachments
            .iter()
            .map(|a| AttachmentLine { size: human_size(a.size), id: a.id.clone(), file_name: a.file_name.clone() })
            .collect();
        let publicity = if record.withdrawal.is_some() { "已撤回".to_owned() } else { views::publicity(record) };
        let withdraw_notice = record
            .withdrawal
            .as_ref()
            .map(|w| format!("本信息已于{}撤回。撤回原因：{}", views::date(w.at.timestamp()), w.reason));
        let taken_down = (!content && withdraw_notice.is_none()).then(|| match record.state {
            RecordState::Superseded => "本名单含有个人信息，已由新版本取代，旧版本不再公开名单内容。".to_owned(),
            _ => "本信息含有个人信息，公示期满后已按规定撤下，不再公开名单内容。".to_owned(),
        });
        let share_url = crate::site::page().site().url(&format!("/d/{}", record.id));
        let qr = if preview { String::new() } else { crate::qr::svg(&share_url, "本信息的二维码") };
        Ok(RecordPage {
            published_words: record
                .published_at
                .map(|t| t.with_timezone(&gongkai_core::time::china_offset()).format("%Y年%-m月%-d日").to_string())
                .unwrap_or_default(),
            share_url,
            qr,
            preview,
            id: record.id.to_string(),
            title: record.title.clone(),
            catalog_name: leaf.as_ref().map(|l| l.name.clone()).unwrap_or_else(|| record.catalog.as_str().to_owned()),
            time_class: leaf.and_then(|l| l.rules).map(|r| r.time_class.label().to_owned()).unwrap_or_default(),
            state: record.state,
            state_label: record.state.label(),
            published: record.published_at.map(|t| views::date(t.timestamp())).unwrap_or_default(),
            publicity,
            summary: record.summary.clone().filter(|_| content),
            body_html: if content { record.body_html.clone() } else { String::new() },
            stage: record.stage.map_or("", |s| s.label()),
            index: InformationIndex::new(record, &org.name),
            validity: record.effect.map(|e| e.to_string()).unwrap_or_default(),
            withdraw_notice,
            taken_down,
            latest_version,
            attachments,
            timeline,
            versions,
            org,
        })
    }
}

/// What a record's cached page depends on: its lineage and its matter's timeline.
pub fn tags(view: &RecordView) -> Vec<Tag> {
    let record = &view.record;
    let mut tags = vec![Tag::Lineage(record.lineage.to_string())];
    tags.extend(record.matter.as_ref().map(|m| Tag::Matter(m.to_string())));
    tags
}

fn human_size(bytes: i64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{b} 字节"),
    }
}
