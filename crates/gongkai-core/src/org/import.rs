//! An organisation tree handed over as a table (one row per organisation: code, name,
//! kind, parent, first responsible person and contacts), checked whole against the tree
//! already in the system. A parent may be an existing organisation or any row of the
//! table, above or below; nothing is taken unless every row is good.

use std::collections::HashMap;

use super::tree::{check_place, NAME_MAX};
use super::{Org, OrgCode, OrgKind};
use crate::fields::{name as one_line, optional_text, phone};
use crate::table::{Header, TableErrors};
use crate::DomainError;

/// The headings, in the order an exported table has them; the first three are required.
pub const COLUMNS: [&str; 7] =
    ["单位编码", "单位名称", "单位类型", "上级单位编码", "第一责任人", "办公地址", "联系电话"];

/// The organisations `rows` (the header first) add to `existing`, parents before their
/// children; or every cell that is wrong.
pub fn orgs_from_table(existing: &[Org], rows: &[Vec<String>]) -> Result<Vec<Org>, TableErrors> {
    let Some((headings, body)) = rows.split_first() else {
        let mut errors = TableErrors::default();
        errors.push(1, "", "表格是空的");
        return Err(errors);
    };
    let header = Header::check(headings, &COLUMNS[..3])?;
    let mut errors = TableErrors::default();
    let known: HashMap<&str, &Org> = existing.iter().map(|o| (o.code.as_str(), o)).collect();
    // Codes are unique whatever their case: they would be read as one on paper and in URLs.
    let known_folded: std::collections::HashSet<String> =
        existing.iter().map(|o| o.code.as_str().to_ascii_lowercase()).collect();
    // Each good row with its number, and where each new code was first given.
    let mut read: Vec<(usize, Org)> = Vec::new();
    let mut first_given: HashMap<String, usize> = HashMap::new();
    for (i, row) in body.iter().enumerate() {
        let n = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(org) = read_row(&header, row, n, &mut errors) else { continue };
        let folded = org.code.as_str().to_ascii_lowercase();
        if known_folded.contains(&folded) {
            errors.push(n, "单位编码", format!("单位编码“{}”已在系统中使用", org.code.as_str()));
            continue;
        }
        if let Some(first) = first_given.get(&folded) {
            errors.push(n, "单位编码", format!("单位编码“{}”与第{first}行重复", org.code.as_str()));
            continue;
        }
        first_given.insert(folded, n);
        read.push((n, org));
    }
    let in_table: HashMap<&str, usize> = read.iter().enumerate().map(|(i, (_, o))| (o.code.as_str(), i)).collect();
    let parent_of = |org: &Org| -> Option<&Org> {
        let code = org.parent.as_ref()?.as_str();
        in_table.get(code).map(|&i| &read[i].1).or_else(|| known.get(code).copied())
    };
    // Depth below the existing tree, to order parents first; `None` for a cycle.
    let depth = |start: usize| -> Option<usize> {
        let (mut at, mut steps) = (&read[start].1, 0);
        while let Some(&i) = at.parent.as_ref().and_then(|p| in_table.get(p.as_str())) {
            steps += 1;
            if steps > read.len() {
                return None;
            }
            at = &read[i].1;
        }
        Some(steps)
    };
    // Names already open under each parent, and the row each name in the table was first
    // given under its parent: two units of one name under one parent cannot be told apart.
    let mut names: HashMap<(Option<&str>, &str), usize> = existing
        .iter()
        .filter(|o| o.closed_on.is_none())
        .map(|o| ((o.parent.as_ref().map(OrgCode::as_str), o.name.as_str()), 0))
        .collect();
    let mut ordered: Vec<(usize, usize)> = Vec::with_capacity(read.len());
    for (i, (n, org)) in read.iter().enumerate() {
        let place = (org.parent.as_ref().map(OrgCode::as_str), org.name.as_str());
        match names.insert(place, *n) {
            Some(0) => {
                errors.push(*n, "单位名称", format!("同一上级单位下已有名为“{}”的单位", org.name));
                continue;
            }
            Some(first) => {
                errors.push(*n, "单位名称", format!("与第{first}行同属一个上级单位，名称相同"));
                continue;
            }
            None => {}
        }
        let parent = parent_of(org);
        if let (Some(code), None) = (&org.parent, parent) {
            errors.push(*n, "上级单位编码", format!("上级单位“{}”既不在表中，也不在系统中", code.as_str()));
            continue;
        }
        if org.parent.as_ref() == Some(&org.code) {
            errors.push(*n, "上级单位编码", "上级单位不能是本单位");
            continue;
        }
        if let Err(e) = check_place(org.kind, parent) {
            // A kind that does not fit is the kind's fault; a missing or closed parent, the parent's.
            let column = if e.code == "org_misplaced" { "单位类型" } else { "上级单位编码" };
            errors.refuse(*n, column, e);
            continue;
        }
        match depth(i) {
            Some(d) => ordered.push((d, i)),
            None => errors.push(*n, "上级单位编码", "上下级关系成了环：本单位最终成了自己的上级"),
        }
    }
    if read.is_empty() && errors.is_empty() {
        errors.push(2, "", "表格中没有单位");
    }
    errors.0.sort_by_key(|e| e.row);
    if !errors.is_empty() {
        return Err(errors);
    }
    // Stable: siblings keep the table's order.
    ordered.sort_by_key(|&(d, _)| d);
    let mut slots: Vec<Option<Org>> = read.into_iter().map(|(_, o)| Some(o)).collect();
    Ok(ordered.into_iter().filter_map(|(_, i)| slots[i].take()).collect())
}

/// The organisation of row `n`, or `None` with its refusals recorded.
fn read_row(header: &Header, row: &[String], n: usize, errors: &mut TableErrors) -> Option<Org> {
    let before = errors.0.len();
    let cell = |column: &str| header.cell(row, column);
    let code = take(errors, n, "单位编码", OrgCode::parse(cell("单位编码")));
    let name = take(errors, n, "单位名称", one_line(Some(cell("单位名称")), "单位名称", NAME_MAX));
    let kind = take(errors, n, "单位类型", OrgKind::parse(cell("单位类型")));
    let parent = take(
        errors,
        n,
        "上级单位编码",
        match cell("上级单位编码") {
            "" => Ok(None),
            code => OrgCode::parse(code).map(Some),
        },
    );
    let first_responsible = take(errors, n, "第一责任人", optional_text(Some(cell("第一责任人")), "第一责任人", 20));
    let address = take(errors, n, "办公地址", optional_text(Some(cell("办公地址")), "办公地址", 100));
    let phone = take(errors, n, "联系电话", phone(Some(cell("联系电话")), "联系电话"));
    if errors.0.len() > before {
        return None;
    }
    Some(Org {
        code: code?,
        name: name?,
        kind: kind?,
        parent: parent?,
        address: address?,
        phone: phone?,
        first_responsible: first_responsible?,
        leaders: Vec::new(),
        closed_on: None,
    })
}

fn take<T>(errors: &mut TableErrors, n: usize, column: &str, result: Result<T, DomainError>) -> Option<T> {
    result.map_err(|e| errors.refuse(n, column, e)).ok()
}

/// The rows of a table for `orgs`, the header first, in the order given.
pub fn table_from_orgs(orgs: &[Org]) -> Vec<Vec<String>> {
    let mut rows = vec![COLUMNS.map(String::from).to_vec()];
    rows.extend(orgs.iter().map(|o| {
        vec![
            o.code.as_str().to_owned(),
            o.name.clone(),
            o.kind.label().to_owned(),
            o.parent.as_ref().map_or_else(String::new, |p| p.as_str().to_owned()),
            o.first_responsible.clone().unwrap_or_default(),
            o.address.clone().unwrap_or_default(),
            o.phone.clone().unwrap_or_default(),
        ]
    }));
    rows
}

#[cfg(test)]
mod tests {
    use super::tests_support::{city as existing, table};
    use super::*;

    #[test]
    fn parents_come_first_wherever_the_table_has_them() {
        let rows = table(&[
            &["lj-d01-t01", "湖滨街道", "街道", "lj-d01", "陈书记", "湖滨路1号", "0571-8800 1234"],
            &["lj-d01", "东湖区", "县(市)区", "lj", "", "", ""],
            &["lj-d01-t01-c01", "柳岸社区", "社区", "lj-d01-t01", "", "", ""],
        ]);
        let orgs = orgs_from_table(&existing(), &rows).unwrap();
        let codes: Vec<&str> = orgs.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["lj-d01", "lj-d01-t01", "lj-d01-t01-c01"]);
        assert_eq!(orgs[1].phone.as_deref(), Some("0571-8800 1234"));
        assert_eq!(orgs[1].first_responsible.as_deref(), Some("陈书记"));
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_is_taken() {
        let rows = table(&[
            &["lj-d01", "东湖区", "district", "lj", "", "", ""],
            &["lj-d01", "东湖新区", "district", "lj", "", "", ""],
            &["lj", "岚江", "city", "", "", "", ""],
            &["lj-d02", "", "district", "lj", "", "", ""],
            &["lj-d03", "青山县", "province", "lj", "", "", ""],
            &["lj-d04", "西湖区", "district", "nowhere", "", "", ""],
            &["lj-v01", "桃源村", "village", "lj-d01", "", "", "电话"],
            &["lj-v02", "杏花村", "village", "lj-d01", "", "", ""],
            &["lj-a", "甲街道", "street", "lj-b", "", "", ""],
            &["lj-b", "乙街道", "street", "lj-a", "", "", ""],
        ]);
        let errors = orgs_from_table(&existing(), &rows).unwrap_err().to_string();
        assert_eq!(
            errors,
            [
                "第3行“单位编码”列：单位编码“lj-d01”与第2行重复",
                "第4行“单位编码”列：单位编码“lj”已在系统中使用",
                "第5行“单位名称”列：请填写单位名称",
                "第6行“单位类型”列：未知的单位类型“province”",
                "第7行“上级单位编码”列：上级单位“nowhere”既不在表中，也不在系统中",
                "第8行“联系电话”列：联系电话“电话”不是有效的电话号码",
                "第9行“单位类型”列：村不能设在县(市)区之下，只能设在乡镇、街道之下",
                "第10行“单位类型”列：街道不能设在街道之下，只能设在县(市)区之下",
                "第11行“单位类型”列：街道不能设在街道之下，只能设在县(市)区之下",
            ]
            .join("\n")
        );
    }

    #[test]
    fn two_units_of_one_name_under_one_parent_are_refused() {
        let rows = table(&[
            &["lj-d01", "东湖区", "district", "lj", "", "", ""],
            &["lj-d02", "东湖区", "district", "lj", "", "", ""],
            &["lj-d01-t01", "东湖区", "street", "lj-d01", "", "", ""],
        ]);
        let errors = orgs_from_table(&existing(), &rows).unwrap_err().to_string();
        assert_eq!(
            errors, "第3行“单位名称”列：与第2行同属一个上级单位，名称相同",
            "a street may share its district's name"
        );
        let mut known = existing();
        known.extend(orgs_from_table(&known, &table(&[&["lj-d01", "东湖区", "district", "lj", "", "", ""]])).unwrap());
        let again = table(&[&["lj-d09", "东湖区", "district", "lj", "", "", ""]]);
        let errors = orgs_from_table(&known, &again).unwrap_err().to_string();
        assert_eq!(errors, "第2行“单位名称”列：同一上级单位下已有名为“东湖区”的单位");
    }

    #[test]
    fn a_table_without_its_columns_or_rows_is_refused() {
        let mut rows = table(&[]);
        rows[0].retain(|h| h != "单位类型");
        assert_eq!(orgs_from_table(&existing(), &rows).unwrap_err().to_string(), "第1行“单位类型”列：表头缺少这一列");
        assert_eq!(orgs_from_table(&existing(), &table(&[])).unwrap_err().to_string(), "第2行：表格中没有单位");
    }

    #[test]
    fn a_table_goes_out_and_comes_back() {
        let rows = table(&[&["lj-d01", "东湖区", "县(市)区", "lj", "王书记", "东湖路1号", "0571-12345678"]]);
        let orgs = orgs_from_table(&existing(), &rows).unwrap();
        assert_eq!(table_from_orgs(&orgs), rows);
    }
}

#[cfg(test)]
mod parent_tests {
    use super::*;

    #[test]
    fn a_parent_that_cannot_be_is_named_in_its_own_column() {
        let mut existing = super::tests_support::city();
        existing[0].closed_on = chrono::NaiveDate::from_ymd_opt(2026, 1, 1);
        let rows = super::tests_support::table(&[
            &["lj-d01", "东湖区", "district", "lj", "", "", ""],
            &["lj-t01", "石门镇", "township", "lj-t01", "", "", ""],
            &["LJ", "岚江市", "city", "", "", "", ""],
        ]);
        let errors = orgs_from_table(&existing, &rows).unwrap_err().to_string();
        assert_eq!(
            errors,
            [
                "第2行“上级单位编码”列：上级单位“岚江市”已撤销",
                "第3行“上级单位编码”列：上级单位不能是本单位",
                "第4行“单位编码”列：单位编码“LJ”已在系统中使用",
            ]
            .join("\n")
        );
    }
}

#[cfg(test)]
mod tests_support {
    use super::*;

    pub fn city() -> Vec<Org> {
        vec![crate::org::fixtures::org("lj", "岚江市", OrgKind::City, None)]
    }

    pub fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
        let mut all = vec![COLUMNS.map(String::from).to_vec()];
        all.extend(rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()));
        all
    }
}
