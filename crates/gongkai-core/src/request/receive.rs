//! Registering an application: online by the applicant, or by staff for one handed in or
//! received by post, with the day of receipt the law counts from.

use chrono::{Datelike, NaiveDate};

use super::decide::DESCRIPTION_MAX;
use super::{Applicant, Channel, Delivery, InfoRequest, RequestNumber, RequestState};
use crate::access::{Actor, Permission};
use crate::org::OrgCode;
use crate::{fields, time, DomainError};

/// An application as the form gives it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub org: OrgCode,
    pub applicant: Applicant,
    pub description: String,
    pub delivery: Delivery,
    pub channel: Channel,
    /// Typed by staff for what was handed in or signed for; online it is the day it came.
    pub received_on: Option<NaiveDate>,
}

impl Application {
    pub fn new(
        org: OrgCode,
        applicant: Applicant,
        description: Option<&str>,
        delivery: Delivery,
        channel: Channel,
        received_on: Option<NaiveDate>,
    ) -> Result<Self, DomainError> {
        let description = fields::required_text(description, "所需信息的描述", DESCRIPTION_MAX)?;
        Ok(Application { org, applicant, description, delivery, channel, received_on })
    }

    /// The day of receipt (Art. 31) for an application registered on `today`.
    pub fn received_on(&self, today: NaiveDate) -> NaiveDate {
        self.received_on.unwrap_or(today)
    }

    /// The year its number is counted in.
    pub fn number_year(&self, today: NaiveDate) -> i32 {
        self.received_on(today).year()
    }
}

/// What the store made for a new request: its id, the next serial of the receiving
/// organisation in the year of receipt, and the tracking code's digest.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub id: String,
    pub serial: u32,
    pub tracking: String,
}

/// Registers `application`, from the public (`registrar` none: online, received today) or
/// from the receiving organisation's staff, who become its first handler (首问负责).
pub fn receive(
    application: Application,
    registrar: Option<&Actor>,
    today: NaiveDate,
    new: NewRequest,
) -> Result<InfoRequest, DomainError> {
    let received_on = application.received_on(today);
    match registrar {
        None if application.channel != Channel::Online || application.received_on.is_some() => {
            return Err(DomainError::unauthenticated("staff_only", "当面或信函提交的申请须由工作人员登记收到日期"));
        }
        None => {}
        Some(actor) => actor.authorize(Permission::Draft, &application.org)?,
    }
    time::check_date(received_on, "收到日期")?;
    if received_on > today {
        return Err(DomainError::invalid("invalid_received_on", "收到日期不能晚于今天"));
    }
    // The number was checked alone; only the day of receipt shows a birth still to come.
    let born = application.applicant.id_number.as_deref().and_then(fields::birth_date);
    if born.is_some_and(|born| born > received_on) {
        let message = "身份证号码中的出生日期晚于收到申请之日，请核对身份证号码";
        return Err(DomainError::invalid("invalid_id_number", message));
    }
    Ok(InfoRequest {
        id: new.id,
        number: RequestNumber { org: application.org.clone(), year: received_on.year(), serial: new.serial },
        tracking: new.tracking,
        org: application.org,
        applicant: application.applicant,
        description: application.description,
        delivery: application.delivery,
        channel: application.channel,
        received_on,
        state: RequestState::Received,
        clock_from: received_on,
        paused_days: 0,
        consultation: None,
        correction: None,
        extension: None,
        answer: None,
        handler: registrar.map(|a| a.username.clone()),
        closed_on: None,
        review: None,
        litigation: None,
    })
}
