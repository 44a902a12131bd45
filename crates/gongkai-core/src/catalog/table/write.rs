//! Writing a template table: one row per 公开内容, in catalogue order.

use super::super::{CatalogCode, CatalogItem};
use super::COLUMNS;

/// The rows of a template table for `items`, the header first: one row per leaf.
pub fn table_from_items(items: &[CatalogItem]) -> Vec<Vec<String>> {
    let name_of = |code: Option<&CatalogCode>| {
        code.and_then(|c| items.iter().find(|it| &it.code == c)).map_or_else(String::new, |it| it.name.clone())
    };
    // Leaves in catalogue order: by their area's place, then their group's, then their own.
    let path = |item: &CatalogItem| -> Vec<(i64, String)> {
        let mut path = vec![(item.position, item.code.as_str().to_owned())];
        let mut at = item;
        while let Some(parent) = at.parent.as_ref().and_then(|c| items.iter().find(|it| &it.code == c)) {
            path.insert(0, (parent.position, parent.code.as_str().to_owned()));
            at = parent;
        }
        path
    };
    let mut leaves: Vec<&CatalogItem> = items.iter().filter(|it| it.is_leaf()).collect();
    leaves.sort_by_cached_key(|leaf| path(leaf));
    let mut rows = vec![COLUMNS.map(String::from).to_vec()];
    for leaf in leaves {
        let Some(r) = &leaf.rules else { continue };
        let parent = leaf.parent.as_ref().and_then(|c| items.iter().find(|it| &it.code == c));
        // An organisation's own addition may be a 公开内容 straight under a 一级事项.
        let (area, group) = match parent {
            Some(p) if p.level == 1 => (p.name.clone(), String::new()),
            Some(g) => (name_of(g.parent.as_ref()), g.name.clone()),
            None => (String::new(), String::new()),
        };
        rows.push(vec![
            leaf.code.as_str().to_owned(),
            area,
            group,
            leaf.name.clone(),
            r.domain.label().to_owned(),
            r.power.map_or_else(String::new, |p| p.label().to_owned()),
            r.audience.label().to_owned(),
            r.basis.clone(),
            r.responsible.clone(),
            r.channels.clone(),
            r.mode.label().to_owned(),
            r.time_class.label().to_owned(),
            r.update_rule.label().to_owned(),
            if r.personal_data { "是" } else { "否" }.to_owned(),
        ]);
    }
    rows
}
