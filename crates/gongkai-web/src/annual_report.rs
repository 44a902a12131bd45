//! 政府信息公开工作年度报告 on the web: the report's tables and text as the HTML body of a
//! record (published through the normal review under the unit's 年度报告 catalogue item),
//! and as a workbook. The tables come from core; nothing is typed into them but the fees.

use askama::Template;
use chrono::Datelike;
use gongkai_core::access::Actor;
use gongkai_core::org::Org;
use gongkai_core::record::Record;
use gongkai_core::report::{AnnualReport, Line, Texts};
use gongkai_core::DomainError;

use crate::draft::DraftFields;
use crate::error::AppError;
use crate::AppState;

/// The catalogue item the report is filed under in the standard templates.
pub const REPORT_ITEM: &str = "政府信息公开工作年度报告";

/// The report as the HTML a record body holds: the national format's seven sections.
#[derive(Template)]
#[template(path = "report_body.html")]
struct Body<'a> {
    r: &'a AnnualReport,
    texts: &'a Texts,
    lines: Vec<Line>,
}

pub fn body_html(report: &AnnualReport, texts: &Texts) -> Result<String, AppError> {
    let page = Body { r: report, texts, lines: report.requests.lines() };
    page.render().map_err(|e| AppError::internal("rendering the annual report", e))
}

/// Headings of the request table's columns.
pub const COLUMN_HEADINGS: [&str; 7] =
    ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];

/// The report's tables as rows of one sheet, each table under its heading.
pub fn rows(report: &AnnualReport) -> Vec<Vec<String>> {
    let cells = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let n = |v: u32| v.to_string();
    let p = &report.proactive;
    let mut rows = vec![cells(&[&report.title()])];
    rows.push(cells(&["二、主动公开政府信息情况"]));
    rows.push(cells(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]));
    for (label, row) in [("规章", p.rules), ("行政规范性文件", p.normative)] {
        rows.push(vec![label.into(), n(row[0]), n(row[1]), n(row[2])]);
    }
    rows.push(cells(&["信息内容", "本年处理决定数量"]));
    for (label, count) in [("行政许可", p.permits), ("行政处罚", p.penalties), ("行政强制", p.coercion)] {
        rows.push(vec![label.into(), n(count)]);
    }
    rows.push(vec!["行政事业性收费（本年收费金额，万元）".into(), p.fees.clone().unwrap_or_else(|| "—".into())]);
    rows.push(cells(&["三、收到和处理政府信息公开申请情况"]));
    let mut heading = cells(&["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"]);
    heading.extend(cells(&COLUMN_HEADINGS));
    rows.push(heading);
    for line in report.requests.lines() {
        let mut row = vec![line.label.clone()];
        row.extend(line.counts.iter().flatten().map(|c| n(*c)));
        rows.push(row);
    }
    rows.push(cells(&["四、政府信息公开行政复议、行政诉讼情况"]));
    rows.push(cells(&["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]));
    let r = &report.remedies;
    for (label, row) in
        [("行政复议", r.review), ("行政诉讼（未经复议直接起诉）", r.direct), ("行政诉讼（复议后起诉）", r.after_review)]
    {
        let mut line = vec![label.to_string()];
        line.extend(row.iter().map(|c| n(*c)));
        rows.push(line);
    }
    rows
}

/// The workbook, as a download named after the report.
pub fn xlsx(report: &AnnualReport) -> Result<axum::response::Response, AppError> {
    let bytes = gongkai_sheets::write_xlsx("年度报告", &rows(report))
        .map_err(|e| AppError::internal("writing the report workbook", e))?;
    Ok(crate::download::file_response(&format!("{}.xlsx", report.title()), crate::upload::XLSX, bytes))
}

/// A year as typed in an address or a form: one the calendar and the records can hold.
pub fn year(raw: &str) -> Result<i32, DomainError> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| DomainError::invalid("invalid_year", format!("年份“{raw}”不正确，应为如 2025 的四位数")))
}

/// Writes the report as a new draft record of `org` under its 年度报告 item; it is then
/// submitted, reviewed and published like any record.
pub async fn draft(
    state: &AppState,
    actor: &Actor,
    org: &Org,
    report: &AnnualReport,
    texts: &Texts,
) -> Result<Record, AppError> {
    // A year is reported once it is over: its figures are final only then.
    let this_year = gongkai_core::time::china_date(state.store.clock.now()).year();
    if report.year >= this_year {
        return Err(
            DomainError::conflict("year_not_over", format!("{}年尚未结束，年度报告须在次年编制", report.year)).into()
        );
    }
    let directory = state.directory.get(&state.store.db).await?;
    let item = directory
        .catalog(&org.code)
        .iter()
        .find(|i| i.is_leaf() && i.name == REPORT_ITEM)
        .map(|i| i.code.as_str().to_owned())
        .ok_or_else(|| {
            DomainError::invalid("no_report_item", format!("{}的公开目录中没有“{REPORT_ITEM}”事项", org.name))
        })?;
    let fields = DraftFields {
        org: Some(org.code.to_string()),
        catalog_item: Some(item),
        title: Some(report.title()),
        body: Some(body_html(report, texts)?),
        ..DraftFields::default()
    };
    Ok(state.store.create_record(actor, fields.parse()?).await?)
}

/// 收费金额 in 万元: a plain non-negative number, as the table prints it.
pub fn fees(raw: &str) -> Result<String, gongkai_core::DomainError> {
    match raw.parse::<f64>() {
        Ok(v) if v >= 0.0 && v.is_finite() && raw.len() <= 15 => Ok(raw.to_owned()),
        _ => Err(gongkai_core::DomainError::invalid("invalid_fees", format!("收费金额“{raw}”应为以万元计的数字"))),
    }
}
