//! Time as the domain counts it: instants in UTC, days in China time (UTC+8) because
//! publicity periods are read by the public in their own calendar, a supported range of
//! years, and the clock that the shell hands in so that nothing here reads the system time.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::DomainError;

/// Where "now" comes from: the system clock in the server, a clock the test sets in tests.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;

    /// Today in China time.
    fn today(&self) -> NaiveDate {
        china_date(self.now())
    }
}

/// UTC+8.
pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The date in China at instant `at`.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china_offset()).date_naive()
}

/// Years the platform accepts in any date: a typo such as 20266 or 0202 is caught rather
/// than stored.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

fn out_of_range(label: &str, shown: impl std::fmt::Display) -> DomainError {
    DomainError::invalid(
        "date_out_of_range",
        format!("{label}“{shown}”超出可用范围（{}年至{}年）", YEARS.start(), YEARS.end()),
    )
}

/// Checks that `date` lies within [`YEARS`].
pub fn check_date(date: NaiveDate, label: &str) -> Result<NaiveDate, DomainError> {
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(out_of_range(label, date))
    }
}

/// Parses a `YYYY-MM-DD` date from a form or API field named `label`.
pub fn parse_date(raw: &str, label: &str) -> Result<NaiveDate, DomainError> {
    let raw = raw.trim();
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| DomainError::invalid("invalid_date", format!("{label}“{raw}”不是有效日期（格式：2026-01-31）")))?;
    check_date(date, label)
}

/// Parses an instant: RFC 3339, or `YYYY-MM-DDTHH:MM` read as China time (what an HTML
/// `datetime-local` field sends).
pub fn parse_instant(raw: &str, label: &str) -> Result<DateTime<Utc>, DomainError> {
    let raw = raw.trim();
    let parsed = DateTime::parse_from_rfc3339(raw).map(|t| t.with_timezone(&Utc)).ok().or_else(|| {
        ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
            .and_then(|t| china_offset().from_local_datetime(&t).single())
            .map(|t| t.with_timezone(&Utc))
    });
    let at = parsed.ok_or_else(|| {
        DomainError::invalid("invalid_date", format!("{label}“{raw}”格式不正确（例如 2026-12-01T09:00）"))
    })?;
    check_date(china_date(at), label).map_err(|_| out_of_range(label, raw))?;
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_the_supported_years_are_refused() {
        assert_eq!(parse_date("1899-12-31", "公示开始日期").unwrap_err().code, "date_out_of_range");
        assert_eq!(parse_date("2101-01-01", "公示开始日期").unwrap_err().code, "date_out_of_range");
        assert!(parse_date("1900-01-01", "x").is_ok() && parse_date("2100-12-31", "x").is_ok());
        assert_eq!(parse_date("2026-02-30", "x").unwrap_err().code, "invalid_date");
        assert_eq!(parse_instant("20266-01-01T09:00", "x").unwrap_err().code, "invalid_date");
        assert_eq!(parse_instant("2200-01-01T09:00:00Z", "x").unwrap_err().code, "date_out_of_range");
    }

    #[test]
    fn local_times_are_china_time() {
        let at = parse_instant("2026-12-01T09:00", "定时发布时间").unwrap();
        assert_eq!(at, DateTime::parse_from_rfc3339("2026-12-01T01:00:00Z").unwrap());
        assert!(parse_instant("明天", "定时发布时间").is_err());
    }

    #[test]
    fn china_date_is_a_day_ahead_of_utc_in_the_evening() {
        let evening = DateTime::parse_from_rfc3339("2026-11-21T16:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(china_date(evening), NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    }
}
