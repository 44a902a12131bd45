//! DOCX and XLSX are ZIP packages: a real one has its content types and its main part,
//! and is not a "zip bomb" that inflates to gigabytes.

use std::io::Read;
use std::path::Path;

use crate::error::AppError;

/// The part every package of an OOXML media type has.
pub fn main_part(media_type: &str) -> Option<&'static str> {
    match media_type {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Some("word/document.xml"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some("xl/workbook.xml"),
        _ => None,
    }
}

/// Inflated bytes a package may hold in all: far above any real document, far below what
/// a "zip bomb" would unpack to.
const PACKAGE_INFLATED_MAX: u64 = 256 * 1024 * 1024;
/// Parts a package may have.
const PACKAGE_PARTS_MAX: usize = 10_000;

/// A real OOXML package: a ZIP with `[Content_Types].xml` and its main part, whose parts
/// inflate to at most [`PACKAGE_INFLATED_MAX`] bytes — counted by inflating them, not by
/// trusting the sizes the archive declares.
pub fn check_package(path: &Path, main_part: &str, file_name: &str) -> Result<(), AppError> {
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_owned()).unwrap_or_default();
    let bad = || crate::upload::not_what_it_says(file_name, &extension);
    let file = std::fs::File::open(path).map_err(|e| AppError::internal("open staged upload", e))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|_| bad())?;
    if archive.len() > PACKAGE_PARTS_MAX {
        return Err(bad());
    }
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    if !names.iter().any(|n| n == "[Content_Types].xml") || !names.iter().any(|n| n == main_part) {
        return Err(bad());
    }
    let mut inflated = 0u64;
    for index in 0..archive.len() {
        let part = archive.by_index(index).map_err(|_| bad())?;
        let room = PACKAGE_INFLATED_MAX - inflated;
        let read = std::io::copy(&mut part.take(room + 1), &mut std::io::sink()).map_err(|_| bad())?;
        inflated += read;
        if inflated > PACKAGE_INFLATED_MAX {
            return Err(AppError::UnsupportedMedia(format!("文件“{file_name}”解压后过大，不能作为附件")));
        }
    }
    Ok(())
}
