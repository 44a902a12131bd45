//! Template tables read, written and refused.

use super::*;
use crate::catalog::{Audience, CatalogCode, Power, TimeClass, UpdateRule};

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
