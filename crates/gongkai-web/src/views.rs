//! Shaping stored data for templates: dates in China time, labels instead of codes,
//! and the organisation and catalogue trees as nested lists.

use std::collections::HashMap;
use std::fmt::Write;

use crate::error::AppError;
use chrono::DateTime;
use gongkai_core::catalog::CatalogItem;
use gongkai_core::org::Org;
use gongkai_core::time::china_offset;
use gongkai_store::records::RecordSummary;

/// `2026-11-22` in China time.
pub fn date(ts: i64) -> String {
    DateTime::from_timestamp(ts, 0)
        .map(|t| t.with_timezone(&china_offset()).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `2026-11-22 09:30` in China time.
pub fn datetime(ts: i64) -> String {
    DateTime::from_timestamp(ts, 0)
        .map(|t| t.with_timezone(&china_offset()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// 公示期 in words: `2026-03-01 至 2026-03-07`, `… 起长期公开`, or 长期公开.
pub fn publicity(record: &gongkai_core::record::Record) -> String {
    match (record.publicity_start(), record.publicity_end()) {
        (Some(s), Some(e)) => format!("{s} 至 {e}"),
        (Some(s), None) => format!("{s} 起长期公开"),
        (None, Some(e)) => format!("至 {e}"),
        (None, None) => "长期公开".into(),
    }
}

/// Organisations in tree order, each with its depth below the top (0 for a city).
pub fn org_depths(orgs: &[Org]) -> Vec<(&Org, usize)> {
    let mut depth: HashMap<&str, usize> = HashMap::new();
    gongkai_core::org::tree::in_tree_order(orgs)
        .into_iter()
        .map(|org| {
            let d = org.parent.as_ref().and_then(|p| depth.get(p.as_str())).map_or(0, |d| d + 1);
            depth.insert(org.code.as_str(), d);
            (org, d)
        })
        .collect()
}

/// HTML-escapes text for the hand-built fragments below.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The opening `chars` characters of `text` on one line, ending in 省略号 when cut;
/// `None` when the text is only white space.
pub fn excerpt(text: &str, chars: usize) -> Option<String> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(chars) {
        _ if line.is_empty() => None,
        Some((at, _)) => Some(format!("{}……", &line[..at])),
        None => Some(line),
    }
}

/// A line of a record list.
pub struct RecordLine {
    pub id: String,
    pub title: String,
    pub org_name: String,
    pub date: String,
    pub state: &'static str,
    pub stage: &'static str,
    pub version: u32,
}

impl From<&RecordSummary> for RecordLine {
    fn from(r: &RecordSummary) -> Self {
        RecordLine {
            id: r.id.clone(),
            title: r.title.clone(),
            org_name: r.org_name.clone(),
            date: date(r.published_at.unwrap_or(r.updated_at).timestamp()),
            state: r.state.label(),
            stage: r.stage.map_or("", |s| s.label()),
            version: r.version,
        }
    }
}

impl RecordLine {
    /// A line for a full record, whose organisation's name the caller knows.
    pub fn of(r: &gongkai_core::record::Record, org_name: &str) -> Self {
        RecordLine {
            id: r.id.to_string(),
            title: r.title.clone(),
            org_name: org_name.to_owned(),
            date: date(r.published_at.unwrap_or(r.updated_at).timestamp()),
            state: r.state.label(),
            stage: r.stage.map_or("", |s| s.label()),
            version: r.version,
        }
    }
}

/// Where a list is among its pages: "第 2 / 9 页" with links either side.
pub struct Pager {
    pub page: u32,
    pub pages: u32,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// Page `page` of `total` items shown `per_page` at a time; `link` makes a page's
    /// address. A page past the last is not found: an old link to a list that has since
    /// shrunk says so instead of showing an empty page numbered beyond the count.
    pub fn new(page: u32, per_page: u32, total: i64, link: impl Fn(u32) -> String) -> Result<Self, AppError> {
        let pages = Self::count(per_page, total);
        if page > pages {
            let message = format!("没有第{page}页，这里共{pages}页");
            return Err(AppError::Domain(gongkai_core::DomainError::not_found("page_not_found", message)));
        }
        Ok(Pager {
            page,
            pages,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        })
    }

    /// How many pages `total` items fill, `per_page` at a time: one at least, if empty.
    pub fn count(per_page: u32, total: i64) -> u32 {
        u32::try_from(total.max(0)).unwrap_or(u32::MAX).div_ceil(per_page).max(1)
    }
}

pub fn lines(records: &[RecordSummary]) -> Vec<RecordLine> {
    records.iter().map(RecordLine::from).collect()
}

/// A catalogue as nested lists; leaves link to the organisation page filtered by them and
/// show their time class. `selected` marks the current filter.
pub fn catalog_tree(org_code: &str, items: &[CatalogItem], selected: Option<&str>) -> String {
    let mut children: HashMap<Option<&str>, Vec<&CatalogItem>> = HashMap::new();
    for item in items {
        children.entry(item.parent.as_ref().map(|p| p.as_str())).or_default().push(item);
    }
    let mut out = String::new();
    write_items(&children, None, org_code, selected, &mut out);
    out
}

fn write_items(
    children: &HashMap<Option<&str>, Vec<&CatalogItem>>,
    parent: Option<&str>,
    org_code: &str,
    selected: Option<&str>,
    out: &mut String,
) {
    let Some(list) = children.get(&parent) else { return };
    out.push_str("<ul class=\"tree\">");
    for item in list {
        match &item.rules {
            Some(rules) => {
                let current = if selected == Some(item.code.as_str()) { " class=\"current\"" } else { "" };
                let _ = write!(
                    out,
                    "<li><a{current} href=\"/org/{}?c={}\">{}</a> <small>{} · {} · {}</small></li>",
                    escape(org_code),
                    escape(item.code.as_str()),
                    escape(&item.name),
                    rules.domain.label(),
                    rules.time_class.label(),
                    rules.update_rule.label()
                );
            }
            None => {
                let open = if item.level == 1 { "" } else { " open" };
                let _ = write!(out, "<li><details{open}><summary>{}</summary>", escape(&item.name));
                write_items(children, Some(item.code.as_str()), org_code, selected, out);
                out.push_str("</details></li>");
            }
        }
    }
    out.push_str("</ul>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_one_line_cut_at_a_character() {
        assert_eq!(excerpt("第一段\n\n 第二段 ", 200).as_deref(), Some("第一段 第二段"));
        let cut = excerpt(&"公".repeat(250), 200).unwrap();
        assert_eq!(cut.chars().count(), 202);
        assert!(cut.ends_with("公……"));
        assert_eq!(excerpt(&"公".repeat(200), 200), Some("公".repeat(200)));
        assert_eq!(excerpt(" \n", 200), None);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn dates_are_china_time() {
        // 2026-11-21 16:30 UTC is already the 22nd in Beijing.
        assert_eq!(date(1_795_278_600), "2026-11-22");
    }
}
