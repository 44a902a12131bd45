//! A request for information as the body holds it: who asked for what, how it arrived, and
//! where its clock stands.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::{Answer, ApplicantKind, Channel, Delivery, RequestState};
use crate::fields;
use crate::org::OrgCode;
use crate::DomainError;

/// 申请编号: per receiving organisation and year, without gaps (`2026-00123`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestNumber {
    pub org: OrgCode,
    pub year: i32,
    pub serial: u32,
}

impl std::fmt::Display for RequestNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:05}", self.year, self.serial)
    }
}

/// 查询码: the applicant's secret for following their request — 28 symbols of Crockford's
/// base 32 (140 random bits), shown in groups of four. Only its digest is stored, so a
/// copy of the database does not open anyone's request.
#[derive(Clone, PartialEq, Eq)]
pub struct TrackingCode(String);

const SYMBOLS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols in a code.
pub const TRACKING_CODE_LEN: usize = 28;

impl TrackingCode {
    /// A code from random bytes the caller drew (core makes nothing random); every byte
    /// gives one symbol, uniformly, as 256 is a multiple of 32.
    pub fn from_random(bytes: [u8; TRACKING_CODE_LEN]) -> Self {
        TrackingCode(bytes.iter().map(|b| SYMBOLS[usize::from(b & 31)] as char).collect())
    }

    /// Reads a code as a person types it: any case, with or without the dashes and
    /// spaces, O for 0 and I or L for 1.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let mut code = String::with_capacity(TRACKING_CODE_LEN);
        for c in raw.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !SYMBOLS.contains(&(c as u8)) || code.len() == TRACKING_CODE_LEN {
                return Err(Self::unknown());
            }
            code.push(c);
        }
        if code.len() == TRACKING_CODE_LEN {
            Ok(TrackingCode(code))
        } else {
            Err(Self::unknown())
        }
    }

    /// The one answer for a code that is malformed and for one that matches nothing, so
    /// neither tells a guesser anything.
    pub fn unknown() -> DomainError {
        DomainError::not_found("unknown_tracking_code", "查询码不正确，请核对回执上的查询码")
    }

    /// What is stored and looked up.
    pub fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }

    /// In groups of four, as printed on the receipt.
    pub fn grouped(&self) -> String {
        let chunks: Vec<&str> = self.0.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or("")).collect();
        chunks.join("-")
    }
}

impl std::fmt::Debug for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TrackingCode(…)")
    }
}

/// 申请人: personal data, seen by the body's staff only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub kind: ApplicantKind,
    /// A person's name or an organisation's.
    pub name: String,
    pub phone: String,
    /// 身份证件号码, of a natural person.
    pub id_number: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl Applicant {
    /// Checks the applicant's details as the form gives them.
    pub fn new(
        kind: ApplicantKind,
        name: Option<&str>,
        phone: Option<&str>,
        id_number: Option<&str>,
        email: Option<&str>,
        address: Option<&str>,
    ) -> Result<Self, DomainError> {
        let label = if kind.needs_id_number() { "姓名" } else { "单位名称" };
        let name = fields::name(name, label, 100)?;
        let phone = contact_phone(phone)?;
        let id_number = fields::id_number(id_number, "身份证号码")?;
        if kind.needs_id_number() && id_number.is_none() {
            return Err(DomainError::invalid("id_number_required", "申请人为自然人的，请填写身份证号码"));
        }
        let email = fields::optional_text(email, "电子邮箱", 100)?;
        if let Some(e) = &email {
            let (user, host) = e.split_once('@').unwrap_or(("", ""));
            if user.is_empty() || !host.contains('.') || e.chars().any(char::is_whitespace) {
                return Err(DomainError::invalid("invalid_email", format!("电子邮箱“{e}”格式不正确")));
            }
        }
        let address = fields::optional_text(address, "通信地址", 200)?;
        Ok(Applicant { kind, name, phone, id_number, email, address })
    }
}

/// A number the body can call back: a mobile number (11 digits, 13–19), with or without
/// +86, or a landline with at least seven digits and perhaps an extension after 转 — not
/// a short service number. Shared with the opinion box, whose named senders must be
/// reachable too.
pub(crate) fn contact_phone(value: Option<&str>) -> Result<String, DomainError> {
    let number =
        fields::phone(value, "联系电话")?.ok_or_else(|| DomainError::invalid("phone_required", "请填写联系电话"))?;
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let line = number.split('转').next().unwrap_or_default();
    let line: String = line.chars().filter(char::is_ascii_digit).collect();
    let national = match line.strip_prefix("0086") {
        Some(rest) => rest,
        None if number.trim_start().starts_with('+') => line.strip_prefix("86").unwrap_or(&line),
        None => &line,
    };
    // Landline numbers start with 0 (the area code) or 2–9 (a local number); a number
    // starting with 1 is a mobile one, or a service number too short to call back.
    let mobile_ok = !national.starts_with('1')
        || (national.len() == 11 && matches!(national.as_bytes()[1], b'3'..=b'9') && line.len() == digits.len());
    if (7..=16).contains(&digits.len()) && mobile_ok {
        Ok(number)
    } else {
        Err(DomainError::invalid("invalid_phone", format!("联系电话“{number}”不是有效的电话号码")))
    }
}

/// 补正: the one correction notice, what it asks for, and when the corrected application
/// came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub asked_on: NaiveDate,
    pub what: String,
    /// The last day the applicant may correct, stated in the notice.
    pub due_on: NaiveDate,
    pub corrected_on: Option<NaiveDate>,
}

/// 征求第三方意见 under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consultation {
    pub from: NaiveDate,
    pub third_party: String,
}

/// 延期答复: proposed by the handler, approved by a reviewer (Art. 33).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub days: u32,
    pub reason: String,
    pub proposed_by: String,
    /// Who approved it and when; `None` while it waits.
    pub approved: Option<(String, NaiveDate)>,
}

impl Extension {
    /// Working days it adds to the period, once approved.
    pub fn granted_days(&self) -> u32 {
        if self.approved.is_some() {
            self.days
        } else {
            0
        }
    }
}

/// An administrative review or lawsuit the applicant brought against the answer: its
/// result as last recorded, and the day it was recorded (the year it is reported in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remedy {
    pub result: super::RemedyResult,
    pub on: NaiveDate,
    /// For a lawsuit: brought after an administrative review (复议后起诉), not directly.
    pub after_review: bool,
}

/// 政府信息公开申请
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoRequest {
    pub id: String,
    pub number: RequestNumber,
    /// Digest of the tracking code.
    pub tracking: String,
    /// The organisation responsible now (the receiving one until it routes it on).
    pub org: OrgCode,
    pub applicant: Applicant,
    /// 所需信息的名称、文号或者便于查询的其他特征性描述.
    pub description: String,
    pub delivery: Delivery,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub state: RequestState,
    /// The day the 20 working days count from: receipt, or the corrected application.
    pub clock_from: NaiveDate,
    /// Working days of finished consultations, not counted.
    pub paused_days: u32,
    pub consultation: Option<Consultation>,
    pub correction: Option<Correction>,
    pub extension: Option<Extension>,
    pub answer: Option<Answer>,
    /// 首问负责: the first staff member who handled it, until an explicit hand-over.
    pub handler: Option<String>,
    pub closed_on: Option<NaiveDate>,
    /// 行政复议 against the answer, if one was brought.
    pub review: Option<Remedy>,
    /// 行政诉讼 against the answer, if one was brought.
    pub litigation: Option<Remedy>,
}

impl InfoRequest {
    /// Whether the applicant may have the files added to it: once an answer that
    /// discloses information (予以公开, 部分公开) went out.
    pub fn releases_files(&self) -> bool {
        self.answer.as_ref().is_some_and(|a| a.outcome.releases())
    }

    /// A digest of every field, for the audit log's before and after.
    pub fn fingerprint(&self) -> String {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        let remedies = [&self.review, &self.litigation]
            .map(|r| r.as_ref().map(|r| (r.result.as_str(), r.on.to_string(), r.after_review)));
        let canonical = serde_json::json!([
            self.id,
            self.number.to_string(),
            self.number.org.as_str(),
            self.tracking,
            self.org.as_str(),
            [self.applicant.kind.as_str(), &self.applicant.name, &self.applicant.phone],
            [&self.applicant.id_number, &self.applicant.email, &self.applicant.address],
            self.description,
            self.delivery.as_str(),
            self.channel.as_str(),
            self.received_on.to_string(),
            self.state.as_str(),
            self.clock_from.to_string(),
            self.paused_days,
            self.consultation.as_ref().map(|c| (c.from.to_string(), &c.third_party)),
            self.correction.as_ref().map(|c| (
                c.asked_on.to_string(),
                &c.what,
                c.due_on.to_string(),
                day(c.corrected_on)
            )),
            self.extension.as_ref().map(|e| (
                e.days,
                &e.reason,
                &e.proposed_by,
                e.approved.as_ref().map(|(who, on)| (who, on.to_string()))
            )),
            self.answer.as_ref().map(|a| (a.outcome.as_str(), &a.reason, a.on.to_string())),
            self.handler,
            day(self.closed_on),
            remedies,
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}
