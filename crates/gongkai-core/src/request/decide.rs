//! Applying a command to a request: who may, in which state, on which day — and what the
//! request becomes. The store looks up what is needed, core decides, the store writes.

use chrono::NaiveDate;

use super::clock::{CONSULTATION_DAYS, CORRECTION_REPLY_DAYS, EXTENSION_MAX_DAYS};
use super::{
    transition, Answer, Consultation, Correction, Extension, InfoRequest, Outcome, Remedy, RemedyResult, RequestAction,
};
use crate::access::{Actor, Permission, Role};
use crate::calendar::Calendar;
use crate::org::OrgCode;
use crate::{fields, DomainError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 受理: the application is clear and complete.
    Accept,
    /// 补正: the one notice, saying what is missing.
    AskCorrection {
        what: String,
    },
    /// The corrected application came in on `on`; the period starts again from it.
    Correct {
        on: NaiveDate,
        description: Option<String>,
    },
    /// 逾期不补正: the correction period ran out.
    Lapse,
    /// 征求第三方意见 from `third_party`.
    Consult {
        third_party: String,
    },
    /// The third party answered (or its period ended).
    ConsultationDone,
    ProposeExtension {
        days: u32,
        reason: String,
    },
    /// A reviewer approves the waiting extension; the applicant is told.
    ApproveExtension,
    RefuseExtension {
        reason: String,
    },
    Answer {
        outcome: Outcome,
        reason: Option<String>,
    },
    /// 办结: the reply and any information were delivered.
    Close,
    /// Sent on to the organisation that holds the information.
    Route {
        to: OrgCode,
    },
    /// 移交: another member of the unit's staff becomes responsible.
    HandOver {
        to: String,
    },
    /// The applicant applied for administrative review of the answer; its result so far.
    RecordReview {
        result: RemedyResult,
    },
    /// The applicant sued over the answer, directly or after a review; its result so far.
    RecordLitigation {
        result: RemedyResult,
        after_review: bool,
    },
}

/// What the store looked up for the decision.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub calendar: &'a Calendar,
    pub today: NaiveDate,
    /// For `HandOver`: the account named, if it exists.
    pub hand_over_to: Option<&'a Actor>,
    /// For `Route`: the next request number of the receiving unit in the request's year.
    pub route_serial: Option<u32>,
}

/// One request written, with what its history and the audit log say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub before: InfoRequest,
    pub after: InfoRequest,
    pub action: RequestAction,
    /// For the audit log and the staff's history, in Chinese.
    pub detail: String,
}

fn conflict(code: &'static str, message: impl Into<String>) -> DomainError {
    DomainError::conflict(code, message)
}

/// Applies `command` to `request` on behalf of `actor`.
pub fn decide(request: &InfoRequest, ctx: &Context, actor: &Actor, command: Command) -> Result<Change, DomainError> {
    let action = action_of(&command);
    let state = transition(request.state, action)?;
    match action {
        RequestAction::ApproveExtension | RequestAction::RefuseExtension => {
            actor.authorize(Permission::Review, &request.org)?
        }
        RequestAction::HandOver => may_hand_over(request, actor)?,
        _ => handles(request, actor)?,
    }
    let mut after = request.clone();
    after.state = state;
    if after.handler.is_none() && action != RequestAction::HandOver {
        after.handler = Some(actor.username.clone());
    }
    let today = ctx.today;
    let cal = ctx.calendar;
    let detail = match command {
        Command::Accept => "受理申请".to_owned(),
        Command::AskCorrection { what } => {
            let what = fields::required_text(Some(&what), "需要补正的事项", fields::NOTE_MAX)?;
            if request.correction.is_some() {
                return Err(conflict("correction_once", "补正通知只能发出一次"));
            }
            let by = request.correction_notice_by(cal);
            if today > by {
                return Err(conflict(
                    "correction_too_late",
                    format!("补正通知应在收到申请之日起7个工作日内（{by}前）发出，现已超过"),
                ));
            }
            let due_on = cal.add_working_days(today, CORRECTION_REPLY_DAYS);
            after.correction = Some(Correction { asked_on: today, what: what.clone(), due_on, corrected_on: None });
            format!("发出补正通知，补正期限至{due_on}：{what}")
        }
        Command::Correct { on, description } => {
            let correction = after.correction.as_mut().ok_or_else(|| conflict("no_correction", "未发出补正通知"))?;
            if on < correction.asked_on || on > today {
                return Err(DomainError::invalid(
                    "invalid_corrected_on",
                    format!("收到补正材料的日期应在{}至{today}之间", correction.asked_on),
                ));
            }
            if on > correction.due_on {
                return Err(conflict(
                    "correction_period_over",
                    format!("补正期限已于{}届满，应按逾期不补正办结", correction.due_on),
                ));
            }
            correction.corrected_on = Some(on);
            if let Some(text) = fields::optional_text(description.as_deref(), "补正后的申请内容", DESCRIPTION_MAX)?
            {
                after.description = text;
            }
            after.clock_from = on;
            after.paused_days = 0;
            format!("{on}收到补正材料，答复期限自该日起重新计算")
        }
        Command::Lapse => {
            let due = request.correction.as_ref().map(|c| c.due_on).unwrap_or(today);
            if today <= due {
                return Err(conflict("correction_period_running", format!("补正期限至{due}，尚未届满")));
            }
            after.answer = Some(Answer { outcome: Outcome::NoCorrection, reason: None, on: today });
            after.closed_on = Some(today);
            format!("补正期限{due}届满未补正，不再处理")
        }
        Command::Consult { third_party } => {
            let third_party = fields::required_text(Some(&third_party), "第三方", 200)?;
            if request.due_on(cal).is_some_and(|due| today > due) {
                return Err(conflict("consultation_too_late", "答复期限已过，不能再征求第三方意见"));
            }
            after.consultation = Some(Consultation { from: today, third_party: third_party.clone() });
            format!("征求第三方（{third_party}）意见，期间不计入答复期限")
        }
        Command::ConsultationDone => {
            let from = request.consultation.as_ref().map_or(today, |c| c.from);
            let used = cal.working_days_between(from, today).min(CONSULTATION_DAYS);
            after.paused_days += used;
            after.consultation = None;
            format!("第三方意见征求结束，不计入期限{used}个工作日")
        }
        Command::ProposeExtension { days, reason } => {
            let reason = fields::required_text(Some(&reason), "延期理由", fields::NOTE_MAX)?;
            match &request.extension {
                Some(e) if e.approved.is_some() => return Err(conflict("extension_once", "答复期限只能延长一次")),
                Some(_) => return Err(conflict("extension_pending", "已有延期申请等待审核")),
                None => {}
            }
            if days == 0 {
                return Err(DomainError::invalid("invalid_extension", "延长的工作日数应为1至20"));
            }
            if days > EXTENSION_MAX_DAYS {
                return Err(conflict("extension_too_long", "延长答复期限最长不得超过20个工作日"));
            }
            if request.due_on(cal).is_some_and(|due| today > due) {
                return Err(conflict("extension_too_late", "答复期限已过，不能再延期"));
            }
            after.extension =
                Some(Extension { days, reason: reason.clone(), proposed_by: actor.username.clone(), approved: None });
            format!("申请延期{days}个工作日：{reason}")
        }
        Command::ApproveExtension => {
            let extension = after
                .extension
                .as_mut()
                .filter(|e| e.approved.is_none())
                .ok_or_else(|| conflict("no_extension_pending", "没有等待审核的延期申请"))?;
            if extension.proposed_by == actor.username {
                return Err(DomainError::forbidden("own_extension", "延期须由提出延期以外的审核人批准"));
            }
            extension.approved = Some((actor.username.clone(), today));
            let days = extension.days;
            let due = after.due_on(cal).map(|d| d.to_string()).unwrap_or_default();
            format!("批准延期{days}个工作日，答复期限延至{due}，已告知申请人")
        }
        Command::RefuseExtension { reason } => {
            let reason = fields::required_text(Some(&reason), "不批准的理由", fields::NOTE_MAX)?;
            if request.extension.as_ref().is_none_or(|e| e.approved.is_some()) {
                return Err(conflict("no_extension_pending", "没有等待审核的延期申请"));
            }
            after.extension = None;
            format!("不批准延期：{reason}")
        }
        Command::Answer { outcome, reason } => {
            if !outcome.chosen_by_staff() {
                return Err(DomainError::invalid("invalid_outcome", "逾期不补正由补正期限届满办结，不能直接选择"));
            }
            if outcome == Outcome::StillUnclear && request.correction.as_ref().is_none_or(|c| c.corrected_on.is_none())
            {
                return Err(conflict(
                    "not_corrected",
                    "只有补正后申请内容仍不明确的，才能答复“补正后申请内容仍不明确”",
                ));
            }
            let answer = Answer::new(outcome, reason.as_deref(), today)?;
            if after.extension.as_ref().is_some_and(|e| e.approved.is_none()) {
                after.extension = None;
            }
            after.answer = Some(answer);
            format!("答复：{}", outcome.label())
        }
        Command::Close => {
            after.closed_on = Some(today);
            "办结".to_owned()
        }
        Command::Route { to } => {
            if to == request.org {
                return Err(DomainError::invalid("same_org", "申请已由该单位办理"));
            }
            let serial = ctx.route_serial.ok_or_else(|| conflict("no_serial", "转交单位的申请编号未能取得"))?;
            after.org = to.clone();
            after.handler = None;
            // Numbers are the unit's own: the request takes the next one of the unit it goes to.
            after.number = super::RequestNumber { org: to.clone(), year: request.number.year, serial };
            format!("转交{to}办理，原编号{}，新编号{}", request.number, after.number)
        }
        Command::HandOver { to } => {
            let target = ctx
                .hand_over_to
                .filter(|t| t.username == to && t.role == Role::Editor && t.org.as_ref() == Some(&request.org))
                .ok_or_else(|| DomainError::invalid("invalid_handler", format!("“{to}”不是本单位的信息员")))?;
            if request.handler.as_deref() == Some(target.username.as_str()) {
                return Err(DomainError::invalid("invalid_handler", format!("“{to}”已是承办人")));
            }
            after.handler = Some(target.username.clone());
            format!("由{}移交{}承办", request.handler.as_deref().unwrap_or("（无）"), target.username)
        }
        Command::RecordReview { result } => {
            after.review = Some(Remedy { result, on: today, after_review: false });
            format!("行政复议：{}", result.label())
        }
        Command::RecordLitigation { result, after_review } => {
            after.litigation = Some(Remedy { result, on: today, after_review });
            let how = if after_review { "复议后起诉" } else { "未经复议直接起诉" };
            format!("行政诉讼（{how}）：{}", result.label())
        }
    };
    Ok(Change { before: request.clone(), after, action, detail })
}

/// 所需信息的描述: at most this many characters.
pub const DESCRIPTION_MAX: usize = 2_000;

fn action_of(command: &Command) -> RequestAction {
    use RequestAction as A;
    match command {
        Command::Accept => A::Accept,
        Command::AskCorrection { .. } => A::AskCorrection,
        Command::Correct { .. } => A::Correct,
        Command::Lapse => A::Lapse,
        Command::Consult { .. } => A::Consult,
        Command::ConsultationDone => A::ConsultationDone,
        Command::ProposeExtension { .. } => A::ProposeExtension,
        Command::ApproveExtension => A::ApproveExtension,
        Command::RefuseExtension { .. } => A::RefuseExtension,
        Command::Answer { .. } => A::Answer,
        Command::Close => A::Close,
        Command::Route { .. } => A::Route,
        Command::HandOver { .. } => A::HandOver,
        Command::RecordReview { .. } => A::RecordReview,
        Command::RecordLitigation { .. } => A::RecordLitigation,
    }
}

/// Whether `actor` may add files of the released information to `request`: its handler
/// (or the unit's editor who takes it up), until it is closed.
pub fn may_attach(request: &InfoRequest, actor: &Actor) -> Result<(), DomainError> {
    if !matches!(
        request.state,
        super::RequestState::Received
            | super::RequestState::Accepted
            | super::RequestState::Consulting
            | super::RequestState::Answered
    ) {
        return Err(conflict("illegal_transition", format!("状态为“{}”的申请不能再添加文件", request.state.label())));
    }
    handles(request, actor)
}

/// 首问负责: the unit's editor who first handles a request stays the one who does, until
/// a hand-over.
fn handles(request: &InfoRequest, actor: &Actor) -> Result<(), DomainError> {
    actor.authorize(Permission::Draft, &request.org)?;
    match &request.handler {
        Some(handler) if handler != &actor.username && !actor.is_system() => {
            Err(conflict("first_handler", format!("本申请由{handler}首问负责，须由其办理或先移交")))
        }
        _ => Ok(()),
    }
}

/// The handler hands over; so may an administrator, when the handler cannot.
fn may_hand_over(request: &InfoRequest, actor: &Actor) -> Result<(), DomainError> {
    if actor.role == Role::Admin {
        return Ok(());
    }
    actor.authorize(Permission::Draft, &request.org)?;
    match &request.handler {
        Some(handler) if handler != &actor.username => {
            Err(conflict("first_handler", format!("只有承办人{handler}或管理员可以移交")))
        }
        _ => Ok(()),
    }
}
