//! 依申请公开 disclosure on request (政府信息公开条例 2019, Art. 27–45): a request's states,
//! the vocabularies the application form and the annual report share, and the moves between
//! states. The law's clocks are in [`clock`], the commands in [`decide`].

mod answer;
pub mod clock;
mod decide;
mod entity;
mod receive;
#[cfg(test)]
mod tests;

pub use answer::{Answer, AnswerGroup, Outcome};
pub use decide::{decide, may_attach, Change, Command, Context, DESCRIPTION_MAX};
pub(crate) use entity::contact_phone;
pub use entity::{
    Applicant, Consultation, Correction, Extension, InfoRequest, Remedy, RequestNumber, TrackingCode, TRACKING_CODE_LEN,
};
pub use receive::{receive, Application, NewRequest};

use crate::DomainError;

crate::domain_enum! {
    /// 申请人类型, the six columns of the annual report's request table.
    ApplicantKind, "申请人类型", "invalid_applicant_kind" {
        Person = "person" => "自然人",
        Business = "business" => "商业企业",
        Research = "research" => "科研机构",
        Charity = "charity" => "社会公益组织",
        Legal = "legal" => "法律服务机构",
        Other = "other" => "其他",
    }
}

impl ApplicantKind {
    /// A natural person proves who they are; an organisation applies under its own name.
    pub fn needs_id_number(self) -> bool {
        self == ApplicantKind::Person
    }
}

crate::domain_enum! {
    /// 提交方式: how the application reached the body, which fixes its day of receipt
    /// (Art. 31: handed in — that day; by post — the day it was signed for; online — the day
    /// it arrived).
    Channel, "提交方式", "invalid_channel" {
        Online = "online" => "在线",
        InPerson = "in_person" => "当面",
        Post = "post" => "信函",
    }
}

crate::domain_enum! {
    /// 获取信息的方式 the applicant prefers.
    Delivery, "获取方式", "invalid_delivery" {
        Post = "post" => "邮寄纸质文本",
        Email = "email" => "电子邮件",
        Collect = "collect" => "当面领取",
        Online = "online" => "在线查看",
    }
}

crate::domain_enum! {
    /// 办理状态
    RequestState, "办理状态", "invalid_request_state" {
        /// Registered; nobody has examined it yet. The clock runs.
        Received = "received" => "已收到",
        /// A correction notice went out; the clock waits for the corrected application.
        Correcting = "correcting" => "待补正",
        /// Being handled. The clock runs.
        Accepted = "accepted" => "办理中",
        /// A third party is asked; that time is not counted (Art. 32).
        Consulting = "consulting" => "征求第三方意见",
        /// The reply letter went out.
        Answered = "answered" => "已答复",
        /// Done: delivered, or given up (逾期不补正).
        Closed = "closed" => "已办结",
    }
}

impl RequestState {
    /// Still owed an answer: what the staff dashboard lists and the annual report carries
    /// over to the next year.
    pub const OPEN: &'static [RequestState] =
        &[RequestState::Received, RequestState::Correcting, RequestState::Accepted, RequestState::Consulting];

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }
}

crate::domain_enum! {
    /// What staff (or the applicant, or the system) did to a request; the history's and the
    /// audit log's action names.
    RequestAction, "办理操作", "invalid_request_action" {
        Receive = "receive" => "收到申请",
        Accept = "accept" => "受理",
        AskCorrection = "ask_correction" => "发出补正通知",
        Correct = "correct" => "收到补正材料",
        Lapse = "lapse" => "逾期未补正",
        Consult = "consult" => "征求第三方意见",
        ConsultationDone = "consultation_done" => "第三方意见征求结束",
        ProposeExtension = "propose_extension" => "申请延期答复",
        ApproveExtension = "approve_extension" => "批准延期答复",
        RefuseExtension = "refuse_extension" => "不批准延期",
        Answer = "answer" => "作出答复",
        Close = "close" => "办结",
        Route = "route" => "转交承办单位",
        HandOver = "hand_over" => "移交承办人",
        RecordReview = "record_review" => "登记行政复议情况",
        RecordLitigation = "record_litigation" => "登记行政诉讼情况",
    }
}

crate::domain_enum! {
    /// The result of an administrative review or a lawsuit against an answer, as the
    /// annual report's fourth table counts it.
    RemedyResult, "复议诉讼结果", "invalid_remedy_result" {
        Upheld = "upheld" => "结果维持",
        Corrected = "corrected" => "结果纠正",
        Other = "other" => "其他结果",
        Pending = "pending" => "尚未审结",
    }
}

impl RequestAction {
    /// Shown in the history on the public tracking page. Hand-overs and extension
    /// proposals are the body's own work; an approved extension is what the applicant
    /// is told.
    pub fn is_public(self) -> bool {
        !matches!(
            self,
            RequestAction::HandOver
                | RequestAction::ProposeExtension
                | RequestAction::RefuseExtension
                | RequestAction::RecordReview
                | RequestAction::RecordLitigation
        )
    }
}

/// The state a request reaches when `action` is applied in `from`, or a 409-kind refusal.
pub fn transition(from: RequestState, action: RequestAction) -> Result<RequestState, DomainError> {
    use RequestAction as A;
    use RequestState as S;
    let to = match (from, action) {
        (S::Received, A::Accept) => Some(S::Accepted),
        (S::Received | S::Accepted, A::AskCorrection) => Some(S::Correcting),
        (S::Correcting, A::Correct) => Some(S::Accepted),
        (S::Correcting, A::Lapse) => Some(S::Closed),
        (S::Accepted, A::Consult) => Some(S::Consulting),
        (S::Consulting, A::ConsultationDone) => Some(S::Accepted),
        (S::Received | S::Accepted | S::Consulting, A::ProposeExtension | A::ApproveExtension | A::RefuseExtension) => {
            Some(from)
        }
        (S::Received | S::Accepted, A::Answer) => Some(S::Answered),
        (S::Answered, A::Close) => Some(S::Closed),
        (S::Received | S::Accepted, A::Route) => Some(S::Received),
        (S::Received | S::Correcting | S::Accepted | S::Consulting | S::Answered, A::HandOver) => Some(from),
        (S::Answered | S::Closed, A::RecordReview | A::RecordLitigation) => Some(from),
        _ => None,
    };
    to.ok_or_else(|| {
        DomainError::conflict("illegal_transition", format!("状态为“{}”的申请不能{}", from.label(), action.label()))
    })
}
