//! Tables people fill in and hand over whole: catalogue templates, organisation trees.
//! A table is taken entirely or not at all, and every bad cell is reported by its row (as
//! the spreadsheet numbers it, the header being row 1), its column and the reason.

use std::fmt;

use crate::DomainError;

/// One refusal in a table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CellError {
    /// Row number as the spreadsheet shows it, 1 being the header; 0 when the refusal is
    /// of the whole file or a whole column.
    pub row: usize,
    /// The column's heading (or letter), or empty when the whole row or file is at fault.
    pub column: String,
    pub reason: String,
}

/// Every refusal found in a table, in row order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableErrors(pub Vec<CellError>);

impl TableErrors {
    pub fn push(&mut self, row: usize, column: &str, reason: impl Into<String>) {
        self.0.push(CellError { row, column: column.to_owned(), reason: reason.into() });
    }

    /// Records a domain refusal of one cell, keeping its Chinese message.
    pub fn refuse(&mut self, row: usize, column: &str, error: DomainError) {
        self.push(row, column, error.message);
    }

    /// The same refusals for a table whose header stands `by` rows lower; refusals of the
    /// whole table (row 0) stay as they are.
    pub fn shifted(self, by: usize) -> Self {
        Self(self.0.into_iter().map(|e| CellError { row: if e.row == 0 { 0 } else { e.row + by }, ..e }).collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was refused.
    pub fn or<T>(self, value: T) -> Result<T, TableErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for TableErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match (e.row, e.column.as_str()) {
                (0, "") => write!(f, "{}", e.reason)?,
                (0, column) => write!(f, "“{column}”列：{}", e.reason)?,
                (row, "") => write!(f, "第{row}行：{}", e.reason)?,
                (row, column) => write!(f, "第{row}行“{column}”列：{}", e.reason)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for TableErrors {}

/// The header row of a table: finds each expected column by its heading, wherever it is.
pub struct Header<'h> {
    headings: &'h [String],
}

impl<'h> Header<'h> {
    /// Checks that every heading of `expected` is present; reports those missing on row 1.
    pub fn check(headings: &'h [String], expected: &[&str]) -> Result<Self, TableErrors> {
        let mut errors = TableErrors::default();
        for &name in expected {
            if !headings.iter().any(|h| h.trim() == name) {
                errors.push(1, name, "表头缺少这一列");
            }
        }
        errors.or(Self { headings })
    }

    /// The cell of `row` under the heading `name`, trimmed; empty when the row is short.
    pub fn cell<'r>(&self, row: &'r [String], name: &str) -> &'r str {
        self.headings.iter().position(|h| h.trim() == name).and_then(|i| row.get(i)).map_or("", |c| c.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_row_and_column() {
        let mut errors = TableErrors::default();
        errors.push(3, "公开时限", "未知的公开时限“永久”");
        errors.push(7, "", "编码重复");
        assert_eq!(errors.to_string(), "第3行“公开时限”列：未知的公开时限“永久”\n第7行：编码重复");
        assert!(errors.or(()).is_err());
    }

    #[test]
    fn header_finds_columns_by_name() {
        let headings: Vec<String> = ["名称", " 编码 "].map(String::from).to_vec();
        let header = Header::check(&headings, &["编码", "名称"]).unwrap();
        let row: Vec<String> = ["岚江市", "lj"].map(String::from).to_vec();
        assert_eq!(header.cell(&row, "编码"), "lj");
        assert_eq!(header.cell(&row, "备注"), "");
        let missing = Header::check(&headings, &["编码", "类型"]).err().unwrap();
        assert_eq!(missing.0, vec![CellError { row: 1, column: "类型".into(), reason: "表头缺少这一列".into() }]);
    }
}
