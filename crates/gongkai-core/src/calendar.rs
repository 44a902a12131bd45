//! The official working-day calendar the law's periods are counted on (政府信息公开条例
//! 2019: 20 working days to answer, 7 to ask for a correction, at most 20 more by
//! extension). A day is a working day Monday to Friday unless the State Council made it a
//! holiday, and a weekend day is one when it was made a make-up workday (调休上班). The
//! official days of 2020–2026 are built in; administrators add later years and local
//! closures. A period excludes its first day: what arrives on a Friday before a weekend has
//! its first working day on Monday.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::DomainError;

/// The official holidays and make-up workdays of 2020–2026 as published each year.
const OFFICIAL: &str = include_str!("../data/cn-calendar-2020-2026.csv");

/// What a listed day is instead of what its weekday says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// No work: a public holiday, or a local closure.
    Holiday,
    /// Work on a weekend day, made up for a holiday.
    Workday,
}

/// One listed day: its kind and what it is for (春节, 台风停工).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, CalendarDay>,
}

impl Calendar {
    /// The built-in official calendar.
    pub fn official() -> &'static Calendar {
        static OFFICIAL_CALENDAR: OnceLock<Calendar> = OnceLock::new();
        OFFICIAL_CALENDAR.get_or_init(|| {
            let days = parse_csv(OFFICIAL).expect("the built-in calendar is well formed");
            let mut calendar = Calendar::default();
            calendar.add(days);
            calendar
        })
    }

    /// Adds or replaces listed days: a later year, or a local closure.
    pub fn add(&mut self, days: impl IntoIterator<Item = CalendarDay>) {
        self.days.extend(days.into_iter().map(|d| (d.date, d)));
    }

    /// Whether any day of `year` is listed: a year nobody entered counts weekends only,
    /// which the back office warns about.
    pub fn knows_year(&self, year: i32) -> bool {
        let first = NaiveDate::from_ymd_opt(year, 1, 1);
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1);
        match (first, next) {
            (Some(first), Some(next)) => self.days.range(first..next).next().is_some(),
            _ => false,
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date).map(|d| d.kind) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None if !self.knows_year(date.year()) && fixed_holiday(date) => false,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The day `n` working days after `from`, which is not counted: the last day of a
    /// period of `n` working days that starts on `from`. `from` itself when `n` is 0.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day += Duration::days(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The working days after `from` up to and including `to`; 0 when `to` is not later.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).count() as u32
    }
}

/// The holidays of fixed date every year has by law (全国年节及纪念日放假办法): 元旦,
/// 劳动节 and 国庆节. A year nobody has entered still keeps them; the lunar festivals
/// and the make-up days wait for the State Council's arrangement.
fn fixed_holiday(date: NaiveDate) -> bool {
    matches!((date.month(), date.day()), (1, 1) | (5, 1) | (5, 2) | (10, 1) | (10, 2) | (10, 3))
}

/// Reads a calendar table: a header row, then `date,kind,name` with dates as `2027-02-06`
/// and kinds `holiday` or `workday` (or 放假, 上班). Every row is checked; the first error
/// names its line.
pub fn parse_csv(text: &str) -> Result<Vec<CalendarDay>, DomainError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = |what: String| DomainError::invalid("invalid_calendar", format!("日历第{}行：{what}", i + 1));
        let mut cells = line.splitn(3, ',').map(str::trim);
        let (date, kind, name) = (cells.next().unwrap_or(""), cells.next().unwrap_or(""), cells.next().unwrap_or(""));
        let date = crate::time::parse_date(date, "日期").map_err(|e| bad(e.message))?;
        let kind = match kind {
            "holiday" | "放假" => DayKind::Holiday,
            "workday" | "上班" => DayKind::Workday,
            other => return Err(bad(format!("类别“{other}”应为“放假”或“上班”"))),
        };
        out.push(CalendarDay { date, kind, name: name.to_owned() });
    }
    Ok(out)
}

/// The columns of a calendar table an administrator hands over (CSV or XLSX).
pub const TABLE_HEADINGS: [&str; 3] = ["日期", "类别", "名称"];

/// Reads the days of a calendar table (the header first, then one day a row: 日期 as
/// `2027-02-06`, 类别 放假 or 上班, 名称 such as 春节 or 台风停工). Every bad cell is
/// reported; nothing is taken unless all are good. Days must fall in the supported years.
pub fn days_from_table(rows: &[Vec<String>]) -> Result<Vec<CalendarDay>, crate::table::TableErrors> {
    let Some((headings, body)) = rows.split_first() else {
        let mut errors = crate::table::TableErrors::default();
        errors.push(1, "", "表格是空的");
        return Err(errors);
    };
    let header = crate::table::Header::check(headings, &TABLE_HEADINGS)?;
    let mut errors = crate::table::TableErrors::default();
    let mut days = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let line = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let date = match crate::time::parse_date(header.cell(row, "日期"), "日期") {
            Ok(date) => Some(date),
            Err(e) => {
                errors.refuse(line, "日期", e);
                None
            }
        };
        let kind = match header.cell(row, "类别") {
            "放假" | "holiday" => Some(DayKind::Holiday),
            "上班" | "workday" => Some(DayKind::Workday),
            other => {
                errors.push(line, "类别", format!("类别“{other}”应为“放假”或“上班”"));
                None
            }
        };
        let name = header.cell(row, "名称");
        if name.is_empty() || name.chars().count() > 20 {
            errors.push(line, "名称", "请填写节日或停工的名称（至多20字）");
        }
        if let (Some(date), Some(kind)) = (date, kind) {
            days.push(CalendarDay { date, kind, name: name.to_owned() });
        }
    }
    days.sort_by_key(|d| d.date);
    if days.windows(2).any(|w| w[0].date == w[1].date) {
        errors.push(0, "日期", "同一日期出现了不止一次");
    }
    if days.is_empty() && errors.is_empty() {
        errors.push(2, "", "表格中没有日期");
    }
    errors.or(days)
}

#[cfg(test)]
mod tests;
