//! Reading a template table: every row checked, every bad cell named.

use super::super::{Audience, CatalogCode, CatalogItem, Domain, LeafRules, Mode, Power, TimeClass, UpdateRule};
use super::COLUMNS;
use crate::fields::optional_text;
use crate::table::{Header, TableErrors};

const NAME_MAX: usize = 100;
const BASIS_MAX: usize = 500;
const TEXT_MAX: usize = 200;

/// The items of a template read from `rows`, the first being the header; or every cell
/// that is wrong.
pub fn items_from_table(rows: &[Vec<String>]) -> Result<Vec<CatalogItem>, TableErrors> {
    let Some((headings, body)) = rows.split_first() else {
        let mut errors = TableErrors::default();
        errors.push(1, "", "表格是空的");
        return Err(errors);
    };
    let header = Header::check(headings, &COLUMNS)?;
    let mut errors = TableErrors::default();
    let mut items: Vec<CatalogItem> = Vec::new();
    // Where each area and group was first named, to report a second, different name.
    let mut first_named: Vec<(CatalogCode, usize)> = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let n = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(leaf) = read_leaf(&header, row, n, &mut errors) else { continue };
        let (area_code, group_code) = match parents(&leaf.code) {
            Some(codes) => codes,
            None => {
                errors.push(n, "编码", format!("编码“{}”应由三段组成，如 zc-01-02", leaf.code.as_str()));
                continue;
            }
        };
        if items.iter().any(|it| it.code == leaf.code) {
            errors.push(n, "编码", format!("编码“{}”与前面的行重复", leaf.code.as_str()));
            continue;
        }
        for (code, parent, level, column) in
            [(&area_code, None, 1, "一级事项"), (&group_code, Some(&area_code), 2, "二级事项")]
        {
            let name = name(&header, row, column, n, &mut errors).unwrap_or_default();
            match items.iter().find(|it| &it.code == code) {
                Some(existing) if existing.name != name && !name.is_empty() => {
                    let first = first_named.iter().find(|(c, _)| c == code).map_or(0, |(_, r)| *r);
                    errors.push(
                        n,
                        column,
                        format!("编码“{}”的名称与第{first}行的“{}”不一致", code.as_str(), existing.name),
                    );
                }
                Some(_) => {}
                None => {
                    let position = 1 + items.iter().filter(|it| it.parent.as_ref() == parent).count() as i64;
                    items.push(CatalogItem {
                        code: code.clone(),
                        parent: parent.cloned(),
                        level,
                        name,
                        position,
                        rules: None,
                    });
                    first_named.push((code.clone(), n));
                }
            }
        }
        let position = 1 + items.iter().filter(|it| it.parent.as_ref() == Some(&group_code)).count() as i64;
        items.push(CatalogItem { parent: Some(group_code), position, ..leaf });
    }
    if items.is_empty() && errors.is_empty() {
        errors.push(2, "", "表格中没有公开内容");
    }
    errors.or(items)
}

/// The area and group codes a leaf's code stands under, when it has three parts.
fn parents(code: &CatalogCode) -> Option<(CatalogCode, CatalogCode)> {
    let parts: Vec<&str> = code.as_str().split('-').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    Some((CatalogCode::parse(parts[0]).ok()?, CatalogCode::parse(&parts[..2].join("-")).ok()?))
}

fn name(header: &Header, row: &[String], column: &str, n: usize, errors: &mut TableErrors) -> Option<String> {
    crate::fields::name(Some(header.cell(row, column)), column, NAME_MAX).map_err(|e| errors.refuse(n, column, e)).ok()
}

fn text(
    header: &Header,
    row: &[String],
    column: &str,
    max: usize,
    n: usize,
    errors: &mut TableErrors,
) -> Option<String> {
    match optional_text(Some(header.cell(row, column)), column, max) {
        Ok(value) => Some(value.unwrap_or_default()),
        Err(e) => {
            errors.refuse(n, column, e);
            None
        }
    }
}

/// Parses one of the closed vocabularies, reporting the cell when it does not parse.
fn closed<T>(
    header: &Header,
    row: &[String],
    column: &str,
    n: usize,
    errors: &mut TableErrors,
    parse: fn(&str) -> Result<T, crate::DomainError>,
) -> Option<T> {
    parse(header.cell(row, column)).map_err(|e| errors.refuse(n, column, e)).ok()
}

/// The leaf of row `n` (code, name and rules; parent and position are set by the caller).
fn read_leaf(header: &Header, row: &[String], n: usize, errors: &mut TableErrors) -> Option<CatalogItem> {
    let before = errors.0.len();
    let code = CatalogCode::parse(header.cell(row, "编码")).map_err(|e| errors.refuse(n, "编码", e)).ok();
    let leaf_name = name(header, row, "公开内容", n, errors);
    let domain = closed(header, row, "公开领域", n, errors, Domain::parse);
    let power = match (domain, header.cell(row, "权力类型")) {
        (Some(Domain::Party), "") | (None, _) => None,
        (Some(Domain::Party), _) => {
            errors.push(n, "权力类型", "党务事项不填权力类型");
            None
        }
        (Some(Domain::Government), "") => {
            errors.push(n, "权力类型", "政务事项须填写权力类型：事权、财权或人事权");
            None
        }
        (Some(Domain::Government), _) => closed(header, row, "权力类型", n, errors, Power::parse),
    };
    let audience = closed(header, row, "公开范围", n, errors, Audience::parse);
    let basis = text(header, row, "公开依据", BASIS_MAX, n, errors);
    let responsible = text(header, row, "公开主体", TEXT_MAX, n, errors);
    let channels = text(header, row, "公开渠道和载体", TEXT_MAX, n, errors);
    let mode = closed(header, row, "公开方式", n, errors, Mode::parse);
    let time_class = closed(header, row, "公开时限", n, errors, TimeClass::parse);
    let update_rule = closed(header, row, "更新规则", n, errors, UpdateRule::parse);
    let personal_data = match header.cell(row, "涉及个人信息") {
        "是" => Some(true),
        "" | "否" => Some(false),
        other => {
            errors.push(n, "涉及个人信息", format!("只能填“是”或“否”，不能是“{other}”"));
            None
        }
    };
    if errors.0.len() > before {
        return None;
    }
    Some(CatalogItem {
        code: code?,
        parent: None,
        level: 3,
        name: leaf_name?,
        position: 0,
        rules: Some(LeafRules {
            domain: domain?,
            power,
            audience: audience?,
            basis: basis?,
            responsible: responsible?,
            channels: channels?,
            mode: mode?,
            time_class: time_class?,
            update_rule: update_rule?,
            personal_data: personal_data?,
        }),
    })
}
