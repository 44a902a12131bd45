//! Registering a letter the public sent: its fields checked, the day it came, and who may
//! follow it (whoever holds the tracking code).

use chrono::{Datelike, NaiveDate};

use super::{Attachment, Category, Opinion, OpinionNumber, OpinionState, Sender};
use crate::org::OrgCode;
use crate::{fields, DomainError};

/// 来信内容: at most this many characters.
pub const TEXT_MAX: usize = 2_000;
/// 被举报人姓名及职务
pub const ACCUSED_MAX: usize = 100;

/// A letter as the form gives it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub org: OrgCode,
    pub category: Category,
    pub text: String,
    pub accused: Option<String>,
    pub sender: Option<Sender>,
    pub consent: bool,
    pub attachment: Option<Attachment>,
}

impl Submission {
    /// Checks the fields. A report must name the person it is about; any other letter must
    /// not, since its handlers may be that person's colleagues — the sender is sent to the
    /// report category instead. A report is never published, whatever was ticked.
    pub fn new(
        org: OrgCode,
        category: Category,
        text: Option<&str>,
        accused: Option<&str>,
        sender: Option<Sender>,
        consent: bool,
    ) -> Result<Self, DomainError> {
        let text = fields::required_text(text, "来信内容", TEXT_MAX)?;
        let accused = if category.is_report() {
            Some(fields::name(accused, "被举报人姓名及职务", ACCUSED_MAX).map_err(|e| match e.code {
                "missing_field" => DomainError::invalid("accused_required", "举报的，请填写被举报人的姓名及职务"),
                _ => e,
            })?)
        } else {
            if fields::optional_text(accused, "被举报人", ACCUSED_MAX)?.is_some() {
                return Err(DomainError::invalid(
                    "accused_only_in_reports",
                    "您填写了被举报人。举报他人违纪违法问题的，请选择“举报”类别（举报件只由监督员办理）；\
                     不是举报的，请清空“被举报人”一栏",
                ));
            }
            None
        };
        let consent = consent && !category.is_report();
        Ok(Submission { org, category, text, accused, sender, consent, attachment: None })
    }

    pub fn with_attachment(self, attachment: Attachment) -> Self {
        Submission { attachment: Some(attachment), ..self }
    }

    /// Whether it is counted among reports, apart from the unit's other letters.
    pub fn counted_as_report(&self) -> bool {
        self.category.is_report()
    }
}

/// What the store made for a new letter: its id, the next serial of its series for the
/// unit and year, and the tracking code's digest.
#[derive(Debug, Clone)]
pub struct NewOpinion {
    pub id: String,
    pub serial: u32,
    pub tracking: String,
}

/// Registers `submission` as received on `today`.
pub fn receive(submission: Submission, today: NaiveDate, new: NewOpinion) -> Opinion {
    let number = OpinionNumber {
        org: submission.org.clone(),
        year: today.year(),
        serial: new.serial,
        report: submission.counted_as_report(),
    };
    Opinion {
        id: new.id,
        number,
        tracking: new.tracking,
        org: submission.org,
        category: submission.category,
        text: submission.text,
        accused: submission.accused,
        sender: submission.sender,
        attachment: submission.attachment,
        consent: submission.consent,
        received_on: today,
        state: OpinionState::Received,
        reply: None,
        handler: None,
        closed_on: None,
    }
}
