//! 表二 主动公开政府信息情况, from the records the body published, classed by the name of
//! the catalogue item they are filed under (the standard templates' names: 规范性文件,
//! 行政许可结果, 行政处罚决定 …). Items a body added itself count when their names say the
//! same.

use chrono::{Datelike, NaiveDate};

use crate::record::{Effect, Validity};

/// What a row of the table counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// 规章
    Rules,
    /// 行政规范性文件
    Normative,
    /// 行政许可 decisions
    Permits,
    /// 行政处罚 decisions
    Penalties,
    /// 行政强制 decisions
    Coercion,
}

impl Subject {
    /// The row a catalogue item's records count in, by the item's name.
    pub fn of_item(name: &str) -> Option<Subject> {
        let name = name.trim();
        if name.ends_with("规章") && !name.contains("党内") {
            Some(Subject::Rules)
        } else if name == "规范性文件" || name == "行政规范性文件" {
            Some(Subject::Normative)
        } else if name.contains("行政许可") && (name.contains("结果") || name.contains("决定")) {
            Some(Subject::Permits)
        } else if name.contains("行政处罚") && !name.contains("裁量") {
            Some(Subject::Penalties)
        } else if name.contains("行政强制") && !name.contains("裁量") {
            Some(Subject::Coercion)
        } else {
            None
        }
    }
}

/// One published record as the table sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProactiveFact {
    pub subject: Subject,
    /// The day its first version was published.
    pub first_published: NaiveDate,
    /// Its 有效性 as it stands (normative documents).
    pub effect: Option<Effect>,
    /// Still public: not withdrawn.
    pub current: bool,
}

/// (made this year, repealed this year, in force at the year's end) for rules and
/// normative documents; decisions made this year for the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProactiveTable {
    pub rules: [u32; 3],
    pub normative: [u32; 3],
    pub permits: u32,
    pub penalties: u32,
    pub coercion: u32,
    /// 行政事业性收费 in 万元, as the editor gives it (the records hold no amounts).
    pub fees: Option<String>,
}

impl ProactiveTable {
    pub fn of(facts: &[ProactiveFact], year: i32, fees: Option<String>) -> Self {
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let mut table = ProactiveTable { fees, ..Default::default() };
        for f in facts {
            let made = f.first_published.year() == year;
            let ended_in = |y: i32| {
                f.effect.is_some_and(|e| e.status != Validity::Effective && e.since.is_some_and(|d| d.year() == y))
            };
            let in_force = f.current
                && f.first_published <= end
                && f.effect.is_none_or(|e| e.status == Validity::Effective || e.since.is_some_and(|d| d > end));
            let documents = match f.subject {
                Subject::Rules => Some(&mut table.rules),
                Subject::Normative => Some(&mut table.normative),
                Subject::Permits => {
                    table.permits += u32::from(made);
                    None
                }
                Subject::Penalties => {
                    table.penalties += u32::from(made);
                    None
                }
                Subject::Coercion => {
                    table.coercion += u32::from(made);
                    None
                }
            };
            if let Some(row) = documents {
                row[0] += u32::from(made);
                row[1] += u32::from(ended_in(year));
                row[2] += u32::from(in_force);
            }
        }
        table
    }
}
