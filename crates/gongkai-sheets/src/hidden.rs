//! What a workbook hides from the person looking at it, found in its worksheet XML: rows
//! and columns marked `hidden`, or of height or width 0. The package is inflated part by part with a bound, so a
//! "zip bomb" is refused before any of it is parsed.

use std::io::Read;

/// Hidden rows (as numbered in the sheet) and columns (as lettered), of every worksheet.
#[derive(Debug, Default)]
pub struct Hidden {
    pub rows: Vec<usize>,
    pub columns: Vec<String>,
}

pub fn scan(bytes: &[u8], inflated_max: u64, parts_max: usize) -> Result<Hidden, String> {
    let not_xlsx = || "不是有效的 XLSX 文件，请用 Excel 或 WPS 另存为 .xlsx 后再导入".to_owned();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    if archive.len() > parts_max {
        return Err(not_xlsx());
    }
    let mut hidden = Hidden::default();
    let mut inflated = 0u64;
    for index in 0..archive.len() {
        let part = archive.by_index(index).map_err(|_| not_xlsx())?;
        let is_sheet = part.name().starts_with("xl/worksheets/") && part.name().ends_with(".xml");
        let room = inflated_max - inflated;
        let mut content = Vec::new();
        let read = if is_sheet {
            part.take(room + 1).read_to_end(&mut content).map_err(|_| not_xlsx())? as u64
        } else {
            std::io::copy(&mut part.take(room + 1), &mut std::io::sink()).map_err(|_| not_xlsx())?
        };
        inflated += read;
        if inflated > inflated_max {
            return Err("文件解压后过大，不能导入".to_owned());
        }
        if is_sheet {
            find_hidden(&String::from_utf8_lossy(&content), &mut hidden);
        }
    }
    hidden.rows.sort_unstable();
    hidden.rows.dedup();
    Ok(hidden)
}

/// Every `<row … hidden="1">` and `<col … hidden="1">` of one worksheet's XML.
fn find_hidden(xml: &str, hidden: &mut Hidden) {
    for (tag, is_row) in [("<row ", true), ("<col ", false)] {
        let mut rest = xml;
        while let Some(start) = rest.find(tag) {
            let after = &rest[start + tag.len()..];
            let end = after.find('>').unwrap_or(after.len());
            let attributes = &after[..end];
            // Hidden outright, or squeezed to nothing: a row of height 0, a column of width 0.
            let size = attribute(attributes, if is_row { "ht" } else { "width" }).and_then(|v| v.parse::<f64>().ok());
            if matches!(attribute(attributes, "hidden"), Some("1" | "true")) || size == Some(0.0) {
                if is_row {
                    if let Some(row) = attribute(attributes, "r").and_then(|r| r.parse().ok()) {
                        hidden.rows.push(row);
                    }
                } else {
                    let min: u32 = attribute(attributes, "min").and_then(|v| v.parse().ok()).unwrap_or(1);
                    let max: u32 = attribute(attributes, "max").and_then(|v| v.parse().ok()).unwrap_or(min);
                    // A style may cover every column to the sheet's end; name the first few.
                    hidden.columns.extend((min..=max.min(min + 25)).map(column_letters));
                }
            }
            rest = &after[end..];
        }
    }
}

/// The value of `name="…"` (or `'…'`) among a tag's attributes.
fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attributes;
    loop {
        let at = rest.find(name)?;
        let preceded = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if preceded {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let value = &value[1..];
                    return value.find(quote).map(|end| &value[..end]);
                }
            }
        }
        rest = &rest[at + name.len()..];
    }
}

/// 1 → A, 27 → AA.
pub(crate) fn column_letters(mut n: u32) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_and_columns_are_found() {
        let xml = r#"<cols><col min="2" max="3" hidden="1" width="0"/><col min="4" max="4"/></cols>
            <row r="1"><c r="A1"/></row><row r="5" spans="1:3" hidden="1"/><row hidden='true' r='7'/>
            <row r="8" customHeight="1" ht="0"/><row r="9" thidden="1"/><row r="10" ht="15.6"/>
            <col min="6" max="6" width="0" customWidth="1"/>"#;
        let mut hidden = Hidden::default();
        find_hidden(xml, &mut hidden);
        assert_eq!(hidden.rows, vec![5, 7, 8]);
        assert_eq!(hidden.columns, vec!["B", "C", "F"]);
    }

    #[test]
    fn columns_are_lettered() {
        assert_eq!([1, 26, 27, 52, 703].map(column_letters), ["A", "Z", "AA", "AZ", "AAA"]);
    }
}
