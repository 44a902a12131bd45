//! Phrase filling: one `Scene` per record holds what its title and body must agree on (the
//! organisation, the period, the project or policy named), and `{token}`s in phrase tables
//! are filled from it and from the generator.

use chrono::{Datelike, Days, NaiveDate};
use gongkai_core::catalog::UpdateRule;
use gongkai_core::org::Org;

use super::names;
use super::rng::Rng;

/// What one record is about.
pub struct Scene<'a> {
    pub org: &'a Org,
    pub leaf: &'a str,
    /// Publication day, China time.
    pub date: NaiveDate,
    /// The reporting period, e.g. `2025年第三季度`.
    pub period: String,
    pub project: String,
    pub policy: String,
    pub service: String,
    /// Prefix of the organisation's document numbers, e.g. `岚财发`.
    pub doc_prefix: String,
    /// The record's own 文号, the same wherever the record names it (`{no}`); `{doc}` is
    /// some other document of the organisation.
    pub own_doc: String,
}

impl Scene<'_> {
    /// The leaf name without the words that would repeat in a title (公示, 情况, 结果, 发放).
    pub fn stem(&self) -> &str {
        let mut s = self.leaf;
        for suffix in ["公示", "情况", "结果", "信息", "发放"] {
            s = s.strip_suffix(suffix).unwrap_or(s);
        }
        s
    }

    /// Replaces every `{token}` in `template`.
    pub fn fill(&self, rng: &mut Rng, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            join(&mut out, &rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let mut token = String::new();
                    self.token(rng, &after[..close], &mut token);
                    join(&mut out, &token);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        join(&mut out, rest);
        out
    }

    fn token(&self, rng: &mut Rng, key: &str, out: &mut String) {
        let y = self.date.year();
        let text = match key {
            "org" => self.org.name.clone(),
            "leaf" => self.leaf.to_owned(),
            "stem" => self.stem().to_owned(),
            "p" => self.period.clone(),
            "project" => self.project.clone(),
            "policy" => self.policy.clone(),
            "service" => self.service.clone(),
            "year" => y.to_string(),
            "lastyear" => (y - 1).to_string(),
            "month" => self.date.month().to_string(),
            "date" => cn_date(self.date),
            "later" => cn_date(self.date + Days::new(rng.range(3, 20) as u64)),
            "earlier" => cn_date(self.date - Days::new(rng.range(5, 40) as u64)),
            "k" => rng.range(1, 4).to_string(),
            "n" => rng.range(2, 9).to_string(),
            "nn" => rng.range(10, 60).to_string(),
            "nnn" => rng.range(100, 999).to_string(),
            "pct" => format!("{}.{}", rng.range(90, 99), rng.below(10)),
            "wan" => format!("{}.{:02}", rng.range(5, 480), rng.below(100)),
            "yuan" => money(rng.range(800, 98_000) * 100),
            "person" => names::person(rng),
            "phone" => self.org.phone.clone().unwrap_or_else(|| names::office_phone(rng)),
            "mobile" => names::masked_mobile(rng),
            "company" => names::company(rng),
            "place" => names::any_place(rng),
            "road" => names::road(rng).to_owned(),
            "doc" => format!("{}〔{}〕{}号", self.doc_prefix, y, rng.range(1, 68)),
            "no" => self.own_doc.clone(),
            "season" => ["春季", "夏季", "汛期", "秋冬季"][rng.below(4) as usize].to_owned(),
            "holiday" => {
                ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节、国庆节"][rng.below(6) as usize].to_owned()
            }
            other => format!("{{{other}}}"),
        };
        out.push_str(&text);
    }
}

/// `2025年3月12日`
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Amounts in 元 from fen, with thousands separators: `12,345.60`.
pub fn money(fen: i64) -> String {
    let yuan = fen / 100;
    let digits = yuan.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{:02}", fen % 100)
}

const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];

/// The period a record of a periodic leaf reports on: the one before publication, or the
/// current one for plans and arrangements published ahead.
pub fn period(rule: UpdateRule, date: NaiveDate, forward: bool) -> String {
    let (y, m) = (date.year(), date.month());
    match rule {
        UpdateRule::Monthly if forward => format!("{y}年{m}月"),
        UpdateRule::Monthly if m == 1 => format!("{}年12月", y - 1),
        UpdateRule::Monthly => format!("{y}年{}月", m - 1),
        UpdateRule::Quarterly => {
            let q = (m as usize - 1) / 3;
            let (y, q) = match (forward, q) {
                (true, q) => (y, q),
                (false, 0) => (y - 1, 3),
                (false, q) => (y, q - 1),
            };
            format!("{y}年第{}季度", QUARTERS[q])
        }
        UpdateRule::Yearly if forward => format!("{y}年"),
        UpdateRule::Yearly => format!("{}年度", y - 1),
        UpdateRule::OnChange => format!("{y}年"),
    }
}

/// Whether a leaf publishes plans ahead of the period rather than results after it.
pub fn is_forward(leaf: &str) -> bool {
    ["安排", "计划", "预算", "要点", "方案", "意向"].iter().any(|k| leaf.contains(k)) || leaf.ends_with("任务")
}

/// Builds the sanitised subset of HTML records may contain.
#[derive(Default)]
pub struct Html(String);

impl Html {
    pub fn p(&mut self, text: &str) -> &mut Self {
        self.0.push_str("<p>");
        self.0.push_str(text);
        self.0.push_str("</p>");
        self
    }

    /// A paragraph opening with a bold label, e.g. `<strong>办理时限：</strong>5个工作日`.
    pub fn labelled(&mut self, label: &str, text: &str) -> &mut Self {
        self.0.push_str(&format!("<p><strong>{label}</strong>{text}</p>"));
        self
    }

    pub fn ul<S: AsRef<str>>(&mut self, items: &[S]) -> &mut Self {
        self.0.push_str("<ul>");
        for item in items {
            self.0.push_str(&format!("<li>{}</li>", item.as_ref()));
        }
        self.0.push_str("</ul>");
        self
    }

    pub fn table<S: AsRef<str>>(&mut self, head: &[&str], rows: &[Vec<S>]) -> &mut Self {
        self.0.push_str("<table><tr>");
        for h in head {
            self.0.push_str(&format!("<th>{h}</th>"));
        }
        self.0.push_str("</tr>");
        for row in rows {
            self.0.push_str("<tr>");
            for cell in row {
                self.0.push_str(&format!("<td>{}</td>", cell.as_ref()));
            }
            self.0.push_str("</tr>");
        }
        self.0.push_str("</table>");
        self
    }

    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

/// Appends `piece`, saying once a word that ends what is there and begins the piece: a
/// project named “…工程” and the stage “工程验收” make “…工程验收”, not “…工程工程验收”.
pub fn join(out: &mut String, piece: &str) {
    for len in [4, 3, 2] {
        let head: String = piece.chars().take(len).collect();
        let han = head.chars().count() == len && head.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if han && out.ends_with(&head) {
            out.push_str(&piece[head.len()..]);
            return;
        }
    }
    out.push_str(piece);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_look_back_unless_planning() {
        assert_eq!(period(UpdateRule::Quarterly, d(2026, 1, 10), false), "2025年第四季度");
        assert_eq!(period(UpdateRule::Quarterly, d(2026, 5, 10), true), "2026年第二季度");
        assert_eq!(period(UpdateRule::Monthly, d(2026, 1, 3), false), "2025年12月");
        assert_eq!(period(UpdateRule::Yearly, d(2026, 3, 1), false), "2025年度");
    }

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(1_234_560), "12,345.60");
        assert_eq!(money(5), "0.05");
        assert_eq!(money(100_000_000), "1,000,000.00");
    }
}
