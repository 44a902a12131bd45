//! 公开记录 a disclosure record and its life: draft → submitted → approved | rejected →
//! (scheduled) → published → superseded | withdrawn | expired.

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
    /// What someone (or the scheduler) does to a record.
    Action, "操作", "invalid_action" {
        Edit = "edit" => "修改",
        Submit = "submit" => "提交审核",
        Approve = "approve" => "审核通过",
        Reject = "reject" => "退回",
        Schedule = "schedule" => "定时发布",
        Publish = "publish" => "发布",
        Revise = "revise" => "发布新版本",
        Supersede = "supersede" => "被新版本取代",
        Withdraw = "withdraw" => "撤回",
        Expire = "expire" => "公示期满",
    }
}

impl RecordState {
    /// Whether the public may read a record in this state on the portal.
    pub fn is_public(self) -> bool {
        matches!(self, RecordState::Published | RecordState::Superseded | RecordState::Withdrawn | RecordState::Expired)
    }
}

/// The state a record reaches when `action` is applied in `from`, or a 409-kind refusal.
/// `Revise` leaves the record as it is (a new draft version is created beside it).
pub fn transition(from: RecordState, action: Action) -> Result<RecordState, DomainError> {
    use Action as A;
    use RecordState as S;
    let to = match (from, action) {
        (S::Draft | S::Rejected, A::Edit) => Some(from),
        (S::Draft | S::Rejected, A::Submit) => Some(S::Submitted),
        (S::Submitted, A::Approve) => Some(S::Approved),
        (S::Submitted, A::Reject) => Some(S::Rejected),
        (S::Approved, A::Schedule) => Some(S::Scheduled),
        (S::Approved | S::Scheduled, A::Publish) => Some(S::Published),
        (S::Published | S::Expired, A::Revise) => Some(from),
        (S::Published | S::Expired, A::Supersede) => Some(S::Superseded),
        (S::Published | S::Scheduled | S::Expired, A::Withdraw) => Some(S::Withdrawn),
        (S::Published, A::Expire) => Some(S::Expired),
        _ => None,
    };
    to.ok_or_else(|| {
        DomainError::conflict("illegal_transition", format!("状态为“{}”的记录不能{}", from.label(), action.label()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use RecordState as S;

    #[test]
    fn happy_path() {
        let mut s = S::Draft;
        for a in [A::Submit, A::Approve, A::Schedule, A::Publish, A::Supersede] {
            s = transition(s, a).unwrap();
        }
        assert_eq!(s, S::Superseded);
    }

    #[test]
    fn rejected_can_be_edited_and_resubmitted() {
        let s = transition(S::Submitted, A::Reject).unwrap();
        assert_eq!(transition(s, A::Edit).unwrap(), S::Rejected);
        assert_eq!(transition(s, A::Submit).unwrap(), S::Submitted);
    }

    #[test]
    fn illegal_moves_are_conflicts() {
        for (from, action) in [
            (S::Draft, A::Approve),
            (S::Published, A::Submit),
            (S::Withdrawn, A::Publish),
            (S::Submitted, A::Edit),
            (S::Superseded, A::Withdraw),
            (S::Draft, A::Withdraw),
        ] {
            let e = transition(from, action).unwrap_err();
            assert_eq!(e.kind, crate::error::ErrorKind::Conflict, "{from:?} {action:?}");
            assert!(e.message.contains(from.label()));
        }
    }

    #[test]
    fn only_published_states_are_public() {
        assert!(!S::Draft.is_public());
        assert!(!S::Scheduled.is_public());
        assert!(S::Withdrawn.is_public());
    }
}
