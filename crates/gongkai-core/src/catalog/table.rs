//! A catalogue template as a table: one row for each 公开内容, under the names of its
//! 一级事项 and 二级事项, with the leaf's attributes in Chinese. The standard templates
//! ship in this form, and templates travel in it to and from spreadsheets.
//!
//! A leaf's code has three parts, `area-group-leaf` (`zc-01-02`): the group is the code
//! without its last part and the area the first part, so the table needs no rows for them.
//! Items keep the order of the table.

use super::{Audience, CatalogCode, CatalogItem, Domain, LeafRules, Mode, Power, TimeClass, UpdateRule};
use crate::fields::optional_text;
use crate::table::{Header, TableErrors};

/// The headings, in the order an exported table has them.
pub const COLUMNS: [&str; 14] = [
    "编码",
    "一级事项",
    "二级事项",
    "公开内容",
    "公开领域",
    "权力类型",
    "公开范围",
    "公开依据",
    "公开主体",
    "公开渠道和载体",
    "公开方式",
    "公开时限",
    "更新规则",
    "涉及个人信息",
];

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

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
        let mut all = vec![COLUMNS.map(String::from).to_vec()];
        all.extend(rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()));
        all
    }

    const BUDGET: &[&str] = &[
        "cz-01-01",
        "财政资金",
        "预决算",
        "部门预算",
        "政务",
        "财权",
        "向社会公开",
        "预算法",
        "财政所",
        "政府网站",
        "主动公开",
        "长期公开",
        "每年",
        "否",
    ];
    const DIBAO: &[&str] = &[
        "cz-02-01",
        "财政资金",
        "社会救助",
        "低保对象名单",
        "政务",
        "财权",
        "向社会公开",
        "社会救助暂行办法",
        "民政办",
        "公开栏",
        "主动公开",
        "阶段公开",
        "每月",
        "是",
    ];
    const MEETING: &[&str] = &[
        "dw-01-01",
        "党的建设",
        "组织生活",
        "三会一课",
        "党务",
        "",
        "党内公开",
        "党章",
        "党支部",
        "党员大会",
        "主动公开",
        "随时公开",
        "形成或变更后20个工作日内",
        "",
    ];

    #[test]
    fn rows_become_three_levels_in_table_order() {
        let items = items_from_table(&table(&[BUDGET, DIBAO, MEETING])).unwrap();
        let summary: Vec<(&str, u8, Option<&str>, i64)> = items
            .iter()
            .map(|i| (i.code.as_str(), i.level, i.parent.as_ref().map(CatalogCode::as_str), i.position))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("cz", 1, None, 1),
                ("cz-01", 2, Some("cz"), 1),
                ("cz-01-01", 3, Some("cz-01"), 1),
                ("cz-02", 2, Some("cz"), 2),
                ("cz-02-01", 3, Some("cz-02"), 1),
                ("dw", 1, None, 2),
                ("dw-01", 2, Some("dw"), 1),
                ("dw-01-01", 3, Some("dw-01"), 1),
            ]
        );
        let dibao = items[4].rules.as_ref().unwrap();
        assert!(dibao.personal_data);
        assert_eq!(
            (dibao.time_class, dibao.update_rule, dibao.power),
            (TimeClass::Phase, UpdateRule::Monthly, Some(Power::Finance))
        );
        assert_eq!(items[7].rules.as_ref().unwrap().audience, Audience::PartyInternal);
    }

    #[test]
    fn a_table_survives_the_way_out_and_back() {
        let items = items_from_table(&table(&[BUDGET, DIBAO, MEETING])).unwrap();
        assert_eq!(items_from_table(&table_from_items(&items)).unwrap(), items);
        // As the store lists them, level by level: the table still follows the tree.
        let mut by_level = items.clone();
        by_level.sort_by_key(|i| (i.level, i.position, i.code.clone()));
        assert_eq!(table_from_items(&by_level), table_from_items(&items));
    }

    #[test]
    fn every_bad_cell_is_reported_with_row_and_column() {
        let mut bad_time = BUDGET.to_vec();
        bad_time[11] = "永久公开";
        let mut party_power = MEETING.to_vec();
        party_power[5] = "事权";
        let mut two_parts = DIBAO.to_vec();
        two_parts[0] = "cz-02";
        let mut renamed_area = DIBAO.to_vec();
        renamed_area[0] = "cz-03-01";
        renamed_area[1] = "财务";
        let errors = items_from_table(&table(&[&bad_time, &party_power, BUDGET, BUDGET, &two_parts, &renamed_area]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            errors,
            [
                "第2行“公开时限”列：未知的公开时限“永久公开”",
                "第3行“权力类型”列：党务事项不填权力类型",
                "第5行“编码”列：编码“cz-01-01”与前面的行重复",
                "第6行“编码”列：编码“cz-02”应由三段组成，如 zc-01-02",
                "第7行“一级事项”列：编码“cz”的名称与第4行的“财政资金”不一致",
            ]
            .join("\n")
        );
    }

    #[test]
    fn a_missing_column_or_an_empty_table_is_refused() {
        let mut rows = table(&[BUDGET]);
        rows[0].retain(|h| h != "公开时限");
        assert_eq!(items_from_table(&rows).unwrap_err().to_string(), "第1行“公开时限”列：表头缺少这一列");
        assert_eq!(items_from_table(&table(&[])).unwrap_err().to_string(), "第2行：表格中没有公开内容");
        assert_eq!(items_from_table(&[]).unwrap_err().to_string(), "第1行：表格是空的");
    }
}
