//! Applying a command to a letter: who may, in which state — and what the letter becomes.
//! The store looks up what is needed, core decides, the store writes.

use chrono::NaiveDate;

use super::{may_handle, may_see, not_found, transition, Opinion, OpinionAction, Reply};
use crate::access::{Actor, Permission, Role};
use crate::org::OrgCode;
use crate::{fields, DomainError};

/// 答复内容: at most this many characters.
pub const REPLY_MAX: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 受理
    Accept,
    /// 答复, and whether it goes into the public list (only with the sender's consent).
    Reply { text: String, publish: bool },
    /// 办结
    Close,
    /// Sent on to the unit it concerns.
    Route { to: OrgCode },
    /// 移交: another member of staff becomes responsible.
    HandOver { to: String },
    /// Takes a published reply out of the public list, with the reason.
    Unpublish { reason: String },
}

/// What the store looked up for the decision.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub today: NaiveDate,
    /// For `HandOver`: the account named, if it exists.
    pub hand_over_to: Option<&'a Actor>,
    /// For `Route`: the next number of the receiving unit in the letter's series and year.
    pub route_serial: Option<u32>,
}

/// One letter written, with what its history and the audit log say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub before: Opinion,
    pub after: Opinion,
    pub action: OpinionAction,
    /// For the audit log and the staff's history, in Chinese. Never names the person a
    /// report is about: the audit log is read more widely than reports are.
    pub detail: String,
    /// Whether what the public list shows changed: the change feed announces it.
    pub public: bool,
}

fn conflict(code: &'static str, message: impl Into<String>) -> DomainError {
    DomainError::conflict(code, message)
}

/// Applies `command` to `opinion` on behalf of `actor`.
pub fn decide(opinion: &Opinion, ctx: &Context, actor: &Actor, command: Command) -> Result<Change, DomainError> {
    if !may_see(actor, opinion) {
        return Err(not_found());
    }
    let action = action_of(&command);
    let state = transition(opinion.state, action)?;
    match action {
        OpinionAction::HandOver => may_hand_over(opinion, actor)?,
        // Like a published record, a published reply may also be taken down by a reviewer.
        OpinionAction::Unpublish => {
            may_handle(actor, opinion).or_else(|_| actor.authorize(Permission::Withdraw, &opinion.org))?
        }
        _ => handles(opinion, actor)?,
    }
    let mut after = opinion.clone();
    after.state = state;
    if after.handler.is_none() && !matches!(action, OpinionAction::HandOver | OpinionAction::Unpublish) {
        after.handler = Some(actor.username.clone());
    }
    let today = ctx.today;
    let detail = match command {
        Command::Accept => "受理".to_owned(),
        Command::Reply { text, publish } => {
            let text = fields::required_text(Some(&text), "答复内容", REPLY_MAX)?;
            if publish && opinion.category.is_report() {
                return Err(conflict("report_not_public", "举报件及其答复一律不公开"));
            }
            if publish && !opinion.consent {
                return Err(conflict("no_consent", "来信人未同意公开，答复不能公开"));
            }
            after.reply = Some(Reply { text, on: today, by: actor.username.clone(), published: publish });
            if publish {
                "答复，并在意见箱答复公开栏公开".to_owned()
            } else {
                "答复".to_owned()
            }
        }
        Command::Close => {
            after.closed_on = Some(today);
            "办结".to_owned()
        }
        Command::Route { to } => {
            if to == opinion.org {
                return Err(DomainError::invalid("same_org", "来信已由该单位办理"));
            }
            let serial = ctx.route_serial.ok_or_else(|| conflict("no_serial", "转交单位的来信编号未能取得"))?;
            after.org = to.clone();
            after.handler = None;
            // Numbers are the unit's own: the letter takes the next one of the unit it goes to.
            after.number = super::OpinionNumber { org: to.clone(), serial, ..opinion.number.clone() };
            format!("转交{to}办理，原编号{}，新编号{}", opinion.number, after.number)
        }
        Command::HandOver { to } => {
            let expected = if opinion.category.is_report() { "监督员" } else { "本单位的信息员" };
            let target = ctx
                .hand_over_to
                .filter(|t| t.username == to && may_take_over(t, opinion))
                .ok_or_else(|| DomainError::invalid("invalid_handler", format!("“{to}”不是{expected}")))?;
            if opinion.handler.as_deref() == Some(target.username.as_str()) {
                return Err(DomainError::invalid("invalid_handler", format!("“{to}”已是承办人")));
            }
            after.handler = Some(target.username.clone());
            format!("由{}移交{}承办", opinion.handler.as_deref().unwrap_or("（无）"), target.username)
        }
        Command::Unpublish { reason } => {
            let reason = fields::required_text(Some(&reason), "撤回公开的理由", fields::NOTE_MAX)?;
            let reply = after
                .reply
                .as_mut()
                .filter(|r| r.published)
                .ok_or_else(|| conflict("not_published", "该来信的答复没有公开"))?;
            reply.published = false;
            format!("撤回公开：{reason}")
        }
    };
    let public = opinion.is_public() || after.is_public();
    Ok(Change { before: opinion.clone(), after, action, detail, public })
}

fn action_of(command: &Command) -> OpinionAction {
    use OpinionAction as A;
    match command {
        Command::Accept => A::Accept,
        Command::Reply { .. } => A::Reply,
        Command::Close => A::Close,
        Command::Route { .. } => A::Route,
        Command::HandOver { .. } => A::HandOver,
        Command::Unpublish { .. } => A::Unpublish,
    }
}

/// 首问负责: whoever first handles a letter stays the one who does, until a hand-over.
fn handles(opinion: &Opinion, actor: &Actor) -> Result<(), DomainError> {
    may_handle(actor, opinion)?;
    match &opinion.handler {
        Some(handler) if handler != &actor.username && !actor.is_system() => {
            Err(conflict("first_handler", format!("本来信由{handler}首问负责，须由其办理或先移交")))
        }
        _ => Ok(()),
    }
}

/// The handler hands over; so may an administrator, for a letter that is not a report.
fn may_hand_over(opinion: &Opinion, actor: &Actor) -> Result<(), DomainError> {
    if actor.role == Role::Admin && !opinion.category.is_report() {
        return Ok(());
    }
    may_handle(actor, opinion)?;
    match &opinion.handler {
        Some(handler) if handler != &actor.username => {
            Err(conflict("first_handler", format!("只有承办人{handler}或管理员可以移交")))
        }
        _ => Ok(()),
    }
}

/// Who may become a letter's handler: another supervisor for a report, an editor of the
/// unit for the rest.
fn may_take_over(target: &Actor, opinion: &Opinion) -> bool {
    if opinion.category.is_report() {
        target.role == Role::Supervisor
    } else {
        target.role == Role::Editor && target.org.as_ref() == Some(&opinion.org)
    }
}
