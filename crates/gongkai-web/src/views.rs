//! Shaping stored data for templates: dates in China time, labels instead of codes,
//! and the organisation and catalogue trees as nested lists.

use std::collections::HashMap;
use std::fmt::Write;

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

/// A line of a record list.
pub struct RecordLine {
    pub id: String,
    pub title: String,
    pub org_name: String,
    pub org_code: String,
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
            org_code: r.org_code.clone(),
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
            org_code: r.org.to_string(),
            date: date(r.published_at.unwrap_or(r.updated_at).timestamp()),
            state: r.state.label(),
            stage: r.stage.map_or("", |s| s.label()),
            version: r.version,
        }
    }
}

pub fn lines(records: &[RecordSummary]) -> Vec<RecordLine> {
    records.iter().map(RecordLine::from).collect()
}

/// The organisation tree as nested `<ul>`, each level folded in `<details>` so it works
/// without JavaScript.
pub fn org_tree<'o>(orgs: impl IntoIterator<Item = &'o Org>) -> String {
    let mut children: HashMap<Option<&str>, Vec<&Org>> = HashMap::new();
    for org in orgs {
        children.entry(org.parent.as_ref().map(|p| p.as_str())).or_default().push(org);
    }
    let mut out = String::new();
    write_orgs(&children, None, 0, &mut out);
    out
}

fn write_orgs(children: &HashMap<Option<&str>, Vec<&Org>>, parent: Option<&str>, depth: usize, out: &mut String) {
    let Some(list) = children.get(&parent) else { return };
    out.push_str("<ul class=\"tree\">");
    for org in list {
        let link = format!(
            "<a href=\"/org/{}\">{}</a> <small>{}</small>",
            escape(org.code.as_str()),
            escape(&org.name),
            org.kind.label()
        );
        if children.contains_key(&Some(org.code.as_str())) {
            let open = if depth == 0 { " open" } else { "" };
            let _ = write!(out, "<li><details{open}><summary>{link}</summary>");
            write_orgs(children, Some(org.code.as_str()), depth + 1, out);
            out.push_str("</details></li>");
        } else {
            let _ = write!(out, "<li>{link}</li>");
        }
    }
    out.push_str("</ul>");
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
    fn escapes_markup() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn dates_are_china_time() {
        // 2026-11-21 16:30 UTC is already the 22nd in Beijing.
        assert_eq!(date(1_795_278_600), "2026-11-22");
    }
}
