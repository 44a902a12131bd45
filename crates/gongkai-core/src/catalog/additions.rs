//! A unit's own catalogue additions handed over as a table, in the template table's form:
//! the unit downloads its catalogue, adds rows and hands it back. Rows whose 编码 the
//! catalogue already holds are left as they are (the template is the administrators', an
//! addition is changed one at a time); the other rows become the unit's additions, their
//! 一级、二级事项 taken from the catalogue where it already has them. All or nothing.

use super::table::items_from_table;
use super::{check_placement, CatalogItem};
use crate::access::{Actor, Permission};
use crate::org::Org;
use crate::table::TableErrors;
use crate::DomainError;

/// The items `actor` adds to `org`'s `catalog` from the table `rows` (header first), in
/// the order to insert them (parents first); or every cell at fault.
pub fn from_table(
    actor: &Actor,
    org: &Org,
    catalog: &[CatalogItem],
    rows: &[Vec<String>],
) -> Result<Vec<CatalogItem>, TableErrors> {
    let whole = |e: DomainError| {
        let mut errors = TableErrors::default();
        errors.refuse(0, "", e);
        errors
    };
    actor.authorize(Permission::ManageOrg, &org.code).map_err(whole)?;
    crate::org::tree::check_open(org).map_err(whole)?;
    let Some((header, body)) = rows.split_first() else { return items_from_table(rows) };
    let code_column = header.iter().position(|h| h.trim() == "编码").unwrap_or(0);
    let known = |row: &Vec<String>| {
        row.get(code_column).map(|c| c.trim()).is_some_and(|c| catalog.iter().any(|i| i.code.as_str() == c))
    };
    // The new rows, with the row numbers the spreadsheet gives them.
    let (numbers, new_rows): (Vec<usize>, Vec<Vec<String>>) =
        body.iter().enumerate().filter(|(_, row)| !known(row)).map(|(i, row)| (i + 2, row.clone())).unzip();
    if new_rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
        let mut errors = TableErrors::default();
        errors.push(0, "", "表格中没有新增的公开内容：已有编码的行不作修改，新增事项请另取编码");
        return Err(errors);
    }
    let renumber = |errors: TableErrors| {
        TableErrors(
            errors
                .0
                .into_iter()
                .map(|mut e| {
                    e.row = if e.row >= 2 { numbers.get(e.row - 2).copied().unwrap_or(e.row) } else { e.row };
                    e
                })
                .collect(),
        )
    };
    let table = items_from_table(&[&[header.clone()][..], &new_rows].concat()).map_err(renumber)?;
    let first_row = |code: &str| {
        new_rows
            .iter()
            .position(|r| {
                r.get(code_column).is_some_and(|c| c.trim() == code || c.trim().starts_with(&format!("{code}-")))
            })
            .map_or(0, |i| numbers[i])
    };
    let mut errors = TableErrors::default();
    let mut added: Vec<CatalogItem> = Vec::new();
    for item in table {
        let row = first_row(item.code.as_str());
        // A heading the catalogue already has is where the new rows go.
        if let Some(existing) = catalog.iter().find(|c| c.code == item.code) {
            if existing.name != item.name || existing.is_leaf() != item.is_leaf() {
                errors.push(
                    row,
                    if item.level == 1 { "一级事项" } else { "二级事项" },
                    format!("编码“{}”在目录中是“{}”，与表中的“{}”不一致", item.code.as_str(), existing.name, item.name),
                );
            }
            continue;
        }
        let parent = item.parent.as_ref().and_then(|p| catalog.iter().chain(&added).find(|c| &c.code == p));
        if let Err(e) = check_placement(item.level, parent.map(|p| p.level), parent.is_some_and(CatalogItem::is_leaf)) {
            errors.refuse(row, "编码", e);
            continue;
        }
        let position = 1000 + (catalog.len() + added.len()) as i64;
        added.push(CatalogItem { position, ..item });
    }
    errors.or(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::catalog::table::table_from_items;
    use crate::catalog::tests::item;
    use crate::catalog::{CatalogCode, TimeClass};
    use crate::org::{OrgCode, OrgKind};

    fn org() -> Org {
        crate::org::fixtures::org("st-a", "东湖街道", OrgKind::Street, None)
    }

    fn editor() -> Actor {
        Actor {
            user_id: "e".into(),
            username: "e".into(),
            role: Role::Editor,
            org: Some(OrgCode::parse("st-a").unwrap()),
        }
    }

    fn catalog() -> Vec<CatalogItem> {
        vec![
            item("zw", None, 1, "政务公开", None),
            item("zw-01", Some("zw"), 2, "民生保障", None),
            item("zw-01-01", Some("zw-01"), 3, "低保名单", Some(TimeClass::Short)),
        ]
    }

    #[test]
    fn new_rows_become_additions_under_the_headings_there_are() {
        let mut rows = table_from_items(&catalog());
        let mut new = rows[1].clone();
        (new[0], new[3]) = ("zw-01-02".into(), "临时救助名单".into());
        rows.push(new);
        let mut other = rows[1].clone();
        (other[0], other[1], other[2], other[3]) =
            ("sa-01-01".into(), "街道特色".into(), "老旧小区".into(), "改造计划".into());
        rows.push(other);
        let added = from_table(&editor(), &org(), &catalog(), &rows).unwrap();
        let codes: Vec<&str> = added.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["zw-01-02", "sa", "sa-01", "sa-01-01"]);
        assert_eq!(added[0].parent.as_ref().map(CatalogCode::as_str), Some("zw-01"));
    }

    #[test]
    fn a_heading_named_otherwise_and_an_empty_table_are_refused() {
        let mut rows = table_from_items(&catalog());
        let mut new = rows[1].clone();
        (new[0], new[2], new[3]) = ("zw-01-02".into(), "社会保障".into(), "临时救助名单".into());
        rows.push(new);
        let errors = from_table(&editor(), &org(), &catalog(), &rows).unwrap_err();
        assert_eq!((errors.0[0].row, errors.0[0].column.as_str()), (3, "二级事项"), "{errors:?}");
        let unchanged = table_from_items(&catalog());
        assert_eq!(from_table(&editor(), &org(), &catalog(), &unchanged).unwrap_err().0[0].row, 0);
        let reviewer = Actor { role: Role::Reviewer, ..editor() };
        assert_eq!(from_table(&reviewer, &org(), &catalog(), &rows).unwrap_err().0[0].row, 0);
    }
}
