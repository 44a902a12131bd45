//! The commands that write a record's content: a first draft, an edit, and a new version
//! of a published record. Each checks the leaf it is filed under and its publicity period.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::decide::note;
use super::decision::{Context, Decision, Draft, NewMatter};
use super::index::Topic;
use super::{transition, Action, Record, RecordState};
use crate::access::{Actor, Permission};
use crate::catalog::LeafRules;
use crate::publicity::PublicityPeriod;
use crate::time::china_date;
use crate::DomainError;

/// The rules of the leaf a draft is filed under (it must exist and be a 公开内容), and the
/// publicity period the draft asks for under them.
fn filed<'a>(
    context: &Context<'a>,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<(&'a LeafRules, Option<PublicityPeriod>), DomainError> {
    if let Some(day) = context.org_closed_on {
        return Err(super::decide::org_closed(day));
    }
    let item = context.leaf.filter(|item| item.code == draft.catalog).ok_or_else(|| {
        DomainError::invalid(
            "unknown_catalog_item",
            format!("本单位的公开目录中没有编码为“{}”的事项", draft.catalog.as_str()),
        )
    })?;
    let rules = item.rules.as_ref().ok_or_else(|| {
        DomainError::invalid("catalog_item_not_leaf", format!("“{}”是目录分类，请选择其下的具体公开内容", item.name))
    })?;
    let publicity = PublicityPeriod::for_leaf(draft.publicity_start, draft.publicity_end, rules, china_date(now))?;
    if let Some(day) = draft.written_on {
        super::index::written_on(day, china_date(now))?;
    }
    Ok((rules, publicity))
}

pub(super) fn create(
    context: &Context<'_>,
    actor: &Actor,
    draft: Draft,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    actor.authorize(Permission::Draft, &draft.org)?;
    let (rules, publicity) = filed(context, &draft, now)?;
    let id = context.ids.record.clone();
    let mut new_matter = None;
    let matter = match (&draft.matter, draft.stage) {
        (Some(matter), _) if context.matter_org == Some(&draft.org) => Some(matter.clone()),
        (Some(matter), _) => {
            return Err(DomainError::invalid("unknown_matter", format!("事项“{matter}”不存在或不属于本单位")));
        }
        (None, Some(_)) => {
            let opened =
                NewMatter { id: context.ids.matter.clone(), org: draft.org.clone(), title: draft.title.clone() };
            new_matter = Some(opened.clone());
            Some(opened.id)
        }
        (None, None) => None,
    };
    let record = Record {
        lineage: id.clone(),
        id,
        version: 1,
        previous: None,
        change_note: None,
        org: draft.org,
        catalog: draft.catalog,
        matter,
        stage: draft.stage,
        title: draft.title,
        summary: draft.summary,
        body_html: draft.body_html,
        index_number: None,
        doc_number: draft.doc_number,
        written_on: draft.written_on.unwrap_or_else(|| china_date(now)),
        topic: draft.topic.unwrap_or(Topic::General),
        effect: draft.effect,
        personal_data: rules.personal_data,
        state: RecordState::Draft,
        publicity,
        publish_at: draft.publish_at,
        published_at: None,
        author: actor.user_id.clone(),
        contributors: BTreeSet::from([actor.user_id.clone()]),
        reviewer: None,
        reject_reason: None,
        withdrawal: None,
        created_at: now,
        updated_at: now,
    };
    let detail = record.title.clone();
    Ok(Decision { new_matter, ..Decision::insert(record, Action::Create, detail) })
}

pub(super) fn edit(
    record: &Record,
    context: &Context<'_>,
    actor: &Actor,
    draft: Draft,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    actor.authorize(Permission::Draft, &record.org)?;
    transition(record.state, Action::Edit)?;
    if draft.org != record.org {
        return Err(DomainError::invalid("org_cannot_change", "记录的发布单位不能修改"));
    }
    let (rules, publicity) = filed(context, &draft, now)?;
    let personal_data = rules.personal_data;
    let editor = actor.user_id.clone();
    let mut decision = Decision::about(record);
    decision.push(record, Action::Edit, "修改草稿", |r| {
        r.catalog = draft.catalog;
        r.stage = draft.stage;
        r.title = draft.title;
        r.summary = draft.summary;
        r.body_html = draft.body_html;
        r.doc_number = draft.doc_number;
        r.written_on = draft.written_on.unwrap_or(r.written_on);
        r.topic = draft.topic.unwrap_or(r.topic);
        r.effect = draft.effect;
        r.personal_data = personal_data;
        r.publicity = publicity;
        r.publish_at = draft.publish_at;
        r.contributors.insert(editor);
        r.updated_at = now;
    });
    Ok(decision)
}

pub(super) fn revise(
    record: &Record,
    context: &Context<'_>,
    actor: &Actor,
    change_note: String,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    actor.authorize(Permission::Draft, &record.org)?;
    transition(record.state, Action::Revise)?;
    let change_note = note(&change_note, "更正说明")?;
    if let Some(open) = context.lineage.iter().find(|v| RecordState::IN_PROGRESS.contains(&v.state)) {
        return Err(DomainError::conflict("revision_in_progress", format!("该记录已有未发布的新版本（{}）", open.id)));
    }
    let latest = context.lineage.iter().map(|v| v.version).max().unwrap_or(record.version);
    let draft = Record {
        id: context.ids.record.clone(),
        version: latest + 1,
        previous: Some(record.id.clone()),
        change_note: Some(change_note.clone()),
        state: RecordState::Draft,
        publish_at: None,
        published_at: None,
        author: actor.user_id.clone(),
        contributors: BTreeSet::from([actor.user_id.clone()]),
        reviewer: None,
        reject_reason: None,
        withdrawal: None,
        created_at: now,
        updated_at: now,
        ..record.clone()
    };
    let detail = format!("第{}版：{change_note}", draft.version);
    let carried = Some((record.id.clone(), draft.id.clone()));
    Ok(Decision { copy_attachments: carried, ..Decision::insert(draft, Action::Revise, detail) })
}
