//! Drafting and reviewing records: the draft form, the record page with the actions its
//! user may take, and the actions themselves.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use gongkai_core::access::{Actor, Permission, Sight};
use gongkai_core::catalog::CatalogItem;
use gongkai_core::org::Org;
use gongkai_core::record::{
    check_editable, offered, Action, Command, Record, RecordId, RecordState, Stage, Topic, Validity, Visibility,
    USER_ACTIONS,
};
use gongkai_core::DomainError;
use gongkai_store::attachments::Attachment;
use serde::Deserialize;

use super::{html, see_other};
use crate::auth::PageUser;
use crate::draft::DraftFields;
use crate::error::{AppError, PageError};
use crate::extract::CsrfForm;
use crate::record_page::RecordPage;
use crate::views;
use crate::AppState;

/// A catalogue leaf to choose in the draft form.
struct LeafOption {
    code: String,
    label: String,
}

fn leaf_options(items: &[CatalogItem]) -> Vec<LeafOption> {
    items
        .iter()
        .filter_map(|i| {
            i.rules.as_ref().map(|r| LeafOption {
                code: i.code.as_str().to_owned(),
                label: format!("{}（{} · {}）", i.name, r.domain.label(), r.time_class.label()),
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "admin/record.html")]
struct RecordForm {
    csrf: String,
    org: String,
    leaves: Vec<LeafOption>,
    stages: Vec<(&'static str, &'static str)>,
    topics: Vec<(&'static str, &'static str)>,
    validities: Vec<(&'static str, &'static str)>,
    record: Option<FormRecord>,
    state_label: &'static str,
    editable: bool,
    actions: Vec<(&'static str, &'static str, Option<&'static str>)>,
    attachments: Vec<Attachment>,
    history: Vec<(String, String, String)>,
}

/// A record as the back-office form shows it.
struct FormRecord {
    id: String,
    title: String,
    version: u32,
    catalog_code: String,
    summary: Option<String>,
    body_html: String,
    stage: Option<&'static str>,
    publicity_start: Option<String>,
    publicity_end: Option<String>,
    index_number: Option<String>,
    doc_number: Option<String>,
    written_on: String,
    topic: &'static str,
    validity: Option<&'static str>,
    validity_since: Option<String>,
    /// What a reviewer reads: every field in words.
    topic_label: &'static str,
    validity_text: String,
    stage_label: &'static str,
    publicity_text: String,
    publish_at: Option<String>,
    /// Shown while the record is returned.
    reject_reason: Option<String>,
    change_note: Option<String>,
    public: bool,
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
            stage: r.stage.map(Stage::as_str),
            publicity_start: r.publicity_start().map(|d| d.to_string()),
            publicity_end: r.publicity_end().map(|d| d.to_string()),
            index_number: r.index_number.as_ref().map(ToString::to_string),
            doc_number: r.doc_number.clone(),
            written_on: r.written_on.to_string(),
            topic: r.topic.as_str(),
            validity: r.effect.map(|e| e.status.as_str()),
            validity_since: r.effect.and_then(|e| e.since).map(|d| d.to_string()),
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

async fn own_org(state: &AppState, actor: &Actor) -> Result<Org, AppError> {
    let code = actor
        .org
        .as_ref()
        .ok_or_else(|| AppError::Domain(DomainError::forbidden("no_org", "您的账号不属于某一单位，不能起草记录")))?;
    state.store.db.org(code).await?.ok_or_else(|| AppError::internal("account org missing", code))
}

pub(super) async fn new_record(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let org = own_org(&state, &user.actor).await?;
    user.actor.authorize(Permission::Draft, &org.code)?;
    let leaves = leaf_options(&state.store.db.catalog_of(&org).await?);
    html(RecordForm {
        csrf: user.session.csrf_token.clone(),
        org: org.code.to_string(),
        leaves,
        stages: Stage::choices(),
        topics: Topic::choices(),
        validities: Validity::choices(),
        record: None,
        state_label: "",
        editable: true,
        actions: Vec::new(),
        attachments: Vec::new(),
        history: Vec::new(),
    })
}

pub(super) async fn create_record(
    State(state): State<AppState>,
    form: CsrfForm<DraftFields>,
) -> Result<Response, PageError> {
    let record = state.store.create_record(&form.user.actor, form.form.parse()?).await?;
    Ok(see_other(&format!("/admin/records/{}", record.id)))
}

pub(super) async fn update_record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: CsrfForm<DraftFields>,
) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    state.store.act(&form.user.actor, &id, Command::Edit(form.form.parse()?)).await?;
    Ok(see_other(&format!("/admin/records/{id}")))
}

pub(super) async fn record(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let store = &state.store;
    let id = RecordId::parse(&id)?;
    let (record, seen) = store.record_for(Some(&user.actor), &id).await?;
    // Another unit's published record is read where the public reads it.
    if seen != Sight::Internal {
        return Ok(see_other(&format!("/d/{id}")));
    }
    let org = store.db.org(&record.org).await?.ok_or_else(|| AppError::internal("record org missing", &record.org))?;
    let actions = offered(&user.actor, &record)
        .into_iter()
        .map(|action| {
            let note = match action {
                Action::Reject => Some("退回理由"),
                Action::Withdraw => Some("撤回理由"),
                Action::Revise => Some("更正说明"),
                _ => None,
            };
            (action.as_str(), action.label(), note)
        })
        .collect();
    let history = store
        .db
        .audit_of(record.id.as_str())
        .await?
        .into_iter()
        .map(|e| (views::datetime(e.at), e.actor, e.detail))
        .collect();
    html(RecordForm {
        csrf: user.session.csrf_token.clone(),
        org: org.code.to_string(),
        leaves: leaf_options(&store.db.catalog_of(&org).await?),
        stages: Stage::choices(),
        topics: Topic::choices(),
        validities: Validity::choices(),
        state_label: record.state.label(),
        editable: check_editable(&user.actor, &record).is_ok(),
        actions,
        attachments: store.db.attachments(&record.id).await?,
        history,
        record: Some(FormRecord::from(&record)),
    })
}

/// The public page as it will look, for the unit's own staff before approving: everything
/// the public will see, with a banner that it is not public yet.
pub(super) async fn preview(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    let view = state.store.record_view(Some(&user.actor), &id).await?;
    if view.sight != Sight::Internal {
        return Ok(see_other(&format!("/d/{id}")));
    }
    let directory = state.directory.get(&state.store.db).await?;
    html(RecordPage::build(&view, &directory, true)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ActionForm {
    note: Option<String>,
}

pub(super) async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    form: CsrfForm<ActionForm>,
) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    let note = || form.form.note.clone().unwrap_or_default();
    let unknown = || DomainError::not_found("unknown_action", "未知的操作");
    let command = match Action::parse(&action).ok().filter(|a| USER_ACTIONS.contains(a)).ok_or_else(unknown)? {
        Action::Submit => Command::Submit,
        Action::Recall => Command::Recall,
        Action::Approve => Command::Approve,
        Action::Reject => Command::Reject { reason: note() },
        Action::Withdraw => Command::Withdraw { reason: note() },
        Action::Revise => Command::Revise { change_note: note() },
        _ => return Err(AppError::Domain(unknown()).into()),
    };
    let record = state.store.act(&form.user.actor, &id, command).await?;
    state.follow_feed().await;
    Ok(see_other(&format!("/admin/records/{}", record.id)))
}
