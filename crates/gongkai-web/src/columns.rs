//! The 信息公开 column as the public finds its way through it: an organisation's 公开指南,
//! 公开制度 and 公开年报 (items of its catalogue, found by their names in the standard
//! templates), its 法定主动公开内容 (the whole catalogue, each item with how many records it
//! holds, an empty one greyed), and the directory of units.

use std::collections::HashMap;
use std::fmt::Write;

use gongkai_core::catalog::CatalogItem;
use gongkai_core::org::Org;

use crate::views::escape;

/// The catalogue leaves behind the column's fixed entries, when the catalogue has them.
#[derive(Debug, Default)]
pub struct Columns {
    /// 政府信息公开指南
    pub guide: Option<String>,
    /// 公开工作制度
    pub rules: Option<String>,
    /// 政府信息公开工作年度报告
    pub report: Option<String>,
}

impl Columns {
    pub fn of(items: &[CatalogItem]) -> Self {
        let leaf = |wanted: &[&str]| {
            items
                .iter()
                .find(|i| i.is_leaf() && wanted.iter().any(|w| i.name.contains(w)))
                .map(|i| i.code.as_str().to_owned())
        };
        Columns {
            guide: leaf(&["公开指南"]),
            rules: leaf(&["公开目录及工作制度", "公开工作制度", "公开制度"]),
            report: leaf(&["公开工作年度报告", "年度报告"]),
        }
    }
}

/// How many listed records each catalogue item holds, leaves as counted and groups as the
/// sum of what is under them.
fn totals(items: &[CatalogItem], leaves: &HashMap<String, i64>) -> HashMap<String, i64> {
    let mut totals: HashMap<String, i64> = HashMap::new();
    for item in items.iter().filter(|i| i.is_leaf()) {
        let n = leaves.get(item.code.as_str()).copied().unwrap_or(0);
        totals.insert(item.code.as_str().to_owned(), n);
        let mut parent = item.parent.as_ref();
        while let Some(p) = parent {
            *totals.entry(p.as_str().to_owned()).or_default() += n;
            parent = items.iter().find(|i| &i.code == p).and_then(|i| i.parent.as_ref());
        }
    }
    totals
}

/// The catalogue as groups of leaves with their counts; a leaf links to the organisation's
/// list filtered by it, unless it has no records. `selected` marks the current filter.
pub fn catalog(org_code: &str, items: &[CatalogItem], counts: &HashMap<String, i64>, selected: Option<&str>) -> String {
    let totals = totals(items, counts);
    let mut children: HashMap<Option<&str>, Vec<&CatalogItem>> = HashMap::new();
    for item in items {
        children.entry(item.parent.as_ref().map(|p| p.as_str())).or_default().push(item);
    }
    let count = |item: &CatalogItem| totals.get(item.code.as_str()).copied().unwrap_or(0);
    let mut out = String::new();
    for group in children.get(&None).into_iter().flatten() {
        let n = count(group);
        let class = if n == 0 { "catalog-group empty" } else { "catalog-group" };
        let _ = write!(
            out,
            "<section class=\"{class}\"><h3>{}<span class=\"count\" aria-label=\"{n}条\">{n}</span></h3>",
            escape(&group.name)
        );
        write_level(&children, group, org_code, selected, &count, &mut out);
        out.push_str("</section>");
    }
    out
}

fn write_level(
    children: &HashMap<Option<&str>, Vec<&CatalogItem>>,
    parent: &CatalogItem,
    org_code: &str,
    selected: Option<&str>,
    count: &dyn Fn(&CatalogItem) -> i64,
    out: &mut String,
) {
    let Some(list) = children.get(&Some(parent.code.as_str())) else { return };
    let (leaves, groups): (Vec<&CatalogItem>, Vec<&CatalogItem>) = list.iter().partition(|i| i.is_leaf());
    if !leaves.is_empty() {
        out.push_str("<ul class=\"leaves\">");
        for leaf in leaves {
            let n = count(leaf);
            let name = escape(&leaf.name);
            if n == 0 {
                let _ = write!(
                    out,
                    "<li><span class=\"leaf-empty\">{name}<span class=\"count\" aria-label=\"暂无信息\">0</span></span></li>"
                );
            } else {
                let current =
                    if selected == Some(leaf.code.as_str()) { " class=\"current\" aria-current=\"page\"" } else { "" };
                let _ = write!(
                    out,
                    "<li><a{current} href=\"/org/{}?c={}\">{name}<span class=\"count\" aria-label=\"{n}条\">{n}</span></a></li>",
                    escape(org_code),
                    escape(leaf.code.as_str())
                );
            }
        }
        out.push_str("</ul>");
    }
    for group in groups {
        let _ = write!(out, "<h4>{}（{}条）</h4>", escape(&group.name), count(group));
        write_level(children, group, org_code, selected, count, out);
    }
}

/// The units as tiles: the top unit and those directly under it first, then a section for
/// each unit under the top one that has units of its own (a district with its townships,
/// a township with its villages below them).
pub fn units(orgs: &[(&Org, usize)]) -> String {
    let tile = |org: &Org| {
        format!(
            "<li><a href=\"/org/{}\">{}<span class=\"kind\">{}</span></a></li>",
            escape(org.code.as_str()),
            escape(&org.name),
            org.kind.label()
        )
    };
    let has_children = |org: &Org| orgs.iter().any(|(o, _)| o.parent.as_ref() == Some(&org.code));
    let mut out = String::new();
    let mut top = String::new();
    let mut sections = String::new();
    let mut open_section = false;
    for (org, depth) in orgs {
        match depth {
            0 => top.push_str(&tile(org)),
            1 if !has_children(org) => top.push_str(&tile(org)),
            1 => {
                if open_section {
                    sections.push_str("</ul></section>");
                }
                let _ = write!(sections, "<section><h3>{}</h3><ul class=\"tiles\">{}", escape(&org.name), tile(org));
                open_section = true;
            }
            _ if open_section => sections.push_str(&tile(org)),
            _ => top.push_str(&tile(org)),
        }
    }
    if open_section {
        sections.push_str("</ul></section>");
    }
    if !top.is_empty() {
        let _ = write!(out, "<ul class=\"tiles\">{top}</ul>");
    }
    out.push_str(&sections);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_core::catalog::{Audience, CatalogCode, Domain, LeafRules, Mode, TimeClass, UpdateRule};

    fn item(code: &str, parent: Option<&str>, name: &str, leaf: bool) -> CatalogItem {
        let rules = LeafRules {
            domain: Domain::Government,
            power: None,
            audience: Audience::Public,
            basis: String::new(),
            responsible: String::new(),
            channels: String::new(),
            mode: Mode::Proactive,
            time_class: TimeClass::Long,
            update_rule: UpdateRule::OnChange,
            personal_data: false,
        };
        CatalogItem {
            code: CatalogCode::parse(code).unwrap(),
            parent: parent.map(|p| CatalogCode::parse(p).unwrap()),
            level: if parent.is_none() { 1 } else { 2 },
            name: name.into(),
            position: 0,
            rules: leaf.then_some(rules),
        }
    }

    #[test]
    fn groups_add_up_their_leaves_and_empty_leaves_are_not_links() {
        let items = vec![
            item("gk-01", None, "政府信息公开", false),
            item("gk-01-01", Some("gk-01"), "政府信息公开指南", true),
            item("gk-01-02", Some("gk-01"), "政府信息公开工作年度报告", true),
        ];
        let counts = HashMap::from([("gk-01-02".to_owned(), 3)]);
        let html = catalog("A01", &items, &counts, None);
        assert!(html.contains("政府信息公开<span class=\"count\" aria-label=\"3条\">3</span></h3>"), "{html}");
        assert!(html.contains("<a href=\"/org/A01?c=gk-01-02\">政府信息公开工作年度报告"), "{html}");
        assert!(html.contains("<span class=\"leaf-empty\">政府信息公开指南"), "{html}");
        assert!(!html.contains("c=gk-01-01"), "{html}");
        let columns = Columns::of(&items);
        assert_eq!((columns.guide.as_deref(), columns.report.as_deref()), (Some("gk-01-01"), Some("gk-01-02")));
        assert_eq!(columns.rules, None);
    }
}
