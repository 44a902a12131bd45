//! The law's clocks on a request, counted in working days on the official calendar with
//! the first day excluded. A due date is always derived from what happened — receipt,
//! correction, consultation, extension — and never typed.

use chrono::NaiveDate;

use super::{InfoRequest, RequestState};
use crate::calendar::Calendar;

/// Art. 33: the answer within 20 working days of receipt.
pub const ANSWER_DAYS: u32 = 20;
/// Art. 33: one extension of at most 20 working days.
pub const EXTENSION_MAX_DAYS: u32 = 20;
/// Art. 30: a correction notice within 7 working days of receipt.
pub const CORRECTION_NOTICE_DAYS: u32 = 7;
/// The reasonable period the notice gives the applicant to correct (Art. 30 leaves it to
/// the body; 15 working days is what bodies commonly give).
pub const CORRECTION_REPLY_DAYS: u32 = 15;
/// Art. 32: the third party has 15 working days to give its opinion.
pub const CONSULTATION_DAYS: u32 = 15;
/// The dashboard turns yellow when this many working days or fewer are left.
pub const WARNING_DAYS: u32 = 5;

/// How close a request is to its due date, as the dashboard colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Normal,
    /// Yellow: at most [`WARNING_DAYS`] working days left.
    Soon,
    /// Red: past the due date.
    Overdue,
}

impl InfoRequest {
    /// The last day for the answer, or `None` while a correction is awaited (the period
    /// starts again from the corrected application) and once it is closed without one.
    /// During a consultation it assumes the third party uses its whole period; an earlier
    /// opinion brings the day forward.
    pub fn due_on(&self, calendar: &Calendar) -> Option<NaiveDate> {
        if self.state == RequestState::Correcting {
            return None;
        }
        if self.state == RequestState::Closed && self.answer.is_none() {
            return None;
        }
        let extension = self.extension.as_ref().map_or(0, |e| e.granted_days());
        let consulting = if self.consultation.is_some() { CONSULTATION_DAYS } else { 0 };
        Some(calendar.add_working_days(self.clock_from, ANSWER_DAYS + extension + self.paused_days + consulting))
    }

    /// The last day a correction notice may be sent.
    pub fn correction_notice_by(&self, calendar: &Calendar) -> NaiveDate {
        calendar.add_working_days(self.received_on, CORRECTION_NOTICE_DAYS)
    }

    /// How urgent the request is on `today`; only requests still owed an answer are.
    pub fn urgency(&self, calendar: &Calendar, today: NaiveDate) -> Urgency {
        let Some(due) = self.due_on(calendar).filter(|_| self.state.is_open()) else { return Urgency::Normal };
        if today > due {
            Urgency::Overdue
        } else if calendar.working_days_between(today, due) <= WARNING_DAYS {
            Urgency::Soon
        } else {
            Urgency::Normal
        }
    }

    /// Whether the answer went out on or before its due date.
    pub fn answered_in_time(&self, calendar: &Calendar) -> Option<bool> {
        let answer = self.answer.as_ref()?;
        Some(self.due_on(calendar).is_none_or(|due| answer.on <= due))
    }
}
