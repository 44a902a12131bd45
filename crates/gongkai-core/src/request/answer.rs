//! The answers Art. 36 allows, each with the reason the reply letter must give, grouped as
//! the annual report's request table (表三) counts them.

use chrono::NaiveDate;

use crate::fields;
use crate::DomainError;

crate::domain_enum! {
    /// 办理结果: one line of the annual report's request table each.
    Outcome, "办理结果", "invalid_outcome" {
        /// Art. 36 (一): already published; the letter says where.
        Published = "published" => "已主动公开",
        Disclosed = "disclosed" => "予以公开",
        /// Counted as partly disclosed only, whatever else was withheld.
        Partly = "partly" => "部分公开",
        StateSecret = "state_secret" => "属于国家秘密",
        ForbiddenByLaw = "forbidden_by_law" => "其他法律行政法规禁止公开",
        Security = "security" => "危及“三安全一稳定”",
        ThirdParty = "third_party" => "保护第三方合法权益",
        InternalAffairs = "internal_affairs" => "属于三类内部事务信息",
        Deliberation = "deliberation" => "属于四类过程性信息",
        EnforcementFile = "enforcement_file" => "属于行政执法案卷",
        QueryMatter = "query_matter" => "属于行政查询事项",
        NotHeld = "not_held" => "本机关不掌握相关政府信息",
        NeedsMaking = "needs_making" => "没有现成信息需要另行制作",
        StillUnclear = "still_unclear" => "补正后申请内容仍不明确",
        Petition = "petition" => "信访举报投诉类申请",
        Repeated = "repeated" => "重复申请",
        Publication = "publication" => "要求提供公开出版物",
        Excessive = "excessive" => "无正当理由大量反复申请",
        Confirmation = "confirmation" => "要求行政机关确认或重新出具已获取信息",
        NoCorrection = "no_correction" => "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        Unpaid = "unpaid" => "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        OtherHandling = "other_handling" => "其他",
    }
}

crate::domain_enum! {
    /// The groups of the request table's 本年度办理结果.
    AnswerGroup, "办理结果类别", "invalid_answer_group" {
        Disclosed = "disclosed" => "予以公开",
        Partly = "partly" => "部分公开",
        Withheld = "withheld" => "不予公开",
        CannotProvide = "cannot_provide" => "无法提供",
        NotProcessed = "not_processed" => "不予处理",
        Other = "other" => "其他处理",
    }
}

impl Outcome {
    pub fn group(self) -> AnswerGroup {
        use Outcome as O;
        match self {
            O::Published | O::Disclosed => AnswerGroup::Disclosed,
            O::Partly => AnswerGroup::Partly,
            O::StateSecret
            | O::ForbiddenByLaw
            | O::Security
            | O::ThirdParty
            | O::InternalAffairs
            | O::Deliberation
            | O::EnforcementFile
            | O::QueryMatter => AnswerGroup::Withheld,
            O::NotHeld | O::NeedsMaking | O::StillUnclear => AnswerGroup::CannotProvide,
            O::Petition | O::Repeated | O::Publication | O::Excessive | O::Confirmation => AnswerGroup::NotProcessed,
            O::NoCorrection | O::Unpaid | O::OtherHandling => AnswerGroup::Other,
        }
    }

    /// Whether the applicant receives information with the answer (and attachments may go
    /// with it).
    pub fn releases(self) -> bool {
        matches!(self, Outcome::Disclosed | Outcome::Partly)
    }

    /// What the reply letter's reason field must say, in a form's words.
    pub fn reason_label(self) -> &'static str {
        match self {
            Outcome::Published => "获取途径（网址或查阅地点）",
            Outcome::Disclosed => "说明",
            Outcome::Partly => "不予公开部分及其理由",
            _ => "理由和依据",
        }
    }

    /// A plain 予以公开 needs no reason; every other answer states one (Art. 36), and
    /// 已主动公开 says where the information is.
    fn needs_reason(self) -> bool {
        self != Outcome::Disclosed
    }

    /// Answers staff choose; 逾期不补正 is reached only by the correction period running out.
    pub fn chosen_by_staff(self) -> bool {
        self != Outcome::NoCorrection
    }
}

/// 答复: what the body decided, why, and when the letter went out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub outcome: Outcome,
    pub reason: Option<String>,
    pub on: NaiveDate,
}

impl Answer {
    /// Checks the reason against what `outcome` needs.
    pub fn new(outcome: Outcome, reason: Option<&str>, on: NaiveDate) -> Result<Self, DomainError> {
        let reason = fields::optional_text(reason, outcome.reason_label(), fields::NOTE_MAX)?;
        if outcome.needs_reason() && reason.is_none() {
            return Err(DomainError::invalid(
                "reason_required",
                format!("答复为“{}”时须写明{}", outcome.label(), outcome.reason_label()),
            ));
        }
        Ok(Answer { outcome, reason, on })
    }
}
