//! Drafting and reviewing records: the draft form, the record page with the actions its
//! user may take, and the actions themselves. Every action ends on the record's page with
//! a message saying what happened; a refused save comes back with what was typed.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongkai_core::access::{Actor, Permission, Sight};
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::record::{check_editable, offered, Action, Command, RecordId, Stage, Topic, Validity, USER_ACTIONS};
use gongkai_core::DomainError;
use gongkai_store::attachments::Attachment;
use serde::Deserialize;

use super::record_form::{done_message, leaf_groups, FormRecord, FormValues, LeafGroup};
use super::{html, refusal, see_other};
use crate::auth::PageUser;
use crate::draft::DraftFields;
use crate::error::{AppError, PageError};
use crate::extract::{self, CsrfForm};
use crate::record_page::RecordPage;
use crate::views;
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/record.html")]
struct RecordForm {
    csrf: String,
    org: String,
    groups: Vec<LeafGroup>,
    stages: Vec<(&'static str, &'static str)>,
    topics: Vec<(&'static str, &'static str)>,
    validities: Vec<(&'static str, &'static str)>,
    record: Option<FormRecord>,
    values: FormValues,
    state_label: &'static str,
    editable: bool,
    actions: Vec<ActionButton>,
    attachments: Vec<Attachment>,
    history: Vec<(String, String, String, String)>,
    notice: Option<Notice>,
}

/// One of the record's actions as its button: what it does, said plainly.
struct ActionButton {
    action: &'static str,
    label: &'static str,
    /// The text the action needs (a reason, a note), as the field's label.
    note: Option<&'static str>,
    /// What will happen, beside the button.
    hint: Option<&'static str>,
}

fn button(action: Action) -> ActionButton {
    let (label, note, hint) = match action {
        Action::Submit => ("提交审核", None, None),
        Action::Recall => ("撤销送审", None, Some("审核前可撤回修改")),
        Action::Approve => ("审核通过", None, Some("通过后立即发布；设定了定时发布的按时发布")),
        Action::Reject => ("退回修改", Some("退回理由"), None),
        Action::Withdraw => ("撤回", Some("撤回理由"), Some("公开页面将只显示撤回说明")),
        Action::Revise => {
            ("起草新版本", Some("更正说明"), Some("生成一份新版本草稿，送审通过后替换现行版本；此前现行版本照常公开"))
        }
        other => (other.label(), None, None),
    };
    ActionButton { action: action.as_str(), label, note, hint }
}

/// A line above the form: what just happened, or why it was refused.
struct Notice {
    text: String,
    refused: bool,
}

impl Notice {
    fn refused(text: String) -> Self {
        Notice { text, refused: true }
    }
}

/// The unit a draft is written for: the user's own, or for an administrator (who belongs
/// to none) the one chosen, `None` while none is chosen.
async fn drafting_org(state: &AppState, actor: &Actor, chosen: Option<&str>) -> Result<Option<Org>, AppError> {
    let code = match (&actor.org, chosen.map(str::trim).filter(|c| !c.is_empty())) {
        (Some(own), _) => own.clone(),
        (None, Some(chosen)) => OrgCode::parse(chosen)?,
        (None, None) => return Ok(None),
    };
    let org = state.store.db.org(&code).await?.ok_or_else(|| crate::portal::org_not_found(code.as_str()))?;
    actor.authorize(Permission::Draft, &org.code)?;
    gongkai_core::org::tree::check_open(&org)?;
    Ok(Some(org))
}

/// The empty form, or the form again with what was typed and why it was refused.
async fn draft_form(
    state: &AppState,
    user: &PageUser,
    chosen: Option<&str>,
    values: FormValues,
    refused: Option<String>,
) -> Result<Response, PageError> {
    let Some(org) = drafting_org(state, &user.actor, chosen).await? else {
        user.actor.authorize_structure()?;
        let intro =
            "管理员不属于任何单位，起草前请选择发布单位。信息送审后仍须由该单位的审核人员（或另一位管理员）审核。";
        return super::choose_org(state, "代哪个单位起草？", intro, "/admin/records/new?org=").await;
    };
    let status = if refused.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let mut response = html(RecordForm {
        csrf: user.session.csrf_token.clone(),
        org: org.code.to_string(),
        groups: leaf_groups(&state.store.db.catalog_of(&org).await?),
        stages: Stage::choices(),
        topics: Topic::choices(),
        validities: Validity::choices(),
        record: None,
        values,
        state_label: "",
        editable: true,
        actions: Vec::new(),
        attachments: Vec::new(),
        history: Vec::new(),
        notice: refused.map(Notice::refused),
    })?;
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Default, Deserialize)]
struct NewQuery {
    org: Option<String>,
}

pub(super) async fn new_record(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let query: NewQuery = extract::query(raw.as_deref())?;
    draft_form(&state, &user, query.org.as_deref(), FormValues::default(), None).await
}

/// The draft form's fields and the button pressed: 保存草稿, 保存并预览 or 保存并提交审核.
/// Whatever the button, the edits are saved first.
fn typed(pairs: Vec<(String, String)>) -> Result<(DraftFields, Option<String>), AppError> {
    let (then, rest): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(k, _)| k == "then");
    let rest = serde_urlencoded::to_string(&rest).map_err(|e| AppError::internal("re-encode form", e))?;
    Ok((extract::form(rest.as_bytes())?, then.into_iter().next().map(|(_, v)| v)))
}

/// Where a saved draft goes next, by the button pressed.
async fn after_save(
    state: &AppState,
    user: &PageUser,
    id: &RecordId,
    then: Option<&str>,
    done: &str,
) -> Result<Response, PageError> {
    match then {
        Some("submit") => match state.store.act(&user.actor, id, Command::Submit).await {
            Ok(_) => Ok(see_other(&format!("/admin/records/{id}?done=submit"))),
            // Saved, but not sent: the page says why, in core's words.
            Err(e) => refused_page(state, user, id, "修改已保存，但未能提交审核：", e.into()).await,
        },
        Some("preview") => Ok(see_other(&format!("/admin/records/{id}/preview"))),
        _ => Ok(see_other(&format!("/admin/records/{id}?done={done}"))),
    }
}

pub(super) async fn create_record(
    State(state): State<AppState>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let (fields, then) = typed(form)?;
    let created = match fields.parse() {
        Ok(draft) => state.store.create_record(&user.actor, draft).await.map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match created {
        Ok(record) => after_save(&state, &user, &record.id, then.as_deref(), "created").await,
        Err(e) => draft_form(&state, &user, fields.org.as_deref(), FormValues::from(&fields), Some(refusal(e)?)).await,
    }
}

pub(super) async fn update_record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let id = RecordId::parse(&id)?;
    let (fields, then) = typed(form)?;
    let saved = match fields.parse() {
        Ok(draft) => state.store.act(&user.actor, &id, Command::Edit(draft)).await.map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match saved {
        Ok(_) => after_save(&state, &user, &id, then.as_deref(), "saved").await,
        Err(e) => {
            let notice = Notice::refused(refusal(e)?);
            record_page(&state, &user, &id, Some(FormValues::from(&fields)), Some(notice)).await
        }
    }
}

#[derive(Default, Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

pub(super) async fn record(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    let query: DoneQuery = extract::query(raw.as_deref())?;
    let notice =
        query.done.as_deref().and_then(done_message).map(|done| Notice { text: done.to_owned(), refused: false });
    record_page(&state, &user, &id, None, notice).await
}

/// The record's page with why something done from it was refused, `lead` first, under
/// the refusal's own status.
pub(super) async fn refused_page(
    state: &AppState,
    user: &PageUser,
    id: &RecordId,
    lead: &str,
    e: AppError,
) -> Result<Response, PageError> {
    let status = e.status();
    let notice = Notice::refused(format!("{lead}{}", refusal(e)?));
    let mut response = record_page(state, user, id, None, Some(notice)).await?;
    *response.status_mut() = status;
    Ok(response)
}

/// The record's page for `user`: the form while they may edit it, every field in words
/// otherwise; the actions they may take, attachments and the record's history.
async fn record_page(
    state: &AppState,
    user: &PageUser,
    id: &RecordId,
    typed: Option<FormValues>,
    notice: Option<Notice>,
) -> Result<Response, PageError> {
    let store = &state.store;
    let (record, seen) = store.record_for(Some(&user.actor), id).await?;
    // Another unit's published record is read where the public reads it.
    if seen != Sight::Internal {
        return Ok(see_other(&format!("/d/{id}")));
    }
    let org = store.db.org(&record.org).await?.ok_or_else(|| AppError::internal("record org missing", &record.org))?;
    let history = store
        .db
        .audit_of(record.id.as_str())
        .await?
        .into_iter()
        .map(|e| (views::datetime(e.at), e.actor, super::audit::action_label(&e.action).to_owned(), e.detail))
        .collect();
    let refused = notice.as_ref().is_some_and(|n| n.refused) && typed.is_some();
    let mut response = html(RecordForm {
        csrf: user.session.csrf_token.clone(),
        org: org.code.to_string(),
        groups: leaf_groups(&store.db.catalog_of(&org).await?),
        stages: Stage::choices(),
        topics: Topic::choices(),
        validities: Validity::choices(),
        state_label: record.state.label(),
        editable: check_editable(&user.actor, &record).is_ok(),
        actions: offered(&user.actor, &record).into_iter().filter(|a| USER_ACTIONS.contains(a)).map(button).collect(),
        attachments: store.db.attachments(&record.id).await?,
        history,
        values: typed.unwrap_or_else(|| FormValues::from(&record)),
        record: Some(FormRecord::from(&record)),
        notice,
    })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
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
    let CsrfForm { user, form } = form;
    let id = RecordId::parse(&id)?;
    let note = || form.note.clone().unwrap_or_default();
    let unknown = || DomainError::not_found("unknown_action", "未知的操作");
    let action = Action::parse(&action).ok().filter(|a| USER_ACTIONS.contains(a)).ok_or_else(unknown)?;
    let command = match action {
        Action::Submit => Command::Submit,
        Action::Recall => Command::Recall,
        Action::Approve => Command::Approve,
        Action::Reject => Command::Reject { reason: note() },
        Action::Withdraw => Command::Withdraw { reason: note() },
        Action::Revise => Command::Revise { change_note: note() },
        _ => return Err(AppError::Domain(unknown()).into()),
    };
    match state.store.act(&user.actor, &id, command).await {
        Ok(record) => {
            state.follow_feed().await;
            Ok(see_other(&format!("/admin/records/{}?done={}", record.id, action.as_str())))
        }
        Err(e) => refused_page(&state, &user, &id, "", e.into()).await,
    }
}
