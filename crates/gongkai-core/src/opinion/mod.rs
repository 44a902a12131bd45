//! 意见箱和举报 the opinion box and reports: what the public sends (anonymous or named, in one
//! of four categories, with at most one file), the states it goes through, and who may know
//! of it and handle it. A 举报 names a person, so it goes to the supervisors (监督员) alone:
//! to the unit's own staff — among whom the person may be — it does not exist. Commands are
//! in [`decide`], registration in [`receive`].

mod decide;
mod entity;
mod receive;
#[cfg(test)]
mod tests;

pub use decide::{decide, Change, Command, Context, REPLY_MAX};
pub use entity::{Attachment, Opinion, OpinionNumber, Reply, Sender, ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES};
pub use receive::{receive, NewOpinion, Submission, ACCUSED_MAX, TEXT_MAX};

use crate::access::{Actor, Permission, Role};
use crate::DomainError;

crate::domain_enum! {
    /// 来信类别
    Category, "来信类别", "invalid_opinion_category" {
        Suggestion = "suggestion" => "意见建议",
        Inquiry = "inquiry" => "咨询",
        Complaint = "complaint" => "投诉",
        /// A report of a person's misconduct: handled by supervisors only, never published.
        Report = "report" => "举报",
    }
}

impl Category {
    pub fn is_report(self) -> bool {
        self == Category::Report
    }
}

crate::domain_enum! {
    /// 办理状态
    OpinionState, "办理状态", "invalid_opinion_state" {
        /// Sent; nobody has taken it up yet.
        Received = "received" => "已收到",
        Accepted = "accepted" => "办理中",
        /// The reply is written; the sender can read it with the tracking code.
        Replied = "replied" => "已答复",
        Closed = "closed" => "已办结",
    }
}

impl OpinionState {
    /// Not yet 办结: what the staff's list shows.
    pub const OPEN: &'static [OpinionState] = &[OpinionState::Received, OpinionState::Accepted, OpinionState::Replied];

    /// Still owed a reply.
    pub fn awaits_reply(self) -> bool {
        matches!(self, OpinionState::Received | OpinionState::Accepted)
    }
}

crate::domain_enum! {
    /// What happened to a letter: the history's and the audit log's action names.
    OpinionAction, "办理操作", "invalid_opinion_action" {
        Receive = "receive" => "收到来信",
        Accept = "accept" => "受理",
        Reply = "reply" => "答复",
        Close = "close" => "办结",
        Route = "route" => "转交办理",
        HandOver = "hand_over" => "移交承办人",
        Unpublish = "unpublish" => "撤回公开",
    }
}

impl OpinionAction {
    /// Shown in the history the sender sees; who among the staff handles it is internal.
    pub fn is_public(self) -> bool {
        self != OpinionAction::HandOver
    }
}

/// The state a letter reaches when `action` is applied in `from`, or a 409-kind refusal.
pub fn transition(from: OpinionState, action: OpinionAction) -> Result<OpinionState, DomainError> {
    use OpinionAction as A;
    use OpinionState as S;
    let to = match (from, action) {
        (S::Received, A::Accept) => Some(S::Accepted),
        (S::Received | S::Accepted, A::Reply) => Some(S::Replied),
        (S::Replied, A::Close) => Some(S::Closed),
        (S::Received | S::Accepted, A::Route) => Some(S::Received),
        (S::Received | S::Accepted | S::Replied, A::HandOver) => Some(from),
        (S::Replied | S::Closed, A::Unpublish) => Some(from),
        _ => None,
    };
    to.ok_or_else(|| {
        DomainError::conflict(
            "illegal_transition",
            format!("状态为“{}”的来信不能进行“{}”操作", from.label(), action.label()),
        )
    })
}

/// Whether `actor` may know that `opinion` exists. A report: supervisors only — not the
/// unit's staff, not administrators, who run the system rather than discipline. Anything
/// else: the unit's own staff, administrators and supervisors.
pub fn may_see(actor: &Actor, opinion: &Opinion) -> bool {
    if opinion.category.is_report() {
        sees_reports(actor)
    } else {
        actor.can_see(&opinion.org)
    }
}

/// Whether `actor` may know of reports at all — on any surface, the audit log included.
pub fn sees_reports(actor: &Actor) -> bool {
    actor.role == Role::Supervisor && !actor.is_system()
}

/// Whether `actor` may act on `opinion` at all: supervisors on reports; the unit's editors
/// and administrators on the rest.
fn may_handle(actor: &Actor, opinion: &Opinion) -> Result<(), DomainError> {
    if !opinion.category.is_report() {
        return actor.authorize(Permission::Draft, &opinion.org);
    }
    if actor.role == Role::Supervisor {
        Ok(())
    } else {
        Err(DomainError::forbidden("forbidden", "举报件只能由监督员办理"))
    }
}

/// The answer for a letter the viewer may not know of: the same as for one that does not
/// exist.
pub fn not_found() -> DomainError {
    DomainError::not_found("opinion_not_found", "来信不存在")
}
