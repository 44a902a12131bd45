//! Text for the index out of a record's body and its attachments: PDF text, the paragraphs
//! of a DOCX, the cells of every sheet of an XLSX. A file whose text cannot be read is
//! still found by its name; its failure is logged, never fatal.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use gongkai_store::attachments::Attachment;
use gongkai_store::Store;
use quick_xml::events::Event;

use crate::document::file_type;

/// Text kept of one attachment: enough to find a long report by what it says, bounded so
/// one file cannot swell the index.
const MAX_CHARS: usize = 200_000;

/// The text of sanitised body HTML: tags dropped, entities decoded, blocks on lines.
pub fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&html_escape::decode_html_entities(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name = tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        if matches!(name, "p" | "br" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "div" | "table") {
            text.push('\n');
        } else if matches!(name, "td" | "th") && tag.starts_with('/') {
            text.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(&html_escape::decode_html_entities(rest));
    text
}

/// The text of an attachment, or an empty string when it has none or cannot be read.
pub async fn attachment_text(store: &Store, file: &Attachment) -> String {
    let Some(kind) = file_type(&file.media_type).filter(|k| *k != "image") else {
        return String::new();
    };
    let files = store.files.clone();
    let sha256 = file.sha256.clone();
    let name = file.file_name.clone();
    let read = tokio::task::spawn_blocking(move || -> Result<String, String> {
        let bytes = files.get(&sha256).map_err(|e| e.to_string())?.ok_or("file missing")?;
        // A malformed file must not take the indexer down with it.
        std::panic::catch_unwind(|| text_of(kind, &bytes)).map_err(|_| "the reader failed".to_owned())?
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    read.unwrap_or_else(|e| {
        tracing::warn!(file = %name, error = %e, "attachment text could not be read; indexed by name only");
        String::new()
    })
}

fn text_of(kind: &str, bytes: &[u8]) -> Result<String, String> {
    let text = match kind {
        "pdf" => pdf_extract::extract_text_from_mem(bytes).map_err(|e| e.to_string())?,
        "docx" => docx_text(bytes)?,
        "xlsx" => xlsx_text(bytes)?,
        _ => String::new(),
    };
    Ok(bounded(text))
}

fn bounded(mut text: String) -> String {
    if let Some((cut, _)) = text.char_indices().nth(MAX_CHARS) {
        text.truncate(cut);
    }
    text
}

/// The paragraphs of a Word document's main part.
fn docx_text(bytes: &[u8]) -> Result<String, String> {
    let mut package = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    package
        .by_name("word/document.xml")
        .map_err(|e| e.to_string())?
        .take(64 << 20)
        .read_to_string(&mut xml)
        .map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == b"w:p" => text.push('\n'),
            Event::Text(t) if in_text => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().map_err(|e| e.to_string())?;
                text.push_str(&html_escape::decode_html_entities(&format!("&{name};")));
            }
            Event::Eof => break,
            _ => {}
        }
        if text.len() > MAX_CHARS * 4 {
            break;
        }
    }
    Ok(text)
}

/// Every cell of every sheet, a line per row.
fn xlsx_text(bytes: &[u8]) -> Result<String, String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
        for row in range.rows() {
            for cell in row {
                match cell {
                    Data::Empty => {}
                    Data::String(s) => text.push_str(s),
                    other => text.push_str(&other.to_string()),
                }
                text.push(' ');
            }
            text.push('\n');
            if text.len() > MAX_CHARS * 4 {
                return Ok(text);
            }
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_html_becomes_lines_of_text() {
        let text =
            html_text("<p>第一段&amp;说明</p><p>第二段<br>续行</p><table><tr><td>甲</td><td>乙</td></tr></table>");
        assert!(text.contains("第一段&说明\n"), "{text:?}");
        assert!(text.contains("第二段\n续行"));
        assert!(text.contains("甲 乙"));
    }

    #[test]
    fn unreadable_files_are_an_error_not_a_panic() {
        assert!(text_of("docx", b"not a zip").is_err());
        assert!(text_of("xlsx", b"not a zip").is_err());
    }
}
