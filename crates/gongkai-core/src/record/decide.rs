//! One pure decision for every command on a record: given the record (none for a new
//! draft), what the store looked up, the actor, the command and the time, it returns the
//! records to write and why — or a `DomainError`. The store writes what it is told; the
//! rules are all here.

use chrono::{DateTime, Utc};

use super::decision::{Command, Context, Decision, NewIndex};
use super::drafting::{create, edit, revise};
use super::index::index_year;
use super::{transition, Action, Record, RecordState, Withdrawal};
use crate::access::{Actor, Permission};
use crate::time::china_date;
use crate::DomainError;

pub(super) fn org_closed(day: chrono::NaiveDate) -> DomainError {
    DomainError::conflict("org_closed", format!("该单位已于{day}撤销，不能再起草、修改、送审或发布信息"))
}

/// Applies `command` by `actor` at `now` to `current` (none for `Create`).
pub fn decide(
    current: Option<&Record>,
    context: &Context<'_>,
    actor: &Actor,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    let Some(record) = current else {
        return match command {
            Command::Create(draft) => create(context, actor, draft, now),
            _ => Err(DomainError::not_found("record_not_found", "记录不存在")),
        };
    };
    // A closed unit takes no new work; what it published may still be withdrawn, and what
    // must come down still expires.
    if let Some(day) = context.org_closed_on {
        if matches!(
            command,
            Command::Edit(_) | Command::Submit | Command::Approve | Command::Attach { .. } | Command::Revise { .. }
        ) {
            return Err(org_closed(day));
        }
    }
    match command {
        Command::Create(_) => Err(DomainError::conflict("record_exists", "记录已存在，不能重复起草")),
        Command::Edit(draft) => edit(record, context, actor, draft, now),
        Command::Submit => {
            actor.authorize(Permission::Draft, &record.org)?;
            move_to(record, Action::Submit, "提交审核", now, |r| r.reject_reason = None)
        }
        Command::Recall => {
            actor.authorize(Permission::Draft, &record.org)?;
            move_to(record, Action::Recall, "撤销送审，退回草稿", now, |_| {})
        }
        Command::Approve => approve(record, context, actor, now),
        Command::Reject { reason } => {
            authorize_review(actor, record)?;
            let reason = note(&reason, "退回理由")?;
            let detail = format!("退回：{reason}");
            let reviewer = actor.user_id.clone();
            move_to(record, Action::Reject, detail, now, |r| {
                r.reject_reason = Some(reason);
                r.reviewer = Some(reviewer);
            })
        }
        Command::Withdraw { reason } => withdraw(record, context, actor, reason, now),
        Command::Attach { detail } => {
            check_editable(actor, record)?;
            let editor = actor.user_id.clone();
            move_to(record, Action::Attach, detail, now, |r| {
                r.contributors.insert(editor);
            })
        }
        Command::Revise { change_note } => revise(record, context, actor, change_note, now),
        Command::PublishDue => {
            only_system(actor)?;
            if record.state != RecordState::Scheduled || record.publish_at.is_some_and(|at| at > now) {
                return Err(DomainError::conflict("not_due", "记录尚未到定时发布时间"));
            }
            let mut decision = Decision::about(record);
            publish(&mut decision, record, context, now)?;
            // A period that ended while the record waited: it is published and expired in
            // one step, so nobody sees it in between.
            let published = decision.last_of(&record.id).cloned().expect("just published");
            if published.publicity.is_some_and(|p| p.has_ended(china_date(now))) {
                let to = transition(published.state, Action::Expire)?;
                decision.push(&published, Action::Expire, "公示期已在定时发布前届满", |r| {
                    r.state = to;
                    r.updated_at = now;
                });
            }
            Ok(decision)
        }
        Command::Expire => {
            only_system(actor)?;
            let ended = record.publicity.is_some_and(|p| p.has_ended(china_date(now)));
            if !ended {
                return Err(DomainError::conflict("not_due", "记录的公示期尚未届满"));
            }
            let detail = format!("公示期至{}届满", record.publicity_end().map(|d| d.to_string()).unwrap_or_default());
            move_to(record, Action::Expire, detail, now, |_| {})
        }
    }
}

/// Whether `actor` may change the content of `record` — its fields or its attachments:
/// only while it is a draft or returned, and only those who may draft for its unit.
pub fn check_editable(actor: &Actor, record: &Record) -> Result<(), DomainError> {
    actor.authorize(Permission::Draft, &record.org)?;
    transition(record.state, Action::Edit).map(drop)
}

/// The commands `actor` may give on `record` now, in the order a form offers them.
pub fn offered(actor: &Actor, record: &Record) -> Vec<Action> {
    super::USER_ACTIONS
        .iter()
        .copied()
        .filter(|&action| {
            let allowed = match action {
                Action::Submit | Action::Recall | Action::Revise => {
                    actor.authorize(Permission::Draft, &record.org).is_ok()
                }
                Action::Approve | Action::Reject => authorize_review(actor, record).is_ok(),
                Action::Withdraw => actor.authorize(Permission::Withdraw, &record.org).is_ok(),
                _ => false,
            };
            allowed && transition(record.state, action).is_ok()
        })
        .collect()
}

/// A reason or change note: asked for once the actor may act at all, so that someone
/// without the right hears "forbidden", not "fill in the reason".
pub(super) fn note(text: &str, label: &str) -> Result<String, DomainError> {
    crate::fields::required_text(Some(text), label, crate::fields::NOTE_MAX)
}

fn only_system(actor: &Actor) -> Result<(), DomainError> {
    if actor.is_system() {
        Ok(())
    } else {
        Err(DomainError::forbidden("forbidden", "该操作只能由系统按时执行"))
    }
}

/// 审议: a reviewer of the organisation, and nobody who wrote or edited this version.
fn authorize_review(actor: &Actor, record: &Record) -> Result<(), DomainError> {
    actor.authorize(Permission::Review, &record.org)?;
    if record.contributors.contains(&actor.user_id) || record.author == actor.user_id {
        return Err(DomainError::forbidden("reviewer_is_author", "审核人不能审核本人起草或修改过的记录"));
    }
    Ok(())
}

/// A single state change of `record`, checked against the transition table.
fn move_to(
    record: &Record,
    action: Action,
    detail: impl Into<String>,
    now: DateTime<Utc>,
    change: impl FnOnce(&mut Record),
) -> Result<Decision, DomainError> {
    let to = transition(record.state, action)?;
    let mut decision = Decision::about(record);
    decision.push(record, action, detail, |r| {
        change(r);
        r.state = to;
        r.updated_at = now;
    });
    Ok(decision)
}

fn approve(record: &Record, context: &Context<'_>, actor: &Actor, now: DateTime<Utc>) -> Result<Decision, DomainError> {
    authorize_review(actor, record)?;
    let to = transition(record.state, Action::Approve)?;
    if record.publicity.is_some_and(|p| p.has_ended(china_date(now))) {
        return Err(DomainError::conflict("publicity_ended", "该记录的公示期已经结束，不能再发布；请退回修改公示期"));
    }
    let mut decision = Decision::about(record);
    let reviewer = actor.user_id.clone();
    decision.push(record, Action::Approve, "审核通过", |r| {
        r.state = to;
        r.reviewer = Some(reviewer);
        r.updated_at = now;
    });
    let approved = decision.last_of(&record.id).cloned().expect("just pushed");
    match approved.publish_at {
        Some(at) if at > now => {
            let to = transition(approved.state, Action::Schedule)?;
            decision.push(&approved, Action::Schedule, "定时发布", |r| {
                r.state = to;
                r.updated_at = now;
            });
        }
        _ => publish(&mut decision, &approved, context, now)?,
    }
    Ok(decision)
}

/// 撤回 the whole record: `record` and every other version the public has seen are
/// withdrawn with the same reason, and a version still in progress is cancelled, so that
/// nothing of the record can come back without a new draft.
fn withdraw(
    record: &Record,
    context: &Context<'_>,
    actor: &Actor,
    reason: String,
    now: DateTime<Utc>,
) -> Result<Decision, DomainError> {
    actor.authorize(Permission::Withdraw, &record.org)?;
    let to = transition(record.state, Action::Withdraw)?;
    let reason = note(&reason, "撤回理由")?;
    let withdrawal = Withdrawal { reason: reason.clone(), at: now };
    let mut decision = Decision::about(record);
    decision.push(record, Action::Withdraw, format!("撤回：{reason}"), |r| {
        r.state = to;
        r.withdrawal = Some(withdrawal.clone());
        r.updated_at = now;
    });
    for other in context.lineage.iter().filter(|v| v.id != record.id) {
        let (action, detail) =
            if RecordState::IN_PROGRESS.contains(&other.state) && other.state != RecordState::Scheduled {
                (Action::Cancel, format!("第{}版随记录撤回而作废", record.version))
            } else {
                (Action::Withdraw, format!("随第{}版一并撤回：{reason}", record.version))
            };
        let Ok(to) = transition(other.state, action) else { continue };
        decision.push(other, action, detail, |r| {
            r.state = to;
            r.withdrawal = Some(withdrawal.clone());
            r.updated_at = now;
        });
    }
    Ok(decision)
}

/// Publishes `record` at `now`; the version it replaces, if public, is superseded. A
/// record published for the first time takes the next 索引号 of its organisation's year.
fn publish(
    decision: &mut Decision,
    record: &Record,
    context: &Context<'_>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let to = transition(record.state, Action::Publish)?;
    let index_number = match &record.index_number {
        Some(kept) => kept.clone(),
        None => {
            let serial = context
                .next_index_serial
                .ok_or_else(|| DomainError::conflict("index_unavailable", "未能取得索引号，请稍后重试"))?;
            let taken = NewIndex { org: record.org.clone(), year: index_year(now), serial };
            let number = taken.number();
            decision.new_index = Some(taken);
            number
        }
    };
    decision.push(record, Action::Publish, "发布", |r| {
        r.state = to;
        r.published_at = Some(now);
        r.index_number = Some(index_number);
        r.updated_at = now;
    });
    let previous = record.previous.as_ref().and_then(|id| context.lineage.iter().find(|v| &v.id == id));
    if let Some(previous) = previous {
        if let Ok(to) = transition(previous.state, Action::Supersede) {
            decision.push(previous, Action::Supersede, format!("被第{}版取代", record.version), |r| {
                r.state = to;
                r.updated_at = now;
            });
        }
    }
    Ok(())
}
