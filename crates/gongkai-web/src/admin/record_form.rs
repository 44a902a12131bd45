//! What the record form shows: the catalogue to choose from, the values in its fields
//! (a stored record's, or what was just typed when saving was refused) and the record as
//! a reviewer reads it.

use gongkai_core::catalog::CatalogItem;
use gongkai_core::record::{Record, RecordState, Stage, Topic, Validity, Visibility};
use gongkai_core::time::china_offset;

use crate::draft::DraftFields;
use crate::views;

/// The catalogue leaves under one heading of the grouped list: the names of their
/// first- and second-level items, in catalogue order.
pub(super) struct LeafGroup {
    pub heading: String,
    pub leaves: Vec<LeafOption>,
}

pub(super) struct LeafOption {
    pub code: String,
    pub label: String,
}

/// The leaves grouped by their ancestors, each group where its first leaf stands in the
/// catalogue (which `items` lists in order, parents before children).
pub(super) fn leaf_groups(items: &[CatalogItem]) -> Vec<LeafGroup> {
    let name_of = |code: &str| items.iter().find(|i| i.code.as_str() == code);
    let mut groups: Vec<LeafGroup> = Vec::new();
    for item in items {
        let Some(rules) = &item.rules else { continue };
        let mut path = Vec::new();
        let mut parent = item.parent.as_ref();
        while let Some(p) = parent.and_then(|p| name_of(p.as_str())) {
            path.push(p.name.as_str());
            parent = p.parent.as_ref();
        }
        path.reverse();
        let heading = if path.is_empty() { "其他".to_owned() } else { path.join(" › ") };
        let leaf = LeafOption {
            code: item.code.as_str().to_owned(),
            label: format!("{}（{} · {}）", item.name, rules.domain.label(), rules.time_class.label()),
        };
        match groups.iter_mut().find(|g| g.heading == heading) {
            Some(group) => group.leaves.push(leaf),
            None => groups.push(LeafGroup { heading, leaves: vec![leaf] }),
        }
    }
    groups
}

/// The values in the form's fields, as text.
#[derive(Default)]
pub(super) struct FormValues {
    pub catalog_item: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub stage: String,
    pub doc_number: String,
    pub written_on: String,
    pub topic: String,
    pub validity: String,
    pub validity_since: String,
    pub publicity_start: String,
    pub publicity_end: String,
    pub publish_at: String,
}

impl From<&Record> for FormValues {
    fn from(r: &Record) -> Self {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        FormValues {
            catalog_item: r.catalog.as_str().to_owned(),
            title: r.title.clone(),
            summary: r.summary.clone().unwrap_or_default(),
            body: crate::draft::editable_text(&r.body_html),
            stage: r.stage.map(Stage::as_str).unwrap_or_default().to_owned(),
            doc_number: r.doc_number.clone().unwrap_or_default(),
            written_on: r.written_on.to_string(),
            topic: r.topic.as_str().to_owned(),
            validity: r.effect.map(|e| e.status.as_str()).unwrap_or_default().to_owned(),
            validity_since: date(r.effect.and_then(|e| e.since)),
            publicity_start: date(r.publicity_start()),
            publicity_end: date(r.publicity_end()),
            // The datetime-local field's own format, in China time.
            publish_at: r
                .publish_at
                .map(|t| t.with_timezone(&china_offset()).format("%Y-%m-%dT%H:%M").to_string())
                .unwrap_or_default(),
        }
    }
}

impl From<&DraftFields> for FormValues {
    fn from(f: &DraftFields) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        // A select shows the typed choice if it names one, by code or by label.
        let stage = f.stage.as_deref().and_then(|s| Stage::parse(s).ok()).map(Stage::as_str);
        let topic = f.topic.as_deref().and_then(|s| Topic::parse(s).ok()).map(Topic::as_str);
        let validity = f.validity.as_deref().and_then(|s| Validity::parse(s).ok()).map(Validity::as_str);
        FormValues {
            catalog_item: text(&f.catalog_item),
            title: text(&f.title),
            summary: text(&f.summary),
            body: text(&f.body),
            stage: stage.unwrap_or_default().to_owned(),
            doc_number: text(&f.doc_number),
            written_on: text(&f.written_on),
            topic: topic.unwrap_or_default().to_owned(),
            validity: validity.unwrap_or_default().to_owned(),
            validity_since: text(&f.validity_since),
            publicity_start: text(&f.publicity_start),
            publicity_end: text(&f.publicity_end),
            publish_at: text(&f.publish_at),
        }
    }
}

/// A stored record as the page's heading and the reviewer's read-only view show it.
pub(super) struct FormRecord {
    pub id: String,
    pub title: String,
    pub version: u32,
    pub catalog_code: String,
    pub summary: Option<String>,
    pub body_html: String,
    pub index_number: Option<String>,
    pub doc_number: Option<String>,
    pub written_on: String,
    pub topic_label: &'static str,
    pub validity_text: String,
    pub stage_label: &'static str,
    pub publicity_text: String,
    pub publish_at: Option<String>,
    /// Shown while the record is returned.
    pub reject_reason: Option<String>,
    pub change_note: Option<String>,
    pub public: bool,
}

impl From<&Record> for FormRecord {
    fn from(r: &Record) -> Self {
        FormRecord {
            id: r.id.to_string(),
            title: r.title.clone(),
            version: r.version,
            catalog_code: r.catalog.as_str().to_owned(),
            summary: r.summary.clone(),
            body_html: r.body_html.clone(),
            index_number: r.index_number.as_ref().map(ToString::to_string),
            doc_number: r.doc_number.clone(),
            written_on: r.written_on.to_string(),
            topic_label: r.topic.label(),
            validity_text: r.effect.map_or_else(|| "不适用".to_owned(), |e| e.to_string()),
            stage_label: r.stage.map_or("不属于分阶段事项", Stage::label),
            publicity_text: views::publicity(r),
            publish_at: r.publish_at.map(|t| views::datetime(t.timestamp())),
            reject_reason: r.reject_reason.clone().filter(|_| r.state == RecordState::Rejected),
            change_note: r.change_note.clone(),
            public: r.visibility() != Visibility::Hidden,
        }
    }
}

/// The message shown after an action succeeded, named in the address it redirects to
/// (`?done=submit`), so a reload shows it again but nothing typed can be injected.
pub(super) fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "created" => "草稿已保存。可继续修改、上传附件，或提交审核。",
        "saved" => "修改已保存。",
        "submit" => "已保存并提交审核，审核人员将在工作台的待审核列表中看到它。",
        "recall" => "已撤销送审，记录回到草稿，可继续修改。",
        "approve" => "审核通过。未设定时发布的已立即发布，设定了的将按时发布。",
        "reject" => "已退回，起草人将看到退回理由。",
        "withdraw" => "已撤回，公开页面不再显示该记录的内容。",
        "revise" => "已生成新版本草稿。修改后提交审核，审核通过后替换现行版本；现行版本在此之前照常公开。",
        "attached" => "附件已上传。",
        "detached" => "附件已删除。",
        _ => return None,
    })
}
