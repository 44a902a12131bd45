//! 表三 收到和处理政府信息公开申请情况 and 表四 政府信息公开行政复议、行政诉讼情况.
//! A request counts as new in the year it was received, as a result in the year it was
//! answered (a lapsed correction counts when it lapsed), and is carried over while it was
//! received but not answered by a year's end — so new + carried in = results + carried out.

use chrono::{Datelike, NaiveDate};

use crate::request::{AnswerGroup, ApplicantKind, InfoRequest, Outcome, RemedyResult};

/// The table's columns: 自然人, then the five kinds of 法人或其他组织, then 总计.
pub const COLUMNS: usize = 7;

/// One labelled row of a table; a heading row has no counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub label: String,
    pub counts: Option<[u32; COLUMNS]>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestTable {
    pub new: [u32; COLUMNS],
    pub carried_in: [u32; COLUMNS],
    /// In `Outcome::ALL` order.
    pub outcomes: Vec<[u32; COLUMNS]>,
    pub carried_out: [u32; COLUMNS],
}

fn column(kind: ApplicantKind) -> usize {
    ApplicantKind::ALL.iter().position(|k| *k == kind).unwrap_or(ApplicantKind::ALL.len() - 1)
}

fn count(row: &mut [u32; COLUMNS], kind: ApplicantKind) {
    row[column(kind)] += 1;
    row[COLUMNS - 1] += 1;
}

fn sum(rows: impl Iterator<Item = [u32; COLUMNS]>) -> [u32; COLUMNS] {
    rows.fold([0; COLUMNS], |mut acc, row| {
        acc.iter_mut().zip(row).for_each(|(a, r)| *a += r);
        acc
    })
}

impl RequestTable {
    /// The table of `year` from every request the body received (of any year).
    pub fn of(requests: &[InfoRequest], year: i32) -> Self {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let mut table = RequestTable { outcomes: vec![[0; COLUMNS]; Outcome::ALL.len()], ..Default::default() };
        for r in requests {
            let kind = r.applicant.kind;
            let answered = r.answer.as_ref().map(|a| a.on);
            if r.received_on.year() == year {
                count(&mut table.new, kind);
            }
            let open_at = |day: NaiveDate| r.received_on < day && answered.is_none_or(|a| a >= day);
            if open_at(start) {
                count(&mut table.carried_in, kind);
            }
            if let Some(answer) = r.answer.as_ref().filter(|a| a.on.year() == year) {
                let row = Outcome::ALL.iter().position(|o| *o == answer.outcome).unwrap_or_default();
                count(&mut table.outcomes[row], kind);
            }
            let end = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or_default();
            if open_at(end) {
                count(&mut table.carried_out, kind);
            }
        }
        table
    }

    fn outcome(&self, outcome: Outcome) -> [u32; COLUMNS] {
        Outcome::ALL.iter().position(|o| *o == outcome).map_or([0; COLUMNS], |i| self.outcomes[i])
    }

    fn group(&self, group: AnswerGroup) -> [u32; COLUMNS] {
        sum(Outcome::ALL.iter().filter(|o| o.group() == group).map(|o| self.outcome(*o)))
    }

    /// Every answer of the year.
    pub fn results(&self) -> [u32; COLUMNS] {
        sum(self.outcomes.iter().copied())
    }

    /// The rows in the national format's order and words.
    pub fn lines(&self) -> Vec<Line> {
        let line = |label: &str, counts| Line { label: label.to_owned(), counts: Some(counts) };
        let mut out = vec![
            line("一、本年新收政府信息公开申请数量", self.new),
            line("二、上年结转政府信息公开申请数量", self.carried_in),
            Line { label: "三、本年度办理结果".into(), counts: None },
            line("（一）予以公开", self.group(AnswerGroup::Disclosed)),
            line("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", self.group(AnswerGroup::Partly)),
        ];
        let groups = [
            ("（三）不予公开", AnswerGroup::Withheld),
            ("（四）无法提供", AnswerGroup::CannotProvide),
            ("（五）不予处理", AnswerGroup::NotProcessed),
            ("（六）其他处理", AnswerGroup::Other),
        ];
        for (label, group) in groups {
            out.push(line(label, self.group(group)));
            let members = Outcome::ALL.iter().filter(|o| o.group() == group);
            for (i, outcome) in members.enumerate() {
                out.push(line(&format!("{}．{}", i + 1, outcome.label()), self.outcome(*outcome)));
            }
        }
        out.push(line("（七）总计", self.results()));
        out.push(line("四、结转下年度继续办理", self.carried_out));
        out
    }
}

/// 表四: per remedy, its results and their total.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemedyTable {
    /// 行政复议: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
    pub review: [u32; 5],
    /// 行政诉讼 未经复议直接起诉.
    pub direct: [u32; 5],
    /// 行政诉讼 复议后起诉.
    pub after_review: [u32; 5],
}

impl RemedyTable {
    /// Reviews and lawsuits recorded in `year`, by their result as last recorded.
    pub fn of(requests: &[InfoRequest], year: i32) -> Self {
        let mut table = RemedyTable::default();
        let add = |row: &mut [u32; 5], result: RemedyResult| {
            row[RemedyResult::ALL.iter().position(|r| *r == result).unwrap_or(3)] += 1;
            row[4] += 1;
        };
        for r in requests {
            if let Some(review) = r.review.as_ref().filter(|x| x.on.year() == year) {
                add(&mut table.review, review.result);
            }
            if let Some(suit) = r.litigation.as_ref().filter(|x| x.on.year() == year) {
                let row = if suit.after_review { &mut table.after_review } else { &mut table.direct };
                add(row, suit.result);
            }
        }
        table
    }
}
