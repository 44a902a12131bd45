//! 公开记录 a disclosure record and its life: draft → submitted → approved | rejected →
//! (scheduled) → published → superseded | withdrawn | expired. The states, the sets of
//! states the rest of the system asks about, and the moves between them are defined here
//! once; [`decide`] applies a command to a record.

mod decide;
mod decision;
mod drafting;
mod entity;
mod ids;
mod index;
#[cfg(test)]
mod tests;

pub use decide::{check_editable, decide, offered};
pub use decision::{Change, Command, Context, Decision, Draft, NewIds, NewIndex, NewMatter};
pub use entity::{visibility, Record, Visibility, Withdrawal};
pub use ids::{MatterId, RecordId};
pub use index::{doc_number, index_year, written_on, Effect, IndexNumber, Topic, Validity};

use crate::DomainError;

crate::domain_enum! {
    /// 记录状态
    RecordState, "记录状态", "invalid_state" {
        Draft = "draft" => "草稿",
        Submitted = "submitted" => "待审核",
        Approved = "approved" => "已审核",
        Rejected = "rejected" => "已退回",
        Scheduled = "scheduled" => "定时发布",
        Published = "published" => "已公开",
        Superseded = "superseded" => "已更新",
        Withdrawn = "withdrawn" => "已撤回",
        Expired = "expired" => "公示期满",
    }
}

impl RecordState {
    /// Work not yet public: the back office's "in progress", and what blocks a second new
    /// version of the same record.
    pub const IN_PROGRESS: &'static [RecordState] = &[
        RecordState::Draft,
        RecordState::Rejected,
        RecordState::Submitted,
        RecordState::Approved,
        RecordState::Scheduled,
    ];

    /// Shown in public lists (home, organisation pages, catalogue filters).
    pub const LISTED: &'static [RecordState] = &[RecordState::Published];

    /// States in which a record may be readable by the public at all; whether it is, and
    /// how much of it, is [`Record::visibility`].
    pub const MAYBE_PUBLIC: &'static [RecordState] =
        &[RecordState::Published, RecordState::Superseded, RecordState::Expired, RecordState::Withdrawn];
}

crate::domain_enum! {
    /// 公开阶段 of a matter's timeline (seed 001: 事前公开、决策公开、执行公开、结果公开).
    Stage, "公开阶段", "invalid_stage" {
        PreDecision = "pre_decision" => "事前公开",
        Decision = "decision" => "决策公开",
        Execution = "execution" => "执行公开",
        Result = "result" => "结果公开",
    }
}

crate::domain_enum! {
    /// What someone (or the scheduler) does to a record; also the audit log's action names.
    Action, "操作", "invalid_action" {
        Create = "create" => "起草",
        /// Loaded already published from elsewhere (demo content, an old site).
        Import = "import" => "导入",
        Edit = "edit" => "修改",
        Submit = "submit" => "提交审核",
        Recall = "recall" => "撤销送审",
        Approve = "approve" => "审核通过",
        Reject = "reject" => "退回",
        Schedule = "schedule" => "定时发布",
        Publish = "publish" => "发布",
        Revise = "revise" => "发布新版本",
        Supersede = "supersede" => "被新版本取代",
        Withdraw = "withdraw" => "撤回",
        /// A version still in progress when its record is withdrawn: it can no longer be
        /// published.
        Cancel = "cancel" => "随撤回作废",
        /// An attachment added or removed: a change of content like an edit.
        Attach = "attach" => "修改附件",
        Expire = "expire" => "公示期满",
    }
}

/// The state a record reaches when `action` is applied in `from`, or a 409-kind refusal.
/// `Revise` leaves the record as it is (a new draft version is created beside it).
pub fn transition(from: RecordState, action: Action) -> Result<RecordState, DomainError> {
    use Action as A;
    use RecordState as S;
    let to = match (from, action) {
        (S::Draft | S::Rejected, A::Edit | A::Attach) => Some(from),
        (S::Draft | S::Rejected, A::Submit) => Some(S::Submitted),
        (S::Submitted, A::Recall) => Some(S::Draft),
        (S::Submitted, A::Approve) => Some(S::Approved),
        (S::Submitted, A::Reject) => Some(S::Rejected),
        (S::Approved, A::Schedule) => Some(S::Scheduled),
        (S::Approved | S::Scheduled, A::Publish) => Some(S::Published),
        (S::Published | S::Expired, A::Revise) => Some(from),
        (S::Published | S::Expired, A::Supersede) => Some(S::Superseded),
        (S::Published | S::Scheduled | S::Expired | S::Superseded, A::Withdraw) => Some(S::Withdrawn),
        (S::Draft | S::Rejected | S::Submitted | S::Approved, A::Cancel) => Some(S::Withdrawn),
        (S::Published, A::Expire) => Some(S::Expired),
        _ => None,
    };
    to.ok_or_else(|| {
        DomainError::conflict("illegal_transition", format!("状态为“{}”的记录不能{}", from.label(), action.label()))
    })
}

/// Which of the commands a user may offer on a record in `state`, in the order a form
/// shows them.
pub const USER_ACTIONS: &[Action] =
    &[Action::Submit, Action::Recall, Action::Approve, Action::Reject, Action::Withdraw, Action::Revise];
