//! 公示期 the publicity period of a record, checked against its catalogue item's time class.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::{LeafRules, TimeClass};
use crate::time::check_date;
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

    /// Whether a record of this class must say when its publicity ends: a short or phase
    /// notice that never ends would stay up long after its matter is over.
    pub fn needs_end(self) -> bool {
        matches!(self, TimeClass::Short | TimeClass::Phase)
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
    /// Builds a period and checks it is ordered, within the supported years and no shorter
    /// than `class` allows.
    pub fn new(start: NaiveDate, end: Option<NaiveDate>, class: TimeClass) -> Result<Self, DomainError> {
        check_date(start, "公示开始日期")?;
        if let Some(end) = end {
            check_date(end, "公示结束日期")?;
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

    /// The period a record filed under a leaf with `rules` asks for, `start` defaulting to
    /// `today`. Short and phase items and lists of people must end; a record without any
    /// dates under another leaf has no period of its own.
    pub fn for_leaf(
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        rules: &LeafRules,
        today: NaiveDate,
    ) -> Result<Option<Self>, DomainError> {
        if end.is_none() {
            if rules.personal_data {
                return Err(DomainError::invalid(
                    "publicity_end_required",
                    "该目录事项公开的名单含有个人信息，必须填写公示结束日期，期满后自动撤下",
                ));
            }
            if rules.time_class.needs_end() {
                return Err(DomainError::invalid(
                    "publicity_end_required",
                    format!("{}事项必须填写公示结束日期", rules.time_class.label()),
                ));
            }
        }
        if end.is_some_and(|end| end < today) {
            return Err(DomainError::invalid("publicity_end_past", "公示结束日期不能早于今天"));
        }
        if start.is_none() && end.is_none() {
            return Ok(None);
        }
        Self::new(start.unwrap_or(today), end, rules.time_class).map(Some)
    }

    /// Whether the period has run out by `today`.
    pub fn has_ended(&self, today: NaiveDate) -> bool {
        self.end.is_some_and(|end| end < today)
    }
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
    fn short_and_phase_need_an_end_and_so_do_lists_of_people() {
        let today = d("2026-11-02");
        let mut rules = crate::catalog::tests::rules(TimeClass::Short);
        let e = PublicityPeriod::for_leaf(Some(today), None, &rules, today).unwrap_err();
        assert_eq!(e.code, "publicity_end_required");
        rules.time_class = TimeClass::Phase;
        assert!(PublicityPeriod::for_leaf(None, None, &rules, today).is_err());
        rules.time_class = TimeClass::Long;
        assert_eq!(PublicityPeriod::for_leaf(None, None, &rules, today).unwrap(), None);
        rules.personal_data = true;
        assert!(PublicityPeriod::for_leaf(Some(today), None, &rules, today).is_err());
        let p = PublicityPeriod::for_leaf(None, Some(d("2027-11-01")), &rules, today).unwrap().unwrap();
        assert_eq!(p.start, today, "the start defaults to today");
    }

    #[test]
    fn years_outside_the_range_are_refused() {
        let e = PublicityPeriod::new(d("2026-11-02"), Some(d("2202-11-02")), TimeClass::Long).unwrap_err();
        assert_eq!(e.code, "date_out_of_range");
    }

    #[test]
    fn ended_is_after_last_day() {
        let p = PublicityPeriod::new(d("2026-11-02"), Some(d("2026-11-08")), TimeClass::Short).unwrap();
        assert!(!p.has_ended(d("2026-11-08")));
        assert!(p.has_ended(d("2026-11-09")));
    }
}
