//! The fields of an application for information as the portal's form and the API send
//! them, turned into core's checked [`Application`].

use gongkai_core::org::OrgCode;
use gongkai_core::request::{Applicant, ApplicantKind, Application, Channel, Command, Delivery, Outcome, RemedyResult};
use gongkai_core::time::parse_date;
use gongkai_core::DomainError;
use serde::Deserialize;

use crate::extract::filled;

/// Every field optional here so that a missing one gets our message, not serde's.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestFields {
    /// 受理单位编码
    pub org: Option<String>,
    /// 申请人类型：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他
    pub applicant_kind: Option<String>,
    /// 申请人姓名或单位名称
    pub name: Option<String>,
    /// 联系电话
    pub contact: Option<String>,
    /// 身份证号码；申请人为自然人的必填
    pub id_number: Option<String>,
    /// 电子邮箱
    pub email: Option<String>,
    /// 通信地址
    pub address: Option<String>,
    /// 所需政府信息的名称、文号或者便于查询的其他特征性描述，至多2000字
    pub description: Option<String>,
    /// 获取信息的方式：邮寄纸质文本、电子邮件、当面领取、在线查看
    pub delivery: Option<String>,
    /// 提交方式：在线、当面、信函；仅工作人员登记时填写
    pub channel: Option<String>,
    /// 收到日期 YYYY-MM-DD：当面提交的为提交当日，信函为签收当日；仅工作人员登记时填写
    pub received_on: Option<String>,
    /// The form's honeypot: hidden from people, filled in by programs that fill in
    /// everything.
    #[serde(default)]
    #[schema(ignore)]
    pub website: Option<String>,
}

fn required<'a>(value: &'a Option<String>, code: &'static str, what: &str) -> Result<&'a str, DomainError> {
    filled(value).ok_or_else(|| DomainError::invalid(code, format!("请选择{what}")))
}

impl RequestFields {
    /// Checks every field; staff registering an application (`by_staff`) give its channel
    /// and day of receipt, the public neither.
    pub fn application(&self, by_staff: bool) -> Result<Application, DomainError> {
        if filled(&self.website).is_some() {
            return Err(DomainError::invalid(
                "spam_suspected",
                "提交未被受理：表单中供识别自动程序的隐藏栏被填写了。请刷新页面后重新填写提交",
            ));
        }
        let org = OrgCode::parse(filled(&self.org).unwrap_or_default())
            .map_err(|_| DomainError::invalid("unknown_org", "请选择受理单位"))?;
        let kind = ApplicantKind::parse(required(&self.applicant_kind, "applicant_kind_required", "申请人类型")?)?;
        let applicant = Applicant::new(
            kind,
            self.name.as_deref(),
            self.contact.as_deref(),
            self.id_number.as_deref(),
            self.email.as_deref(),
            self.address.as_deref(),
        )?;
        let delivery = Delivery::parse(required(&self.delivery, "delivery_required", "获取信息的方式")?)?;
        if delivery == Delivery::Email && applicant.email.is_none() {
            return Err(DomainError::invalid("email_required", "选择以电子邮件获取信息的，请填写电子邮箱"));
        }
        if delivery == Delivery::Post && applicant.address.is_none() {
            return Err(DomainError::invalid("address_required", "选择邮寄纸质文本的，请填写通信地址"));
        }
        let channel = match filled(&self.channel) {
            Some(raw) => Channel::parse(raw)?,
            None => Channel::Online,
        };
        let received_on = filled(&self.received_on).map(|raw| parse_date(raw, "收到日期")).transpose()?;
        if !by_staff && (channel != Channel::Online || received_on.is_some()) {
            return Err(DomainError::unauthenticated(
                "staff_only",
                "当面或信函提交的申请须由工作人员登录后登记收到日期",
            ));
        }
        Application::new(org, applicant, self.description.as_deref(), delivery, channel, received_on)
    }
}

/// 办理操作。action 取 accept、ask_correction（what）、correct（on，可选 description）、lapse、consult（third_party）、
/// consultation_done、propose_extension（days、reason）、approve_extension、refuse_extension（reason）、
/// answer（outcome、reason）、close、route（to）、hand_over（to）、record_review（result）、
/// record_litigation（result、after_review）
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionFields {
    pub action: Option<String>,
    pub what: Option<String>,
    pub on: Option<String>,
    pub description: Option<String>,
    pub third_party: Option<String>,
    pub days: Option<u32>,
    pub reason: Option<String>,
    /// 办理结果代码或名称，如 disclosed、部分公开
    pub outcome: Option<String>,
    /// route：单位编码；hand_over：账号
    pub to: Option<String>,
    /// record_review、record_litigation：结果维持、结果纠正、其他结果、尚未审结
    pub result: Option<String>,
    /// record_litigation：是否经行政复议后起诉
    pub after_review: Option<bool>,
}

impl ActionFields {
    pub fn command(&self) -> Result<Command, DomainError> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let command = match self.action.as_deref().unwrap_or_default() {
            "accept" => Command::Accept,
            "ask_correction" => Command::AskCorrection { what: text(&self.what) },
            "correct" => Command::Correct {
                on: parse_date(self.on.as_deref().unwrap_or_default(), "收到补正材料的日期")?,
                description: self.description.clone(),
            },
            "lapse" => Command::Lapse,
            "consult" => Command::Consult { third_party: text(&self.third_party) },
            "consultation_done" => Command::ConsultationDone,
            "propose_extension" => {
                Command::ProposeExtension { days: self.days.unwrap_or(0), reason: text(&self.reason) }
            }
            "approve_extension" => Command::ApproveExtension,
            "refuse_extension" => Command::RefuseExtension { reason: text(&self.reason) },
            "answer" => Command::Answer {
                outcome: Outcome::parse(self.outcome.as_deref().unwrap_or_default())?,
                reason: self.reason.clone(),
            },
            "close" => Command::Close,
            "route" => Command::Route {
                to: gongkai_core::org::OrgCode::parse(self.to.as_deref().unwrap_or_default())
                    .map_err(|_| DomainError::invalid("unknown_org", "请填写转交单位的编码"))?,
            },
            "hand_over" => Command::HandOver { to: text(&self.to) },
            "record_review" => Command::RecordReview { result: RemedyResult::parse(&text(&self.result))? },
            "record_litigation" => Command::RecordLitigation {
                result: RemedyResult::parse(&text(&self.result))?,
                after_review: self.after_review.unwrap_or(false),
            },
            other => return Err(DomainError::invalid("invalid_request_action", format!("未知的办理操作“{other}”"))),
        };
        Ok(command)
    }
}
