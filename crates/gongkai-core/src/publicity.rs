//! 公示期 the publicity period of a record, checked against its catalogue item's time class.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::TimeClass;
use crate::DomainError;

/// 公示期: first and last day a record is publicised, both inclusive. An open end means
/// "until superseded or withdrawn".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityPeriod {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl TimeClass {
    /// The minimum length, as the Chinese phrase used in messages.
    pub fn minimum_phrase(self) -> Option<&'static str> {
        match self {
            TimeClass::Long => Some("1年"),
            TimeClass::Phase => Some("1个月"),
            TimeClass::Short => Some("1周（7天）"),
            TimeClass::Anytime => None,
        }
    }

    /// The earliest last day of a period starting on `start` that honours this class.
    pub fn earliest_end(self, start: NaiveDate) -> Option<NaiveDate> {
        let after = match self {
            TimeClass::Long => start.checked_add_months(Months::new(12)),
            TimeClass::Phase => start.checked_add_months(Months::new(1)),
            TimeClass::Short => start.checked_add_days(chrono::Days::new(7)),
            TimeClass::Anytime => return None,
        }?;
        after.pred_opt()
    }
}

impl PublicityPeriod {
    /// Builds a period and checks it is ordered and no shorter than `class` allows.
    pub fn new(start: NaiveDate, end: Option<NaiveDate>, class: TimeClass) -> Result<Self, DomainError> {
        if let Some(end) = end {
            if end < start {
                return Err(DomainError::invalid("publicity_end_before_start", "公示结束日期不能早于开始日期"));
            }
            if let (Some(min_end), Some(phrase)) = (class.earliest_end(start), class.minimum_phrase()) {
                if end < min_end {
                    return Err(DomainError::invalid(
                        "publicity_too_short",
                        format!(
                            "{}事项的公示期不得少于{}：自{}起公示，最早应于{}结束",
                            class.label(),
                            phrase,
                            start,
                            min_end
                        ),
                    ));
                }
            }
        }
        Ok(Self { start, end })
    }

    /// Whether the period has run out by `today`.
    pub fn has_ended(&self, today: NaiveDate) -> bool {
        self.end.is_some_and(|end| end < today)
    }
}

/// Parses a `YYYY-MM-DD` date from a form or API field named `label`.
pub fn parse_date(raw: &str, label: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        DomainError::invalid("invalid_date", format!("{label}“{}”不是有效日期（格式：2026-01-31）", raw.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn short_class_refuses_three_days_and_names_minimum() {
        let e = PublicityPeriod::new(d("2026-11-02"), Some(d("2026-11-04")), TimeClass::Short).unwrap_err();
        assert_eq!(e.code, "publicity_too_short");
        assert!(e.message.contains("1周（7天）"), "{}", e.message);
        assert!(e.message.contains("2026-11-08"), "{}", e.message);
    }

    #[test]
    fn short_class_accepts_seven_days_inclusive() {
        assert!(PublicityPeriod::new(d("2026-11-02"), Some(d("2026-11-08")), TimeClass::Short).is_ok());
        assert!(PublicityPeriod::new(d("2026-11-02"), Some(d("2026-11-07")), TimeClass::Short).is_err());
    }

    #[test]
    fn long_and_phase_minimums() {
        assert!(PublicityPeriod::new(d("2026-01-01"), Some(d("2026-12-31")), TimeClass::Long).is_ok());
        assert!(PublicityPeriod::new(d("2026-01-01"), Some(d("2026-12-30")), TimeClass::Long).is_err());
        assert!(PublicityPeriod::new(d("2026-03-15"), Some(d("2026-04-14")), TimeClass::Phase).is_ok());
        assert!(PublicityPeriod::new(d("2026-03-15"), Some(d("2026-04-13")), TimeClass::Phase).is_err());
    }

    #[test]
    fn anytime_and_open_end_have_no_minimum() {
        assert!(PublicityPeriod::new(d("2026-11-02"), Some(d("2026-11-02")), TimeClass::Anytime).is_ok());
        assert!(PublicityPeriod::new(d("2026-11-02"), None, TimeClass::Short).is_ok());
    }

    #[test]
    fn end_before_start_is_refused() {
        let e = PublicityPeriod::new(d("2026-11-02"), Some(d("2026-11-01")), TimeClass::Anytime).unwrap_err();
        assert_eq!(e.code, "publicity_end_before_start");
    }

    #[test]
    fn ended_is_after_last_day() {
        let p = PublicityPeriod::new(d("2026-11-02"), Some(d("2026-11-08")), TimeClass::Short).unwrap();
        assert!(!p.has_ended(d("2026-11-08")));
        assert!(p.has_ended(d("2026-11-09")));
    }
}
