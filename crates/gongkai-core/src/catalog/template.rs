//! Loading a template table over the template in use. Items are matched by code: new codes
//! are added, items whose name, place or rules differ are changed, and items the table no
//! longer names stay, since records and organisations' own additions may be filed under
//! them. An item may not change level or turn from heading into 公开内容 or back: what
//! hangs below it or is filed under it would no longer fit.

use super::{CatalogCode, CatalogItem};
use crate::access::Actor;
use crate::org::OrgKind;
use crate::DomainError;

/// The sheet name of a kind's template table, as downloaded and exported: it says whose a
/// table handed back is, since kinds share most codes.
pub fn sheet_name(kind: OrgKind) -> String {
    format!("{}公开目录", kind.label())
}

/// The kind a sheet's name says a table is the template of, if it says one.
pub fn kind_of_sheet(sheet: &str) -> Option<OrgKind> {
    OrgKind::ALL.iter().copied().find(|k| sheet == sheet_name(*k))
}

/// Refuses a table whose sheet names another kind than the one it is loaded over.
pub fn check_sheet(sheet: &str, kind: OrgKind) -> Result<(), DomainError> {
    match kind_of_sheet(sheet) {
        Some(named) if named != kind => Err(DomainError::invalid(
            "template_kind_mismatch",
            format!("这是“{}”的目录模板表格（工作表名为“{sheet}”），不能载入“{}”的模板", named.label(), kind.label()),
        )),
        _ => Ok(()),
    }
}

/// What loading a table changes in a template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateLoad {
    pub added: Vec<CatalogItem>,
    pub changed: Vec<CatalogItem>,
    pub unchanged: usize,
    /// Items in use that the table does not name; they stay.
    pub kept: Vec<CatalogCode>,
}

/// Decides what `actor` loading `table` over the template `current` changes.
pub fn load(actor: &Actor, current: &[CatalogItem], table: Vec<CatalogItem>) -> Result<TemplateLoad, DomainError> {
    actor.authorize_templates()?;
    let mut load = TemplateLoad::default();
    for item in &table {
        match current.iter().find(|c| c.code == item.code) {
            None => load.added.push(item.clone()),
            Some(existing) if existing == item => load.unchanged += 1,
            Some(existing) if existing.level != item.level || existing.is_leaf() != item.is_leaf() => {
                return Err(DomainError::conflict(
                    "catalog_item_reshaped",
                    format!(
                        "目录编码“{}”原为{}“{}”，不能改为{}“{}”：请为新事项另取编码",
                        item.code.as_str(),
                        describe(existing),
                        existing.name,
                        describe(item),
                        item.name
                    ),
                ));
            }
            Some(_) => load.changed.push(item.clone()),
        }
    }
    load.kept = current.iter().filter(|c| !table.iter().any(|t| t.code == c.code)).map(|c| c.code.clone()).collect();
    Ok(load)
}

fn describe(item: &CatalogItem) -> &'static str {
    match (item.level, item.is_leaf()) {
        (_, true) => "公开内容",
        (1, _) => "一级事项",
        _ => "二级事项",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::catalog::tests::item;
    use crate::catalog::TimeClass;

    fn current() -> Vec<CatalogItem> {
        vec![
            item("cz", None, 1, "财政资金", None),
            item("cz-01", Some("cz"), 2, "预决算", None),
            item("cz-01-01", Some("cz-01"), 3, "部门预算", Some(TimeClass::Long)),
            item("cz-01-02", Some("cz-01"), 3, "部门决算", Some(TimeClass::Long)),
        ]
    }

    #[test]
    fn new_changed_unchanged_and_kept_items() {
        let table = vec![
            item("cz", None, 1, "财政资金", None),
            item("cz-01", Some("cz"), 2, "预算决算", None),
            item("cz-01-01", Some("cz-01"), 3, "部门预算", Some(TimeClass::Long)),
            item("cz-01-03", Some("cz-01"), 3, "三公经费", Some(TimeClass::Long)),
        ];
        let load = load(&Actor::system(), &current(), table).unwrap();
        assert_eq!(load.added.iter().map(|i| i.code.as_str()).collect::<Vec<_>>(), ["cz-01-03"]);
        assert_eq!(load.changed.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["预算决算"]);
        assert_eq!(load.unchanged, 2);
        assert_eq!(load.kept, vec![CatalogCode::parse("cz-01-02").unwrap()]);
    }

    #[test]
    fn an_item_keeps_its_level_and_kind() {
        let table = vec![item("cz-01", Some("cz"), 2, "预决算", Some(TimeClass::Long))];
        let err = load(&Actor::system(), &current(), table).unwrap_err();
        assert_eq!(err.code, "catalog_item_reshaped");
        assert_eq!(err.message, "目录编码“cz-01”原为二级事项“预决算”，不能改为公开内容“预决算”：请为新事项另取编码");
    }

    #[test]
    fn only_administrators_load_templates() {
        let editor = Actor { user_id: "u1".into(), username: "editor".into(), role: Role::Editor, org: None };
        assert_eq!(load(&editor, &current(), current()).unwrap_err().code, "forbidden");
    }
}
