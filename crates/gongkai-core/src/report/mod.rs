//! 政府信息公开工作年度报告: the annual report every body publishes by 31 January in the
//! national format. Its tables are computed here from what the system recorded — records
//! for the proactive-disclosure table, requests for the request table and the review and
//! litigation table; the text sections are the editor's.

mod proactive;
mod requests;
#[cfg(test)]
mod tests;

pub use proactive::{ProactiveFact, ProactiveTable, Subject};
pub use requests::{Line, RemedyTable, RequestTable, COLUMNS};

use crate::fields;
use crate::DomainError;

/// The sections the editor writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    /// 一、总体情况
    pub overview: String,
    /// 五、存在的主要问题及改进情况
    pub problems: String,
    /// 六、其他需要报告的事项
    pub other: String,
}

/// Each section at most this many characters.
pub const TEXT_MAX: usize = 20_000;

impl Texts {
    pub fn new(overview: Option<&str>, problems: Option<&str>, other: Option<&str>) -> Result<Self, DomainError> {
        Ok(Texts {
            overview: fields::required_text(overview, "总体情况", TEXT_MAX)?,
            problems: fields::required_text(problems, "存在的主要问题及改进情况", TEXT_MAX)?,
            other: fields::optional_text(other, "其他需要报告的事项", TEXT_MAX)?.unwrap_or_else(|| "无。".to_owned()),
        })
    }
}

/// One body's report for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualReport {
    pub org_name: String,
    pub year: i32,
    pub proactive: ProactiveTable,
    pub requests: RequestTable,
    pub remedies: RemedyTable,
}

impl AnnualReport {
    /// The report's title as it is published.
    pub fn title(&self) -> String {
        format!("{}{}年政府信息公开工作年度报告", self.org_name, self.year)
    }
}
