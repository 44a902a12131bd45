//! Tables that offices keep in spreadsheets — organisation trees, catalogue templates —
//! read from XLSX and written to it. Reading takes the workbook's one sheet as rows of
//! text and refuses what a person looking at the sheet would not see: hidden sheets, rows
//! and columns can carry data nobody meant to hand over.

mod hidden;

use std::io::Cursor;

use calamine::{Data, Reader, SheetVisible, Xlsx};
use gongkai_core::table::TableErrors;

/// Inflated bytes a table's package may hold in all: far above a 100,000-row table, far
/// below what a "zip bomb" would unpack to.
const INFLATED_MAX: u64 = 64 * 1024 * 1024;
/// Parts a table's package may have.
const PARTS_MAX: usize = 1_000;

/// A table read from a sheet: its rows as text from the header on, and where the header
/// stands, so that refusals name rows as the spreadsheet numbers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetTable {
    /// The sheet's name, which says what a downloaded table is (`街道公开目录`).
    pub sheet: String,
    pub rows: Vec<Vec<String>>,
    /// The spreadsheet's number of the header row (1 when the table starts at the top).
    pub header_row: usize,
}

impl SheetTable {
    /// Refusals of these rows, counted from a header on row 1, numbered as the
    /// spreadsheet shows them.
    pub fn renumber(&self, errors: TableErrors) -> TableErrors {
        errors.shifted(self.header_row - 1)
    }
}

/// The workbook's one sheet as text, trailing empty cells dropped; or why it cannot be
/// taken.
pub fn read_xlsx(bytes: &[u8]) -> Result<SheetTable, TableErrors> {
    let refuse = |reason: String| {
        let mut errors = TableErrors::default();
        errors.push(0, "", reason);
        errors
    };
    let hidden = hidden::scan(bytes, INFLATED_MAX, PARTS_MAX).map_err(refuse)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|_| refuse("不是有效的 XLSX 文件，请用 Excel 或 WPS 另存为 .xlsx 后再导入".into()))?;
    let sheets = workbook.sheets_metadata().to_vec();
    if let Some(sheet) = sheets.iter().find(|s| s.visible != SheetVisible::Visible) {
        return Err(refuse(format!(
            "工作簿中有隐藏的工作表“{}”：隐藏的内容可能泄露信息，请删除该工作表后再导入",
            sheet.name
        )));
    }
    match sheets.len() {
        0 => return Err(refuse("工作簿中没有工作表".into())),
        1 => {}
        _ => return Err(refuse("工作簿中只能有一个工作表，请把要导入的表格单独保存后再导入".into())),
    }
    let mut errors = TableErrors::default();
    for row in &hidden.rows {
        errors.push(*row, "", "这一行被隐藏了：隐藏的内容可能泄露信息，请取消隐藏或删除后再导入");
    }
    for column in &hidden.columns {
        errors.push(0, column, "这一列被隐藏了：隐藏的内容可能泄露信息，请取消隐藏或删除后再导入");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // A merged cell keeps its text in its first cell only: the others would read empty.
    let merged = workbook.merge_cells_by_sheet_name(&sheets[0].name).unwrap_or_default();
    for region in &merged {
        let (from, to) = (hidden::column_letters(region.start.1 + 1), hidden::column_letters(region.end.1 + 1));
        let columns = if from == to { from.clone() } else { format!("{from}至{to}") };
        let rows = if region.start.0 == region.end.0 {
            format!("第{}行", region.start.0 + 1)
        } else {
            format!("第{}至{}行", region.start.0 + 1, region.end.0 + 1)
        };
        errors.push(
            region.start.0 as usize + 1,
            &columns,
            format!("{rows}的“{columns}”列是合并单元格：合并后只有第一格有内容，请取消合并，逐格填写后再导入"),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let range = workbook
        .worksheet_range(&sheets[0].name)
        .map_err(|_| refuse("工作表无法读取，请用 Excel 或 WPS 另存为 .xlsx 后再导入".into()))?;
    // Rows are numbered as the spreadsheet shows them: blank rows above the table count.
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); first_row as usize];
    for (r, row) in range.rows().enumerate() {
        let mut cells: Vec<String> = vec![String::new(); first_col as usize];
        for (c, cell) in row.iter().enumerate() {
            // Excel keeps 15 significant digits of a number: a longer code or ID typed as
            // a number has already lost its last digits.
            if let Data::Float(f) = cell {
                if f.abs() >= 1e15 {
                    let column = hidden::column_letters(first_col + c as u32 + 1);
                    errors.push(
                        first_row as usize + r + 1,
                        &column,
                        "数字超过15位，Excel 已改动了末几位：请把这一列设为文本格式后重新输入",
                    );
                }
            }
            // A formula whose result is an error (#N/A, #REF! …) has no value to take.
            if let Data::Error(e) = cell {
                let column = hidden::column_letters(first_col + c as u32 + 1);
                errors.push(
                    first_row as usize + r + 1,
                    &column,
                    format!("公式的结果是错误值（{e}）：请改正公式，或改为直接填写内容"),
                );
            }
            cells.push(text(cell));
        }
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        rows.push(cells);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The header is the first row with anything in it.
    let header = rows.iter().position(|r| !r.is_empty()).unwrap_or(0);
    Ok(SheetTable { sheet: sheets[0].name.clone(), rows: rows.split_off(header), header_row: header + 1 })
}

/// A cell as the person who typed it would read it: whole numbers without `.0` (codes
/// and telephone numbers are often stored as numbers).
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTime(d) => d.as_datetime().map_or_else(|| d.to_string(), |t| t.date().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A table as an XLSX workbook of one sheet named `sheet`, the first row bold as its
/// header and frozen.
pub fn write_xlsx(sheet: &str, rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let header = rust_xlsxwriter::Format::new().set_bold();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r == 0 {
                worksheet.write_string_with_format(r, c, cell, &header)?;
            } else {
                worksheet.write_string(r, c, cell)?;
            }
        }
    }
    worksheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use rust_xlsxwriter::Workbook;

    use super::*;

    fn rows(table: &[&[&str]]) -> Vec<Vec<String>> {
        table.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn a_written_table_reads_back() {
        let table = rows(&[&["单位编码", "单位名称"], &["lj-d01", "东湖区"], &["lj-d02", "青山县"]]);
        let read = read_xlsx(&write_xlsx("单位", &table).unwrap()).unwrap();
        assert_eq!(read, SheetTable { sheet: "单位".into(), rows: table, header_row: 1 });
    }

    #[test]
    fn numbers_read_as_typed_and_rows_keep_their_numbers() {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(2, 0, "单位编码").unwrap();
        sheet.write_string(2, 1, "联系电话").unwrap();
        sheet.write_number(3, 0, 330102.0).unwrap();
        sheet.write_number(3, 1, 2.5).unwrap();
        let read = read_xlsx(&workbook.save_to_buffer().unwrap()).unwrap();
        assert_eq!(read.header_row, 3);
        assert_eq!(read.rows[1], vec!["330102", "2.5"]);
        let mut errors = TableErrors::default();
        errors.push(2, "单位编码", "有误");
        assert_eq!(read.renumber(errors).to_string(), "第4行“单位编码”列：有误", "the row the spreadsheet shows");
    }

    #[test]
    fn hidden_sheets_rows_and_columns_are_refused() {
        let mut workbook = Workbook::new();
        workbook.add_worksheet().write_string(0, 0, "单位编码").unwrap();
        let secret = workbook.add_worksheet();
        secret.set_name("身份证号").unwrap();
        secret.set_hidden(true);
        let refused = read_xlsx(&workbook.save_to_buffer().unwrap()).unwrap_err().to_string();
        assert!(refused.starts_with("工作簿中有隐藏的工作表“身份证号”"), "{refused}");

        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for r in 0..4 {
            sheet.write_string(r, 0, "x").unwrap();
        }
        sheet.set_row_hidden(2).unwrap();
        sheet.set_column_hidden(3).unwrap();
        let refused = read_xlsx(&workbook.save_to_buffer().unwrap()).unwrap_err().to_string();
        assert!(refused.contains("第3行：这一行被隐藏了"), "{refused}");
        assert!(refused.contains("“D”列：这一列被隐藏了"), "{refused}");
    }

    #[test]
    fn numbers_too_long_for_excel_are_refused() {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "单位编码").unwrap();
        sheet.write_number(1, 0, 123456789012345678.0).unwrap();
        let refused = read_xlsx(&workbook.save_to_buffer().unwrap()).unwrap_err().to_string();
        assert!(refused.starts_with("第2行“A”列：数字超过15位"), "{refused}");
    }

    #[test]
    fn merged_cells_and_formula_errors_are_refused_by_place() {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "单位编码").unwrap();
        sheet.write_string(0, 1, "上级单位编码").unwrap();
        sheet.merge_range(1, 1, 3, 1, "lj", &rust_xlsxwriter::Format::new()).unwrap();
        let refused = read_xlsx(&workbook.save_to_buffer().unwrap()).unwrap_err().to_string();
        assert!(refused.contains("第2至4行的“B”列是合并单元格"), "{refused}");

        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "单位编码").unwrap();
        sheet.write_formula(1, 0, rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
        sheet.write_formula(2, 0, "=\"lj-\"&\"d01\"").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let refused = read_xlsx(&bytes).unwrap_err().to_string();
        assert!(refused.starts_with("第2行“A”列：公式的结果是错误值"), "{refused}");
    }

    #[test]
    fn two_sheets_or_not_a_workbook_are_refused() {
        let mut workbook = Workbook::new();
        workbook.add_worksheet();
        workbook.add_worksheet();
        let refused = read_xlsx(&workbook.save_to_buffer().unwrap()).unwrap_err().to_string();
        assert!(refused.starts_with("工作簿中只能有一个工作表"), "{refused}");
        let refused = read_xlsx(b"PK\x03\x04 not really").unwrap_err().to_string();
        assert!(refused.starts_with("不是有效的 XLSX 文件"), "{refused}");
    }
}
